package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// Text from outside the program (what a server answers, a callback, a
// token, a paste, the providers file) may hold escape sequences and bidi
// controls that would steer the terminal. It passes package safetext
// before it is styled: once Lip Gloss has added its own escape sequences,
// ours can no longer be told from a server's. The choke points are
// wrapPlain (every wrapped body: hanging, bullets, keyValues, docRows),
// styleHTTP (the transcripts), the name columns of keyValues and docRows,
// header (every screen's first line) and urlLines (the one hyperlink);
// the one-line places that style a value directly call safetext.Line.

// inputView renders a text input whose value may come from outside: a
// paste, or a value of the providers file put in a form. The input drops
// C0 and C1 controls itself (bubbles' rune sanitizer), so its View holds
// no escape sequence but its own styling; bidi controls and the line and
// paragraph separators it keeps, and those would reorder what the
// terminal shows. They are made visible here, on the rendered input: the
// value itself stays as typed, for the flow to judge.
//
// A masked input (EchoPassword) shows secretMask in place of its value,
// however long: a dot per character would tell a password's length.
func inputView(in textinput.Model) string {
	if in.EchoMode == textinput.EchoPassword && in.Value() != "" {
		in.EchoMode = textinput.EchoNormal
		in.SetValue(secretMask)
		in.CursorEnd()
	}
	v := in.View()
	if strings.IndexFunc(v, inputUnsafe) < 0 {
		return v
	}
	var b strings.Builder
	for _, r := range v {
		if inputUnsafe(r) {
			b.WriteString(safetext.Line(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// secretMask is what a masked input shows for any value it holds.
const secretMask = "••••••••"

// inputUnsafe reports whether r is a character the input keeps that
// safetext escapes. It leaves ESC alone: after the input's own sanitizer
// only the input's styling can have put one there.
func inputUnsafe(r rune) bool { return r > 0x9f && safetext.Unsafe(r) }
