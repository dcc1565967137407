package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// statusPart is a piece of the status line: its text from the fullest to
// the shortest form ("" drops it), and its rank: when the line is too
// long, the part of the lowest rank that can still shrink takes its next
// form first. A part is shortened or dropped whole, never cut in a word.
type statusPart struct {
	forms []string
	// style is one of the shared Styles (a pointer: a Style is large,
	// and the line is built on every frame); nil for a part drawn as it
	// is (the spinner).
	style *lipgloss.Style
	rank  int
}

// Ranks of the status line's parts, the first given up first.
const (
	rankMasked  = iota // "secrets masked": the default, the footer's r says it
	rankWhere          // "on another device": the panel says it too
	rankDetail         // "· 0s on the wire", ": see Diagnosis (5)"
	rankCount          // "· 3 HTTP exchanges"
	rankLeft           // "· 10m 00s left" → "· 10m left"
	rankStepNum        // "Step 3 of 6: "
	rankKeep           // never dropped: the state itself, SECRETS SHOWN
)

// statusView renders the status line: a notice or the state of the run on
// the left, whether secrets show on the right. Parts are shortened or
// dropped by rank until the line fits (see statusPart); only a single
// part wider than the whole line is cut, at a word.
func (v *stepView) statusView() string {
	s := v.styles
	right := statusPart{forms: []string{"secrets masked", ""}, style: &s.Subtle, rank: rankMasked}
	if v.reveal {
		right = statusPart{forms: []string{"SECRETS SHOWN"}, style: &s.Secret, rank: rankKeep}
	}
	left := v.runState()
	if v.notice != "" {
		forms := []string{safetext.Line(v.notice)}
		for _, f := range v.noticeShort {
			forms = append(forms, safetext.Line(f))
		}
		left = []statusPart{{forms: forms, style: &s.Notice, rank: rankKeep}}
	}
	parts := append(left, right)
	at := make([]int, len(parts)) // the form each part shows
	width := func() int {
		w := 1 // the gap between the two sides
		for i, p := range parts {
			w += ansi.StringWidth(p.forms[at[i]])
		}
		return w
	}
	for width() > v.width {
		next := -1
		for i, p := range parts {
			if at[i]+1 < len(p.forms) && (next < 0 || p.rank < parts[next].rank) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		at[next]++
	}
	render := func(i int) string {
		t := parts[i].forms[at[i]]
		if t == "" || parts[i].style == nil {
			return t
		}
		return parts[i].style.Render(t)
	}
	var b strings.Builder
	for i := range left {
		b.WriteString(render(i))
	}
	r := render(len(parts) - 1)
	rw := ansi.StringWidth(r)
	return padRight(cutAtWord(b.String(), v.width-rw-1), v.width-rw) + r
}

// cutAtWord cuts styled text to w cells, at the last space that leaves
// room for "…", so that no word shows half.
func cutAtWord(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	plain := []rune(ansi.Strip(s))
	for n := min(w-1, len(plain)); n > 0; n-- {
		if plain[n] == ' ' {
			return ansi.Truncate(s, n, "") + "…"
		}
	}
	return truncate(s, w)
}

// runState says in parts of a line where the run stands.
func (v *stepView) runState() []statusPart {
	s := v.styles
	keep := func(text string, style *lipgloss.Style) statusPart {
		return statusPart{forms: []string{text}, style: style, rank: rankKeep}
	}
	spin := statusPart{forms: []string{v.spinner.View() + " "}, rank: rankKeep}
	if v.waiting() {
		title := v.steps[v.running].Title
		parts := []statusPart{spin,
			{forms: []string{fmt.Sprintf("Step %d of %d: ", v.running+1, len(v.steps)), ""}, style: &s.Notice, rank: rankStepNum},
			keep(title, &s.Notice)}
		if pr := v.prompt(); pr != nil && pr.Where != "" {
			parts = append(parts, statusPart{forms: []string{" " + safetext.Line(pr.Where), ""}, style: &s.Notice, rank: rankWhere})
		}
		if left, ok := v.timeLeft(); ok {
			parts = append(parts, statusPart{forms: []string{" · " + formatLeft(left) + " left", " · " + shortLeft(left) + " left"},
				style: &s.Notice, rank: rankLeft})
		}
		return parts
	}
	if v.running >= 0 {
		return []statusPart{spin,
			{forms: []string{fmt.Sprintf("Running step %d of %d: ", v.running+1, len(v.steps)), ""}, style: &s.Notice, rank: rankStepNum},
			keep(v.steps[v.running].Title+"…", &s.Notice)}
	}
	for i, st := range v.status {
		if st == flows.Failed {
			parts := []statusPart{keep("✗ Failed at "+v.steps[i].Title, &s.Error)}
			if stepTabs[tabDiagnosis].applies(v.result(i)) {
				parts = append(parts, statusPart{forms: []string{": see Diagnosis (5)", ""}, style: &s.Error, rank: rankDetail})
			}
			return parts
		}
	}
	if len(v.status) == 0 {
		return nil
	}
	for _, st := range v.status {
		if st != flows.Done && st != flows.Skipped {
			return nil
		}
	}
	var took time.Duration
	n := 0
	for _, r := range v.results {
		if r != nil {
			took += wireTime(r.Exchanges)
			n += len(r.Exchanges)
		}
	}
	return []statusPart{keep("✓ Flow complete", &s.Success),
		{forms: []string{fmt.Sprintf(" · %d HTTP %s", n, plural(n, "exchange", "exchanges")), ""}, style: &s.Success, rank: rankCount},
		{forms: []string{fmt.Sprintf(" · %s on the wire", flows.RoundDuration(took)), ""}, style: &s.Success, rank: rankDetail}}
}

// shortLeft is formatLeft in its largest unit alone: "10m", "1h 05m",
// "42s".
func shortLeft(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= time.Hour || d < time.Minute {
		return formatLeft(d)
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}
