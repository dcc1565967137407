package cli

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenPARAndRAR runs the authorization code grant with --par on and
// --authorization-details from a file, the browser scripted: the request
// is pushed, the browser gets only a request_uri, and the token response
// shows the authorization_details granted (RFC 9126, RFC 9396 §7).
func TestTokenPARAndRAR(t *testing.T) {
	details := filepath.Join(t.TempDir(), "details.json")
	if err := os.WriteFile(details, []byte("[\n  {\"type\": \"payment_initiation\", \"actions\": [\"initiate\"]}\n]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--provider", "demo",
		"--client-id", "demo-par", "--par", "on", "--authorization-details", "@" + details}
	authURL, out, errb := loginRun(t, args...)
	if !strings.Contains(authURL, "request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A") || strings.Contains(authURL, "code_challenge") {
		t.Errorf("authorization URL %s: want only client_id and request_uri", authURL)
	}
	if !strings.Contains(out.String(), `"authorization_details"`) || !strings.Contains(out.String(), "payment_initiation") {
		t.Errorf("token output lacks the authorization_details:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "Pushed authorization request") || !strings.Contains(errb.String(), "/par") {
		t.Errorf("the transcript does not show the push:\n%s", errb.String())
	}
}

// TestTokenInputsRefusedBeforeSending: a malformed --authorization-details
// or an unknown --par is refused with a sentence naming the flag (and the
// JSON error's place) before any request reaches the server.
func TestTokenInputsRefusedBeforeSending(t *testing.T) {
	var requests atomic.Int32
	srv := demotest.StartWith(t, demo.Options{OnRequest: func(string, string, int) { requests.Add(1) }})
	for _, tc := range []struct {
		flag, value string
		want        []string
	}{
		{"--authorization-details", `[{"type": "payment_initiation",}]`, []string{"--authorization-details: not valid JSON at line 1, column 32", "RFC 9396"}},
		{"--authorization-details", `{"type":"x"}`, []string{"--authorization-details", "JSON array of objects"}},
		{"--authorization-details", `[{"actions":["read"]}]`, []string{`item 1 has no "type"`}},
		{"--authorization-details", "@" + filepath.Join(t.TempDir(), "missing.json"), []string{"--authorization-details @", "no such file"}},
		{"--par", "sometimes", []string{`--par: "sometimes" is not one of auto, on, off`}},
	} {
		code, out, errOut := run(t, nil, "token", "--flow", "authorization-code", "--no-browser", "--issuer", srv.Issuer(),
			"--client-id", "demo-public", tc.flag, tc.value)
		if code == 0 || out != "" {
			t.Errorf("%s %s: exit %d, out %q", tc.flag, tc.value, code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s %s: %q lacks %q", tc.flag, tc.value, errOut, w)
			}
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server before the refusal", n)
	}
}
