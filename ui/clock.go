package ui

import tea "charm.land/bubbletea/v2"

// The step view redraws once a second only while it shows something that
// counts the seconds: the time left to log in (status line and waiting
// panel) and the countdown to a token's exp on the Claims tab. Otherwise no
// tick is scheduled, so an idle screen costs nothing.

// needsClock reports whether what the step view shows changes with time.
func (v *stepView) needsClock() bool {
	if v.flow == nil {
		return false
	}
	return v.waiting() || v.tab == tabClaims
}

// keepClock schedules the next tick when the view needs one and none is on
// its way. The root model calls it after every message the step view
// handled, so that a tab switch or the start of the wait starts the clock.
func (v stepView) keepClock() (stepView, tea.Cmd) {
	if v.ticking || !v.needsClock() {
		return v, nil
	}
	v.ticking = true
	return v, clockTick(v.common, v.clockID)
}
