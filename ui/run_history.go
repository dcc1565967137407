package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// History (H): running again keeps the runs before in the session; the
// run list shows them (provider, grant, time, outcome), and enter on one
// compares its access token with this run's, claim by claim
// (flows.CompareTokens): what changed when the scope, the audience or the
// client changed.

// maxHistory bounds the runs kept.
const maxHistory = 20

// pastRun is a run the step view ran before.
type pastRun struct {
	provider, flowName string
	started            time.Time
	steps              []flows.StepInfo
	results            []*flows.Result
	status             []flows.Status
}

// keepRun puts the run shown into the history, if any step of it ran.
func (v stepView) keepRun() stepView {
	ran := false
	for _, r := range v.results {
		ran = ran || r != nil
	}
	if !ran {
		return v
	}
	pr := pastRun{provider: v.provider, flowName: v.flowName, started: v.runStarted, steps: v.steps, results: v.results, status: v.status}
	v.history = append(v.history[max(len(v.history)-maxHistory+1, 0):len(v.history):len(v.history)], pr)
	return v
}

// outcome says how run pr ended, in a few words.
func (pr pastRun) outcome() string {
	for i, st := range pr.status {
		if st == flows.Failed {
			return "✗ failed at " + pr.steps[i].Title
		}
	}
	for i, r := range pr.results {
		if r == nil {
			return "stopped before " + pr.steps[i].Title
		}
	}
	return "✓ complete"
}

// accessToken is the newest access token the run obtained, "" if none.
func (pr pastRun) accessToken() string {
	for i := len(pr.results) - 1; i >= 0; i-- {
		if r := pr.results[i]; r != nil && r.Token != nil && r.Token.AccessToken != "" {
			return r.Token.AccessToken
		}
	}
	return ""
}

// current is the run shown, as a pastRun.
func (v *stepView) current() pastRun {
	return pastRun{provider: v.provider, flowName: v.flowName, started: v.runStarted, steps: v.steps, results: v.results, status: v.status}
}

// openRuns shows the run list.
func (v stepView) openRuns() (stepView, tea.Cmd) {
	if len(v.history) == 0 {
		return v.say("No earlier run in this session: R runs again and keeps this one.")
	}
	v.mode, v.runCursor, v.helpTop = modeRuns, len(v.history)-1, 0
	return v.setCommon(v.common), nil
}

// runsKey handles a key press on the run list and on the comparison.
func (v stepView) runsKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	km := v.keys
	switch {
	case key.Matches(k, km.Quit):
		return v, emit(quitMsg{})
	case key.Matches(k, km.ClosePaste) && v.mode == modeCompare:
		v.mode, v.helpTop = modeRuns, 0
	case key.Matches(k, km.ClosePaste, km.History):
		v.mode = modeBrowse
	case v.mode == modeRuns && key.Matches(k, km.StepUp):
		v.runCursor = max(v.runCursor-1, 0)
	case v.mode == modeRuns && key.Matches(k, km.StepDown):
		v.runCursor = min(v.runCursor+1, len(v.history)-1)
	case v.mode == modeRuns && key.Matches(k, km.Submit):
		v.mode, v.helpTop = modeCompare, 0
	case v.mode == modeCompare && key.Matches(k, km.StepUp):
		v.helpTop = max(v.helpTop-1, 0)
	case v.mode == modeCompare && key.Matches(k, km.StepDown):
		v.helpTop++
	}
	return v.setCommon(v.common), nil
}

// runsView renders the run list, or the comparison, across the screen.
func (v *stepView) runsView() string {
	s, w := v.styles, v.width
	title := "Runs"
	var lines []string
	if v.mode == modeRuns {
		lines = append(lines, hanging("Runs of this session, oldest first. enter compares the chosen run's access token with this run's, claim by claim.", s.Subtle, w, 0)...)
		lines = append(lines, "")
		row := func(n string, pr pastRun, cursor bool) string {
			mark := "  "
			if cursor {
				mark = s.Cursor.Render("› ")
			}
			tok := ""
			if pr.accessToken() != "" {
				tok = " · token"
			}
			return truncate(mark+s.Key.Render(padRight(n, 9))+pr.started.Format("15:04:05")+"  "+safetext.Line(pr.provider+" · "+pr.flowName+" · "+pr.outcome()+tok), w)
		}
		for i, pr := range v.history {
			lines = append(lines, row(fmt.Sprint(i+1), pr, i == v.runCursor))
		}
		lines = append(lines, row("this run", v.current(), false))
	} else {
		title = "Compare"
		lines = v.compareLines()
	}
	room := max(v.height-2-len(helpLines(v.help, v.keyMap(), w)), 3)
	top := min(v.helpTop, max(len(lines)-room, 0))
	lines = lines[top:min(top+room, len(lines))]
	return strings.Join(append([]string{header(v.common, v.provider, v.flowName, title), rule(v.common)}, lines...), "\n")
}

// compareLines compares the access token of the chosen run with this
// run's.
func (v *stepView) compareLines() []string {
	s, w := v.styles, v.width
	past := v.history[v.runCursor]
	out := hanging(fmt.Sprintf("The access token of run %d (%s, %s) against this run's (%s). ~ changed, + only now, - only then, = the same; times differ between any two tokens.",
		v.runCursor+1, safetext.Line(past.flowName), past.started.Format("15:04:05"), v.current().started.Format("15:04:05")), s.Subtle, w, 0)
	out = append(out, "")
	switch {
	case past.accessToken() == "":
		return append(out, s.Error.Render(truncate(fmt.Sprintf("Run %d obtained no access token: nothing to compare.", v.runCursor+1), w)))
	case v.accessToken() == "":
		return append(out, s.Error.Render(truncate("This run has no access token (yet): nothing to compare.", w)))
	}
	changes, err := flows.CompareTokens(past.accessToken(), v.accessToken())
	if err != nil {
		return append(out, s.Error.Render(truncate(safetext.Line(err.Error()), w)))
	}
	val := func(raw string) string {
		if raw == "" {
			return "(none)"
		}
		return safetext.Line(raw)
	}
	for _, c := range changes {
		mark, style := "=", s.Subtle
		switch c.Kind {
		case flows.ClaimChanged:
			mark, style = "~", s.Notice
		case flows.ClaimAdded:
			mark, style = "+", s.Notice
		case flows.ClaimRemoved:
			mark, style = "-", s.Notice
		case flows.ClaimTime:
			mark = "~"
		}
		text := val(c.Before)
		if c.Kind != flows.ClaimSame {
			text = val(c.Before) + " → " + val(c.After)
		}
		out = append(out, truncate(style.Render(mark+" "+padRight(safetext.Line(c.Name), 12))+" "+text, w))
		if c.Kind != flows.ClaimSame && c.Kind != flows.ClaimTime && c.Meaning != "" {
			out = append(out, s.Subtle.Render(truncate("    "+c.Meaning, w)))
		}
	}
	return out
}
