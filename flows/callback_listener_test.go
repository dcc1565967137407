package flows

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// visit sends one request to the listener as a browser or a local process
// would and returns the status and the page.
func visit(t *testing.T, method, target, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// nextAsync runs the flow's next step in a goroutine: the login step
// blocks until the listener delivers.
func nextAsync(f *AuthCode) <-chan Result {
	ch := make(chan Result, 1)
	go func() { ch <- f.Next(context.Background()) }()
	return ch
}

// TestListenerIgnoresStrays is the acceptance of issue 9: requests that do
// not carry the state sent are answered, recorded and ignored, and the
// flow completes when the browser brings the real response. Every stray is
// answered before the real response is sent, so a stray that ended the
// wait would be the login step's result: no clock is involved.
func TestListenerIgnoresStrays(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{})
	ar := startAuth(t, f)
	login := nextAsync(f)
	u, _ := url.Parse(ar.RedirectURI)
	base := "http://" + u.Host
	strays := []struct {
		name, method, target, host, why string
	}{
		{"bare request", "GET", ar.RedirectURI, "", "no state"},
		{"wrong state", "GET", ar.RedirectURI + "?code=abc&state=forged", "", "did not send"},
		{"error without state", "GET", ar.RedirectURI + "?error=access_denied&error_description=no", "", "no state"},
		{"empty state", "GET", ar.RedirectURI + "?code=abc&state=", "", "no state"},
		{"two states", "GET", ar.RedirectURI + "?code=abc&state=forged&state=" + f.state, "", "more than one"},
		{"favicon", "GET", base + "/favicon.ico", "", "no state"},
		{"probe", "GET", base + "/", "", "no state"},
		{"other method", "POST", ar.RedirectURI + "?code=abc&state=" + f.state, "", "method POST"},
		{"DNS rebinding", "GET", ar.RedirectURI + "?code=abc&state=" + f.state, "evil.example:80", "not a loopback"},
	}
	for i, s := range strays {
		status, page := visit(t, s.method, s.target, s.host)
		if status != http.StatusBadRequest || !strings.Contains(page, "ignored") {
			t.Errorf("%s: answered %d %q; want 400 saying it was ignored", s.name, status, page)
		}
		got := f.Strays()
		last, _ := got.Last()
		if got.Count != i+1 || !strings.Contains(last.Reason, s.why) {
			t.Errorf("%s: %d strays, last %q; want %d, %q", s.name, got.Count, last.Reason, i+1, s.why)
		}
	}
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	if status, page := visit(t, "GET", redirect, ""); status != http.StatusOK || !strings.Contains(page, "Signed in") {
		t.Errorf("the real response answered %d %q", status, page)
	}
	r := <-login
	if r.Status != Done || r.Step.ID != ACLogin.ID {
		t.Fatalf("login step: %v %v", r.Status, r.Err)
	}
	if len(r.Exchanges) != 1 || r.Exchanges[0].Request.URL != redirect {
		t.Errorf("login step recorded %d exchanges; want the real response only", len(r.Exchanges))
	}
	if r.Strays == nil || r.Strays.Count != len(strays) || len(r.Strays.Recent) != len(strays) {
		t.Fatalf("login step strays %+v; want %d", r.Strays, len(strays))
	}
	if last, _ := r.Strays.Last(); last.Exchange.Response == nil || last.Exchange.Response.StatusCode != 400 || !strings.Contains(last.Exchange.Request.URL, "evil.example") {
		t.Errorf("last stray recorded as %+v", last.Exchange)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "9 stray requests") {
		t.Errorf("login notes %v", r.Notes)
	}
	for !f.Done() {
		if r := f.Next(context.Background()); r.Status != Done {
			t.Fatalf("step %s: %v %v", r.Step.ID, r.Status, r.Err)
		}
	}
	// After the flow, the same request is refused by a closed port.
	if _, err := http.Get(ar.RedirectURI); err == nil {
		t.Error("the listener still answers after the flow")
	}
}

// TestListenerWithoutState is the check removed by hand in issue 9: a
// request without state must not skip the state comparison, neither at the
// listener nor in a pasted redirect.
func TestListenerWithoutState(t *testing.T) {
	l, err := ListenCallback("", CallbackExpect{State: "s"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, q := range []string{"?code=abc", "?code=abc&state=", "?error=access_denied", "?code=abc&state=S"} {
		if status, _ := visit(t, "GET", l.RedirectURI()+q, ""); status != http.StatusBadRequest {
			t.Errorf("%s answered %d; want 400", q, status)
		}
	}
	visit(t, "GET", l.RedirectURI()+"?code=real&state=s", "")
	if cb := <-l.Callbacks(); cb.Code != "real" {
		t.Errorf("delivered %+v; want the response with the state sent", cb)
	}
	if n := l.Strays().Count; n != 4 {
		t.Errorf("%d strays; want 4", n)
	}

	// A listener that knows no state takes nothing.
	none, err := ListenCallback("", CallbackExpect{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer none.Close()
	if status, _ := visit(t, "GET", none.RedirectURI()+"?code=abc&state=", ""); status != http.StatusBadRequest {
		t.Errorf("an empty state matched an empty expectation: %d", status)
	}

	for _, pasted := range []string{"code=abc", "http://127.0.0.1:1/callback?code=abc", "code=abc&state=", "error=access_denied"} {
		cb, err := ParseCallback(pasted)
		if err != nil {
			t.Fatal(err)
		}
		notes, err := judgeCallback(cb, CallbackExpect{State: "s"}, "")
		var ce *CallbackError
		if !errors.As(err, &ce) || !strings.Contains(ce.Problem, "state mismatch") {
			t.Errorf("pasted %q: %v (notes %v); want state mismatch", pasted, err, notes)
		}
	}
}

// TestJudgeCallback covers the checks after the state matched: the path,
// iss (RFC 9207 §2.4), the provider's error, the code; and the notes of a
// pasted bare code.
func TestJudgeCallback(t *testing.T) {
	want := CallbackExpect{State: "s", Issuer: "https://id.example"}
	required := want
	required.RequireIss = true
	listened := func(path, query string) Callback {
		q, _ := url.ParseQuery(query)
		return Callback{URL: "http://127.0.0.1:1" + path + "?" + query, Path: path, Code: q.Get("code"), State: q.Get("state"),
			Iss: q.Get("iss"), Error: q.Get("error"), ErrorDescription: q.Get("error_description")}
	}
	bare, _ := ParseCallback("abc")
	cases := []struct {
		name      string
		cb        Callback
		want      CallbackExpect
		code      string // diagnosis code; "" for success
		contains  []string
		notes     string
		antiNotes string
	}{
		{"success", listened("/callback", "code=c&state=s"), want, "", nil, "state matches", ""},
		{"success with iss", listened("/callback", "code=c&state=s&iss=https://id.example"), required, "", nil, "iss matches", ""},
		{"another path", listened("/oauth/cb", "error=redirect_uri_mismatch&error_description=not+registered&state=s"), want, "callback_path",
			[]string{`"/oauth/cb"`, `"/callback"`, "redirect_uri_mismatch", "not registered"}, "", ""},
		{"wrong iss", listened("/callback", "code=c&state=s&iss=https://evil.example"), want, "iss_mismatch", []string{"mix-up", "evil.example"}, "", ""},
		{"wrong iss on an error", listened("/callback", "error=access_denied&state=s&iss=https://evil.example"), want, "iss_mismatch", []string{"access_denied"}, "", ""},
		{"missing iss where required", listened("/callback", "code=c&state=s"), required, "iss_missing", []string{"authorization_response_iss_parameter_supported"}, "", ""},
		{"missing iss, not required", listened("/callback", "code=c&state=s"), want, "", nil, "state matches", "iss matches"},
		{"provider error", listened("/callback", "error=access_denied&state=s&iss=https://id.example"), required, "access_denied", []string{"access_denied"}, "", ""},
		{"no code", listened("/callback", "state=s"), want, "callback_incomplete", []string{"no code"}, "", ""},
		{"bare code", bare, required, "", nil, "state could not be checked: a bare code was pasted", "state matches"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := "/callback"
			if tc.cb.Pasted {
				path = ""
			}
			notes, err := judgeCallback(tc.cb, tc.want, path)
			joined := strings.Join(notes, "; ")
			if tc.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			} else {
				if err == nil {
					t.Fatalf("accepted; want %s", tc.code)
				}
				if d := Diagnose(err); d.Code != tc.code {
					t.Errorf("diagnosis %s; want %s (%v)", d.Code, tc.code, err)
				}
			}
			for _, s := range tc.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %s", err, s)
				}
			}
			if !strings.Contains(joined, tc.notes) || tc.antiNotes != "" && strings.Contains(joined, tc.antiNotes) {
				t.Errorf("notes %q; want %q and not %q", joined, tc.notes, tc.antiNotes)
			}
		})
	}
}

// TestListenerPages: what the browser is told, every value HTML-escaped
// and no control character raw.
func TestListenerPages(t *testing.T) {
	l, err := ListenCallback("", CallbackExpect{State: "s", Issuer: "https://id.example", RequireIss: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	u, _ := url.Parse(l.RedirectURI())
	hostile := url.QueryEscape("<script>alert(1)</script>" + safetexttest.All())
	status, page := visit(t, "GET", "http://"+u.Host+"/%3Cscript%3E"+url.PathEscape(safetexttest.All()), "")
	if status != http.StatusBadRequest || !strings.Contains(page, "ignored") {
		t.Errorf("stray answered %d %q", status, page)
	}
	if strings.Contains(page, "<script>") || safetexttest.Problem(page) != "" {
		t.Errorf("stray page echoes raw input: %s %q", safetexttest.Problem(page), page)
	}
	// The right state without the iss the metadata promises: refused,
	// and the flow is told (the response is ours, and was tampered with).
	status, page = visit(t, "GET", l.RedirectURI()+"?state=s&error=access_denied&error_description="+hostile, "")
	if status != http.StatusBadRequest || !strings.Contains(page, "Refused") || !strings.Contains(page, "iss") {
		t.Errorf("response without iss answered %d %q", status, page)
	}
	if strings.Contains(page, "<script>") || safetexttest.Problem(page) != "" {
		t.Errorf("verdict page echoes raw input: %s %q", safetexttest.Problem(page), page)
	}
	cb := <-l.Callbacks()
	if _, err := judgeCallback(cb, l.want, l.path); Diagnose(err).Code != "iss_missing" {
		t.Errorf("delivered callback judged %v", err)
	}
}

// TestListenerAnyPort: a loopback redirect URI registered without a port
// means any port (RFC 8252 §7.3): the listener takes a free one, the URI
// sent names it, and host and path stay as given. Port 80 would need
// privileges and is not what was registered.
func TestListenerAnyPort(t *testing.T) {
	for _, in := range []string{"http://127.0.0.1/callback", "http://localhost/oauth/cb"} {
		l, err := ListenCallback(in, CallbackExpect{State: "s"}, nil)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		got, _ := url.Parse(l.RedirectURI())
		want, _ := url.Parse(in)
		if got.Port() == "" || got.Port() == "0" || got.Port() == "80" || got.Hostname() != want.Hostname() || got.Path != want.Path {
			t.Errorf("%s: listening for %s", in, l.RedirectURI())
		}
		if _, port, _ := net.SplitHostPort(l.Addr().String()); port != got.Port() {
			t.Errorf("%s: bound %s, sends %s", in, l.Addr(), l.RedirectURI())
		}
		l.Close()
	}
}
