package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/internal/browser"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

func runTUI(ctx context.Context, cmd *cobra.Command, pf *providerFlags, version string) error {
	opts, err := pf.options()
	if err != nil {
		return err
	}
	opts.OpenBrowser = browser.Opener{}.Open
	cfg := ui.Config{
		Flows:    flowChoices(),
		Options:  opts,
		Reveal:   pf.reveal,
		Warnings: pf.tls.warnings(),
		Version:  version,
	}
	custom, ok, err := pf.custom(cmd)
	if err != nil {
		return err
	}
	dc := demoChoice()
	defer func() {
		if dc.Close != nil {
			_ = dc.Close()
		}
	}()
	cfg.Providers = append(cfg.Providers, dc)
	if ok {
		cfg.Providers = append(cfg.Providers, customChoice(custom))
		cfg.Preselect = "custom"
	} else if pf.provider == "demo" {
		cfg.Preselect = "demo"
	}
	return ui.Run(ctx, cfg)
}
