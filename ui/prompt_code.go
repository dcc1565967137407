package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/qrtext"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// A prompt may carry a code for the user to type on another device
// (RFC 8628 §3.3): the waiting panel shows it large, letter-spaced in a
// box so that it reads from across a desk, a QR code of the address that
// carries it (flows.Prompt.CodeURI) for a phone's camera, and that address
// as text for those who would rather copy it.
//
// A version 3 QR code takes 33 columns and 17 rows: at 80x24 the details
// pane is 52 columns wide and about 18 rows high, which holds neither the
// code box and the QR side by side nor one above the other. So the QR goes
// where it fits whole, in this order: beside the code box, below it, or
// on the URL screen (v), which has the whole terminal; on a screen too
// small for any of them it is not drawn (a QR cut in half does not scan).

// qrPlace is where the waiting panel puts the QR code.
type qrPlace int

const (
	qrNone      qrPlace = iota // no QR: no code, an ASCII terminal, too small a screen
	qrBeside                   // to the right of the code box
	qrBelow                    // under the code box
	qrURLScreen                // on the URL screen; the panel says v shows it
)

// qrGap is the space between the QR code and the text beside it.
const qrGap = 2

// userCode returns the code the run's prompt asks the user to enter, or "".
func (v *stepView) userCode() string {
	if pr := v.prompt(); pr != nil {
		return pr.UserCode
	}
	return ""
}

// qrLines returns the QR code of the prompt's CodeURI in half blocks, in
// the QR style, or nil when there is none to draw: no code to enter, a
// terminal without the block characters (ascii), or an address too long
// for a QR code. The address is the server's, but it is drawn as modules,
// never printed, so nothing in it reaches the terminal.
func (v *stepView) qrLines(pr *flows.Prompt) []string {
	uri := pr.CodeURI()
	if uri == "" || v.ascii {
		return nil
	}
	c, err := qrtext.Encode(uri)
	if err != nil {
		return nil
	}
	lines := c.Lines(v.styles.QRInkDark)
	for i, l := range lines {
		lines[i] = v.styles.QR.Render(l)
	}
	return lines
}

// codeBox renders the prompt's user code large: spaced out in a box when
// it fits w, else on lines of its own.
func (v *stepView) codeBox(pr *flows.Prompt, w int) []string {
	s := v.styles
	// The code is the server's: made safe, then spaced out, masked never
	// (it is short-lived and meant to be read aloud, RFC 8628 §6.1).
	code := strings.Join(strings.Split(safetext.Line(pr.UserCode), ""), " ")
	cw := ansi.StringWidth(code)
	if cw+6 > w {
		return hanging(pr.UserCode, s.UserCode, w, 0)
	}
	tl, tr, bl, br, h, vl := "╭", "╮", "╰", "╯", "─", "│"
	if v.ascii {
		tl, tr, bl, br, h, vl = "+", "+", "+", "+", "-", "|"
	}
	rule := strings.Repeat(h, cw+4)
	return []string{
		s.Subtle.Render(tl + rule + tr),
		s.Subtle.Render(vl) + "  " + s.UserCode.Render(code) + "  " + s.Subtle.Render(vl),
		s.Subtle.Render(bl + rule + br),
	}
}

// codeLines renders the prompt's user code large, the QR code where place
// says, and the address that carries the code; nothing when the prompt
// has no code.
func (v *stepView) codeLines(pr *flows.Prompt, qr []string, place qrPlace) []string {
	if pr.UserCode == "" {
		return nil
	}
	s, w := v.styles, v.detailsW
	lines := []string{""}
	switch place {
	case qrBeside:
		// The text goes under the box, as wide as it: the QR stays by
		// the code however wide the pane.
		left := v.codeBox(pr, w-qrGap-ansi.StringWidth(qr[0]))
		leftW := ansi.StringWidth(left[0])
		left = append(left, "")
		left = append(left, hanging("Scan the QR code with a phone: it opens the address with the code in it.", s.Subtle, leftW, 0)...)
		lines = append(lines, besideLines(left, qr, leftW+qrGap)...)
	case qrBelow:
		lines = append(lines, v.codeBox(pr, w)...)
		lines = append(lines, "")
		lines = append(lines, qr...)
	default:
		lines = append(lines, v.codeBox(pr, w)...)
	}
	if uri := pr.CompleteURI; uri != "" {
		or := "Or open this address, which carries the code:"
		if place == qrURLScreen {
			or = "Or open this address, which carries the code (v shows it as a QR code):"
		}
		lines = append(lines, hanging(or, s.Subtle, w, 0)...)
		lines = append(lines, urlLines(s, v.masker().URL(uri), w)...)
	} else if place == qrURLScreen {
		lines = append(lines, hanging("v shows the URL as a QR code.", s.Subtle, w, 0)...)
	}
	return append(lines, "")
}

// besideLines sets right beside left, the left lines padded to leftW
// cells; the block is as tall as the taller of the two.
func besideLines(left, right []string, leftW int) []string {
	n := max(len(left), len(right))
	out := make([]string, 0, n)
	for i := range n {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		if r == "" {
			out = append(out, l)
			continue
		}
		out = append(out, padRight(l, leftW)+r)
	}
	return out
}

// qrPlacement returns where the waiting panel of pr puts its QR code:
// panel renders the panel with the QR (or the mention of v) at a place,
// and the first place whose panel fits the details pane whole wins.
func (v *stepView) qrPlacement(pr *flows.Prompt, qr []string, panel func(qrPlace) []string) qrPlace {
	if qr == nil || pr.UserCode == "" {
		return qrNone
	}
	h := v.viewport.Height()
	qrW := ansi.StringWidth(qr[0])
	// Beside: only a boxed code, which needs 6 cells more than the code.
	box := v.codeBox(pr, v.detailsW-qrGap-qrW)
	if len(box) == 3 && len(panel(qrBeside)) <= h {
		return qrBeside
	}
	if qrW <= v.detailsW && len(panel(qrBelow)) <= h {
		return qrBelow
	}
	if v.urlScreenQR(pr, qr) {
		return qrURLScreen
	}
	return qrNone
}
