package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// docRow is a protocol word with the value it had, if any, and what it
// means: a request parameter, a response field, a claim, a header
// parameter. The Explain and Claims tabs and the token decoder show them
// alike.
type docRow struct {
	name, value string
	meaning     string
	ref         string
}

// docRows renders rows in two columns: the name, then the value and, under
// it, the meaning followed by its reference after a "·". The name column
// is docNameWidth wide.
func docRows(s *Styles, rows []docRow, width int) []string {
	return docRowsIn(s, rows, docNameWidth(rows, width), width)
}

// docNameWidth is the width of the name column for rows: the longest name
// up to a quarter of the width (at most 24 cells); a longer name gets a
// line of its own.
func docNameWidth(rows []docRow, width int) int {
	nw := 3
	limit := min(max(width/4, 8), 24)
	for _, r := range rows {
		if n := ansi.StringWidth(safetext.Line(r.name)); n <= limit {
			nw = max(nw, n)
		}
	}
	return nw
}

// docRowsIn is docRows with a name column nw cells wide, so that several
// lists line up.
func docRowsIn(s *Styles, rows []docRow, nw, width int) []string {
	indent := strings.Repeat(" ", nw+4)
	textW := max(width-nw-4, 10)
	var out []string
	for _, r := range rows {
		// A claim's or a header parameter's name is the token's: values
		// and meanings are made safe by wrapPlain.
		name := safetext.Line(r.name)
		if ansi.StringWidth(name) > nw {
			out = append(out, "  "+s.Key.Render(name))
			name = ""
		}
		var body []string
		if r.value != "" {
			for _, l := range wrapPlain(r.value, textW) {
				body = append(body, s.Value.Render(l))
			}
		}
		meaning := r.meaning
		if r.ref != "" {
			meaning += " · " + r.ref
		}
		if meaning != "" {
			body = append(body, hanging(meaning, s.Subtle, textW, 0)...)
		}
		if len(body) == 0 {
			body = []string{""}
		}
		for i, b := range body {
			head := indent
			if i == 0 {
				head = "  " + s.Key.Render(padRight(name, nw)) + "  "
			}
			out = append(out, head+b)
		}
	}
	return out
}
