package cli

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenPasswordGrant: token --flow password takes the username from
// --username and the password from stdin or $OAUTH_EXPLORER_PASSWORD,
// prints the tokens, and never shows the password in -v.
func TestTokenPasswordGrant(t *testing.T) {
	srv := demotest.Start(t)
	args := []string{"token", "-v", "--flow", "password", "--issuer", srv.Issuer(), "--client-id", "demo-legacy", "--username", demo.DemoUsername}
	for _, via := range []string{"stdin", "env"} {
		t.Run(via, func(t *testing.T) {
			stdin := strings.NewReader(demo.DemoPassword + "\n")
			if via == "env" {
				t.Setenv("OAUTH_EXPLORER_PASSWORD", demo.DemoPassword)
				stdin = strings.NewReader("")
			}
			code, out, errOut := run(t, stdin, args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, errOut)
			}
			var got tokenSetOutput
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, out)
			}
			if got.AccessToken == "" {
				t.Errorf("no access token: %s", out)
			}
			if !strings.Contains(errOut, "grant_type=password") || strings.Contains(errOut, "password="+demo.DemoPassword) {
				t.Errorf("the transcript lacks the request or shows the password:\n%s", errOut)
			}
			if !strings.Contains(errOut, "RFC 9700 §2.4") {
				t.Errorf("no note on why the grant is gone:\n%s", errOut)
			}
		})
	}
}

// TestTokenPasswordRefusals: no password given says where to give one,
// and no flag takes it; a wrong one fails with invalid_grant and a
// diagnosis about the user's credentials.
func TestTokenPasswordRefusals(t *testing.T) {
	srv := demotest.Start(t)
	base := []string{"token", "--flow", "password", "--issuer", srv.Issuer(), "--client-id", "demo-legacy", "--username", demo.DemoUsername}
	t.Setenv("OAUTH_EXPLORER_PASSWORD", "")
	code, _, errOut := run(t, strings.NewReader(""), base...)
	if code == 0 || !strings.Contains(errOut, "needs password") || !strings.Contains(errOut, "$OAUTH_EXPLORER_PASSWORD") {
		t.Errorf("no password: exit %d:\n%s", code, errOut)
	}
	if code, _, errOut := run(t, strings.NewReader(""), append(append([]string{}, base...), "--password", "x")...); code == 0 || !strings.Contains(errOut, "unknown flag") {
		t.Errorf("--password was accepted: exit %d:\n%s", code, errOut)
	}
	code, out, errOut := run(t, strings.NewReader("wrong\n"), base...)
	if code != 1 || out != "" || !strings.Contains(errOut, "invalid_grant") || !strings.Contains(errOut, "the username or the password is wrong") {
		t.Errorf("wrong password: exit %d:\n%s%s", code, out, errOut)
	}
}

// TestTokenImplicitGrant runs token --flow implicit with a scripted
// browser: the demo user logs in, and the browser loads the redirect URI
// and runs the relay page's job, posting the fragment back. With
// --manual the address with its fragment is pasted instead.
func TestTokenImplicitGrant(t *testing.T) {
	for _, manual := range []bool{false, true} {
		t.Run(map[bool]string{false: "relay", true: "manual"}[manual], func(t *testing.T) {
			var out, errb syncBuffer
			pr, pw := io.Pipe()
			args := []string{"token", "-v", "--flow", "implicit", "--no-browser", "--provider", "demo"}
			if manual {
				args = append(args, "--manual")
			}
			done := make(chan int)
			go func() {
				done <- Execute(context.Background(), "test", args, Streams{In: pr, Out: &out, Err: &errb})
			}()
			authURL := waitForURL(t, &errb)
			redirect, err := demotest.Login(context.Background(), authURL, true)
			if err != nil {
				t.Fatal(err)
			}
			if manual {
				io.WriteString(pw, redirect+"\n")
			} else if _, _, err := demotest.Relay(context.Background(), nil, redirect); err != nil {
				t.Fatal(err)
			}
			waitExit(t, done, &errb)
			pw.Close()
			var got tokenSetOutput
			if err := json.Unmarshal([]byte(out.String()), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
			}
			if got.AccessToken == "" || got.IDToken == "" || got.RefreshToken != "" {
				t.Errorf("want an access and an ID token, no refresh token: %s", out.String())
			}
			errOut := errb.String()
			if !strings.Contains(errOut, "response_type=id_token+token") || !strings.Contains(errOut, "no refresh token: the implicit grant never issues one") {
				t.Errorf("the transcript lacks the request or the note:\n%s", errOut)
			}
			if strings.Contains(errOut, got.AccessToken) {
				t.Errorf("-v shows the access token:\n%s", errOut)
			}
		})
	}
}
