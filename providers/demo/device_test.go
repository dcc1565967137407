package demo_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func TestDeviceFlow(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	ep := s.Endpoints()
	start := func(scope string) response {
		return do(t, hc, http.MethodPost, ep.DeviceAuthorization, url.Values{"client_id": {"demo-device"}, "scope": {scope}}, nil)
	}
	poll := func(deviceCode string) response {
		return do(t, hc, http.MethodPost, ep.Token, url.Values{
			"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "client_id": {"demo-device"}, "device_code": {deviceCode},
		}, nil)
	}
	decide := func(userCode, action string) response {
		return do(t, hc, http.MethodPost, s.Issuer()+"/device", url.Values{
			"user_code": {userCode}, "username": {"demo"}, "password": {"demo"}, "action": {action},
		}, nil)
	}

	r := start("openid profile offline_access api.read")
	userCode, _ := r.body["user_code"].(string)
	deviceCode, _ := r.body["device_code"].(string)
	if r.status != http.StatusOK || userCode == "" || deviceCode == "" || r.body["verification_uri"] != s.Issuer()+"/device" {
		t.Fatalf("device authorization: %d %s", r.status, r.raw)
	}
	if r = poll(deviceCode); r.body["error"] != "authorization_pending" {
		t.Errorf("poll before approval: %d %s", r.status, r.raw)
	}
	page := do(t, hc, http.MethodGet, r2s(r.body["verification_uri_complete"], s.Issuer()+"/device?user_code="+userCode), nil, nil)
	if !strings.Contains(page.raw, "demo-device") || !strings.Contains(page.raw, "api.read") {
		t.Errorf("device page: %s", page.raw)
	}
	if r = decide(strings.ToLower(strings.ReplaceAll(userCode, "-", "")), "approve"); !strings.Contains(r.raw, "Device connected") {
		t.Fatalf("approve: %d %s", r.status, r.raw)
	}
	r = poll(deviceCode)
	if r.status != http.StatusOK || r.body["access_token"] == nil || r.body["refresh_token"] == nil || r.body["id_token"] == nil {
		t.Fatalf("token after approval: %d %s", r.status, r.raw)
	}
	if r = do(t, hc, http.MethodGet, ep.API+"/reports", nil, bearer(r.body["access_token"].(string))); r.status != http.StatusOK {
		t.Errorf("API with the device token: %d %s", r.status, r.raw)
	}
	if r = poll(deviceCode); r.status == http.StatusOK {
		t.Errorf("device_code redeemed twice: %s", r.raw)
	}

	r = start("openid")
	userCode, _ = r.body["user_code"].(string)
	decide(userCode, "deny")
	if r = poll(r.body["device_code"].(string)); r.body["error"] != "access_denied" {
		t.Errorf("poll after denial: %d %s", r.status, r.raw)
	}

	if r = start("api.write"); r.body["error"] != "invalid_scope" {
		t.Errorf("device flow with a disallowed scope: %d %s", r.status, r.raw)
	}
	r = do(t, hc, http.MethodPost, ep.DeviceAuthorization, url.Values{"client_id": {"demo-public"}, "scope": {"openid"}}, nil)
	if r.body["error"] != "unauthorized_client" {
		t.Errorf("device flow by demo-public: %d %s", r.status, r.raw)
	}
}

// r2s returns v as a string, or def.
func r2s(v any, def string) string {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return def
}
