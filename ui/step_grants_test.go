package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// demoGrantDefaults are the demo's settings for a grant as the commands
// choose them: its first client that suits the grant, at srv.
func demoGrantDefaults(srv *demo.Server) func(string) providers.Provider {
	return func(flowID string) providers.Provider {
		p := demoDefaults(flowID)
		p.Issuer = srv.Issuer()
		return p
	}
}

// grantChoices are the grants ids, in order, as the commands offer them.
func grantChoices(ids ...string) []FlowChoice {
	var out []FlowChoice
	for _, id := range ids {
		g, _ := flows.GrantByID(id)
		out = append(out, FlowChoice{ID: g.ID, Name: g.Name, Description: g.Summary, New: g.New, Browser: g.Browser, Inputs: g.Inputs, Label: g.Label})
	}
	return out
}

// grantKeyOf returns the index in v.grants of the grant id.
func grantKeyOf(t *testing.T, v stepView, id string) int {
	t.Helper()
	i := slices.IndexFunc(v.grants, func(g tokenGrant) bool { return g.choice.ID == id })
	if i < 0 || len(v.grants[i].key.Keys()) == 0 {
		t.Fatalf("no key for grant %s among %d", id, len(v.grants))
	}
	return i
}

// TestGrantFromRunToken runs client credentials on the demo, then, from
// the step view, opens token exchange with the run's access token as the
// subject token (masked), comes back with esc, opens it again and runs it
// to the end against the demo's exchange client. The refresh grant is not
// offered: the run holds no refresh token.
func TestGrantFromRunToken(t *testing.T) {
	srv := demotest.Start(t)
	cfg := Config{
		Providers: []ProviderChoice{{Name: "demo", Defaults: demoGrantDefaults(srv)}},
		Flows:     grantChoices(flows.FlowIDClientCredentials, flows.FlowIDTokenExchange, flows.FlowIDRefresh),
	}
	m := atSteps(t, cfg, 80, 24)
	at := m.steps.accessToken()
	if at == "" {
		t.Fatalf("the grant obtained no token:\n%s", screenText(m))
	}
	ccName := m.steps.flowName
	// The footer keeps to two lines; ?'s help page lists the keys it leaves out.
	foot := func() string { return ansi.Strip(strings.Join(helpLines(m.common.help, m.steps.keyMap(), 80), "\n")) }
	if f := foot(); strings.Count(f, "\n") > 1 || !strings.Contains(f, "a actions") || strings.Contains(f, "pgup") {
		t.Errorf("footer after the run:\n%s", f)
	}
	m = drive(t, m, press("?"))
	if s := screenText(m); !strings.Contains(s, "pgup pgdn") || !strings.Contains(s, "esc/? close") {
		t.Errorf("the help page after ?:\n%s", s)
	}
	requireFits(t, screenText(m), 80, 24)
	m = drive(t, m, press("?"))
	tx := grantKeyOf(t, m.steps, flows.FlowIDTokenExchange)
	rt := grantKeyOf(t, m.steps, flows.FlowIDRefresh)
	if slices.Contains(m.steps.shownGrants(), rt) {
		t.Errorf("refresh offered after a run without a refresh token")
	}
	k := press(m.steps.grants[tx].key.Keys()[0])
	open := func() {
		t.Helper()
		m = drive(t, m, k)
		if m.screen != screenSettings || m.form.flowID != flows.FlowIDTokenExchange {
			t.Fatalf("%s: screen %d, flow %q; want token exchange's settings", k.Text, m.screen, m.form.flowID)
		}
		if got := m.form.grant.values()[m.form.grant.decl[0].Name]; got != at {
			t.Fatalf("subject token %q, want the run's access token", got)
		}
		screen := screenText(m)
		if strings.Contains(screen, at[:12]) {
			t.Errorf("the subject token shows unmasked:\n%s", screen)
		}
		if m.form.inputs[0].Value() != "demo-exchange" {
			t.Errorf("client %q, want the demo's exchange client", m.form.inputs[0].Value())
		}
		requireFits(t, screen, 80, 24)
	}
	open()
	m = drive(t, m, press("esc"))
	if m.screen != screenSteps || m.steps.flowName != ccName || m.cfg.Flows[m.flow].ID != flows.FlowIDClientCredentials {
		t.Fatalf("esc: screen %d, run %q; want back on the run", m.screen, m.steps.flowName)
	}
	// esc again leaves the run for its own settings, as before.
	if m2 := drive(t, m, press("esc")); m2.screen != screenSettings || m2.form.flowID != flows.FlowIDClientCredentials {
		t.Errorf("esc on the run: screen %d, form of %q", m2.screen, m2.form.flowID)
	}
	// Through the menu this time: a, then the grant's key.
	menu := press(m.common.keys.ActionMenu.Keys()[0])
	if m2 := drive(t, m, menu, press("esc")); m2.steps.mode != modeBrowse {
		t.Errorf("esc does not close the action menu")
	}
	m = drive(t, m, menu)
	open()
	m = drive(t, m, press("enter"))
	if m.screen != screenSteps || m.detour != nil {
		t.Fatalf("enter: screen %d", m.screen)
	}
	for i, st := range m.steps.status {
		if st != flows.Done {
			t.Errorf("step %s: %v\n%s", m.steps.steps[i].ID, st, screenText(m))
		}
	}
	if got := m.steps.accessToken(); got == "" || got == at {
		t.Errorf("the exchange issued no new token")
	}
}

// TestRefreshFromRunToken runs the authorization code grant on the demo
// and then the refresh grant with the run's refresh token, to the end.
func TestRefreshFromRunToken(t *testing.T) {
	srv := demotest.Start(t)
	cfg := demoAuthCodeConfig(t, srv)
	cfg.Flows = append(cfg.Flows, grantChoices(flows.FlowIDRefresh, flows.FlowIDTokenExchange)...)
	m := atSteps(t, cfg, 80, 24)
	held := m.steps.refreshToken()
	if held == "" {
		t.Fatalf("the grant obtained no refresh token:\n%s", screenText(m))
	}
	rt := grantKeyOf(t, m.steps, flows.FlowIDRefresh)
	if got := m.steps.shownGrants(); !slices.Contains(got, rt) || !slices.Contains(got, grantKeyOf(t, m.steps, flows.FlowIDTokenExchange)) {
		t.Fatalf("grants offered %v, want refresh and token exchange", got)
	}
	// The footer stays at two lines; the menu lists the grants with the
	// inputs the run's tokens fill, and its keys start them.
	if foot := helpLines(m.common.help, m.steps.keyMap(), 80); len(foot) > 2 {
		t.Errorf("the footer takes %d lines at 80 columns:\n%s", len(foot), strings.Join(foot, "\n"))
	}
	m = drive(t, m, press(m.common.keys.ActionMenu.Keys()[0]))
	screen := screenText(m)
	requireFits(t, screen, 80, 24)
	for _, i := range []int{rt, grantKeyOf(t, m.steps, flows.FlowIDTokenExchange)} {
		g := m.steps.grants[i]
		if !strings.Contains(screen, g.key.Help().Key+" "+g.choice.ID) || !strings.Contains(screen, g.choice.Inputs[0].Label+" ←") {
			t.Errorf("the menu does not offer %s:\n%s", g.choice.ID, screen)
		}
	}
	m = drive(t, m, press(m.steps.grants[rt].key.Keys()[0]))
	if m.screen != screenSettings || m.form.grant.values()[m.form.grant.decl[0].Name] != held {
		t.Fatalf("screen %d, refresh token not prefilled", m.screen)
	}
	m = drive(t, m, press("enter"))
	for i, st := range m.steps.status {
		if st != flows.Done {
			t.Errorf("step %s: %v\n%s", m.steps.steps[i].ID, st, screenText(m))
		}
	}
}
