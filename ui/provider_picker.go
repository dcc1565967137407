package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// providerPicker is the first screen: which authorization server to talk
// to. It lists the Config's providers (the demo first), the providers file's
// entries (broken ones with their problem) and the presets, with a filter.
// Choosing a configured provider resolves it (its secret may come from a
// command), which the picker shows with a spinner.
type providerPicker struct {
	common
	list    choiceList
	choices []ProviderChoice
	targets []pickTarget // everything, unfiltered
	shown   []int        // indices in targets that pass the filter
	file    *providers.File
	fileErr error
	presets []providers.Preset

	filter    textinput.Model
	filtering bool // the filter has the keys

	// notice explains why the picker shows although a provider was
	// preselected; saved reports a provider just saved.
	notice  string
	saved   string
	version string

	// har is the input for a HAR file to explain (h).
	har harBox

	busy    string // "Reading …" while a configured provider resolves
	err     error  // resolving failed
	errName string
	spinner spinner.Model
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return "  " + v
}

func newProviderPicker(c common, choices []ProviderChoice) providerPicker {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "type to filter"
	p := providerPicker{
		common:  c,
		choices: choices,
		filter:  in,
		har:     newHARBox(),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.styles.Spinner)),
	}
	p.list = newChoiceList(c, nil)
	return p.rebuild().setCommon(c)
}

func (p providerPicker) setCommon(c common) providerPicker {
	p.common = c
	p.list.common = c
	p.spinner.Style = c.styles.Spinner
	p.filter.SetWidth(max(min(c.width-6, 40), 10))
	p.filter.SetStyles(c.styles.TextInput)
	return p
}

// withFile lists the entries of file (nil: none), the error that kept it
// from loading, and the presets.
func (p providerPicker) withFile(file *providers.File, fileErr error, presets []providers.Preset) providerPicker {
	p.file, p.fileErr, p.presets = file, fileErr, presets
	return p.rebuild()
}

// find returns the index of the Config's provider called name
// (case-insensitive), or -1.
func (p providerPicker) find(name string) int {
	for i, c := range p.choices {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// selectTarget puts the cursor on the target of that kind and name.
func (p providerPicker) selectTarget(kind pickKind, name string) providerPicker {
	for i, ti := range p.shown {
		if t := p.targets[ti]; t.kind == kind && t.name == name {
			p.list.cursor = i
		}
	}
	return p
}

// startBusy shows msg with a spinner while a provider resolves.
func (p providerPicker) startBusy(msg string) (providerPicker, tea.Cmd) {
	p.busy, p.err, p.notice, p.saved = msg, nil, "", ""
	return p, p.spinner.Tick
}

// failed shows why provider name could not be used.
func (p providerPicker) failed(name string, err error) providerPicker {
	p.busy, p.err, p.errName = "", err, name
	return p
}

// done clears the spinner.
func (p providerPicker) done() providerPicker {
	p.busy = ""
	return p
}

// choose says what choosing the target under the cursor does.
func (p providerPicker) choose() (providerPicker, tea.Cmd) {
	if len(p.shown) == 0 {
		return p, nil
	}
	t := p.targets[p.shown[p.list.cursor]]
	p.notice, p.saved, p.err = "", "", nil
	switch t.kind {
	case pickBuiltin:
		return p, emit(providerChosenMsg{index: t.index})
	case pickEntry:
		return p, emit(entryChosenMsg{name: t.name})
	case pickPreset:
		return p, emit(presetChosenMsg{id: t.name})
	}
	p.err, p.errName = formError("Fix it in "+p.file.Path+", then start oauth-explorer again."), t.name
	return p, nil
}

// Update moves the cursor, filters and chooses.
func (p providerPicker) Update(msg tea.Msg) (providerPicker, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if p.busy == "" {
			return p, nil
		}
		var cmd tea.Cmd
		p.spinner, cmd = p.spinner.Update(msg)
		return p, cmd
	case tea.KeyPressMsg:
		switch {
		case p.busy != "":
			if key.Matches(msg, p.keys.Cancel) {
				p.busy = ""
				return p, emit(resolveCancelMsg{})
			}
			return p, nil
		case p.filtering:
			return p.filterKey(msg)
		case p.har.open:
			return p.harKey(msg)
		case key.Matches(msg, p.keys.ExplainHAR):
			return p.openHAR()
		case key.Matches(msg, p.keys.Choose):
			return p.choose()
		case key.Matches(msg, p.keys.Filter):
			p.filtering = true
			cmd := p.filter.Focus()
			return p, cmd
		case key.Matches(msg, p.keys.ClearFilter) && p.filter.Value() != "":
			return p.clearFilter(), nil
		case key.Matches(msg, p.keys.AddProvider) && p.canAdd():
			p.notice, p.saved, p.err = "", "", nil
			return p, emit(addProviderMsg{})
		case key.Matches(msg, p.keys.Quit):
			return p, emit(quitMsg{})
		}
		var cmd tea.Cmd
		p.list, cmd = p.list.Update(msg)
		return p, cmd
	}
	if p.filtering {
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(msg)
		return p.applyFilter(), cmd
	}
	return p, nil
}

// filterKey handles a key while the filter is typed: the arrows move,
// enter chooses, esc clears the filter; the rest edits it.
func (p providerPicker) filterKey(k tea.KeyPressMsg) (providerPicker, tea.Cmd) {
	switch {
	case k.Code == tea.KeyUp:
		p.list = p.list.move(-1)
		return p, nil
	case k.Code == tea.KeyDown:
		p.list = p.list.move(1)
		return p, nil
	case key.Matches(k, p.keys.Choose):
		p.filtering = false
		p.filter.Blur()
		return p.choose()
	case key.Matches(k, p.keys.ClearFilter):
		return p.clearFilter(), nil
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(k)
	if p.filter.Value() != before {
		p = p.applyFilter()
		p.list.cursor = 0
	}
	return p, cmd
}

// clearFilter empties the filter and shows every provider.
func (p providerPicker) clearFilter() providerPicker {
	p.filtering = false
	p.filter.Blur()
	p.filter.SetValue("")
	return p.applyFilter()
}

// typing tells whether keys go to the filter or are ignored while a
// provider resolves: the picker's one-letter shortcuts are off.
func (p providerPicker) typing() bool { return p.filtering || p.har.open || p.busy != "" }

// canAdd tells whether providers can be added: there is a file to save
// them to.
func (p providerPicker) canAdd() bool { return p.file != nil && p.file.Path != "" }

// View renders the picker in height lines.
func (p providerPicker) View(height int) string {
	s := p.styles
	lines := []string{
		header(p.common, "Choose a provider") + s.Subtle.Render(versionSuffix(p.version)),
		rule(p.common),
	}
	for _, l := range p.problemLines() {
		lines = append(lines, hanging(l, s.Warn, p.width, 2)...)
	}
	lines = append(lines, "")
	if p.notice != "" {
		lines = append(lines, hanging(p.notice, s.Warn, p.width, 0)...)
		lines = append(lines, "")
	}
	if p.saved != "" {
		lines = append(lines, hanging(p.saved, s.Success, p.width, 0)...)
		lines = append(lines, "")
	}
	if p.filtering || p.filter.Value() != "" {
		lines = append(lines, inputView(p.filter), "")
	}
	if p.har.open {
		lines = append(lines, inputView(p.har.input), s.Subtle.Render("  enter explains it · esc closes"), "")
	}
	var tail []string
	switch {
	case p.busy != "":
		tail = []string{"", p.spinner.View() + " " + s.Notice.Render(safetext.Line(p.busy))}
	case p.err != nil:
		tail = append([]string{"", s.ErrLabel.Render("✗ " + safetext.Line(p.errName) + " cannot be used")}, hanging(p.err.Error(), s.Error, p.width, 0)...)
	}
	switch {
	case len(p.targets) == 0:
		lines = append(lines, s.Error.Render("No provider is configured."))
	case len(p.shown) == 0:
		lines = append(lines, s.Subtle.Render(fmt.Sprintf("  No provider matches %q: esc clears the filter.", p.filter.Value())))
	default:
		lines = append(lines, p.list.View(max(height-len(lines)-len(tail), 2)))
	}
	lines = append(lines, tail...)
	return strings.Join(lines, "\n")
}

// update implements pane.
func (p *providerPicker) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return cmd
}

// render implements pane.
func (p *providerPicker) render(height int) string { return p.View(height) }

// resize implements pane.
func (p *providerPicker) resize(c common) { *p = p.setCommon(c) }

// back implements pane: the picker is the first screen.
func (p *providerPicker) back() (screen, tea.Cmd) { return screenProviders, nil }
