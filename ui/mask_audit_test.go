package ui

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/flows/masktest"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// auditFlow is a client credentials run whose every step carries secrets:
// discovery records masktest's exchanges (every secret field, cookies,
// DPoP, Proxy-Authorization, URL userinfo), the token request obtains
// tokens, and the last step fails with a server error that quotes the
// client secret and a URL with userinfo.
type auditFlow struct {
	results []flows.Result
	secrets []string
	next    int
	md      *providers.Metadata
}

func (f *auditFlow) Name() string { return "Client credentials" }
func (f *auditFlow) Steps() []flows.StepInfo {
	return []flows.StepInfo{flows.Discovery, flows.CCTokenRequest, flows.VerifyAccessToken}
}
func (f *auditFlow) Done() bool        { return f.next >= len(f.results) }
func (f *auditFlow) Secrets() []string { return f.secrets }
func (f *auditFlow) Close() error      { return nil }
func (f *auditFlow) Next(context.Context) flows.Result {
	r := f.results[f.next]
	f.next++
	return completed(r, &f.md)
}

// newAuditFlow returns the flow and the secrets it holds.
func newAuditFlow(clientSecret string) (*auditFlow, []masktest.Secret) {
	fx, secrets := masktest.Exchanges()
	var exs []flows.Exchange
	for _, e := range fx {
		ex := flows.Exchange{Step: "Discovery", Err: e.Err, Start: fixedNow, Took: time.Millisecond,
			Request: flows.Message{Method: e.Method, URL: e.URL, Proto: "HTTP/1.1", Header: e.ReqHeader, Body: e.ReqBody}}
		if e.Status != 0 {
			ex.Response = &flows.Message{Status: http.StatusText(e.Status), StatusCode: e.Status, Proto: "HTTP/1.1",
				Header: e.RespHeader, Body: e.RespBody}
		}
		exs = append(exs, ex)
	}
	access, refresh, id := masktest.Fake("ui access token"), masktest.Fake("ui refresh token"), masktest.Fake("ui id token")
	secrets = append(secrets, masktest.Opaque("client secret", clientSecret),
		masktest.Token("access token", access), masktest.Token("refresh token", refresh), masktest.Token("id token", id))
	body, _ := json.Marshal(map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 3600,
		"refresh_token": refresh, "id_token": id})
	tok := &flows.TokenResponse{AccessToken: access, TokenType: "Bearer", RefreshToken: refresh, IDToken: id, ExpiresIn: 3600,
		Expiry: fixedNow.Add(time.Hour), Obtained: fixedNow, JSON: body}
	for _, n := range []string{"access_token", "token_type", "expires_in", "refresh_token", "id_token"} {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(body, &m)
		tok.Fields = append(tok.Fields, flows.Field{Name: n, Raw: m[n]})
	}
	tokenURL := masktest.WithUserinfo(testIssuer + "/oauth/token")
	tokenEx := flows.Exchange{Step: "Token request", Start: fixedNow, Took: time.Millisecond,
		Request: flows.Message{Method: "POST", URL: tokenURL, Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body:   []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {"svc"}, "client_secret": {clientSecret}}.Encode())},
		Response: &flows.Message{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"sid=" + masktest.Fake("ui cookie") + "; Path=/"}}, Body: body}}
	secrets = append(secrets, masktest.Opaque("cookie", masktest.Fake("ui cookie")))
	oe := &flows.OAuthError{Endpoint: "token endpoint", HTTPStatus: 401, Code: "invalid_client",
		Description: "invalid client_secret " + clientSecret + " at " + tokenURL, URI: "https://errors.example/?client_secret=" + url.QueryEscape(clientSecret)}
	err := errors.Join(oe, &url.Error{Op: "Post", URL: "http://" + masktest.User + ":***@127.0.0.1:1/x", Err: errors.New("EOF")})
	return &auditFlow{
		secrets: []string{clientSecret, access, refresh, id, masktest.User, masktest.Password},
		results: []flows.Result{
			{Step: flows.Discovery, Status: flows.Done, Exchanges: exs,
				Notes: []string{"metadata read from " + masktest.WithUserinfo(testIssuer+"/.well-known/openid-configuration")}},
			{Step: flows.CCTokenRequest, Status: flows.Done, Token: tok, Exchanges: []flows.Exchange{tokenEx}},
			{Step: flows.VerifyAccessToken, Status: flows.Failed, Err: err, Diagnosis: flows.Diagnose(oe)},
		},
	}, secrets
}

// TestSecretsAuditTabs renders every tab of every step of a run whose
// exchanges, tokens, errors and diagnosis carry secrets, with an issuer
// given with userinfo: no fragment of a secret beyond what masking may show
// appears on any screen until r reveals.
func TestSecretsAuditTabs(t *testing.T) {
	const clientSecret = "Xy7Q~" + "k2Lm9Pq4Rs8Tv1Wx3Yz6Ab0Cd5Ef7Gh2Ij4Kl"
	cfg := testConfig(1200)
	flow, secrets := newAuditFlow(clientSecret)
	cfg.Providers[0].Defaults = func(string) providers.Provider {
		return providers.Provider{Name: "demo", Issuer: masktest.WithUserinfo(testIssuer), ClientID: "demo-service",
			ClientSecret: clientSecret, AuthMethod: providers.AuthBasic, Scopes: []string{"api.read"}}
	}
	cfg.Providers[0].Clients = nil
	cfg.Flows[0].New = func(providers.Provider, flows.Options) flows.Flow { return flow }

	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 240, Height: 300})
	m = drive(t, m, keys("enter", "enter")...)
	var shown strings.Builder
	shown.WriteString(screenText(m)) // the settings form
	m = drive(t, m, keys("enter")...)
	if m.screen != screenSteps {
		t.Fatalf("not on the step view: screen %d", m.screen)
	}
	m = drive(t, m, keys("up", "up", "up")...)
	for step := 0; step < 3; step++ {
		for _, tab := range []string{"1", "2", "3", "4", "5", "6"} {
			m = drive(t, m, press(tab))
			shown.WriteString(screenText(m))
		}
		m = drive(t, m, press("down"))
	}
	out := shown.String()
	for _, want := range []string{"Set-Cookie", "Cookie", "Proxy-Authorization", "invalid_client", "••••@"} {
		if !strings.Contains(out, want) {
			t.Errorf("no screen shows %q: the audit does not see what it should", want)
		}
	}
	for _, leak := range masktest.Leaks(out, secrets) {
		t.Errorf("shown in clear: %s", leak)
	}
	m = drive(t, m, keys("up", "3", "r")...)
	if !strings.Contains(screenText(m), flow.results[1].Token.AccessToken) {
		t.Error("r does not reveal the access token: the audit looks at the wrong screens")
	}
}
