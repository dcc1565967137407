package flows

import (
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestGrantsDeclared: every grant is declared whole, once, and builds a
// flow with steps.
func TestGrantsDeclared(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range Grants() {
		if g.ID == "" || g.Name == "" || g.Summary == "" || len(g.GrantTypes) == 0 || g.New == nil {
			t.Errorf("grant %q is not declared whole: %+v", g.ID, g)
			continue
		}
		if seen[g.ID] {
			t.Errorf("grant %q declared twice", g.ID)
		}
		seen[g.ID] = true
		f := g.New(providers.Provider{Issuer: "http://127.0.0.1:1"}, Options{})
		if len(f.Steps()) == 0 || f.Name() != g.Name {
			t.Errorf("grant %q builds a flow named %q with %d steps", g.ID, f.Name(), len(f.Steps()))
		}
		_ = f.Close()
		if got, ok := GrantByID(g.ID); !ok || got.ID != g.ID {
			t.Errorf("GrantByID(%q) = %+v, %v", g.ID, got, ok)
		}
		if !g.Suits(g.GrantTypes) || g.Suits(nil) {
			t.Errorf("grant %q: Suits does not follow its grant types", g.ID)
		}
	}
	if _, ok := GrantByID("nope"); ok {
		t.Error("GrantByID found an unknown grant")
	}
}

// TestGrantAdvertisedBy: a grant is marked only against a published
// grant_types_supported that lacks its own grant type.
func TestGrantAdvertisedBy(t *testing.T) {
	cc, _ := GrantByID(FlowIDClientCredentials)
	published := func(kind providers.MetadataKind, gts ...string) *providers.Metadata {
		return &providers.Metadata{Kind: kind, GrantTypesSupported: gts}
	}
	for _, tc := range []struct {
		name       string
		md         *providers.Metadata
		adv, known bool
	}{
		{"no metadata", nil, true, false},
		{"no list", published(providers.KindOpenID), true, false},
		{"static", published(providers.KindStatic, "authorization_code"), true, false},
		{"listed", published(providers.KindOpenID, "authorization_code", "client_credentials"), true, true},
		{"not listed", published(providers.KindOAuth, "authorization_code", "refresh_token"), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if adv, known := cc.AdvertisedBy(tc.md); adv != tc.adv || known != tc.known {
				t.Errorf("AdvertisedBy = %v, %v; want %v, %v", adv, known, tc.adv, tc.known)
			}
		})
	}
}
