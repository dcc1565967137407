package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestCLISecretsAudit runs the token command with -v for both flows and an
// error path: stderr (the transcript, warnings, errors) must not show the
// client secret, the code or any token; stdout holds the tokens, because
// printing them is what the user asked for.
func TestCLISecretsAudit(t *testing.T) {
	srv := demotest.Start(t)
	var stderrs []string
	var secrets = []string{"FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", "wrong-secret-0123456789"}

	code, out, errOut := run(t, nil, "token", "-v", "--issuer", srv.Issuer(), "--client-id", "demo-service",
		"--client-secret", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", "--scope", "api.read")
	if code != 0 {
		t.Fatalf("client credentials: exit %d: %s", code, errOut)
	}
	stderrs = append(stderrs, errOut)
	secrets = append(secrets, tokensIn(t, out)...)

	code, _, errOut = run(t, nil, "token", "-v", "--issuer", srv.Issuer(), "--client-id", "demo-service",
		"--client-secret", "wrong-secret-0123456789")
	if code != 1 {
		t.Fatalf("wrong secret: exit %d", code)
	}
	stderrs = append(stderrs, errOut)

	var outb, errb syncBuffer
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", []string{"token", "-v", "--flow", "authorization-code", "--manual",
			"--issuer", srv.Issuer(), "--client-id", "demo-confidential", "--client-secret", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97",
			"--scope", "openid profile offline_access api.read"}, Streams{In: pr, Out: &outb, Err: &errb})
	}()
	redirect, err := demotest.Login(context.Background(), waitForURL(t, &errb), true)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(redirect)
	secrets = append(secrets, u.Query().Get("code"))
	io.WriteString(pw, redirect+"\n")
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("authorization code: exit %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the command did not finish")
	}
	stderrs = append(stderrs, errb.String())
	secrets = append(secrets, tokensIn(t, outb.String())...)

	// The tokens spent by the refresh step are covered by the flows'
	// audit (flows/audit_test.go), which knows them.
	all := strings.Join(stderrs, "\n")
	if !strings.Contains(all, "POST /oauth/token") || !strings.Contains(all, "GET /userinfo") {
		t.Fatalf("the transcripts are not complete:\n%s", all)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(all, s) {
			t.Errorf("stderr shows a secret in clear: %.8s… (%d chars)", s, len(s))
		}
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
