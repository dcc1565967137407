package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// demoAuthCodeConfig is the authorization code grant on the demo with its
// confidential client, whose browser logs in and approves on its own: it
// follows the redirect to the loopback listener, as a browser does, so the
// run completes without a person.
func demoAuthCodeConfig(t *testing.T, srv *demo.Server) Config {
	t.Helper()
	client, _ := demo.ClientByID("demo-confidential")
	g, _ := flows.GrantByID(flows.FlowIDAuthCode)
	browser := func(u string) error {
		go func() {
			back, err := demotest.Login(context.Background(), u, true)
			if err != nil {
				t.Errorf("browser: %v", err)
				return
			}
			resp, err := http.Get(back)
			if err != nil {
				t.Errorf("browser, following the redirect: %v", err)
				return
			}
			resp.Body.Close()
		}()
		return nil
	}
	return Config{
		Providers: []ProviderChoice{{Name: "demo", Defaults: func(string) providers.Provider {
			return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: client.ID, ClientSecret: client.Secret,
				AuthMethod: client.AuthMethod, Scopes: []string{"openid", "profile", "offline_access"}}
		}}},
		Flows:   []FlowChoice{{ID: g.ID, Name: g.Name, Description: g.Summary, New: g.New}},
		Options: flows.Options{OpenBrowser: browser},
	}
}

// actionKeyOf returns token action id and the key that runs it in v.
func actionKeyOf(t *testing.T, v stepView, id string) (flows.TokenAction, tea.KeyPressMsg) {
	t.Helper()
	i := slices.IndexFunc(v.actions, func(a flows.TokenAction) bool { return a.ID == id })
	if i < 0 || len(v.actionKeys[i].Keys()) == 0 {
		t.Fatalf("no key for action %s", id)
	}
	return v.actions[i], press(v.actionKeys[i].Keys()[0])
}

// TestTokenActionsOnRefreshToken runs the authorization code grant on the
// demo, points the actions at the run's refresh token (t), introspects it
// (active), revokes it (the check spends it and the token endpoint refuses
// it), and introspects it again (inactive), the footer and the header
// saying which token the actions act on.
func TestTokenActionsOnRefreshToken(t *testing.T) {
	srv := demotest.Start(t)
	m := atSteps(t, demoAuthCodeConfig(t, srv), 100, 30)
	rt := m.steps.refreshToken()
	if rt == "" || m.steps.accessToken() == "" {
		t.Fatalf("the grant obtained no refresh token:\n%s", screenText(m))
	}
	tk := actionTargetKey()
	// The actions and the switch of their token are in the action menu.
	m = drive(t, m, press(m.common.keys.ActionMenu.Keys()[0]))
	if !strings.Contains(screenText(m), "t act on refresh token") {
		t.Errorf("the action menu does not offer to act on the refresh token:\n%s", screenText(m))
	}
	m = drive(t, m, press(tk.Keys()[0]))
	screen := screenText(m)
	if got := m.steps.actionTarget(); got.Token != rt || got.Hint != flows.HintRefreshToken {
		t.Fatalf("after t the actions act on %+v, want the refresh token", got)
	}
	if !strings.Contains(screen, "t act on access token") || !strings.Contains(screen, "now act on the refresh token") {
		t.Errorf("after t, the menu or the status line does not say the actions act on the refresh token:\n%s", screen)
	}
	requireFits(t, screen, 100, 30)
	introspect := func(want string) {
		t.Helper()
		a, k := actionKeyOf(t, m.steps, flows.ActionIntrospect)
		m = drive(t, m, k)
		v := m.steps
		if !strings.HasPrefix(v.flowName, a.Name) || v.target.Token != rt || v.target.Hint != flows.HintRefreshToken {
			t.Fatalf("after %s: run %q on %+v", a.ID, v.flowName, v.target)
		}
		if !strings.Contains(screenText(m), "refresh token") {
			t.Errorf("the action's run does not say it acts on the refresh token:\n%s", screenText(m))
		}
		m = drive(t, m, press("3"))
		if got := strings.Join(m.steps.tabContent(), "\n"); !strings.Contains(got, want) {
			t.Errorf("Response tab lacks %s:\n%s", want, got)
		}
		m = drive(t, m, press("esc"))
		if m.steps.from != nil || !m.steps.onRefresh {
			t.Fatalf("esc: run %q, on refresh %v; want back on the grant's run, still on the refresh token", m.steps.flowName, m.steps.onRefresh)
		}
	}
	introspect(`"active": true`)
	_, k := actionKeyOf(t, m.steps, flows.ActionRevoke)
	m = drive(t, m, k)
	v := m.steps
	for i, st := range v.status {
		if st != flows.Done {
			t.Errorf("revocation, step %s: %v\n%s", v.steps[i].ID, st, screenText(m))
		}
	}
	// The check spent the revoked refresh token: refused with invalid_grant.
	last := v.result(len(v.steps) - 1)
	if last == nil || !strings.Contains(strings.Join(last.Notes, "\n"), "invalid_grant") {
		t.Errorf("the revocation's check does not show the refresh token refused: %+v", last)
	}
	m = drive(t, m, press("esc"))
	introspect(`"active": false`)
	m = drive(t, m, press("2"))
	a, k := actionKeyOf(t, m.steps, flows.ActionIntrospect)
	m = drive(t, m, k)
	if got := strings.Join(m.steps.tabContent(), "\n"); !strings.Contains(got, "active") {
		t.Errorf("%s of the revoked token, Explain tab:\n%s", a.ID, got)
	}
}
