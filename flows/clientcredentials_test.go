package flows

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func demoProvider(t testing.TB, srv *demo.Server, clientID string) providers.Provider {
	t.Helper()
	c, ok := demo.ClientByID(clientID)
	if !ok {
		t.Fatalf("no demo client %s", clientID)
	}
	return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret, AuthMethod: c.AuthMethod, Scopes: []string{"api.read"}}
}

func runAll(f Flow) []Result {
	var out []Result
	for !f.Done() {
		out = append(out, f.Next(context.Background()))
	}
	return out
}

func TestClientCredentialsAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, client := range []string{"demo-service", "demo-service-post"} {
		t.Run(client, func(t *testing.T) {
			p := demoProvider(t, srv, client)
			f := NewClientCredentials(p, Options{})
			rs := runAll(f)
			if len(rs) != 3 {
				t.Fatalf("ran %d steps, want 3", len(rs))
			}
			for _, r := range rs {
				if r.Status != Done {
					t.Fatalf("step %s: %v %v", r.Step.Title, r.Status, r.Err)
				}
			}
			if rs[0].Metadata == nil || rs[0].Metadata.Issuer != srv.Issuer() {
				t.Fatalf("discovery metadata %+v", rs[0].Metadata)
			}

			// The token request as it went over the wire.
			tokEx := rs[1].Exchanges[len(rs[1].Exchanges)-1]
			form, err := url.ParseQuery(string(tokEx.Request.Body))
			if err != nil {
				t.Fatal(err)
			}
			if form.Get("grant_type") != "client_credentials" || form.Get("scope") != "api.read" {
				t.Errorf("form %v", form)
			}
			hasBasic := strings.HasPrefix(tokEx.Request.Header.Get("Authorization"), "Basic ")
			if want := p.AuthMethod == providers.AuthBasic; hasBasic != want || (form.Has("client_secret") == want) {
				t.Errorf("auth method %s: Authorization header %v, client_secret in form %v", p.AuthMethod, hasBasic, form.Has("client_secret"))
			}
			if tokEx.Response == nil || tokEx.Response.StatusCode != 200 || !strings.Contains(string(tokEx.Response.Body), "access_token") {
				t.Fatalf("response %+v", tokEx.Response)
			}

			// The access token decodes and verifies against the JWKS.
			in := rs[2].Inspections[0]
			if in.Verification == nil || !in.Verification.Valid {
				t.Fatalf("verification %+v", in.Verification)
			}
			for _, c := range in.Verification.Checks {
				if c.Name == "signature" && c.Status != inspect.StatusPass {
					t.Errorf("signature check %v: %s", c.Status, c.Detail)
				}
			}
			for _, name := range []string{"iss", "sub", "aud", "exp", "iat", "jti", "scope", "client_id"} {
				if _, ok := in.Token.Claim(name); !ok {
					t.Errorf("access token lacks %q", name)
				}
			}
			if len(rs[2].Exchanges) == 0 || !strings.Contains(rs[2].Exchanges[0].Request.URL, "keys") && !strings.Contains(rs[2].Exchanges[0].Request.URL, "jwks") {
				t.Errorf("JWKS fetch not recorded: %+v", rs[2].Exchanges)
			}

			// Rendered, the transcript hides the secret and the token.
			var b strings.Builder
			var all []Exchange
			for _, r := range rs {
				all = append(all, r.Exchanges...)
			}
			if err := WriteTranscript(&b, all, Masker{Secrets: f.Secrets()}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if strings.Contains(out, p.ClientSecret) || strings.Contains(out, f.Token().AccessToken) {
				t.Error("transcript shows the client secret or the access token")
			}
			if !strings.Contains(out, "grant_type=client_credentials") {
				t.Error("transcript lacks the token request form")
			}
		})
	}
}

func TestClientCredentialsWrongSecret(t *testing.T) {
	srv := demotest.Start(t)
	p := demoProvider(t, srv, "demo-service")
	p.ClientSecret = "wrong"
	rs := runAll(NewClientCredentials(p, Options{}))
	last := rs[len(rs)-1]
	var oe *OAuthError
	if last.Status != Failed || !errors.As(last.Err, &oe) || oe.Code != "invalid_client" {
		t.Fatalf("got %v %v; want invalid_client", last.Status, last.Err)
	}
	if oe.Description == "" || !strings.Contains(last.Err.Error(), oe.Description) {
		t.Errorf("error %q lacks the server's description", last.Err)
	}
	if last.Diagnosis == nil || len(last.Diagnosis.Causes) == 0 {
		t.Error("no diagnosis")
	}
}

func TestClientCredentialsRefusals(t *testing.T) {
	srv := demotest.Start(t)
	cases := []struct {
		name   string
		mutate func(*providers.Provider)
		code   string
	}{
		{"scope the client may not have", func(p *providers.Provider) { p.Scopes = []string{"openid", "admin"} }, "invalid_scope"},
		{"client without the grant", func(p *providers.Provider) {
			p.ClientID, p.ClientSecret = "demo-confidential", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97"
		}, "unauthorized_client"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := demoProvider(t, srv, "demo-service")
			tc.mutate(&p)
			rs := runAll(NewClientCredentials(p, Options{}))
			var oe *OAuthError
			if err := rs[len(rs)-1].Err; !errors.As(err, &oe) || oe.Code != tc.code {
				t.Fatalf("got %v; want %s", err, tc.code)
			}
		})
	}
}

func BenchmarkClientCredentialsFlow(b *testing.B) {
	srv := demotest.Start(b)
	p := demoProvider(b, srv, "demo-service")
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range runAll(NewClientCredentials(p, Options{})) {
			if r.Status != Done {
				b.Fatalf("%s: %v", r.Step.Title, r.Err)
			}
		}
	}
}
