package cli

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestQRModeTerminal opens a pseudo-terminal, as a terminal emulator
// does, and finds its end a terminal: the QR code is drawn there, in
// colour unless NO_COLOR is set.
func TestQRModeTerminal(t *testing.T) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer ptmx.Close()
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	if m := qrModeFor(tty, noEnv); m != qrColour {
		t.Errorf("a terminal: mode %d, want %d", m, qrColour)
	}
	noColor := func(k string) (string, bool) { return "", k == "NO_COLOR" }
	if m := qrModeFor(tty, noColor); m != qrPlain {
		t.Errorf("a terminal with NO_COLOR: mode %d, want %d", m, qrPlain)
	}
}
