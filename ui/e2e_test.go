package ui_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// TestEndToEnd drives the program in a virtual 80x24 terminal against the
// embedded demo provider: provider picker → flow picker → settings → the
// client credentials grant, until the token is obtained and verified, then
// copies the token with c.
// e2eLimit only turns a wait that will never end into a failure; the
// waits themselves end on what the screen shows.
const e2eLimit = 2 * time.Minute

func TestEndToEnd(t *testing.T) {
	srv := demotest.Start(t)
	client, ok := demo.ClientByID("demo-service")
	if !ok {
		t.Fatal("the demo has no demo-service client")
	}
	var prepared atomic.Int32
	cfg := ui.Config{
		Providers: []ui.ProviderChoice{{
			Name:        "Demo provider (embedded)",
			Description: "An OpenID provider inside oauth-explorer.",
			Prepare:     func(context.Context) error { prepared.Add(1); return nil },
			Defaults: func(string) providers.Provider {
				return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: client.ID,
					ClientSecret: client.Secret, AuthMethod: client.AuthMethod, Scopes: []string{"api.read"}}
			},
		}},
		Flows: []ui.FlowChoice{{
			ID: "client-credentials", Name: "Client credentials",
			Description: "A service gets a token for itself.",
			New: func(p providers.Provider, o flows.Options) flows.Flow {
				return flows.NewClientCredentials(p, o)
			},
		}},
	}
	tm := teatest.NewTestModel(t, ui.New(cfg), teatest.WithInitialTermSize(80, 24))
	out := tm.Output()
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, out, func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(e2eLimit), teatest.WithCheckInterval(5*time.Millisecond))
	}

	waitFor("Choose a provider")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Choose a flow")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Settings")
	start := time.Now()
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Flow complete")
	t.Logf("token obtained, verified and shown %s after the key press", time.Since(start))
	tm.Send(tea.KeyPressMsg{Code: '4', Text: "4"})
	waitFor("client_id")
	// c opens the copy menu; c again copies the access token.
	tm.Send(tea.KeyPressMsg{Code: 'c', Text: "c"})
	waitFor("Copy (esc closes)")
	tm.Send(tea.KeyPressMsg{Code: 'c', Text: "c"})
	osc52 := regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]+)(\x07|\x1b\\)`)
	var copied string
	teatest.WaitFor(t, out, func(b []byte) bool {
		if m := osc52.FindSubmatch(b); m != nil {
			dec, err := base64.StdEncoding.DecodeString(string(m[1]))
			copied = string(dec)
			return err == nil
		}
		return false
	}, teatest.WithDuration(e2eLimit))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(e2eLimit))

	if n := prepared.Load(); n != 1 {
		t.Errorf("Prepare called %d times, want once", n)
	}
	if strings.Count(copied, ".") != 2 {
		t.Errorf("clipboard got %q, want the JWT access token", copied)
	}
	if _, ok := tm.FinalModel(t).(ui.Model); !ok {
		t.Fatal("the program did not end with the root model")
	}
}

// TestEndToEndAuthCodePaste runs the authorization code flow against the
// embedded demo provider as a user without a browser on this machine does:
// no browser opens, a "browser" elsewhere logs in at the URL, and the
// redirect it ends on is pasted into the waiting screen.
func TestEndToEndAuthCodePaste(t *testing.T) {
	srv := demotest.Start(t)
	urls := make(chan string, 1)
	cfg := ui.Config{
		Providers: []ui.ProviderChoice{{
			Name: "Demo provider (embedded)", Description: "An OpenID provider inside oauth-explorer.",
			Defaults: func(string) providers.Provider {
				return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: "demo-public", AuthMethod: providers.AuthNone,
					Scopes: []string{"openid", "profile", "email", "offline_access"}, APIURL: srv.Issuer() + "/api/whoami"}
			},
		}},
		Flows: []ui.FlowChoice{{
			ID: "authorization-code", Name: "Authorization code + PKCE", Description: "A user logs in.",
			New: func(p providers.Provider, o flows.Options) flows.Flow { return flows.NewAuthCode(p, o) },
		}},
		Options: flows.Options{OpenBrowser: func(u string) error {
			urls <- u
			return errors.New("no browser could be opened: no $BROWSER and no graphical display (SSH or a container?)")
		}},
	}
	// A colour terminal: with none, the renderer drops hyperlinks too.
	tm := teatest.NewTestModel(t, ui.New(cfg), teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithEnvironment([]string{"TERM=xterm-256color", "CLICOLOR_FORCE=1"})))
	out := tm.Output()
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, out, func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(e2eLimit), teatest.WithCheckInterval(5*time.Millisecond))
	}
	waitFor("Choose a provider")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Choose a flow")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Settings")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	var authURL string
	select {
	case authURL = <-urls:
	case <-time.After(e2eLimit):
		t.Fatal("the flow did not try to open the browser")
	}
	// The waiting screen; its URL is an OSC 8 hyperlink, so that a click
	// opens it however it wraps.
	link := []byte("\x1b]8;id=oauth-explorer-url;" + authURL)
	teatest.WaitFor(t, out, func(b []byte) bool {
		return bytes.Contains(b, []byte("Log in and approve in your browser")) && bytes.Contains(b, link)
	}, teatest.WithDuration(e2eLimit), teatest.WithCheckInterval(5*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), e2eLimit)
	defer cancel()
	redirect, err := demotest.Login(ctx, authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	tm.Send(tea.KeyPressMsg{Code: 'p', Text: "p"})
	waitFor("Paste the redirect URL")
	tm.Send(tea.PasteMsg{Content: redirect})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Flow complete")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(e2eLimit))
	// The flow ended: its listener is closed.
	u, _ := url.Parse(redirect)
	if resp, err := http.Get("http://" + u.Host + u.Path); err == nil {
		resp.Body.Close()
		t.Errorf("the callback listener still answers after the flow: %s", resp.Status)
	}
}
