package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// serviceArgs are the demo service client's settings at srv.
func serviceArgs(srv *demo.Server) []string {
	c, _ := demo.ClientByID("demo-service")
	return []string{"--issuer", srv.Issuer(), "--client-id", c.ID, "--client-secret", c.Secret}
}

// TestIntrospectRevokeIntrospectCommands is issue 11's acceptance on the
// command line: a token of the demo's client credentials grant introspects
// as active, is revoked, and then introspects as inactive, explained.
func TestIntrospectRevokeIntrospectCommands(t *testing.T) {
	srv := demotest.Start(t)
	args := serviceArgs(srv)
	code, tok, errOut := run(t, nil, append([]string{"token", "--output", "access-token"}, args...)...)
	if code != 0 {
		t.Fatalf("token: exit %d: %s", code, errOut)
	}
	secret := args[len(args)-1]

	code, out, errOut := run(t, strings.NewReader(tok), append([]string{"introspect"}, args...)...)
	if code != 0 || !strings.HasPrefix(out, "active: true\n") || !strings.Contains(out, "client_id: demo-service\n") {
		t.Fatalf("first introspect: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "exp: ") || !strings.Contains(errOut, "note: active: true, until exp") {
		t.Errorf("exp not shown as a time:\n%s\n%s", out, errOut)
	}

	code, out, errOut = run(t, strings.NewReader(tok), append([]string{"revoke", "-v"}, args...)...)
	if code != 0 || !strings.Contains(out, "revoked") || !strings.Contains(out, "active: false") {
		t.Fatalf("revoke: exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(errOut, strings.TrimSpace(tok)) || strings.Contains(errOut, secret) {
		t.Error("the -v transcript shows the token or the secret")
	}
	if !strings.Contains(errOut, "POST /revoke") || !strings.Contains(errOut, "token=") {
		t.Errorf("no transcript of the revocation:\n%s", errOut)
	}

	code, out, errOut = run(t, strings.NewReader(tok), append([]string{"introspect", "--output", "json"}, args...)...)
	var answer map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &answer) != nil || answer["active"] != false {
		t.Fatalf("second introspect: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "note: active: false") || !strings.Contains(errOut, "revoked") {
		t.Errorf("active: false not explained:\n%s", errOut)
	}
}

// TestTokenActionTokenSources: the token comes from stdin or the
// environment, never from an argument.
func TestTokenActionTokenSources(t *testing.T) {
	srv := demotest.Start(t)
	args := serviceArgs(srv)
	_, tok, _ := run(t, nil, append([]string{"token", "--output", "access-token"}, args...)...)

	code, _, errOut := run(t, nil, append([]string{"introspect", strings.TrimSpace(tok)}, args...)...)
	if code != 2 || !strings.Contains(errOut, "ps") || strings.Contains(errOut, strings.TrimSpace(tok)) {
		t.Errorf("a token argument: exit %d: %s", code, errOut)
	}

	t.Setenv(tokenEnv, tok)
	code, out, errOut := run(t, nil, append([]string{"introspect"}, args...)...)
	if code != 0 || !strings.HasPrefix(out, "active: true") {
		t.Errorf("from $%s with an empty stdin: exit %d %s %s", tokenEnv, code, out, errOut)
	}

	code, out, _ = run(t, strings.NewReader("not-a-token-of-this-server"), append([]string{"introspect"}, args...)...)
	if code != 0 || !strings.HasPrefix(out, "active: false") {
		t.Errorf("stdin should win over $%s: exit %d %s", tokenEnv, code, out)
	}

	t.Setenv(tokenEnv, "")
	code, _, errOut = run(t, nil, append([]string{"introspect"}, args...)...)
	if code != 1 || !strings.Contains(errOut, "no token") {
		t.Errorf("no token: exit %d: %s", code, errOut)
	}
}

// TestTokenActionRefusesTheEmbeddedDemo: without a server, there is no one
// who knows the token.
func TestTokenActionRefusesTheEmbeddedDemo(t *testing.T) {
	for _, cmd := range []string{"introspect", "revoke", "userinfo"} {
		code, _, errOut := run(t, strings.NewReader("x"), cmd)
		if code != 2 || !strings.Contains(errOut, "demo-server") {
			t.Errorf("%s: exit %d: %s", cmd, code, errOut)
		}
	}
}

// TestIntrospectHostileAnswerCommand: a member that would steer the
// terminal is shown escaped, and active as a string fails with a
// diagnosis.
func TestIntrospectHostileAnswerCommand(t *testing.T) {
	body := `{"active":true,"username":"evil\u001b]52;c;AAAA\u0007","scope":"a"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		b := body
		if r.FormValue("token") == "stringly" {
			b = `{"active":"true"}`
		}
		_, _ = w.Write([]byte(b))
	}))
	t.Cleanup(srv.Close)
	args := []string{"introspect", "--introspection-url", srv.URL, "--client-id", "rs", "--client-secret", "rs-secret-value"}
	code, out, errOut := run(t, strings.NewReader("tok"), args...)
	if code != 0 || strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "username: evil") {
		t.Fatalf("exit %d %q %s", code, out, errOut)
	}
	code, out, errOut = run(t, strings.NewReader("stringly"), args...)
	if code != 1 || out != "" || !strings.Contains(errOut, "not a JSON boolean") {
		t.Fatalf("active as a string: exit %d %q %s", code, out, errOut)
	}
}

func TestTokenActionHelp(t *testing.T) {
	for _, cmd := range []string{"introspect", "revoke", "userinfo"} {
		code, out, _ := run(t, nil, cmd, "--help")
		if code != 0 || !strings.Contains(out, tokenEnv) || strings.Contains(out, "--redirect-uri") {
			t.Errorf("%s --help: exit %d\n%s", cmd, code, out)
		}
	}
	_, out, _ := run(t, nil, "--help")
	for _, cmd := range []string{"introspect", "revoke", "userinfo"} {
		if !strings.Contains(out, "  "+cmd+" ") {
			t.Errorf("the root help does not list %s", cmd)
		}
	}
}
