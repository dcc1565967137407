package cli

import (
	"fmt"
	"io"

	"github.com/charmbracelet/x/term"

	"github.com/oauth-explorer/oauth-explorer/internal/qrtext"
)

// qrMode says whether and how token draws a QR code on stderr.
type qrMode int

const (
	// qrOff: stderr is a file or a pipe, where a QR code is noise.
	qrOff qrMode = iota
	// qrPlain: a terminal with NO_COLOR set; the blocks are the light
	// modules, drawn in the terminal's own foreground, which reads on a
	// dark terminal (most phones also read the inverse a light one shows).
	qrPlain
	// qrColour: a terminal; the same blocks in white on black, which
	// reads on any background.
	qrColour
)

// qrModeFor returns how to draw a QR code on w: only on a terminal, in
// colour unless lookupEnv finds NO_COLOR (https://no-color.org).
func qrModeFor(w io.Writer, lookupEnv func(string) (string, bool)) qrMode {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(f.Fd()) {
		return qrOff
	}
	if _, set := lookupEnv("NO_COLOR"); set {
		return qrPlain
	}
	return qrColour
}

// printQR draws the QR code of uri (RFC 8628 §3.3.1: the
// verification_uri_complete, for a phone's camera) on w, indented like
// the addresses above it; nothing when mode is qrOff or uri is too long
// for a QR code.
func printQR(w io.Writer, uri string, mode qrMode) {
	if mode == qrOff || uri == "" {
		return
	}
	c, err := qrtext.Encode(uri)
	if err != nil {
		return
	}
	fmt.Fprint(w, "\nor scan this QR code with a phone:\n\n")
	for _, l := range c.Lines(false) {
		if mode == qrColour {
			l = "\x1b[97;40m" + l + "\x1b[0m"
		}
		fmt.Fprintf(w, "  %s\n", l)
	}
}
