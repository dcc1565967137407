package cli

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenRedirectURIRefused: an unusable --redirect-uri is refused with
// the flag named, before any flow starts.
func TestTokenRedirectURIRefused(t *testing.T) {
	for uri, want := range map[string]string{
		"http://127.0.0.1:0/callback":     "port 0",
		"http://app.example.com/callback": "plain http",
		"http://[::1/callback":            "not a well-formed URL",
	} {
		code, out, errOut := run(t, nil, "token", "--flow", "authorization-code", "--no-browser", "--redirect-uri", uri)
		if code != 2 || out != "" || !strings.Contains(errOut, `"--redirect-uri"`) || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and a refusal naming the flag and %q", uri, code, errOut, want)
		}
		if strings.Contains(errOut, "Open this URL") {
			t.Errorf("%s: the flow started", uri)
		}
	}
}

// TestTokenAuthCodeIgnoresStrays is the acceptance of issue 9: the token
// command keeps waiting after requests without the state sent (a bare
// request, an error without state), says it ignored them, and completes
// when the browser brings the real response.
func TestTokenAuthCodeIgnoresStrays(t *testing.T) {
	redirect := "http://127.0.0.1:" + freePort(t) + "/callback"
	var out, errb syncBuffer
	args := []string{"token", "--flow", "authorization-code", "--no-browser", "--provider", "demo", "--redirect-uri", redirect}
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	authURL := waitForURL(t, &errb)
	hostile := url.QueryEscape(safetexttest.All())
	for _, stray := range []string{redirect, redirect + "?error=access_denied", redirect + "?error=access_denied&error_description=" + hostile} {
		resp, err := http.Get(stray)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%.60s answered %d; want 400", stray, resp.StatusCode)
		}
	}
	back, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	browserGet(t, back)
	waitExit(t, done, &errb)
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token printed:\n%s", out.String())
	}
	var note string
	for _, line := range strings.Split(errb.String(), "\n") {
		if strings.HasPrefix(line, "note: 3 stray requests") {
			note = line
		}
	}
	if note == "" || !strings.Contains(note, "no state") {
		t.Fatalf("no note on the stray requests:\n%s", errb.String())
	}
	if p := safetexttest.Problem(note); p != "" {
		t.Errorf("the note shows the stray raw: %s", p)
	}
}
