package ui

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// presetForm asks for a preset's fields (a tenant, a domain, a realm) and
// the client's id and secret, then builds the provider's settings: enter
// goes on to the flows with them, ctrl+s saves them to the providers file.
type presetForm struct {
	common
	preset  providers.Preset
	form    inputForm // the preset's fields, then client id and secret
	canSave bool
	notice  string // "Saved …" after a save
	err     error
}

func newPresetForm(c common, p providers.Preset, fields map[string]string, reveal, canSave bool) presetForm {
	var rows []formRow
	for _, f := range p.Fields {
		placeholder, help := f.Example, helpSentence(f.Help)
		if f.Default != "" {
			placeholder = f.Default + " (default)"
			help += " Empty means " + f.Default + "."
		}
		help += " For example: " + f.Example
		rows = append(rows, textRow(f.Label, placeholder, help, f.Required))
	}
	rows = append(rows,
		textRow("Client ID", "from the provider's console (or type it in the settings)", "The client_id the provider gave the app registration (RFC 6749 §2.2).", false),
		textRow("Client secret", "empty for a public client", "The client secret, for a confidential client; shown as dots until ctrl+r. Empty for a public client (auth method none).", false))
	rows[len(rows)-1].secret = true
	f := presetForm{preset: p, canSave: canSave}
	f.form = newInputForm(c, rows, reveal)
	for i, pf := range p.Fields {
		if v := fields[pf.Name]; v != "" {
			f.form = f.form.setValue(i, v)
		}
	}
	// Start on the first required field left empty.
	for i, pf := range p.Fields {
		if pf.Required && fields[pf.Name] == "" {
			f.form = f.form.focusOn(i)
			break
		}
	}
	return f.setCommon(c)
}

// helpSentence makes s start with a capital letter and end with a full stop.
func helpSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (f presetForm) setCommon(c common) presetForm {
	f.common = c
	f.form = f.form.setCommon(c)
	return f
}

// fields returns the preset fields as entered, by name; empty ones are
// left out.
func (f presetForm) fields() map[string]string {
	out := map[string]string{}
	for i, pf := range f.preset.Fields {
		if v := f.form.value(i); v != "" {
			out[pf.Name] = v
		}
	}
	return out
}

// build makes the provider from the preset and what was entered.
func (f presetForm) build() (providers.Provider, map[string]string, error) {
	fields := f.fields()
	p, err := f.preset.Build(fields)
	if err != nil {
		return p, nil, presetError(err)
	}
	n := len(f.preset.Fields)
	p.ClientID = f.form.value(n)
	p.ClientSecret = f.form.value(n + 1)
	p.DefaultAuthMethod()
	return p, fields, nil
}

// presetError rewords a missing field for the form: the CLI's message
// names flags.
func presetError(err error) error {
	var mf *providers.MissingFieldError
	if errors.As(err, &mf) {
		return formError(mf.Field.Label + " is required: " + mf.Field.Help + ".")
	}
	return err
}

// formError is a message for the user about what they typed.
type formError string

func (e formError) Error() string { return string(e) }

// choice is the picker entry for the settings built.
func (f presetForm) choice(p providers.Provider, fields map[string]string) ProviderChoice {
	return ProviderChoice{
		Name:        f.preset.ID,
		Description: f.preset.Name + fieldSummary(fields),
		Defaults:    func(string) providers.Provider { return p },
		Fields:      fields,
	}
}

// fieldSummary renders fields as " (k=v, …)", sorted, or "".
func fieldSummary(fields map[string]string) string {
	if len(fields) == 0 {
		return ""
	}
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		kv = append(kv, k+"="+fields[k])
	}
	return " (" + strings.Join(kv, ", ") + ")"
}

// Update edits the form; enter builds the settings and goes on, ctrl+s
// saves them, esc goes back to the picker.
func (f presetForm) Update(msg tea.Msg) (presetForm, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.keys.Back):
			return f, emit(closeFormMsg{})
		case key.Matches(k, f.keys.Continue):
			p, fields, err := f.build()
			if err != nil {
				f.err = err
				return f, nil
			}
			f.err = nil
			return f, emit(providerReadyMsg{choice: f.choice(p, fields)})
		case key.Matches(k, f.keys.SaveAs) && f.canSave:
			p, fields, err := f.build()
			if err != nil {
				f.err = err
				return f, nil
			}
			f.err = nil
			return f, emit(saveRequestMsg{provider: p, fields: fields, name: f.preset.ID})
		}
		f.err, f.notice = nil, ""
	}
	var cmd tea.Cmd
	f.form, cmd = f.form.Update(msg)
	return f, cmd
}

// View renders the form in height lines: the rows, the focused row's
// help, then where the values are found and which redirect URI to
// register, as far as they fit.
func (f presetForm) View(height int) string {
	s := f.styles
	lines := []string{header(f.common, f.preset.Name, "Preset "+f.preset.ID), rule(f.common), ""}
	lines = append(lines, f.form.rowsView()...)
	lines = append(lines, "")
	lines = append(lines, f.form.hintView()...)
	if f.notice != "" {
		lines = append(lines, "")
		lines = append(lines, hanging(f.notice, s.Success, f.width, 0)...)
	}
	lines = append(lines, errorLines(s, f.err, f.width)...)
	sections := [][2]string{{"Where to find the values", f.preset.ConsoleHelp}, {"Redirect URI", f.preset.RedirectHelp}}
	if !f.preset.OIDC {
		sections = append([][2]string{{"Not OpenID Connect", "This provider speaks OAuth 2.0 only: no ID token, no userinfo, no discovery; the preset sets the endpoints."}}, sections...)
	}
	for _, sec := range sections {
		if sec[1] == "" {
			continue
		}
		block := []string{"", "  " + section(s, sec[0])}
		for _, l := range hanging(sec[1], s.Subtle, f.width-2, 0) {
			block = append(block, "  "+l)
		}
		if len(lines)+len(block) > height {
			break
		}
		lines = append(lines, block...)
	}
	return strings.Join(lines, "\n")
}

// focusCmd starts the cursor blinking.
func (f presetForm) focusCmd() tea.Cmd { return textinput.Blink }

// update implements pane.
func (f *presetForm) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*f, cmd = f.Update(msg)
	return cmd
}

// render implements pane.
func (f *presetForm) render(height int) string { return f.View(height) }

// resize implements pane.
func (f *presetForm) resize(c common) { *f = f.setCommon(c) }

// back implements pane: back to the providers.
func (f *presetForm) back() (screen, tea.Cmd) { return screenProviders, nil }
