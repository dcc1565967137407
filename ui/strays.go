package ui

import (
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// The callback listener ignores every request that does not carry the
// state the flow sent (a probe, a favicon, a forged response) and goes on
// waiting. The screen says how many it ignored, live while it waits, and
// shows the last one with the Callback step's exchanges: anyone on this
// machine can send them, so what they hold is masked and sanitized.

// strays returns the requests ignored so far: from the flow while it
// waits (Strays is safe to call then), else from the result of the last
// step that waited; nil when there were none.
func (v *stepView) strays() *flows.Strays {
	if !v.waiting() {
		for i := len(v.steps) - 1; i >= 0; i-- {
			if r := v.result(i); v.steps[i].Waits && r != nil {
				return r.Strays
			}
		}
	}
	if sr, ok := v.flow.(flows.StrayReporter); ok && v.waiting() {
		if s := sr.Strays(); s.Count > 0 {
			return &s
		}
	}
	return nil
}

// strayCount says "3 stray requests ignored", or "" when none were.
func strayCount(s *flows.Strays) string {
	if s == nil || s.Count == 0 {
		return ""
	}
	if s.Count == 1 {
		return "1 stray request ignored"
	}
	return fmt.Sprintf("%d stray requests ignored", s.Count)
}

// strayLine is the waiting panel's line on the ignored requests; none when
// there were none.
func (v *stepView) strayLine() []string {
	s := v.strays()
	n := strayCount(s)
	if n == "" {
		return nil
	}
	if last, ok := s.Last(); ok {
		n += " (the last: " + safetext.Line(last.Exchange.Request.Method) + " " + safetext.Line(v.masker().URL(last.Exchange.Request.URL)) + ": " + safetext.Line(last.Reason) + ")"
	}
	return hanging(n+": only the answer with this flow's state ends the wait.", v.styles.Warn, v.detailsW, 2)
}

// strayDetails shows the last ignored request below the Callback step's
// exchanges.
func (v *stepView) strayDetails() []string {
	s := v.strays()
	if s == nil {
		return nil
	}
	last, ok := s.Last()
	if !ok {
		return nil
	}
	st, m := v.styles, v.masker()
	ex := last.Exchange
	rows := [][2]string{
		{"request", safetext.Line(ex.Request.Method) + " " + safetext.Line(m.URL(ex.Request.URL))},
		{"why", safetext.Line(last.Reason)},
	}
	if ex.Response != nil {
		rows = append(rows, [2]string{"answered", safetext.Line(ex.Response.Status)})
	}
	lines := []string{"", section(st, strayCount(s)+" (RFC 6749 §10.12)")}
	lines = append(lines, hanging("Requests to the listener without the state this flow sent are answered with a page saying so, and ignored. The last one:", st.Subtle, v.detailsW, 0)...)
	return append(lines, keyValues(st, rows, 8, v.detailsW)...)
}
