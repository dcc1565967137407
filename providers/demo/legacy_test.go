package demo_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestPasswordGrant: the demo answers grant_type=password in front of op
// for demo-legacy only: tokens for the demo user's credentials (an ID
// token only with openid, a refresh token only with offline_access), the
// RFC 6749 §5.2 errors otherwise, and the access token works at the API.
func TestPasswordGrant(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	token := s.Endpoints().Token
	form := func(client, password, scope string) url.Values {
		return url.Values{"grant_type": {"password"}, "client_id": {client}, "username": {demo.DemoUsername}, "password": {password}, "scope": {scope}}
	}
	r := do(t, hc, http.MethodPost, token, form("demo-legacy", demo.DemoPassword, "api.read"), nil)
	if r.status != http.StatusOK || r.body["access_token"] == nil || r.body["id_token"] != nil || r.body["refresh_token"] != nil {
		t.Fatalf("api.read: %d %s", r.status, r.raw)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", r.header.Get("Cache-Control"))
	}
	if claims := jwtClaims(t, r.body["access_token"].(string)); claims["sub"] != "demo-user-1" || claims["client_id"] != "demo-legacy" {
		t.Errorf("access token claims %v", claims)
	}
	if api := do(t, hc, http.MethodGet, s.Endpoints().API+"/reports", nil, bearer(r.body["access_token"].(string))); api.status != http.StatusOK {
		t.Errorf("the API refused the token: %d %s", api.status, api.raw)
	}
	r = do(t, hc, http.MethodPost, token, form("demo-legacy", demo.DemoPassword, "openid offline_access"), nil)
	if r.status != http.StatusOK || r.body["id_token"] == nil || r.body["refresh_token"] == nil {
		t.Fatalf("openid offline_access: %d %s", r.status, r.raw)
	}
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"wrong password", form("demo-legacy", "nope", "openid"), http.StatusBadRequest, "invalid_grant"},
		{"client not registered", form("demo-public", demo.DemoPassword, "openid"), http.StatusBadRequest, "unauthorized_client"},
		{"unknown client", form("nobody", demo.DemoPassword, "openid"), http.StatusUnauthorized, "invalid_client"},
		{"scope not allowed", form("demo-legacy", demo.DemoPassword, "api.write"), http.StatusBadRequest, "invalid_scope"},
	} {
		r := do(t, hc, http.MethodPost, token, tc.form, nil)
		if r.status != tc.status || r.body["error"] != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.status, r.raw, tc.status, tc.code)
		}
	}
}
