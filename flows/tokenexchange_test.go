package flows

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// serviceAccessToken returns an access token of the demo's client
// credentials client clientID, from a run of that grant.
func serviceAccessToken(t *testing.T, srv *demo.Server, clientID string) string {
	t.Helper()
	p := demoProvider(t, srv, clientID)
	p.Scopes = []string{"api.read", "api.write"}
	f := NewClientCredentials(p, Options{})
	for _, r := range runAll(f) {
		if r.Token != nil {
			return r.Token.AccessToken
		}
	}
	t.Fatal("the client credentials run gave no access token")
	return ""
}

// runExchange runs token exchange as demo-exchange at srv with in and
// returns every step's result by step ID, and the flow.
func runExchange(t *testing.T, p providers.Provider, in Inputs) (map[string]Result, *TokenExchange) {
	t.Helper()
	f := NewTokenExchange(p, Options{Inputs: in})
	t.Cleanup(func() { f.Close() })
	res := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		res[r.Step.ID] = r
	}
	return res, f
}

// actOf returns the act check of the issued token's verification.
func actOf(t *testing.T, r Result) inspect.Check {
	t.Helper()
	if len(r.Inspections) == 0 || r.Inspections[0].Verification == nil {
		t.Fatalf("the issued token was not verified: %+v", r.Inspections)
	}
	for _, c := range r.Inspections[0].Verification.Checks {
		if c.Name == "act" {
			return c
		}
	}
	t.Fatalf("no act check among %+v", r.Inspections[0].Verification.Checks)
	return inspect.Check{}
}

// TestTokenExchangeImpersonation: a service's access token from the demo,
// exchanged by demo-exchange without an actor token (RFC 8693 §2.1), gives
// an access token (issued_token_type, §2.2.1) that verifies, has no act
// (impersonation, §1.1) and a narrowed scope; the request and answer are
// recorded and every parameter and member explained; the subject token
// is decoded in its own step and is a secret of the flow.
func TestTokenExchangeImpersonation(t *testing.T) {
	srv := demotest.Start(t)
	subject := serviceAccessToken(t, srv, "demo-service")
	res, f := runExchange(t, demoProvider(t, srv, "demo-exchange"), Inputs{subjectTokenInput.Name: subject})
	seen := map[string]bool{}
	for _, id := range []string{Discovery.ID, TXSubject.ID, TXExchange.ID, TXVerify.ID} {
		r := res[id]
		if r.Status != Done {
			t.Fatalf("%s: %v %v", id, r.Status, r.Err)
		}
		checkWire(t, seen, r.Step, r.Exchanges, id != Discovery.ID)
	}
	if len(res[Discovery.ID].Warnings) != 0 {
		t.Errorf("pre-flight warns against the demo, which advertises token exchange: %+v", res[Discovery.ID].Warnings)
	}
	sub := res[TXSubject.ID]
	if len(sub.Inspections) != 1 || sub.Inspections[0].Label != "subject token" || sub.Inspections[0].Token.StringClaim("sub") != "demo-service" {
		t.Errorf("the subject token was not decoded: %+v", sub.Inspections)
	}
	if notes := strings.Join(sub.Notes, "\n"); !strings.Contains(notes, "names sub demo-service") || !strings.Contains(notes, "sent as access_token") {
		t.Errorf("subject notes:\n%s", notes)
	}

	ex := res[TXExchange.ID]
	body := string(ex.Exchanges[0].Request.Body)
	for _, want := range []string{"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange",
		"subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token", "scope=api.read"} {
		if !strings.Contains(body, want) {
			t.Errorf("request body lacks %s: %s", want, body)
		}
	}
	if strings.Contains(body, "actor_token") {
		t.Errorf("actor_token_type sent without an actor token: %s", body)
	}
	for _, p := range ex.Sent {
		if p.Name == "subject_token" && (p.Meaning == "" || p.Ref != "RFC 8693 §2.1" || p.Value != subject) {
			t.Errorf("subject_token sent unexplained: %+v", p)
		}
	}
	var issuedType string
	for _, p := range ex.Received {
		if p.Name == "issued_token_type" {
			issuedType = p.Value
			if p.Meaning == "" {
				t.Error("issued_token_type received unexplained")
			}
		}
	}
	if issuedType != TokenTypeAccessToken || ex.Token.TokenType != "Bearer" {
		t.Errorf("issued_token_type %q, token_type %q", issuedType, ex.Token.TokenType)
	}
	if notes := strings.Join(ex.Notes, "\n"); !strings.Contains(notes, "issued_token_type is access_token") {
		t.Errorf("exchange notes:\n%s", notes)
	}

	v := res[TXVerify.ID]
	if v.Inspections[0].Label != "issued access token" || !v.Inspections[0].Verification.Valid {
		t.Errorf("issued token: %q, verification %+v", v.Inspections[0].Label, v.Inspections[0].Verification)
	}
	issued := v.Inspections[0].Token
	if issued.StringClaim("sub") != "demo-service" || issued.StringClaim("client_id") != "demo-exchange" || issued.StringClaim("scope") != "api.read" {
		t.Errorf("issued claims: %s", issued.ClaimsJSON)
	}
	if c := actOf(t, v); c.Status != inspect.StatusPass || !strings.HasPrefix(c.Detail, "impersonation: no act claim") {
		t.Errorf("act check: %+v", c)
	}
	if !strings.Contains(strings.Join(f.Secrets(), " "), subject) {
		t.Error("the subject token is not among the secrets")
	}
	for _, n := range []string{"subject_token", "subject_token_type", "issued_token_type", "Authorization: Basic"} {
		if !seen[n] {
			t.Errorf("%q was never seen on the wire", n)
		}
	}
}

// TestTokenExchangeDelegation: the demo user's access token exchanged
// with a service's token as actor token gives a token whose act names the
// service (delegation, RFC 8693 §4.1); asked for an ID token, the answer
// says issued_token_type id_token and token_type N_A (§2.2.1).
func TestTokenExchangeDelegation(t *testing.T) {
	srv := demotest.Start(t)
	login := runLoggedIn(t, authCodeProvider(t, srv, "demo-confidential"), Options{KeepRefreshToken: true})
	user := login["token"].Token.AccessToken
	actor := serviceAccessToken(t, srv, "demo-service")
	p := demoProvider(t, srv, "demo-exchange")
	res, f := runExchange(t, p, Inputs{subjectTokenInput.Name: user, actorTokenInput.Name: actor})
	v := res[TXVerify.ID]
	if v.Status != Done {
		t.Fatalf("verify: %v %v (exchange: %v)", v.Status, v.Err, res[TXExchange.ID].Err)
	}
	userSub := res[TXSubject.ID].Inspections[0].Token.StringClaim("sub")
	c := actOf(t, v)
	if c.Status != inspect.StatusPass || !strings.Contains(c.Detail, "delegation: demo-service acts on behalf of "+userSub) {
		t.Errorf("act check: %+v", c)
	}
	if body := string(res[TXExchange.ID].Exchanges[0].Request.Body); !strings.Contains(body, "actor_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token") {
		t.Errorf("no actor_token_type: %s", body)
	}
	if s := strings.Join(f.Secrets(), " "); !strings.Contains(s, actor) {
		t.Error("the actor token is not among the secrets")
	}

	res, _ = runExchange(t, p, Inputs{subjectTokenInput.Name: user, requestedTokenTypeInput.Name: TokenTypeIDToken})
	ex := res[TXExchange.ID]
	if ex.Status != Done || ex.Token.TokenType != "N_A" {
		t.Fatalf("ID token exchange: %v %v", ex.Status, ex.Err)
	}
	notes := strings.Join(ex.Notes, "\n")
	for _, want := range []string{"issued_token_type is id_token", "token_type is N_A (not applicable)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if res[TXVerify.ID].Inspections[0].Label != "issued ID token" {
		t.Errorf("label %q", res[TXVerify.ID].Inspections[0].Label)
	}
}

// TestTokenExchangeRefusedByDemo: the demo's refusals, diagnosed as RFC
// 8693 §2.2.2 has them: invalid_target naming the audience sent; a
// revoked subject token, invalid_request; a scope wider than the subject
// token's, invalid_scope. Each ends the flow.
func TestTokenExchangeRefusedByDemo(t *testing.T) {
	srv := demotest.Start(t)
	subject := serviceAccessToken(t, srv, "demo-service")
	p := demoProvider(t, srv, "demo-exchange")

	target := p
	target.Audience = "payroll"
	res, f := runExchange(t, target, Inputs{subjectTokenInput.Name: subject})
	d := res[TXExchange.ID].Diagnosis
	if d == nil || d.Code != "invalid_target" || !strings.Contains(d.Causes[0], "audience payroll") || !strings.Contains(d.Ref, "RFC 8693 §2.2.2") {
		t.Errorf("invalid_target: %+v", d)
	}
	if !f.Done() || res[TXVerify.ID].Step.ID != "" {
		t.Error("the flow went on after a refused exchange")
	}

	wide := p
	wide.Scopes = []string{"api.read", "openid"}
	res, _ = runExchange(t, wide, Inputs{subjectTokenInput.Name: serviceAccessToken(t, srv, "demo-service")})
	if d := res[TXExchange.ID].Diagnosis; d == nil || d.Code != "invalid_scope" || !strings.Contains(strings.Join(d.Causes, " "), "narrow") {
		t.Errorf("invalid_scope: %+v", d)
	}

	res, _ = runExchange(t, p, Inputs{subjectTokenInput.Name: "not-a-token-of-this-server"})
	if n := strings.Join(res[TXSubject.ID].Notes, " "); !strings.Contains(n, "opaque") {
		t.Errorf("subject notes: %s", n)
	}
	d = res[TXExchange.ID].Diagnosis
	if d == nil || d.Code != "invalid_request" || !strings.Contains(strings.Join(d.Causes, " "), "earlier run of the embedded demo provider") {
		t.Errorf("invalid_request: %+v", d)
	}
}

// TestTokenExchangeNoSubjectToken: without a subject token nothing is
// sent, and the error names the setting.
func TestTokenExchangeNoSubjectToken(t *testing.T) {
	srv := demotest.Start(t)
	res, _ := runExchange(t, demoProvider(t, srv, "demo-exchange"), nil)
	if r := res[TXSubject.ID]; r.Status != Skipped {
		t.Errorf("subject step: %v", r.Status)
	}
	r := res[TXExchange.ID]
	if r.Status != Failed || len(r.Exchanges) != 0 || !strings.Contains(r.Err.Error(), "{setting:subject-token}") {
		t.Fatalf("status %v, %d exchanges, err %v", r.Status, len(r.Exchanges), r.Err)
	}
}
