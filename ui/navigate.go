package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// chooseProvider moves from the provider picker to the flow picker.
func (m Model) chooseProvider(i int) (tea.Model, tea.Cmd) {
	if i < 0 || i >= len(m.cfg.Providers) {
		return m, nil
	}
	return m.showFlows(i)
}

// showFlows opens the flow picker for provider i. A provider that notes
// something about its flows (ProviderChoice.FlowNote, e.g. the grants its
// discovery document does not advertise) is prepared at once, in the
// background, so that the notes show before a flow is chosen; choosing
// one then waits for that Prepare rather than start another.
func (m Model) showFlows(i int) (Model, tea.Cmd) {
	if m.cfg.Providers[i].Tour {
		return m.startTour(i)
	}
	m.tour.at = -1
	m.provider = i
	pc := m.cfg.Providers[i]
	if m.cfg.FlowNotes != nil && pc.FlowNote == nil {
		pc = m.cfg.FlowNotes(pc)
		m.cfg.Providers = slices.Clone(m.cfg.Providers)
		m.cfg.Providers[i] = pc
	}
	m.flows = m.flows.forProvider(pc)
	m.screen = screenFlows
	m = m.flowNotes()
	if pc.FlowNote == nil || pc.Prepare == nil || m.prepared[i] || m.inflight[i] != 0 {
		return m, nil
	}
	m.seq++
	m.inflight = slices.Clone(m.inflight)
	m.inflight[i] = m.seq
	return m, prepareProvider(m.ctx, m.seq, i, pc.Prepare)
}

// flowNotes shows the chosen provider's notes beside the flows once it is
// prepared (before, what it would say is unknown).
func (m Model) flowNotes() Model {
	pc := m.cfg.Providers[m.provider]
	if m.prepared[m.provider] || pc.Prepare == nil {
		m.flows = m.flows.withNotes(pc.FlowNote)
	} else {
		m.flows = m.flows.withNotes(nil)
	}
	return m
}

// chooseFlow prepares the provider if it has not been (showing a spinner)
// and then opens the settings form.
func (m Model) chooseFlow(i int) (tea.Model, tea.Cmd) {
	if i < 0 || i >= len(m.cfg.Flows) || m.prepareID != 0 {
		return m, nil
	}
	m.flow = i
	pc := m.cfg.Providers[m.provider]
	if pc.Prepare == nil || m.prepared[m.provider] {
		return m.openForm()
	}
	var cmd tea.Cmd
	m.flows, cmd = m.flows.startPreparing(pc.PrepareMessage)
	if id := m.inflight[m.provider]; id != 0 {
		// Still starting from an earlier attempt the user walked away
		// from: wait for it rather than call Prepare twice.
		m.prepareID = id
		return m, cmd
	}
	m.seq++
	m.prepareID = m.seq
	m.inflight = slices.Clone(m.inflight)
	m.inflight[m.provider] = m.prepareID
	return m, tea.Batch(cmd, prepareProvider(m.ctx, m.prepareID, m.provider, pc.Prepare))
}

// prepareDone records a finished Prepare and, if the user still waits for
// it, opens the form or shows the error.
func (m Model) prepareDone(msg prepareDoneMsg) (tea.Model, tea.Cmd) {
	if msg.provider >= 0 && msg.provider < len(m.prepared) {
		m.inflight = slices.Clone(m.inflight)
		m.inflight[msg.provider] = 0
		if msg.err == nil {
			// Prepared even if the user stopped waiting: Prepare runs
			// at most once per provider, and Close must release it.
			m.prepared = slices.Clone(m.prepared)
			m.prepared[msg.provider] = true
		}
		if msg.provider == m.provider {
			m = m.flowNotes()
		}
	}
	if msg.id != m.prepareID || m.screen != screenFlows {
		return m, nil
	}
	m.prepareID = 0
	if msg.err != nil {
		m.flows = m.flows.failed(msg.err)
		return m, nil
	}
	m.flows = m.flows.reset()
	return m.openForm()
}

// openForm fills the settings form with the provider's defaults for the
// chosen flow.
func (m Model) openForm() (tea.Model, tea.Cmd) {
	if at := m.tourStopOf(); at >= 0 {
		// A stop's flow, by T or chosen in the tour's flow picker,
		// runs as that stop.
		m.tour.at = at
		return m.runTourStop()
	}
	pc, fc := m.cfg.Providers[m.provider], m.cfg.Flows[m.flow]
	var d providers.Provider
	if pc.Defaults != nil {
		d = pc.Defaults(fc.ID)
	}
	m.form = m.form.load(pc, fc, d)
	m.screen = screenSettings
	return m, m.form.focusCmd()
}

// startFlow runs the chosen flow with the settings of the form.
func (m Model) startFlow(msg startFlowMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	opts := m.cfg.Options
	name, fc := m.cfg.Providers[m.provider].Name, m.cfg.Flows[m.flow]
	// The run before this one may have registered a client (RFC 7591):
	// kept for the session, and reused by the same flow and provider.
	m.registered.keep(m.steps)
	p, inputs, _ := m.registered.reuse(name, fc.ID, msg.provider, msg.inputs)
	opts.Inputs = inputs
	// A grant's run is no action's: esc leads to its settings, not back
	// to a run an action came from (the tour's T may start one there).
	m.steps.from, m.steps.fromDecoder = nil, false
	m.steps, cmd = m.steps.start(m.ctx, name, p, fc, opts)
	m.steps.tour = m.stepTour()
	m.screen = screenSteps
	return m, cmd
}
