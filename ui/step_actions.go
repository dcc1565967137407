package ui

import (
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// tokenActionKeys returns a key for each of flows' token actions
// (introspection, revocation, userinfo), in their order: the first letter
// of the action's ID that no key of the step view already takes, its help
// the ID. Deriving them keeps this package from naming an action.
func tokenActionKeys(km KeyMap, actions []flows.TokenAction) []key.Binding {
	taken := map[string]bool{}
	for _, b := range []key.Binding{km.StepUp, km.StepDown, km.FocusDetails, km.FocusSteps, km.NextTab, km.PrevTab,
		km.PageUp, km.PageDown, km.Diagram, km.Copy, km.CopyURL, km.Reveal, km.Rerun, km.Settings, km.Quit,
		km.CopyCode, km.Paste, km.Stop, km.ShowURL} {
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	for _, b := range km.tabKeys() {
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	out := make([]key.Binding, len(actions))
	for i, a := range actions {
		for _, r := range a.ID {
			k := string(unicode.ToLower(r))
			if unicode.IsLetter(r) && !taken[k] {
				taken[k] = true
				out[i] = key.NewBinding(key.WithKeys(k), key.WithHelp(k, a.ID))
				break
			}
		}
	}
	return out
}

// actionTarget is the token the action keys act on: the one the run it
// came from obtained, for a run of an action; else the run's access token.
func (v stepView) actionTarget() string {
	if v.from != nil {
		return v.target
	}
	return v.accessToken()
}

// actionsApply reports whether the action keys work: a run has ended and
// there is a token to act on.
func (v stepView) actionsApply() bool {
	return v.runID != 0 && v.running < 0 && v.actionTarget() != ""
}

// runAction runs token action a on the run's token as a run of its own in
// this view (its steps in the timeline, every tab as for a grant). esc
// comes back to the run the token came from, R runs that again.
func (v stepView) runAction(a flows.TokenAction) (stepView, tea.Cmd) {
	origin, tok := v, v.actionTarget()
	if v.from != nil {
		origin = *v.from
	}
	v, closeCmd := v.stop()
	v.from, v.target = &origin, tok
	t := flows.Target{Token: tok, Hint: flows.HintAccessToken}
	v.choice = FlowChoice{ID: a.ID, Name: a.Name, Description: a.Summary,
		New: func(p providers.Provider, o flows.Options) flows.Flow { return a.New(p, o, t) }}
	v.focus, v.tab = areaTimeline, tabExplain
	v, cmd := v.rerun()
	return v, tea.Batch(closeCmd, cmd)
}

// backToOrigin leaves the run of an action for the run it came from, as
// it was; again (R) runs that one anew.
func (v stepView) backToOrigin(again bool) (stepView, tea.Cmd) {
	v, cmd := v.stop()
	o := *v.from
	o.noticeID = v.noticeID
	o.runSeq = v.runSeq
	o.clockID = v.clockID + 1
	o.reveal = v.reveal
	o = o.setCommon(v.common)
	if again {
		o, c2 := o.rerun()
		return o, tea.Batch(cmd, c2)
	}
	return o, cmd
}
