package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// formRow is one row of an inputForm: a text input, or a choice among
// fixed values when choices is set.
type formRow struct {
	label string
	// help explains the row under the form while it has the focus.
	help     string
	required bool
	// secret rows are masked until ctrl+r.
	secret  bool
	choices []string
	choice  int
	input   textinput.Model
}

// textRow returns a text row with a placeholder.
func textRow(label, placeholder, help string, required bool) formRow {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	return formRow{label: label, help: help, required: required, input: in}
}

// inputForm is a column of labelled rows, one focused: the preset form, the
// add-provider form. Tab and the arrows move between rows, ←/→ change a
// choice, ctrl+r shows the secret rows; other keys edit the focused text.
type inputForm struct {
	common
	rows       []formRow
	focus      int
	showSecret bool
}

func newInputForm(c common, rows []formRow, reveal bool) inputForm {
	f := inputForm{rows: rows, showSecret: reveal}
	return f.setCommon(c).applyEcho().focusRow()
}

// labelWidth is the width of the label column: the longest label, with
// its required mark.
func (f inputForm) labelWidth() int {
	w := labelWidth
	for _, r := range f.rows {
		w = max(w, ansi.StringWidth(r.label)+2)
	}
	return min(w, 24)
}

func (f inputForm) setCommon(c common) inputForm {
	f.common = c
	w := min(max(c.width-f.labelWidth()-6, 10), 72)
	f.rows = slices.Clone(f.rows)
	for i := range f.rows {
		f.rows[i].input.SetWidth(w)
		f.rows[i].input.SetStyles(c.styles.TextInput)
	}
	return f
}

func (f inputForm) applyEcho() inputForm {
	f.rows = slices.Clone(f.rows)
	for i := range f.rows {
		if f.rows[i].secret {
			f.rows[i].input.EchoCharacter = '•'
			f.rows[i].input.EchoMode = textinput.EchoPassword
			if f.showSecret {
				f.rows[i].input.EchoMode = textinput.EchoNormal
			}
		}
	}
	return f
}

// focusRow focuses the input of the focused row and blurs the others.
func (f inputForm) focusRow() inputForm {
	f.rows = slices.Clone(f.rows)
	for i := range f.rows {
		if i == f.focus && f.rows[i].choices == nil {
			f.rows[i].input.Focus()
		} else {
			f.rows[i].input.Blur()
		}
	}
	return f
}

// value returns row i's text, trimmed, or its choice.
func (f inputForm) value(i int) string {
	r := f.rows[i]
	if r.choices != nil {
		return r.choices[r.choice]
	}
	if r.secret {
		return r.input.Value()
	}
	return strings.TrimSpace(r.input.Value())
}

// setValue sets row i's text.
func (f inputForm) setValue(i int, v string) inputForm {
	f.rows = slices.Clone(f.rows)
	f.rows[i].input.SetValue(v)
	f.rows[i].input.CursorEnd()
	return f
}

// focusOn moves the focus to row i.
func (f inputForm) focusOn(i int) inputForm {
	f.focus = i
	return f.focusRow()
}

// Update moves the focus, changes a choice, shows the secrets, or edits
// the focused text.
func (f inputForm) Update(msg tea.Msg) (inputForm, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		n := len(f.rows)
		choice := f.rows[f.focus].choices != nil
		switch {
		case key.Matches(k, f.keys.NextField):
			return f.focusOn((f.focus + 1) % n), nil
		case key.Matches(k, f.keys.PrevField):
			return f.focusOn((f.focus + n - 1) % n), nil
		case key.Matches(k, f.keys.ShowSecret):
			f.showSecret = !f.showSecret
			return f.applyEcho(), nil
		case choice && (key.Matches(k, f.keys.CycleNext) || key.Matches(k, f.keys.CyclePrev)):
			step := 1
			if key.Matches(k, f.keys.CyclePrev) {
				step = -1
			}
			f.rows = slices.Clone(f.rows)
			r := &f.rows[f.focus]
			r.choice = (r.choice + step + len(r.choices)) % len(r.choices)
			return f, nil
		case choice:
			return f, nil
		}
	}
	if f.rows[f.focus].choices != nil {
		return f, nil
	}
	f.rows = slices.Clone(f.rows)
	var cmd tea.Cmd
	f.rows[f.focus].input, cmd = f.rows[f.focus].input.Update(msg)
	return f, cmd
}

// hasSecret tells whether a row is masked.
func (f inputForm) hasSecret() bool {
	return slices.ContainsFunc(f.rows, func(r formRow) bool { return r.secret })
}

// rowsView renders the rows, a required one marked with *.
func (f inputForm) rowsView() []string {
	s := f.styles
	lw := f.labelWidth()
	out := make([]string, len(f.rows))
	for i, r := range f.rows {
		label := safetext.Line(r.label)
		if r.required {
			label += " *"
		}
		value := inputView(r.input)
		if r.choices != nil {
			value = s.Value.Render("‹ " + safetext.Line(r.choices[r.choice]) + " ›")
		}
		if i == f.focus {
			out[i] = s.Cursor.Render("› ") + s.LabelFocused.Render(padRight(label, lw)) + " " + value
		} else {
			out[i] = "  " + s.Label.Render(padRight(label, lw)) + " " + value
		}
	}
	return out
}

// hintView renders the focused row's help.
func (f inputForm) hintView() []string {
	var out []string
	for _, l := range hanging(f.rows[f.focus].help, f.styles.Hint, f.width-2, 0) {
		out = append(out, "  "+l)
	}
	return out
}

// ShortHelp lists the form's own keys.
func (f inputForm) ShortHelp() []key.Binding {
	b := []key.Binding{f.keys.NextField}
	if f.rows[f.focus].choices != nil {
		b = append(b, f.keys.CycleNext)
	}
	if f.hasSecret() {
		secret := f.keys.ShowSecret
		if f.showSecret {
			secret.SetHelp("ctrl+r", "hide secret")
		}
		b = append(b, secret)
	}
	return b
}

// errorLines renders err under a form.
func errorLines(s *Styles, err error, width int) []string {
	if err == nil {
		return nil
	}
	msg := hanging(err.Error(), s.Error, width, 2)
	return append([]string{"", s.ErrLabel.Render("✗ ") + msg[0]}, msg[1:]...)
}
