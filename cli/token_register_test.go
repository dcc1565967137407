package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenRegisterAuthCode runs the authorization code grant against the
// demo with --register on and no client id: the run registers a public
// native client (RFC 7591 §3) and logs in with it, the browser scripted.
func TestTokenRegisterAuthCode(t *testing.T) {
	var out, errb syncBuffer
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--provider", "demo", "--register", "on"}
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	authURL := waitForURL(t, &errb)
	if !strings.Contains(authURL, "client_id=dyn-") {
		t.Errorf("authorization URL %s: want the registered client", authURL)
	}
	redirect, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	browserGet(t, redirect)
	waitExit(t, done, &errb)
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token:\n%s", out.String())
	}
	for _, want := range []string{"Client registration", "/register", `"token_endpoint_auth_method": "none"`} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}
