package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// In a locale without UTF-8 (LANG=C, or --ascii) the whole frame is drawn
// in ASCII, not only the diagram: every glyph the TUI draws has an ASCII
// stand-in one cell wide, so that columns stay where they were, and any
// other character (a server's text, a claim) becomes as many "?" as it
// is wide. The escape sequences of the styles are ASCII already.

// asciiRunes maps the TUI's glyphs to one-cell ASCII stand-ins. None
// may read as a key the screen offers: ✓ is +, not v (the v key, and
// the down arrow's stand-in). Keys themselves are said in words before
// the frame is laid out (asciiKeyName): ^ would read as Ctrl, v as the v
// key; the arrows' stand-ins here are for the glyphs that are no key
// (scroll marks, "Client → Auth server").
var asciiRunes = map[rune]byte{
	'…': '.', '·': '.', '•': '*', '§': 'S', '—': '-', '–': '-',
	'›': '>', '‹': '<', '→': '>', '←': '<', '↑': '^', '↓': 'v', '⇧': 'S',
	'✓': '+', '✗': 'x', '○': 'o', '►': '>', '◄': '<',
	'─': '-', '━': '=', '│': '|', '┃': '|', '╌': '~', '┼': '+', '├': '+', '┤': '+',
	'╭': '+', '╮': '+', '╰': '+', '╯': '+', '┌': '+', '┐': '+', '└': '+', '┘': '+',
	'▀': '#', '▄': '#', '█': '#', '≤': '<', '≥': '>', '×': 'x',
}

// asciiKeyWords say in words the glyphs that name keys.
// The footer's "copy…" keeps its three dots: it is laid out in words.
var asciiKeyWords = strings.NewReplacer("⇧", "shift+", "↑", "up", "↓", "down", "←", "left", "→", "right", "…", "...")

// asciiKeyName is k, the name of a key or keys as the footer and the
// help page show it ("↑/↓", "tab/⇧tab"), in ASCII when ascii: "up/down",
// "tab/shift+tab".
func asciiKeyName(k string, ascii bool) string {
	if !ascii {
		return k
	}
	return asciiKeyWords.Replace(k)
}

// keyText is text that names keys by their glyphs ("choose one with
// ↑/↓"), in words when the frame is drawn in ASCII.
func (c common) keyText(s string) string { return asciiKeyName(s, c.ascii) }

// asciiKeyMap is a key map whose help says its keys in ASCII words, for
// the footer of a frame drawn in ASCII: laid out in words, it fits.
type asciiKeyMap struct{ help.KeyMap }

// ShortHelp implements help.KeyMap.
func (a asciiKeyMap) ShortHelp() []key.Binding { return asciiBindings(a.KeyMap.ShortHelp()) }

// FullHelp implements help.KeyMap.
func (a asciiKeyMap) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, g := range a.KeyMap.FullHelp() {
		out = append(out, asciiBindings(g))
	}
	return out
}

func asciiBindings(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, len(bs))
	for i, b := range bs {
		h := b.Help()
		b.SetHelp(asciiKeyWords.Replace(h.Key), asciiKeyWords.Replace(h.Desc))
		out[i] = b
	}
	return out
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
