package cli

import "github.com/spf13/cobra"

// defaultHelp is cobra's own help function: it renders whatever command it
// is given with that command's template.
var defaultHelp = (&cobra.Command{}).HelpFunc()

// lazyLong appends to cmd's long help what more builds, built only when
// the help is shown. The texts that list grants, inputs and demo clients
// read their tables; built at every start they cost most of the time of
// a start that needs none of them (--version, a cached token).
func lazyLong(cmd *cobra.Command, more func() string) {
	built := false
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == cmd && !built {
			built = true
			c.Long += more()
		}
		defaultHelp(c, args)
	})
}
