package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// lines returns the lines of s that start with prefix.
func lines(s, prefix string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

// TestTokenNotesAuthCode: the token command says on stderr, one note a
// line, what it saw: the ID token's checks in one line, and why no refresh
// token came (none was asked), naming the flag to change. -q silences the
// notes.
func TestTokenNotesAuthCode(t *testing.T) {
	srv := demotest.Start(t)
	args := []string{"token", "--flow", "authorization-code", "--no-browser", "--issuer", srv.Issuer(),
		"--client-id", "demo-public", "--scope", "openid profile"}
	code, _, errOut := runLogin(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	notes := strings.Join(lines(errOut, "note: "), "\n")
	for _, want := range []string{
		"note: ID token checks: 9 passed (signature, alg, iss, aud, azp, exp, iat, nonce, at_hash)",
		"note: no refresh token: none was asked for; add offline_access to --scope (OpenID Connect Core §11)",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(notes, "{setting:") || strings.Contains(notes, "callback listener waits on") {
		t.Errorf("a note is not in the command line's words, or repeats the login prompt:\n%s", notes)
	}

	code, _, errOut = runLogin(t, append(args, "-q")...)
	if code != 0 || len(lines(errOut, "note: ")) != 0 {
		t.Errorf("exit %d; -q left notes:\n%s", code, errOut)
	}
}

// TestTokenNoteOfflineAccessIgnored models a server that ignores
// offline_access without prompt=consent, as OpenID Connect Core §11 allows
// (Google answers so without access_type=offline and prompt=consent:
// https://developers.google.com/identity/protocols/oauth2/web-server#offline):
// the demo's token endpoint behind a proxy that drops the refresh token.
// The note names offline_access, prompt=consent and --prompt.
func TestTokenNoteOfflineAccessIgnored(t *testing.T) {
	srv := demotest.Start(t)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		resp, err := http.PostForm(srv.Endpoints().Token, r.PostForm)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		var body map[string]any
		b, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(b, &body)
		delete(body, "refresh_token")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.StatusCode)
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(proxy.Close)
	code, out, errOut := runLogin(t, "token", "--flow", "authorization-code", "--no-browser", "--issuer", srv.Issuer(),
		"--token-url", proxy.URL, "--client-id", "demo-public", "--scope", "openid offline_access")
	if code != 0 || strings.Contains(out, "refresh_token") {
		t.Fatalf("exit %d, stdout %s: %s", code, out, errOut)
	}
	want := "note: no refresh token although the offline_access scope was asked: OpenID Connect Core §11 lets the server ignore offline_access unless the request carries prompt=consent (--prompt consent)"
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
}

// TestTokenNoteScopeNarrowed: a server may grant less than asked (RFC 6749
// §3.3; Keycloak and Okta leave out the scopes a client may not have
// instead of refusing them); the note names what was dropped, and the
// opaque access token is named too. -q keeps the warnings: the
// pre-flight ones (the demo does not list scope admin) and the others.
func TestTokenNoteScopeNarrowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"opaque-handle-1234567890","token_type":"Bearer","expires_in":3600,"scope":"api.read"}`)
	}))
	t.Cleanup(srv.Close)
	args := []string{"token", "--token-url", srv.URL + "/token", "--client-id", "svc", "--client-secret", "s3cret-value-123456", "--scope", "api.read api.write"}
	code, _, errOut := run(t, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`note: the server granted less scope than asked: api.write dropped; granted "api.read" (RFC 6749 §3.3)`,
		"note: the access token is opaque",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	_, _, errOut = run(t, nil, append(args, "--quiet", "--insecure")...)
	if len(lines(errOut, "note: ")) != 0 || len(lines(errOut, "warning: ")) != 1 {
		t.Errorf("--quiet: want the --insecure warning and no notes:\n%s", errOut)
	}
	_, _, errOut = run(t, nil, "token", "-q", "--provider", "demo", "--scope", "api.read admin")
	if len(lines(errOut, "note: ")) != 0 || !strings.Contains(errOut, "warning: the server does not list scope admin") {
		t.Errorf("-q: want the pre-flight warning and no notes:\n%s", errOut)
	}
}
