package cli

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// browserHARFile writes a browser's capture of an SPA's login at a demo
// provider to a file and returns its path and content.
func browserHARFile(t *testing.T, spa demotest.SPA) (string, string) {
	t.Helper()
	srv := demotest.Start(t)
	b, err := demotest.BrowserHAR(context.Background(), srv, spa)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "login.har")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, string(b)
}

// secretsOf returns the code and the access token a capture holds.
func secretsOf(t *testing.T, har string) (code, access string) {
	t.Helper()
	code = regexp.MustCompile(`callback\?code=([A-Za-z0-9._~-]+)`).FindStringSubmatch(har)[1]
	code, _ = url.QueryUnescape(code)
	access = regexp.MustCompile(`Bearer ([A-Za-z0-9._-]+)`).FindStringSubmatch(har)[1]
	return code, access
}

func TestExplainBrowserCapture(t *testing.T) {
	path, har := browserHARFile(t, demotest.SPA{TokenTwice: true})
	code, access := secretsOf(t, har)
	status, out, errOut := run(t, nil, "explain", path)
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	for _, want := range []string{
		"Authorization code + PKCE, 9 steps from 14 entries",
		"3 of 14 entries play no part in OAuth",
		"2. Authorization request (Client → Authorization server): done",
		"4. Callback (Authorization server → Client): done",
		"note: state matches what was sent",
		"PKCE checks out",
		"ID token checks: 9 passed",
		"6. Token request (Client → Authorization server): failed",
		"error: token endpoint: invalid_grant",
		"likely cause: the capture shows the authorization code was already redeemed",
		"this code was sent to the token endpoint before",
		"9. API call (Client → Resource server): done",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, leak := range []string{code, access} {
		if strings.Contains(out, leak) {
			t.Errorf("the output holds a secret in clear: %.12s…", leak)
		}
	}
	if strings.Contains(out, "issuer: who made and signed the token") {
		t.Error("claims are explained without -v")
	}
	_, revealed, _ := run(t, nil, "explain", "--reveal", "-v", path)
	for _, want := range []string{code, "issuer: who made and signed the token", "> POST /oauth/token", "sent: code_verifier = "} {
		if !strings.Contains(revealed, want) {
			t.Errorf("--reveal -v does not show %.40q", want)
		}
	}
}

func TestExplainStdinAndOwnCapture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.har")
	if status, _, errOut := run(t, nil, "token", "--provider", "demo", "--output", "access-token", "--export", path, "--reveal"); status != 0 {
		t.Fatalf("token: %s", errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	status, out, errOut := run(t, f, "explain", "-")
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	for _, want := range []string{"Client credentials, 3 steps from 3 entries", "written by oauth-explorer", "1. Discovery", "2. Token request", "3. Verify token", "access token checks: 6 passed", "The client gets an access token for itself"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestExplainUnreadableCaptures(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := filepath.Join(dir, "huge.har")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(65<<20 + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "nope.har"), "cannot read the capture"},
		{"directory", dir, "is a directory"},
		{"huge", huge, "huge.har is 65.0 MiB, over the cap of 64 MiB"},
		{"malformed", write("bad.har", `{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":5}}]}}`), "log.entries[0].request.url: a JSON number where a string was expected"},
		{"version", write("v.har", `{"log":{"version":"3","entries":[]}}`), `log.version: version "3"`},
		{"raw escapes", write("esc.har", "{\"log\":{\"version\":\"\x1b]52;c;UFdORUQ=\x07\",\"entries\":[]}}"), `not valid JSON at line 1, column 20: invalid character '\x1b'`},
		{"escaped escapes", write("esc2.har", `{"log":{"version":"\u001b]52;c;UFdORUQ=\u0007","entries":[]}}`), `log.version: version "\x1b]52;c;UFdORUQ=\a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errOut := run(t, nil, "explain", tc.path)
			if status != 1 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", status, out, errOut, tc.want)
			}
			if p := safetexttest.Problem(errOut); p != "" {
				t.Errorf("stderr: %s", p)
			}
		})
	}
}

// TestExplainHostileCapture puts the hostile corpus in a capture's URLs,
// headers, bodies and JSON members: none of it reaches the output raw,
// with -v and --reveal too.
func TestExplainHostileCapture(t *testing.T) {
	all := safetexttest.All()
	js, _ := json.Marshal(all)
	q := url.QueryEscape(all)
	body, _ := json.Marshal(`{"error":"invalid_grant","error_description":` + string(js) + `,"access_token":` + string(js) + `}`)
	har := `{"log":{"version":"1.2","creator":{"name":` + string(js) + `,"version":"1"},"entries":[` +
		`{"startedDateTime":"2026-12-02T06:40:00.000Z","time":1,"request":{"method":"GET","url":"https://id.example.com/authorize?client_id=` + q + `&response_type=code&state=` + q + `&redirect_uri=https%3A%2F%2Fapp.example%2Fcb","headers":[{"name":"X-Evil","value":` + string(js) + `}]},` +
		`"response":{"status":302,"statusText":` + string(js) + `,"headers":[{"name":"Location","value":` + string(js) + `}],"content":{"text":` + string(js) + `}}},` +
		`{"startedDateTime":"2026-12-02T06:40:01.000Z","time":1,"request":{"method":"GET","url":"https://app.example/cb?code=abc&state=` + q + `&iss=` + q + `"},"response":{"status":200,"content":{"text":""}}},` +
		`{"startedDateTime":"2026-12-02T06:40:02.000Z","time":1,"request":{"method":"POST","url":"https://id.example.com/token","headers":[{"name":"Content-Type","value":"application/x-www-form-urlencoded"}],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=abc&code_verifier=` + q + `"}},` +
		`"response":{"status":400,"headers":[{"name":"Content-Type","value":"application/json"},{"name":"WWW-Authenticate","value":` + string(js) + `}],"content":{"mimeType":"application/json","text":` + string(body) + `}}},` +
		`{"startedDateTime":"2026-12-02T06:40:03.000Z","time":1,"request":{"method":"GET","url":"https://api.example/x","headers":[{"name":"Authorization","value":"Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIbWzMxbSJ9."}]},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":` + string(js) + `}],"content":{"text":""}}}` +
		`]}}`
	path := filepath.Join(t.TempDir(), "hostile.har")
	if err := os.WriteFile(path, []byte(har), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"explain", path}, {"explain", "-v", "--reveal", path}} {
		status, out, errOut := run(t, nil, args...)
		if status != 0 || !strings.Contains(out, "4. API call") {
			t.Fatalf("%v: exit %d: %s\n%s", args, status, errOut, out)
		}
		if p := safetexttest.Problem(out + errOut); p != "" {
			t.Errorf("%v: %s", args, p)
		}
	}
}

// TestExplainKeysFromFile: a capture without the JWK Set is verified with
// --jwks FILE, and says how to verify without it.
func TestExplainKeysFromFile(t *testing.T) {
	_, har := browserHARFile(t, demotest.SPA{})
	var h map[string]any
	if err := json.Unmarshal([]byte(har), &h); err != nil {
		t.Fatal(err)
	}
	log := h["log"].(map[string]any)
	var kept []any
	var jwks string
	for _, e := range log["entries"].([]any) {
		resp := e.(map[string]any)["response"].(map[string]any)
		text, _ := resp["content"].(map[string]any)["text"].(string)
		if strings.HasPrefix(text, `{"keys"`) {
			jwks = text
			continue
		}
		kept = append(kept, e)
	}
	log["entries"] = kept
	b, _ := json.Marshal(h)
	dir := t.TempDir()
	capture, keys := filepath.Join(dir, "nokeys.har"), filepath.Join(dir, "keys.json")
	if jwks == "" || os.WriteFile(capture, b, 0o600) != nil || os.WriteFile(keys, []byte(jwks), 0o600) != nil {
		t.Fatal("no JWKS in the capture, or files not written")
	}
	_, out, _ := run(t, nil, "explain", capture)
	if !strings.Contains(out, "give the issuer (--issuer) or the keys (--jwks)") {
		t.Errorf("without keys, the output does not say how to verify:\n%s", out)
	}
	status, out, errOut := run(t, nil, "explain", "--jwks", keys, capture)
	if status != 0 || !strings.Contains(out, "ID token verified offline with the keys given") || !strings.Contains(out, "ID token checks: 9 passed") {
		t.Errorf("exit %d %s\n%s", status, errOut, out)
	}
	if status, _, errOut := run(t, nil, "explain", "--jwks", filepath.Join(dir, "none.json"), capture); status != 1 || !strings.Contains(errOut, "--jwks: open") {
		t.Errorf("a missing --jwks file: exit %d, %s", status, errOut)
	}
}
