package cli

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// demoLogin runs the authorization code flow against srv up to the token
// response and returns the ID token, the access token issued with it and
// the nonce sent.
func demoLogin(t *testing.T, srv *demo.Server) (id, access, nonce string) {
	t.Helper()
	ac := flows.NewAuthCode(providers.Provider{Issuer: srv.Issuer(), ClientID: "demo-public", AuthMethod: providers.AuthNone,
		Scopes: []string{"openid", "profile"}}, flows.Options{})
	defer ac.Close()
	for ac.Token() == nil && !ac.Done() {
		r := ac.Next(context.Background())
		if r.Status == flows.Failed {
			t.Fatalf("authorization code, %s: %v", r.Step.ID, r.Err)
		}
		if r.AuthRequest != nil {
			u, _ := url.Parse(r.AuthRequest.URL)
			nonce = u.Query().Get("nonce")
			back, err := demotest.Login(context.Background(), r.AuthRequest.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			if err := ac.Paste(back); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ac.Token().IDToken, ac.Token().AccessToken, nonce
}

// TestDecodeClientIDAndAccessToken: decode --client-id checks that aud
// contains the client (OIDC Core §3.1.3.7 step 3) as well as azp, and
// --access-token lets at_hash be checked (§3.1.3.6). -v shows the
// discovery and JWKS exchanges on stderr.
func TestDecodeClientIDAndAccessToken(t *testing.T) {
	srv := demotest.Start(t)
	id, access, nonce := demoLogin(t, srv)
	_, otherAccess, _ := demoLogin(t, srv)
	for _, tc := range []struct {
		name   string
		args   []string
		checks map[string]string
	}{
		{"right client and access token", []string{"--client-id", "demo-public", "--access-token", access},
			map[string]string{"aud": "pass", "azp": "pass", "at_hash": "pass"}},
		{"another client", []string{"--client-id", "demo-confidential"},
			map[string]string{"aud": "fail", "azp": "fail", "at_hash": "skip"}},
		{"another access token", []string{"--client-id", "demo-public", "--access-token", otherAccess},
			map[string]string{"aud": "pass", "at_hash": "fail"}},
		{"--audience decides aud", []string{"--client-id", "demo-public", "--audience", "another-api"},
			map[string]string{"aud": "fail", "azp": "pass"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--json", "--issuer", srv.Issuer(), "--nonce", nonce, id}, tc.args...)
			_, out, errOut := runDecodeCmd(t, "", args...)
			rep := parseDecodeJSON(t, out)
			for name, want := range tc.checks {
				if got := decodeCheckStatus(rep, name); got != want {
					t.Errorf("check %s: %q, want %q (%s)", name, got, want, errOut)
				}
			}
			if strings.Contains(errOut, "GET ") {
				t.Errorf("exchanges on stderr without -v:\n%s", errOut)
			}
		})
	}
	_, _, errOut := runDecodeCmd(t, "", "-v", "--issuer", srv.Issuer(), "--access-token", access, id)
	for _, want := range []string{"GET /.well-known/openid-configuration", "GET /keys"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("-v: stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, access) {
		t.Error("-v shows the access token")
	}
}

// TestDecodeClientIDSeveralAudiences: with several audiences, --client-id
// must be among them and azp must name it (OIDC Core §3.1.3.7 steps 3–5).
func TestDecodeClientIDSeveralAudiences(t *testing.T) {
	srv, key := fakeJWKSIssuer(t)
	now := time.Now()
	base := map[string]any{"iss": srv.URL, "sub": "u1", "aud": []string{"app", "api"}, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for kk, vv := range base {
			c[kk] = vv
		}
		if v != nil {
			c[k] = v
		}
		return c
	}
	for _, tc := range []struct {
		name, clientID string
		claims         map[string]any
		aud, azp       string
	}{
		{"azp names the client", "app", with("azp", "app"), "pass", "pass"},
		{"azp names another", "app", with("azp", "api"), "pass", "fail"},
		{"no azp", "app", with("", nil), "pass", "warn"},
		{"client not among them", "other", with("azp", "app"), "fail", "fail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := signTestToken(t, key, "k1", tc.claims)
			_, out, _ := runDecodeCmd(t, "", "--json", "--issuer", srv.URL, "--client-id", tc.clientID, tok)
			rep := parseDecodeJSON(t, out)
			if a, z := decodeCheckStatus(rep, "aud"), decodeCheckStatus(rep, "azp"); a != tc.aud || z != tc.azp {
				t.Errorf("aud %q azp %q, want %q %q", a, z, tc.aud, tc.azp)
			}
		})
	}
}
