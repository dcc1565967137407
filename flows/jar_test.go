package flows

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// jarProvider is the demo client that must sign its requests, its key
// (demo-jwt-client's) in memory.
func jarProvider(t *testing.T, srv *demo.Server) providers.Provider {
	p := authCodeProvider(t, srv, demo.JARClientID)
	c, _ := demo.ClientByID(demo.JARClientID)
	p.ClientKey = c.KeyPEM()
	return p
}

// TestJARAgainstDemo: with request-object on, the authorization request
// goes as a request object signed with the client key (RFC 9101 §4), by
// value in the URL (§5.1) or pushed (RFC 9126 §3), is shown decoded, and
// the flow ends with tokens.
func TestJARAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, par := range []string{PAROff, PAROn} {
		t.Run("par "+par, func(t *testing.T) {
			f := NewAuthCode(jarProvider(t, srv), Options{Inputs: Inputs{"request-object": JAROn, "par": par}})
			t.Cleanup(func() { f.Close() })
			results := runUntil(t, f, "authorize")
			auth := results["authorize"]
			q := paramsOf(auth.Prompt.URL)
			var jwt string
			if par == PAROff {
				jwt = q.Get("request")
				if len(q) != 2 || q.Get("client_id") != demo.JARClientID || jwt == "" {
					t.Fatalf("authorization URL %s: want client_id and request only", auth.Prompt.URL)
				}
				var names []string
				for _, p := range auth.AuthRequest.Params {
					names = append(names, p.Name)
				}
				if got := strings.Join(names, " "); !strings.Contains(got, "request.code_challenge") || !strings.Contains(got, "request.aud") {
					t.Errorf("params shown: %s", got)
				}
			} else {
				ex := results["par"].Exchanges[0]
				form, _ := url.ParseQuery(string(ex.Request.Body))
				jwt = form.Get("request")
				if jwt == "" || form.Has("code_challenge") || !q.Has("request_uri") {
					t.Fatalf("push form %v, URL %s", form, auth.Prompt.URL)
				}
				if text := FormatRequest(ex, Masker{}); !strings.Contains(text, "request decoded (a signed request object, RFC 9101 §4") {
					t.Errorf("push request:\n%s", text)
				}
			}
			tok, err := inspect.Decode(jwt)
			if err != nil {
				t.Fatal(err)
			}
			if tok.StringClaim("iss") != demo.JARClientID || tok.StringClaim("aud") != srv.Issuer() || tok.StringClaim("code_challenge") == "" ||
				tok.StringClaim("jti") == "" || !strings.Contains(string(tok.HeaderJSON), `"typ":"oauth-authz-req+jwt"`) {
				t.Errorf("request object %s %s", tok.HeaderJSON, tok.ClaimsJSON)
			}
			results = loginAndRun(t, f, results)
			if results["token"].Status != Done || results["token"].Token.AccessToken == "" {
				t.Errorf("token step: %+v", results["token"])
			}
		})
	}
}

// TestJARRefused: a request object signed with a key the server does not
// hold comes back as invalid_request_object at the redirect URI; a client
// that must sign and does not is told so; each gets its diagnosis. (Pushed,
// the same wrong key fails the client's authentication first; the demo's
// tests refuse a pushed request object.)
func TestJARRefused(t *testing.T) {
	srv := demotest.Start(t)
	pemText, _, err := clientkey.Generate("ES256")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, par, jar string
		key            string
		step, code     string
	}{
		{"wrong key by value", PAROff, JAROn, string(pemText), "callback", "invalid_request_object"},
		{"not signed", PAROff, JAROff, "", "callback", "jar_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := jarProvider(t, srv)
			if tc.key != "" {
				p.ClientKey = tc.key
			}
			f := NewAuthCode(p, Options{Inputs: Inputs{"request-object": tc.jar, "par": tc.par}})
			t.Cleanup(func() { f.Close() })
			var last Result
			for !f.Done() {
				last = f.Next(context.Background())
				if last.Step.ID == ACAuthRequest.ID && last.Status == Done {
					redirect, err := demotest.Login(context.Background(), last.Prompt.URL, true)
					if err != nil {
						t.Fatal(err)
					}
					go deliver(t, redirect)
				}
			}
			if last.Step.ID != tc.step || last.Status != Failed || last.Diagnosis == nil || last.Diagnosis.Code != tc.code {
				t.Fatalf("ended at %s %v: %v %+v", last.Step.ID, last.Status, last.Err, last.Diagnosis)
			}
			if !strings.Contains(last.Diagnosis.Ref, "RFC 9101") || len(last.Diagnosis.Try) == 0 {
				t.Errorf("diagnosis %+v", last.Diagnosis)
			}
		})
	}
}

// TestJARDiagnoses: the refusals of RFC 9101 from any endpoint.
func TestJARDiagnoses(t *testing.T) {
	for _, tc := range []struct {
		oe   OAuthError
		code string
	}{
		{OAuthError{Endpoint: parEndpoint, Code: "invalid_request_object", Description: "bad signature"}, "invalid_request_object"},
		{OAuthError{Endpoint: "authorization endpoint", Code: "request_not_supported"}, "request_not_supported"},
		{OAuthError{Endpoint: "authorization endpoint", Code: "invalid_request", Description: "must send signed request objects (RFC 9101 section 10.5)"}, "jar_required"},
	} {
		if d := Diagnose(&tc.oe); d.Code != tc.code || !strings.Contains(d.Ref, "RFC 9101") {
			t.Errorf("%+v: %+v", tc.oe, d)
		}
	}
}
