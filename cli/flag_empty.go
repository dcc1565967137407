package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// refuseEmpty refuses the named flags when given with an empty value:
// --issuer "$ISSUER" with the variable unset would otherwise be no issuer
// at all, and a run against the demo provider, or a token left unverified,
// would look like an answer from the intended server.
func refuseEmpty(cmd *cobra.Command, names ...string) error {
	for _, name := range names {
		f := cmd.Flags().Lookup(name)
		if f == nil || !f.Changed || strings.TrimSpace(f.Value.String()) != "" {
			continue
		}
		hint := "leave --" + name + " out if you meant not to give it"
		switch {
		case name == "issuer" && cmd.Name() == "decode":
			hint = "leave --issuer out to decode without verifying the signature"
		case name == "issuer":
			hint = "leave --issuer out to use the embedded demo provider"
		}
		return fmt.Errorf("--%s is empty (an unset shell variable?): give a value, or %s", name, hint)
	}
	return nil
}
