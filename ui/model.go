// Package ui is the terminal user interface of oauth-explorer, built with
// Bubble Tea, Bubbles and Lip Gloss. It is the only package that imports
// them: flows and providers return plain data and this package renders it.
//
// One root Model holds the window size, the current screen and its panes
// (provider picker, flow picker, settings form, step view, decoder, the
// provider forms), each behind one small interface (pane, screens.go)
// with a help.KeyMap of its own (screen_keys.go). The window size goes to
// every pane, key presses only to the screen shown. Slow work
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
	// styles are shared by every pane and never changed in place: a
	// change of background colour replaces them (setStyles). A pointer,
	// so that the panes, copied on every message, do not each carry the
	// ~40 KB of styles.
	styles        *Styles
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
	// localClipboard copies to this machine's clipboard
	// (Config.LocalClipboard); nil when there is none to use.
	localClipboard func(string) error
	// exportDir is where exports are written (Config.ExportDir).
	exportDir string
	// tmux is set inside tmux, whose set-clipboard option decides
	// whether OSC 52 reaches the terminal.
	tmux bool
}

// setStyles picks the styles for a dark or light terminal.
func (c *common) setStyles(isDark bool) {
	s := DefaultStyles(isDark)
	if c.stillCursor {
		s.TextInput.Cursor.Blink = false
	}
	c.styles = &s
	c.help.Styles = s.Help
}

// Model is the root model of the TUI. Build it with New; Run runs it.
type Model struct {
	ctx    context.Context
	cfg    Config
	screen screen
	// *panes holds the common part and the screens (screens.go).
	*panes

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
	// detour is what the settings form opened from a run's tokens
	// replaced, for esc to bring back (grant_detour.go); nil otherwise.
	detour *detour
	// registered are the clients runs registered (registered_clients.go).
	registered registeredClients
	// tour is the guided tour, when one runs (tour.go).
	tour tourState
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
		loc: loc, ascii: cfg.ASCII, after: after, stillCursor: cfg.StillCursor, localClipboard: cfg.LocalClipboard, exportDir: cfg.ExportDir}
	c.setStyles(true)
	m := Model{
		ctx:        ctx,
		cfg:        cfg,
		panes:      &panes{common: c},
		prepared:   make([]bool, len(cfg.Providers)),
		inflight:   make([]int, len(cfg.Providers)),
		registered: registeredClients{},
		tour:       tourState{at: -1},
	}
	m.providers = newProviderPicker(c, cfg.Providers)
	m.providers.version = cfg.Version
	m.flows = newFlowPicker(c, cfg.Flows)
	m.form = newSettingsForm(c, cfg.Reveal)
	m.steps = newStepView(c, cfg.Reveal, cfg.Warnings).withGrants(cfg.Flows)
	m.decode = newDecodeView(ctx, c, cfg.Options, cfg.Reveal)
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
// screen shown, results to the pane that asked for them. It changes panes
// of its own (own).
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m = m.own()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.common.width, m.common.height = msg.Width, msg.Height
		return m.resize(), nil
	case tea.BackgroundColorMsg:
		m.common.setStyles(msg.IsDark())
		return m.resize(), nil
	case tea.EnvMsg:
		m.common.ascii = m.cfg.ASCII || asciiLocale(msg.Getenv)
		m.common.tmux = msg.Getenv("TMUX") != ""
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
		m.detour = nil
		return m.startFlow(msg)
	case grantFromTokenMsg:
		return m.grantFromToken(msg)
	case backMsg:
		if m.screen == screenSettings && m.detour != nil {
			return m.detourBack()
		}
		return m.back()
	case decodeActionMsg:
		return m.decodeAction(msg)
	case decodeBackMsg:
		return m.backToDecode()
	case tourNextMsg:
		if !m.tour.on() {
			return m, nil
		}
		return m.tourStop(m.tour.at + 1)
	case explainHARMsg:
		return m.explainHAR(msg)
	case harExplainedMsg:
		return m.showCapture(msg)
	case captureBackMsg:
		m.steps, _ = m.steps.stop()
		m.steps.fromCapture = false
		m.screen = screenProviders
		return m, nil
	case quitMsg:
		return m.quit()
	}

	cmd := m.current().update(msg)
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
	for get := range screens {
		screens[get](m.panes).resize(m.common)
	}
	return m
}

func (m Model) quit() (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.steps, cmd = m.steps.stopWithin(quitWait)
	if cmd != nil {
		return m, tea.Sequence(cmd, tea.Quit)
	}
	return m, tea.Quit
}

// back goes one screen back, where the screen shown says.
func (m Model) back() (tea.Model, tea.Cmd) {
	to, cmd := m.current().back()
	if to == m.screen {
		return m, cmd
	}
	// A Prepare the user waited for on the screen left is waited for no
	// more: its answer will only be recorded.
	m.prepareID = 0
	m.screen = to
	if f, ok := m.current().(focuser); ok {
		cmd = tea.Batch(cmd, f.focusCmd())
	}
	return m, cmd
}

// View renders the screen shown, its help footer at the bottom.
func (m Model) View() tea.View {
	w, h := m.common.width, m.common.height
	p := m.current()
	km := p.keyMap()
	if m.common.ascii {
		km = asciiKeyMap{km}
	}
	foot := helpLines(m.common.help, km, w)
	foot = foot[:min(len(foot), h)]
	bodyH := h - len(foot)
	body := p.render(bodyH)
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
	frame := b.String()
	if m.common.ascii {
		frame = asciiFrame(frame)
	}
	v := tea.NewView(frame)
	v.AltScreen = true
	v.WindowTitle = "oauth-explorer"
	if mp, ok := p.(mouser); ok && mp.mouse() {
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
