package cli

import (
	"errors"
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

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
