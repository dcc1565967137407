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
