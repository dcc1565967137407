package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// A command the user interrupts (Ctrl+C) ends as it would on any failure,
// with what it was doing when stopped, but the exit status is the shell's
// for a signal, 128 + its number (130 for SIGINT), so that a script can
// tell the user's cancel from a failure; and what the run would have said
// on its way (notes about discovery, say) is left out after it.

// interrupted is the cause of a command's context ended by a signal.
type interrupted struct{ sig os.Signal }

func (e interrupted) Error() string { return e.sig.String() + " signal received" }

// notifyContext is signal.NotifyContext with the signal kept in the
// context's cause (interruptedBy): NotifyContext's cause says which signal
// only in words.
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case s := <-ch:
			cancel(interrupted{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// interruptedBy returns the signal that ended ctx, if one did.
func interruptedBy(ctx context.Context) (os.Signal, bool) {
	if ctx == nil {
		return nil, false
	}
	var in interrupted
	if errors.As(context.Cause(ctx), &in) {
		return in.sig, true
	}
	return nil, false
}

// signalExitCode is the exit status of a command ended by sig: 128 + its
// number, as a shell reports a process the signal killed.
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}
