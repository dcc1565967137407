// Package safetext is the one sanitizer for text that comes from outside
// the program: server responses, headers, error texts, callback requests,
// pasted values, token claims and providers files. Before such text reaches
// a terminal it passes Line or Block, which make every character that could
// steer the terminal visible as an escape instead of acting on it:
//
//   - C0 controls (U+0000–U+001F) and DEL (U+007F), among them ESC, which
//     starts every CSI, OSC (OSC 52 writes the clipboard, OSC 8 makes
//     links), DCS, APC, PM and SOS sequence, and BEL, which ends an OSC;
//   - C1 controls (U+0080–U+009F), which 8-bit terminals read as CSI, OSC…;
//   - Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
//     U+2066–U+2069), which reorder what is displayed ("Trojan Source");
//   - the line and paragraph separators U+2028 and U+2029;
//   - bytes that are not UTF-8, which a terminal may read as C1 controls.
//
// Escaping the introducer is enough: once ESC is shown as `\x1b`, the rest
// of a sequence ("[31m") is plain printable text. Printable input is
// returned unchanged (the same string, not a copy), so the common case costs
// one scan.
//
// HTML and JSON have their own forms: HTML for the pages the callback
// listener serves, JSON for output that must stay valid JSON.
package safetext

import (
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line makes s safe to show on one line of a terminal: every control
// character, newlines and tabs included, is shown as an escape.
func Line(s string) string { return escape(s, false) }

// Block makes s safe to show in a terminal as a block of lines: newlines and
// tabs are kept for the layout; every other control is shown as an escape
// (a carriage return too, since it lets a line overwrite itself).
func Block(s string) string { return escape(s, true) }

// HTML makes s safe to put in an HTML page: controls are shown as escapes
// (as Line does) and the result is HTML-escaped.
func HTML(s string) string { return html.EscapeString(Line(s)) }

// Unsafe reports whether r is a character Line escapes: a C0 or C1 control,
// DEL, a bidi control, U+2028 or U+2029, or utf8.RuneError standing for a
// byte that is not UTF-8.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r < 0x7f:
		return false
	case r == '\u2028', r == '\u2029':
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}

// IsSafe reports whether s passes Block unchanged.
func IsSafe(s string) bool { return clean(s, true) }

func clean(s string, keepLayout bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(keepLayout && (c == '\n' || c == '\t')) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || Unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

func escape(s string, keepLayout bool) string {
	if clean(s, keepLayout) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&0xf, 16))
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case Unsafe(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeRune writes r the way Go source would: \n, \t, \r, \x1b, \u202e.
func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\t':
		return `\t`
	case '\r':
		return `\r`
	}
	if r < 0x80 {
		const hex = "0123456789abcdef"
		return `\x` + string(hex[r>>4]) + string(hex[r&0xf])
	}
	q := strconv.QuoteRuneToASCII(r)
	return q[1 : len(q)-1]
}

// JSON makes JSON text safe for a terminal while keeping it valid JSON with
// the same meaning: encoding/json already writes C0 controls as \u00XX, so
// what is left are DEL, C1 controls, bidi controls and U+2028/U+2029 inside
// strings, which it writes raw. They become \uXXXX escapes; a raw carriage
// return (whitespace between tokens) is dropped. Bytes that are
// not UTF-8 become U+FFFD, as encoding/json itself does when it encodes.
func JSON(b []byte) []byte {
	s := string(b)
	if clean(s, true) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case r == '\n' || r == '\t':
			// Whitespace between JSON tokens (inside strings encoding/json
			// has already escaped them).
			out = append(out, s[i:i+size]...)
		case r == '\r':
			// Whitespace too, but one that lets a line overwrite itself:
			// dropped, which leaves the JSON's meaning unchanged.
		case Unsafe(r):
			out = append(out, `\u`...)
			h := strconv.FormatUint(uint64(r), 16)
			out = append(out, strings.Repeat("0", 4-len(h))...)
			out = append(out, h...)
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return out
}

// PrintableToken reports whether tok holds only the characters RFC 6749
// Appendix A.12 allows in an access token (%x20-7E). A token with anything
// else is a protocol error, and printing it raw would let the server steer
// the terminal of whoever reads it.
func PrintableToken(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if tok[i] < 0x20 || tok[i] > 0x7e {
			return false
		}
	}
	return true
}
