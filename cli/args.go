package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Mistakes in how a command is called (a flag it does not know, a word it
// takes no argument for) are usage errors: Execute follows them with where
// the command's usage is, naming the command that was run.

// usageError is a mistake in the command line of cmd.
type usageError struct {
	cmd *cobra.Command
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageHint says where the usage of the command err is about is:
// "Run 'oauth-explorer token --help' for usage."; empty for an error that
// is not a usage error.
func usageHint(err error) string {
	var ue *usageError
	if !errors.As(err, &ue) {
		return ""
	}
	return "Run '" + ue.cmd.CommandPath() + " --help' for usage."
}

// flagError makes every flag cobra refuses (an unknown flag, a bad value,
// one missing its value) a usage error of the command it was given to.
func flagError(cmd *cobra.Command, err error) error {
	return &usageError{cmd, err}
}

// noArgs refuses any argument. For a command with subcommands (the root,
// cache, keys) the argument is an unknown command, and cobra's suggestions
// follow ("did you mean token?"): cobra makes them only for a root
// without an Args function of its own, and a command that takes no
// arguments must say so for the root too ("oauth-explorer --issuer x
// extra"). For a command without subcommands it says that the command
// takes flags only.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if !cmd.HasSubCommands() {
		return &usageError{cmd, fmt.Errorf("%s takes no arguments, only flags (%q given)", cmd.CommandPath(), args[0])}
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, which it sets only for itself
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + orList(s) + "?"
	}
	return &usageError{cmd, errors.New(msg)}
}

// groupRunE runs a command that only holds subcommands (cache, keys): with
// no argument it prints its help, as cobra would; with one, the argument
// is an unknown command (noArgs), where cobra would print the help and
// exit 0 for a misspelt subcommand.
func groupRunE(cmd *cobra.Command, args []string) error {
	if err := noArgs(cmd, args); err != nil {
		return err
	}
	return cmd.Help()
}

// orList joins words as a person lists alternatives: "a", "a or b",
// "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// explainArgs takes the one capture explain reads.
func explainArgs(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return &usageError{cmd, errors.New("explain needs a HAR capture: give its file, e.g. oauth-explorer explain capture.har, or - to read it from stdin")}
	case 1:
		return nil
	}
	return &usageError{cmd, fmt.Errorf("explain reads one HAR capture, and %d were given: explain them one at a time", len(args))}
}

// atMostOne takes one argument at most, named what (a token, a provider's
// name) in the error.
func atMostOne(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) <= 1 {
			return nil
		}
		return &usageError{cmd, fmt.Errorf("%s takes one %s at most, and %d arguments were given (quote a value that holds spaces)", cmd.Name(), what, len(args))}
	}
}
