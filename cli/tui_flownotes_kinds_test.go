package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// metadataServer serves an OpenID discovery document at every path that
// ends in /.well-known/openid-configuration, its issuer the path before,
// advertising the authorization code and refresh grants only.
func metadataServer(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base, ok := strings.CutSuffix(r.URL.Path, "/.well-known/openid-configuration")
		if !ok {
			http.NotFound(w, r)
			return
		}
		iss := srv.URL + base
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": iss, "authorization_endpoint": iss + "/authorize", "token_endpoint": iss + "/token",
			"jwks_uri": iss + "/jwks", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
			"grant_types_supported": []string{"authorization_code", "refresh_token"},
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestTUIFlowNotesEveryKind: the TUI as runTUI configures it marks, in
// the flow picker, the grants a provider's discovery document does not
// advertise, for a providers-file entry and a preset given with
// --provider as for --issuer, for an entry chosen in the picker and for
// the demo (started to read its document); the marked grants stay listed.
func TestTUIFlowNotesEveryKind(t *testing.T) {
	srv := metadataServer(t)
	path := providersFile(t, "[providers.lab]\nissuer = \""+srv.URL+"\"\nclient_id = \"app\"\n")
	// Marked: every grant whose own grant type is neither
	// authorization_code nor refresh_token, derived from the one list so
	// that a new grant is expected marked too.
	marked := map[string]bool{}
	for _, g := range flows.Grants() {
		marked[g.ID] = !slices.Contains([]string{"authorization_code", "refresh_token"}, g.GrantTypes[0])
	}
	for _, tc := range []struct {
		name string
		args []string
		keys []string // from the first screen to the flow picker
		// marked are the grants marked; the demo advertises every one.
		marked map[string]bool
	}{
		{"file entry", []string{"--config", path, "--provider", "lab"}, nil, marked},
		{"preset", []string{"--config", path, "--provider", "keycloak", "--url", srv.URL, "--realm", "main"}, nil, marked},
		{"file entry chosen in the picker", []string{"--config", path}, []string{"/", "l", "a", "b", "enter"}, marked},
		{"demo", []string{"--config", path, "--provider", "demo"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, pf := parsedFlags(t, tc.args...)
			cfg, closeDemo, err := tuiConfig(context.Background(), cmd, pf, "test")
			if err != nil {
				t.Fatal(err)
			}
			defer closeDemo()
			d := newTUIDriver(t, cfg, 100, 46) // tall enough for every grant
			for _, k := range tc.keys {
				d.send(keyPress(k))
			}
			d.settle(0, "Choose a flow")
			screen := d.screen()
			for _, g := range flows.Grants() {
				var line string
				for _, l := range strings.Split(screen, "\n") {
					if strings.Contains(l, g.Name) {
						line = l
					}
				}
				if line == "" {
					t.Errorf("%s is not listed:\n%s", g.ID, screen)
					continue
				}
				if g.Label != "" && !strings.Contains(line, "["+g.Label+"]") {
					t.Errorf("%s is not labelled %s:\n%s", g.ID, g.Label, screen)
				}
				if got := strings.Contains(line, "not advertised by this provider"); got != tc.marked[g.ID] {
					t.Errorf("%s marked %v, want %v:\n%s", g.ID, got, tc.marked[g.ID], screen)
				}
			}
		})
	}
}
