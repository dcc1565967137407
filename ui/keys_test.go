package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestStepViewKeys presses keys on the step view of a completed flow (the
// last step selected, the Explain tab shown) and checks where the
// selection, the tab and the focus end up.
func TestStepViewKeys(t *testing.T) {
	cases := []struct {
		name     string
		keys     []string
		selected int
		tab      tab
		focus    area
		screen   screen
	}{
		{name: "completed flow selects last step", selected: 2, tab: tabExplain},
		{name: "tab moves to the next tab", keys: []string{"tab"}, selected: 2, tab: tabRequest},
		{name: "tab twice", keys: []string{"tab", "tab"}, selected: 2, tab: tabResponse},
		{name: "shift+tab wraps to the diagram", keys: []string{"shift+tab"}, selected: 2, tab: tabDiagram},
		{name: "shift+tab skips the absent diagnosis", keys: []string{"shift+tab", "shift+tab"}, selected: 2, tab: tabClaims},
		{name: "tab passes the diagram", keys: []string{"tab", "tab", "tab", "tab"}, selected: 2, tab: tabDiagram},
		{name: "tab wraps around to explain", keys: []string{"tab", "tab", "tab", "tab", "tab"}, selected: 2, tab: tabExplain},
		{name: "6 picks the diagram", keys: []string{"6"}, selected: 2, tab: tabDiagram},
		{name: "number picks a tab", keys: []string{"3"}, selected: 2, tab: tabResponse},
		{name: "4 picks claims", keys: []string{"4"}, selected: 2, tab: tabClaims},
		{name: "5 is ignored when nothing failed", keys: []string{"2", "5"}, selected: 2, tab: tabRequest},
		{name: "up selects the previous step", keys: []string{"up"}, selected: 1, tab: tabExplain},
		{name: "k and j move like up and down", keys: []string{"k", "k", "j"}, selected: 1, tab: tabExplain},
		{name: "up stops at the first step", keys: []string{"up", "up", "up", "up"}, selected: 0, tab: tabExplain},
		{name: "down stops at the last step", keys: []string{"down"}, selected: 2, tab: tabExplain},
		{name: "tab is kept across steps", keys: []string{"2", "up"}, selected: 1, tab: tabRequest},
		{name: "right focuses the details", keys: []string{"right"}, selected: 2, focus: areaDetails},
		{name: "enter focuses the details", keys: []string{"enter"}, selected: 2, focus: areaDetails},
		{name: "up scrolls, not selects, in the details", keys: []string{"l", "up", "k"}, selected: 2, focus: areaDetails},
		{name: "left gives the timeline the focus back", keys: []string{"right", "left", "up"}, selected: 1, focus: areaTimeline},
		{name: "R re-runs and follows again", keys: []string{"up", "up", "R"}, selected: 2},
		{name: "esc goes back to the settings", keys: []string{"esc"}, selected: 2, screen: screenSettings},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := atSteps(t, testConfig(1200), 80, 24)
			m = drive(t, m, keys(tc.keys...)...)
			want := tc.screen
			if want == 0 {
				want = screenSteps
			}
			if m.screen != want {
				t.Fatalf("screen = %d, want %d", m.screen, want)
			}
			v := m.steps
			if v.selected != tc.selected || v.tab != tc.tab || v.focus != tc.focus {
				t.Errorf("selected %d, tab %s, focus %d; want %d, %s, %d",
					v.selected, v.tab.String(), v.focus, tc.selected, tc.tab.String(), tc.focus)
			}
		})
	}
}

// TestFailedStepShowsDiagnosis checks that a failed step is selected with
// its diagnosis, that 5 reaches the Diagnosis tab, and that it goes away on
// a step that did not fail.
func TestFailedStepShowsDiagnosis(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
		f := newFakeFlow(p, 1200)
		err := &flows.OAuthError{Endpoint: "token endpoint", HTTPStatus: 401, Code: "invalid_client", Description: "client authentication failed"}
		f.results[1] = flows.Result{Step: flows.CCTokenRequest, Status: flows.Failed, Err: err, Diagnosis: flows.Diagnose(err),
			Exchanges: f.results[1].Exchanges}
		f.results = f.results[:2]
		return f
	}
	m := atSteps(t, cfg, 80, 24)
	v := m.steps
	if v.selected != 1 || v.tab != tabDiagnosis {
		t.Fatalf("after the failure: selected %d, tab %s; want the token step and Diagnosis", v.selected, v.tab.String())
	}
	if v.status[2] != flows.Skipped {
		t.Errorf("step after the failure is %s, want skipped", v.status[2])
	}
	s := screenText(m)
	for _, want := range []string{"What happened", "invalid_client", "Likely causes", "✗ Token request", "Failed at Token request"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	m = drive(t, m, keys("1", "5")...)
	if m.steps.tab != tabDiagnosis {
		t.Errorf("5 gave tab %s, want Diagnosis", m.steps.tab.String())
	}
	m = drive(t, m, keys("up")...)
	if m.steps.tab != tabExplain {
		t.Errorf("on a step that did not fail the tab is %s, want Explain", m.steps.tab.String())
	}
}

// TestSettingsFormKeys checks the form's keys: fields, client choice,
// validation.
func TestSettingsFormKeys(t *testing.T) {
	m := drive(t, newTestModel(testConfig(1200)), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, keys("enter", "enter")...)
	if m.screen != screenSettings {
		t.Fatalf("screen %d, want the settings form", m.screen)
	}
	if got := m.form.Provider().ClientID; got != "demo-service" {
		t.Fatalf("client id %q, want the default demo-service", got)
	}
	m = drive(t, m, press("ctrl+n"))
	p := m.form.Provider()
	if p.ClientID != "demo-service-post" || p.AuthMethod != providers.AuthPost || p.ClientSecret != demoClient("demo-service-post").Secret {
		t.Errorf("ctrl+n picked %+v, want demo-service-post with client_secret_post", p)
	}
	m = drive(t, m, press("ctrl+n"))
	if p := m.form.Provider(); p.ClientID != "demo-secret-jwt" || p.AuthMethod != providers.AuthSecretJWT || p.ClientSecret == "" {
		t.Errorf("second ctrl+n picked %s with %s, want demo-secret-jwt with client_secret_jwt and its secret", p.ClientID, p.AuthMethod)
	}
	m = drive(t, m, press("ctrl+n"))
	if p := m.form.Provider(); p.ClientID != "demo-jwt-client" || p.AuthMethod != providers.AuthPrivateKeyJWT || p.ClientKey == "" {
		t.Errorf("third ctrl+n picked %s with %s (key in memory: %v), want demo-jwt-client with private_key_jwt and its key", p.ClientID, p.AuthMethod, p.ClientKey != "")
	}
	if s := screenText(m); !strings.Contains(s, "Client key") || !strings.Contains(s, "Assertion aud") {
		t.Errorf("the private_key_jwt rows are not shown:\n%s", s)
	}
	// The two mTLS clients (RFC 8705), their certificate and key in memory.
	for _, want := range []string{"demo-mtls", "demo-mtls-self"} {
		m = drive(t, m, press("ctrl+n"))
		if p := m.form.Provider(); p.ClientID != want || !providers.MutualTLS(p.AuthMethod) || p.ClientKey == "" {
			t.Errorf("ctrl+n picked %s with %s (key in memory: %v), want %s with mutual TLS", p.ClientID, p.AuthMethod, p.ClientKey != "", want)
		}
	}
	m = drive(t, m, press("ctrl+n"))
	if got := m.form.Provider().ClientID; got != "demo-service" {
		t.Errorf("sixth ctrl+n picked %q, want demo-service again (the public client cannot run this flow)", got)
	}
	// Clear the client id: tab to it, delete it, enter shows the error.
	m = drive(t, m, press("tab"))
	for range len("demo-service") {
		m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenSettings {
		t.Fatalf("enter with no client id left the form")
	}
	if s := screenText(m); !strings.Contains(s, "no client id") {
		t.Errorf("validation error not shown:\n%s", s)
	}
	m = drive(t, m, keys("d", "e", "m", "o", "-", "s", "e", "r", "v", "i", "c", "e")...)
	if s := screenText(m); strings.Contains(s, "no client id") {
		t.Errorf("validation error still shown after typing:\n%s", s)
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenSteps {
		t.Errorf("enter with valid settings did not start the flow")
	}
	if m = drive(t, m, press("esc"), press("esc")); m.screen != screenFlows {
		t.Errorf("esc twice from the steps reached screen %d, want the flow picker", m.screen)
	}
}

// TestPreselect skips the provider picker.
func TestPreselect(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Preselect = "DEMO"
	if m := newTestModel(cfg); m.screen != screenFlows {
		t.Errorf("preselected provider: screen %d, want the flow picker", m.screen)
	}
	cfg.Preselect = "nope"
	m := newTestModel(cfg)
	if m.screen != screenProviders || !strings.Contains(screenText(m), "No provider named nope") {
		t.Errorf("unknown preselected provider: screen %d, want the picker with a notice:\n%s", m.screen, screenText(m))
	}
}

// TestPrepareError shows the error of a provider that cannot start, and
// retries it with enter.
func TestPrepareError(t *testing.T) {
	cfg := testConfig(1200)
	calls := 0
	cfg.Providers[0].PrepareMessage = "Starting the demo provider…"
	cfg.Providers[0].Prepare = func(context.Context) error {
		calls++
		if calls == 1 {
			return errors.New("starting the demo provider: listen tcp 127.0.0.1:5556: bind: address already in use")
		}
		return nil
	}
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, keys("enter", "enter")...)
	if m.screen != screenFlows {
		t.Fatalf("screen %d after a failed Prepare, want the flow picker", m.screen)
	}
	s := screenText(m)
	requireFits(t, s, 80, 24)
	golden.RequireEqual(t, s)
	m = drive(t, m, press("enter"))
	if m.screen != screenSettings || calls != 2 {
		t.Errorf("enter after the error: screen %d, %d calls; want the form after a second call", m.screen, calls)
	}
	// Prepared once: going back and choosing again does not call it.
	m = drive(t, m, keys("esc", "enter")...)
	if m.screen != screenSettings || calls != 2 {
		t.Errorf("choosing again: screen %d, %d calls; want the form without a call", m.screen, calls)
	}
}

// TestStaleStepResultsDropped checks that a result of a run that was
// replaced (R) or abandoned (esc) changes nothing.
func TestStaleStepResultsDropped(t *testing.T) {
	m := atSteps(t, testConfig(1200), 80, 24)
	first, _ := m.steps.rerun()
	stale := stepDoneMsg{runID: first.runID, result: flows.Result{Step: flows.Discovery, Status: flows.Failed, Err: errors.New("stale")}}
	second, _ := first.rerun()
	got, _ := second.Update(stale)
	if got.status[0] != flows.Running || got.results[0] != nil {
		t.Errorf("a result of the replaced run was taken: status %s", got.status[0])
	}
	stopped, _ := second.stop()
	stale.runID = second.runID
	if got, _ = stopped.Update(stale); got.results[0] != nil {
		t.Error("a result of a stopped run was taken")
	}
}

// TestScrolling checks that pgdown, ↓ in the details and the mouse wheel
// scroll the tab, and that another step starts at the top.
func TestScrolling(t *testing.T) {
	m := atSteps(t, testConfig(4096), 80, 24)
	m = drive(t, m, press("4"))
	m = drive(t, m, press("pgdown"))
	after := m.steps.viewport.YOffset()
	if after == 0 {
		t.Fatal("pgdown did not scroll")
	}
	m = drive(t, m, keys("right", "down")...)
	if got := m.steps.viewport.YOffset(); got != after+1 {
		t.Errorf("↓ in the details: offset %d, want %d", got, after+1)
	}
	m = drive(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := m.steps.viewport.YOffset(); got != after+4 {
		t.Errorf("mouse wheel: offset %d, want %d", got, after+4)
	}
	m = drive(t, m, press("r")) // same step and tab: the position stays
	if got := m.steps.viewport.YOffset(); got != after+4 {
		t.Errorf("after r: offset %d, want it kept at %d", got, after+4)
	}
	m = drive(t, m, keys("left", "up")...)
	if got := m.steps.viewport.YOffset(); got != 0 {
		t.Errorf("another step: offset %d, want 0", got)
	}
}
