package ui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// fieldInput is the settings form's row for the grant's first input
// (flows.Input); input i is fieldInput+i. A grant's inputs follow the
// provider's settings, after the auth method.
const fieldInput field = 100

// fieldMethodInput is the row of the first input of the chosen client
// authentication method (flows.ClientAuth.Inputs), after the auth method.
const fieldMethodInput field = 200

// grantInputs are the rows of the inputs the chosen grant declares beyond
// the provider's settings, one text input each, masked when secret until
// ctrl+r.
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
		m.SetValue(in.Default)
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

// update hands msg to the row of fl.
func (g grantInputs) update(fl field, msg tea.Msg) (grantInputs, tea.Cmd) {
	i := g.index(fl)
	if i < 0 {
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

// missing returns an error naming the first required input left empty.
func (g grantInputs) missing() error {
	vals := g.values()
	for _, in := range g.decl {
		if in.Required && vals[in.Name] == "" {
			return errors.New(in.Label + " is required: " + in.Help)
		}
	}
	return nil
}

// label, view and hint render the row of fl.
func (g grantInputs) label(fl field) string { return g.decl[g.index(fl)].Label }

func (g grantInputs) view(fl field) string { return inputView(g.models[g.index(fl)]) }

func (g grantInputs) hint(fl field) string {
	in := g.decl[g.index(fl)]
	if in.Secret {
		return in.Help + " Shown as dots until ctrl+r."
	}
	return in.Help
}
