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
	args := []string{"token", "-v", "--flow", "resource", "--resource-url", api, "--no-browser",
		"--issuer", srv.Issuer(), "--client-id", "demo-public", "--auth-method", "none", "--scope", "openid api.read"}
	authURL, out, errb := loginRun(t, args...)
	if !strings.Contains(authURL, "resource=") {
		t.Errorf("authorization URL %s lacks resource", authURL)
	}
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token on stdout:\n%s", out.String())
	}
	for _, want := range []string{"Resource call", "oauth-protected-resource/api/whoami", "Resource call again", "HTTP/1.1 200 OK"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("the transcript lacks %q:\n%s", want, errb.String())
		}
	}
}

// TestTokenResourceNoClient is issue 13: only the API's URL is given, no
// issuer, no provider, no client id. The API's metadata names the demo,
// which takes client ID metadata documents and is on loopback: the run
// serves its own document right after the demo's discovery and uses its
// URL as client_id (the MCP authorization specification's order puts
// documents before registration), the user logs in, and the API answers
// 200 to the token issued for it. The run with --flow and the one without
// it (--resource-url implies it) are the same.
func TestTokenResourceNoClient(t *testing.T) {
	for _, name := range []string{"flow given", "flow implied"} {
		t.Run(name, func(t *testing.T) {
			srv := demotest.Start(t)
			api := srv.Endpoints().API + "/whoami"
			args := []string{"token", "-v", "--resource-url", api, "--no-browser"}
			if name == "flow given" {
				args = append(args, "--flow", "resource")
			}
			var out, errb syncBuffer
			done := make(chan int)
			go func() {
				done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
			}()
			authURL := waitForURL(t, &errb)
			if !strings.Contains(authURL, "resource=") || !strings.HasPrefix(authURL, srv.Issuer()) {
				t.Errorf("authorization URL %s: not the demo's, or without resource", authURL)
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
			log := errb.String()
			order := []string{"Resource call:", "Resource metadata:", srv.Issuer() + "/.well-known/openid-configuration",
				"Client ID document: GET http://127.0.0.1:", "Resource call again:", "HTTP/1.1 200 OK"}
			at := 0
			for _, want := range order {
				i := strings.Index(log[at:], want)
				if i < 0 {
					t.Fatalf("the transcript lacks %q after position %d:\n%s", want, at, log)
				}
				at += i
			}
			if !strings.Contains(log, "prefers them to dynamic registration") || strings.Contains(log, "Client registration: POST") {
				t.Errorf("no note of the client ID document, or a registration:\n%s", log)
			}
		})
	}
}
