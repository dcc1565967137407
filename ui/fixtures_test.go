package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// fixedNow is the clock of every test: goldens do not move with time.
var fixedNow = time.Date(2026, 11, 27, 1, 14, 10, 0, time.UTC)

const testIssuer = "http://127.0.0.1:5556"

// testSecret is the published secret of the demo client demo-service,
// which the fixtures' client credentials flow runs as.
var testSecret = demoClient("demo-service").Secret

// fakeFlow is a flows.Flow that returns fixed results, one per Next.
type fakeFlow struct {
	steps   []flows.StepInfo
	results []flows.Result
	secrets []string
	next    int
	md      *providers.Metadata
}

func (f *fakeFlow) Name() string            { return "Client credentials" }
func (f *fakeFlow) Steps() []flows.StepInfo { return f.steps }
func (f *fakeFlow) Done() bool              { return f.next >= len(f.results) }
func (f *fakeFlow) Next(ctx context.Context) flows.Result {
	if f.Done() {
		return flows.Result{Status: flows.Skipped}
	}
	r := f.results[f.next]
	f.next++
	return completed(r, &f.md)
}

// completed is r as a real flow returns it: flows.Complete fills what
// flows reads from the step's record. *md is the metadata of the run so
// far, updated from r.
func completed(r flows.Result, md **providers.Metadata) flows.Result {
	if r.Metadata != nil {
		*md = r.Metadata
	}
	flows.Complete(&r, *md)
	return r
}

func (f *fakeFlow) Close() error { return nil }

func (f *fakeFlow) Secrets() []string {
	if f.next >= 2 {
		return f.secrets
	}
	return f.secrets[:1]
}

// newFakeFlow returns the client credentials grant against the demo
// issuer as recorded, the access token's claims padded with extra roles
// claims to make the token response about bodySize bytes.
func newFakeFlow(p providers.Provider, bodySize int) *fakeFlow {
	tok, claimsJSON := testJWT(bodySize)
	body := fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","expires_in":3600,"scope":"api.read"}`, tok)
	discoBody := `{"issuer":"` + testIssuer + `","token_endpoint":"` + testIssuer + `/oauth/token","jwks_uri":"` + testIssuer + `/keys","grant_types_supported":["client_credentials","authorization_code"],"token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post","none"]}`
	start := fixedNow.Add(-2 * time.Second)
	ex := func(step, method, u string, reqH http.Header, reqBody string, status int, respBody string, took time.Duration) flows.Exchange {
		return flows.Exchange{
			Step:    step,
			Request: flows.Message{Method: method, URL: u, Proto: "HTTP/1.1", Header: reqH, Body: []byte(reqBody)},
			Response: &flows.Message{Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status, Proto: "HTTP/1.1",
				Header: http.Header{"Content-Type": {"application/json"}, "Date": {"Fri, 27 Nov 2026 01:14:08 GMT"}}, Body: []byte(respBody)},
			Start: start,
			Took:  took,
		}
	}
	md := &providers.Metadata{Issuer: testIssuer, TokenEndpoint: testIssuer + "/oauth/token", JWKSURI: testIssuer + "/keys",
		GrantTypesSupported: []string{"client_credentials", "authorization_code"}, Source: testIssuer + "/.well-known/openid-configuration"}
	tr := &flows.TokenResponse{AccessToken: tok, TokenType: "Bearer", ExpiresIn: 3600, Scope: "api.read",
		Expiry: fixedNow.Add(time.Hour), Obtained: fixedNow, JSON: json.RawMessage(body),
		Fields: []flows.Field{
			{Name: "access_token", Raw: json.RawMessage(fmt.Sprintf("%q", tok))},
			{Name: "token_type", Raw: json.RawMessage(`"Bearer"`)},
			{Name: "expires_in", Raw: json.RawMessage(`3600`)},
			{Name: "scope", Raw: json.RawMessage(`"api.read"`)},
		}}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(p.ClientID+":"+p.ClientSecret))
	token := &inspect.Token{
		Raw: tok, Kind: inspect.KindJWS, Alg: "RS256", Kid: "demo-key-1", Typ: "at+jwt",
		Header: orderedClaims(`{"alg":"RS256","kid":"demo-key-1","typ":"at+jwt"}`),
		Claims: orderedClaims(claimsJSON), ClaimsJSON: json.RawMessage(claimsJSON),
	}
	verification := &inspect.Verification{Valid: true, Checks: []inspect.Check{
		{Name: "signature", Status: inspect.StatusPass, Detail: "RS256 signature verified with key demo-key-1 from " + testIssuer + "/keys."},
		{Name: "alg", Status: inspect.StatusPass, Detail: "RS256 is advertised by the provider."},
		{Name: "iss", Status: inspect.StatusPass, Detail: "iss is " + testIssuer + " as expected."},
		{Name: "aud", Status: inspect.StatusSkip, Detail: "No audience was asked for, so aud was not checked."},
		{Name: "exp", Status: inspect.StatusPass, Detail: "Expires 2026-11-27 02:14:10 UTC (in 1h)."},
		{Name: "iat", Status: inspect.StatusWarn, Detail: "Issued 2s in the future: the clocks differ slightly."},
	}}
	return &fakeFlow{
		steps:   []flows.StepInfo{flows.Discovery, flows.CCTokenRequest, flows.VerifyAccessToken},
		secrets: []string{p.ClientSecret, tok, "", ""},
		results: []flows.Result{
			{Step: flows.Discovery, Status: flows.Done, Metadata: md,
				Notes: []string{"metadata read from " + md.Source},
				Exchanges: []flows.Exchange{
					ex("Discovery", "GET", testIssuer+"/.well-known/openid-configuration", http.Header{"Accept": {"application/json"}}, "", 200, discoBody, 1200*time.Microsecond),
				}},
			{Step: flows.CCTokenRequest, Status: flows.Done, Token: tr,
				Exchanges: []flows.Exchange{
					ex("Token request", "POST", testIssuer+"/oauth/token", http.Header{
						"Authorization": {basic},
						"Content-Type":  {"application/x-www-form-urlencoded"},
					}, "grant_type=client_credentials&scope=api.read", 200, body, 2400*time.Microsecond),
				}},
			{Step: flows.VerifyAccessToken, Status: flows.Done,
				Inspections: []flows.Inspection{{Label: "access token", Token: token, Verification: verification}},
				Exchanges: []flows.Exchange{
					ex("Verify token", "GET", testIssuer+"/keys", http.Header{}, "", 200, `{"keys":[{"kty":"RSA","kid":"demo-key-1","use":"sig","alg":"RS256","n":"0vx7agoebGcQSuuPiLJXZpt","e":"AQAB"}]}`, 800*time.Microsecond),
				}},
		},
	}
}

// testJWT builds an RS256-looking JWT (the signature is filler: nothing
// verifies it here) whose token response is about size bytes.
func testJWT(size int) (tok, claims string) {
	enc := base64.RawURLEncoding
	iat, exp := fixedNow.Unix(), fixedNow.Add(time.Hour).Unix()
	claims = fmt.Sprintf(`{"iss":%q,"sub":"demo-service","aud":["https://api.demo.local"],"exp":%d,"iat":%d,"jti":"b8c7e0f2-3c1a-4d7e-9a55-1f0e3c2d4b6a","client_id":"demo-service","scope":"api.read"}`, testIssuer, exp, iat)
	head := enc.EncodeToString([]byte(`{"alg":"RS256","kid":"demo-key-1","typ":"at+jwt"}`))
	sig := enc.EncodeToString(bytes.Repeat([]byte{0x5a, 0xa5, 0x3c}, 86))
	for i := 0; len(head)+len(enc.EncodeToString([]byte(claims)))+len(sig)+90 < size; i++ {
		claims = strings.TrimSuffix(claims, "}") + fmt.Sprintf(`,"role_%02d":"urn:demo:role:reader-%02d"}`, i, i)
	}
	return head + "." + enc.EncodeToString([]byte(claims)) + "." + sig, claims
}

// orderedClaims decodes a JSON object into claims in their order, as
// inspect.Decode does.
func orderedClaims(obj string) []inspect.Claim {
	dec := json.NewDecoder(strings.NewReader(obj))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		panic(err)
	}
	var out []inspect.Claim
	for dec.More() {
		t, _ := dec.Token()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			panic(err)
		}
		c := inspect.Claim{Name: t.(string), Raw: raw}
		vd := json.NewDecoder(bytes.NewReader(raw))
		vd.UseNumber()
		_ = vd.Decode(&c.Value)
		if n, ok := c.Value.(json.Number); ok && (c.Name == "exp" || c.Name == "iat" || c.Name == "nbf") {
			secs, _ := n.Int64()
			tm := time.Unix(secs, 0).UTC()
			c.Time = &tm
		}
		out = append(out, c)
	}
	return out
}

// testConfig is a configuration with the demo provider, an ad-hoc issuer
// and the client credentials flow, on the fixed clock.
func testConfig(bodySize int) Config {
	cc, _ := flows.GrantByID(flows.FlowIDClientCredentials)
	return Config{
		Providers: []ProviderChoice{
			{
				// As the commands list the embedded demo provider
				// (cli's demoChoice).
				Name:        "demo",
				Description: "Embedded demo provider: an OpenID provider inside this program, on 127.0.0.1; no account needed",
				Prepare:     func(context.Context) error { return nil },
				Defaults:    demoDefaults,
				Clients:     demoClients(),
			},
			{
				// As the commands list the provider of --issuer (cli's
				// customChoice).
				Name:        "custom",
				Description: "https://login.example.com",
				Defaults: func(string) providers.Provider {
					return providers.Provider{Name: "custom", Issuer: "https://login.example.com"}
				},
			},
		},
		Flows: []FlowChoice{{
			ID:          cc.ID,
			Name:        cc.Name,
			Description: cc.Summary,
			New: func(p providers.Provider, _ flows.Options) flows.Flow {
				return newFakeFlow(p, bodySize)
			},
		}},
		Options:  flows.Options{Now: func() time.Time { return fixedNow }},
		Location: time.UTC,
	}
}

// demoClient returns the demo provider's client id.
func demoClient(id string) demo.Client {
	c, ok := demo.ClientByID(id)
	if !ok {
		panic("no demo client " + id)
	}
	return c
}

// demoClients are the demo provider's clients as the commands offer them
// in the settings form (cli's demoChoice): each for the grants that suit
// it, a service client with api.read alone.
func demoClients() []ClientChoice {
	var out []ClientChoice
	for _, c := range demo.Clients() {
		cc := ClientChoice{ID: c.ID, Secret: c.Secret, Key: c.KeyPEM, AuthMethod: c.AuthMethod, Description: c.Description, Scopes: demoScopes(c)}
		for _, g := range flows.Grants() {
			if g.Suits(c.Grants) {
				cc.Flows = append(cc.Flows, g.ID)
			}
		}
		out = append(out, cc)
	}
	return out
}

// demoScopes are the scopes the settings of demo client c are prefilled
// with, as the commands fill them.
func demoScopes(c demo.Client) []string {
	if len(c.Scopes) > 0 && c.Scopes[0] == "api.read" {
		return []string{"api.read"}
	}
	return c.Scopes
}

// demoDefaults are the settings of the demo provider for the grant
// flowID: its first client that suits the grant, as the commands choose
// it; demo-service for a flow of a test that is no grant.
func demoDefaults(flowID string) providers.Provider {
	c := demoClient("demo-service")
	if g, ok := flows.GrantByID(flowID); ok {
		for _, dc := range demo.Clients() {
			if g.Suits(dc.Grants) {
				c = dc
				break
			}
		}
	}
	return providers.Provider{Name: "demo", Issuer: testIssuer, ClientID: c.ID, ClientSecret: c.Secret,
		AuthMethod: c.AuthMethod, Scopes: demoScopes(c)}
}

// press returns the key press that s names, as the terminal would send it.
func press(s string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight}, "pgdown": {Code: tea.KeyPgDown},
		"pgup": {Code: tea.KeyPgUp}, "space": {Code: tea.KeySpace, Text: " "}, "backspace": {Code: tea.KeyBackspace},
		"ctrl+n": {Code: 'n', Mod: tea.ModCtrl}, "ctrl+r": {Code: 'r', Mod: tea.ModCtrl}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
	}
	if k, ok := special[s]; ok {
		return tea.KeyPressMsg(k)
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// drive feeds msgs to m and, like the Bubble Tea runtime, the messages of
// the commands they return, until every command has returned. Nothing here
// waits on the wall clock: the models of tests are built with newTestModel,
// whose timers never fire and whose cursors do not blink, so the commands
// left are the ones that do work (a step of a fake flow, a provider's
// preparation), and drive waits for each of them however busy the machine
// is. Spinner frames are dropped so that a running step always shows the
// same frame.
func drive(tb testing.TB, m tea.Model, msgs ...tea.Msg) Model {
	tb.Helper()
	if mm, ok := m.(Model); ok && !mm.common.stillCursor {
		tb.Fatal("drive: build the model with newTestModel, whose timers do not run")
	}
	for _, msg := range msgs {
		// Each message settles (its commands' messages are handled)
		// before the next, as when a person types.
		queue := []tea.Msg{msg}
		for n := 0; len(queue) > 0; n++ {
			if n > 10000 {
				tb.Fatal("drive: the model keeps producing messages")
			}
			var cmd tea.Cmd
			m, cmd = m.Update(queue[0])
			queue = append(queue[1:], runCmd(tb, cmd)...)
		}
	}
	return m.(Model)
}

// newTestModel is New with the test clock: timers that never fire (tests
// send clockMsg and statusExpiredMsg themselves) and still cursors.
func newTestModel(cfg Config) Model {
	cfg.After = neverFires
	cfg.StillCursor = true
	return New(cfg)
}

// neverFires is Config.After for tests: time moves only when a test says.
func neverFires(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }

// stuckAfter bounds how long runCmd waits for one command before it calls
// the test a failure. It is not a wait for something to happen: a command
// that takes this long is a command that will never return (a bug, or a
// step blocked on the browser that the test should drive with a harness).
const stuckAfter = 2 * time.Minute

// runCmd runs cmd (the commands of a batch concurrently) and returns the
// messages they produce, once every one of them has returned.
func runCmd(tb testing.TB, cmd tea.Cmd) []tea.Msg {
	tb.Helper()
	if cmd == nil {
		return nil
	}
	stuck := time.NewTimer(stuckAfter)
	defer stuck.Stop()
	var out []tea.Msg
	pending := 0
	ch := make(chan tea.Msg, 64)
	start := func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { ch <- c() }()
	}
	start(cmd)
	for pending > 0 {
		select {
		case msg := <-ch:
			pending--
			switch msg := msg.(type) {
			case nil, spinner.TickMsg:
			case tea.BatchMsg:
				for _, c := range msg {
					start(c)
				}
			default:
				out = append(out, msg)
			}
		case <-stuck.C:
			tb.Fatalf("runCmd: %d command(s) did not return within %s", pending, stuckAfter)
		}
	}
	return out
}

// keys turns key names into key presses.
func keys(names ...string) []tea.Msg {
	out := make([]tea.Msg, len(names))
	for i, n := range names {
		out[i] = press(n)
	}
	return out
}

// atSteps returns a model of cfg sized w x h that has run the whole flow.
func atSteps(tb testing.TB, cfg Config, w, h int) Model {
	tb.Helper()
	m := drive(tb, newTestModel(cfg), tea.WindowSizeMsg{Width: w, Height: h})
	m = drive(tb, m, keys("enter", "enter", "enter")...)
	if m.screen != screenSteps {
		tb.Fatalf("not on the step view after choosing provider, flow and settings: screen %d", m.screen)
	}
	return m
}
