package flows

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func authCodeProvider(t testing.TB, srv *demo.Server, clientID string) providers.Provider {
	c, ok := demo.ClientByID(clientID)
	if !ok {
		t.Fatalf("no demo client %s", clientID)
	}
	return providers.Provider{
		Name: "demo", Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret, AuthMethod: c.AuthMethod,
		Scopes: []string{"openid", "profile", "email", "offline_access", "api.read"},
		APIURL: srv.Endpoints().API + "/reports",
	}
}

// startAuth runs discovery, the pushed authorization request when planned
// (skipped unless the server requires it) and the authorization request,
// and returns the prompt for the browser.
func startAuth(t *testing.T, f *AuthCode) *Prompt {
	t.Helper()
	t.Cleanup(func() { f.Close() })
	for !f.Done() {
		r := f.Next(context.Background())
		if r.Status != Done && !(r.Step.ID == ACPushed.ID && r.Status == Skipped) {
			t.Fatalf("step %s: %v %v", r.Step.ID, r.Status, r.Err)
		}
		if r.Step.ID == ACAuthRequest.ID {
			return r.Prompt
		}
	}
	return nil
}

// nextPast runs f's next step, first passing over a skipped PAR step.
func nextPast(f *AuthCode) Result {
	r := f.Next(context.Background())
	if r.Step.ID == ACPushed.ID && r.Status == Skipped {
		r = f.Next(context.Background())
	}
	return r
}

func deliver(t *testing.T, redirect string) {
	t.Helper()
	resp, err := http.Get(redirect)
	if err != nil {
		t.Errorf("browser to listener: %v", err)
		return
	}
	resp.Body.Close()
}

func TestAuthCodeAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, tc := range []struct {
		client string
		paste  bool
	}{{"demo-public", false}, {"demo-confidential", true}} {
		t.Run(tc.client, func(t *testing.T) {
			f := NewAuthCode(authCodeProvider(t, srv, tc.client), Options{})
			ar := startAuth(t, f)
			for _, p := range []string{"code_challenge", "state", "nonce", "redirect_uri"} {
				if !strings.Contains(ar.URL, p+"=") {
					t.Errorf("authorization URL lacks %s", p)
				}
			}
			redirect, err := demotest.Login(context.Background(), ar.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			if tc.paste {
				if err := f.Paste(redirect); err != nil {
					t.Fatal(err)
				}
			} else {
				go deliver(t, redirect)
			}
			results := map[string]Result{}
			for !f.Done() {
				r := f.Next(context.Background())
				results[r.Step.ID] = r
				if r.Status != Done {
					t.Fatalf("step %s: %v %v", r.Step.Title, r.Status, r.Err)
				}
			}
			id := results["id_token"].Inspections[0]
			if !id.Verification.Valid {
				t.Errorf("ID token did not verify: %+v", id.Verification.Checks)
			}
			for _, c := range id.Verification.Checks {
				if (c.Name == "nonce" || c.Name == "at_hash" || c.Name == "signature") && c.Status != inspect.StatusPass {
					t.Errorf("%s: %v %s", c.Name, c.Status, c.Detail)
				}
			}
			if !strings.Contains(string(results["userinfo"].Exchanges[0].Response.Body), "demo") {
				t.Error("userinfo did not answer about the demo user")
			}
			if results["api"].Exchanges[0].Response.StatusCode != 200 {
				t.Error("demo API refused the token")
			}
			if !strings.Contains(strings.Join(results["refresh"].Notes, " "), "rotated") {
				t.Errorf("refresh notes %v", results["refresh"].Notes)
			}
			if !tc.paste {
				if n := len(results["login"].Exchanges); n != 1 {
					t.Errorf("callback exchanges recorded: %d", n)
				}
			}
			// The listener is closed once the flow is done.
			if _, err := net.DialTimeout("tcp", f.listener.Addr().String(), time.Second); err == nil {
				t.Error("the callback listener still accepts connections")
			}
		})
	}
}

func TestAuthCodeFailures(t *testing.T) {
	srv := demotest.Start(t)
	cases := []struct {
		name     string
		opts     Options
		act      func(t *testing.T, f *AuthCode, ar *Prompt)
		failStep string
		want     string
	}{
		// The listener ignores a wrong state (TestListenerIgnoresStrays);
		// a redirect the user pasted is refused.
		{"wrong state pasted", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			if err := f.Paste(ar.RedirectURI + "?code=abc&state=forged"); err != nil {
				t.Fatal(err)
			}
		}, "callback", "state mismatch"},
		{"access denied", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			redirect, err := demotest.Login(context.Background(), ar.URL, false)
			if err != nil {
				t.Fatal(err)
			}
			go deliver(t, redirect)
		}, "callback", "access_denied"},
		{"no code", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			go deliver(t, ar.RedirectURI+"?state="+f.state)
		}, "callback", "no code"},
		{"right state on another path", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			other := strings.Replace(ar.RedirectURI, "/callback", "/oauth2/redirect", 1)
			go deliver(t, other+"?error=redirect_uri_mismatch&error_description=unregistered&state="+f.state)
		}, "callback", `came back to path "/oauth2/redirect", but the redirect URI sent has path "/callback"; the provider answered "redirect_uri_mismatch"`},
		{"wrong iss", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			go deliver(t, ar.RedirectURI+"?code=abc&state="+f.state+"&iss=https://evil.example")
		}, "callback", "iss mismatch"},
		{"wrong code_verifier", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			redirect, err := demotest.Login(context.Background(), ar.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			f.verifier = "a-verifier-that-is-not-the-one-whose-challenge-was-sent-0123"
			go deliver(t, redirect)
		}, "token", "invalid_grant"},
		{"ID token with a wrong nonce", Options{}, func(t *testing.T, f *AuthCode, ar *Prompt) {
			redirect, err := demotest.Login(context.Background(), ar.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			f.nonce = "not-the-nonce-that-was-sent"
			go deliver(t, redirect)
		}, "id_token", "nonce"},
		{"timeout", Options{CallbackTimeout: 100 * time.Millisecond}, func(*testing.T, *AuthCode, *Prompt) {}, "login", "no callback within"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), tc.opts)
			ar := startAuth(t, f)
			tc.act(t, f, ar)
			var last Result
			for !f.Done() {
				last = f.Next(context.Background())
				if last.Status == Failed {
					break
				}
			}
			if last.Status != Failed || last.Step.ID != tc.failStep {
				t.Fatalf("ended at %s with %v %v; want a failure at %s", last.Step.ID, last.Status, last.Err, tc.failStep)
			}
			if !strings.Contains(last.Err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", last.Err, tc.want)
			}
			if last.Diagnosis == nil {
				t.Error("no diagnosis")
			}
		})
	}
}

func TestCallbackListener(t *testing.T) {
	l, err := ListenCallback("", CallbackExpect{State: "s"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if host, _, _ := net.SplitHostPort(l.Addr().String()); host != "127.0.0.1" {
		t.Errorf("listening on %s; want 127.0.0.1 only", host)
	}
	deliver(t, l.RedirectURI()+"?code=one&state=s")
	cb := <-l.Callbacks()
	if cb.Code != "one" || cb.Exchange.Response.StatusCode != 200 {
		t.Errorf("first callback %+v", cb)
	}
	resp, err := http.Get(l.RedirectURI() + "?code=two&state=s")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("second callback answered %d; want 409", resp.StatusCode)
	}
	select {
	case cb := <-l.Callbacks():
		t.Errorf("a second callback was accepted: %+v", cb)
	default:
	}
	req, _ := http.NewRequest("GET", l.RedirectURI()+"?code=x", nil)
	req.Host = "evil.example:80"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("non-loopback Host answered %d", resp.StatusCode)
	}
	if _, err := ListenCallback("http://example.com/cb", CallbackExpect{State: "s"}, nil); err == nil {
		t.Error("a non-loopback redirect URI was accepted")
	}
}

func TestParseCallback(t *testing.T) {
	cases := []struct {
		in        string
		code, err string
	}{
		{"http://127.0.0.1:5555/callback?code=abc&state=xyz", "abc", ""},
		{"  code=abc&state=xyz\n", "abc", ""},
		{"abc123", "abc123", ""},
		{"", "", "nothing pasted"},
		{"http://127.0.0.1/callback", "", "no query"},
		{"<html>oops</html> x", "", "does not look like"},
		{strings.Repeat("a", 20<<10), "", "over 16 KiB"},
	}
	for _, tc := range cases {
		cb, err := ParseCallback(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseCallback(%.30q) error %v; want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || cb.Code != tc.code {
			t.Errorf("ParseCallback(%.30q) = %q, %v", tc.in, cb.Code, err)
		}
	}
}

// TestAuthCodePasteOnly covers a redirect URI the listener cannot serve
// (an https web URI): no listener starts and the pasted redirect carries
// the flow on.
func TestAuthCodePasteOnly(t *testing.T) {
	srv := demotest.Start(t)
	p := authCodeProvider(t, srv, "demo-public")
	p.RedirectURI = "https://app.example.com/callback"
	f := NewAuthCode(p, Options{})
	ar := startAuth(t, f)
	if !ar.PasteOnly() || f.listener != nil {
		t.Fatalf("paste-only %v, listener %v", ar.PasteOnly(), f.listener)
	}
	if !strings.Contains(ar.URL, url.QueryEscape(p.RedirectURI)) {
		t.Errorf("authorization URL lacks the redirect URI: %s", ar.URL)
	}
	if err := f.Paste(p.RedirectURI + "?code=abc&state=" + f.state); err != nil {
		t.Fatal(err)
	}
	r := f.Next(context.Background())
	if r.Status != Done || r.Step.ID != "login" {
		t.Fatalf("login step: %v %v", r.Status, r.Err)
	}
}

func TestTokenResponseExpiresIn(t *testing.T) {
	cases := []struct {
		body string
		want int64
	}{
		{`{"access_token":"a","expires_in":3600}`, 3600},
		{`{"access_token":"a","expires_in":"3599"}`, 3599},
		{`{"access_token":"a"}`, 0},
	}
	for _, tc := range cases {
		fields, _ := orderedFields("application/json", []byte(tc.body))
		if got := expiresIn(fields); got != tc.want {
			t.Errorf("%s: expires_in %d, want %d", tc.body, got, tc.want)
		}
	}
}
