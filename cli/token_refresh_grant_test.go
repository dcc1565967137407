package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// refreshTokenAt logs in at srv with the authorization code flow as
// demo-public and returns the refresh token printed, unspent.
func refreshTokenAt(t *testing.T, srv interface{ Issuer() string }) string {
	t.Helper()
	got, _ := runAuthCode(t, "--issuer", srv.Issuer(), "--client-id", "demo-public", "--scope", "openid profile offline_access")
	if got.RefreshToken == "" {
		t.Fatal("the login gave no refresh token")
	}
	return got.RefreshToken
}

// TestTokenRefreshGrant: token --flow refresh reads the refresh token from
// stdin or $OAUTH_EXPLORER_REFRESH_TOKEN, prints new tokens, says the
// refresh token rotated, and masks the token it was given in -v.
func TestTokenRefreshGrant(t *testing.T) {
	srv := demotest.Start(t)
	args := []string{"token", "-v", "--flow", "refresh", "--issuer", srv.Issuer(), "--client-id", "demo-public"}
	for _, via := range []string{"stdin", "env"} {
		t.Run(via, func(t *testing.T) {
			rt := refreshTokenAt(t, srv)
			stdin := strings.NewReader(rt + "\n")
			if via == "env" {
				t.Setenv("OAUTH_EXPLORER_REFRESH_TOKEN", rt)
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
			if got.AccessToken == "" || got.RefreshToken == "" || got.RefreshToken == rt {
				t.Errorf("no new access token and rotated refresh token: %+v", got)
			}
			if !strings.Contains(errOut, "note: the refresh token rotated") {
				t.Errorf("no rotation note:\n%s", errOut)
			}
			if !strings.Contains(errOut, "grant_type=refresh_token") || strings.Contains(errOut, rt) {
				t.Errorf("the transcript lacks the request or shows the refresh token given:\n%s", errOut)
			}
		})
	}
}

// TestTokenRefreshGrantRefusals: with no refresh token the command says
// where to give one; there is no argument or flag to give it on the
// command line; a spent refresh token fails with invalid_grant and a
// diagnosis that says it was spent.
func TestTokenRefreshGrantRefusals(t *testing.T) {
	srv := demotest.Start(t)
	base := []string{"token", "--flow", "refresh", "--issuer", srv.Issuer(), "--client-id", "demo-public"}
	t.Setenv("OAUTH_EXPLORER_REFRESH_TOKEN", "")
	code, _, errOut := run(t, strings.NewReader(""), base...)
	if code == 0 || !strings.Contains(errOut, "needs refresh token") || !strings.Contains(errOut, "$OAUTH_EXPLORER_REFRESH_TOKEN") || !strings.Contains(errOut, "stdin") {
		t.Errorf("no refresh token: exit %d:\n%s", code, errOut)
	}
	for _, extra := range [][]string{{"some-refresh-token"}, {"--refresh-token", "some-refresh-token"}} {
		code, _, errOut := run(t, strings.NewReader(""), append(append([]string{}, base...), extra...)...)
		if code == 0 || strings.Contains(errOut, "needs refresh token") {
			t.Errorf("%v was accepted or read: exit %d:\n%s", extra, code, errOut)
		}
	}
	rt := refreshTokenAt(t, srv)
	if code, _, errOut := run(t, strings.NewReader(rt), base...); code != 0 {
		t.Fatalf("first refresh: exit %d:\n%s", code, errOut)
	}
	code, out, errOut := run(t, strings.NewReader(rt), base...)
	if code != 1 || out != "" {
		t.Fatalf("spent token: exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "invalid_grant") || !strings.Contains(errOut, "already spent") || strings.Contains(errOut, rt) {
		t.Errorf("spent token: the diagnosis does not say it was spent, or shows it:\n%s", errOut)
	}
}
