package ui

import (
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The settings form's ready-made clients (ProviderChoice.Clients): which
// one is typed, and filling the form with one.

// client returns the index in f.clients of the client whose ID is typed,
// or -1.
func (f settingsForm) client() int {
	id := f.inputs[0].Value()
	return slices.IndexFunc(f.clients, func(c ClientChoice) bool { return c.ID == id })
}

// pickClient fills the form with the settings of client i; the client
// the form was prefilled with gets those settings back, so that cycling
// through the clients returns to what was prefilled.
func (f settingsForm) pickClient(i int) settingsForm {
	c := f.clients[i]
	secret, scopes, auth := c.Secret, strings.Join(c.Scopes, " "), c.AuthMethod
	if c.ID == f.base.ClientID {
		secret, scopes, auth = f.base.ClientSecret, f.base.ScopeString(), f.base.AuthMethod
	}
	f.inputs = slices.Clone(f.inputs)
	f.inputs[0].SetValue(c.ID)
	// SetValue keeps the cursor where it was, inside a longer id.
	f.inputs[0].CursorEnd()
	f.inputs[1].SetValue(secret)
	f.inputs[2].SetValue(scopes)
	f.autoAuth = auth == ""
	if a := slices.Index(providers.AuthMethods, auth); a >= 0 {
		f.auth = a
	}
	f.clientKey = ""
	if c.Key != nil {
		f.clientKey = c.Key()
	}
	vals := flows.Inputs{}
	if f.clientKey != "" {
		vals[flows.InputClientKey] = flows.KeyInMemory
	}
	f.err = nil
	return f.methodRows(vals)
}
