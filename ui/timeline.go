package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// shortRoles names the roles in the few columns of a narrow timeline.
var shortRoles = map[flows.Role]string{
	flows.ResourceOwner:       "User",
	flows.AuthorizationServer: "Auth server",
	flows.ResourceServer:      "API",
}

// roles renders "From → To" in at most width cells, with short role names
// when the full ones do not fit.
func roles(st flows.StepInfo, width int) string {
	if st.From == "" && st.To == "" {
		return ""
	}
	full := string(st.From) + " → " + string(st.To)
	if ansi.StringWidth(full) <= width {
		return full
	}
	short := func(r flows.Role) string {
		if s, ok := shortRoles[r]; ok {
			return s
		}
		return string(r)
	}
	return truncate(short(st.From)+" → "+short(st.To), width)
}

// glyph renders the status of step i.
func (v *stepView) glyph(i int) string {
	s := v.styles
	switch v.status[i] {
	case flows.Done:
		return s.GlyphDone.Render("✓")
	case flows.Running:
		return v.spinner.View()
	case flows.Failed:
		return s.GlyphFailed.Render("✗")
	case flows.Skipped:
		return s.GlyphSkipped.Render("–")
	}
	return s.GlyphPending.Render("○")
}

// timelineView renders the left pane: a heading, a rule, and each step with
// its status glyph, title and roles. The selected step has a "›" marker and
// is highlighted when the timeline has the focus. When the steps do not fit
// with their roles, only the selected step shows its roles; when they do
// not fit at all, the list scrolls to keep the selected step in view.
func (v *stepView) timelineView() []string {
	lines, _ := v.timelineLayout()
	return lines
}

// timelineLayout renders the timeline and says which step each line
// shows (-1 for the heading, gaps and role lines), for a mouse click.
func (v *stepView) timelineLayout() (lines []string, stepOf []int) {
	s := v.styles
	w := v.timelineW - 1 // a gap before the separator
	head, ruleStyle, ch := s.PaneTitle, s.Rule, "─"
	if v.focus == areaTimeline {
		head, ruleStyle, ch = s.PaneTitleFocused, s.RuleFocused, "━"
	}
	lines = []string{" " + head.Render("Steps"), ruleStyle.Render(strings.Repeat(ch, v.timelineW))}
	stepOf = []int{-1, -1}
	n, avail := len(v.steps), max(v.listH-2, 1)
	allRoles := 2*n <= avail
	gap := 3*n-1 <= avail
	from, to := 0, n
	if !allRoles && n+1 > avail {
		// One line per step, scrolled to the selection.
		from = min(max(v.selected-avail/2, 0), max(n-avail, 0))
		to = min(from+avail, n)
	}
	for i := from; i < to; i++ {
		st := v.steps[i]
		if i > from && gap {
			lines, stepOf = append(lines, ""), append(stepOf, -1)
		}
		// The pre-flight warnings found at a step show as "!2" after
		// its title; its Explain tab lists them.
		warn := ""
		if r := v.result(i); r != nil && len(r.Warnings) > 0 {
			warn = " !" + strconv.Itoa(len(r.Warnings))
		}
		name := truncate(safetext.Line(st.Title), w-4-len(warn))
		marker, title := "  ", s.StepTitle.Render(name)
		if i == v.selected {
			marker = s.Cursor.Render("› ")
			style := s.StepSelected
			if v.focus == areaTimeline {
				style = s.StepCurrent
			}
			title = style.Render(name)
		}
		if warn != "" {
			title += s.Warn.Render(warn)
		}
		lines, stepOf = append(lines, marker+v.glyph(i)+" "+title), append(stepOf, i)
		if allRoles || (i == v.selected && n+1 <= avail) {
			if r := roles(st, w-4); r != "" {
				// The roles line belongs to its step too.
				lines, stepOf = append(lines, "    "+s.StepRoles.Render(r)), append(stepOf, i)
			}
		}
	}
	return lines, stepOf
}
