package cli

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// urlOrExit matches the authorization URL (its submatch) or the end of
// the command.
var urlOrExit = regexp.MustCompile(`(?m)^  (http://\S+/authorize\?\S+)$|^\(exited\)$`)

// runLogin runs the token command with args (an authorization-code flow
// with --no-browser), plays the browser on the demo's login page, and
// returns the exit code and the outputs.
func runLogin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		code := Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
		// A command that ends before it prints the URL ends the wait.
		_, _ = io.WriteString(&errb, "\n(exited)\n")
		done <- code
	}()
	authURL := errb.waitMatch(t, urlOrExit)
	if authURL == "" {
		code = <-done
		t.Fatalf("exit %d before the authorization URL: %s", code, errb.String())
	}
	back, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	browserGet(t, back)
	select {
	case code = <-done:
		return code, out.String(), strings.TrimSuffix(errb.String(), "\n(exited)\n")
	case <-time.After(2 * time.Minute): // a bound on a command that hangs, not a speed limit
		t.Fatal("the command did not finish")
	}
	return code, out.String(), errb.String()
}

// demoEndpointFlags gives every endpoint of srv by hand.
func demoEndpointFlags(t *testing.T) []string {
	srv := demotest.Start(t)
	e := srv.Endpoints()
	return []string{"--authorization-url", e.Authorization, "--token-url", e.Token, "--jwks-url", e.JWKS, "--userinfo-url", e.Userinfo,
		"--client-id", "demo-public", "--scope", "openid profile offline_access", "--api-url", e.API + "/whoami"}
}

// TestTokenEndpointsByHand: a server without discovery (GitHub) is used
// with every endpoint given by flags: nothing asks for metadata, and the
// ID token is still checked with the keys of --jwks-url and userinfo
// called at --userinfo-url.
func TestTokenEndpointsByHand(t *testing.T) {
	args := append([]string{"token", "-v", "--flow", "authorization-code", "--no-browser"}, demoEndpointFlags(t)...)
	code, out, errOut := runLogin(t, args...)
	if code != 0 || !strings.Contains(out, `"id_token"`) {
		t.Fatalf("exit %d, stdout %s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(errOut, "/.well-known/") {
		t.Errorf("discovery was attempted:\n%s", errOut)
	}
	for _, want := range []string{"GET /keys", "GET /userinfo", "signature"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestTokenEndpointsByHandBrokenDiscovery: an issuer whose discovery
// answers 404, with every endpoint given: the failure becomes a warning
// and the flow goes on with the endpoints given; the tokens' iss is still
// compared with the issuer given (here it differs, and says so).
func TestTokenEndpointsByHandBrokenDiscovery(t *testing.T) {
	flags := demoEndpointFlags(t)
	var token string
	for i := range flags {
		if flags[i] == "--token-url" {
			token = flags[i+1]
		}
	}
	broken := strings.TrimSuffix(token, "/oauth/token") + "/no-such-issuer"
	args := append([]string{"token", "--flow", "authorization-code", "--no-browser", "--issuer", broken}, flags...)
	code, out, errOut := runLogin(t, args...)
	if code != 0 || !strings.Contains(out, `"access_token"`) {
		t.Fatalf("exit %d, stdout %s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "warning: discovery failed") || !strings.Contains(errOut, "going on with the endpoints given by hand") {
		t.Errorf("no warning about the failed discovery:\n%s", errOut)
	}
	if !strings.Contains(errOut, "/no-such-issuer") || !strings.Contains(errOut, "iss") {
		t.Errorf("the iss mismatch with the issuer given is not reported:\n%s", errOut)
	}
}
