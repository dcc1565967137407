package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// savePrompt saves settings as a provider of the providers file: it asks
// for the name and, when there is a client secret, whether to write it to
// the file (no unless the entry it replaces held one there). The file is
// written with mode 0600 by providers.Save.
type savePrompt struct {
	common
	name   textinput.Model
	p      providers.Provider
	fields map[string]string
	file   *providers.File
	// include writes the client secret to the file.
	include bool
	// focus is 0 on the name, 1 on the secret question.
	focus  int
	id     int
	saving bool
	err    error
	// from is the screen the prompt was opened from, and returns to.
	from screen
}

func newSavePrompt(c common, id int, file *providers.File, req saveRequestMsg) savePrompt {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "e.g. work"
	name := req.name
	if checkName(name) != nil {
		name = ""
	}
	in.SetValue(name)
	in.CursorEnd()
	sp := savePrompt{name: in, p: req.provider, fields: req.fields, file: file, id: id}
	if old, ok := file.Entry(name); ok && old.ClientSecret != "" {
		// Saying no would delete the secret the file holds.
		sp.include = true
	}
	if req.named && sp.asks() {
		sp.focus = 1
	}
	return sp.setCommon(c).focusInput()
}

func (sp savePrompt) setCommon(c common) savePrompt {
	sp.common = c
	sp.name.SetWidth(min(max(c.width-labelWidth-6, 10), 40))
	sp.name.SetStyles(c.styles.TextInput)
	return sp
}

func (sp savePrompt) focusInput() savePrompt {
	if sp.focus == 0 {
		sp.name.Focus()
	} else {
		sp.name.Blur()
	}
	return sp
}

// entry is what will be written. The secret's environment variable or
// command of the entry it replaces is kept: they are not secrets, and the
// resolved secret came from them.
func (sp savePrompt) entry() providers.Entry {
	name := strings.TrimSpace(sp.name.Value())
	e := providers.EntryFor(name, sp.p, sp.fields)
	if old, ok := sp.file.Entry(name); ok && (old.ClientSecretEnv != "" || old.ClientSecretCommand != "") {
		e.ClientSecret = ""
		e.ClientSecretEnv, e.ClientSecretCommand = old.ClientSecretEnv, old.ClientSecretCommand
	}
	return e
}

// asks tells whether there is a secret to ask about.
func (sp savePrompt) asks() bool { return sp.entry().ClientSecret != "" }

// Update edits the name, answers the question and saves.
func (sp savePrompt) Update(msg tea.Msg) (savePrompt, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		sp.name, cmd = sp.name.Update(msg)
		return sp, cmd
	}
	if sp.saving {
		return sp, nil
	}
	switch {
	case key.Matches(k, sp.keys.Cancel):
		return sp, emit(closeFormMsg{})
	case (key.Matches(k, sp.keys.NextField) || key.Matches(k, sp.keys.PrevField)) && sp.asks():
		sp.focus = 1 - sp.focus
		return sp.focusInput(), nil
	case sp.focus == 0 && key.Matches(k, sp.keys.Save):
		if err := checkName(strings.TrimSpace(sp.name.Value())); err != nil {
			sp.err = err
			return sp, nil
		}
		if sp.asks() {
			// The question is asked, not skipped over.
			sp.focus = 1
			return sp.focusInput(), nil
		}
		return sp.save()
	case sp.focus == 1 && key.Matches(k, sp.keys.SaveSecret):
		sp.include = true
		return sp.save()
	case sp.focus == 1 && key.Matches(k, sp.keys.NoSecret):
		sp.include = false
		return sp.save()
	case sp.focus == 1 && key.Matches(k, sp.keys.Save):
		return sp.save()
	case sp.focus == 1 && (key.Matches(k, sp.keys.CycleNext) || key.Matches(k, sp.keys.CyclePrev)):
		sp.include = !sp.include
		return sp, nil
	case sp.focus == 1:
		return sp, nil
	}
	sp.err = nil
	var cmd tea.Cmd
	sp.name, cmd = sp.name.Update(msg)
	return sp, cmd
}

// save writes the entry in a command.
func (sp savePrompt) save() (savePrompt, tea.Cmd) {
	e := sp.entry()
	if err := checkName(e.Name); err != nil {
		sp.err, sp.focus = err, 0
		return sp.focusInput(), nil
	}
	sp.err, sp.saving = nil, true
	return sp, saveProvider(sp.id, sp.file.Path, e, sp.include && e.ClientSecret != "")
}

// focusCmd starts the cursor blinking.
func (sp savePrompt) focusCmd() tea.Cmd { return textinput.Blink }

// failed shows why saving failed.
func (sp savePrompt) failed(err error) savePrompt {
	sp.saving, sp.err = false, err
	return sp
}

// savedMsg says how saving request id ended: the file as loaded again
// after writing, or why it was not written.
type savedMsg struct {
	id   int
	name string
	// secret tells that the client secret was written; withheld is the
	// secret left out of the file, kept for the session.
	secret   bool
	withheld string
	file     *providers.File
	loadErr  error
	err      error
}

// saveProvider writes e to the providers file at path and reads it again.
func saveProvider(id int, path string, e providers.Entry, includeSecret bool) tea.Cmd {
	return func() tea.Msg {
		msg := savedMsg{id: id, name: e.Name, secret: includeSecret}
		if !includeSecret {
			msg.withheld = e.ClientSecret
		}
		if msg.err = providers.Save(path, e, providers.SaveOptions{IncludeSecret: includeSecret}); msg.err != nil {
			return msg
		}
		msg.file, msg.loadErr = providers.Load(path)
		return msg
	}
}

// orDefault returns v, or what an empty v means.
func orDefault(v, empty string) string {
	if v == "" {
		return "(" + empty + ")"
	}
	return v
}

// secretAdvice says how to give a secret that is not in the file.
func secretAdvice(name string) string {
	return fmt.Sprintf(`To give it in later runs, add client_secret_env = "VARIABLE" (an environment variable) or client_secret_command = "pass show …" (a password manager) to [providers.%s], or pass --client-secret.`, name)
}

// View renders the prompt.
func (sp savePrompt) View(int) string {
	s := sp.styles
	e := sp.entry()
	name := orNone(e.Name)
	// The settings were typed, pasted or read from a providers file.
	value := func(v string) string { return s.Value.Render(safetext.Line(v)) }
	lines := []string{header(sp.common, "Save provider"), rule(sp.common), ""}
	for _, l := range hanging(fmt.Sprintf("Writes [providers.%s] to %s (mode 0600, only you can read it); the rest of the file is kept.", name, sp.file.Path), s.Subtle, sp.width-2, 0) {
		lines = append(lines, "  "+l)
	}
	lines = append(lines, "", sp.row(0, "Name", inputView(sp.name)))
	switch {
	case sp.asks():
		answer := "no"
		if sp.include {
			answer = "yes"
		}
		lines = append(lines, sp.row(1, "Save secret?", s.Value.Render("‹ "+answer+" ›")))
	case e.ClientSecretEnv != "":
		lines = append(lines, sp.row(-1, "Secret", value("from $"+e.ClientSecretEnv+" (kept)")))
	case e.ClientSecretCommand != "":
		lines = append(lines, sp.row(-1, "Secret", s.Value.Render("from its command (kept)")))
	default:
		lines = append(lines, sp.row(-1, "Secret", s.Value.Render("none (a public client)")))
	}
	from := "issuer " + redact.Userinfo(orNone(e.Issuer, e.TokenURL))
	if e.Preset != "" {
		from = "preset " + e.Preset + fieldSummary(e.Fields)
	}
	lines = append(lines, "",
		sp.row(-1, "From", value(from)),
		sp.row(-1, "Client ID", value(orNone(e.ClientID))),
		sp.row(-1, "Scopes", value(orNone(strings.Join(e.Scopes, " ")))),
		sp.row(-1, "Auth method", value(orNone(e.AuthMethod))),
		sp.row(-1, "Redirect URI", value(orDefault(e.RedirectURI, "a free loopback port"))),
		"")
	var hint string
	switch {
	case sp.focus == 1 && sp.include:
		hint = "Yes: the secret is written in clear to the file, which only you can read (mode 0600). Anyone with your account, or a backup of it, can read it too."
	case sp.focus == 1:
		hint = "No (the default): the file gets no secret, and this session keeps it until you quit. " + secretAdvice(name)
	default:
		hint = "The name for --provider NAME and the picker."
		if _, ok := providers.PresetByID(e.Name); ok {
			hint += fmt.Sprintf(" It hides the preset %s from --provider %s (the picker still lists both).", e.Name, e.Name)
		}
	}
	if old, ok := sp.file.Entry(e.Name); ok {
		hint += fmt.Sprintf(" It replaces the providers.%s already in the file (line %d).", e.Name, old.Line)
		if sp.focus == 1 && !sp.include && old.ClientSecret != "" {
			hint += " Its secret is then removed from the file."
		}
	}
	for _, l := range hanging(hint, s.Hint, sp.width-2, 0) {
		lines = append(lines, "  "+l)
	}
	if sp.saving {
		lines = append(lines, "", "  "+s.Notice.Render("Saving…"))
	}
	lines = append(lines, errorLines(s, sp.err, sp.width)...)
	return strings.Join(lines, "\n")
}

// row renders a label and a value like the forms; i is the focus index of
// the row, -1 for a read-only one.
func (sp savePrompt) row(i int, label, value string) string {
	s := sp.styles
	if i == sp.focus {
		return s.Cursor.Render("› ") + s.LabelFocused.Render(padRight(label, labelWidth)) + " " + value
	}
	return "  " + s.Label.Render(padRight(label, labelWidth)) + " " + value
}

// update implements pane.
func (sp *savePrompt) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*sp, cmd = sp.Update(msg)
	return cmd
}

// render implements pane.
func (sp *savePrompt) render(height int) string { return sp.View(height) }

// resize implements pane.
func (sp *savePrompt) resize(c common) { *sp = sp.setCommon(c) }

// back implements pane: back where the prompt was opened.
func (sp *savePrompt) back() (screen, tea.Cmd) { return sp.from, nil }
