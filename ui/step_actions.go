package ui

import (
	"strings"
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
	ids := make([]string, len(actions))
	for i, a := range actions {
		ids[i] = a.ID
	}
	return deriveKeys(stepViewTaken(km), ids)
}

// stepViewTaken returns the keys the step view binds of its own, which
// no derived key may take.
func stepViewTaken(km KeyMap) map[string]bool {
	taken := map[string]bool{}
	for _, b := range []key.Binding{km.StepUp, km.StepDown, km.FocusDetails, km.FocusSteps, km.NextTab, km.PrevTab,
		km.PageUp, km.PageDown, km.Diagram, km.Copy, km.CopyURL, km.Reveal, km.Rerun, km.Settings, km.Quit,
		km.CopyCode, km.Paste, km.Stop, km.ShowURL, actionTargetKey(), km.ActionMenu, km.MoreKeys,
		km.Top, km.Bottom, km.Search, km.NextMatch, km.PrevMatch, km.Export, km.History, km.Lab, tourKey()} {
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	for _, b := range km.tabKeys() {
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	return taken
}

// deriveKeys returns a key for each of ids, in order: the first letter of
// the ID that taken does not hold, its help the ID; the keys it gives are
// added to taken. An ID whose letters are all taken gets an empty
// binding.
func deriveKeys(taken map[string]bool, ids []string) []key.Binding {
	out := make([]key.Binding, len(ids))
	for i, id := range ids {
		// A letter of the name first; when the step view's own keys
		// have taken them all, any free letter.
		for _, r := range id + "abcdefghijklmnopqrstuvwxyz" {
			k := string(unicode.ToLower(r))
			if unicode.IsLetter(r) && !taken[k] {
				taken[k] = true
				out[i] = key.NewBinding(key.WithKeys(k), key.WithHelp(k, id))
				break
			}
		}
	}
	return out
}

// actionTargetKey switches the token the action keys act on between the
// run's access token and its refresh token.
func actionTargetKey() key.Binding {
	return key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "act on refresh token"))
}

// targetKey is actionTargetKey, its help naming the token it switches to.
func (v *stepView) targetKey() key.Binding {
	k := actionTargetKey()
	if v.onRefresh {
		k.SetHelp(k.Help().Key, "act on access token")
	}
	return k
}

// targetName names the token the action keys act on, as the footer and
// the action run's header say it.
func (v *stepView) targetName() string {
	if v.onRefresh {
		return "refresh token"
	}
	return "access token"
}

// actionTarget is the token the action keys act on: the one the run it
// came from obtained, for a run of an action; else the run's access
// token, or its refresh token once t chose it.
func (v *stepView) actionTarget() flows.Target {
	switch {
	case v.from != nil, v.fromDecoder:
		return v.target
	case v.onRefresh:
		return flows.Target{Token: v.refreshToken(), Hint: flows.HintRefreshToken}
	}
	return flows.Target{Token: v.accessToken(), Hint: flows.HintAccessToken}
}

// refreshToken returns the refresh token the run holds after its latest
// step that obtained tokens: a rotation replaces it, a response without
// one leaves the one held (RFC 6749 §6).
func (v *stepView) refreshToken() string {
	for i := len(v.results) - 1; i >= 0; i-- {
		r := v.results[i]
		switch {
		case r == nil:
		case r.Tokens != nil:
			return r.Tokens.RefreshToken
		case r.Token != nil && r.Token.RefreshToken != "":
			return r.Token.RefreshToken
		}
	}
	return ""
}

// actionsApply reports whether the action keys work: a run has ended and
// there is a token to act on.
func (v *stepView) actionsApply() bool {
	return v.runID != 0 && v.running < 0 && v.actionTarget().Token != ""
}

// actionApplies reports whether action i applies to the token the keys
// act on, as flows judges from what the run that obtained it holds: the
// run it came from for an action's run, nothing for a token pasted in the
// decoder.
func (v *stepView) actionApplies(i int) bool {
	held := v.results
	switch {
	case v.from != nil:
		held = v.from.results
	case v.fromDecoder:
		held = nil
	}
	return v.actions[i].AppliesTo(v.actionTarget(), held)
}

// shownActionKeys are the keys of the actions that apply.
func (v *stepView) shownActionKeys() []key.Binding {
	var out []key.Binding
	for i, b := range v.actionKeys {
		if v.actionApplies(i) {
			out = append(out, b)
		}
	}
	return out
}

// canRetarget reports whether t switches the actions' token: on a grant's
// run that has ended holding a refresh token (or pointed at it already).
func (v *stepView) canRetarget() bool {
	return v.from == nil && !v.fromDecoder && v.runID != 0 && v.running < 0 && (v.onRefresh || v.refreshToken() != "")
}

// retarget switches the action keys between the access and the refresh
// token, and says which they act on now.
func (v stepView) retarget() (stepView, tea.Cmd) {
	v.onRefresh = !v.onRefresh
	v = v.setCommon(v.common) // the footer changed
	return v.say("The token actions (" + actionKeyList(v.shownActionKeys()) + ") now act on the " + v.targetName() + ".")
}

// actionKeyList lists the action keys as the footer shows them.
func actionKeyList(ks []key.Binding) string {
	var parts []string
	for _, k := range ks {
		if h := k.Help(); h.Key != "" {
			parts = append(parts, h.Key+" "+h.Desc)
		}
	}
	return strings.Join(parts, ", ")
}

// runAction runs token action a on the run's token as a run of its own in
// this view (its steps in the timeline, every tab as for a grant). esc
// comes back to the run the token came from, R runs that again.
func (v stepView) runAction(a flows.TokenAction) (stepView, tea.Cmd) {
	origin, t := v, v.actionTarget()
	if v.from != nil {
		origin = *v.from
	}
	v, closeCmd := v.stop()
	v.from, v.target = &origin, t
	// The tour's words and T belong to the stop's run, which esc comes
	// back to; the action's run is not a stop.
	v.tour = stepTour{}
	v.choice = actionChoice(a, t)
	v.focus, v.tab = areaTimeline, tabExplain
	v, cmd := v.rerun()
	if v.onRefresh {
		// The header says which of the run's tokens the action is on.
		v.flowName += " · " + v.targetName()
	}
	return v, tea.Batch(closeCmd, cmd)
}

// actionChoice is token action a on t as a flow the step view runs.
func actionChoice(a flows.TokenAction, t flows.Target) FlowChoice {
	return FlowChoice{ID: a.ID, Name: a.Name, Description: a.Summary,
		New: func(p providers.Provider, o flows.Options) flows.Flow { return a.New(p, o, t) }}
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
