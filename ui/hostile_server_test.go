package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// issueTokenError is the token endpoint's answer of issue 9: it recolours
// the terminal, sets its title and clears the screen when printed raw.
const issueTokenError = `{"error":"invalid_request\u001b[31m","error_description":"bad \u001b]0;PWNED\u0007 thing \u001b[2J"}`

// hostileServer is an authorization server on 127.0.0.1 whose discovery
// document holds the corpus in every member but the issuer and the token
// endpoint (which discovery checks), and whose token endpoint answers
// with issueTokenError, a hostile status text and a header with C1 and
// bidi controls, written raw on the connection so that net/http does not
// tidy them. (Go's client refuses a header with C0 controls: the
// connection fails, with the header quoted in the error.)
func hostileServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		doc := map[string]any{"issuer": srv.URL, "token_endpoint": srv.URL + "/token", "jwks_uri": srv.URL + "/keys?" + hostile,
			"authorization_endpoint": hostile, "userinfo_endpoint": hostile, "service_documentation": hostile,
			"grant_types_supported": safetexttest.Corpus, "token_endpoint_auth_methods_supported": safetexttest.Corpus,
			"scopes_supported": safetexttest.Corpus, "response_types_supported": safetexttest.Corpus}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(doc)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		body := issueTokenError
		fmt.Fprintf(buf, "HTTP/1.1 400 Bad Request%s\r\nContent-Type: application/json\r\nX-Hostile: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
			safetexttest.Corpus[1], safetexttest.Corpus[6]+" "+safetexttest.Corpus[7], len(body), body)
		_ = buf.Flush()
	})
	return srv
}

// TestHostileTokenEndpoint runs the real client credentials grant against
// hostileServer: discovery with hostile metadata and pre-flight warnings,
// then the token endpoint's hostile error. Every tab of every step, the
// header and the status line must show the escapes as text; the
// error code shows with them visible.
func TestHostileTokenEndpoint(t *testing.T) {
	srv := hostileServer(t)
	var flow flows.Flow
	cfg := testConfig(1200)
	cfg.Providers[0].Name, cfg.Providers[0].Prepare = hostile, nil
	cfg.Providers[0].Defaults = func(string) providers.Provider {
		return providers.Provider{Name: "hostile", Issuer: srv.URL, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic,
			Scopes: []string{"api.read"}}
	}
	cfg.Flows[0].New = func(p providers.Provider, o flows.Options) flows.Flow {
		flow = flows.NewClientCredentials(p, o)
		return flow
	}
	for _, size := range hostileSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := plainModel(cfg, size[0], size[1])
			m = update(m, providerChosenMsg{index: 0}, flowChosenMsg{index: 0})
			if m.screen != screenSettings {
				t.Fatalf("not on the settings form: screen %d", m.screen)
			}
			m = update(m, startFlowMsg{provider: m.form.Provider()})
			t.Cleanup(func() { _ = flow.Close() })
			// The steps run here, one at a time, as the step view's
			// commands would run them.
			for n := 0; !flow.Done(); n++ {
				if n > 10 {
					t.Fatal("the flow does not end")
				}
				m = update(m, stepDoneMsg{runID: m.steps.runID, result: flow.Next(context.Background())})
			}
			var failed *flows.Result
			for _, r := range m.steps.results {
				if r != nil && r.Status == flows.Failed {
					failed = r
				}
			}
			if failed == nil || failed.Diagnosis == nil {
				t.Fatalf("the token request did not fail with a diagnosis: %+v", m.steps.status)
			}
			requireSafe(t, "step view", m)
			requireAllTabs(t, "hostile token endpoint", m)

			all := ""
			for i := range m.steps.steps {
				for _, tb := range []tab{tabExplain, tabResponse, tabDiagnosis} {
					mm := m.own()
					mm.steps.selected, mm.steps.tab = i, tb
					if mm.steps.hasTab(tb) {
						all += strings.Join(mm.steps.refresh().content, "\n")
					}
				}
			}
			for _, want := range []string{`invalid_request\x1b[31m`, `\x1b]0;PWNED\x07`} {
				if !strings.Contains(all, want) {
					t.Errorf("the tabs do not show %s as text:\n%s", want, all)
				}
			}
		})
	}
}
