package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestSubcommandNames: each entry's name is the name of the command it
// builds, so that the command line finds it before it is built.
func TestSubcommandNames(t *testing.T) {
	for _, sub := range subcommands("test", Streams{}) {
		if got := sub.build().Name(); got != sub.name {
			t.Errorf("subcommand %q builds a command named %q", sub.name, got)
		}
	}
}

func flagNames(cmd *cobra.Command) []string {
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	return names
}

// TestRootForBuildsWhatTheLineNeeds: the command a line names is built
// with every flag it has in the whole tree, and nothing else; a line that
// names none builds none, unless it asks for help.
func TestRootForBuildsWhatTheLineNeeds(t *testing.T) {
	whole := NewRoot("test", Streams{})
	for _, full := range whole.Commands() {
		name := full.Name()
		root := rootFor("test", Streams{}, []string{"--issuer", "https://id.example", name, "--help"})
		if len(root.Commands()) != 1 || root.Commands()[0].Name() != name {
			var got []string
			for _, c := range root.Commands() {
				got = append(got, c.Name())
			}
			t.Errorf("%s: built %v", name, got)
			continue
		}
		if got, want := flagNames(root.Commands()[0]), flagNames(full); !slices.Equal(got, want) {
			t.Errorf("%s: flags %v, want %v", name, got, want)
		}
	}
	for _, args := range [][]string{nil, {"--version"}, {"--issuer", "token"}, {"--ascii", "--client-id", "x"}, {"--", "token"}} {
		if n := len(rootFor("test", Streams{}, args).Commands()); n != 0 {
			t.Errorf("%q built %d commands, want none", args, n)
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h", "token"}, {"help", "token"}, {"tokn"}, {"__complete", "tok"}, {"completion", "bash"}} {
		if n, want := len(rootFor("test", Streams{}, args).Commands()), len(whole.Commands()); n != want {
			t.Errorf("%q built %d commands, want all %d", args, n, want)
		}
	}
}

// TestCommandWordIsCobras: the word commandWord finds is the command
// cobra's own Find runs in the whole tree.
func TestCommandWordIsCobras(t *testing.T) {
	for _, args := range [][]string{
		{"token"}, {"--issuer", "x", "token"}, {"--issuer=x", "revoke"}, {"--ascii", "cache", "list"},
		{"-v", "decode"}, {"--version", "keys"}, {"--unknown", "token", "decode"}, {"-x", "token"},
		{"--", "token"}, {"-h", "token"}, {"--help", "token"}, {"token", "--help"}, {"", "explain"},
	} {
		whole := NewRoot("test", Streams{})
		want, _, _ := whole.Find(args)
		word, _ := commandWord(whole.Flags(), args)
		got := whole
		if word != "" {
			for _, c := range whole.Commands() {
				if c.Name() == word {
					got = c
				}
			}
		}
		if got.Name() != want.Name() {
			t.Errorf("%q: commandWord finds %q (%s), cobra runs %s", args, word, got.Name(), want.Name())
		}
	}
}

// TestVersionLineSkipsTheTUIFlags: a line that only asks for the version
// builds the root without the TUI's flags, and still prints it.
func TestVersionLineSkipsTheTUIFlags(t *testing.T) {
	if f := rootFor("test", Streams{}, []string{"--version"}).Flags().Lookup("issuer"); f != nil {
		t.Error("--version registered the TUI's --issuer")
	}
	if f := rootFor("test", Streams{}, []string{"--version", "--issuer", "x"}).Flags().Lookup("issuer"); f == nil {
		t.Error("--version --issuer x has no --issuer")
	}
	var out strings.Builder
	if code := Execute(t.Context(), "1.2.3", []string{"--version"}, Streams{Out: &out, Err: &out}); code != 0 || !strings.Contains(out.String(), "1.2.3") {
		t.Errorf("--version: exit %d, %q", code, out.String())
	}
}
