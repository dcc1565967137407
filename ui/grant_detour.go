package ui

import tea "charm.land/bubbletea/v2"

// detour is the flow and the settings form a grant opened from a run's
// tokens replaced: esc on its settings brings them back, with the run.
type detour struct {
	flow int
	form settingsForm
}

// grantFromToken opens the settings of the grant msg names, its inputs
// filled from the run's tokens (masked as any secret input is), ready to
// start; the run stays, for esc to come back to.
func (m Model) grantFromToken(msg grantFromTokenMsg) (tea.Model, tea.Cmd) {
	if msg.flow < 0 || msg.flow >= len(m.cfg.Flows) {
		return m, nil
	}
	if m.detour == nil {
		m.detour = &detour{flow: m.flow, form: m.form}
	}
	m.flow = msg.flow
	mm, cmd := m.openForm()
	m = mm.(Model)
	m.form = m.form.prefill(msg.inputs, msg.note)
	return m, cmd
}

// detourBack leaves the settings opened from a run's tokens for the run,
// the flow and its settings as they were.
func (m Model) detourBack() (tea.Model, tea.Cmd) {
	d := m.detour
	m.detour = nil
	m.flow, m.form = d.flow, d.form.setCommon(m.common)
	m.screen = screenSteps
	return m, nil
}
