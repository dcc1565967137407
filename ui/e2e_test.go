package ui_test

import (
	"bytes"
	"context"
	"encoding/base64"
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
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	}

	waitFor("Choose a provider")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Choose a flow")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Settings")
	start := time.Now()
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("Flow complete")
	took := time.Since(start)
	t.Logf("token obtained, verified and shown %s after the key press", took)
	if took > time.Second {
		t.Errorf("token shown %s after the key press, want within a second", took)
	}
	tm.Send(tea.KeyPressMsg{Code: '4', Text: "4"})
	waitFor("client_id")
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
	}, teatest.WithDuration(2*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))

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
