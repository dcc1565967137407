package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// TestClientDocumentCommand prints the document to host: its client_id
// the URL, the redirect URIs given, a public client (draft-ietf-oauth-
// client-id-metadata-document §4, §4.1).
func TestClientDocumentCommand(t *testing.T) {
	code, stdout, stderr := run(t, strings.NewReader(""), "client-document", "https://app.example/oauth-client.json",
		"--redirect-uri", "http://127.0.0.1:8765/callback", "--redirect-uri", "https://app.example/cb", "--name", "My app", "--scope", "openid  api.read")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	want := map[string]any{"client_id": "https://app.example/oauth-client.json", "client_name": "My app", "token_endpoint_auth_method": "none",
		"redirect_uris": []any{"http://127.0.0.1:8765/callback", "https://app.example/cb"}, "grant_types": []any{"authorization_code", "refresh_token"},
		"response_types": []any{"code"}, "scope": "openid api.read"}
	for k, v := range want {
		if got, _ := json.Marshal(doc[k]); string(got) != mustJSON(t, v) {
			t.Errorf("%s = %s, want %s", k, got, mustJSON(t, v))
		}
	}
	if _, ok := doc["client_secret"]; ok || !strings.HasPrefix(stdout, "{\n  \"client_id\"") {
		t.Errorf("document:\n%s", stdout)
	}
	if !strings.Contains(stderr, "host this at https://app.example/oauth-client.json") || !strings.Contains(stderr, "--client-id-url") {
		t.Errorf("stderr: %s", stderr)
	}
}

// TestClientDocumentCommandErrors: each mistake is named, with the flag.
func TestClientDocumentCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"client-document"}, "give the URL"},
		{[]string{"client-document", "http://app.example/c", "--redirect-uri", "http://127.0.0.1:1/cb"}, "must use https"},
		{[]string{"client-document", "https://app.example/c#x", "--redirect-uri", "http://127.0.0.1:1/cb"}, "fragment"},
		{[]string{"client-document", "https://app.example/c"}, "give --redirect-uri"},
		{[]string{"client-document", "https://app.example/c", "--redirect-uri", "http://app.example/cb"}, `--redirect-uri "http://app.example/cb"`},
		{[]string{"client-document", "https://app.example/c", "--redirect-uri", "http://127.0.0.1:1/cb", "--name", " "}, "--name is empty"},
	} {
		code, stdout, stderr := run(t, strings.NewReader(""), tc.args...)
		if code == 0 || stdout != "" || !strings.Contains(stderr, tc.says) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want an error naming %q", tc.args, code, stdout, stderr, tc.says)
		}
	}
}

// TestClientDocumentCommandHostileName: a name made of the hostile corpus
// is printed escaped, never raw.
func TestClientDocumentCommandHostileName(t *testing.T) {
	code, stdout, stderr := run(t, strings.NewReader(""), "client-document", "https://app.example/c", "--redirect-uri", "http://127.0.0.1:1/cb", "--name", safetexttest.All())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if p := safetexttest.Problem(stdout + stderr); p != "" {
		t.Errorf("hostile text: %s", p)
	}
}

// TestTokenClientIDURLServe runs the authorization code grant against the
// demo with --client-id-url serve: the run hosts its document on
// loopback, the demo fetches it, and the token is issued to the URL.
func TestTokenClientIDURLServe(t *testing.T) {
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--provider", "demo", "--client-id-url", "serve"}
	authURL, out, errb := loginRun(t, args...)
	if !strings.Contains(authURL, "client_id=http%3A%2F%2F127.0.0.1%3A") {
		t.Errorf("authorization URL %s: want the served document's URL as client_id", authURL)
	}
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token:\n%s", out.String())
	}
	for _, want := range []string{"Client ID document: GET http://127.0.0.1:", "/oauth-client.json", "client_id_metadata_document_supported: true", "real servers require https"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}

// mustJSON is v as JSON.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
