package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// tokenGrant is a grant the step view offers after a run that holds a
// token one of its inputs takes (flows.Input.Takes): its key opens the
// grant's settings with those inputs filled from the run's tokens, ready
// to start. Which grants these are is read from their inputs, so that
// this package names none.
type tokenGrant struct {
	flow   int // index in Config.Flows
	choice FlowChoice
	key    key.Binding
}

// tokenGrants returns the flows with an input a token fills, in their
// order, each with a key derived from its ID (deriveKeys) after the step
// view's own keys and the action keys.
func tokenGrants(km KeyMap, fcs []FlowChoice, actionKeys []key.Binding) []tokenGrant {
	taken := stepViewTaken(km)
	for _, b := range actionKeys {
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	var out []tokenGrant
	var ids []string
	for i, fc := range fcs {
		if slices.ContainsFunc(fc.Inputs, func(in flows.Input) bool { return in.Takes != "" }) {
			out = append(out, tokenGrant{flow: i, choice: fc})
			ids = append(ids, fc.ID)
		}
	}
	for i, k := range deriveKeys(taken, ids) {
		out[i].key = k
	}
	return out
}

// grantFromTokenMsg asks the root to open the settings of flow with
// inputs prefilled; note says where the values came from.
type grantFromTokenMsg struct {
	flow   int
	inputs flows.Inputs
	note   string
}

// withGrants sets the grants the view offers from the flows of the
// configuration.
func (v stepView) withGrants(fcs []FlowChoice) stepView {
	v.grants = tokenGrants(v.keys, fcs, v.actionKeys)
	return v
}

// heldToken returns the token of kind (an Input.Takes) the run holds
// after its latest step that obtained tokens, or "".
func (v *stepView) heldToken(kind string) string {
	switch kind {
	case flows.HintAccessToken:
		return v.accessToken()
	case flows.HintRefreshToken:
		return v.refreshToken()
	case flows.TakesIDToken:
		for i := len(v.results) - 1; i >= 0; i-- {
			if r := v.results[i]; r != nil && r.Tokens != nil {
				return r.Tokens.IDToken
			}
		}
	}
	return ""
}

// grantsApply reports whether the grant keys work: a grant's run (not a
// token action's) has ended.
func (v *stepView) grantsApply() bool {
	return v.from == nil && !v.fromDecoder && v.runID != 0 && v.running < 0
}

// grantFills returns the inputs of grant i that the run's tokens fill,
// by input name, and those inputs; nil when the run holds no token the
// grant takes.
func (v *stepView) grantFills(i int) (flows.Inputs, []flows.Input) {
	var vals flows.Inputs
	var filled []flows.Input
	for _, in := range v.grants[i].choice.Inputs {
		if in.Takes == "" {
			continue
		}
		if tok := v.heldToken(in.Takes); tok != "" {
			if vals == nil {
				vals = flows.Inputs{}
			}
			vals[in.Name] = tok
			filled = append(filled, in)
		}
	}
	return vals, filled
}

// tokenKindName says a kind of token (an Input.Takes) in words.
func tokenKindName(kind string) string {
	switch kind {
	case flows.HintRefreshToken:
		return "refresh token"
	case flows.TakesIDToken:
		return "ID token"
	}
	return "access token"
}

// shownGrants are the indexes of the grants a token of the run fills.
func (v *stepView) shownGrants() []int {
	if !v.grantsApply() {
		return nil
	}
	var out []int
	for i, g := range v.grants {
		if vals, _ := v.grantFills(i); vals != nil && len(g.key.Keys()) > 0 {
			out = append(out, i)
		}
	}
	return out
}

// grantFromToken asks the root to open grant i's settings, filled from
// the run's tokens.
func (v stepView) grantFromToken(i int) (stepView, tea.Cmd) {
	vals, filled := v.grantFills(i)
	note := "Filled from " + v.flowName + ": "
	for j, in := range filled {
		if j > 0 {
			note += "; "
		}
		note += in.Label + ", the " + tokenKindName(in.Takes) + " of the run"
	}
	note += ". enter starts; esc goes back to the run."
	return v, emit(grantFromTokenMsg{flow: v.grants[i].flow, inputs: vals, note: note})
}
