package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// Run runs the TUI in the terminal's alternate screen until the user quits
// or ctx is cancelled, then releases what the providers prepared (the demo
// server). An error is returned only when the terminal could not be driven.
func Run(ctx context.Context, cfg Config) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := newModel(ctx, cfg)
	p := tea.NewProgram(m, tea.WithContext(ctx))
	restore := silenceLogs()
	final, err := p.Run()
	cancel()
	restore()
	var closeErr error
	if fm, ok := final.(Model); ok {
		closeErr = fm.closeProviders()
	}
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, tea.ErrProgramKilled) {
			// Cancelled from outside (a signal): not a failure of the UI.
			return closeErr
		}
		return fmt.Errorf("terminal UI: %w", err)
	}
	return closeErr
}

// silenceLogs discards the process-wide log and slog output while the TUI
// owns the terminal: a library logging to stderr (the demo provider's
// server logs its routes through slog) would write over the screen. It
// returns a func that puts the previous loggers back.
func silenceLogs() func() {
	prevSlog := slog.Default()
	prevOut, prevFlags := log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	log.SetOutput(io.Discard)
	return func() {
		slog.SetDefault(prevSlog)
		log.SetOutput(prevOut)
		log.SetFlags(prevFlags)
	}
}

// closeProviders calls Close on every provider that was prepared.
func (m Model) closeProviders() error {
	var errs []error
	for i, ok := range m.prepared {
		if c := m.cfg.Providers[i].Close; ok && c != nil {
			if err := c(); err != nil {
				errs = append(errs, fmt.Errorf("closing %s: %w", m.cfg.Providers[i].Name, err))
			}
		}
	}
	return errors.Join(errs...)
}

// stepDoneMsg carries the result of one step of run runID.
type stepDoneMsg struct {
	runID  int
	result flows.Result
}

// runStep runs the flow's next step. The flow is touched by one command at a
// time: the step view starts the next step only when this one's message has
// arrived. returned is closed as soon as Next has returned, so that a run
// abandoned while the step blocks (the wait for the browser) can close its
// flow without racing Next.
func runStep(ctx context.Context, runID int, f flows.Flow, returned chan<- struct{}) tea.Cmd {
	return func() (msg tea.Msg) {
		defer close(returned)
		defer func() {
			if r := recover(); r != nil {
				err := fmt.Errorf("internal error while running the step: %v", r)
				msg = stepDoneMsg{runID: runID, result: flows.Result{Status: flows.Failed, Err: err, Diagnosis: flows.Diagnose(err)}}
			}
		}()
		return stepDoneMsg{runID: runID, result: f.Next(ctx)}
	}
}

// closeFlow releases what a finished or abandoned flow holds open (the
// callback listener). When a step may still be running, it first waits
// until returned is closed: Close must not race with Next. limit bounds
// that wait (0: no bound); past it the flow is left unclosed rather than
// closed under a running step, which only happens when quitting, where the
// process ends anyway.
func closeFlow(f flows.Flow, returned <-chan struct{}, limit time.Duration) tea.Cmd {
	if f == nil {
		return nil
	}
	return func() tea.Msg {
		if returned != nil {
			var expired <-chan time.Time
			if limit > 0 {
				t := time.NewTimer(limit)
				defer t.Stop()
				expired = t.C
			}
			select {
			case <-returned:
			case <-expired:
				return nil
			}
		}
		_ = f.Close()
		return nil
	}
}

// prepareDoneMsg says that Prepare of provider (request id) returned err.
type prepareDoneMsg struct {
	id, provider int
	err          error
}

// prepareProvider makes provider ready (e.g. starts the demo server).
func prepareProvider(ctx context.Context, id, provider int, prepare func(context.Context) error) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = prepareDoneMsg{id: id, provider: provider, err: fmt.Errorf("internal error: %v", r)}
			}
		}()
		return prepareDoneMsg{id: id, provider: provider, err: prepare(ctx)}
	}
}

// clockMsg is the once-a-second tick of clock id.
type clockMsg struct{ id int }

func clockTick(c common, id int) tea.Cmd {
	return c.after(time.Second, func(time.Time) tea.Msg { return clockMsg{id: id} })
}

// pasteResultMsg is what the flow of run runID said to a pasted redirect:
// nil when it took it.
type pasteResultMsg struct {
	runID int
	input string
	err   error
}

// pasteRedirect hands input to the flow waiting for the browser. Paste is
// safe to call while Next waits; it only parses and queues the callback.
func pasteRedirect(runID int, p flows.Paster, input string) tea.Cmd {
	return func() tea.Msg {
		return pasteResultMsg{runID: runID, input: input, err: p.Paste(input)}
	}
}

// statusExpiredMsg clears status message id.
type statusExpiredMsg struct{ id int }

func expireNotice(c common, id int, after time.Duration) tea.Cmd {
	return c.after(after, func(time.Time) tea.Msg { return statusExpiredMsg{id: id} })
}
