package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// key handles a key press on the step view when neither the paste input nor
// the URL screen is open.
func (v stepView) key(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	km := v.keys
	switch {
	case key.Matches(k, km.Quit):
		return v, emit(quitMsg{})
	case key.Matches(k, km.Settings) && v.from != nil:
		return v.backToOrigin(false)
	case key.Matches(k, km.Settings) && v.fromDecoder:
		return v, emit(decodeBackMsg{})
	case key.Matches(k, km.Settings) && v.fromCapture:
		return v, emit(captureBackMsg{})
	case key.Matches(k, km.Settings):
		return v, emit(backMsg{})
	case key.Matches(k, km.Rerun) && v.from != nil:
		return v.backToOrigin(true)
	case key.Matches(k, km.Rerun):
		return v.rerun()
	case key.Matches(k, km.Reveal):
		v.reveal = !v.reveal
		return v.refresh(), nil
	case key.Matches(k, km.CopyCode) && v.waiting() && v.userCode() != "":
		// c copies the token once there is one; while the user is to
		// enter a code, the code.
		return v.copyCode()
	case key.Matches(k, km.Copy):
		return v.openCopyMenu()
	case key.Matches(k, km.Export) && !v.waiting():
		return v.openExportMenu()
	case key.Matches(k, km.History):
		return v.openRuns()
	case key.Matches(k, tourKey()) && v.canGoOn():
		return v, emit(tourNextMsg{})
	case key.Matches(k, km.Lab):
		return v.openLab()
	case key.Matches(k, km.CopyURL) && v.promptURL() != "":
		return v.copyURL()
	case key.Matches(k, km.ShowURL) && v.promptURL() != "":
		v.mode = modeURL
		return v, nil
	case key.Matches(k, km.Paste) && v.canPaste():
		return v.openPaste()
	case key.Matches(k, km.Stop) && v.waiting():
		return v.stopStep()
	case key.Matches(k, km.MoreKeys):
		v.mode = modeHelp
		return v.setCommon(v.common), nil
	case key.Matches(k, km.ActionMenu) && v.hasMenu():
		return v.openMenu(), nil
	case key.Matches(k, km.Diagram):
		return v.toggleDiagram(), nil
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
	case key.Matches(k, km.Search) && v.tab != tabDiagram:
		return v.openSearch()
	case key.Matches(k, km.NextMatch) && v.search.query != "":
		return v.nextMatch(1)
	case key.Matches(k, km.PrevMatch) && v.search.query != "":
		return v.nextMatch(-1)
	case key.Matches(k, km.PageUp):
		v.viewport.PageUp()
		return v, nil
	case key.Matches(k, km.PageDown):
		v.viewport.PageDown()
		return v, nil
	case v.focus == areaTimeline && key.Matches(k, km.Top, km.Bottom) && len(v.steps) > 0:
		v.selected, v.follow = 0, false
		if key.Matches(k, km.Bottom) {
			v.selected = len(v.steps) - 1
		}
		return v.refresh(), nil
	case v.focus == areaDetails && key.Matches(k, km.Top):
		v.viewport.GotoTop()
		return v, nil
	case v.focus == areaDetails && key.Matches(k, km.Bottom):
		v.viewport.GotoBottom()
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
	if key.Matches(k, actionTargetKey()) && v.canRetarget() {
		return v.retarget()
	}
	for i, b := range v.actionKeys {
		if key.Matches(k, b) && v.actionsApply() && v.actionApplies(i) {
			return v.runAction(v.actions[i])
		}
	}
	for _, i := range v.shownGrants() {
		if key.Matches(k, v.grants[i].key) {
			return v.grantFromToken(i)
		}
	}
	for i, b := range km.tabKeys() {
		if key.Matches(k, b) && v.hasTab(tab(i)) {
			v.tab = tab(i)
			return v.refresh(), nil
		}
	}
	return v, nil
}

// say shows a status message for noticeTTL.
func (v stepView) say(s string) (stepView, tea.Cmd) { return v.sayForms(s) }

// sayForms shows a status message for noticeTTL: the first form that
// fits the status line, the fullest first.
func (v stepView) sayForms(forms ...string) (stepView, tea.Cmd) {
	v.noticeID++
	v.notice, v.noticeShort = forms[0], forms[1:]
	return v, expireNotice(v.common, v.noticeID, noticeTTL)
}

// stepKeys are the step view's keys: those of the paste input, then
// those of browsing (the focused area's, the wait for the user's, the
// token's), the actions on the token, and the way out.
type stepKeys struct {
	Submit, ClosePaste, Clear                     key.Binding
	Move, Focus, Tab, Page, Ends, Find            key.Binding
	Paste, CopyCode, Copy, CopyURL, ShowURL, Stop key.Binding
	Menu, Choose, Alone, Tour                     key.Binding
	Reveal, Rerun, Back, Quit, More, ForceQuit    key.Binding
	// Extra are a mode's own keys (the lab's), after Submit's group.
	Extra []key.Binding
}

// ShortHelp implements help.KeyMap.
func (k stepKeys) ShortHelp() []key.Binding {
	b := enabled(k.Submit, k.ClosePaste, k.Clear, k.Move, k.Focus, k.Tab, k.Page, k.Ends, k.Find,
		k.Paste, k.CopyCode, k.Copy, k.CopyURL, k.ShowURL, k.Stop)
	b = append(b, enabled(k.Extra...)...)
	return append(b, enabled(k.Tour, k.Menu, k.Choose, k.Alone, k.Reveal, k.Rerun, k.Back, k.Quit, k.More, k.ForceQuit)...)
}

// FullHelp implements help.KeyMap.
func (k stepKeys) FullHelp() [][]key.Binding { return full(k.ShortHelp()) }

// keyMap implements pane: the keys of the mode, and while browsing those
// of the focused area and of the wait for the user, or of the token.
func (v *stepView) keyMap() help.KeyMap { return v.stepKeys() }

func (v *stepView) stepKeys() stepKeys { return v.keysIn(v.mode) }

// keysIn returns the step view's keys in mode.
func (v *stepView) keysIn(mode stepMode) stepKeys {
	km := v.keys
	switch mode {
	case modePaste:
		return stepKeys{Submit: km.Submit, ClosePaste: km.ClosePaste, Clear: v.paste.clearKey(), ForceQuit: km.ForceQuit}
	case modeActions:
		closeMenu := km.ClosePaste
		return stepKeys{Choose: v.menuChooseKey(), ClosePaste: closeMenu, ForceQuit: km.ForceQuit}
	case modeHelp:
		closeHelp := km.ClosePaste
		closeHelp.SetHelp("esc/?", "close")
		return stepKeys{Move: km.ScrollUp, Page: km.PageUp, ClosePaste: closeHelp, Quit: km.Quit, ForceQuit: km.ForceQuit}
	case modeRuns:
		choose := km.Submit
		choose.SetHelp("enter", "compare with this run")
		back := km.ClosePaste
		back.SetHelp("esc", "close")
		return stepKeys{Move: km.StepUp, Submit: choose, ClosePaste: back, Quit: km.Quit, ForceQuit: km.ForceQuit}
	case modeCompare:
		back := km.ClosePaste
		back.SetHelp("esc", "back to the runs")
		return stepKeys{Move: km.ScrollUp, ClosePaste: back, Quit: km.Quit, ForceQuit: km.ForceQuit}
	case modeExport:
		return stepKeys{Choose: exportChooseKey(), ClosePaste: km.ClosePaste, ForceQuit: km.ForceQuit}
	case modeSearch:
		find := km.Submit
		find.SetHelp("enter", "find")
		return stepKeys{Submit: find, ClosePaste: km.ClosePaste, ForceQuit: km.ForceQuit}
	case modeCopy:
		return stepKeys{Choose: v.copyChooseKey(), Alone: v.aloneKey(), ClosePaste: km.ClosePaste, ForceQuit: km.ForceQuit}
	case modeLab:
		return v.labKeys()
	case modeURL:
		back := km.ShowURL
		back.SetHelp("v/esc", "back")
		return stepKeys{CopyURL: v.copyURLKey(), ShowURL: back, Quit: km.Quit}
	}
	k := stepKeys{Move: km.StepUp, Focus: km.FocusDetails, Tab: km.NextTab, Page: km.PageUp, Ends: km.Top,
		Rerun: km.Rerun, Back: km.Settings, Quit: km.Quit}
	k.Tab.SetHelp("tab/"+v.tabNumbers(), k.Tab.Help().Desc)
	if v.focus == areaDetails {
		k.Move, k.Focus = km.ScrollUp, km.FocusSteps
	}
	if v.waiting() {
		// No token yet and nothing secret to reveal: the keys that get
		// the user through the login take their place.
		if v.canPaste() {
			k.Paste = km.Paste
		}
		if v.userCode() != "" {
			k.CopyCode = km.CopyCode
		}
		k.CopyURL, k.ShowURL, k.Stop = v.copyURLKey(), v.showURLKey(), km.Stop
		return v.fewerKeys(k)
	}
	k.Copy, k.Reveal = km.Copy, km.Reveal
	if v.canGoOn() {
		k.Tour = tourKey()
	}
	if v.search.query != "" {
		k.Find = km.NextMatch
	}
	if v.reveal {
		k.Reveal.SetHelp("r", "mask")
	}
	if v.promptURL() != "" {
		k.CopyURL, k.ShowURL = v.copyURLKey(), km.ShowURL
	}
	if v.hasMenu() {
		// The actions, the switch of their token and the grants the
		// tokens start are in the menu: the footer stays short.
		k.Menu = km.ActionMenu
	}
	return v.fewerKeys(v.backKeys(k))
}

// fewerKeys leaves out of the footer, unless ? asked for all, the keys a
// user needs least: paging, and the prompt's URL once the wait is over;
// they work all the same, and ? lists them.
func (v *stepView) fewerKeys(k stepKeys) stepKeys {
	k.More = v.keys.MoreKeys
	k.Page, k.Ends = key.Binding{}, key.Binding{}
	if !v.waiting() {
		k.CopyURL, k.ShowURL = key.Binding{}, key.Binding{}
	}
	return k
}

// backKeys words R and esc after where the run came from.
func (v *stepView) backKeys(k stepKeys) stepKeys {
	if v.from != nil {
		k.Rerun.SetHelp(k.Rerun.Help().Key, "re-run the grant")
		k.Back.SetHelp(k.Back.Help().Key, "back to the run")
	}
	if v.fromDecoder {
		k.Back.SetHelp(k.Back.Help().Key, "back to the decoder")
	}
	if v.fromCapture {
		k.Back.SetHelp(k.Back.Help().Key, "back to the providers")
		k.Rerun.SetHelp(k.Rerun.Help().Key, "show again")
	}
	return k
}

// copyURLKey is the key that copies the prompt's URL, its help naming
// the URL: "copy auth URL" for a login in the browser.
func (v *stepView) copyURLKey() key.Binding {
	k := v.keys.CopyURL
	if pr := v.prompt(); pr != nil && pr.Kind != flows.PromptBrowser {
		k.SetHelp(k.Help().Key, "copy URL")
	}
	return k
}

// update implements pane: the clock ticks while something shown counts
// the seconds.
func (v *stepView) update(msg tea.Msg) tea.Cmd {
	var cmd, clock tea.Cmd
	*v, cmd = v.Update(msg)
	*v, clock = v.keepClock()
	return tea.Batch(cmd, clock)
}

// render implements pane: the step view sizes itself in setCommon.
func (v *stepView) render(int) string { return v.View() }

// resize implements pane.
func (v *stepView) resize(c common) { *v = v.setCommon(c) }

// back implements pane: the run stops, back to its settings.
func (v *stepView) back() (screen, tea.Cmd) {
	var cmd tea.Cmd
	*v, cmd = v.stop()
	return screenSettings, cmd
}

// mouse implements mouser: the wheel scrolls the details, except on the
// URL screen, where the mouse selects the URL.
func (v *stepView) mouse() bool { return v.mode != modeURL }
