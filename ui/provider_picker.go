package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// providerPicker is the first screen: which authorization server to talk to.
type providerPicker struct {
	common
	list    choiceList
	choices []ProviderChoice
	// notice explains why the picker shows although a provider was
	// preselected.
	notice  string
	version string
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return "  " + v
}

func newProviderPicker(c common, choices []ProviderChoice) providerPicker {
	items := make([]choiceItem, len(choices))
	for i, p := range choices {
		items[i] = choiceItem{title: p.Name, desc: p.Description}
	}
	return providerPicker{common: c, list: newChoiceList(c, items), choices: choices}
}

func (p providerPicker) setCommon(c common) providerPicker {
	p.common = c
	p.list.common = c
	return p
}

// find returns the index of the provider called name (case-insensitive), or
// -1.
func (p providerPicker) find(name string) int {
	for i, c := range p.choices {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// Update moves the cursor; enter chooses.
func (p providerPicker) Update(msg tea.Msg) (providerPicker, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(k, p.keys.Choose):
		if len(p.choices) == 0 {
			return p, nil
		}
		p.notice = ""
		return p, emit(providerChosenMsg{index: p.list.cursor})
	case key.Matches(k, p.keys.Quit):
		return p, emit(quitMsg{})
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return p, cmd
}

// View renders the picker in height lines.
func (p providerPicker) View(height int) string {
	s := p.styles
	lines := []string{
		header(p.common, "Choose a provider") + s.Subtle.Render(versionSuffix(p.version)),
		rule(p.common),
		"",
	}
	if p.notice != "" {
		lines = append(lines, hanging(p.notice, s.Warn, p.width, 0)...)
		lines = append(lines, "")
	}
	if len(p.choices) == 0 {
		lines = append(lines, s.Error.Render("No provider is configured."))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, p.list.View(height-len(lines)))
	return strings.Join(lines, "\n")
}

// ShortHelp implements help.KeyMap.
func (p providerPicker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Choose, p.keys.Quit}
}

// FullHelp implements help.KeyMap.
func (p providerPicker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
