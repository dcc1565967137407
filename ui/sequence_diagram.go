package ui

import (
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// The Diagram tab draws the running flow as a sequence diagram: the four
// roles of RFC 6749 §1.1 as lanes, one arrow per step from StepInfo.From to
// StepInfo.To, each step labelled with its status glyph and title, the
// selected step marked with "›". Steps that travel through the user's
// browser (the front channel) are drawn dashed, the client's direct HTTP
// requests (the back channel) solid. It works for any flow: it reads only
// Steps(), their roles and their status.
//
// Box-drawing characters are used unless common.ascii is set (Config.ASCII,
// or a locale without UTF-8, see asciiLocale); then the diagram uses only
// ASCII: | + - ~ > < and the glyphs + x * o - >.
//
// A skipped step (PAR when it was not used, the step-up nothing asked
// for, the steps after a failure) keeps its label, dimmed, and no arrow:
// between its lanes it says "skipped", so that the arrows drawn are the
// requests that were sent or are to come.

// laneRoles are the lanes, in the order OAuth's diagrams draw them.
var laneRoles = [...]flows.Role{flows.ResourceOwner, flows.Client, flows.AuthorizationServer, flows.ResourceServer}

// laneOrder places the lanes for steps: the resource owner first, as
// OAuth's diagrams draw it, then the other roles in the order the flow
// first reaches them, and any it never reaches in laneRoles' order. A
// flow that starts at the API (RFC 9728) so draws the resource server
// before the authorization server, where the story begins.
func laneOrder(steps []flows.StepInfo) [4]flows.Role {
	order := []flows.Role{flows.ResourceOwner}
	add := func(r flows.Role) {
		if slices.Contains(laneRoles[:], r) && !slices.Contains(order, r) {
			order = append(order, r)
		}
	}
	for _, st := range steps {
		add(st.From)
		add(st.To)
	}
	for _, r := range laneRoles {
		add(r)
	}
	return [4]flows.Role(order)
}

// maxLaneGap caps the distance between two lanes on a wide pane, so that
// the arrows stay readable.
const maxLaneGap = 26

// glyphs are the characters the diagram is drawn with.
type glyphs struct {
	life, tee, teeLeft, cross, line, dash, head, headLeft rune
	done, failed, running, pending, skipped, mark         string
}

var (
	boxGlyphs = glyphs{life: '│', tee: '├', teeLeft: '┤', cross: '┼', line: '─', dash: '╌', head: '►', headLeft: '◄',
		done: "✓", failed: "✗", pending: "○", skipped: "–", mark: "›"}
	asciiGlyphs = glyphs{life: '|', tee: '+', teeLeft: '+', cross: '+', line: '-', dash: '~', head: '>', headLeft: '<',
		done: "+", failed: "x", running: "*", pending: "o", skipped: "-", mark: ">"}
)

// asciiLocale reports whether the locale getenv describes cannot show
// box-drawing characters: the first of LC_ALL, LC_CTYPE and LANG that is
// set (POSIX precedence) names no UTF-8 character set. An unset locale is
// not taken as ASCII: terminals that leave it unset (many containers) show
// UTF-8, and the rest of the interface draws with it anyway.
func asciiLocale(getenv func(string) string) bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			v = strings.ToLower(v)
			return !strings.Contains(v, "utf-8") && !strings.Contains(v, "utf8")
		}
	}
	return false
}

// frontChannel reports whether step st happens in the user's browser: it
// involves the resource owner, or the browser carries it between client
// and server (StepInfo.FrontChannel: the authorization request, the
// callback).
func frontChannel(st flows.StepInfo) bool {
	return st.From == flows.ResourceOwner || st.To == flows.ResourceOwner || st.FrontChannel
}

// laneLayout places the lanes in width cells and picks their labels: the
// role names on one line, else split over two, else their initials.
func laneLayout(width int, roles [4]flows.Role) (xs [4]int, labels [4][]string) {
	candidates := []func(flows.Role) []string{
		func(r flows.Role) []string { return []string{string(r)} },
		func(r flows.Role) []string { return strings.SplitN(string(r), " ", 2) },
		func(r flows.Role) []string {
			var b strings.Builder
			for _, w := range strings.Fields(string(r)) {
				ch, _ := utf8.DecodeRuneInString(w)
				b.WriteRune(ch)
			}
			return []string{strings.ToUpper(b.String())}
		},
	}
	for n, label := range candidates {
		for i, r := range roles {
			labels[i] = label(r)
		}
		widest := func(ls []string) int {
			w := 0
			for _, l := range ls {
				w = max(w, ansi.StringWidth(l))
			}
			return w
		}
		left := widest(labels[0]) / 2
		right := width - 1 - (widest(labels[3])+1)/2
		gap := min((right-left)/3, maxLaneGap)
		for i := range xs {
			xs[i] = left + i*gap
		}
		fits := gap >= 3
		for i := 0; i+1 < len(xs) && fits; i++ {
			// A label is centred on its lane; neighbours keep a space.
			if xs[i]+(widest(labels[i])+1)/2+1 > xs[i+1]-widest(labels[i+1])/2 {
				fits = false
			}
		}
		if fits || n == len(candidates)-1 {
			return xs, labels
		}
	}
	return xs, labels
}

// Styles of the diagram, indexes into the palette built by diagramView.
const (
	stPlain = iota
	stLife
	stHead
	stDone
	stFailed
	stRunning
	stPending
	stSelected
	stCursor
)

// diagramView renders the Diagram tab for the whole flow.
func (v *stepView) diagramView() []string {
	s, w := v.styles, v.detailsW
	g := boxGlyphs
	if v.ascii {
		g = asciiGlyphs
	}
	roles := laneOrder(v.steps)
	xs, labels := laneLayout(w, roles)
	c := &canvas{width: w, palette: []lipgloss.Style{
		stPlain: lipgloss.NewStyle(), stLife: s.Rule, stHead: s.Heading, stDone: s.Value, stFailed: s.Error,
		stRunning: s.Notice, stPending: s.Subtle, stSelected: s.StepCurrent, stCursor: s.Cursor,
	}}
	lanes := func() []cell {
		r := c.row()
		for _, x := range xs {
			c.put(r, x, string(g.life), stLife)
		}
		return r
	}
	rows := 0
	for i := range labels {
		rows = max(rows, len(labels[i]))
	}
	for n := range rows {
		r := c.row()
		for i, ls := range labels {
			if n < len(ls) {
				c.put(r, xs[i]-ansi.StringWidth(ls[n])/2, ls[n], stHead)
			}
		}
	}
	lane := func(role flows.Role) int {
		for i, r := range roles {
			if r == role {
				return xs[i]
			}
		}
		return -1
	}
	for i, st := range v.steps {
		style, glyph := stPending, g.pending
		switch v.status[i] {
		case flows.Done:
			style, glyph = stDone, g.done
		case flows.Failed:
			style, glyph = stFailed, g.failed
		case flows.Running:
			style, glyph = stRunning, g.running
			if glyph == "" {
				glyph = ansi.Strip(v.spinner.View())
			}
		case flows.Skipped:
			glyph = g.skipped
		}
		from, to := lane(st.From), lane(st.To)
		selected := i == v.selected
		// The label starts just right of the arrow's left end, the first
		// two cells holding the marker, and ends before the next lane: a
		// longer title is cut (the timeline and the lines under the
		// diagram show it whole), so that no lifeline is hidden.
		x := 1
		switch {
		case from >= 0 && to >= 0:
			x = min(from, to) + 1
		case from >= 0 || to >= 0:
			x = max(from, to) + 1
		}
		label := truncate(glyph+" "+safetext.Line(st.Title), nextLane(xs, x, w)-x-2)
		r := lanes()
		arrowStyle := style
		c.put(r, x, "  ", stPlain)
		if selected {
			arrowStyle = stCursor
			c.put(r, x, g.mark, stCursor)
		}
		if selected && v.focus == areaTimeline {
			c.put(r, x+2, label, stSelected)
		} else {
			c.put(r, x+2, label, arrowStyle)
		}
		r = lanes()
		ret := lanes()
		if from < 0 || to < 0 || from == to {
			continue
		}
		if v.status[i] == flows.Skipped {
			c.skipped(r, min(from, to), nextLane(xs, min(from, to)+1, w))
			continue
		}
		if code := v.answerCode(i); code != "" && !frontChannel(st) {
			v.drawReturn(ret, xs, g, from, to, code, style)
		}
		line := g.line
		if frontChannel(st) {
			line = g.dash
		}
		lo, hi := min(from, to), max(from, to)
		for x := lo + 1; x < hi; x++ {
			ch := line
			for _, lx := range xs {
				if lx == x {
					ch = g.cross
				}
			}
			r[x] = cell{r: ch, style: arrowStyle}
		}
		if from < to {
			r[from] = cell{r: g.tee, style: arrowStyle}
			r[to-1] = cell{r: g.head, style: arrowStyle}
		} else {
			r[from] = cell{r: g.teeLeft, style: arrowStyle}
			r[to+1] = cell{r: g.headLeft, style: arrowStyle}
		}
	}
	lines := c.lines()
	lines = append(lines, "")
	lines = append(lines, legendLines(s, w, []string{
		string([]rune{g.line, g.line, g.head}) + " a direct HTTP request",
		string([]rune{g.dash, g.dash, g.head}) + " through the browser",
		string([]rune{g.headLeft, g.dash}) + " 200 " + string([]rune{g.dash, g.teeLeft}) + " the answer, with its HTTP status",
	})...)
	lines = append(lines, legendLines(s, w, []string{g.done + " done", g.failed + " failed", g.pending + " to come",
		g.skipped + " skipped", g.mark + " selected"})...)
	if v.selected >= 0 && v.selected < len(v.steps) {
		st := v.steps[v.selected]
		lines = append(lines, "", s.Section.Render(truncate(g.mark+" "+safetext.Line(st.Title), w)))
		if st.From != "" || st.To != "" {
			how := ", a direct request"
			if frontChannel(st) {
				how = ", through the browser"
			}
			arrow := " → "
			if v.ascii {
				arrow = " -> "
			}
			lines = append(lines, hanging(string(st.From)+arrow+string(st.To)+how, s.Subtle, w, 0)...)
		}
		if r := v.result(v.selected); r != nil && r.Diagnosis != nil && r.Diagnosis.What != "" {
			lines = append(lines, hanging(g.failed+" "+sentence(v.masker().Text(r.Diagnosis.What))+" Diagnosis (5) says what to try.", s.Error, w, 2)...)
		}
		// What the step is for and who talks to whom, from its
		// explanation: the diagram then reads as a story, one step at a
		// time, with ↑/↓.
		purpose, parties := sentence(st.Summary), ""
		if st.Explain != nil {
			purpose, parties = st.Explain.Purpose, st.Explain.Parties
		}
		if purpose != "" {
			lines = append(lines, hanging(purpose, s.Value, w, 0)...)
		}
		if parties != "" {
			lines = append(lines, "")
			lines = append(lines, hanging(parties, s.Value, w, 0)...)
		}
		lines = append(lines, s.Subtle.Render(truncate("Explain (1) says more.", w)))
	}
	return lines
}

// nextLane returns the column of the first lane at or right of x, or
// width when there is none.
func nextLane(xs [4]int, x, width int) int {
	for _, lx := range xs {
		if lx >= x {
			return lx
		}
	}
	return width
}

// legendLines puts the entries of a legend on as few lines as width
// allows, two spaces apart, never breaking an entry.
func legendLines(s *Styles, width int, entries []string) []string {
	var lines []string
	line := ""
	for _, e := range entries {
		switch {
		case line == "":
			line = e
		case ansi.StringWidth(line)+2+ansi.StringWidth(e) <= width:
			line += "  " + e
		default:
			lines = append(lines, s.Subtle.Render(line))
			line = e
		}
	}
	if line != "" {
		lines = append(lines, s.Subtle.Render(line))
	}
	return lines
}

// diagramRow is the line of the diagram where step i's label is.
func (v *stepView) diagramRow(i int) int {
	_, labels := laneLayout(v.detailsW, laneOrder(v.steps))
	rows := 0
	for _, l := range labels {
		rows = max(rows, len(l))
	}
	return rows + 3*i
}

// showDiagramRow scrolls the Diagram tab so that the selected step's label
// and arrow show, with a line of the diagram around them when there is
// room.
func (v stepView) showDiagramRow() stepView {
	row, h := v.diagramRow(v.selected), v.viewport.Height()
	top := v.viewport.YOffset()
	// Scrolled, the participants' names cover the first lines.
	first := top
	if top > 0 {
		first += v.stickyRows()
	}
	switch {
	case row-1 < first:
		v.viewport.SetYOffset(max(row-1-v.stickyRows(), 0))
	case row+2 >= top+h:
		v.viewport.SetYOffset(row + 3 - h)
	}
	return v
}

// toggleDiagram shows the Diagram tab, or goes back from it to the tab
// shown before.
func (v stepView) toggleDiagram() stepView {
	if v.tab == tabDiagram {
		v.tab = v.lastTab
		if !v.hasTab(v.tab) || v.tab == tabDiagram {
			v.tab = tabExplain
		}
	} else {
		v.lastTab, v.tab = v.tab, tabDiagram
	}
	return v.refresh()
}
