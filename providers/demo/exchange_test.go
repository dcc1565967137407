package demo_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

const (
	tokenExchange   = "urn:ietf:params:oauth:grant-type:token-exchange"
	typeAccessToken = "urn:ietf:params:oauth:token-type:access_token"
)

// exchange posts a token exchange request (RFC 8693 §2.1) as
// demo-exchange with form's parameters.
func exchange(t *testing.T, hc *http.Client, s *demo.Server, form url.Values) response {
	t.Helper()
	form.Set("grant_type", tokenExchange)
	return do(t, hc, http.MethodPost, s.Endpoints().Token, form, basic("demo-exchange"))
}

// basic is the Authorization header of the demo client id
// (client_secret_basic, RFC 6749 §2.3.1).
func basic(id string) http.Header {
	c, _ := demo.ClientByID(id)
	r, _ := http.NewRequest(http.MethodPost, "/", nil)
	r.SetBasicAuth(c.ID, c.Secret)
	return http.Header{"Authorization": {r.Header.Get("Authorization")}}
}

// TestTokenExchange: the demo exchanges a live access token it issued for
// a new one (RFC 8693 §2.2.1), for the demo API, without act when no actor
// token is given (impersonation) and with act naming the actor token's
// subject when one is (delegation, §4.1); the scope may only narrow.
func TestTokenExchange(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	subject := serviceToken(t, s, "api.read", "api.write")

	r := exchange(t, hc, s, url.Values{"subject_token": {subject}, "subject_token_type": {typeAccessToken}, "scope": {"api.read"}})
	if r.status != http.StatusOK || r.body["issued_token_type"] != typeAccessToken || r.body["token_type"] != "Bearer" {
		t.Fatalf("exchange: %d %s", r.status, r.raw)
	}
	claims := jwtClaims(t, r.body["access_token"].(string))
	if claims["sub"] != "demo-service" || claims["scope"] != "api.read" || claims["client_id"] != "demo-exchange" || claims["act"] != nil {
		t.Errorf("impersonation token claims: %v", claims)
	}
	if aud, _ := claims["aud"].([]any); len(aud) != 1 || aud[0] != demo.APIAudience {
		t.Errorf("aud = %v, want the demo API", claims["aud"])
	}
	if api := do(t, hc, http.MethodGet, s.Endpoints().API+"/whoami", nil, bearer(r.body["access_token"].(string))); api.status != http.StatusOK {
		t.Errorf("the demo API refuses the exchanged token: %d %s", api.status, api.raw)
	}

	actor := serviceToken(t, s, "api.read")
	r = exchange(t, hc, s, url.Values{"subject_token": {subject}, "subject_token_type": {typeAccessToken},
		"actor_token": {actor}, "actor_token_type": {typeAccessToken}, "audience": {demo.APIAudience}})
	if r.status != http.StatusOK {
		t.Fatalf("delegation: %d %s", r.status, r.raw)
	}
	claims = jwtClaims(t, r.body["access_token"].(string))
	if act, _ := claims["act"].(map[string]any); act["sub"] != "demo-service" || claims["scope"] != "api.read api.write" {
		t.Errorf("delegation token claims: %v", claims)
	}
}

// TestTokenExchangeRefusals: the errors of RFC 8693 §2.2.2 as the demo
// answers them, each naming what it refused.
func TestTokenExchangeRefusals(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	subject := serviceToken(t, s, "api.read")
	for _, tc := range []struct {
		name, code, says string
		form             url.Values
	}{
		{"audience", "invalid_target", "payroll", url.Values{"audience": {"payroll"}}},
		{"resource", "invalid_target", "https://payroll.example", url.Values{"resource": {"https://payroll.example"}}},
		{"wider scope", "invalid_scope", "api.write", url.Values{"scope": {"api.write"}}},
		{"bad subject", "invalid_request", "subject_token", url.Values{"subject_token": {"not-a-token"}}},
		{"no type", "invalid_request", "subject_token_type", url.Values{"subject_token_type": {""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"subject_token": {subject}, "subject_token_type": {typeAccessToken}}
			for k, v := range tc.form {
				form[k] = v
			}
			r := exchange(t, hc, s, form)
			if r.status != http.StatusBadRequest || r.body["error"] != tc.code || !strings.Contains(r.raw, tc.says) {
				t.Errorf("%d %s, want %s naming %s", r.status, r.raw, tc.code, tc.says)
			}
		})
	}
	// A revoked subject token is refused though its signature holds.
	rev := do(t, hc, http.MethodPost, s.Endpoints().Revocation, url.Values{"token": {subject}}, basic("demo-service"))
	if rev.status != http.StatusOK {
		t.Fatalf("revoke: %d %s", rev.status, rev.raw)
	}
	if r := exchange(t, hc, s, url.Values{"subject_token": {subject}, "subject_token_type": {typeAccessToken}}); r.body["error"] != "invalid_request" || !strings.Contains(r.raw, "not active") {
		t.Errorf("revoked subject token: %d %s", r.status, r.raw)
	}
}
