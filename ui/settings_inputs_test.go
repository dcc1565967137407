package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// grantsConfig offers every grant flows declares, as the command line
// wires them, each building a fake flow and recording the options it was
// started with in *got.
func grantsConfig(got *flows.Options) Config {
	cfg := customConfig()
	cfg.Flows = nil
	for _, g := range flows.Grants() {
		cfg.Flows = append(cfg.Flows, FlowChoice{ID: g.ID, Name: g.Name, Description: g.Summary, Browser: g.Browser, Inputs: g.Inputs,
			New: func(p providers.Provider, o flows.Options) flows.Flow {
				*got = o
				return newFakeFlow(p, 1200)
			}})
	}
	return cfg
}

// openSettings opens the settings form of the grant id.
func openSettings(t *testing.T, cfg Config, id string) Model {
	t.Helper()
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, g := range flows.Grants() {
		if g.ID == id {
			break
		}
		m = drive(t, m, press("down"))
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenSettings || m.form.flowID != id {
		t.Fatalf("screen %d, flow %q: want the settings of %s", m.screen, m.form.flowID, id)
	}
	return m
}

// TestSettingsGrantInputs: the settings form shows a row per input of the
// chosen grant, from its declaration: the refresh grant's refresh token,
// masked until ctrl+r and required, handed to the flow in its options;
// the other grants have no such row.
func TestSettingsGrantInputs(t *testing.T) {
	var got flows.Options
	cfg := grantsConfig(&got)
	for _, g := range flows.Grants() {
		if g.ID == flows.FlowIDRefresh {
			continue
		}
		if s := screenText(openSettings(t, cfg, g.ID)); hasRow(s, "Refresh token") {
			t.Errorf("%s: the form shows a refresh token row:\n%s", g.ID, s)
		}
	}
	m := openSettings(t, cfg, flows.FlowIDRefresh)
	s := screenText(m)
	requireFits(t, s, 80, 24)
	if !hasRow(s, "Refresh token") {
		t.Fatalf("no refresh token row:\n%s", s)
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenSettings || !strings.Contains(screenText(m), "Refresh token is required") {
		t.Fatalf("started without a refresh token:\n%s", screenText(m))
	}
	const rt = "rt-4fd9c1-secret"
	// Back past the Advanced switch and the request options' rows
	// (flows.RequestOptions), last.
	m = drive(t, m, press("shift+tab"), press("shift+tab"), press("shift+tab"))
	if !strings.Contains(screenText(m), "Shown as dots until ctrl+r") {
		t.Errorf("the refresh token row's hint is not shown:\n%s", screenText(m))
	}
	m = drive(t, m, keys(strings.Split(rt, "")...)...)
	if s := screenText(m); strings.Contains(s, rt) || !strings.Contains(s, secretMask) || strings.Contains(s, strings.Repeat("•", len(rt))) {
		t.Errorf("the refresh token is not masked, or its mask tells its length:\n%s", s)
	}
	m = drive(t, m, press("ctrl+r"))
	if s := screenText(m); !strings.Contains(s, rt) {
		t.Errorf("ctrl+r does not reveal the refresh token:\n%s", s)
	}
	m = drive(t, m, press("ctrl+r"), press("enter"))
	if m.screen != screenSteps {
		t.Fatalf("screen %d after enter:\n%s", m.screen, screenText(m))
	}
	if got.Inputs["refresh-token"] != rt {
		t.Errorf("the flow got inputs %v", got.Inputs)
	}
}

// TestSettingWordsInputs: a sentence naming a grant's input names its
// row of the settings form.
func TestSettingWordsInputs(t *testing.T) {
	if got := flows.Phrase("give one with {setting:refresh-token}", tuiWords{}); got != "give one with Refresh token (esc: settings)" {
		t.Errorf("got %q", got)
	}
}

// hasRow tells whether the form on screen s has a row labelled label.
func hasRow(s, label string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, "› "), label+"  ") {
			return true
		}
	}
	return false
}

// TestSettingsGrantInputsLeft: leaving the refresh grant's form from its
// last row for another grant's, which has fewer rows, focuses that form's
// first row.
func TestSettingsGrantInputsLeft(t *testing.T) {
	var got flows.Options
	m := openSettings(t, grantsConfig(&got), flows.FlowIDRefresh)
	m = drive(t, m, press("shift+tab"), press("esc"), press("up"), press("enter"))
	if m.screen != screenSettings || m.form.flowID == flows.FlowIDRefresh || m.form.focus != 0 {
		t.Fatalf("screen %d, flow %q, focus %d", m.screen, m.form.flowID, m.form.focus)
	}
	if hasRow(screenText(m), "Refresh token") {
		t.Errorf("the refresh token row stayed:\n%s", screenText(m))
	}
}
