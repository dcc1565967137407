package flows

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// startImplicit runs discovery and the authorization request and returns
// the prompt.
func startImplicit(t *testing.T, f *Implicit) *Prompt {
	t.Helper()
	t.Cleanup(func() { f.Close() })
	for _, want := range []string{"discovery", "authorize"} {
		r := f.Next(context.Background())
		if r.Status != Done || r.Step.ID != want {
			t.Fatalf("step %s: %v %v", r.Step.ID, r.Status, r.Err)
		}
		if want == "discovery" && len(r.Warnings) > 0 {
			t.Errorf("the demo's discovery should advertise the implicit grant: %+v", r.Warnings)
		}
		if want == "authorize" {
			return r.Prompt
		}
	}
	return nil
}

// finish runs the rest of f and returns the results by step ID.
func finish(f Flow) map[string]Result {
	rs := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		rs[r.Step.ID] = r
	}
	return rs
}

func TestImplicitAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, paste := range []bool{false, true} {
		t.Run(map[bool]string{false: "relay", true: "paste"}[paste], func(t *testing.T) {
			f := NewImplicit(authCodeProvider(t, srv, "demo-legacy"), Options{})
			pr := startImplicit(t, f)
			q := mustQuery(t, pr.URL)
			if q.Get("response_type") != "id_token token" || q.Get("nonce") == "" || q.Get("state") == "" || q.Has("code_challenge") {
				t.Errorf("authorization URL %s", pr.URL)
			}
			redirect, err := demotest.Login(context.Background(), pr.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(redirect, "#") || !strings.Contains(redirect, "access_token=") {
				t.Fatalf("the demo did not answer in the fragment: %s", redirect)
			}
			done := make(chan struct{})
			if paste {
				if err := f.Paste(redirect); err != nil {
					t.Fatal(err)
				}
				close(done)
			} else {
				go func() {
					defer close(done)
					if status, page, err := demotest.Relay(context.Background(), nil, redirect); err != nil || status != http.StatusOK {
						t.Errorf("relay: %d %v %s", status, err, page)
					}
				}()
			}
			rs := finish(f)
			<-done
			for _, id := range []string{"login", "callback", "id_token", "verify"} {
				if r := rs[id]; r.Status != Done {
					t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
				}
			}
			tok := rs["callback"].Token
			if tok == nil || tok.AccessToken == "" || tok.IDToken == "" || tok.RefreshToken != "" || tok.ExpiresIn <= 0 {
				t.Fatalf("token from the fragment: %+v", tok)
			}
			checks := map[string]string{}
			for _, c := range rs["id_token"].Inspections[0].Verification.Checks {
				checks[c.Name] = c.Status.String()
			}
			for _, n := range []string{"nonce", "at_hash", "signature"} {
				if checks[n] != "pass" {
					t.Errorf("ID token check %s: %q (%v)", n, checks[n], checks)
				}
			}
			if !paste {
				exs := rs["login"].Exchanges
				if len(exs) != 2 || exs[0].Request.Method != http.MethodGet || exs[1].Request.Method != http.MethodPost {
					t.Fatalf("want the relay GET and the POST, got %d exchanges", len(exs))
				}
				if strings.Contains(exs[0].Request.URL, "access_token") || !strings.Contains(string(exs[1].Request.Body), "access_token=") {
					t.Errorf("the GET must not carry the tokens, the POST must")
				}
			}
		})
	}
}

// TestImplicitListenerIgnoresStrays sends the fragment-mode listener what
// any local program or web page could: a POST without state, one with
// another state, one from another origin, a GET elsewhere; each is
// answered and counted, and only the right POST ends the wait.
func TestImplicitListenerIgnoresStrays(t *testing.T) {
	srv := demotest.Start(t)
	f := NewImplicit(authCodeProvider(t, srv, "demo-legacy"), Options{})
	pr := startImplicit(t, f)
	cb := pr.RedirectURI
	post := func(body, origin string) int {
		req, _ := http.NewRequest(http.MethodPost, cb, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	state := mustQuery(t, pr.URL).Get("state")
	if s := post("access_token=forged&token_type=Bearer", ""); s != http.StatusBadRequest {
		t.Errorf("POST without state answered %d", s)
	}
	if s := post("access_token=forged&token_type=Bearer&state=someone-elses", ""); s != http.StatusBadRequest {
		t.Errorf("POST with another state answered %d", s)
	}
	if s := post("access_token=forged&state="+state, "https://evil.example"); s != http.StatusBadRequest {
		t.Errorf("POST from another origin answered %d", s)
	}
	resp, err := http.Get(strings.Replace(cb, "/callback", "/elsewhere", 1) + "?access_token=forged&state=" + state)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get(cb + "?state=" + state)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET of the redirect URI: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	if n := f.Strays().Count; n != 4 {
		t.Errorf("strays counted: %d, want 4: %+v", n, f.Strays())
	}
	redirect, err := demotest.Login(context.Background(), pr.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go demotest.Relay(context.Background(), nil, redirect)
	rs := finish(f)
	if r := rs["callback"]; r.Status != Done || r.Token.AccessToken == "forged" {
		t.Fatalf("callback: %v %v", r.Status, r.Err)
	}
	if r := rs["login"]; r.Strays == nil || r.Strays.Count != 4 {
		t.Errorf("the login step does not report the strays: %+v", r.Strays)
	}
}

func TestImplicitRefusals(t *testing.T) {
	srv := demotest.Start(t)
	for _, tc := range []struct {
		name, client string
		scopes       []string
		code         string
	}{
		{"client not registered", "demo-public", nil, "unauthorized_client"},
		{"plain token at the demo", "demo-legacy", []string{"api.read"}, "unsupported_response_type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := authCodeProvider(t, srv, tc.client)
			if tc.scopes != nil {
				p.Scopes = tc.scopes
			}
			f := NewImplicit(p, Options{})
			pr := startImplicit(t, f)
			redirect, err := demotest.Login(context.Background(), pr.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			go demotest.Relay(context.Background(), nil, redirect)
			r := finish(f)["callback"]
			if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != tc.code || !strings.Contains(r.Diagnosis.Ref, "RFC 9700 §2.1.2") {
				t.Fatalf("want %s, got %v %v %+v", tc.code, r.Status, r.Err, r.Diagnosis)
			}
		})
	}
}

func TestImplicitPasteRefusesABareValue(t *testing.T) {
	f := NewImplicit(authCodeProvider(t, demotest.Start(t), "demo-legacy"), Options{})
	defer f.Close()
	if err := f.Paste("just-a-token"); err == nil {
		t.Error("a bare value was taken")
	}
}

func TestLegacyStepsExplained(t *testing.T) {
	roles := []string{"resource owner", "client", "authorization server", "resource server"}
	for _, g := range Grants() {
		if g.Label != LabelLegacy {
			continue
		}
		f := g.New(authCodeProvider(t, demotest.Start(t), "demo-legacy"), Options{})
		for _, st := range f.Steps() {
			e := st.Explain
			if e == nil || e.Purpose == "" || e.Parties == "" || len(e.Refs) == 0 || len(e.Notice) == 0 {
				t.Errorf("%s: step %s is not explained", g.ID, st.ID)
				continue
			}
			named := 0
			for _, r := range roles {
				if strings.Contains(strings.ToLower(e.Parties), r) {
					named++
				}
			}
			if named < 2 {
				t.Errorf("%s: step %s: Parties names %d roles", g.ID, st.ID, named)
			}
		}
		f.Close()
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
