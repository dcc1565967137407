package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenResource runs the grant that starts from an API URL against a
// started demo, the browser scripted as for the authorization code grant:
// the API's challenge leads to its metadata and to the demo, whose token
// names the API in aud (RFC 9728, RFC 8707), and the API answers 200.
func TestTokenResource(t *testing.T) {
	srv := demotest.Start(t)
	api := srv.Endpoints().API + "/whoami"
	var out, errb syncBuffer
	args := []string{"token", "-v", "--flow", "resource", "--resource-url", api, "--no-browser",
		"--issuer", srv.Issuer(), "--client-id", "demo-public", "--auth-method", "none", "--scope", "openid api.read"}
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	authURL := waitForURL(t, &errb)
	if !strings.Contains(authURL, "resource=") {
		t.Errorf("authorization URL %s lacks resource", authURL)
	}
	redirect, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	browserGet(t, redirect)
	waitExit(t, done, &errb)
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token on stdout:\n%s", out.String())
	}
	for _, want := range []string{"Resource call", "oauth-protected-resource/api/whoami", "Resource call again", "HTTP/1.1 200 OK"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("the transcript lacks %q:\n%s", want, errb.String())
		}
	}
}
