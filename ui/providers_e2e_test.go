package ui_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// TestEndToEndAddProviderByIssuer is what a user with a real provider does:
// add it by its issuer URL, save it, quit, start again, choose it and run
// both flows with it. The demo provider, started as a separate server,
// stands in for the real one.
func TestEndToEndAddProviderByIssuer(t *testing.T) {
	srv := demotest.Start(t)
	path := filepath.Join(t.TempDir(), "oauth-explorer", "providers.toml")
	urls := make(chan string, 1)
	config := func(file *providers.File) ui.Config {
		return ui.Config{
			Flows: []ui.FlowChoice{{
				ID: "authorization-code", Name: "Authorization code + PKCE", Description: "A user logs in.", Browser: true,
				New: func(p providers.Provider, o flows.Options) flows.Flow { return flows.NewAuthCode(p, o) },
			}, {
				ID: "client-credentials", Name: "Client credentials", Description: "A service gets a token for itself.",
				New: func(p providers.Provider, o flows.Options) flows.Flow { return flows.NewClientCredentials(p, o) },
			}},
			ProvidersFile: file,
			Presets:       providers.Presets(),
			Options: flows.Options{OpenBrowser: func(u string) error {
				urls <- u
				return errors.New("no browser here")
			}},
		}
	}
	start := func(cfg ui.Config) (*teatest.TestModel, func(string)) {
		tm := teatest.NewTestModel(t, ui.New(cfg), teatest.WithInitialTermSize(80, 24))
		out := tm.Output()
		return tm, func(what string) {
			t.Helper()
			teatest.WaitFor(t, out, func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
				teatest.WithDuration(e2eLimit), teatest.WithCheckInterval(5*time.Millisecond))
		}
	}
	key := func(tm *teatest.TestModel, names ...string) {
		for _, n := range names {
			switch n {
			case "enter":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			case "tab":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
			case "esc":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
			case "up":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyUp})
			case "down":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
			case "right":
				tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
			case "ctrl+u":
				tm.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
			default:
				tm.Send(tea.KeyPressMsg{Code: []rune(n)[0], Text: n})
			}
		}
	}
	typeText := func(tm *teatest.TestModel, s string) { tm.Send(tea.PasteMsg{Content: s}) }

	// First run: no providers file yet. Add the provider and save it with
	// its secret.
	tm, waitFor := start(config(&providers.File{Path: path}))
	waitFor("Choose a provider")
	key(tm, "a")
	waitFor("Add a provider by issuer URL")
	typeText(tm, "local")
	key(tm, "tab")
	typeText(tm, srv.Issuer())
	key(tm, "tab")
	typeText(tm, "demo-service")
	key(tm, "tab")
	typeText(tm, "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv")
	key(tm, "tab")
	typeText(tm, "api.read")
	key(tm, "enter")
	waitFor("Save secret?")
	key(tm, "y")
	waitFor("Saved local")
	key(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(e2eLimit))
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("providers file after saving: %v (err %v), want mode 0600", fi, err)
	}

	// Second run: the provider comes from the file.
	file, err := providers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tm, waitFor = start(config(file))
	waitFor("Configured in providers.toml")
	// Keys are handled in order, so the filter is applied before enter;
	// the filter line itself may reach the output in pieces.
	key(tm, "/", "l", "o", "c", "a", "l")
	key(tm, "enter")
	waitFor("Choose a flow")
	key(tm, "down", "enter")
	waitFor("Settings")
	key(tm, "enter")
	waitFor("Flow complete")

	key(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(e2eLimit))

	// Third run: the authorization code flow with the public client, the
	// settings edited for this run only. Waits are on text that appears
	// whole on a line of its own: the renderer writes only what changed, so
	// "Choose a flow" after "Client credentials" would arrive as
	// "hoose a flow".
	tm, waitFor = start(config(file))
	waitFor("Configured in providers.toml")
	key(tm, "/", "l", "o", "c", "a", "l")
	key(tm, "enter")
	waitFor("A user logs in.")
	key(tm, "enter")
	waitFor("Redirect URI")
	key(tm, "ctrl+u")
	typeText(tm, "demo-public")
	key(tm, "tab", "ctrl+u", "tab", "ctrl+u")
	typeText(tm, "openid profile email offline_access")
	// Keys are handled in order; the renderer writes only what changed,
	// so a value like "‹ none ›" may never reach the output whole.
	key(tm, "tab", "tab", "right", "right")
	key(tm, "enter")
	var authURL string
	select {
	case authURL = <-urls:
	case <-time.After(e2eLimit):
		t.Fatal("the flow did not try to open the browser")
	}
	waitFor("Log in and approve in your browser")
	ctx, cancel := context.WithTimeout(context.Background(), e2eLimit)
	defer cancel()
	redirect, err := demotest.Login(ctx, authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	key(tm, "p")
	waitFor("Paste the redirect URL")
	typeText(tm, redirect)
	key(tm, "enter")
	waitFor("Flow complete")
	key(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(e2eLimit))

	// Running with edited settings left the file as saved.
	after, err := providers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := after.Entry("local"); e.ClientID != "demo-service" || e.ClientSecret != "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv" || !strings.HasPrefix(e.Issuer, "http://127.0.0.1:") {
		t.Errorf("entry after the runs: %+v", e)
	}
}
