package ui

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// stop cancels the run in progress; its results will be dropped. The flow
// is closed now if no step is running, else once the running step has
// returned (Close must not race with Next).
func (v stepView) stop() (stepView, tea.Cmd) { return v.stopWithin(0) }

// quitWait bounds how long quitting waits for a cancelled step to return
// before the flow is closed.
const quitWait = 2 * time.Second

// stopWithin is stop, the wait for a running step bounded by limit (0: no
// bound).
func (v stepView) stopWithin(limit time.Duration) (stepView, tea.Cmd) {
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	v.stepCancel = nil
	var cmd tea.Cmd
	if v.flow != nil && !v.closed {
		var returned <-chan struct{}
		if v.running >= 0 {
			returned = v.returned
		}
		cmd, v.closed = closeFlow(v.flow, returned, limit), true
	}
	v.runID = 0
	v.clockID, v.ticking = v.clockID+1, false
	if v.running >= 0 && v.running < len(v.status) {
		v.status = slices.Clone(v.status)
		v.status[v.running] = flows.Pending
	}
	v.running = -1
	v.paste, v.mode = v.paste.close(), modeBrowse
	return v, cmd
}
