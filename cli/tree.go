package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// subcommand is one command under the root, named before it is built.
type subcommand struct {
	name  string
	build func() *cobra.Command
}

// subcommands lists every command under the root, in the order --help
// lists them: the fixed ones, then one per token action flows declares
// (introspect, revoke, userinfo).
func subcommands(version string, st Streams) []subcommand {
	subs := []subcommand{
		{"token", func() *cobra.Command { return newTokenCmd(st) }},
		{"demo-server", func() *cobra.Command { return newDemoServerCmd(st) }},
		{"providers", func() *cobra.Command { return newProvidersCmd(st) }},
		{"decode", func() *cobra.Command { return newDecodeCmd(st) }},
		{"keys", func() *cobra.Command { return newKeysCmd(st) }},
		{"client-document", func() *cobra.Command { return newClientDocumentCmd(st) }},
		{"explain", func() *cobra.Command { return newExplainCmd(st) }},
		{"tour", func() *cobra.Command { return newTourCmd(st, version) }},
		{"cache", func() *cobra.Command { return newCacheCmd(st) }},
	}
	for _, a := range flows.TokenActions() {
		subs = append(subs, subcommand{a.ID, func() *cobra.Command { return newTokenActionCmd(st, a) }})
	}
	return subs
}

// rootFor builds the tree one command line needs. Registering every
// command's flags (token alone has over a hundred) was most of the time
// of a start that runs none of them, so only the command args name is
// built: none for the TUI or --version, all for --help, help, shell
// completion or a word that names no command (cobra then suggests one).
// The TUI's own flags are left out when the line only asks for the
// version.
func rootFor(version string, st Streams, args []string) *cobra.Command {
	root := newRootCmd(version, st, !versionOnly(args))
	word, help := commandWord(root.Flags(), args)
	if word == "" && !help {
		return root
	}
	subs := subcommands(version, st)
	for _, sub := range subs {
		if sub.name == word {
			root.AddCommand(sub.build())
			return root
		}
	}
	for _, sub := range subs {
		root.AddCommand(sub.build())
	}
	return root
}

// versionOnly says whether args ask for the version and nothing else:
// cobra prints it and returns before any flag of the TUI's is read.
func versionOnly(args []string) bool {
	for _, a := range args {
		if a != "--version" {
			return false
		}
	}
	return len(args) > 0
}

// commandWord finds the first word of args that is not a flag or a flag's
// value, as cobra does to find the command to run (its stripFlags): a
// flag of the root's that takes a value, or one it does not know, takes
// the next word. help says whether -h or --help comes before it.
func commandWord(fs *pflag.FlagSet, args []string) (word string, help bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-h" || a == "--help" || strings.HasPrefix(a, "--help=") {
			// Not yet a flag when cobra looks for the command: like any
			// flag it does not know, it takes the next word as its value.
			help = true
		}
		switch {
		case a == "--":
			return "", help
		case strings.HasPrefix(a, "--") && !strings.Contains(a, "="):
			if f := fs.Lookup(a[2:]); f == nil || f.NoOptDefVal == "" {
				i++ // '--flag value'
			}
		case strings.HasPrefix(a, "-") && !strings.Contains(a, "=") && len(a) == 2:
			if f := fs.ShorthandLookup(a[1:]); f == nil || f.NoOptDefVal == "" {
				i++ // '-f value'
			}
		case a != "" && !strings.HasPrefix(a, "-"):
			return a, help
		}
	}
	return "", help
}
