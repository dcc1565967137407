package flows

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func TestCheckRedirectURI(t *testing.T) {
	cases := []struct {
		uri  string
		want string // "" when accepted
	}{
		{"", ""},
		{"http://127.0.0.1:8400/callback", ""},
		{"http://localhost:8400/callback", ""},
		{"http://[::1]:8400/callback", ""},
		{"http://127.0.0.1/callback", ""},
		{"https://app.example.com/callback", ""}, // paste mode
		{"com.example.app:/oauth2redirect", ""},  // private-use scheme: paste mode
		{"http://127.0.0.1:0/callback", "port 0"},
		{"https://app.example.com:0/callback", "port 0"},
		{"http://127.0.0.1:99999/callback", "not a TCP port"},
		{"http://app.example.com/callback", "plain http to app.example.com"},
		{"http://192.168.1.10:8400/callback", "plain http"},
		{"http://127.0.0.2:8400/callback", "binds 127.0.0.1"},
		{"http://127.0.0.1:80a/cb", "not a well-formed URL"},
		{"http://[::1/cb", "not a well-formed URL"},
		{"127.0.0.1:8400/callback", "well-formed"},
		{"/callback", "not an absolute URI"},
		{"http:///callback", "no host"},
		{"http://127.0.0.1:8400/cb#frag", "fragment"},
		{" http://127.0.0.1:8400/cb", "spaces"},
	}
	for _, tc := range cases {
		err := CheckRedirectURI(tc.uri)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q refused: %v", tc.uri, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v; want an error saying %q", tc.uri, err, tc.want)
		}
	}
}

// TestAuthCodeRefusesRedirectURI: a redirect URI that cannot work stops
// the flow at its first step, before any request is sent.
func TestAuthCodeRefusesRedirectURI(t *testing.T) {
	srv := demotest.Start(t)
	for _, uri := range []string{"http://127.0.0.1:0/callback", "http://app.example.com/callback", "http://[::1/cb"} {
		p := authCodeProvider(t, srv, "demo-public")
		p.RedirectURI = uri
		f := NewAuthCode(p, Options{})
		r := f.Next(context.Background())
		f.Close()
		var re *RedirectURIError
		if r.Status != Failed || !errors.As(r.Err, &re) || len(r.Exchanges) != 0 {
			t.Errorf("%s: step %s %v %v, %d exchanges; want a refusal before anything is sent", uri, r.Step.ID, r.Status, r.Err, len(r.Exchanges))
		}
		if r.Diagnosis == nil || r.Diagnosis.Code != "redirect_uri_invalid" {
			t.Errorf("%s: diagnosis %+v", uri, r.Diagnosis)
		}
		if !f.Done() {
			t.Errorf("%s: the flow goes on after the refusal", uri)
		}
	}
}

// TestAuthCodeRequiresIss: with metadata that promises iss
// (authorization_response_iss_parameter_supported), a response with the
// right state but no iss ends the flow (RFC 9207 §2.4).
func TestAuthCodeRequiresIss(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{})
	t.Cleanup(func() { f.Close() })
	if r := f.Next(context.Background()); r.Status != Done {
		t.Fatalf("discovery: %v", r.Err)
	}
	f.md.AuthorizationResponseIssParameterSupported = true
	ar := nextPast(f).Prompt
	go deliver(t, ar.RedirectURI+"?code=abc&state="+f.state)
	if r := f.Next(context.Background()); r.Status != Done {
		t.Fatalf("login: %v", r.Err)
	}
	r := f.Next(context.Background())
	if r.Status != Failed || r.Diagnosis.Code != "iss_missing" || !f.Done() {
		t.Errorf("callback step: %v %v (%+v); want it refused for the missing iss", r.Status, r.Err, r.Diagnosis)
	}
}
