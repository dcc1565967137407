package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// customConfig is the --issuer entry as the command line wires it: no
// auth method chosen, the scopes prefilled from discovery with a note.
func customConfig() Config {
	cfg := testConfig(1200)
	cfg.Providers = []ProviderChoice{{
		Name:        "custom",
		Description: "From the command line: " + testIssuer,
		Defaults: func(string) providers.Provider {
			return providers.Provider{Name: "custom", Issuer: testIssuer, ClientID: "app", Scopes: []string{"openid", "profile"}}
		},
		Notes: func(string) []string {
			return []string{"Scopes prefilled with openid and profile, which scopes_supported lists."}
		},
	}}
	cfg.Preselect = "custom"
	return cfg
}

// TestSettingsAuthFollowsSecret: with no auth method chosen, the form
// uses the command line's rule on the secret as typed (client_secret_basic
// with one, none without) until the user picks a method.
func TestSettingsAuthFollowsSecret(t *testing.T) {
	m := drive(t, newTestModel(customConfig()), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, press("enter"))
	if m.screen != screenSettings {
		t.Fatalf("screen %d, want the settings form", m.screen)
	}
	if got := m.form.Provider().AuthMethod; got != providers.AuthNone {
		t.Fatalf("no secret: auth method %q, want none", got)
	}
	s := screenText(m)
	requireFits(t, s, 80, 24)
	for _, want := range []string{"‹ none › auto", "Notes on custom", "Scopes prefilled with openid and profile"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	m = drive(t, m, press("tab"))
	m = drive(t, m, keys("s", "3", "c")...)
	if got := m.form.Provider().AuthMethod; got != providers.AuthBasic {
		t.Errorf("secret typed: auth method %q, want client_secret_basic", got)
	}
	if s := screenText(m); !strings.Contains(s, "‹ client_secret_basic › auto") {
		t.Errorf("the auth method shown does not follow the secret:\n%s", s)
	}
	for range 3 {
		m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	if got := m.form.Provider().AuthMethod; got != providers.AuthNone {
		t.Errorf("secret cleared: auth method %q, want none", got)
	}
	// Chosen by hand, the method stays whatever the secret.
	m = drive(t, m, keys("s", "tab", "tab", "tab", "right")...)
	if got := m.form.Provider().AuthMethod; got != providers.AuthPost {
		t.Fatalf("right from client_secret_basic gave %q, want client_secret_post", got)
	}
	m = drive(t, m, keys("shift+tab", "shift+tab", "shift+tab")...)
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	if got := m.form.Provider().AuthMethod; got != providers.AuthPost {
		t.Errorf("a method chosen by hand changed with the secret: %q", got)
	}
	if s := screenText(m); strings.Contains(s, "auto") {
		t.Errorf("a method chosen by hand is still shown as auto:\n%s", s)
	}
}

// TestSettingsClientsBackAndForth: cycling through the ready-made clients
// and back to the one prefilled gives its prefilled settings back, even
// when the client's own list of scopes is longer (demo-service may ask for
// api.read and api.write; the flow's default asks for api.read).
func TestSettingsClientsBackAndForth(t *testing.T) {
	m := drive(t, newTestModel(testConfig(1200)), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, keys("enter", "enter")...)
	before := m.form.Provider()
	m = drive(t, m, press("ctrl+n"))
	if got := m.form.Provider().ClientID; got != "demo-service-post" {
		t.Fatalf("ctrl+n picked %q", got)
	}
	// demo-secret-jwt, demo-jwt-client, the two mTLS clients, then the
	// first again.
	m = drive(t, m, press("ctrl+n"), press("ctrl+n"), press("ctrl+n"), press("ctrl+n"), press("ctrl+n"))
	after := m.form.Provider()
	if after.ClientID != before.ClientID || after.ScopeString() != before.ScopeString() || after.ClientSecret != before.ClientSecret || after.AuthMethod != before.AuthMethod {
		t.Errorf("back to %s: scope %q, auth %s; want the prefilled scope %q, auth %s",
			after.ClientID, after.ScopeString(), after.AuthMethod, before.ScopeString(), before.AuthMethod)
	}
	m = drive(t, m, keys("left", "right")...)
	if got := m.form.Provider().ScopeString(); got != before.ScopeString() {
		t.Errorf("←/→ back to %s: scope %q, want %q", before.ClientID, got, before.ScopeString())
	}
}
