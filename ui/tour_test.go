package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// tourConfig is testConfig with the tour's entry preselected, and the
// second stop's grant run by the fixture's flow: what the tour does is
// under test, not the grants.
func tourConfig() Config {
	cfg := testConfig(1200)
	tour := cfg.Providers[0]
	tour.Name, tour.Tour = "tour", true
	cfg.Providers = append(cfg.Providers, tour)
	cfg.Preselect = "tour"
	cfg.Flows = append(cfg.Flows, FlowChoice{ID: flows.FlowIDAuthCode, Name: "Authorization code + PKCE", New: cfg.Flows[0].New})
	return cfg
}

// TestTourSurvivesSettings: stop 1 says to change the secret in the
// settings and start again; doing so (or going there and back with
// nothing changed) keeps the tour, its words and T.
func TestTourSurvivesSettings(t *testing.T) {
	m := newTestModel(tourConfig())
	m = drive(t, m, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, runCmd(t, m.Init())...)...)
	for _, c := range []struct {
		name string
		keys []string
	}{
		{"esc, enter", []string{"esc", "enter"}},
		{"esc, a letter of the secret changed, enter", []string{"esc", "tab", "tab", "backspace", "x", "enter"}},
	} {
		m = drive(t, m, keys(c.keys...)...)
		if m.screen != screenSteps || m.steps.choice.ID != flows.FlowIDClientCredentials {
			t.Fatalf("%s: not back on the stop's run: screen %d, flow %q", c.name, m.screen, m.steps.choice.ID)
		}
		m = drive(t, m, press("1"))
		s := screenText(m)
		for _, want := range []string{"Tour, stop 1 of 3", "Try: Change a letter", "T next tour stop"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: the run lost %q:\n%s", c.name, want, s)
			}
		}
	}
	if sec := m.steps.settings.ClientSecret; !strings.HasSuffix(sec, "x") {
		t.Errorf("the run did not take the changed secret: %q", sec)
	}
	m = drive(t, m, press("T"))
	if m.steps.choice.ID != flows.FlowIDAuthCode || !strings.Contains(screenText(m), "Tour, stop 2 of 3") {
		t.Errorf("T did not go on after the settings: %q\n%s", m.steps.choice.ID, screenText(m))
	}
}

// TestTourFlowPicker: in the tour's flow picker, a stop's grant runs as
// that stop; another grant opens its settings and runs without the
// tour's words, which belong to another grant.
func TestTourFlowPicker(t *testing.T) {
	cfg := tourConfig()
	cfg.Flows = append(cfg.Flows, FlowChoice{ID: "other", Name: "Another grant", New: cfg.Flows[0].New})
	m := newTestModel(cfg)
	m = drive(t, m, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, runCmd(t, m.Init())...)...)
	m = drive(t, m, keys("esc", "esc")...)
	if m.screen != screenFlows {
		t.Fatalf("esc, esc: screen %d", m.screen)
	}
	m = drive(t, m, keys("down", "enter")...)
	if m.steps.choice.ID != flows.FlowIDAuthCode || !strings.Contains(screenText(m), "Tour, stop 2 of 3") {
		t.Fatalf("the second stop's grant, chosen, is not that stop: %q\n%s", m.steps.choice.ID, screenText(m))
	}
	m = drive(t, m, keys("esc", "esc", "down", "enter")...)
	if m.screen != screenSettings {
		t.Fatalf("a grant the tour does not visit: screen %d, not its settings", m.screen)
	}
	m = drive(t, m, press("enter"))
	if s := screenText(m); m.steps.choice.ID != "other" || strings.Contains(s, "Tour, stop") || strings.Contains(s, "next tour stop") {
		t.Errorf("a grant the tour does not visit shows the tour: %q\n%s", m.steps.choice.ID, s)
	}
}

// TestTourNotFromAnActionRun: a token action run from a stop's run (stop
// 3 suggests revoking) is not a stop: it offers no T, and esc comes back
// to the stop's run, where T goes on.
func TestTourNotFromAnActionRun(t *testing.T) {
	m := newTestModel(tourConfig())
	m = drive(t, m, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, runCmd(t, m.Init())...)...)
	if !m.steps.canGoOn() {
		t.Fatalf("stop 1's run offers no T:\n%s", screenText(m))
	}
	v, cmd := m.steps.runAction(flows.TokenActions()[0])
	m.steps = v
	m = drive(t, m, runCmd(t, cmd)...)
	if m.steps.canGoOn() || strings.Contains(screenText(m), "T next tour stop") {
		t.Errorf("the action's run offers T:\n%s", screenText(m))
	}
	m = drive(t, m, press("T"))
	if m.tour.at != 0 {
		t.Fatalf("T in the action's run moved the tour to stop %d", m.tour.at+1)
	}
	m = drive(t, m, press("esc"))
	if m.steps.from != nil || !m.steps.canGoOn() {
		t.Fatalf("esc did not come back to the stop's run:\n%s", screenText(m))
	}
	m = drive(t, m, press("T"))
	if m.steps.choice.ID != flows.FlowIDAuthCode || m.steps.from != nil {
		t.Errorf("T after esc: flow %q, from %v", m.steps.choice.ID, m.steps.from != nil)
	}
}
