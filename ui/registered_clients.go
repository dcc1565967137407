package ui

import (
	"maps"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// registeredClients are the clients the runs of this session registered
// (RFC 7591), by provider name and flow: a later run of the same flow with
// the same provider reuses the client instead of registering another. They
// live as long as the program; nothing is written.
type registeredClients map[string]providers.Provider

func clientKey(provider, flowID string) string { return provider + "\x00" + flowID }

// keep records the client v's run registered, if it registered one.
func (rc registeredClients) keep(v stepView) {
	rg, ok := v.flow.(flows.Registrar)
	if !ok {
		return
	}
	if p, reg := rg.RegisteredClient(); reg != nil {
		rc[clientKey(v.provider, v.choice.ID)] = p
	}
}

// reuse returns the settings and inputs of a run that asks to register
// when a client registered earlier in the session can serve it: the
// settings then name that client (its id, secret, method and redirect
// URI) and registration is off. ok is false when nothing is reused.
func (rc registeredClients) reuse(provider, flowID string, p providers.Provider, in flows.Inputs) (providers.Provider, flows.Inputs, bool) {
	kept, found := rc[clientKey(provider, flowID)]
	if !found || in[flows.InputRegister] != flows.RegisterOn {
		return p, in, false
	}
	p.ClientID, p.ClientSecret, p.AuthMethod, p.AuthAuto = kept.ClientID, kept.ClientSecret, kept.AuthMethod, false
	p.ClientKey, p.ClientKeyFile, p.RedirectURI = "", "", kept.RedirectURI
	in = maps.Clone(in)
	delete(in, flows.InputRegister)
	delete(in, flows.InputInitialAccessToken)
	return p, in, true
}
