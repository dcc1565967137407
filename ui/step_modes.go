package ui

import tea "charm.land/bubbletea/v2"

// stepMode is what the step view is doing, and so which keys do what:
// key presses are dispatched on it.
type stepMode int

const (
	// modeBrowse: the timeline and the tabs, ↑/↓ in the focused area.
	modeBrowse stepMode = iota
	// modePaste: the paste input at the bottom of the details takes the
	// keys (paste_input.go).
	modePaste
	// modeURL: the prompt's URL alone across the whole screen, for a
	// terminal selection (waiting_panel.go).
	modeURL
	// modeActions: the menu of what can be done with the run's tokens at
	// the bottom of the details takes the keys (step_menu.go).
	modeActions
	// modeCopy: the copy menu (c) at the bottom of the details.
	modeCopy
	// modeHelp: every key of the step view, across the whole screen (?).
	modeHelp
	// modeSearch: the search input at the bottom of the details (/).
	modeSearch
	// modeExport: the export menu (e) at the bottom of the details.
	modeExport
	// modeRuns: the runs of the session (H); modeCompare: two runs'
	// access tokens compared claim by claim.
	modeRuns
	modeCompare
	// modeLab: the lab (L), a request edited and sent by hand (lab.go).
	modeLab
)

// area is the part of the step view that receives ↑/↓ while browsing. It
// is kept while the paste input or the URL screen is open, and the
// details' rule shows it.
type area int

const (
	areaTimeline area = iota // ↑/↓ select a step
	areaDetails              // ↑/↓ scroll the tab
)

// modeKeys handle a key press in each mode: the mode, not a switch,
// says which keys do what.
var modeKeys = [...]func(stepView, tea.KeyPressMsg) (stepView, tea.Cmd){
	modeBrowse:  stepView.key,
	modePaste:   stepView.pasteKey,
	modeURL:     stepView.urlKey,
	modeActions: stepView.menuKey,
	modeCopy:    stepView.copyMenuKey,
	modeHelp:    stepView.helpKey,
	modeSearch:  stepView.searchKey,
	modeExport:  stepView.exportMenuKey,
	modeRuns:    stepView.runsKey,
	modeCompare: stepView.runsKey,
	modeLab:     stepView.labKey,
}
