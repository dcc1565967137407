package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// refresh rebuilds the viewport's content for the selected step and tab. It
// runs in Update whenever what the content depends on changes, so that View
// only draws. The scroll position is kept when the same step and tab are
// redrawn (secrets revealed, a resize) and reset otherwise.
func (v stepView) refresh() stepView {
	if !v.hasTab(v.tab) {
		v.tab = tabExplain
	}
	var lines []string
	switch {
	case v.selected < 0 || v.selected >= len(v.steps):
		lines = []string{v.styles.Subtle.Render("No flow is running.")}
	default:
		lines = v.tabContent()
	}
	v.content = padLines(lines, v.detailsW)
	v.viewport.SetContentLines(v.content)
	if shown := [2]int{v.selected, int(v.tab)}; shown != v.shown {
		if v.tab == tabDiagram {
			v = v.showDiagramRow()
		} else {
			v.viewport.GotoTop()
		}
		v.shown = shown
	}
	return v
}

// tabContent renders the active tab of the selected step.
func (v *stepView) tabContent() []string {
	return stepTabs[v.tab].render(v, v.selected, v.result(v.selected))
}

// notYet says why step i has nothing to show.
func (v *stepView) notYet(i int) string {
	switch {
	case i == v.running && v.waiting():
		return "Waiting for the browser: its request to the listener shows here when it comes. Explain (1) says what to do."
	case v.status[i] == flows.Running:
		return "Running…"
	case v.status[i] == flows.Skipped:
		return v.skippedWhy()
	}
	return "This step has not run yet."
}

// skippedWhy explains a step that did not run: an earlier step failed and
// left the flow nothing to go on with.
func (v *stepView) skippedWhy() string {
	for i, st := range v.status {
		if st == flows.Failed {
			return "This step did not run: the flow stopped when " + v.steps[i].Title + " failed."
		}
	}
	return "This step did not run."
}

// exchangesView renders every HTTP exchange of r, requests or responses, as
// they went over the wire, each under a line that names it.
func (v *stepView) exchangesView(r *flows.Result, requests bool) []string {
	s := v.styles
	if len(r.Exchanges) == 0 {
		lines := []string{s.Subtle.Render("This step made no HTTP request.")}
		if len(r.Notes) > 0 {
			lines = append(lines, "")
			lines = append(lines, bullets(r.Notes, s.Value, v.detailsW)...)
		}
		return lines
	}
	m := v.masker()
	var lines []string
	for n, ex := range r.Exchanges {
		if n > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, v.exchangeTitle(n, len(r.Exchanges), ex, m))
		var text string
		if requests {
			text = flows.FormatRequest(ex, m)
		} else {
			text = flows.FormatResponse(ex, m)
		}
		lines = append(lines, styleHTTP(s, text, v.detailsW)...)
	}
	return lines
}

// exchangeTitle names exchange n of total: "── 1/2 GET /path ───".
func (v *stepView) exchangeTitle(n, total int, ex flows.Exchange, m flows.Masker) string {
	target := m.URL(ex.Request.URL)
	if host, uri := ex.Request.HostAndPath(); host != "" {
		target = host + m.URL(uri)
	}
	head := fmt.Sprintf("── %d/%d %s %s ", n+1, total, ex.Request.Method, target)
	if ex.Response != nil {
		head = fmt.Sprintf("── %d/%d %s %s → %d ", n+1, total, ex.Request.Method, target, ex.Response.StatusCode)
	} else if ex.Err != nil {
		head = fmt.Sprintf("── %d/%d %s %s → no response ", n+1, total, ex.Request.Method, target)
	}
	// The method and the URL are the recorded request's.
	head = truncate(safetext.Line(head), v.detailsW)
	if pad := v.detailsW - ansi.StringWidth(head); pad > 0 {
		head += strings.Repeat("─", pad)
	}
	return v.styles.ExchangeTitle.Render(head)
}

// styleHTTP colours the start line and the header names of an HTTP message
// as FormatRequest and FormatResponse write it; the body stays plain. The
// status text, the headers and the body are a server's: they are made safe
// first, whatever the formatter did (safetext is idempotent). A form body
// (application/x-www-form-urlencoded) is wrapped to width between its
// parameters (wrapForm); other lines are left for padLines to wrap.
func styleHTTP(s *Styles, text string, width int) []string {
	text = safetext.Block(text)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	form := false
	for i, l := range lines {
		if l == "" {
			if form {
				var body []string
				for _, b := range lines[i+1:] {
					body = append(body, wrapForm(b, width)...)
				}
				lines = append(lines[:i+1], body...)
			}
			break
		}
		if i == 0 {
			lines[i] = s.Heading.Render(l)
			continue
		}
		if name, val, ok := strings.Cut(l, ": "); ok {
			form = form || (strings.EqualFold(name, "Content-Type") &&
				strings.HasPrefix(strings.ToLower(strings.TrimSpace(val)), "application/x-www-form-urlencoded"))
			lines[i] = s.Key.Render(name) + ": " + val
		}
	}
	return lines
}

// wrapForm wraps a line of a form body to width cells after its "&"s, so
// that a line break never splits a parameter that fits on a line; a
// parameter wider than a line is broken at its spaces (a mask's note) or
// where the line ends.
func wrapForm(line string, width int) []string {
	if ansi.StringWidth(line) <= width {
		return []string{line}
	}
	var out []string
	cur := ""
	for rest := line; rest != ""; {
		piece := rest
		if i := strings.IndexByte(rest, '&'); i >= 0 {
			piece = rest[:i+1]
		}
		rest = rest[len(piece):]
		if ansi.StringWidth(cur+piece) <= width {
			cur += piece
			continue
		}
		if cur != "" {
			out = append(out, cur)
		}
		cur = piece
		if ansi.StringWidth(piece) > width {
			parts := wrapPlain(piece, width)
			out = append(out, parts[:len(parts)-1]...)
			cur = parts[len(parts)-1]
		}
	}
	return append(out, cur)
}

// wrapLines breaks every line longer than width at a space or hyphen, or
// inside a word too long for a line (URLs, tokens), so that the viewport
// never needs to cut or scroll sideways.
func wrapLines(lines []string, width int) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(l, width, ""), "\n")...)
	}
	return out
}
