package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A click in the step view: on a step of the timeline it selects the
// step, on a tab of the bar it shows the tab, like the keys that do the
// same. The step view fills the screen from its top row: two header
// lines, then the timeline beside the details, whose first line is the
// tab bar.

// headerRows are the step view's lines above the timeline and the tabs.
const headerRows = 2

// click handles a left click at the screen cell x, y.
func (v stepView) click(m tea.Mouse) (stepView, tea.Cmd) {
	if m.Button != tea.MouseLeft || v.mode != modeBrowse {
		return v, nil
	}
	row := m.Y - headerRows
	if row < 0 || row >= v.bodyH {
		return v, nil
	}
	if m.X < v.timelineW {
		_, stepOf := v.timelineLayout()
		if row < len(stepOf) && stepOf[row] >= 0 {
			v.selected, v.follow, v.focus = stepOf[row], false, areaTimeline
			return v.refresh(), nil
		}
		return v, nil
	}
	if row == 0 {
		if t, ok := v.tabAt(m.X - v.timelineW - 2); ok {
			v.tab = t
			return v.refresh(), nil
		}
	}
	return v, nil
}

// tabAt returns the tab of the bar at column x of the details, if any:
// each tab's label starts with its number.
func (v *stepView) tabAt(x int) (tab, bool) {
	bar := []rune(ansi.Strip(v.tabBar()))
	if x < 0 || x >= len(bar) {
		return 0, false
	}
	found, at := tab(-1), -1
	for i, r := range bar {
		if i > x {
			break
		}
		if r >= '1' && r < '1'+rune(numTabs) && (i == 0 || bar[i-1] == ' ' || bar[i-1] == '[') && v.hasTab(tab(r-'1')) {
			found, at = tab(r-'1'), i
		}
	}
	return found, at >= 0
}
