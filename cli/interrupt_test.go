//go:build unix

package cli

import (
	"context"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestInterruptWhileWaiting: Ctrl+C while token waits for the browser's
// callback ends the run at once, with exit status 130 (the shell's for
// SIGINT), what to try naming --manual, and no notes of the steps before
// after the cancellation. The test process sends SIGINT to itself once
// the command catches it (it has said it waits).
func TestInterruptWhileWaiting(t *testing.T) {
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", []string{"token", "--flow", "authorization-code", "--provider", "demo", "--no-browser"},
			Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Signals: []os.Signal{os.Interrupt}})
	}()
	errb.waitMatch(t, regexp.MustCompile(`(Waiting for the callback)`))
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	s := errb.String()
	_, after, _ := strings.Cut(s, "waiting cancelled: interrupt signal received")
	if after == "" {
		t.Fatalf("no cancellation said:\n%s", s)
	}
	if !strings.Contains(after, "try: ") || !strings.Contains(after, "--manual") {
		t.Errorf("what to try does not name --manual:\n%s", s)
	}
	if strings.Contains(after, "note:") {
		t.Errorf("notes follow the cancellation:\n%s", s)
	}
	if out.String() != "" {
		t.Errorf("stdout: %q", out.String())
	}
}

// TestSignalExitCode: 128 + the signal's number.
func TestSignalExitCode(t *testing.T) {
	if got := signalExitCode(syscall.SIGINT); got != 130 {
		t.Errorf("SIGINT: %d", got)
	}
	if got := signalExitCode(syscall.SIGTERM); got != 143 {
		t.Errorf("SIGTERM: %d", got)
	}
}
