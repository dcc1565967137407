package ui

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// providerNav is the state of the provider screens beyond the picker.
type providerNav struct {
	preset presetForm
	add    addForm
	save   savePrompt
	// dynamic is 1 + the index in Config.Providers of the provider
	// resolved from the file or built from a preset (one slot, reused);
	// 0 before the first.
	dynamic int
	// secrets are client secrets typed in this session for providers saved
	// without them, by name: they are used until the program ends.
	secrets map[string]string
	// resolveID tags the resolve in progress (0: none); cancel stops it.
	resolveID int
	cancel    context.CancelFunc
}

// navMsg is a message of the provider screens; Model.Update hands them to
// updateNav.
type navMsg interface{ navMsg() }

type (
	// entryChosenMsg: the user chose a provider of the file.
	entryChosenMsg struct{ name string }
	// presetChosenMsg: the user chose a preset.
	presetChosenMsg struct{ id string }
	// addProviderMsg opens the add-provider form.
	addProviderMsg struct{}
	// closeFormMsg leaves the preset form, the add form or the save prompt.
	closeFormMsg struct{}
	// providerReadyMsg carries settings built in a form, to use now.
	providerReadyMsg struct{ choice ProviderChoice }
	// saveRequestMsg asks to save settings to the providers file, under
	// name (a suggestion unless named: the user typed it).
	saveRequestMsg struct {
		provider providers.Provider
		fields   map[string]string
		name     string
		named    bool
	}
	// resolveDoneMsg carries the settings of a provider of the file, its
	// secret read, or why they could not be read.
	resolveDoneMsg struct {
		id       int
		name     string
		provider providers.Provider
		err      error
	}
	// resolveCancelMsg: the user stopped waiting for a resolve.
	resolveCancelMsg struct{}
)

func (entryChosenMsg) navMsg()   {}
func (presetChosenMsg) navMsg()  {}
func (addProviderMsg) navMsg()   {}
func (closeFormMsg) navMsg()     {}
func (providerReadyMsg) navMsg() {}
func (saveRequestMsg) navMsg()   {}
func (resolveDoneMsg) navMsg()   {}
func (resolveCancelMsg) navMsg() {}
func (savedMsg) navMsg()         {}

// resolveProvider builds a provider of the file and reads its secret,
// which may run its client_secret_command.
func resolveProvider(ctx context.Context, id int, name string, file *providers.File) tea.Cmd {
	return func() tea.Msg {
		p, err := providers.Resolve(ctx, name, file, nil)
		return resolveDoneMsg{id: id, name: name, provider: p, err: err}
	}
}

// setupProviders lists the providers file and the presets in the picker;
// newModel calls it.
func (m Model) setupProviders() Model {
	m.providers = m.providers.withFile(m.cfg.ProvidersFile, m.cfg.ProvidersFileErr, m.cfg.Presets)
	m.form.canSave = m.canSave()
	return m
}

// canSave tells whether there is a providers file to save to.
func (m Model) canSave() bool { return m.cfg.ProvidersFile != nil && m.cfg.ProvidersFile.Path != "" }

// preselectPreset opens the form of the preset called name, prefilled
// with the fields of the command line, or reports that there is none.
func (m Model) preselectPreset(name string) (Model, bool) {
	i := slices.IndexFunc(m.cfg.Presets, func(p providers.Preset) bool { return strings.EqualFold(p.ID, name) })
	if i < 0 {
		return m, false
	}
	m.providers = m.providers.selectTarget(pickPreset, m.cfg.Presets[i].ID)
	m.nav.preset = newPresetForm(m.common, m.cfg.Presets[i], m.cfg.PresetFields, m.cfg.Reveal, m.canSave())
	m.screen = screenPreset
	return m, true
}

// updateNav handles the messages of the provider screens.
func (m Model) updateNav(msg navMsg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case entryChosenMsg:
		return m.resolveEntry(msg.name)
	case resolveDoneMsg:
		return m.resolveDone(msg)
	case resolveCancelMsg:
		m = m.stopResolve()
		m.providers = m.providers.done()
		return m, nil
	case presetChosenMsg:
		i := slices.IndexFunc(m.cfg.Presets, func(p providers.Preset) bool { return p.ID == msg.id })
		if i < 0 {
			return m, nil
		}
		m.nav.preset = newPresetForm(m.common, m.cfg.Presets[i], nil, m.cfg.Reveal, m.canSave())
		m.screen = screenPreset
		return m, m.nav.preset.focusCmd()
	case addProviderMsg:
		m.nav.add = newAddForm(m.common, m.cfg.Reveal)
		m.screen = screenAdd
		return m, m.nav.add.focusCmd()
	case providerReadyMsg:
		return m.useChoice(msg.choice)
	case saveRequestMsg:
		if !m.canSave() {
			return m, nil
		}
		m.seq++
		m.nav.save = newSavePrompt(m.common, m.seq, m.cfg.ProvidersFile, msg)
		m.nav.save.from = m.screen
		m.screen = screenSave
		return m, m.nav.save.focusCmd()
	case savedMsg:
		return m.saved(msg)
	case closeFormMsg:
		return m.back()
	}
	return m, nil
}

// resolveEntry starts resolving the provider of the file called name.
func (m Model) resolveEntry(name string) (tea.Model, tea.Cmd) {
	e, ok := m.cfg.ProvidersFile.Entry(name)
	if !ok {
		return m, nil
	}
	msg := "Reading the settings of " + name + "…"
	if e.ClientSecretCommand != "" {
		msg = "Running the client_secret_command of " + name + " (" + e.ClientSecretCommand + ")…"
	}
	m = m.stopResolve()
	m.seq++
	m.nav.resolveID = m.seq
	ctx, cancel := context.WithCancel(m.ctx)
	m.nav.cancel = cancel
	var cmd tea.Cmd
	m.providers, cmd = m.providers.startBusy(msg)
	return m, tea.Batch(cmd, resolveProvider(ctx, m.nav.resolveID, name, m.cfg.ProvidersFile))
}

// stopResolve forgets the resolve in progress: its answer will be dropped.
func (m Model) stopResolve() Model {
	if m.nav.cancel != nil {
		m.nav.cancel()
	}
	m.nav.resolveID, m.nav.cancel = 0, nil
	return m
}

// resolveDone goes on to the flows with a resolved provider, or shows why
// it could not be resolved.
func (m Model) resolveDone(msg resolveDoneMsg) (tea.Model, tea.Cmd) {
	if msg.id != m.nav.resolveID || m.screen != screenProviders {
		return m, nil
	}
	m = m.stopResolve()
	if msg.err != nil {
		m.providers = m.providers.failed(msg.name, msg.err)
		return m, nil
	}
	m.providers = m.providers.done()
	p := msg.provider
	if s := m.nav.secrets[msg.name]; p.ClientSecret == "" && s != "" {
		p.ClientSecret = s
	}
	e, _ := m.cfg.ProvidersFile.Entry(msg.name)
	return m.useChoice(ProviderChoice{
		Name:        msg.name,
		Description: entrySummary(e),
		Defaults:    func(string) providers.Provider { return p },
		Fields:      e.Fields,
	})
}

// useChoice puts pc in the slot for providers chosen here and goes on to
// the flows with it.
func (m Model) useChoice(pc ProviderChoice) (tea.Model, tea.Cmd) {
	m.cfg.Providers = slices.Clone(m.cfg.Providers)
	m.prepared = slices.Clone(m.prepared)
	m.inflight = slices.Clone(m.inflight)
	if m.nav.dynamic == 0 {
		m.cfg.Providers = append(m.cfg.Providers, pc)
		m.prepared = append(m.prepared, false)
		m.inflight = append(m.inflight, 0)
		m.nav.dynamic = len(m.cfg.Providers)
	} else {
		i := m.nav.dynamic - 1
		m.cfg.Providers[i], m.prepared[i], m.inflight[i] = pc, false, 0
	}
	return m.chooseProvider(m.nav.dynamic - 1)
}

// saved takes the file as written and tells the user what was saved,
// back where the save was asked for.
func (m Model) saved(msg savedMsg) (tea.Model, tea.Cmd) {
	if m.screen != screenSave || msg.id != m.nav.save.id {
		return m, nil
	}
	if msg.err != nil {
		m.nav.save = m.nav.save.failed(msg.err)
		return m, nil
	}
	path := m.cfg.ProvidersFile.Path
	file := msg.file
	if file == nil {
		file = &providers.File{Path: path}
	}
	m.cfg.ProvidersFile, m.cfg.ProvidersFileErr = file, msg.loadErr
	m.providers = m.providers.withFile(file, msg.loadErr, m.cfg.Presets)
	if msg.withheld != "" {
		m.nav.secrets = maps.Clone(m.nav.secrets)
		if m.nav.secrets == nil {
			m.nav.secrets = map[string]string{}
		}
		m.nav.secrets[msg.name] = msg.withheld
	}
	notice := fmt.Sprintf("Saved %s to %s (mode 0600)", msg.name, path)
	switch {
	case msg.secret:
		notice += ", with its client secret."
	case msg.withheld != "":
		notice += fmt.Sprintf(", without its client secret, which this session keeps until you quit; for later runs add client_secret_env or client_secret_command to [providers.%s], or pass --client-secret.", msg.name)
	default:
		notice += "."
	}
	m.screen = m.nav.save.from
	switch m.nav.save.from {
	case screenAdd:
		m.screen = screenProviders
		m.providers = m.providers.clearFilter().selectTarget(pickEntry, msg.name)
		m.providers.saved = notice
		return m, nil
	case screenPreset:
		m.nav.preset.notice = notice
		return m, m.nav.preset.focusCmd()
	case screenSettings:
		m.form.notice = notice
		return m, m.form.focusCmd()
	}
	return m, nil
}
