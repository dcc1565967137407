package ui

import (
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// fakeRegistrar is a flow that registered a client.
type fakeRegistrar struct {
	flows.Flow
	p providers.Provider
}

func (f fakeRegistrar) RegisteredClient() (providers.Provider, *flows.Registration) {
	return f.p, &flows.Registration{ClientID: f.p.ClientID}
}

func TestRegisteredClientReused(t *testing.T) {
	rc := registeredClients{}
	kept := providers.Provider{ClientID: "dyn-1", ClientSecret: "s3cret-value-0123456789", AuthMethod: providers.AuthBasic, RedirectURI: "http://127.0.0.1:5000/callback"}
	rc.keep(stepView{provider: "demo", choice: FlowChoice{ID: "f"}, flow: fakeRegistrar{p: kept}})
	on := flows.Inputs{flows.InputRegister: flows.RegisterOn, flows.InputInitialAccessToken: "t"}

	p, in, ok := rc.reuse("demo", "f", providers.Provider{ClientID: "demo-public", AuthAuto: true}, on)
	if !ok || p.ClientID != "dyn-1" || p.ClientSecret != kept.ClientSecret || p.AuthMethod != providers.AuthBasic || p.AuthAuto || p.RedirectURI != kept.RedirectURI {
		t.Fatalf("reuse: %v %+v", ok, p)
	}
	if _, still := in[flows.InputRegister]; still || on[flows.InputRegister] != flows.RegisterOn {
		t.Errorf("inputs %v (given %v): registration must be off for the run, the form's values untouched", in, on)
	}
	for _, tc := range []struct {
		provider, flow string
		in             flows.Inputs
	}{{"other", "f", on}, {"demo", "g", on}, {"demo", "f", flows.Inputs{}}} {
		if _, _, ok := rc.reuse(tc.provider, tc.flow, providers.Provider{}, tc.in); ok {
			t.Errorf("%s/%s %v: reused", tc.provider, tc.flow, tc.in)
		}
	}
}
