package ui

import (
	"errors"
	"slices"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// What the settings form checks before a run starts, in its own words.

// validate checks the settings as the run will use them
// (flows.CheckSettings: a flow that finds its server needs no issuer, a
// run that gets its client itself no client id), in the form's words.
func (f settingsForm) validate(p providers.Provider) error {
	if err := flows.CheckSettings(p, f.findsServer, f.grant.values()); err != nil {
		return errors.New(tuiWords{toSettings: "above"}.phrase(err.Error()))
	}
	return nil
}

// requireLocators makes the inputs a grant finds its server from
// (flows.Input.Locator) required: a provider that names no server
// (ProviderChoice.NoServer) gives them nothing to default to.
func requireLocators(decl []flows.Input) []flows.Input {
	decl = slices.Clone(decl)
	for i := range decl {
		decl[i].Required = decl[i].Required || decl[i].Locator
	}
	return decl
}

// group returns the rows of grant inputs that fl belongs to: the grant's,
// the auth method's or the advanced ones; nil for the form's own rows.
func (f *settingsForm) group(fl field) *grantInputs {
	for _, g := range []*grantInputs{&f.grant, &f.method, &f.advanced} {
		if g.index(fl) >= 0 {
			return g
		}
	}
	return nil
}
