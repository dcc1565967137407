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

// tab is one of the detail tabs of the step view.
type tab int

const (
	tabExplain tab = iota
	tabRequest
	tabResponse
	tabClaims
	tabDiagnosis
	numTabs
)

var tabNames = [numTabs]string{"Explain", "Request", "Response", "Claims", "Diagnosis"}

// area is the part of the step view that receives ↑/↓.
type area int

const (
	areaTimeline area = iota // ↑/↓ select a step
	areaDetails              // ↑/↓ scroll the tab
)

// noticeTTL is how long a status message (e.g. "copied") stays.
const noticeTTL = 4 * time.Second

// stepView is the fourth screen: the flow's steps on the left, the selected
// step's details in tabs on the right. It runs the flow one step per
// tea.Cmd, each result tagged with the run's ID.
type stepView struct {
	common
	bodyH, timelineW, detailsW int

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

	selected int
	follow   bool // the selection moves to each step as it completes
	focus    area
	tab      tab
	reveal   bool
	shown    [2]int // (step, tab) whose content the viewport holds
	viewport viewport.Model
	spinner  spinner.Model

	notice   string
	noticeID int
	// clockID tags the once-a-second tick that keeps relative times
	// ("in 59m 12s") current; stop changes it to end the ticking.
	clockID int
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
	}
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
	foot := len(helpLines(c.help, keyList(v.ShortHelp()), c.width))
	v.bodyH = max(c.height-3-foot, 3)
	v.viewport.SetWidth(v.detailsW)
	v.viewport.SetHeight(max(v.bodyH-2, 1))
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
	if v.choice.New == nil {
		v.notice = "This flow cannot run: it has no implementation."
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
	return v.refresh(), tea.Batch(closeCmd, cmd, clockTick(v.clockID))
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
		return v, closeFlow(v.flow)
	}
	i := slices.Index(v.status, flows.Pending)
	if i < 0 {
		i = len(v.status) - 1
	}
	v.status[i] = flows.Running
	v.running = i
	return v, tea.Batch(runStep(v.runCtx, v.runID, v.flow), v.spinner.Tick)
}

// stop cancels the run in progress; its results will be dropped. The flow
// is closed now if no step is running, else when the running step returns
// (Close must not race with Next).
func (v stepView) stop() (stepView, tea.Cmd) {
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	var cmd tea.Cmd
	if v.running < 0 && v.flow != nil && !v.closed {
		cmd, v.closed = closeFlow(v.flow), true
	}
	v.runID = 0
	v.clockID++
	if v.running >= 0 && v.running < len(v.status) {
		v.status = slices.Clone(v.status)
		v.status[v.running] = flows.Pending
	}
	v.running = -1
	return v, cmd
}

// Update handles the step view's keys, step results, spinner ticks and the
// mouse wheel.
func (v stepView) Update(msg tea.Msg) (stepView, tea.Cmd) {
	switch msg := msg.(type) {
	case stepDoneMsg:
		return v.stepDone(msg)
	case spinner.TickMsg:
		if v.running < 0 {
			return v, nil
		}
		var cmd tea.Cmd
		v.spinner, cmd = v.spinner.Update(msg)
		return v, cmd
	case clockMsg:
		if msg.id != v.clockID {
			return v, nil
		}
		if v.tab == tabExplain || v.tab == tabClaims {
			v = v.refresh()
		}
		return v, clockTick(v.clockID)
	case statusExpiredMsg:
		if msg.id == v.noticeID {
			v.notice = ""
		}
		return v, nil
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		v.viewport, cmd = v.viewport.Update(msg)
		return v, cmd
	case tea.KeyPressMsg:
		return v.key(msg)
	}
	return v, nil
}

func (v stepView) key(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	km := v.keys
	switch {
	case key.Matches(k, km.Quit):
		return v, emit(quitMsg{})
	case key.Matches(k, km.Settings):
		return v, emit(backMsg{})
	case key.Matches(k, km.Rerun):
		return v.rerun()
	case key.Matches(k, km.Reveal):
		v.reveal = !v.reveal
		return v.refresh(), nil
	case key.Matches(k, km.Copy):
		return v.copyToken()
	case key.Matches(k, km.CopyURL) && v.authURL() != "":
		v, cmd := v.say("Authorization URL copied to clipboard (OSC52): open it in a browser")
		return v, tea.Batch(tea.SetClipboard(v.authURL()), cmd)
	case key.Matches(k, km.NextTab), key.Matches(k, km.PrevTab):
		step := 1
		if key.Matches(k, km.PrevTab) {
			step = -1
		}
		t := v.tab
		for range numTabs {
			t = (t + tab(step) + numTabs) % numTabs
			if v.hasTab(t) {
				break
			}
		}
		v.tab = t
		return v.refresh(), nil
	case v.focus == areaTimeline && key.Matches(k, km.FocusDetails):
		v.focus = areaDetails
		return v.setCommon(v.common), nil
	case v.focus == areaDetails && key.Matches(k, km.FocusSteps):
		v.focus = areaTimeline
		return v.setCommon(v.common), nil
	case key.Matches(k, km.PageUp):
		v.viewport.PageUp()
		return v, nil
	case key.Matches(k, km.PageDown):
		v.viewport.PageDown()
		return v, nil
	case v.focus == areaTimeline && key.Matches(k, km.StepUp, km.StepDown):
		sel := v.selected
		if key.Matches(k, km.StepUp) {
			sel--
		} else {
			sel++
		}
		if sel >= 0 && sel < len(v.steps) {
			v.selected, v.follow = sel, false
		}
		return v.refresh(), nil
	case v.focus == areaDetails && key.Matches(k, km.ScrollUp):
		v.viewport.ScrollUp(1)
		return v, nil
	case v.focus == areaDetails && key.Matches(k, km.ScrollDown):
		v.viewport.ScrollDown(1)
		return v, nil
	}
	for i, b := range km.tabKeys() {
		if key.Matches(k, b) && v.hasTab(tab(i)) {
			v.tab = tab(i)
			return v.refresh(), nil
		}
	}
	return v, nil
}

// stepDone records the result of a step of the current run and starts the
// next one.
func (v stepView) stepDone(msg stepDoneMsg) (stepView, tea.Cmd) {
	if msg.runID == 0 || msg.runID != v.runID {
		// A run that was stopped or replaced: its step has returned, so
		// its flow can be closed.
		return v, closeFlow(msg.flow)
	}
	r := msg.result
	i := slices.IndexFunc(v.steps, func(s flows.StepInfo) bool { return s.ID != "" && s.ID == r.Step.ID })
	if i < 0 {
		i = v.running
	}
	v.results, v.status = slices.Clone(v.results), slices.Clone(v.status)
	if v.running >= 0 && v.running != i {
		v.status[v.running] = flows.Pending
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
	v, cmd := v.next()
	return v.refresh(), cmd
}

// copyToken puts the latest access token on the clipboard through OSC52.
func (v stepView) copyToken() (stepView, tea.Cmd) {
	tok := v.accessToken()
	if tok == "" {
		return v.say("No access token yet: the flow has not obtained one.")
	}
	v, cmd := v.say("Access token copied to clipboard (OSC52)")
	return v, tea.Batch(tea.SetClipboard(tok), cmd)
}

// say shows a status message for noticeTTL.
func (v stepView) say(s string) (stepView, tea.Cmd) {
	v.noticeID++
	v.notice = s
	return v, expireNotice(v.noticeID, noticeTTL)
}

// ShortHelp implements help.KeyMap: the keys of the focused area.
func (v stepView) ShortHelp() []key.Binding {
	km := v.keys
	var b []key.Binding
	if v.focus == areaTimeline {
		b = append(b, km.StepUp, km.FocusDetails)
	} else {
		b = append(b, km.ScrollUp, km.FocusSteps)
	}
	reveal := km.Reveal
	if v.reveal {
		reveal.SetHelp("r", "mask")
	}
	b = append(b, km.NextTab, km.PageUp, km.Copy)
	if v.authURL() != "" {
		b = append(b, km.CopyURL)
	}
	return append(b, reveal, km.Rerun, km.Settings, km.Quit)
}

// FullHelp implements help.KeyMap.
func (v stepView) FullHelp() [][]key.Binding { return [][]key.Binding{v.ShortHelp()} }
