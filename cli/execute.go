package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
)

// Streams are the process's standard streams, injected for tests.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
	// Signals, when set, end a running command's context (main sets
	// SIGINT and SIGTERM). They are caught only once a command runs, not
	// for --version or --help.
	Signals []os.Signal
}

// ExitError carries an exit code; its message has already been printed.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Execute runs the command line and returns the process exit code.
func Execute(ctx context.Context, version string, args []string, st Streams) int {
	// The demo provider's OpenID library logs through the default slog
	// logger; on a TUI's screen or in a token command's output that is
	// noise. demo-server sets its own.
	slog.SetDefault(slog.New(slog.DiscardHandler))
	root := rootFor(version, st, args)
	root.SetArgs(args)
	stop := func() {}
	var runCtx context.Context
	if len(st.Signals) > 0 {
		// Run before every command's RunE (no command has a hook of its
		// own), and not for --version or --help, which return first.
		root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := notifyContext(cmd.Context(), st.Signals...)
			stop, runCtx = cancel, ctx
			cmd.SetContext(ctx)
			return nil
		}
	}
	err := root.ExecuteContext(ctx)
	sig, byUser := interruptedBy(runCtx)
	stop()
	if err == nil {
		return 0
	}
	code := 2
	var ee *ExitError
	if errors.As(err, &ee) {
		code = ee.Code
	} else {
		// The error may quote a file, a server or an argument, and a URL
		// given with userinfo (--issuer, --token-url).
		printError(st.Err, redact.Userinfo(err.Error()))
		if hint := usageHint(err); hint != "" {
			fmt.Fprintln(st.Err, hint)
		}
	}
	if byUser {
		return signalExitCode(sig)
	}
	return code
}
