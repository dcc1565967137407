package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// fit makes s exactly h lines of at most w cells: longer lines are cut with
// an ellipsis, missing lines are added empty. It is the last step of every
// screen so that nothing a pane renders can push the layout out of the
// terminal.
func fit(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		// A cell takes at least one byte: a line of at most w bytes fits.
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// truncate cuts plain or styled text to w cells with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if n := w - ansi.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// wrapPlain wraps unstyled prose to width cells at spaces only (a date or
// an ID with hyphens stays whole); a word longer than a line (a URL, a
// token) is broken where the line ends. Every body of text the panes show
// passes here before it is styled, so the text is made safe here
// (safetext.Block: a server's error, a claim, a note may hold escape
// sequences), and measured as it will show.
func wrapPlain(s string, width int) []string {
	width = max(width, 1)
	s = safetext.Block(s)
	var (
		lines []string
		line  strings.Builder
		lw    int
	)
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		lw = 0
	}
	for i, para := range strings.Split(s, "\n") {
		if i > 0 {
			flush()
		}
		for _, word := range strings.Fields(para) {
			ww := ansi.StringWidth(word)
			if lw > 0 && lw+1+ww <= width {
				line.WriteByte(' ')
				line.WriteString(word)
				lw += 1 + ww
				continue
			}
			if lw > 0 {
				flush()
			}
			if ww > width {
				pieces := strings.Split(ansi.Hardwrap(word, width, false), "\n")
				lines = append(lines, pieces[:len(pieces)-1]...)
				word = pieces[len(pieces)-1]
				ww = ansi.StringWidth(word)
			}
			line.WriteString(word)
			lw = ww
		}
	}
	flush()
	return lines
}

// hanging wraps text to width and indents every line after the first by
// indent cells; style is applied to each line after wrapping so that the
// escape codes never straddle a line break.
func hanging(text string, style lipgloss.Style, width, indent int) []string {
	lines := wrapPlain(text, width-indent)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = style.Render(l)
		if i > 0 {
			out[i] = strings.Repeat(" ", indent) + out[i]
		}
	}
	return out
}

// keyValues renders rows of name and value: names in a column keyW wide,
// values wrapped to the rest of the width under themselves.
func keyValues(s *Styles, rows [][2]string, keyW, width int) []string {
	var out []string
	for _, r := range rows {
		name := safetext.Line(r[0])
		if ansi.StringWidth(name) > keyW {
			// A long name gets its own line rather than squeezing the value.
			out = append(out, "  "+s.Key.Render(name))
			name = ""
		}
		vals := wrapPlain(r[1], width-keyW-4)
		for i, v := range vals {
			head := strings.Repeat(" ", keyW)
			if i == 0 {
				head = s.Key.Render(padRight(name, keyW))
			}
			out = append(out, "  "+head+"  "+v)
		}
	}
	return out
}

// bullets renders items as a bulleted list wrapped to width.
func bullets(items []string, style lipgloss.Style, width int) []string {
	var out []string
	for _, it := range items {
		lines := hanging(it, style, width-2, 2)
		out = append(out, "  • "+lines[0])
		for _, l := range lines[1:] {
			out = append(out, "  "+l)
		}
	}
	return out
}

// section renders a heading line for a part of a tab or a screen.
func section(s *Styles, title string) string {
	return s.Section.Render(safetext.Line(title))
}
