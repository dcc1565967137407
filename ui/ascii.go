package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// In a locale without UTF-8 (LANG=C, or --ascii) the whole frame is drawn
// in ASCII, not only the diagram: every glyph the TUI draws has an ASCII
// stand-in one cell wide, so that columns stay where they were, and any
// other character (a server's text, a claim) becomes as many "?" as it
// is wide. The escape sequences of the styles are ASCII already.

// asciiRunes maps the TUI's glyphs to one-cell ASCII stand-ins.
var asciiRunes = map[rune]byte{
	'…': '.', '·': '.', '•': '*', '§': 'S', '—': '-', '–': '-',
	'›': '>', '‹': '<', '→': '>', '←': '<', '↑': '^', '↓': 'v', '⇧': '^',
	'✓': 'v', '✗': 'x', '○': 'o', '►': '>', '◄': '<',
	'─': '-', '━': '=', '│': '|', '┃': '|', '╌': '~', '┼': '+', '├': '+', '┤': '+',
	'╭': '+', '╮': '+', '╰': '+', '╯': '+', '┌': '+', '┐': '+', '└': '+', '┘': '+',
	'▀': '#', '▄': '#', '█': '#', '≤': '<', '≥': '>', '×': 'x',
}

// asciiFrame returns s with every character outside ASCII replaced.
func asciiFrame(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case asciiRunes[r] != 0:
			b.WriteByte(asciiRunes[r])
		default:
			b.WriteString(strings.Repeat("?", max(ansi.StringWidth(string(r)), 0)))
		}
	}
	return b.String()
}
