package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The action menu (a): what can be done with the run's tokens, behind one
// key so that the footer stays short. It lists the token actions that
// apply (step_actions.go), the switch of the token they act on, and the
// grants a token held starts (step_grants.go), each with its key; the
// keys work without the menu too.

// menuKeys are the keys the menu lists, in its order: the actions, the
// switch of their token, the grants.
func (v *stepView) menuKeys() []key.Binding {
	var out []key.Binding
	if v.actionsApply() {
		out = v.shownActionKeys()
	}
	if v.canRetarget() {
		out = append(out, v.targetKey())
	}
	for _, i := range v.shownGrants() {
		out = append(out, v.grants[i].key)
	}
	return out
}

// hasMenu reports whether a opens the menu: the run left something to do
// with its tokens.
func (v *stepView) hasMenu() bool { return len(v.menuKeys()) > 0 }

// openMenu shows the menu at the bottom of the details.
func (v stepView) openMenu() stepView {
	v.mode = modeActions
	return v.setCommon(v.common)
}

// closeMenu hides it.
func (v stepView) closeMenu() stepView {
	if v.mode == modeActions {
		v.mode = modeBrowse
	}
	return v.setCommon(v.common)
}

// menuKey handles a key press while the menu is open: a key it lists does
// what it says, esc (or a again) closes it.
func (v stepView) menuKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	switch {
	case key.Matches(k, v.keys.Quit, v.keys.ClosePaste, v.keys.ActionMenu):
		if key.Matches(k, v.keys.Quit) {
			return v, emit(quitMsg{})
		}
		return v.closeMenu(), nil
	case key.Matches(k, actionTargetKey()) && v.canRetarget():
		// The menu stays open, its actions now on the other token.
		return v.retarget()
	}
	for _, b := range v.menuKeys() {
		if key.Matches(k, b) {
			v.mode = modeBrowse
			return v.key(k)
		}
	}
	return v, nil
}

// menuLines renders the menu in modeActions, else nothing: a heading
// naming the token the actions act on, a line per action with its name,
// and a line per grant with the inputs the run's tokens fill.
func (v *stepView) menuLines() []string {
	if v.mode != modeActions {
		return nil
	}
	s := v.styles
	heading := v.menuHeading
	line := func(k key.Binding, what string) string {
		h := k.Help()
		return padRight(truncate(s.Key.Render(h.Key)+" "+padRight(h.Desc, 16)+" "+s.Subtle.Render(what), v.detailsW), v.detailsW)
	}
	var out []string
	if v.actionsApply() {
		out = append(out, heading("On the "+v.targetName()+" (esc closes)"))
		keys := v.actionKeys
		for i, a := range v.actions {
			if v.actionApplies(i) && len(keys[i].Keys()) > 0 {
				out = append(out, line(keys[i], a.Name))
			}
		}
		if v.canRetarget() {
			out = append(out, line(v.targetKey(), ""))
		}
	}
	if gs := v.shownGrants(); len(gs) > 0 {
		out = append(out, heading("Grants the run's tokens start"))
		for _, i := range gs {
			_, filled := v.grantFills(i)
			var what []string
			for _, in := range filled {
				what = append(what, in.Label+" ← "+tokenKindName(in.Takes))
			}
			out = append(out, line(v.grants[i].key, strings.Join(what, ", ")))
		}
	}
	return out
}

// bottomLines are what the bottom of the details shows below the tab:
// the paste input or the action menu, when open.
func (v *stepView) bottomLines() []string {
	if l := v.pasteLines(); l != nil {
		return l
	}
	if l := v.copyMenuLines(); l != nil {
		return l
	}
	if l := v.searchLines(); l != nil {
		return l
	}
	if l := v.exportMenuLines(); l != nil {
		return l
	}
	return v.menuLines()
}

// menuChooseKey is the help of the menu's keys as one binding: their
// letters and what they do.
func (v *stepView) menuChooseKey() key.Binding {
	var ks []string
	for _, b := range v.menuKeys() {
		ks = append(ks, b.Help().Key)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(ks, "/"), "choose"))
}

// menuHeading is the rule a menu at the bottom of the details opens with,
// its title in it: the actions, the copy and the export menus.
func (v *stepView) menuHeading(title string) string {
	h := truncate("── "+title+" ", v.detailsW)
	return v.styles.RuleFocused.Render(h + strings.Repeat("─", max(v.detailsW-ansi.StringWidth(h), 0)))
}
