package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/flows/masktest"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestCLISecretsAudit runs the token command with -v for both flows, error
// paths, a server that echoes the client secret and sets cookies, and URLs
// with userinfo: stderr (the transcript, warnings, errors, diagnoses) must
// show no fragment of the client secret, the code, any token, a cookie or
// the userinfo beyond what masking may show; stdout holds the tokens,
// because printing them is what the user asked for.
func TestCLISecretsAudit(t *testing.T) {
	srv := demotest.Start(t)
	var stderrs []string
	var secrets []masktest.Secret
	for _, c := range demo.Clients() {
		if c.Secret != "" {
			secrets = append(secrets, masktest.Opaque(c.ID+" secret", c.Secret))
		}
	}
	secrets = append(secrets, masktest.UserinfoSecrets()...)
	service, _ := demo.ClientByID("demo-service")
	confidential, _ := demo.ClientByID("demo-confidential")
	wrong := masktest.Fake("cli wrong secret")
	secrets = append(secrets, masktest.Opaque("wrong secret", wrong))
	tokens := func(out string) {
		for _, tok := range tokensIn(t, out) {
			secrets = append(secrets, masktest.Token("token", tok))
		}
	}

	code, out, errOut := run(t, nil, "token", "-v", "--issuer", srv.Issuer(), "--client-id", "demo-service",
		"--client-secret", service.Secret, "--scope", "api.read")
	if code != 0 {
		t.Fatalf("client credentials: exit %d: %s", code, errOut)
	}
	stderrs = append(stderrs, errOut)
	tokens(out)

	// Error paths: a wrong secret; userinfo in the issuer (discovery
	// refuses the document, which names the issuer without it) and in a
	// token URL that is not http(s).
	for _, args := range [][]string{
		{"--issuer", srv.Issuer(), "--client-id", "demo-service", "--client-secret", wrong},
		{"--issuer", masktest.WithUserinfo(srv.Issuer()), "--client-id", "demo-service", "--client-secret", service.Secret},
		{"--token-url", strings.Replace(masktest.WithUserinfo(srv.Issuer()), "http:", "ftp:", 1) + "/oauth/token", "--client-id", "demo-service", "--client-secret", service.Secret},
	} {
		code, _, errOut = run(t, nil, append([]string{"token", "-v"}, args...)...)
		if code == 0 {
			t.Fatalf("%v: exit 0", args)
		}
		stderrs = append(stderrs, errOut)
	}

	// A token endpoint, reached through a token URL with userinfo, that
	// quotes the client secret in its error and sets cookies.
	echoed := masktest.Fake("cli echoed secret")[:16] + "+/=" + masktest.Fake("cli echoed secret")[16:]
	cookie := masktest.Fake("cli cookie")
	secrets = append(secrets, masktest.Opaque("echoed secret", echoed), masktest.Opaque("cookie", cookie))
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		sec := r.PostForm.Get("client_secret")
		w.Header().Add("Set-Cookie", "SESSIONID="+cookie+"; Path=/; HttpOnly")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client",
			"error_description": "invalid client_secret " + sec,
			"error_uri":         "https://errors.example/?client_secret=" + url.QueryEscape(sec)})
	}))
	defer echo.Close()
	code, _, errOut = run(t, nil, "token", "-v", "--token-url", masktest.WithUserinfo(echo.URL)+"/token", "--client-id", "svc",
		"--client-secret", echoed, "--auth-method", "client_secret_post")
	if code != 1 || !strings.Contains(errOut, "invalid client_secret ••••••") {
		t.Fatalf("echoing server: exit %d, want 1 and the error shown masked:\n%s", code, errOut)
	}
	stderrs = append(stderrs, errOut)

	var outb, errb syncBuffer
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", []string{"token", "-v", "--flow", "authorization-code", "--manual",
			"--issuer", srv.Issuer(), "--client-id", "demo-confidential", "--client-secret", confidential.Secret,
			"--scope", "openid profile offline_access api.read"}, Streams{In: pr, Out: &outb, Err: &errb})
	}()
	redirect, err := demotest.Login(context.Background(), waitForURL(t, &errb), true)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(redirect)
	secrets = append(secrets, masktest.Token("code", u.Query().Get("code")))
	_, _ = io.WriteString(pw, redirect+"\n")
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("authorization code: exit %d: %s", code, errb.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the command did not finish")
	}
	stderrs = append(stderrs, errb.String())
	tokens(outb.String())

	// The tokens spent by the refresh step are covered by the flows'
	// audit (flows/audit_test.go), which knows them.
	all := strings.Join(stderrs, "\n")
	for _, want := range []string{"POST /oauth/token", "GET /userinfo", "Set-Cookie: SESSIONID=••••••", "http://••••@127.0.0.1:", "ftp://••••@127.0.0.1:"} {
		if !strings.Contains(all, want) {
			t.Errorf("stderr lacks %q: a case did not run as meant:\n%s", want, all)
		}
	}
	for _, leak := range masktest.Leaks(all, secrets) {
		t.Errorf("stderr shows in clear: %s", leak)
	}
}

func tokensIn(t *testing.T, out string) []string {
	t.Helper()
	var tr map[string]any
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatalf("stdout is not the token JSON: %v\n%s", err, out)
	}
	var toks []string
	for _, k := range []string{"access_token", "refresh_token", "id_token"} {
		if s, ok := tr[k].(string); ok {
			toks = append(toks, s)
		}
	}
	return toks
}
