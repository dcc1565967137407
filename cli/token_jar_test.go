package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenRequestObject runs the authorization code grant with
// --request-object on as demo-jar, the browser scripted: the URL carries
// only client_id and a signed request (RFC 9101 §5.1), shown decoded, and
// the flow ends with tokens.
func TestTokenRequestObject(t *testing.T) {
	var out, errb syncBuffer
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--provider", "demo",
		"--client-id", demo.JARClientID, "--request-object", "on"}
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	authURL := waitForURL(t, &errb)
	if !strings.Contains(authURL, "request=ey") || strings.Contains(authURL, "code_challenge") {
		t.Errorf("authorization URL %s: want only client_id and request", authURL)
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
	if !strings.Contains(errb.String(), "request object (ES256, typ oauth-authz-req+jwt): iss demo-jar") || !strings.Contains(errb.String(), "code_challenge") {
		t.Errorf("the notes do not show the request object:\n%s", errb.String())
	}
}
