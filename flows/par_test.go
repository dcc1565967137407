package flows

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runUntil runs f's steps until the step id has run, failing the test on
// any step that neither succeeds nor is skipped, and returns every result
// by step ID.
func runUntil(t *testing.T, f *AuthCode, id string) map[string]Result {
	t.Helper()
	out := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		out[r.Step.ID] = r
		if r.Status != Done && r.Status != Skipped {
			t.Fatalf("step %s: %v %v (%+v)", r.Step.ID, r.Status, r.Err, r.Diagnosis)
		}
		if r.Step.ID == id {
			break
		}
	}
	return out
}

// loginAndRun plays the browser on the authorization URL of results and
// runs the rest of the flow, failing on a failed step.
func loginAndRun(t *testing.T, f *AuthCode, results map[string]Result) map[string]Result {
	t.Helper()
	redirect, err := demotest.Login(context.Background(), results["authorize"].Prompt.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	for id, r := range runUntil(t, f, "") {
		results[id] = r
	}
	return results
}

// TestPARAgainstDemo: with par on, or auto against a server that requires
// it, the parameters are pushed with the client's authentication, the
// browser gets only client_id and request_uri, and the flow ends with
// tokens (RFC 9126 §2, §4).
func TestPARAgainstDemo(t *testing.T) {
	plain := demotest.Start(t)
	required := demotest.StartWith(t, demo.Options{RequirePAR: true})
	for _, tc := range []struct {
		name, client, par string
		srv               *demo.Server
		basic             bool
	}{
		{"on, public client", "demo-public", PAROn, plain, false},
		{"on, client that requires PAR", "demo-par", PAROn, plain, true},
		{"auto, server that requires PAR", "demo-public", PARAuto, required, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewAuthCode(authCodeProvider(t, tc.srv, tc.client), Options{Inputs: Inputs{"par": tc.par}})
			t.Cleanup(func() { f.Close() })
			results := runUntil(t, f, "authorize")
			push := results["par"]
			if push.Status != Done || len(push.Exchanges) != 1 {
				t.Fatalf("par step: %v, %d exchanges", push.Status, len(push.Exchanges))
			}
			ex := push.Exchanges[0]
			form, _ := url.ParseQuery(string(ex.Request.Body))
			if ex.Response.StatusCode != http.StatusCreated || form.Get("code_challenge") == "" || form.Get("state") == "" || form.Get("redirect_uri") == "" {
				t.Errorf("push: %d, form %v", ex.Response.StatusCode, form)
			}
			if got := ex.Request.Header.Get("Authorization") != ""; got != tc.basic {
				t.Errorf("Authorization header sent %v, want %v", got, tc.basic)
			}
			if !strings.HasPrefix(f.requestURI, "urn:ietf:params:oauth:request_uri:") || !hasNote(push, "expires in 60 s") {
				t.Errorf("request_uri %q, notes %v", f.requestURI, push.Notes)
			}
			if !hasPair(push.Received, "request_uri", "RFC 9126 §2.2") || !hasPair(push.Received, "expires_in", "RFC 9126 §2.2") {
				t.Errorf("received pairs not explained: %+v", push.Received)
			}
			u, _ := url.Parse(results["authorize"].AuthRequest.URL)
			if q := u.Query(); len(q) != 2 || q.Get("request_uri") != f.requestURI || q.Get("client_id") != tc.client {
				t.Errorf("authorization URL %s: want only client_id and request_uri", u)
			}
			results = loginAndRun(t, f, results)
			if !results["id_token"].Inspections[0].Verification.Valid {
				t.Error("the ID token did not verify")
			}
		})
	}
}

// TestPARSkippedUnlessRequired: auto against a server that does not
// require PAR skips the step with a note; off does not plan it.
func TestPARSkippedUnlessRequired(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{})
	results := runUntil(t, f, "authorize")
	f.Close()
	if r := results["par"]; r.Status != Skipped || !hasNote(r, "{setting:par} on") || len(r.Exchanges) != 0 {
		t.Errorf("par step %v %v", r.Status, r.Notes)
	}
	off := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{Inputs: Inputs{"par": PAROff}})
	for _, st := range off.Steps() {
		if st.ID == ACPushed.ID {
			t.Error("par off still plans the PAR step")
		}
	}
}

// TestPARRequiredByClient: demo-par is registered with
// require_pushed_authorization_requests (RFC 9126 §6), which its server's
// metadata cannot tell: auto sends the request through the browser, the
// server refuses it, and the diagnosis says to turn PAR on.
func TestPARRequiredByClient(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-par"), Options{})
	results := runUntil(t, f, "authorize")
	redirect, err := demotest.Login(context.Background(), results["authorize"].Prompt.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	f.Next(context.Background())
	r := f.Next(context.Background())
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "par_required" || !strings.Contains(strings.Join(r.Diagnosis.Try, " "), "{setting:par}") {
		t.Errorf("callback: %v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
}

// TestPARRequestURIOnce: the request_uri works once (RFC 9126 §4); the
// same authorization URL opened again is refused with invalid_request_uri,
// which comes back to the callback and is diagnosed.
func TestPARRequestURIOnce(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{Inputs: Inputs{"par": PAROn}})
	t.Cleanup(func() { f.Close() })
	results := runUntil(t, f, "authorize")
	authURL := results["authorize"].Prompt.URL
	// A first browser opens the URL and stops at the login page.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || strings.Contains(resp.Header.Get("Location"), "error=") {
		t.Fatalf("first use: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	redirect, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(redirect, "error=invalid_request_uri") {
		t.Fatalf("replay redirected to %s", redirect)
	}
	go deliver(t, redirect)
	f.Next(context.Background())
	r := f.Next(context.Background())
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_request_uri" || !strings.Contains(r.Diagnosis.Causes[0], "already used") {
		t.Errorf("callback: %v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
}

// TestRARAgainstDemo: authorization_details go in the authorization
// request (and in the push), come back in the token response explained,
// and in the access token as a claim (RFC 9396 §2, §7, §9.1).
func TestRARAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	details := `[ {"type": "demo_api", "actions": ["read"], "locations": ["` + srv.Endpoints().API + `"]} ]`
	for _, par := range []string{PAROff, PAROn} {
		t.Run(par, func(t *testing.T) {
			f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{Inputs: Inputs{"par": par, "authorization-details": details}})
			t.Cleanup(func() { f.Close() })
			results := runUntil(t, f, "authorize")
			sent := results["authorize"].Sent
			if par == PAROn {
				sent = results["par"].Sent
			}
			if !hasPair(sent, "authorization_details", "RFC 9396 §2") {
				t.Errorf("authorization_details not sent, or not explained: %+v", sent)
			}
			results = loginAndRun(t, f, results)
			tok := results["token"]
			if !hasPair(tok.Received, "authorization_details", "RFC 9396 §7") || !hasNote(tok, "carries the authorization_details granted") {
				t.Errorf("token response: %+v, notes %v", tok.Received, tok.Notes)
			}
			at, err := inspect.Decode(tok.Token.AccessToken)
			if err != nil || !strings.Contains(string(at.ClaimsJSON), `"authorization_details":[{"type":"demo_api"`) {
				t.Errorf("access token claims %s (%v)", at.ClaimsJSON, err)
			}
		})
	}
}

// TestRARRefused: a type the server does not know is refused with
// invalid_authorization_details (RFC 9396 §5), diagnosed.
func TestRARRefused(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{Inputs: Inputs{"par": PAROff, "authorization-details": `[{"type":"tea_ceremony"}]`}})
	t.Cleanup(func() { f.Close() })
	results := runUntil(t, f, "authorize")
	if !hasNote(results["authorize"], `"tea_ceremony" is not in the server's authorization_details_types_supported`) {
		t.Errorf("notes %v", results["authorize"].Notes)
	}
	redirect, err := demotest.Login(context.Background(), results["authorize"].Prompt.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	f.Next(context.Background())
	if r := f.Next(context.Background()); r.Diagnosis == nil || r.Diagnosis.Code != "invalid_authorization_details" {
		t.Errorf("callback: %v %+v", r.Err, r.Diagnosis)
	}
}

// TestAuthorizationDetailsCheck: the input is refused before anything is
// sent unless it is a JSON array of objects with a type.
func TestAuthorizationDetailsCheck(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`[{"type":"demo_api"}]`, ""},
		{"[{\"type\":\"a\"},\n {\"type\": }]", "line 2, column 11"},
		{`{"type":"a"}`, "a JSON object where a JSON array"},
		{`[]`, "empty array"},
		{`["a"]`, "item 1 is not a JSON object"},
		{`[{"type":"a"},{"actions":[]}]`, `item 2 has no "type"`},
	} {
		err := authorizationDetailsInput.Validate(tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s refused: %v", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v; want %q", tc.in, err, tc.want)
		}
	}
	if err := parInput.Validate("sometimes"); err == nil || !strings.Contains(err.Error(), "auto, on, off") {
		t.Errorf("par sometimes: %v", err)
	}
}

// hasPair tells whether pairs hold name explained with a reference
// containing ref.
func hasPair(pairs []Pair, name, ref string) bool {
	for _, p := range pairs {
		if p.Name == name && strings.Contains(p.Ref, ref) {
			return true
		}
	}
	return false
}

// TestPARNoEndpoint: par on, or a server that requires PAR, without a
// pushed_authorization_request_endpoint fails before the browser opens,
// diagnosed; a request_uri refused on the server's own page is named
// among the causes of a callback that never came.
func TestPARNoEndpoint(t *testing.T) {
	srv := demotest.Start(t)
	for _, required := range []bool{false, true} {
		f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{Inputs: Inputs{"par": PAROn}})
		if r := f.Next(context.Background()); r.Status != Done {
			t.Fatalf("discovery: %v", r.Err)
		}
		f.md.PushedAuthorizationRequestEndpoint, f.md.RequirePushedAuthorizationRequests = "", required
		r := f.Next(context.Background())
		f.Close()
		if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "par_no_endpoint" || len(r.Exchanges) != 0 || !f.Done() {
			t.Errorf("required %v: %v %v %+v", required, r.Status, r.Err, r.Diagnosis)
		}
		if got := strings.Join(r.Diagnosis.Try, " "); required == strings.Contains(got, "{setting:par}") {
			t.Errorf("required %v: try %q", required, got)
		}
	}
	d := Diagnose(&CallbackTimeoutError{RedirectURI: "http://127.0.0.1:1/cb", RequestURI: true})
	if !strings.Contains(d.Causes[0], "request_uri was refused") {
		t.Errorf("callback timeout after PAR: %+v", d)
	}
}
