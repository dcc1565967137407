package ui

import (
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
		return v.copyToken()
	case key.Matches(k, km.CopyURL) && v.promptURL() != "":
		return v.copyURL()
	case key.Matches(k, km.ShowURL) && v.promptURL() != "":
		v.mode = modeURL
		return v, nil
	case key.Matches(k, km.Paste) && v.canPaste():
		return v.openPaste()
	case key.Matches(k, km.Stop) && v.waiting():
		return v.stopStep()
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
	for i, b := range v.actionKeys {
		if key.Matches(k, b) && v.actionsApply() {
			return v.runAction(v.actions[i])
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
	return v, expireNotice(v.common, v.noticeID, noticeTTL)
}

// ShortHelp implements help.KeyMap: the keys of the focused area, those of
// the paste input when it is open, and those of the wait for the browser.
func (v stepView) ShortHelp() []key.Binding {
	km := v.keys
	switch v.mode {
	case modePaste:
		return []key.Binding{km.Submit, km.ClosePaste, v.paste.clearKey(), km.ForceQuit}
	case modeURL:
		back := km.ShowURL
		back.SetHelp("v/esc", "back")
		return []key.Binding{v.copyURLKey(), back, km.Quit}
	}
	var b []key.Binding
	if v.focus == areaTimeline {
		b = append(b, km.StepUp, km.FocusDetails)
	} else {
		b = append(b, km.ScrollUp, km.FocusSteps)
	}
	b = append(b, km.NextTab, km.PageUp)
	if v.waiting() {
		// No token yet and nothing secret to reveal: the keys that get
		// the user through the login take their place.
		if v.canPaste() {
			b = append(b, km.Paste)
		}
		if v.userCode() != "" {
			b = append(b, km.CopyCode)
		}
		b = append(b, v.copyURLKey(), v.showURLKey(), km.Stop)
		return append(b, km.Rerun, km.Settings, km.Quit)
	}
	reveal := km.Reveal
	if v.reveal {
		reveal.SetHelp("r", "mask")
	}
	b = append(b, km.Copy)
	if v.promptURL() != "" {
		b = append(b, v.copyURLKey(), km.ShowURL)
	}
	if v.actionsApply() {
		b = append(b, v.actionKeys...)
	}
	b = append(b, reveal)
	if v.from != nil {
		rerun, back := km.Rerun, km.Settings
		rerun.SetHelp(rerun.Help().Key, "re-run the grant")
		back.SetHelp(back.Help().Key, "back to the run")
		return append(b, rerun, back, km.Quit)
	}
	return append(b, km.Rerun, km.Settings, km.Quit)
}

// copyURLKey is the key that copies the prompt's URL, its help naming
// the URL: "copy auth URL" for a login in the browser.
func (v stepView) copyURLKey() key.Binding {
	k := v.keys.CopyURL
	if pr := v.prompt(); pr != nil && pr.Kind != flows.PromptBrowser {
		k.SetHelp(k.Help().Key, "copy URL")
	}
	return k
}

// FullHelp implements help.KeyMap.
func (v stepView) FullHelp() [][]key.Binding { return [][]key.Binding{v.ShortHelp()} }
