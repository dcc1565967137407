package ui

import (
	"context"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// noticeTTL is how long a status message (e.g. "copied") stays.
const noticeTTL = 4 * time.Second

// stepView is the fourth screen: the flow's steps on the left, the selected
// step's details in tabs on the right. It runs the flow one step per
// tea.Cmd, each result tagged with the run's ID.
type stepView struct {
	common
	bodyH, timelineW, detailsW int
	// listH is the height the timeline lays its steps out in: the body's
	// while browsing, kept when the paste input's shorter footer frees a
	// line, so that the steps do not change layout as the input opens
	// (the line goes to the details).
	listH int

	parent   context.Context
	provider string // provider name
	settings providers.Provider
	choice   FlowChoice
	opts     flows.Options
	warnings []string // from Config, shown as badges

	flow     flows.Flow
	closed   bool // Close of flow has been asked for
	flowName string
	steps    []flows.StepInfo
	results  []*flows.Result // by step; nil until the step ran
	status   []flows.Status
	secrets  []string
	runSeq   int
	runID    int // 0 when no run is in progress or kept
	running  int // index of the running step, -1 when none
	// runCtx is the context of the run's steps, cancelled by stop.
	runCtx context.Context
	cancel context.CancelFunc
	// stepCancel cancels the running step alone (x); returned is closed
	// when its Next has returned; stopAsked records that x was pressed.
	stepCancel context.CancelCauseFunc
	returned   chan struct{}
	stopAsked  bool
	// mode says what the view is doing: browsing, pasting, the URL alone.
	mode stepMode
	// paste is the input for a redirect URL copied from the browser,
	// shown in modePaste.
	paste pasteBox
	// search is the text looked for in the details (/, n, N).
	search searchBox

	selected int
	follow   bool // the selection moves to each step as it completes
	helpTop  int  // the first line of the help page shown (modeHelp)
	// history holds the runs before this one (H), runCursor the one
	// chosen in the list, runStarted when this run started.
	history    []pastRun
	runCursor  int
	runStarted time.Time
	focus      area
	tab        tab
	reveal     bool
	shown      [2]int // (step, tab) whose content the viewport holds
	viewport   viewport.Model
	// content is what the viewport holds, wrapped and padded to the
	// pane: the view draws its visible part itself (see detailsView).
	content []string
	spinner spinner.Model

	notice string
	// noticeShort are shorter forms of notice, the fullest first, for a
	// status line too narrow for it (sayForms); nil for most notices.
	noticeShort []string
	noticeID    int
	// clockID tags the once-a-second tick that keeps relative times
	// ("in 59m 12s") current; stop changes it to end the ticking.
	clockID int
	// ticking is set while a tick of clockID is on its way; the tick runs
	// only while something shown counts the seconds (see needsClock).
	ticking bool
	// lastTab is the tab shown before the Diagram tab, for d to go back.
	lastTab tab

	// actions are flows' token actions and actionKeys their keys, in
	// the same order (step_actions.go).
	actions    []flows.TokenAction
	actionKeys []key.Binding
	// from is the run a token action's run came from, nil for a grant's
	// run; target is the token the action acts on. onRefresh points the
	// actions at the run's refresh token rather than its access token.
	from      *stepView
	target    flows.Target
	onRefresh bool
	// fromDecoder marks a token action's run on a token pasted in the
	// decoder: esc goes back there (decode_actions.go).
	fromDecoder bool
	// fromCapture marks a HAR capture shown as a run: esc goes back to
	// the provider picker (capture_open.go).
	fromCapture bool
	// tour is the guided tour's stop this run is, when a tour runs.
	tour stepTour
	// grants are the grants a token the run holds can start
	// (step_grants.go).
	grants []tokenGrant
	// lab is the lab's state and the requests sent from it (lab.go).
	lab labBox
}

func newStepView(c common, reveal bool, warnings []string) stepView {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{} // the step view's own keys drive it
	vp.MouseWheelEnabled = true
	v := stepView{
		common:   c,
		reveal:   reveal,
		warnings: warnings,
		running:  -1,
		shown:    [2]int{-1, -1},
		viewport: vp,
		spinner:  spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.styles.Spinner)),
		paste:    newPasteBox(),
		search:   newSearchBox(),
		actions:  flows.TokenActions(),
	}
	v.actionKeys = tokenActionKeys(c.keys, v.actions)
	return v.setCommon(c)
}

// setCommon sizes the panes: the timeline takes a quarter of the width
// (26 to 34 columns, the last one a gap), the details the rest; the body is
// what the header, the status line and the help footer leave.
func (v stepView) setCommon(c common) stepView {
	v.common = c
	v.spinner.Style = c.styles.Spinner
	v.timelineW = min(max(c.width/4, 26), 34)
	v.detailsW = max(c.width-v.timelineW-2, 10)
	foot := len(helpLines(c.help, v.stepKeys(), c.width))
	v.bodyH = max(c.height-3-foot, 3)
	v.listH = v.bodyH
	if v.mode != modeBrowse {
		browse := len(helpLines(c.help, v.keysIn(modeBrowse), c.width))
		v.listH = min(v.bodyH, max(c.height-3-browse, 3))
	}
	v.paste = v.paste.setCommon(c, v.detailsW)
	v.viewport.SetWidth(v.detailsW)
	v.viewport.SetHeight(max(v.bodyH-2-len(v.bottomLines()), 1))
	return v.refresh()
}

// start runs the flow fc with settings p from its first step.
func (v stepView) start(ctx context.Context, provider string, p providers.Provider, fc FlowChoice, opts flows.Options) (stepView, tea.Cmd) {
	v.parent, v.provider, v.settings, v.choice, v.opts = ctx, provider, p, fc, opts
	v.focus, v.tab = areaTimeline, tabExplain
	return v.rerun()
}

// rerun starts the flow again with a fresh flows.Flow and a new run ID, so
// that results still on their way from the previous run are dropped.
func (v stepView) rerun() (stepView, tea.Cmd) {
	v, closeCmd := v.stop()
	v = v.keepRun()
	v.lab = labBox{}
	v.runStarted = v.now()
	if v.choice.New == nil {
		v.notice, v.noticeShort = "This flow cannot run: it has no implementation.", nil
		return v, closeCmd
	}
	v.flow, v.closed = v.choice.New(v.settings, v.opts), false
	v.flowName = v.flow.Name()
	v.steps = slices.Clone(v.flow.Steps())
	v.results = make([]*flows.Result, len(v.steps))
	v.status = make([]flows.Status, len(v.steps))
	v.secrets = v.flow.Secrets()
	v.runSeq++
	v.runID = v.runSeq
	parent := v.parent
	if parent == nil {
		parent = context.Background()
	}
	v.runCtx, v.cancel = context.WithCancel(parent)
	v.selected, v.follow, v.notice = 0, true, ""
	v.clockID++
	v, cmd := v.next()
	v, clock := v.setCommon(v.common).keepClock()
	return v, tea.Batch(closeCmd, cmd, clock)
}

// next starts the next step, or ends the run when the flow is done.
func (v stepView) next() (stepView, tea.Cmd) {
	if v.flow.Done() {
		for i, st := range v.status {
			if st == flows.Pending || st == flows.Running {
				v.status[i] = flows.Skipped
			}
		}
		v.running = -1
		if v.cancel != nil {
			v.cancel()
		}
		v.closed = true
		return v, closeFlow(v.flow, nil, 0)
	}
	i := slices.Index(v.status, flows.Pending)
	if i < 0 {
		i = len(v.status) - 1
	}
	v.status[i] = flows.Running
	v.running = i
	// Each step gets a context of its own under the run's, so that x can
	// stop the step (the wait for the browser) and the run still ends
	// cleanly.
	var ctx context.Context
	ctx, v.stepCancel = context.WithCancelCause(v.runCtx)
	v.returned, v.stopAsked = make(chan struct{}), false
	if v.waiting() && v.follow {
		// Show the waiting panel unless the user went elsewhere.
		v.selected, v.tab = i, tabExplain
	}
	return v, tea.Batch(runStep(ctx, v.runID, v.flow, v.returned), v.spinner.Tick)
}

// Update handles the step view's keys, step results, spinner ticks, pasted
// text and the mouse wheel.
func (v stepView) Update(msg tea.Msg) (stepView, tea.Cmd) {
	switch msg := msg.(type) {
	case stepDoneMsg:
		return v.stepDone(msg)
	case pasteResultMsg:
		return v.pasteResult(msg)
	case labSentMsg:
		return v.labSent(msg)
	case spinner.TickMsg:
		if v.running < 0 {
			return v, nil
		}
		var cmd tea.Cmd
		v.spinner, cmd = v.spinner.Update(msg)
		if v.panelShown() || v.tab == tabDiagram {
			v = v.refresh() // the panel and the diagram show the spinner too
		}
		return v, cmd
	case clockMsg:
		if msg.id != v.clockID {
			return v, nil
		}
		if !v.needsClock() {
			v.ticking = false
			return v, nil
		}
		return v.refresh(), clockTick(v.common, v.clockID)
	case copiedMsg:
		return v.copiedNotice(msg)
	case exportedMsg:
		return v.exportedNotice(msg)
	case statusExpiredMsg:
		if msg.id == v.noticeID {
			v.notice = ""
		}
		return v, nil
	case tea.MouseClickMsg:
		return v.click(msg.Mouse())
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		v.viewport, cmd = v.viewport.Update(msg)
		return v, cmd
	case tea.PasteMsg:
		// Pasting on the waiting screen opens the input with the text.
		if v.mode != modePaste && v.canPaste() {
			v, cmd := v.openPaste()
			v.paste, _ = v.paste.Update(msg)
			return v, cmd
		}
	case tea.KeyPressMsg:
		return modeKeys[v.mode](v, msg)
	}
	if v.mode == modeLab {
		return v.labOther(msg)
	}
	if v.mode == modePaste {
		// Pasted text and the cursor's blinks.
		var cmd tea.Cmd
		v.paste, cmd = v.paste.Update(msg)
		return v, cmd
	}
	return v, nil
}

// stepDone records the result of a step of the current run and starts the
// next one.
func (v stepView) stepDone(msg stepDoneMsg) (stepView, tea.Cmd) {
	if msg.runID == 0 || msg.runID != v.runID {
		// A run that was stopped or replaced: stop closes its flow once
		// this step has returned.
		return v, nil
	}
	if v.stepCancel != nil {
		v.stepCancel(nil)
		v.stepCancel = nil
	}
	r := phraseResult(msg.result, v.words())
	i := slices.IndexFunc(v.steps, func(s flows.StepInfo) bool { return s.ID != "" && s.ID == r.Step.ID })
	if i < 0 {
		i = v.running
	}
	v.results, v.status = slices.Clone(v.results), slices.Clone(v.status)
	if v.running >= 0 && v.running != i {
		v.status[v.running] = flows.Pending
	}
	if v.stopAsked {
		v.notice = "" // "Stopping…": done
		if r.Status == flows.Failed {
			r.Diagnosis = stoppedDiagnosis(r, v.prompt(), v.masker())
		}
	}
	if i >= 0 && i < len(v.steps) {
		if r.Step.ID == "" {
			r.Step = v.steps[i]
		}
		v.results[i] = &r
		v.status[i] = r.Status
		if r.Status == flows.Pending || r.Status == flows.Running {
			v.status[i] = flows.Done
		}
		if v.follow {
			v.selected = i
			if r.Status == flows.Failed {
				// Stay on the failure even if the flow goes on.
				v.tab, v.follow = tabDiagnosis, false
			}
		}
	}
	v.secrets = v.flow.Secrets()
	v.running = -1
	v.paste, v.mode = v.paste.close(), modeBrowse
	v, cmd := v.next()
	return v.setCommon(v.common), cmd
}
