package cli

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTUIStartFromAnAPI: the provider picker's "api" entry names no
// authorization server. Its flow picker offers only the flows that find
// theirs; the settings ask for the API's URL first and refuse to start
// without it; given the demo API's URL, the run finds the demo provider
// from the API's challenge and metadata (RFC 9728), registers a client
// there (a client ID metadata document it serves, the demo being on
// loopback), logs in and calls the API with the token, and the
// header names the issuer it found.
func TestTUIStartFromAnAPI(t *testing.T) {
	srv := demotest.Start(t)
	cmd, pf := parsedFlags(t, "--provider", "api")
	cfg, closeDemo, err := tuiConfig(context.Background(), cmd, pf, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer closeDemo()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg.Options.OpenBrowser = func(u string) error {
		go func() {
			redirect, err := demotest.Login(ctx, u, true)
			if err != nil {
				t.Errorf("login: %v", err)
				return
			}
			if res, err := http.Get(redirect); err == nil {
				res.Body.Close()
			}
		}()
		return nil
	}
	d := newTUIDriver(t, cfg, 100, 30)
	d.settle(0, "Choose a flow")
	if s := d.screen(); !strings.Contains(s, "Start from an API URL") || strings.Contains(s, "Client credentials") {
		t.Fatalf("the flow picker of a provider that names no server offers:\n%s", s)
	}
	d.send(keyPress("enter"))
	s := d.screen()
	if !strings.Contains(s, "› Resource URL   required") || !strings.Contains(s, "found by the run") {
		t.Fatalf("the settings of the API entry: the Resource URL is not asked for first:\n%s", s)
	}
	d.send(keyPress("enter"))
	if s := d.screen(); !strings.Contains(s, "Resource URL") || !strings.Contains(s, "required") || strings.Contains(s, "Steps") {
		t.Fatalf("started without a Resource URL:\n%s", s)
	}
	for _, r := range srv.Issuer() + "/api/whoami" {
		d.send(keyPress(string(r)))
	}
	d.send(keyPress("enter"))
	d.settle(0, "Flow complete")
	s = d.screen()
	for _, want := range []string{"issuer " + srv.Issuer() + " (found)", "✓ Client ID document", "✓ Resource call again"} {
		if !strings.Contains(s, want) {
			t.Errorf("the finished run does not show %q:\n%s", want, s)
		}
	}
}
