package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

var ctrlT = tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}

// demoChoiceFor is the demo at srv as a provider entry named name whose
// settings use client, with the demo's clients ready-made.
func demoChoiceFor(srv *demo.Server, name, client string) ProviderChoice {
	c, _ := demo.ClientByID(client)
	var clients []ClientChoice
	for _, dc := range demo.Clients() {
		clients = append(clients, ClientChoice{ID: dc.ID, Secret: dc.Secret, AuthMethod: dc.AuthMethod})
	}
	return ProviderChoice{Name: name, Clients: clients, Defaults: func(string) providers.Provider {
		return providers.Provider{Name: name, Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret,
			AuthMethod: c.AuthMethod, Scopes: []string{"api.read"}}
	}}
}

// demoServiceToken is an access token of the demo's service client.
func demoServiceToken(t *testing.T, srv *demo.Server) string {
	t.Helper()
	c, _ := demo.ClientByID("demo-service")
	f := flows.NewClientCredentials(providers.Provider{Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret,
		AuthMethod: c.AuthMethod, Scopes: []string{"api.read"}}, flows.Options{})
	defer f.Close()
	for !f.Done() {
		if r := f.Next(context.Background()); r.Tokens != nil && r.Tokens.AccessToken != "" {
			return r.Tokens.AccessToken
		}
	}
	t.Fatal("no token from the demo")
	return ""
}

// TestDecoderActions pastes a demo access token into the decoder and acts
// on it: ctrl+t shows the actions at the one provider whose issuer is the
// token's; introspection runs in the step view (active), esc comes back
// to the decoder with the token still there; then revocation, and
// introspection again (inactive). The hint sent is access_token: the
// token reads as one.
func TestDecoderActions(t *testing.T) {
	srv := demotest.Start(t)
	tok := demoServiceToken(t, srv)
	cfg := Config{Providers: []ProviderChoice{
		{Name: "elsewhere", Defaults: func(string) providers.Provider {
			return providers.Provider{Name: "elsewhere", Issuer: "https://login.example.com"}
		}},
		demoChoiceFor(srv, "demo", "demo-confidential"),
	}}
	m := atDecoder(t, cfg, 80, 24)
	m = drive(t, m, tea.PasteMsg{Content: tok})
	if s := screenText(m); !strings.Contains(s, "ctrl+t act on token") {
		t.Errorf("the decoder's footer does not offer the actions:\n%s", s)
	}
	m = drive(t, m, ctrlT)
	s := screenText(m)
	for _, want := range []string{"Act on this token", "Provider demo", "token_type_hint access_token", "  i  Token introspection"} {
		if !strings.Contains(s, want) {
			t.Errorf("the chooser lacks %q:\n%s", want, s)
		}
	}
	requireFits(t, s, 80, 24)
	act := func(id, want string) {
		t.Helper()
		a, k := actionKeyOf(t, m.steps, id)
		if m.screen != screenDecode || m.decode.mode != decodeChoosing {
			m = drive(t, m, ctrlT)
		}
		m = drive(t, m, k)
		v := m.steps
		if m.screen != screenSteps || v.flowName != a.Name || !v.fromDecoder {
			t.Fatalf("%s: screen %d, run %q", id, m.screen, v.flowName)
		}
		if v.target.Token != tok || v.target.Hint != flows.HintAccessToken || v.settings.ClientID != "demo-service" {
			t.Errorf("%s: target %+v, client %s; want the token, hinted access_token, with the client it names", id, v.target, v.settings.ClientID)
		}
		for i, st := range v.status {
			if st != flows.Done {
				t.Errorf("%s, step %s: %v\n%s", id, v.steps[i].ID, st, screenText(m))
			}
		}
		if want != "" {
			m = drive(t, m, press("3"))
			if got := strings.Join(m.steps.tabContent(), "\n"); !strings.Contains(got, want) {
				t.Errorf("%s: Response tab lacks %s:\n%s", id, want, got)
			}
		}
		if s := screenText(m); !strings.Contains(s, "esc back to the decoder") {
			t.Errorf("the footer does not say esc goes back to the decoder:\n%s", s)
		}
		requireFits(t, screenText(m), 80, 24)
		m = drive(t, m, press("esc"))
		if m.screen != screenDecode || m.decode.mode != decodeEditing || m.decode.token.Value() != tok || m.steps.fromDecoder {
			t.Fatalf("esc after %s: screen %d, mode %d; want the decoder with the token", id, m.screen, m.decode.mode)
		}
		if s := screenText(m); !strings.Contains(s, "JWS: a signed JWT") {
			t.Errorf("back on the decoder, the token is not shown decoded:\n%s", s)
		}
	}
	act(flows.ActionIntrospect, `"active": true`)
	act(flows.ActionRevoke, "")
	act(flows.ActionIntrospect, `"active": false`)
}

// TestDecoderActionsChooseProvider: with no provider of the token's
// issuer, or several, the chooser lists them all to pick from with ↑/↓;
// esc closes it, and the inputs have the letters again.
func TestDecoderActionsChooseProvider(t *testing.T) {
	srv := demotest.Start(t)
	tok := demoServiceToken(t, srv)
	for _, tc := range []struct {
		name      string
		providers []ProviderChoice
		says      string
		cursor    int
	}{
		{"none", []ProviderChoice{{Name: "elsewhere", Defaults: func(string) providers.Provider {
			return providers.Provider{Issuer: "https://login.example.com"}
		}}}, "No configured provider has the token's issuer", 0},
		{"several", []ProviderChoice{demoChoiceFor(srv, "one", "demo-service"), demoChoiceFor(srv, "two", "demo-service-post")},
			"Several providers have the token's issuer", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := atDecoder(t, Config{Providers: tc.providers}, 80, 24)
			m = drive(t, m, tea.PasteMsg{Content: tok}, ctrlT, press("down"))
			s := screenText(m)
			if !strings.Contains(s, tc.says) || !strings.Contains(s, "↑/↓ provider") {
				t.Errorf("the chooser does not ask for a provider:\n%s", s)
			}
			for _, pc := range tc.providers {
				if !strings.Contains(s, pc.Name) {
					t.Errorf("the chooser does not list %s:\n%s", pc.Name, s)
				}
			}
			if m.decode.cursor != tc.cursor {
				t.Errorf("cursor %d after ↓, want %d", m.decode.cursor, tc.cursor)
			}
			m = drive(t, m, press("esc"), press("i"))
			if m.screen != screenDecode || m.decode.mode != decodeEditing || !strings.HasSuffix(m.decode.token.Value(), "i") {
				t.Errorf("esc then i: screen %d, mode %d; want i typed into the token", m.screen, m.decode.mode)
			}
		})
	}
}
