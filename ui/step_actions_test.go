package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenActionsOnRun runs the client credentials grant on the demo,
// then, from the step view, introspects its access token (active), goes
// back, revokes it, and introspects it again (inactive): each action a
// run of its own in the same view, its steps in the timeline and its
// answer in the Response tab; esc comes back to the grant's run. Userinfo
// is not offered: the token has no user.
func TestTokenActionsOnRun(t *testing.T) {
	srv := demotest.Start(t)
	client, _ := demo.ClientByID("demo-service")
	g, _ := flows.GrantByID(flows.FlowIDClientCredentials)
	cfg := Config{
		Providers: []ProviderChoice{{Name: "demo", Defaults: func(string) providers.Provider {
			return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: client.ID, ClientSecret: client.Secret,
				AuthMethod: client.AuthMethod, Scopes: []string{"api.read"}}
		}}},
		Flows: []FlowChoice{{ID: g.ID, Name: g.Name, Description: g.Summary, New: g.New}},
	}
	m := atSteps(t, cfg, 80, 24)
	if m.steps.accessToken() == "" {
		t.Fatalf("the grant obtained no token:\n%s", screenText(m))
	}
	actionKey := func(id string) (flows.TokenAction, tea.KeyPressMsg) {
		t.Helper()
		i := slices.IndexFunc(m.steps.actions, func(a flows.TokenAction) bool { return a.ID == id })
		if i < 0 {
			t.Fatalf("no action %s", id)
		}
		k := m.steps.actionKeys[i]
		if len(k.Keys()) == 0 {
			t.Fatalf("action %s has no key", id)
		}
		return m.steps.actions[i], press(k.Keys()[0])
	}
	// The actions are offered in the action menu, the footer has its key.
	if !strings.Contains(screenText(m), "a actions") {
		t.Errorf("the footer does not offer the action menu:\n%s", screenText(m))
	}
	screen := screenText(drive(t, m, press(m.common.keys.ActionMenu.Keys()[0])))
	requireFits(t, screen, 80, 24)
	for _, a := range m.steps.actions {
		_, k := actionKey(a.ID)
		// A client credentials token has no user: flows says userinfo
		// does not apply to it, and neither the footer nor the key
		// offers it.
		offered := strings.Contains(screen, k.Text+" "+a.ID)
		if want := a.ID != flows.ActionUserinfo; offered != want {
			t.Errorf("the action menu offers %s (%s): %v, want %v:\n%s", a.ID, k.Text, offered, want, screen)
		}
	}
	if _, k := actionKey(flows.ActionUserinfo); drive(t, m, k).steps.from != nil {
		t.Errorf("%s ran userinfo on a client credentials token", k.Text)
	}
	introspect := func(want string) {
		t.Helper()
		a, k := actionKey(flows.ActionIntrospect)
		m = drive(t, m, k)
		v := m.steps
		if v.flowName != a.Name || v.from == nil || len(v.steps) == 0 {
			t.Fatalf("after %s: run %q with %d steps", a.ID, v.flowName, len(v.steps))
		}
		for i, st := range v.status {
			if st != flows.Done {
				t.Errorf("step %s: %v\n%s", v.steps[i].ID, st, screenText(m))
			}
		}
		m = drive(t, m, press("3"))
		if got := strings.Join(m.steps.tabContent(), "\n"); !strings.Contains(got, want) {
			t.Errorf("Response tab lacks %s:\n%s", want, got)
		}
		requireFits(t, screenText(m), 80, 24)
		m = drive(t, m, press("esc"))
		if m.screen != screenSteps || m.steps.flowName != g.Name || m.steps.from != nil {
			t.Fatalf("esc: screen %d, run %q; want back on the grant's run", m.screen, m.steps.flowName)
		}
	}
	introspect(`"active": true`)
	a, k := actionKey(flows.ActionRevoke)
	m = drive(t, m, k)
	if r := m.steps.result(len(m.steps.steps) - 1); m.steps.flowName != a.Name || r == nil || r.Status != flows.Done {
		t.Fatalf("revocation did not complete:\n%s", screenText(m))
	}
	m = drive(t, m, press("esc"))
	introspect(`"active": false`)
}
