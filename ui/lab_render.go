package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// labBanner is the lab's second line: what the lab is, and what it is not.
const labBanner = "LAB — requests you edit and send by hand; the run is not changed"

// labSideBySide is the width from which the answer shows the original
// and the edited request in two columns.
const labSideBySide = 100

// labRoom is how many lines of the lab's body show at once: the screen
// less the header, the banner, the rule and the footer.
func (v *stepView) labRoom() int {
	return max(v.height-3-len(helpLines(v.help, v.keysIn(modeLab), v.width)), 3)
}

// labView renders the lab across the whole screen: the request being
// edited, or the answer to one sent beside the original's.
func (v *stepView) labView() string {
	s := v.styles
	var body []string
	top := 0
	if v.lab.shown >= 0 && v.lab.shown < len(v.lab.sends) {
		body, top = v.labAnswerLines(v.lab.sends[v.lab.shown]), v.lab.top
		if n := len(v.lab.sends); n > 1 {
			body = append([]string{s.Subtle.Render(fmt.Sprintf("Answer %d of %d sent from the lab (%s)", v.lab.shown+1, n, v.keyText("←/→"))), ""}, body...)
		}
	} else {
		body = v.labEditLines()
	}
	room := v.labRoom()
	top = min(top, max(len(body)-room, 0))
	end := min(top+room, len(body))
	shown := slices.Clone(body[top:end])
	if end < len(body) && len(shown) > 0 {
		shown[len(shown)-1] = s.Notice.Render(fmt.Sprintf("↓ %d more lines: %s/j, pgdn", len(body)-end, v.keyText("↓")))
	}
	for len(shown) < room {
		shown = append(shown, "")
	}
	out := append([]string{header(v.common, v.provider, v.flowName, "Lab"),
		truncate(s.Badge.Render(" "+labBanner+" "), v.width), rule(v.common)}, shown...)
	return strings.Join(out, "\n")
}

// labEditLines are the lines of the request being edited: where it goes,
// its parts with the cursor and the changes marked, the input, and what
// the lab has sent.
func (v *stepView) labEditLines() []string {
	s, w, m := v.styles, v.width, v.labMasker()
	lr := v.lab.edited
	which := ""
	if n := len(v.lab.exchanges); n > 1 {
		which = fmt.Sprintf(" (request %d of %d)", v.lab.which+1, n)
	}
	lines := []string{
		s.Section.Render(truncate("Request of "+safetext.Line(v.lab.original.Title)+which, w)),
		truncate(safetext.Line(lr.Method()+" "+m.URL(lr.FullURL())), w),
		"",
	}
	const kindW, nameW = 8, 22
	for i, p := range lr.Parts {
		cursor := "  "
		if i == v.lab.cursor {
			cursor = s.Cursor.Render("› ")
		}
		mark, style := "", s.Value
		switch flows.ChangeOf(v.lab.original, p) {
		case "changed":
			mark, style = " ✎ changed", s.Warn
		case "added":
			mark, style = " + added", s.Warn
		}
		name := padRight(truncate(safetext.Line(p.Name), nameW-1), nameW)
		room := max(w-2-kindW-nameW-ansi.StringWidth(mark), 8)
		lines = append(lines, cursor+s.Subtle.Render(padRight(p.Kind.String(), kindW))+s.Key.Render(name)+
			style.Render(truncate(labValue(m, p), room))+s.Warn.Render(mark))
	}
	for _, c := range flows.LabChanges(v.lab.original, lr) {
		if c.Change == "removed" {
			lines = append(lines, "  "+s.Subtle.Render(padRight(c.Kind.String(), kindW))+
				s.Warn.Render(truncate(safetext.Line(c.Name)+" − removed", w-2-kindW)))
		}
	}
	lines = append(lines, "")
	if v.lab.inputFor != labNoInput {
		lines = append(lines, v.lab.input.View())
	}
	if v.lab.inputFor == labEditClaim {
		lines = append(lines, v.labClaimLines(m)...)
	}
	if v.lab.err != "" {
		lines = append(lines, hanging(safetext.Line(v.lab.err), s.Error, w, 0)...)
	}
	status := "Nothing is sent until you press s. Each request sent is recorded with the run: the export and the transcript hold it."
	if v.lab.sending {
		status = "Sending…"
	}
	lines = append(lines, hanging(status, s.Subtle, w, 0)...)
	if n := len(v.lab.sends); n > 0 {
		lines = append(lines, s.Subtle.Render(fmt.Sprintf("%d %s sent from the lab in this run; %s shows the answers.", n, plural(n, "request", "requests"), v.keyText("→"))))
	}
	return lines
}

// labClaimLines list the claims of the JWT under the cursor, to choose
// the one to alter: their values are the token's, shown as written.
func (v *stepView) labClaimLines(m flows.Masker) []string {
	s := v.styles
	claims := v.lab.edited.ClaimsAt(v.lab.cursor)
	if len(claims) == 0 {
		return nil
	}
	out := []string{s.Subtle.Render("Its claims (the signature stays the original's, so the server can tell):")}
	for _, c := range claims {
		out = append(out, truncate("  "+s.Key.Render(padRight(safetext.Line(c[0]), 12))+" "+safetext.Line(m.Text(c[1])), v.width))
	}
	return out
}

// labValue is a part's value as the screen shows it: masked as its name
// and place require, terminal-safe.
func labValue(m flows.Masker, p flows.LabPart) string {
	switch p.Kind {
	case flows.LabMethod:
		return safetext.Line(p.Value)
	case flows.LabHeader:
		return safetext.Line(m.Text(m.Header(p.Name, p.Value)))
	case flows.LabBody:
		return safetext.Line(m.Text(p.Value))
	}
	return safetext.Line(m.Text(m.Value(p.Name, p.Value)))
}

// labAnswerLines are the lines of the answer to ls: the original request
// and answer beside the edited ones (one above the other when narrow),
// then the protection the server applied and the diagnosis.
func (v *stepView) labAnswerLines(ls labSend) []string {
	s, w, m := v.styles, v.width, v.labMasker()
	orig := flows.Result{Exchanges: []flows.Exchange{ls.originalEx}}
	protected := append([]string{s.Section.Render("What the server protected")}, v.labProtectionLines(ls, m)...)
	var lines []string
	if w >= labSideBySide {
		colW := (w - 3) / 2
		left := v.labColumn("Original (sent by the run)", ls.original, ls.original, orig, colW, m, false)
		right := v.labColumn("Edited (sent from the lab)", ls.original, ls.edited, ls.res, colW, m, false)
		for i := 0; i < max(len(left), len(right)); i++ {
			var l, r string
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			lines = append(lines, padRight(l, colW)+s.Separator.Render(" │ ")+r)
		}
		lines = append(append(lines, ""), protected...)
	} else {
		// Narrow: the protection first, where it is seen; the original
		// shows only what the edit changed.
		lines = append(lines, protected...)
		lines = append(lines, "")
		lines = append(lines, v.labColumn("Original (sent by the run)", ls.edited, ls.original, orig, w, m, true)...)
		lines = append(lines, "")
		lines = append(lines, v.labColumn("Edited (sent from the lab)", ls.original, ls.edited, ls.res, w, m, false)...)
	}
	if d := m.Diagnosis(ls.res.Diagnosis); d != nil {
		lines = append(lines, "", s.Section.Render("Diagnosis"))
		lines = append(lines, hanging(safetext.Line(d.What), lipgloss.NewStyle(), w, 0)...)
		if d.Ref != "" {
			lines = append(lines, hanging("See "+safetext.Line(d.Ref), s.Subtle, w, 0)...)
		}
	}
	return lines
}

// labProtectionLines say which protection the server applied or, when
// the lab cannot tell, what changed and what the server answered.
func (v *stepView) labProtectionLines(ls labSend, m flows.Masker) []string {
	s, w := v.styles, v.width
	if ls.what != "" {
		return append(hanging(ls.what, lipgloss.NewStyle(), w, 0), hanging(ls.ref, s.Subtle, w, 0)...)
	}
	var changes []string
	for _, c := range flows.LabChanges(ls.original, ls.edited) {
		changes = append(changes, c.Change+" "+c.Kind.String()+" "+safetext.Line(c.Name))
	}
	changed := "you sent it as it was"
	if len(changes) > 0 {
		changed = "you " + strings.Join(changes, ", ")
	}
	status, code, desc := flows.LabAnswer(ls.res)
	answer := safetext.Line(status)
	if code != "" {
		answer += " " + safetext.Line(code)
	}
	if desc != "" {
		answer += ": " + safetext.Line(m.Text(desc))
	}
	if ls.res.Status != flows.Failed {
		return hanging("The server accepted the edited request ("+answer+"): no check refused what "+changed+".", lipgloss.NewStyle(), w, 0)
	}
	return hanging("The lab cannot name the protection: "+changed+"; the server answered "+answer+".", lipgloss.NewStyle(), w, 0)
}

// labColumn renders one side of the answer: its title, the request line,
// the parts of lr (those changed from original marked), and the answer of
// res: its status line, error and error_description. onlyChanged leaves
// out the parts as they are in original (then the other side).
func (v *stepView) labColumn(title string, original, lr flows.LabRequest, res flows.Result, w int, m flows.Masker, onlyChanged bool) []string {
	s := v.styles
	lines := []string{s.Section.Render(truncate(title, w))}
	if !onlyChanged || lr.FullURL() != original.FullURL() || lr.Method() != original.Method() {
		lines = append(lines, truncate(safetext.Line(lr.Method()+" "+m.URL(lr.FullURL())), w))
	}
	if onlyChanged {
		lines = append(lines, s.Subtle.Render(truncate("  the other parts as sent from the lab, below", w)))
	}
	for _, p := range lr.Parts {
		if p.Kind == flows.LabMethod || onlyChanged && flows.ChangeOf(original, p) == "" {
			continue
		}
		line := safetext.Line(p.Name) + ": " + labValue(m, p)
		switch flows.ChangeOf(original, p) {
		case "changed", "added":
			lines = append(lines, s.Warn.Render(truncate("✎ "+line, w)))
		default:
			lines = append(lines, s.Subtle.Render(truncate("  "+line, w)))
		}
	}
	for _, c := range flows.LabChanges(original, lr) {
		if c.Change == "removed" && !onlyChanged {
			lines = append(lines, s.Warn.Render(truncate("− "+safetext.Line(c.Name)+" (removed)", w)))
		}
	}
	status, code, desc := flows.LabAnswer(res)
	if status == "" {
		status = "no answer"
	}
	lines = append(lines, s.Key.Render(truncate("→ "+safetext.Line(status), w)))
	if code != "" {
		lines = append(lines, truncate("error: "+safetext.Line(code), w))
	}
	if desc != "" {
		lines = append(lines, hanging(safetext.Line(m.Text(desc)), s.Subtle, w, 0)...)
	}
	return lines
}
