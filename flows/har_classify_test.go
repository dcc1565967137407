package flows

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

func TestClassifyCaptureEntries(t *testing.T) {
	md := &providers.Metadata{Issuer: "https://id.example.com", UserinfoEndpoint: "https://id.example.com/userinfo",
		TokenEndpoint: "https://id.example.com/token", JWKSURI: "https://id.example.com/jwks"}
	cl := &classifier{metadata: []*providers.Metadata{md}, redirects: map[string]bool{"https://app.example/cb": true}, asHosts: map[string]bool{"id.example.com": true}}
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	bearer := http.Header{"Authorization": {"Bearer abc"}}
	for _, tc := range []struct {
		name, method, url, body string
		header                  http.Header
		resource                string
		want                    captureKind
	}{
		{"discovery", "GET", "https://id.example.com/.well-known/openid-configuration", "", nil, "", kindDiscovery},
		{"authorization server metadata", "GET", "https://id.example.com/.well-known/oauth-authorization-server/t1", "", nil, "", kindDiscovery},
		{"jwks by metadata", "GET", "https://id.example.com/jwks", "", nil, "", kindJWKS},
		{"authorize", "GET", "https://other.example/oauth2/v2/auth?client_id=a&response_type=code", "", nil, "", kindAuthorize},
		{"callback", "GET", "https://app.example/cb?code=x&state=y", "", nil, "document", kindCallback},
		{"form_post callback", "POST", "https://app.example/cb", "code=x&state=y", form, "document", kindCallback},
		{"token", "POST", "https://elsewhere.example/t", "grant_type=client_credentials", form, "", kindToken},
		{"preflight to userinfo", "OPTIONS", "https://id.example.com/userinfo", "", nil, "preflight", kindOther},
		{"userinfo", "GET", "https://id.example.com/userinfo", "", bearer, "fetch", kindUserinfo},
		{"api", "GET", "https://api.example/v1/me", "", bearer, "fetch", kindAPI},
		{"login page", "GET", "https://id.example.com/u/login", "", nil, "document", kindLogin},
		{"script at the server", "GET", "https://id.example.com/u/app.js", "", nil, "script", kindOther},
		{"image", "GET", "https://app.example/logo.png", "", nil, "", kindOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.header
			if h == nil {
				h = http.Header{}
			}
			ex := Exchange{Request: Message{Method: tc.method, URL: tc.url, Header: h, Body: []byte(tc.body)},
				Response: &Message{StatusCode: 200, Status: "200 OK", Header: http.Header{}}}
			if got := cl.classify(newCaptureItem(0, ex, HAREntry{ResourceType: tc.resource})); got != tc.want {
				t.Errorf("kind %d, want %d", got, tc.want)
			}
		})
	}
}

// TestExplainCustomSchemeCallback: a native app's callback, which the
// browser records without an answer (status 0), is read from its URL.
func TestExplainCustomSchemeCallback(t *testing.T) {
	har := `{"log":{"version":"1.2","entries":[` +
		`{"startedDateTime":"2026-12-02T06:40:00.000Z","request":{"method":"GET","url":"https://id.example.com/authorize?client_id=app&response_type=code&state=st-1&redirect_uri=com.example.app%3A%2Fcb"},"response":{"status":200,"headers":[{"name":"Content-Type","value":"text/html"}],"content":{"text":"<html>"}}},` +
		`{"startedDateTime":"2026-12-02T06:40:01.000Z","request":{"method":"GET","url":"com.example.app:/cb?code=abcdefgh12&state=st-1"},"response":{"status":0,"_error":"net::ERR_UNKNOWN_URL_SCHEME"}}` +
		`]}}`
	c, err := ExplainHAR(context.Background(), strings.NewReader(har), CaptureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cb := stepOf(t, c, "callback")
	if cb.Status != Done || !captureNote(cb, "state matches") || !captureNote(cb, "ERR_UNKNOWN_URL_SCHEME") {
		t.Errorf("callback %v %v %q", cb.Status, cb.Err, cb.Notes)
	}
}
