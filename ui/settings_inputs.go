package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// fieldInput is the settings form's row for the grant's first input
// (flows.Input); input i is fieldInput+i. A grant's inputs follow the
// provider's settings, after the auth method.
const fieldInput field = 100

// fieldMethodInput is the row of the first input of the chosen client
// authentication method (flows.ClientAuth.Inputs), after the auth method.
const fieldMethodInput field = 200

// fieldAdvancedInput is the row of the Advanced switch, the advanced
// request options' rows after it (flows.AdvancedOptions), last.
const fieldAdvancedInput field = 300

// newAdvancedInputs makes the rows of the advanced request options,
// prefilled with vals (flows.AdvancedValues).
func newAdvancedInputs(vals flows.Inputs) grantInputs {
	g := newMethodInputs(flows.AdvancedOptions(), vals)
	g.first = fieldAdvancedInput
	return g
}

// shown tells whether the advanced rows are shown: the switch says so.
func (g grantInputs) shown() bool {
	return len(g.models) > 0 && g.models[0].Value() == flows.AdvancedShown
}

// grantInputs are the rows of the inputs the chosen grant declares beyond
// the provider's settings, one text input each, masked when secret until
// ctrl+r; an input with Choices is a row that cycles through them.
type grantInputs struct {
	decl   []flows.Input
	models []textinput.Model
	// first is the field of the first row: fieldInput for a grant's
	// inputs, fieldMethodInput for an auth method's.
	first field
}

// newGrantInputs makes a row per input of decl, prefilled with its
// default.
func newGrantInputs(decl []flows.Input) grantInputs {
	g := grantInputs{decl: decl, models: make([]textinput.Model, len(decl)), first: fieldInput}
	for i, in := range decl {
		m := textinput.New()
		m.Prompt = ""
		m.EchoCharacter = '•'
		if in.Required {
			m.Placeholder = "required"
		} else {
			m.Placeholder = "optional"
		}
		value := in.Default
		if len(in.Choices) > 0 && value == "" {
			value = in.Choices[0]
		}
		m.SetValue(value)
		m.CursorEnd()
		g.models[i] = m
	}
	return g
}

// newMethodInputs makes the rows of an auth method's inputs, prefilled
// with vals (flows.AuthInputValues) where they hold a value.
func newMethodInputs(decl []flows.Input, vals flows.Inputs) grantInputs {
	g := newGrantInputs(decl)
	g.first = fieldMethodInput
	for i, in := range decl {
		if v := vals[in.Name]; v != "" {
			g.models[i].SetValue(v)
			g.models[i].CursorEnd()
		}
	}
	return g
}

// fields lists the rows' fields, in order.
func (g grantInputs) fields() []field {
	out := make([]field, len(g.decl))
	for i := range g.decl {
		out[i] = g.first + field(i)
	}
	return out
}

// index returns the input of fl, or -1 when fl is not an input's row.
func (g grantInputs) index(fl field) int {
	if i := int(fl - g.first); fl >= g.first && i < len(g.decl) {
		return i
	}
	return -1
}

// style sizes and styles the rows, masks the secret ones unless reveal,
// and focuses the row of focused (none when it is not an input's).
func (g grantInputs) style(width int, st textinput.Styles, reveal bool, focused field) grantInputs {
	g.models = slices.Clone(g.models)
	for i := range g.models {
		m := &g.models[i]
		m.SetWidth(width)
		m.SetStyles(st)
		m.EchoMode = textinput.EchoNormal
		if g.decl[i].Secret && !reveal {
			m.EchoMode = textinput.EchoPassword
		}
		if g.index(focused) == i {
			m.Focus()
		} else {
			m.Blur()
		}
	}
	return g
}

// isChoice tells whether fl is the row of an input with Choices.
func (g grantInputs) isChoice(fl field) bool {
	i := g.index(fl)
	return i >= 0 && len(g.decl[i].Choices) > 0
}

// cycle moves the choice row fl by step through its input's Choices.
func (g grantInputs) cycle(fl field, step int) grantInputs {
	i := g.index(fl)
	choices := g.decl[i].Choices
	n := len(choices)
	at := max(slices.Index(choices, g.models[i].Value()), 0)
	g.models = slices.Clone(g.models)
	g.models[i].SetValue(choices[(at+step+n)%n])
	return g
}

// update hands msg to the row of fl; a choice row takes no typing.
func (g grantInputs) update(fl field, msg tea.Msg) (grantInputs, tea.Cmd) {
	i := g.index(fl)
	if i < 0 || g.isChoice(fl) {
		return g, nil
	}
	g.models = slices.Clone(g.models)
	var cmd tea.Cmd
	g.models[i], cmd = g.models[i].Update(msg)
	return g, cmd
}

// values returns what was typed, by input name; a secret is taken as
// typed but for the blanks around it, which a paste brings.
func (g grantInputs) values() flows.Inputs {
	out := flows.Inputs{}
	for i, in := range g.decl {
		if v := strings.TrimSpace(g.models[i].Value()); v != "" {
			out[in.Name] = v
		}
	}
	return out
}

// missing returns an error naming the first required input left empty,
// or the first value its input refuses (flows.Input.Validate), before
// anything is sent.
func (g grantInputs) missing() error {
	vals := g.values()
	for _, in := range g.decl {
		if in.Required && vals[in.Name] == "" {
			return errors.New(in.Label + " is required: " + in.Help)
		}
		if err := in.Validate(vals[in.Name]); err != nil {
			return fmt.Errorf("%s: %w", in.Label, err)
		}
	}
	return nil
}

// label, view and hint render the row of fl.
func (g grantInputs) label(fl field) string { return g.decl[g.index(fl)].Label }

func (g grantInputs) view(fl field, choice lipgloss.Style) string {
	if g.isChoice(fl) {
		return choice.Render("‹ " + g.models[g.index(fl)].Value() + " ›")
	}
	return inputView(g.models[g.index(fl)])
}

func (g grantInputs) hint(fl field) string {
	in := g.decl[g.index(fl)]
	switch {
	case in.Secret:
		return in.Help + " Shown as dots until ctrl+r."
	case len(in.Choices) > 0:
		return in.Help + " ←/→ changes it."
	}
	return in.Help
}

// prefill sets the grant inputs named in vals (a token held, for one) and
// says so in the form's notice.
func (f settingsForm) prefill(vals flows.Inputs, note string) settingsForm {
	f.grant.models = slices.Clone(f.grant.models)
	for i, in := range f.grant.decl {
		if v, ok := vals[in.Name]; ok {
			f.grant.models[i].SetValue(v)
			f.grant.models[i].CursorEnd()
		}
	}
	f.notice = note
	return f
}
