// Package ui is the terminal user interface of oauth-explorer, built with
// Bubble Tea, Bubbles and Lip Gloss. It is the only package that imports
// them: flows and providers return plain data and this package renders it.
//
// One root Model holds the window size, the current screen and its panes
// (provider picker, flow picker, settings form, step view). The window size
// goes to every pane, key presses only to the screen shown. Slow work
// (starting a provider, running a step) happens in tea.Cmds whose messages
// carry an ID so that the answer to an abandoned request is dropped.
package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// common is what every pane shares: styles, keys, the size it may draw in
// and the clock.
type common struct {
	styles        Styles
	keys          KeyMap
	help          help.Model
	width, height int
	now           func() time.Time
	// loc is the time zone shown beside UTC (Config.Location).
	loc *time.Location
	// ascii draws diagrams without box-drawing characters (Config.ASCII,
	// or a locale without UTF-8).
	ascii bool
	// after schedules a timed message (Config.After).
	after func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
	// stillCursor turns the text fields' cursor blink off
	// (Config.StillCursor).
	stillCursor bool
}

// setStyles picks the styles for a dark or light terminal.
func (c *common) setStyles(isDark bool) {
	c.styles = DefaultStyles(isDark)
	if c.stillCursor {
		c.styles.TextInput.Cursor.Blink = false
	}
	c.help.Styles = c.styles.Help
}

type screen int

const (
	screenProviders screen = iota
	screenFlows
	screenSettings
	screenSteps
	screenDecode
)

// Model is the root model of the TUI. Build it with New; Run runs it.
type Model struct {
	ctx    context.Context
	cfg    Config
	common common
	screen screen

	providers providerPicker
	flows     flowPicker
	form      settingsForm
	steps     stepView
	decode    decodeView
	// nav holds the preset form, the add-provider form and the save
	// prompt (providers_nav.go).
	nav providerNav

	provider int    // index of the chosen provider in cfg.Providers
	flow     int    // index of the chosen flow in cfg.Flows
	prepared []bool // by provider: Prepare succeeded
	inflight []int  // by provider: ID of the Prepare running, 0 if none
	// prepareID tags the Prepare in progress; 0 when none.
	prepareID int
	seq       int
	// initCmd is what Init starts besides asking for the background
	// colour: the Prepare of a preselected provider that notes its flows.
	initCmd tea.Cmd
}

// New returns the root model for cfg, sized 80x24 until the terminal says
// otherwise. It starts on the provider picker, or on the flow picker when
// cfg.Preselect names a provider.
func New(cfg Config) Model {
	return newModel(context.Background(), cfg)
}

func newModel(ctx context.Context, cfg Config) Model {
	now := time.Now
	if cfg.Options.Now != nil {
		now = cfg.Options.Now
	}
	loc := cfg.Location
	if loc == nil {
		loc = time.Local
	}
	after := cfg.After
	if after == nil {
		after = tea.Tick
	}
	c := common{keys: DefaultKeyMap(), help: help.New(), width: 80, height: 24, now: now,
		loc: loc, ascii: cfg.ASCII, after: after, stillCursor: cfg.StillCursor}
	c.setStyles(true)
	m := Model{
		ctx:      ctx,
		cfg:      cfg,
		common:   c,
		prepared: make([]bool, len(cfg.Providers)),
		inflight: make([]int, len(cfg.Providers)),
	}
	m.providers = newProviderPicker(c, cfg.Providers)
	m.providers.version = cfg.Version
	m.flows = newFlowPicker(c, cfg.Flows)
	m.form = newSettingsForm(c, cfg.Reveal)
	m.steps = newStepView(c, cfg.Reveal, cfg.Warnings)
	m.decode = newDecodeView(ctx, c, cfg.Options)
	m = m.setupProviders()
	if cfg.Preselect != "" {
		if i := m.providers.find(cfg.Preselect); i >= 0 {
			m.providers.list.cursor = i
			m, m.initCmd = m.showFlows(i)
		} else if pm, ok := m.preselectPreset(cfg.Preselect); ok {
			m = pm
		} else {
			m.providers.notice = "No provider named " + cfg.Preselect + ": choose one below."
		}
	}
	m = m.resize()
	return m
}

// Init asks the terminal for its background colour, to pick light or dark
// styles.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.initCmd)
}

// Update routes msg: the window size to every pane, key presses to the
// screen shown, results to the pane that asked for them.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.common.width, m.common.height = msg.Width, msg.Height
		return m.resize(), nil
	case tea.BackgroundColorMsg:
		m.common.setStyles(msg.IsDark())
		return m.resize(), nil
	case tea.EnvMsg:
		m.common.ascii = m.cfg.ASCII || asciiLocale(msg.Getenv)
		return m.resize(), nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.common.keys.ForceQuit) {
			return m.quit()
		}
		if m.screen == screenProviders && !m.providers.typing() && key.Matches(msg, m.common.keys.DecodeToken) {
			return m.openDecode()
		}
	case providerChosenMsg:
		return m.chooseProvider(msg.index)
	case navMsg:
		return m.updateNav(msg)
	case flowChosenMsg:
		return m.chooseFlow(msg.index)
	case prepareDoneMsg:
		return m.prepareDone(msg)
	case startFlowMsg:
		return m.startFlow(msg)
	case backMsg:
		return m.back()
	case decodeActionMsg:
		return m.decodeAction(msg)
	case decodeBackMsg:
		return m.backToDecode()
	case quitMsg:
		return m.quit()
	}

	var cmd tea.Cmd
	switch m.screen {
	case screenProviders:
		m.providers, cmd = m.providers.Update(msg)
	case screenFlows:
		m.flows, cmd = m.flows.Update(msg)
	case screenSettings:
		m.form, cmd = m.form.Update(msg)
	case screenSteps:
		m.steps, cmd = m.steps.Update(msg)
		var clock tea.Cmd
		m.steps, clock = m.steps.keepClock()
		cmd = tea.Batch(cmd, clock)
	case screenDecode:
		m.decode, cmd = m.decode.Update(msg)
	case screenPreset, screenAdd, screenSave:
		m, cmd = m.updateNavScreen(msg)
	}
	// Step results and spinner ticks keep arriving for the step view while
	// another screen shows (a run abandoned with esc): it drops stale ones.
	if m.screen != screenSteps {
		switch msg.(type) {
		case stepDoneMsg, statusExpiredMsg, pasteResultMsg:
			var c2 tea.Cmd
			m.steps, c2 = m.steps.Update(msg)
			cmd = tea.Batch(cmd, c2)
		}
	}
	return m, cmd
}

// resize hands the size and styles to every pane.
func (m Model) resize() Model {
	m.common.help.SetWidth(m.common.width)
	c := m.common
	m.providers = m.providers.setCommon(c)
	m.flows = m.flows.setCommon(c)
	m.form = m.form.setCommon(c)
	m.steps = m.steps.setCommon(c)
	m.decode = m.decode.setCommon(c)
	return m.resizeNav()
}

func (m Model) quit() (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.steps, cmd = m.steps.stopWithin(quitWait)
	if cmd != nil {
		return m, tea.Sequence(cmd, tea.Quit)
	}
	return m, tea.Quit
}

// back goes one screen back.
func (m Model) back() (tea.Model, tea.Cmd) {
	switch m.screen {
	case screenFlows:
		m.prepareID = 0
		m.flows = m.flows.reset()
		m.screen = screenProviders
	case screenSettings:
		m.screen = screenFlows
	case screenDecode:
		m.screen = screenProviders
	case screenSteps:
		var cmd tea.Cmd
		m.steps, cmd = m.steps.stop()
		m.screen = screenSettings
		return m, tea.Batch(cmd, m.form.focusCmd())
	}
	return m, nil
}

// keyMap returns the help of the screen shown. It copies the bindings into
// a small value: converting a pane (a large struct) to an interface would
// copy all of it on every frame.
func (m Model) keyMap(s screen) help.KeyMap {
	switch s {
	case screenProviders:
		return keyList(m.providers.ShortHelp())
	case screenFlows:
		return keyList(m.flows.ShortHelp())
	case screenSettings:
		return keyList(m.form.ShortHelp())
	case screenDecode:
		return keyList(m.decode.ShortHelp())
	case screenPreset, screenAdd, screenSave:
		return keyList(m.navHelp())
	}
	return keyList(m.steps.ShortHelp())
}

// View renders the screen shown, its help footer at the bottom.
func (m Model) View() tea.View {
	w, h := m.common.width, m.common.height
	foot := helpLines(m.common.help, m.keyMap(m.screen), w)
	foot = foot[:min(len(foot), h)]
	bodyH := h - len(foot)
	var body string
	switch m.screen {
	case screenProviders:
		body = m.providers.View(bodyH)
	case screenFlows:
		body = m.flows.View(bodyH)
	case screenSettings:
		body = m.form.View(bodyH)
	case screenSteps:
		body = m.steps.View()
	case screenDecode:
		body = m.decode.View(bodyH)
	case screenPreset, screenAdd, screenSave:
		body = m.navView(bodyH)
	}
	var b strings.Builder
	if bodyH > 0 {
		b.WriteString(fit(body, w, bodyH))
	}
	for i, l := range foot {
		if i > 0 || bodyH > 0 {
			b.WriteString("\n")
		}
		b.WriteString(l)
	}
	// The body was fitted and the help lines are at most w wide: no
	// second pass over the screen.
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.WindowTitle = "oauth-explorer"
	if m.screen == screenSteps && !m.steps.urlOnly {
		// Not on the URL screen, where the mouse selects the URL.
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// header renders the first line of the pickers and the form: the program
// name and where the user is. The parts may name a provider of the
// providers file, so they are made safe.
func header(c common, parts ...string) string {
	s := c.styles
	line := s.Title.Render("oauth-explorer")
	for _, p := range parts {
		if p != "" {
			line += s.Subtle.Render(" › ") + s.Heading.Render(safetext.Line(p))
		}
	}
	return truncate(line, c.width)
}

// sep renders a rule across the width.
func rule(c common) string {
	return c.styles.Rule.Render(strings.Repeat("─", c.width))
}

// message types routed by the root model.
type (
	providerChosenMsg struct{ index int }
	flowChosenMsg     struct{ index int }
	backMsg           struct{}
	quitMsg           struct{}
)

func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

var _ tea.Model = Model{}
