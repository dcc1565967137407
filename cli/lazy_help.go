package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

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
		showHelp(c, args)
	})
}

// showHelp writes c's help. A command that holds others (the root, cache,
// keys) keeps cobra's layout, its description first and its commands
// after. A command that runs starts with its synopsis, the usage line and
// the first paragraph of its description, then its examples, and only
// then the rest of the description and the flags: token's reference runs
// to hundreds of lines, and whoever asks for help first wants how to call
// it, which cobra's layout shows last.
func showHelp(c *cobra.Command, args []string) {
	if c.HasAvailableSubCommands() {
		defaultHelp(c, args)
		return
	}
	w := c.OutOrStdout()
	summary, rest, _ := strings.Cut(strings.TrimSpace(c.Long), "\n\n")
	if summary == "" {
		summary = c.Short
	}
	fmt.Fprintf(w, "Usage:\n  %s\n\n%s\n", c.UseLine(), summary)
	if c.HasExample() {
		fmt.Fprintf(w, "\nExamples:\n%s\n", c.Example)
	}
	if rest = strings.TrimSpace(rest); rest != "" {
		fmt.Fprintf(w, "\n%s\n", rest)
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\nFlags:\n%s\n", strings.TrimRight(c.LocalFlags().FlagUsages(), " \n"))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\nGlobal Flags:\n%s\n", strings.TrimRight(c.InheritedFlags().FlagUsages(), " \n"))
	}
}
