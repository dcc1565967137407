package ui

import (
	"slices"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// The guided tour (ProviderChoice.Tour, oauth-explorer tour): the grants
// of flows.Tour run one after the other on the demo provider with its
// defaults, no settings form in between; the Explain tab opens with the
// tour's words for the step selected and one thing to try, and T goes on
// to the next stop. Nothing of it shows outside the tour.

// tourState is where the tour is: its stops and the one running; at is -1
// when no tour runs.
type tourState struct {
	stops []flows.TourStop
	at    int
}

// on reports whether a tour runs.
func (t tourState) on() bool { return t.at >= 0 && t.at < len(t.stops) }

// tourNextMsg asks the root for the tour's next stop.
type tourNextMsg struct{}

// stepTour is what the step view shows of the tour: the stop running,
// its number, and the name of the next stop ("" at the last).
type stepTour struct {
	stop     *flows.TourStop
	n, of    int
	nextName string
}

// startTour starts the tour with provider i (a Tour choice): its first
// stop's flow, the provider prepared first as for any flow.
func (m Model) startTour(i int) (Model, tea.Cmd) {
	m.tour = tourState{stops: flows.Tour()}
	m.provider = i
	m.flows = m.flows.forProvider(m.cfg.Providers[i])
	m.screen = screenFlows
	return m.tourStop(0)
}

// tourStop runs stop at of the tour; past the last one the tour ends.
func (m Model) tourStop(at int) (Model, tea.Cmd) {
	if at >= len(m.tour.stops) {
		return m, nil
	}
	m.tour.at = at
	idx := slices.IndexFunc(m.cfg.Flows, func(f FlowChoice) bool { return f.ID == m.tour.stops[at].FlowID })
	if idx < 0 {
		m.tour.at = -1
		return m, nil
	}
	mm, cmd := m.chooseFlow(idx)
	return mm.(Model), cmd
}

// runTourStop starts the stop's flow with the provider's defaults, as the
// settings form would fill them, without showing the form. The form keeps
// them: esc on the run shows them, and a run started from there (a
// letter of the secret changed, as stop 1 suggests) is still the stop's.
func (m Model) runTourStop() (tea.Model, tea.Cmd) {
	pc, fc := m.cfg.Providers[m.provider], m.cfg.Flows[m.flow]
	m.form = m.form.load(pc, fc, pc.Defaults(fc.ID))
	return m.startFlow(startFlowMsg{provider: m.form.Provider(), inputs: m.form.grant.values()})
}

// tourStopOf is the index of the tour's stop that runs the chosen flow,
// when a tour runs on the tour's provider; -1 otherwise.
func (m Model) tourStopOf() int {
	if !m.tour.on() || !m.cfg.Providers[m.provider].Tour {
		return -1
	}
	id := m.cfg.Flows[m.flow].ID
	return slices.IndexFunc(m.tour.stops, func(s flows.TourStop) bool { return s.FlowID == id })
}

// stepTour is what a run of the chosen flow shows of the tour: the stop
// running when the flow is that stop's, nothing otherwise (a flow the
// tour does not visit, chosen in its flow picker).
func (m Model) stepTour() stepTour {
	if at := m.tourStopOf(); at < 0 || at != m.tour.at {
		return stepTour{}
	}
	st := stepTour{stop: &m.tour.stops[m.tour.at], n: m.tour.at + 1, of: len(m.tour.stops)}
	if next := m.tour.at + 1; next < len(m.tour.stops) {
		if g, ok := flows.GrantByID(m.tour.stops[next].FlowID); ok {
			st.nextName = g.Name
		}
	}
	return st
}

// tourLines are the tour's words at the top of the Explain tab of step
// i, when a tour runs.
func (v *stepView) tourLines(i int) []string {
	t := v.tour
	if t.stop == nil {
		return nil
	}
	s, w := v.styles, v.detailsW
	words := v.words()
	lines := []string{section(s, "Tour, stop "+strconv.Itoa(t.n)+" of "+strconv.Itoa(t.of))}
	if i == 0 {
		lines = append(lines, indent(hanging(t.stop.Intro, s.Value, w-2, 0), 2)...)
	}
	// What happened, said only of a step that did it: a token request
	// refused (stop 1's suggestion) did not get a token.
	if said := t.stop.Steps[v.steps[i].ID]; said != "" && v.result(i) != nil && v.result(i).Status == flows.Done {
		lines = append(lines, indent(hanging(words.phrase(said), s.Notice, w-2, 0), 2)...)
	}
	if v.running < 0 && v.runID != 0 {
		lines = append(lines, "")
		lines = append(lines, indent(hanging("Try: "+words.phrase(t.stop.Try), s.Value, w-2, 0), 2)...)
		next := "T goes on to the next stop: " + t.nextName + "."
		if t.nextName == "" {
			next = words.phrase(flows.TourEnd)
		}
		lines = append(lines, indent(hanging(next, s.Subtle, w-2, 0), 2)...)
	}
	return append(lines, "")
}

// tourKey is the key that goes on to the tour's next stop.
func tourKey() key.Binding {
	return key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "next tour stop"))
}

// canGoOn reports whether T goes on: a tour's run has ended and a stop
// follows.
func (v *stepView) canGoOn() bool {
	return v.tour.stop != nil && v.tour.nextName != "" && v.running < 0 && v.runID != 0
}
