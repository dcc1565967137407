package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestTUICustomFlowNotes: the --issuer entry marks, once prepared, the
// grants its discovery document leaves out of grant_types_supported, and
// only those; before Prepare it marks nothing.
func TestTUICustomFlowNotes(t *testing.T) {
	advertised := []string{"authorization_code", "refresh_token"}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": srv.URL, "authorization_endpoint": srv.URL + "/authorize", "token_endpoint": srv.URL + "/token",
			"jwks_uri": srv.URL + "/jwks", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
			"grant_types_supported": advertised,
		})
	}))
	defer srv.Close()
	for _, scopeGiven := range []bool{false, true} {
		c := customChoice(providers.Provider{Issuer: srv.URL, ClientID: "app"}, scopeGiven, flows.Options{})
		for _, fc := range flowChoices() {
			if n := c.FlowNote(fc.ID); n != "" {
				t.Errorf("before Prepare, %s is marked %q", fc.ID, n)
			}
		}
		if err := c.Prepare(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, fc := range flowChoices() {
			// Marked: the grants whose own grant type the document
			// leaves out, whichever grants flows declares.
			want := ""
			if g, _ := flows.GrantByID(fc.ID); !slices.Contains(advertised, g.GrantTypes[0]) {
				want = "not advertised by this provider"
			}
			if got := c.FlowNote(fc.ID); got != want {
				t.Errorf("scope given %v: %s marked %q, want %q", scopeGiven, fc.ID, got, want)
			}
		}
	}
}
