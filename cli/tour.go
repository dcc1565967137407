package cli

import (
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
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pf.provider = tourChoiceName
			return runTUI(cmd.Context(), cmd, &pf, version)
		},
	}
	pf.register(cmd)
	for _, name := range []string{"provider", "issuer", "client-id", "client-secret"} {
		_ = cmd.Flags().MarkHidden(name)
	}
	return cmd
}
