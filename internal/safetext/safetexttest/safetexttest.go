// Package safetexttest holds the hostile corpus that tests across the
// program place in every field a server, a callback, a paste or a file
// controls, and the check that output shows none of it raw.
package safetexttest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// Corpus is text that would steer a terminal if printed raw: colours, the
// window title, screen clearing, the clipboard (OSC 52), a hyperlink
// (OSC 8), a DCS string, C1 controls, bidi overrides and isolates, NUL,
// BEL, DEL and a carriage return. Every entry is valid UTF-8 and has no
// newline, so it fits a header value or a JSON string.
var Corpus = []string{
	"invalid_request\x1b[31m",
	"bad \x1b]0;PWNED\x07 thing \x1b[2J",
	"\x1b]52;c;UFdORUQ=\x07",
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1bP+q544e\x1b\\",
	"\x1b_apc\x1b\\",
	"\u009b31m C1 CSI \u009d0;t\u009c",
	"admin\u202e gnp.exe \u2066x\u2069",
	"nul\x00 bel\x07 del\x7f cr\r",
}

// All joins the corpus into one string, for a field that takes one value.
func All() string { return strings.Join(Corpus, " ") }

// Problem returns a description of the first character in out that a
// terminal would act on (ESC, BEL, another C0 control but newline and tab,
// DEL, a C1 control, a bidi control, a byte that is not UTF-8), with the
// text around it; "" when there is none. Output styled with ANSI colours
// must be checked with colours off.
func Problem(out string) string {
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		bad := r == utf8.RuneError && size == 1
		if !bad && r != '\n' && r != '\t' {
			bad = safetext.Unsafe(r)
		}
		if bad {
			from, to := max(0, i-40), min(len(out), i+40)
			return fmt.Sprintf("raw %q at byte %d: …%q…", out[i:i+size], i, out[from:to])
		}
		i += size
	}
	return ""
}
