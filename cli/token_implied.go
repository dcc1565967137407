package cli

import (
	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// impliedFlow returns the grant a token command without --flow means: a
// grant that finds its own server (flows.Grant.FindsServer) when the
// input it starts from is given, e.g. an API's URL.
func impliedFlow(cmd *cobra.Command) (string, bool) {
	for _, g := range flows.Grants() {
		if !g.FindsServer {
			continue
		}
		for _, in := range g.Inputs {
			if in.Required && in.Flag != "" && cmd.Flags().Changed(in.Flag) {
				return g.ID, true
			}
		}
	}
	return "", false
}
