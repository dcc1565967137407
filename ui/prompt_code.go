package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// A prompt may carry a code for the user to type on another device
// (RFC 8628 §3.3): the waiting panel shows it large, letter-spaced in a
// box so that it reads from across a desk, and below it the address that
// carries the code, for those who would rather not type it. That address
// (flows.Prompt.CodeURI) is the one a QR code beside the box would draw.

// userCode returns the code the run's prompt asks the user to enter, or "".
func (v stepView) userCode() string {
	if pr := v.prompt(); pr != nil {
		return pr.UserCode
	}
	return ""
}

// codeLines renders the prompt's user code large, and the address that
// carries it; nothing when the prompt has no code.
func (v stepView) codeLines(pr *flows.Prompt) []string {
	if pr.UserCode == "" {
		return nil
	}
	s, w := v.styles, v.detailsW
	// The code is the server's: made safe, then spaced out, masked never
	// (it is short-lived and meant to be read aloud, RFC 8628 §6.1).
	code := strings.Join(strings.Split(safetext.Line(pr.UserCode), ""), " ")
	lines := []string{""}
	if cw := ansi.StringWidth(code); cw+6 <= w {
		tl, tr, bl, br, h, vl := "╭", "╮", "╰", "╯", "─", "│"
		if v.ascii {
			tl, tr, bl, br, h, vl = "+", "+", "+", "+", "-", "|"
		}
		rule := strings.Repeat(h, cw+4)
		lines = append(lines,
			s.Subtle.Render(tl+rule+tr),
			s.Subtle.Render(vl)+"  "+s.UserCode.Render(code)+"  "+s.Subtle.Render(vl),
			s.Subtle.Render(bl+rule+br))
	} else {
		lines = append(lines, hanging(pr.UserCode, s.UserCode, w, 0)...)
	}
	if uri := pr.CompleteURI; uri != "" {
		lines = append(lines, hanging("Or open this address, which carries the code:", s.Subtle, w, 0)...)
		lines = append(lines, urlLines(s, v.masker().URL(uri), w)...)
	}
	return append(lines, "")
}
