package ui

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestSettingsValidateWords: the settings form says what is missing in
// its own words (the field, not a command-line flag), and does not ask
// for a client id that the run gets itself: with Register on, with a
// Client ID URL, or for a flow that finds its server.
func TestSettingsValidateWords(t *testing.T) {
	var f settingsForm
	f.grant = newGrantInputs(flows.ClientOptions())
	err := f.validate(providers.Provider{Issuer: "https://id.example.com", AuthMethod: providers.AuthNone})
	if err == nil || !strings.Contains(err.Error(), "Client ID (above)") || strings.Contains(err.Error(), "--") {
		t.Errorf("no client id: %v", err)
	}
	err = f.validate(providers.Provider{Issuer: "https://id.example.com", ClientID: "app", AuthMethod: providers.AuthBasic})
	if err == nil || !strings.Contains(err.Error(), "Client secret (above)") || strings.Contains(err.Error(), "--") {
		t.Errorf("no secret: %v", err)
	}
	for i, in := range f.grant.decl {
		if in.Name == flows.InputRegister {
			f.grant.models[i].SetValue(flows.RegisterOn)
		}
	}
	if err := f.validate(providers.Provider{Issuer: "https://id.example.com"}); err != nil {
		t.Errorf("Register on still asks for a client: %v", err)
	}
	g := settingsForm{findsServer: true, noServer: true}
	g.grant = newGrantInputs(nil)
	if err := g.validate(providers.Provider{}); err != nil {
		t.Errorf("a flow that finds its server asks for an issuer or a client: %v", err)
	}
}
