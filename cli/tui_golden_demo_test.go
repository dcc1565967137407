package cli

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// goldenDemoPort is the port of the demo provider in the golden screens.
// The device grant's screens show a QR code of the verification URI,
// which holds the port: a port the kernel picks would change the code at
// every run, and no text can be renumbered inside it. The port lies below
// Linux's ephemeral range (32768-60999), where no connection of another
// test takes it; runs of this test in other checkouts wait for each other
// (lockGoldenPort).
const goldenDemoPort = "24680"

// demoAtGoldenPort returns the demo provider's picker entry dc, made by
// tuiConfig, starting the demo at goldenDemoPort instead of a port the
// kernel picks; its clients, words and settings (the flags over the
// demo's, as tuiDemoChoice applies them) are the ones tuiConfig made.
// The demo is stopped at the end of the test.
func demoAtGoldenPort(t *testing.T, dc ui.ProviderChoice, cmd *cobra.Command, pf *providerFlags) ui.ProviderChoice {
	t.Helper()
	if dc.Name != "demo" || dc.Prepare == nil {
		t.Fatalf("the first provider is %q, not the demo", dc.Name)
	}
	var (
		mu  sync.Mutex
		srv *demo.Server
	)
	issuer := func() string {
		mu.Lock()
		defer mu.Unlock()
		if srv == nil {
			return ""
		}
		return srv.Issuer()
	}
	dc.Prepare = func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if srv != nil {
			return nil
		}
		s, err := demo.Start(context.WithoutCancel(ctx), demo.Options{Addr: "127.0.0.1:" + goldenDemoPort})
		if err != nil {
			return fmt.Errorf("starting the demo provider at port %s: %w", goldenDemoPort, err)
		}
		srv = s
		return nil
	}
	dc.Defaults = func(flowID string) providers.Provider {
		p, err := pf.demoProvider(cmd, issuer(), flowID)
		if err != nil {
			t.Errorf("the demo's settings for %s: %v", flowID, err)
		}
		return p
	}
	dc.Close = func() error {
		mu.Lock()
		defer mu.Unlock()
		if srv == nil {
			return nil
		}
		err := srv.Close()
		srv = nil
		return err
	}
	t.Cleanup(func() {
		if err := dc.Close(); err != nil {
			t.Error(err)
		}
	})
	return dc
}
