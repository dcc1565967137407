package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// pane is one screen of the TUI: a picker, a form, the step view, the
// decoder. The root model routes through it with no switch over screens:
// key presses and the other messages go to the screen shown (update), the
// size and the styles to every pane (resize), and the frame is the shown
// pane's body (render) above the help of its keys (keyMap). A pane that
// has something to tell the root (chosen, back, quit) returns a message
// in its tea.Cmd.
//
// The methods have pointer receivers and change the pane in place: the
// root calls them only on panes it owns (see panes), so that a Model
// handed out never changes.
type pane interface {
	// update handles a message while the pane is shown.
	update(msg tea.Msg) tea.Cmd
	// render renders the body of the screen in height lines, the help
	// footer excluded; the root fits it to the terminal.
	render(height int) string
	// keyMap returns the keys that work on the screen now, for the help
	// footer.
	keyMap() help.KeyMap
	// resize hands the pane the size and the styles.
	resize(c common)
	// back leaves the screen (esc): the pane forgets what it should, and
	// says which screen to show instead and what to run.
	back() (screen, tea.Cmd)
}

// focuser is a pane with a text input whose cursor starts blinking when
// the screen shows again.
type focuser interface{ focusCmd() tea.Cmd }

// mouser is a pane that captures the mouse (to scroll with the wheel)
// while mouse() is true.
type mouser interface{ mouse() bool }

// screen names a screen: an index in screens.
type screen int

const (
	screenProviders screen = iota
	screenFlows
	screenSettings
	screenSteps
	screenDecode
	screenPreset // a preset's fields
	screenAdd    // add a provider by issuer URL
	screenSave   // save settings to the providers file
	numScreens
)

// screens finds the pane of each screen among the panes.
var screens = [numScreens]func(p *panes) pane{
	screenProviders: func(p *panes) pane { return &p.providers },
	screenFlows:     func(p *panes) pane { return &p.flows },
	screenSettings:  func(p *panes) pane { return &p.form },
	screenSteps:     func(p *panes) pane { return &p.steps },
	screenDecode:    func(p *panes) pane { return &p.decode },
	screenPreset:    func(p *panes) pane { return &p.nav.preset },
	screenAdd:       func(p *panes) pane { return &p.nav.add },
	screenSave:      func(p *panes) pane { return &p.nav.save },
}

// panes is the part of the root model behind a pointer: what every pane
// shares, and the panes. Copies of a Model share it until one of them is
// updated: Update first takes a copy of its own (own), so that a Model
// once returned never changes and a copy made in a test (m2 := m) stays
// as it was. Behind the pointer the Model is small, and Bubble Tea and
// the tests copy it on every message and every frame.
type panes struct {
	common    common
	providers providerPicker
	flows     flowPicker
	form      settingsForm
	steps     stepView
	decode    decodeView
	// nav holds the preset form, the add-provider form and the save
	// prompt (providers_nav.go).
	nav providerNav
}

// own gives m panes of its own, to be changed.
func (m Model) own() Model {
	p := *m.panes
	m.panes = &p
	return m
}

// current returns the pane of the screen shown.
func (m Model) current() pane { return screens[m.screen](m.panes) }
