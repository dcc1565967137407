package flows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func TestPreflight(t *testing.T) {
	full := providers.Metadata{
		Issuer:                            "https://id.example",
		GrantTypesSupported:               []string{"authorization_code", "client_credentials", "refresh_token"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post", "none"},
		CodeChallengeMethodsSupported:     []string{"S256"},
		ScopesSupported:                   []string{"openid", "profile", "api.read"},
		ResponseTypesSupported:            []string{"code"},
	}
	now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	base := providers.Provider{Issuer: "https://id.example", ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic, Scopes: []string{"openid", "api.read"}}
	cases := []struct {
		name   string
		md     func(*providers.Metadata)
		p      func(*providers.Provider)
		flow   string
		date   time.Time
		checks []string // the checks that must warn, in order
		text   string   // a substring of the messages
	}{
		{name: "all fine, client credentials", flow: FlowIDClientCredentials},
		{name: "all fine, authorization code", flow: FlowIDAuthCode},
		{name: "grant not supported", md: func(m *providers.Metadata) { m.GrantTypesSupported = []string{"authorization_code"} }, flow: FlowIDClientCredentials, checks: []string{"grant_type"}, text: "client_credentials"},
		{name: "grant list absent", md: func(m *providers.Metadata) { m.GrantTypesSupported = nil }, flow: FlowIDClientCredentials},
		{name: "auth method not supported", md: func(m *providers.Metadata) { m.TokenEndpointAuthMethodsSupported = []string{"client_secret_post"} }, flow: FlowIDClientCredentials, checks: []string{"auth_method"}, text: "switch --auth-method"},
		{name: "public client not listed", md: func(m *providers.Metadata) { m.TokenEndpointAuthMethodsSupported = []string{"client_secret_basic"} }, p: func(p *providers.Provider) { p.AuthMethod, p.ClientSecret = providers.AuthNone, "" }, flow: FlowIDAuthCode, checks: []string{"auth_method"}, text: "public clients"},
		{name: "no S256", md: func(m *providers.Metadata) { m.CodeChallengeMethodsSupported = []string{"plain"} }, flow: FlowIDAuthCode, checks: []string{"pkce"}, text: "S256"},
		{name: "PKCE not advertised", md: func(m *providers.Metadata) { m.CodeChallengeMethodsSupported = nil }, flow: FlowIDAuthCode, checks: []string{"pkce"}, text: "unknown"},
		{name: "PKCE irrelevant to client credentials", md: func(m *providers.Metadata) { m.CodeChallengeMethodsSupported = nil }, flow: FlowIDClientCredentials},
		{name: "no code response type", md: func(m *providers.Metadata) { m.ResponseTypesSupported = []string{"id_token"} }, flow: FlowIDAuthCode, checks: []string{"response_type"}, text: "code"},
		{name: "unknown scopes", p: func(p *providers.Provider) { p.Scopes = []string{"openid", "admin", "write"} }, flow: FlowIDClientCredentials, checks: []string{"scope"}, text: "admin, write"},
		{name: "localhost redirect", p: func(p *providers.Provider) { p.RedirectURI = "http://localhost:8400/callback" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri", "redirect_uri"}, text: "http://127.0.0.1:8400/callback"},
		{name: "fixed loopback redirect", p: func(p *providers.Provider) { p.RedirectURI = "http://127.0.0.1:8400/cb" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri"}, text: "character for character"},
		{name: "http on a public host", p: func(p *providers.Provider) { p.RedirectURI = "http://app.example/cb" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri"}, text: "not loopback"},
		{name: "https redirect", p: func(p *providers.Provider) { p.RedirectURI = "https://app.example/cb" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri"}, text: "--manual"},
		{name: "private-use scheme", p: func(p *providers.Provider) { p.RedirectURI = "com.example.app:/cb" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri"}, text: "private-use"},
		{name: "fragment", p: func(p *providers.Provider) { p.RedirectURI = "https://app.example/cb#x" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri", "redirect_uri"}, text: "fragment"},
		{name: "relative redirect", p: func(p *providers.Provider) { p.RedirectURI = "/callback" }, flow: FlowIDAuthCode, checks: []string{"redirect_uri"}, text: "absolute"},
		{name: "redirect irrelevant to client credentials", p: func(p *providers.Provider) { p.RedirectURI = "https://app.example/cb" }, flow: FlowIDClientCredentials},
		{name: "clock ahead", date: now.Add(-2*time.Minute - 5*time.Second), flow: FlowIDClientCredentials, checks: []string{"clock"}, text: "about 2m 5s ahead of"},
		{name: "clock behind", date: now.Add(45 * time.Second), flow: FlowIDClientCredentials, checks: []string{"clock"}, text: "45s behind"},
		{name: "secret with auth method none", p: func(p *providers.Provider) { p.AuthMethod = providers.AuthNone }, flow: FlowIDClientCredentials, checks: []string{"auth_method"}, text: "the secret is not sent"},
		{name: "public client without a secret", p: func(p *providers.Provider) { p.AuthMethod, p.ClientSecret = providers.AuthNone, "" }, flow: FlowIDAuthCode},
		{name: "empty scope, authorization code", p: func(p *providers.Provider) { p.Scopes = nil }, flow: FlowIDAuthCode, checks: []string{"scope"}, text: "no scope is asked for"},
		{name: "empty scope, client credentials", p: func(p *providers.Provider) { p.Scopes = nil }, flow: FlowIDClientCredentials},
		{name: "clock within 30s", date: now.Add(29 * time.Second), flow: FlowIDClientCredentials},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			md, p := full, base
			if tc.md != nil {
				tc.md(&md)
			}
			if tc.p != nil {
				tc.p(&p)
			}
			ws := Preflight(&md, p, tc.flow, tc.date, now)
			var got, msgs []string
			for _, w := range ws {
				got = append(got, w.Check)
				msgs = append(msgs, Phrase(w.Message, testWords{}))
				if w.Message == "" || w.Ref == "" {
					t.Errorf("incomplete warning %+v", w)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.checks, ",") {
				t.Fatalf("checks %v, want %v: %q", got, tc.checks, msgs)
			}
			if !strings.Contains(strings.Join(msgs, " | "), tc.text) {
				t.Errorf("messages %q lack %q", msgs, tc.text)
			}
		})
	}
	if ws := Preflight(nil, base, FlowIDAuthCode, time.Time{}, now); len(ws) != 0 {
		t.Errorf("no metadata: %+v", ws)
	}
}

// TestDiscoveryRunsPreflight checks the flows: the demo provider's
// metadata fits its own clients, and a skewed clock shows up.
func TestDiscoveryRunsPreflight(t *testing.T) {
	srv := demotest.Start(t)
	r := NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{}).Next(context.Background())
	if r.Status != Done || len(r.Warnings) != 0 {
		t.Errorf("client credentials against the demo: %v %+v", r.Err, r.Warnings)
	}
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{})
	defer f.Close()
	if r := f.Next(context.Background()); r.Status != Done || len(r.Warnings) != 0 {
		t.Errorf("authorization code against the demo: %v %+v", r.Err, r.Warnings)
	}
	ahead := func() time.Time { return time.Now().Add(3 * time.Minute) }
	r = NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{Now: ahead}).Next(context.Background())
	if len(r.Warnings) != 1 || r.Warnings[0].Check != "clock" || !strings.Contains(r.Warnings[0].Message, "ahead of") {
		t.Errorf("skewed clock: %+v", r.Warnings)
	}
	p := demoProvider(t, srv, "demo-service")
	p.Scopes = []string{"api.read", "admin"}
	r = NewClientCredentials(p, Options{}).Next(context.Background())
	if len(r.Warnings) != 1 || r.Warnings[0].Check != "scope" {
		t.Errorf("unlisted scope: %+v", r.Warnings)
	}
}
