package ui

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// These tests place the hostile corpus in every field a server, a
// callback, a token, a paste or the providers file controls, render every
// screen and tab, and require that the terminal would be given nothing to
// act on. The screens are rendered with styles that add no escape
// sequence (plainModel): the only sequences left are then the program's own
// hyperlink to the authorization URL and the cursor of a focused input,
// which terminalProblem takes out. The model
// is driven by Update alone, the commands it returns dropped and their
// messages (step results, a paste's answer) handed in by the test: no
// timing is involved.

// hostile is the whole corpus in one string, for a field that takes one
// value.
var hostile = safetexttest.All()

// ownLink matches the program's own OSC 8 hyperlink (urlLines) around the
// text it links: its URL printable, the text without a sequence of its
// own.
var ownLink = regexp.MustCompile("\x1b\\]8;id=oauth-explorer-url;([\x21-\x7e]+)\x07([^\x1b]*)\x1b\\]8;;\x07")

// inputCursor matches the cursor of a focused text input, which reverses
// the character under it whatever the styles (fit may have cut the
// character off).
var inputCursor = regexp.MustCompile("\x1b\\[7m([^\x1b]?)\x1b\\[m")

// terminalProblem is safetexttest.Problem for a screen: "" when out holds
// nothing a terminal would act on but the program's own hyperlinks and
// input cursors.
func terminalProblem(out string) string {
	out = ownLink.ReplaceAllString(out, "$2")
	return safetexttest.Problem(inputCursor.ReplaceAllString(out, "$1"))
}

// update hands msgs to m one by one; the commands returned are dropped.
func update(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// plainModel returns the model of cfg sized w x h with styles that add no
// escape sequence, so that any sequence on the screen came from the data.
func plainModel(cfg Config, w, h int) Model {
	m := update(New(cfg), tea.WindowSizeMsg{Width: w, Height: h})
	m.common.styles = &Styles{}
	m.common.help.Styles = help.Styles{}
	return m.resize()
}

// requireSafe fails when the screen, or a line of the step view's or the
// decoder's content scrolled out of it, holds something a terminal would
// act on.
func requireSafe(t *testing.T, what string, m Model) {
	t.Helper()
	screen := m.View().Content
	parts := map[string]string{"screen": screen}
	switch m.screen {
	case screenSteps:
		parts["details content"] = strings.Join(m.steps.content, "\n")
	case screenDecode:
		parts["decoder content"] = strings.Join(m.decode.resultLines(), "\n")
	}
	for part, out := range parts {
		if p := terminalProblem(out); p != "" {
			// The screen is logged escaped: raw, it would act on the
			// terminal running the tests.
			t.Errorf("%s: the %s holds %s; screen:\n%s", what, part, p, safetext.Block(screen))
		}
	}
}

// requireAllTabs checks every tab of every step of the step view.
func requireAllTabs(t *testing.T, what string, m Model) {
	t.Helper()
	for i, st := range m.steps.steps {
		for tb := range numTabs {
			mm := m.own()
			mm.steps.selected, mm.steps.tab = i, tb
			if !mm.steps.hasTab(tb) {
				continue
			}
			mm.steps = mm.steps.refresh()
			requireSafe(t, fmt.Sprintf("%s: step %q, tab %s", what, st.Title, tb.String()), mm)
		}
	}
}

// hostileJWT is a JWS whose header and claims hold the corpus in names
// and values, as a token from a hostile server or a paste would.
func hostileJWT() string {
	enc := base64.RawURLEncoding
	head := map[string]any{"alg": "RS256", "kid": hostile, "typ": hostile, hostile: safetexttest.Corpus}
	claims := map[string]any{"iss": hostile, "sub": safetexttest.Corpus[2], "aud": safetexttest.Corpus,
		"exp": fixedNow.Add(time.Hour).Unix(), "iat": fixedNow.Unix(), "nonce": hostile, "name": safetexttest.Corpus[7],
		hostile: hostile, "nested": map[string]any{hostile: safetexttest.Corpus}}
	hj, _ := json.Marshal(head)
	cj, _ := json.Marshal(claims)
	return enc.EncodeToString(hj) + "." + enc.EncodeToString(cj) + ".c2lnbmF0dXJl"
}

// hostileChecks is a verification checklist quoting the corpus, as a
// check that reports what a server sent does.
func hostileChecks() []inspect.Check {
	return []inspect.Check{
		{Name: "signature", Status: inspect.StatusFail, Detail: "no key " + hostile + " in the JWKS"},
		{Name: hostile, Status: inspect.StatusWarn, Detail: hostile},
		{Name: "iss", Status: inspect.StatusPass, Detail: hostile},
		{Name: "aud", Status: inspect.StatusSkip, Detail: hostile},
	}
}

// hostileExchange is an HTTP exchange whose request and response carry
// the corpus in the URL, the status text, the headers and the bodies.
func hostileExchange(step string) flows.Exchange {
	body := []byte(`{"error":"invalid_request` + "\x1b[31m" + `","error_description":"bad ` + "\x1b]0;PWNED\x07 thing \x1b[2J" + `","x":"` + hostile + `"}`)
	return flows.Exchange{
		Step: step,
		Request: flows.Message{Method: "POST" + safetexttest.Corpus[0], URL: "https://idp.example/token?" + hostile, Proto: "HTTP/1.1",
			Header: http.Header{"X-Hostile": safetexttest.Corpus, hostile: {hostile}, "Content-Type": {"application/x-www-form-urlencoded"}},
			Body:   []byte("grant_type=" + url.QueryEscape(hostile) + "&" + hostile)},
		Response: &flows.Message{Status: "400 Bad Request" + hostile, StatusCode: 400, Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"application/json"}, "X-Hostile": safetexttest.Corpus, "Set-Cookie": {"s=" + hostile}},
			Body:   append(body, hostile...)},
		Start: fixedNow, Took: time.Millisecond,
	}
}

// hostileDiagnosis is a diagnosis quoting the corpus, as one built from a
// server's error and error_description is.
func hostileDiagnosis() *flows.Diagnosis {
	return &flows.Diagnosis{What: hostile, Causes: safetexttest.Corpus, Try: safetexttest.Corpus, Ref: hostile, Code: safetexttest.Corpus[0]}
}

// hostileFlow is the authorization code flow as the TUI sees it, every
// value a server, the browser or the user controls hostile. The test hands
// its results to the model (stepDoneMsg); Next is never called.
type hostileFlow struct {
	done bool
	// plain drops the steps' explanations: the Explain tab then lists the
	// values as they are (keyValues) instead of beside their meanings.
	plain bool
}

var _ flows.Paster = (*hostileFlow)(nil)

func (f *hostileFlow) Name() string { return "Authorization code " + hostile }
func (f *hostileFlow) Steps() []flows.StepInfo {
	steps := []flows.StepInfo{flows.Discovery, flows.ACAuthRequest, flows.ACLogin, flows.ACCallback, flows.ACToken, flows.ACIDToken, flows.ACUserinfo}
	if f.plain {
		for i := range steps {
			steps[i].Explain = nil
		}
	}
	return steps
}

func (f *hostileFlow) Next(context.Context) flows.Result { panic("the test hands the results in") }
func (f *hostileFlow) Done() bool                        { return f.done }
func (f *hostileFlow) Secrets() []string                 { return nil }
func (f *hostileFlow) Close() error                      { return nil }
func (f *hostileFlow) Paste(string) error                { return errors.New("not a redirect URL: " + hostile) }

// hostileAuthURL is an authorization URL with the corpus in its
// parameters, percent-encoded as a URL carries it: a link.
var hostileAuthURL = testIssuer + "/authorize?client_id=" + url.QueryEscape(hostile) + "&state=" + url.QueryEscape(hostile) +
	"&redirect_uri=" + url.QueryEscape(testRedirect) + "&" + url.QueryEscape(hostile) + "=" + url.QueryEscape(hostile)

// hostileResults are the results of hostileFlow's steps, by step ID. The
// authorization URL is authURL; the callback reached the listener unless
// pasted.
func hostileResults(authURL string, pasted bool) map[string]flows.Result {
	c := safetexttest.Corpus
	tok, err := inspect.Decode(hostileJWT())
	if err != nil {
		panic(err)
	}
	tok.Warnings = append(tok.Warnings, hostile)
	callback := testRedirect + "?error=access_denied&error_description=" + url.QueryEscape("\x1b]52;c;UFdORUQ=\x07"+hostile) +
		"&state=" + url.QueryEscape(hostile) + "&" + url.QueryEscape(hostile) + "=" + url.QueryEscape(hostile)
	login := flows.Result{Status: flows.Done, Notes: []string{hostile}}
	got := &flows.Callback{URL: hostile, Pasted: true}
	if !pasted {
		login.Exchanges = []flows.Exchange{{Step: "Callback", Start: fixedNow, Took: time.Millisecond,
			Request: flows.Message{Method: "GET", URL: callback, Proto: "HTTP/1.1", Header: http.Header{"User-Agent": c}},
			Response: &flows.Message{Status: "400 Bad Request", StatusCode: 400, Proto: "HTTP/1.1",
				Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<title>" + hostile + "</title>")}}}
		got = &flows.Callback{URL: callback, Exchange: login.Exchanges[0]}
	}
	prompt := &flows.Prompt{Kind: flows.PromptBrowser, Title: hostile, Waiting: hostile, Where: hostile, URLName: hostile,
		URL: authURL, ExpiresIn: time.Minute, Deadline: fixedNow.Add(time.Minute), Paste: true,
		RedirectURI: testRedirect + hostile, Listening: true, BrowserErr: errors.New(hostile), Ref: hostile, Keeps: hostile}
	fields := []flows.Field{{Name: "access_token", Raw: json.RawMessage(`"at"`)}}
	for _, v := range append([]string{hostile}, c...) {
		raw, _ := json.Marshal(v)
		fields = append(fields, flows.Field{Name: v, Raw: raw})
	}
	return map[string]flows.Result{
		flows.Discovery.ID: {Status: flows.Done, Notes: []string{hostile},
			Metadata: &providers.Metadata{Issuer: hostile, TokenEndpoint: hostile, AuthorizationEndpoint: hostile, JWKSURI: hostile,
				UserinfoEndpoint: hostile, GrantTypesSupported: c, TokenEndpointAuthMethodsSupported: c, ScopesSupported: c, Source: hostile},
			Warnings:  []flows.Warning{{Check: hostile, Message: hostile, Ref: hostile}},
			Exchanges: []flows.Exchange{hostileExchange("Discovery")}},
		flows.ACAuthRequest.ID: {Status: flows.Done, Notes: []string{hostile},
			AuthRequest: &flows.AuthRequest{URL: authURL, Params: append(flows.ExplainParams(authURL), flows.Param{Name: hostile, Value: hostile, Explain: hostile})},
			Prompt:      prompt},
		flows.ACLogin.ID: login,
		flows.ACCallback.ID: {Status: flows.Done, Notes: c, Diagnosis: hostileDiagnosis(), Callback: got,
			Err: errors.New("the provider answered access_denied: " + hostile)},
		flows.ACToken.ID: {Status: flows.Done, Notes: []string{hostile}, Exchanges: []flows.Exchange{hostileExchange("Token request")},
			Token: &flows.TokenResponse{AccessToken: "at", TokenType: hostile, Scope: hostile, ExpiresIn: 60, Expiry: fixedNow.Add(time.Minute),
				Fields: fields, JSON: json.RawMessage(`{}`)}},
		flows.ACIDToken.ID: {Status: flows.Done, Inspections: []flows.Inspection{
			{Label: "ID token", Token: tok, Verification: &inspect.Verification{Checks: hostileChecks()}},
			{Label: "access token", DecodeErr: errors.New(hostile)},
		}},
		flows.ACUserinfo.ID: {Status: flows.Failed, Err: fmt.Errorf("userinfo: %s", hostile), Diagnosis: hostileDiagnosis(),
			Exchanges: []flows.Exchange{hostileExchange("Userinfo")}},
	}
}

// hostileConfig is a configuration whose provider's name, description and
// settings are hostile (a providers file's), running hostileFlow.
func hostileConfig(flow *hostileFlow) Config {
	cfg := testConfig(1200)
	cfg.Reveal = true // the secrets show: hostile ones too
	cfg.Warnings = []string{hostile}
	cfg.Providers = []ProviderChoice{{
		Name: hostile, Description: hostile,
		Defaults: func(string) providers.Provider {
			return providers.Provider{Name: hostile, Issuer: "https://idp.example/" + hostile, ClientID: hostile, ClientSecret: hostile,
				Scopes: safetexttest.Corpus, Audience: hostile, AuthMethod: hostile, RedirectURI: hostile, Quirks: safetexttest.Corpus}
		},
		// The form shows a client's ID when the ID typed is one's: a text
		// input drops C0 and C1 controls, but keeps bidi controls.
		Clients: []ClientChoice{{ID: safetexttest.Corpus[7], Secret: hostile, Description: hostile, Flows: []string{"authorization-code"}}},
	}}
	cfg.Flows = []FlowChoice{{ID: "authorization-code", Name: hostile, Description: hostile, Browser: true,
		New: func(providers.Provider, flows.Options) flows.Flow { return flow }}}
	return cfg
}
