package ui_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// TestEndToEndDevice runs the device authorization grant (RFC 8628)
// against the embedded demo provider in a virtual 80x24 terminal, from the
// grant's declaration in flows alone: the waiting screen asks for the
// code, someone approves at the verification URI that carries it, and the
// device's next poll gets the tokens. The wait between polls is injected:
// it holds until the approval, then returns at once.
func TestEndToEndDevice(t *testing.T) {
	srv := demotest.Start(t)
	g, ok := flows.GrantByID(flows.FlowIDDevice)
	if !ok {
		t.Fatal("no device grant declared")
	}
	urls := make(chan string, 1)
	approved := make(chan struct{})
	cfg := ui.Config{
		Providers: []ui.ProviderChoice{{
			Name: "Demo provider (embedded)", Description: "An OpenID provider inside oauth-explorer.",
			Defaults: func(string) providers.Provider {
				return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: "demo-device", AuthMethod: providers.AuthNone,
					Scopes: []string{"openid", "profile", "offline_access"}, APIURL: srv.Issuer() + "/api/whoami"}
			},
		}},
		Flows: []ui.FlowChoice{{ID: g.ID, Name: g.Name, Description: g.Summary, New: g.New}},
		Options: flows.Options{
			OpenBrowser: func(u string) error { urls <- u; return nil },
			Sleep: func(ctx context.Context, _ time.Duration) error {
				select {
				case <-approved:
					return nil
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			},
		},
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
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	var complete string
	select {
	case complete = <-urls:
	case <-time.After(e2eLimit):
		t.Fatal("the flow did not open the verification URI")
	}
	waitFor("Enter the code on another device")
	ctx, cancel := context.WithTimeout(context.Background(), e2eLimit)
	defer cancel()
	if err := demotest.Device(ctx, complete, true); err != nil {
		t.Fatal(err)
	}
	close(approved)
	waitFor("Flow complete")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(e2eLimit))
}
