package cli

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/ui"
)

// tourChoiceName is the provider picker's entry of the guided tour.
const tourChoiceName = "tour"

// tourChoice is the guided tour's entry: the demo provider (the same
// server, started once), whose choice runs the grants of flows.Tour one
// after the other with the demo's defaults (ui.ProviderChoice.Tour).
func tourChoice(demo ui.ProviderChoice) ui.ProviderChoice {
	t := demo
	t.Name = tourChoiceName
	t.Description = "A guided tour for first-time learners, on the demo provider: client credentials, then authorization code + PKCE, then the device flow, with what just happened at each step and one thing to try"
	t.Tour, t.NoSave = true, true
	t.Close = nil // the demo's entry closes the server they share
	return t
}

// newTourCmd is oauth-explorer tour: the TUI, on the tour at once.
func newTourCmd(st Streams, version string) *cobra.Command {
	var pf providerFlags
	cmd := &cobra.Command{
		Use:   "tour",
		Short: "A guided tour of OAuth on the embedded demo provider, in the TUI",
		Long: `tour opens the terminal UI on a guided tour for first-time learners: on the
embedded demo provider (nothing to set up), it runs client credentials, then
authorization code with PKCE (a browser opens for the demo login), then the
device flow, one after the other. At every step the Explain tab says in a
few sentences what just happened; each stop ends with one thing to try, and
T goes on to the next. It ends with where to go next.

The same tour is the "tour" entry of the TUI's provider picker.`,
		Example: `  oauth-explorer tour`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := refuseProviderFlags(cmd, &pf); err != nil {
				return err
			}
			pf.provider = tourChoiceName
			return runTUI(cmd.Context(), cmd, &pf, version)
		},
	}
	pf.register(cmd)
	cmd.Flags().BoolVar(&pf.ascii, "ascii", false, asciiUsage)
	for _, name := range tourRefuses(&pf) {
		_ = cmd.Flags().MarkHidden(name)
	}
	return cmd
}

// tourRefuses names the flags that choose or configure another provider
// than the demo: the tour runs on the demo, whose clients it picks itself.
// They are registered (the TUI's flags are shared) but hidden and refused.
func tourRefuses(pf *providerFlags) []string {
	names := append([]string{"provider", "config", "issuer", "client-id", "client-secret"}, endpointFlags...)
	for flag := range pf.presets.names {
		names = append(names, flag)
	}
	slices.Sort(names[len(endpointFlags)+5:])
	return names
}

// refuseProviderFlags refuses the flags of tourRefuses, naming the first
// given; --provider demo names the tour's own.
func refuseProviderFlags(cmd *cobra.Command, pf *providerFlags) error {
	for _, name := range tourRefuses(pf) {
		if !cmd.Flags().Changed(name) || name == "provider" && pf.provider == "demo" {
			continue
		}
		return &usageError{cmd, fmt.Errorf("the tour always runs on the embedded demo provider and takes no provider flags (--%s given): leave it out, or run oauth-explorer with it but without \"tour\" for the TUI on your provider", name)}
	}
	return nil
}
