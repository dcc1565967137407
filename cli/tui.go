package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/browser"
	"github.com/oauth-explorer/oauth-explorer/internal/clip"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

func runTUI(ctx context.Context, cmd *cobra.Command, pf *providerFlags, version string) error {
	cfg, closeDemo, err := tuiConfig(ctx, cmd, pf, version)
	if err != nil {
		return err
	}
	defer closeDemo()
	if err := ui.Run(ctx, cfg); err != nil {
		if strings.Contains(err.Error(), "could not open TTY") {
			return fmt.Errorf("the TUI needs a terminal (%w); in a script or a pipe use 'oauth-explorer token'", err)
		}
		return err
	}
	return nil
}

// tuiConfig wires the TUI from the flags: the flows, the demo provider, the
// provider of --issuer or --provider, the options. closeDemo stops the demo
// provider if it was started; it is a no-op on error. Tests run the
// configuration it returns, so that they see the screens runTUI shows.
func tuiConfig(ctx context.Context, cmd *cobra.Command, pf *providerFlags, version string) (cfg ui.Config, closeDemo func(), err error) {
	closeDemo = func() {}
	opts, err := pf.options()
	if err != nil {
		return cfg, closeDemo, err
	}
	opts.OpenBrowser = browser.Opener{}.Open
	cfg = ui.Config{
		Flows:    flowChoices(),
		Options:  opts,
		Reveal:   pf.reveal,
		Warnings: pf.tls.warnings(),
		ASCII:    pf.ascii,
		Version:  version,
		Presets:  providers.Presets(),
		// The terminal's clipboard (OSC 52) works over SSH; the local
		// one serves terminals that drop OSC 52.
		LocalClipboard: clip.Local,
	}
	cfg.FlowNotes = func(c ui.ProviderChoice) ui.ProviderChoice { return withGrantNotes(c, opts) }
	cfg.ProvidersFile, cfg.ProvidersFileErr = tuiProvidersFile(pf.config)
	custom, ok, err := pf.custom(cmd)
	if err != nil {
		return cfg, closeDemo, err
	}
	if ok && pf.provider != "" && pf.provider != "custom" {
		return cfg, closeDemo, fmt.Errorf("--provider %s and --issuer both given: use one", pf.provider)
	}
	dc, err := tuiDemoChoice(cmd, pf)
	if err != nil {
		return cfg, closeDemo, err
	}
	cfg.Providers = append(cfg.Providers, dc, tourChoice(dc), apiChoice())
	switch {
	case ok:
		cfg.Providers = append(cfg.Providers, customChoice(custom, cmd.Flags().Changed("scope"), opts))
		cfg.Preselect = "custom"
		for _, u := range []string{custom.TokenURL, custom.Issuer} {
			if plainHTTPWarning(u) != "" {
				cfg.Warnings = append(cfg.Warnings, "PLAIN HTTP to "+hostOf(u))
				break
			}
		}
	case pf.provider == "demo" || pf.provider == apiChoiceName || pf.provider == tourChoiceName:
		cfg.Preselect = pf.provider
	case pf.provider != "":
		c, err := configuredChoice(ctx, cmd, pf, cfg.ProvidersFile)
		var mf *providers.MissingFieldError
		switch {
		case errors.As(err, &mf):
			// A preset short of a field: its form in the TUI asks for
			// it, with the fields given filled in.
			cfg.PresetFields = pf.presets.fields(cmd)
			cfg.Preselect = mf.Preset
		case err != nil:
			return cfg, closeDemo, err
		default:
			cfg.Providers = append(cfg.Providers, c)
			cfg.Preselect = c.Name
		}
	}
	closeDemo = func() {
		if dc.Close != nil {
			_ = dc.Close()
		}
	}
	return cfg, closeDemo, nil
}

// tuiDemoChoice is the demo provider's entry with the flags over its
// settings, as the token command applies them. A malformed --param or
// --auth-param is refused now, not when the demo is chosen.
func tuiDemoChoice(cmd *cobra.Command, pf *providerFlags) (ui.ProviderChoice, error) {
	for _, g := range flows.Grants() {
		if _, err := pf.demoProvider(cmd, "", g.ID); err != nil {
			return ui.ProviderChoice{}, err
		}
	}
	return demoChoice(func(issuer, flowID string) providers.Provider {
		p, _ := pf.demoProvider(cmd, issuer, flowID)
		return p
	}), nil
}

// tuiProvidersFile loads the providers file for the TUI. The File's Path
// is set whenever it is known, for the TUI to save to: a --config file
// that does not exist yet is an empty one, which saving creates.
func tuiProvidersFile(config string) (*providers.File, error) {
	f, err := loadProvidersFile(config)
	if err == nil {
		return f, nil
	}
	path := config
	if path == "" {
		var derr error
		if path, derr = providers.DefaultPath(); derr != nil {
			return nil, err
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return &providers.File{Path: path}, nil
	}
	return &providers.File{Path: path}, err
}

// configuredChoice builds the picker entry for --provider NAME: a provider
// of the file or a preset with its fields as flags, with the flags over its
// settings. Its secret is read now (a client_secret_command runs before the
// TUI starts, as for the token command).
func configuredChoice(ctx context.Context, cmd *cobra.Command, pf *providerFlags, file *providers.File) (ui.ProviderChoice, error) {
	p, err := pf.configured(ctx, cmd, file)
	if err != nil {
		return ui.ProviderChoice{}, err
	}
	fields := pf.presets.fields(cmd)
	desc := "Preset " + p.Preset + " (from --provider)"
	if e, ok := file.Entry(p.Name); ok {
		merged := maps.Clone(e.Fields)
		if merged == nil {
			merged = map[string]string{}
		}
		for k, v := range fields {
			if v != "" {
				merged[k] = v
			}
		}
		fields = merged
		desc = "From the providers file: " + entryOrigin(e)
	}
	return ui.ProviderChoice{
		Name:        p.Name,
		Description: desc,
		Defaults:    func(string) providers.Provider { return p },
		Fields:      fields,
	}, nil
}
