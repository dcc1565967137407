package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// validateClient checks p's settings for a run of g with inputs
// (flows.CheckSettings).
func validateClient(p providers.Provider, g flows.Grant, inputs flows.Inputs) error {
	return flows.CheckSettings(p, g.FindsServer, inputs)
}

// saveFlags declares --save-client and --save-secret.
func (o *tokenOpts) saveFlags(fl *pflag.FlagSet) {
	fl.StringVar(&o.saveClient, "save-client", "", "with --register on: save the registered client to the providers file as this provider name (mode 0600)")
	fl.BoolVar(&o.saveSecret, "save-secret", false, "with --save-client: write the registered client_secret into the file too (off: it is left out)")
}

// checkSave refuses, before anything is sent, a --save-client without
// registration and a --save-secret without --save-client.
func (o *tokenOpts) checkSave(inputs flows.Inputs) error {
	switch {
	case o.saveClient != "" && inputs[flows.InputRegister] != flows.RegisterOn:
		return errors.New("--save-client saves the client the run registers: add --register on")
	case o.saveSecret && o.saveClient == "":
		return errors.New("--save-secret goes with --save-client NAME")
	}
	return nil
}

// saveRegisteredClient writes the client the run registered (RFC 7591) to
// the providers file as the provider name, mode 0600 (providers.Save). Its
// secret is written only with includeSecret, the user's explicit yes;
// otherwise the file says how to give it.
func saveRegisteredClient(st Streams, f flows.Flow, configPath, name string, includeSecret bool) error {
	rg, ok := f.(flows.Registrar)
	var p providers.Provider
	var reg *flows.Registration
	if ok {
		p, reg = rg.RegisteredClient()
	}
	if reg == nil {
		return errors.New("--save-client: the run registered no client; add --register on")
	}
	path := configPath
	if path == "" {
		var err error
		if path, err = providers.DefaultPath(); err != nil {
			return fmt.Errorf("--save-client: %w", err)
		}
	}
	// Save creates the file when there is none yet.
	if err := providers.Save(path, providers.EntryFor(name, p, nil), providers.SaveOptions{IncludeSecret: includeSecret}); err != nil {
		return fmt.Errorf("--save-client: %w", err)
	}
	what := "without its secret (--save-secret writes it)"
	switch {
	case reg.ClientSecret == "":
		what = "a public client, no secret"
	case includeSecret:
		what = "with its secret"
	}
	printLine(st.Err, "note: saved the registered client %s as provider %s in %s (mode 0600), %s", reg.ClientID, name, path, what)
	if p.Name == "demo" {
		printLine(st.Err, "note: the demo provider forgets its registered clients, and its port, when it stops")
	}
	return nil
}
