package ui

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

const (
	testRedirect = "http://127.0.0.1:49152/callback"
	testState    = "af0ifjsldkjQ7xRm2v9yKw4TzpB3nL6c"
	testCode     = "SplxlOBeZQQYbYS6WxSbIA-demo-code-0042"
	testAuthURL  = testIssuer + "/authorize?client_id=demo-public&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&nonce=n-0S6_WzA2Mj5ce1aVq9LHtrTfPXd4&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback&response_type=code&scope=openid+profile+email+offline_access&state=" + testState
	testRedirURL = testRedirect + "?code=" + testCode + "&state=" + testState + "&iss=http%3A%2F%2F127.0.0.1%3A5556"
)

// fakeAuthCode is the authorization code flow as the TUI sees it: fixed
// results, and a login step that blocks like flows.AuthCode until a paste
// or the cancellation of its context.
type fakeAuthCode struct {
	steps   []flows.StepInfo
	results map[string]flows.Result
	next    int
	md      *providers.Metadata
	failed  bool

	pasted  chan string
	arrive  chan struct{} // the browser reaches the listener
	mu      sync.Mutex
	pastes  []string // every Paste call, good or bad
	sawDone atomic.Bool
	inNext  atomic.Bool
	// inWait is set while Next waits for the browser; woken once
	// something that ends the wait (a paste, the browser's arrival) is on
	// its way, so that the harness knows the wait is over before Next
	// has noticed.
	inWait atomic.Bool
	woken  atomic.Bool
	ctx    atomic.Pointer[context.Context]
	// callbackEx is the browser's request to the listener; cb is what
	// ended the wait, carried by the Callback step's result as
	// flows.AuthCode does.
	callbackEx flows.Exchange
	cb         *flows.Callback
	closes     atomic.Int32
	badClose   atomic.Bool // Close while Next ran
}

var _ flows.Paster = (*fakeAuthCode)(nil)

func (f *fakeAuthCode) Name() string            { return "Authorization code + PKCE" }
func (f *fakeAuthCode) Steps() []flows.StepInfo { return f.steps }
func (f *fakeAuthCode) Done() bool              { return f.failed || f.next >= len(f.steps) }
func (f *fakeAuthCode) Secrets() []string {
	return []string{testCode, "demo-verifier-secret-0123456789abcdef"}
}

func (f *fakeAuthCode) Close() error {
	if f.inNext.Load() {
		f.badClose.Store(true)
	}
	f.closes.Add(1)
	return nil
}

// Paste checks the input as flows.AuthCode does and queues it.
func (f *fakeAuthCode) Paste(input string) error {
	f.mu.Lock()
	f.pastes = append(f.pastes, input)
	f.mu.Unlock()
	if _, err := flows.ParseCallback(input); err != nil {
		return err
	}
	f.woken.Store(true)
	select {
	case f.pasted <- input:
		return nil
	default:
		return errors.New("a callback is already on its way")
	}
}

// parked reports whether Next is waiting for the browser and nothing has
// been done that ends the wait: the one command a settled harness may have
// running.
func (f *fakeAuthCode) parked() bool {
	if !f.inWait.Load() || f.woken.Load() {
		return false
	}
	ctx := f.ctx.Load()
	return ctx == nil || (*ctx).Err() == nil
}

// browserArrives ends the wait as the browser's request would.
func (f *fakeAuthCode) browserArrives() {
	f.woken.Store(true)
	f.arrive <- struct{}{}
}

func (f *fakeAuthCode) pasteCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.pastes...)
}

func (f *fakeAuthCode) Next(ctx context.Context) flows.Result {
	f.inNext.Store(true)
	defer f.inNext.Store(false)
	if f.Done() {
		return flows.Result{Status: flows.Skipped}
	}
	st := f.steps[f.next]
	f.next++
	r := f.results[st.ID]
	if st.ID == flows.ACLogin.ID {
		f.ctx.Store(&ctx)
		f.inWait.Store(true)
		defer f.inWait.Store(false)
		select {
		case in := <-f.pasted:
			r = flows.Result{Status: flows.Done, Notes: []string{"the redirect was pasted by hand"}}
			cb, _ := flows.ParseCallback(in)
			f.cb = &cb
		case <-f.arrive:
			f.cb = &flows.Callback{URL: f.callbackEx.Request.URL, Exchange: f.callbackEx}
		case <-ctx.Done():
			f.sawDone.Store(true)
			err := fmt.Errorf("callback: waiting cancelled: %w", context.Cause(ctx))
			r = flows.Result{Status: flows.Failed, Err: err, Diagnosis: flows.Diagnose(err)}
			f.failed = true
		}
	}
	if st.ID == flows.ACCallback.ID {
		r.Callback = f.cb
	}
	r.Step = st
	return completed(r, &f.md)
}

// newFakeAuthCode returns the flow; without an ID token the provider
// answers as plain OAuth 2.0.
func newFakeAuthCode(idToken bool) *fakeAuthCode {
	ex := func(step, method, u string, reqH http.Header, reqBody string, status int, respH http.Header, respBody string) flows.Exchange {
		return flows.Exchange{Step: step,
			Request:  flows.Message{Method: method, URL: u, Proto: "HTTP/1.1", Header: reqH, Body: []byte(reqBody)},
			Response: &flows.Message{Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status, Proto: "HTTP/1.1", Header: respH, Body: []byte(respBody)},
			Start:    fixedNow, Took: 1500 * time.Microsecond}
	}
	jsonH := http.Header{"Content-Type": {"application/json"}}
	at, _ := testJWT(900)
	const rt, rt2 = "rt-demo-0f4c2a9b8e7d6c5b4a3928170615", "rt-demo-rotated-99aa88bb77cc66dd55ee"
	idTok := testIDToken()
	decoded, err := inspect.Decode(idTok)
	if err != nil {
		panic(err)
	}
	tok := func(access, refresh, id string) *flows.TokenResponse {
		body := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": refresh}
		if id != "" {
			body["id_token"] = id
		}
		raw, _ := json.Marshal(body)
		tr := &flows.TokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: 3600, RefreshToken: refresh, IDToken: id,
			Expiry: fixedNow.Add(time.Hour), Obtained: fixedNow, JSON: raw}
		return tr
	}
	tokenNotes := []string(nil)
	idResult := flows.Result{Status: flows.Done, Inspections: []flows.Inspection{{Label: "ID token",
		Token: decoded,
		Verification: &inspect.Verification{Valid: true, Checks: []inspect.Check{
			{Name: "signature", Status: inspect.StatusPass, Detail: `verified with kid "demo-key-1" (RS256) from ` + testIssuer + "/keys"},
			{Name: "alg", Status: inspect.StatusPass, Detail: "RS256 is among the provider's advertised signing algorithms"},
			{Name: "iss", Status: inspect.StatusPass, Detail: "iss is " + testIssuer + " as expected"},
			{Name: "aud", Status: inspect.StatusPass, Detail: `aud contains this client ("demo-public")`},
			{Name: "azp", Status: inspect.StatusPass, Detail: `azp is this client ("demo-public")`},
			{Name: "exp", Status: inspect.StatusPass, Detail: "expires in 1h (2026-11-27 02:14:10 UTC)"},
			{Name: "iat", Status: inspect.StatusPass, Detail: "issued just now (2026-11-27 01:14:10 UTC)"},
			{Name: "nonce", Status: inspect.StatusPass, Detail: "nonce is the one sent in the authorization request"},
			{Name: "at_hash", Status: inspect.StatusPass, Detail: "at_hash matches the access token (SHA-256, left half)"},
		}}}}}
	if !idToken {
		idTok = ""
		tokenNotes = []string{"no id_token in the response: this is plain OAuth 2.0 (ask for the openid scope for OpenID Connect)"}
		idResult = flows.Result{Status: flows.Skipped, Notes: []string{"no ID token to verify: the server answered as a plain OAuth 2.0 server (no openid scope, or not an OpenID provider); the access token is for APIs, not proof of who the user is"}}
	}
	md := &providers.Metadata{Issuer: testIssuer, AuthorizationEndpoint: testIssuer + "/authorize", TokenEndpoint: testIssuer + "/oauth/token",
		JWKSURI: testIssuer + "/keys", UserinfoEndpoint: testIssuer + "/userinfo"}
	bearer := http.Header{"Authorization": {"Bearer " + at}, "Accept": {"application/json"}}
	callbackEx := flows.Exchange{Step: "Callback", Start: fixedNow, Took: 200 * time.Microsecond,
		Request: flows.Message{Method: "GET", URL: testRedirURL, Proto: "HTTP/1.1", Header: http.Header{"User-Agent": {"Mozilla/5.0"}}},
		Response: &flows.Message{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			Body: []byte("(a page saying: oauth-explorer received the authorization response. You can close this tab and go back to the terminal.)")}}
	testPrompt := flows.LoginPrompt(testAuthURL, testRedirect, true, flows.DefaultCallbackTimeout, fixedNow)
	testPrompt.BrowserErr = errors.New("no browser could be opened: $BROWSER (false) failed: false: exit status 1")
	f := &fakeAuthCode{
		callbackEx: callbackEx,
		steps:      []flows.StepInfo{flows.Discovery, flows.ACAuthRequest, flows.ACLogin, flows.ACCallback, flows.ACToken, flows.ACIDToken, flows.ACUserinfo, flows.ACAPICall, flows.ACRefresh},
		pasted:     make(chan string, 1),
		arrive:     make(chan struct{}),
		results: map[string]flows.Result{
			flows.Discovery.ID: {Status: flows.Done, Metadata: md,
				Exchanges: []flows.Exchange{ex("Discovery", "GET", testIssuer+"/.well-known/openid-configuration", http.Header{"Accept": {"application/json"}}, "", 200, jsonH, `{"issuer":"`+testIssuer+`"}`)}},
			flows.ACAuthRequest.ID: {Status: flows.Done, Notes: []string{"the callback listener waits on " + testRedirect},
				AuthRequest: &flows.AuthRequest{URL: testAuthURL, Params: flows.ExplainParams(testAuthURL)}, Prompt: testPrompt},
			flows.ACCallback.ID: {Status: flows.Done, Notes: []string{"state matches what was sent", "iss matches the issuer (RFC 9207)"}},
			flows.ACToken.ID: {Status: flows.Done, Token: tok(at, rt, idTok), Notes: tokenNotes,
				Exchanges: []flows.Exchange{ex("Token request", "POST", testIssuer+"/oauth/token", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
					"grant_type=authorization_code&code="+testCode+"&code_verifier=demo-verifier-secret-0123456789abcdef&client_id=demo-public&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback",
					200, jsonH, `{"access_token":"`+at+`","token_type":"Bearer","expires_in":3600}`)}},
			flows.ACIDToken.ID: idResult,
			flows.ACUserinfo.ID: {Status: flows.Done, Notes: []string{"sub matches the ID token's (OIDC Core §5.3.2)"},
				Exchanges: []flows.Exchange{ex("Userinfo", "GET", testIssuer+"/userinfo", bearer, "", 200, jsonH, `{"sub":"demo-user","name":"Demo User","email":"demo@example.com"}`)}},
			flows.ACAPICall.ID: {Status: flows.Done,
				Exchanges: []flows.Exchange{ex("API call", "GET", testIssuer+"/api/whoami", bearer, "", 200, jsonH, `{"sub":"demo-user","scope":"openid profile email offline_access"}`)}},
			flows.ACRefresh.ID: {Status: flows.Done, Token: tok(at, rt2, ""),
				Notes: []string{"the refresh token rotated: the old one is now spent; keep the new one (RFC 9700 §4.14.2)"},
				Exchanges: []flows.Exchange{ex("Refresh", "POST", testIssuer+"/oauth/token", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
					"grant_type=refresh_token&refresh_token="+rt, 200, jsonH, `{"access_token":"…","refresh_token":"`+rt2+`"}`)}},
		},
	}
	f.results[flows.ACLogin.ID] = flows.Result{Status: flows.Done, Exchanges: []flows.Exchange{callbackEx},
		Notes: []string{"the browser came back to the listener"}}
	return f
}

// testIDToken returns an ID token as the demo provider issues it.
func testIDToken() string {
	enc := base64.RawURLEncoding
	claims := fmt.Sprintf(`{"iss":%q,"sub":"demo-user","aud":["demo-public"],"azp":"demo-public","exp":%d,"iat":%d,"auth_time":%d,"nonce":"n-0S6_WzA2Mj5ce1aVq9LHtrTfPXd4","at_hash":"77QmUPtjPfzWtF2AnpK9RQ","name":"Demo User","email":"demo@example.com","email_verified":true}`,
		testIssuer, fixedNow.Add(time.Hour).Unix(), fixedNow.Unix(), fixedNow.Add(-5*time.Second).Unix())
	return enc.EncodeToString([]byte(`{"alg":"RS256","kid":"demo-key-1","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJl"
}

// authCodeConfig is testConfig with the authorization code flow, its flow
// kept in *got, on a clock the test moves.
func authCodeConfig(idToken bool, got **fakeAuthCode, now *time.Time) Config {
	cfg := testConfig(1200)
	cfg.Options.Now = func() time.Time { return *now }
	ac, _ := flows.GrantByID(flows.FlowIDAuthCode)
	cfg.Flows = []FlowChoice{{ID: ac.ID, Name: ac.Name, Description: ac.Summary, Browser: ac.Browser,
		New: func(providers.Provider, flows.Options) flows.Flow {
			f := newFakeAuthCode(idToken)
			*got = f
			return f
		}}}
	return cfg
}

// harness runs a model as the Bubble Tea runtime does, with the messages
// of commands that return late (a step blocked until a paste) handled when
// they arrive. Timers that only animate are dropped; the model's own timers
// never fire (newTestModel). It never waits on the wall clock: it counts
// the commands still running and knows (parked) when the only one left is
// a step waiting for the browser that nothing has woken.
type harness struct {
	tb      testing.TB
	m       Model
	msgs    chan tea.Msg
	pending atomic.Int32
	quit    atomic.Bool // tea.Quit ran
	// parked reports whether the flow's step is waiting for the browser
	// with nothing on its way to end the wait; nil: no such flow.
	parked func() bool
}

func newHarness(tb testing.TB, cfg Config, w, h int) *harness {
	tb.Helper()
	hs := &harness{tb: tb, m: newTestModel(cfg), msgs: make(chan tea.Msg, 256)}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// parkedOn tells the harness which fake flow may wait for the browser:
// the one *f points to when asked (a new run makes a new flow).
func (h *harness) parkedOn(f **fakeAuthCode) *harness {
	h.parked = func() bool { return *f != nil && (*f).parked() }
	return h
}

func (h *harness) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.pending.Add(1)
	go func() {
		defer h.pending.Add(-1)
		msg := cmd()
		if seq := reflect.ValueOf(msg); seq.Kind() == reflect.Slice && seq.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			// tea.Sequence: each command in turn, as the runtime does.
			for i := range seq.Len() {
				if c := seq.Index(i).Interface().(tea.Cmd); c != nil {
					h.deliver(c())
				}
			}
			return
		}
		h.deliver(msg)
	}()
}

func (h *harness) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, spinner.TickMsg, cursor.BlinkMsg, clockMsg, statusExpiredMsg:
	case tea.QuitMsg:
		h.quit.Store(true)
	case tea.BatchMsg:
		for _, c := range msg {
			h.start(c)
		}
	default:
		h.msgs <- msg
	}
}

func (h *harness) update(msg tea.Msg) {
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.start(cmd)
}

// send hands msgs to the model one by one, each settling first.
func (h *harness) send(msgs ...tea.Msg) {
	h.tb.Helper()
	for _, msg := range msgs {
		h.update(msg)
		h.settle()
	}
}

// settle handles messages until every command has returned and delivered,
// but a step parked on the browser. It polls the count (a condition, not a
// duration: the poll interval only sets how soon it notices).
func (h *harness) settle() {
	h.tb.Helper()
	stuck := time.NewTimer(stuckAfter)
	defer stuck.Stop()
	poll := time.NewTicker(time.Millisecond)
	defer poll.Stop()
	for {
		select {
		case msg := <-h.msgs:
			h.update(msg)
			continue
		default:
		}
		left := h.pending.Load()
		if left == 0 || left == 1 && h.parked != nil && h.parked() {
			if len(h.msgs) == 0 && h.pending.Load() == left {
				return
			}
			continue
		}
		select {
		case msg := <-h.msgs:
			h.update(msg)
		case <-poll.C:
		case <-stuck.C:
			h.tb.Fatalf("settle: %d command(s) still running after %s; screen:\n%s", left, stuckAfter, screenText(h.m))
		}
	}
}

// waitFor handles messages until cond holds. The limit only turns a wait
// that will never end into a failure.
func (h *harness) waitFor(what string, cond func(Model) bool) {
	h.tb.Helper()
	deadline := time.NewTimer(stuckAfter)
	defer deadline.Stop()
	for !cond(h.m) {
		select {
		case msg := <-h.msgs:
			h.update(msg)
		case <-deadline.C:
			h.tb.Fatalf("waited in vain for %s; screen:\n%s", what, screenText(h.m))
		}
	}
}
