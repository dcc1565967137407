package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// declaredInput returns the first grant with an input that want accepts,
// and that input.
func declaredInput(t *testing.T, want func(flows.Input) bool) (flows.Grant, flows.Input) {
	t.Helper()
	for _, g := range flows.Grants() {
		for _, in := range g.Inputs {
			if want(in) {
				return g, in
			}
		}
	}
	t.Skip("no grant declares such an input")
	return flows.Grant{}, flows.Input{}
}

// focusRow tabs through the form until the row labelled label has the
// focus.
func focusRow(t *testing.T, m Model, label string) Model {
	t.Helper()
	for range 20 {
		if strings.Contains("\n"+screenText(m), "\n› "+label+" ") {
			return m
		}
		m = drive(t, m, press("tab"))
	}
	t.Fatalf("no row %q:\n%s", label, screenText(m))
	return m
}

// TestSettingsChoiceInput: an input declared with Choices is a row that
// cycles through them with ←/→ and takes no typing; the flow gets the
// value chosen.
func TestSettingsChoiceInput(t *testing.T) {
	g, in := declaredInput(t, func(in flows.Input) bool { return len(in.Choices) > 1 })
	var got flows.Options
	m := focusRow(t, openSettings(t, grantsConfig(&got), g.ID), in.Label)
	first := in.Default
	if first == "" {
		first = in.Choices[0]
	}
	if s := screenText(m); !strings.Contains(s, "‹ "+first+" ›") || !strings.Contains(s, "←/→ change") {
		t.Fatalf("the row does not show its choice %q:\n%s", first, s)
	}
	m = drive(t, m, press("right"), press("x"))
	next := in.Choices[(slices.Index(in.Choices, first)+1)%len(in.Choices)]
	if s := screenText(m); !strings.Contains(s, "‹ "+next+" ›") {
		t.Fatalf("→ did not move to %q:\n%s", next, s)
	}
	m = drive(t, m, press("left"), press("left"), press("right"), press("enter"))
	if m.screen != screenSteps || got.Inputs[in.Name] != first {
		t.Errorf("screen %d, inputs %v: want %s=%s", m.screen, got.Inputs, in.Name, first)
	}
}

// TestSettingsCheckedInput: a value its input's Check refuses keeps the
// form open with the reason, naming the input; nothing starts.
func TestSettingsCheckedInput(t *testing.T) {
	g, in := declaredInput(t, func(in flows.Input) bool { return in.Check != nil && !in.Secret && len(in.Choices) == 0 })
	var got flows.Options
	m := focusRow(t, openSettings(t, grantsConfig(&got), g.ID), in.Label)
	m = drive(t, m, tea.PasteMsg{Content: "[{"}, press("enter"))
	if s := screenText(m); m.screen != screenSettings || !strings.Contains(s, in.Label+":") {
		t.Errorf("screen %d; want the form with the refusal:\n%s", m.screen, s)
	}
}
