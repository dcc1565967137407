package demotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// SPA says how BrowserHAR's single-page app behaves.
type SPA struct {
	// TokenTwice makes the app redeem its code a second time, which the
	// server refuses (invalid_grant).
	TokenTwice bool
	// Start stamps the first entry; each next one is a millisecond later.
	// Zero means now, so that the tokens' iat is not after the capture.
	Start time.Time
}

// BrowserHAR plays a browser running a single-page app against the demo
// provider s, as a devtools capture would record it: the app's page and
// script, discovery, the authorization request and the login and consent
// pages (approved), the callback to the app's page, the token request
// with PKCE (public client demo-public), the JWKS, userinfo, the demo API
// and an image. It returns the HAR 1.2 document, JSON, with Chrome's
// _resourceType on each entry. The app is served on 127.0.0.1 until
// BrowserHAR returns.
func BrowserHAR(ctx context.Context, s *demo.Server, spa SPA) ([]byte, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	app := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/app.js":
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = io.WriteString(w, "console.log('app')")
		case "/logo.png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write([]byte{0x89, 'P', 'N', 'G', 0, 1, 2, 0xff})
		default:
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<!doctype html><title>app</title><script src=/app.js></script>")
		}
	})}
	go func() { _ = app.Serve(ln) }()
	defer app.Close()
	base := "http://" + ln.Addr().String()
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	rec := &harRecorder{base: &http.Transport{}, start: spa.Start}
	if rec.start.IsZero() {
		rec.start = time.Now().UTC()
	}
	defer rec.base.CloseIdleConnections()
	browser := &http.Client{Transport: rec, Jar: jar}
	do := func(kind, method, target string, body url.Values, header http.Header) (*http.Response, string, error) {
		rec.kind = kind
		var rd io.Reader
		if body != nil {
			rd = strings.NewReader(body.Encode())
		}
		req, err := http.NewRequestWithContext(ctx, method, target, rd)
		if err != nil {
			return nil, "", err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := browser.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, string(b), err
	}
	ep := s.Endpoints()
	steps := []func() error{
		func() error { _, _, err := do("document", "GET", base+"/", nil, nil); return err },
		func() error { _, _, err := do("script", "GET", base+"/app.js", nil, nil); return err },
		func() error { _, _, err := do("fetch", "GET", ep.Discovery, nil, nil); return err },
	}
	for _, st := range steps {
		if err := st(); err != nil {
			return nil, err
		}
	}
	verifier := random()
	sum := sha256.Sum256([]byte(verifier))
	state, nonce := random(), random()
	redirect := base + "/callback"
	auth := ep.Authorization + "?" + url.Values{
		"response_type": {"code"}, "client_id": {"demo-public"}, "redirect_uri": {redirect},
		"scope": {"openid profile email offline_access api.read"}, "state": {state}, "nonce": {nonce},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}.Encode()
	resp, page, err := do("document", "GET", auth, nil, nil)
	if err != nil {
		return nil, err
	}
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("demotest: no login form: %s", snippet(page))
	}
	action, err := resp.Request.URL.Parse(html.UnescapeString(m[1]))
	if err != nil {
		return nil, err
	}
	form := url.Values{}
	for _, in := range inputRE.FindAllStringSubmatch(page, -1) {
		form.Set(html.UnescapeString(in[1]), html.UnescapeString(in[2]))
	}
	form.Set("action", "approve")
	resp, _, err = do("document", "POST", action.String(), form, nil)
	if err != nil {
		return nil, err
	}
	code := resp.Request.URL.Query().Get("code")
	if code == "" {
		return nil, errors.New("demotest: the login did not come back with a code")
	}
	origin := http.Header{"Origin": {base}, "Accept": {"application/json"}}
	redeem := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {"demo-public"}, "code_verifier": {verifier}}
	_, body, err := do("fetch", "POST", ep.Token, redeem, origin)
	if err != nil {
		return nil, err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.AccessToken == "" {
		return nil, fmt.Errorf("demotest: no token: %s", snippet(body))
	}
	if spa.TokenTwice {
		if _, _, err := do("fetch", "POST", ep.Token, redeem, origin); err != nil {
			return nil, err
		}
	}
	bearer := http.Header{"Authorization": {"Bearer " + tok.AccessToken}, "Origin": {base}}
	for _, st := range []struct {
		kind, url string
		h         http.Header
	}{{"fetch", ep.JWKS, origin}, {"fetch", ep.Userinfo, bearer}, {"fetch", ep.API + "/whoami", bearer}, {"image", base + "/logo.png", nil}} {
		if _, _, err := do(st.kind, "GET", st.url, nil, st.h); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]string{"name": "WebInspector", "version": "537.36"},
		"pages": []any{}, "entries": rec.entries,
	}}, "", "  ")
}

// random returns 32 random bytes, base64url.
func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// harRecorder records each request as a devtools HAR entry.
type harRecorder struct {
	base    *http.Transport
	start   time.Time
	kind    string
	mu      sync.Mutex
	entries []map[string]any
}

// RoundTrip implements http.RoundTripper.
func (h *harRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := h.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	h.mu.Lock()
	defer h.mu.Unlock()
	content := map[string]any{"size": len(body), "mimeType": resp.Header.Get("Content-Type"), "text": string(body)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") {
		content["text"], content["encoding"] = base64.StdEncoding.EncodeToString(body), "base64"
	}
	entry := map[string]any{
		"startedDateTime": h.start.Add(time.Duration(len(h.entries)) * time.Millisecond).Format("2006-01-02T15:04:05.000Z"),
		"time":            0.5, "_resourceType": h.kind,
		"request": map[string]any{"method": req.Method, "url": req.URL.String(), "httpVersion": "HTTP/1.1",
			"headers": pairs(req.Header), "queryString": []any{}, "cookies": []any{}, "headersSize": -1, "bodySize": len(reqBody)},
		"response": map[string]any{"status": resp.StatusCode, "statusText": strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode))),
			"httpVersion": "HTTP/1.1", "headers": pairs(resp.Header), "cookies": []any{}, "content": content,
			"redirectURL": resp.Header.Get("Location"), "headersSize": -1, "bodySize": len(body)},
		"cache": map[string]any{}, "timings": map[string]any{"send": 0, "wait": 0.5, "receive": 0},
	}
	if reqBody != nil {
		entry["request"].(map[string]any)["postData"] = map[string]any{"mimeType": req.Header.Get("Content-Type"), "text": string(reqBody)}
	}
	h.entries = append(h.entries, entry)
	return resp, nil
}

// pairs lists a header as HAR name/value pairs, as Chrome writes them
// (lower case for HTTP/2; here as sent).
func pairs(h http.Header) []map[string]string {
	out := []map[string]string{}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, map[string]string{"name": k, "value": v})
		}
	}
	return out
}
