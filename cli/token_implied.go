package cli

import (
	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// impliedFlow returns the grant a token command without --flow means: a
// grant that finds its own server (flows.Grant.FindsServer) when an input
// of its own (a flag no other grant takes) is given, e.g. an API's URL.
func impliedFlow(cmd *cobra.Command) (string, bool) {
	for _, g := range flows.Grants() {
		if !g.FindsServer {
			continue
		}
		for _, in := range g.Inputs {
			if in.Flag != "" && cmd.Flags().Changed(in.Flag) && ownFlag(g, in.Flag) {
				return g.ID, true
			}
		}
	}
	return "", false
}

// ownFlag reports whether flag belongs to no grant but g: only such a flag
// may imply g.
func ownFlag(g flows.Grant, flag string) bool {
	for _, o := range flows.Grants() {
		if o.ID == g.ID {
			continue
		}
		for _, in := range o.Inputs {
			if in.Flag == flag {
				return false
			}
		}
	}
	return true
}
