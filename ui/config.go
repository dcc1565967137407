package ui

import (
	"context"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// ProviderChoice is an entry of the provider picker.
type ProviderChoice struct {
	Name        string
	Description string
	// Prepare makes the provider ready and returns its settings for the
	// given flow (e.g. the demo provider starts its server and returns the
	// demo client suited to the flow). It may be slow: the UI calls it from
	// a tea.Cmd and shows progress. It is called at most once per choice;
	// later flows call Defaults.
	Prepare func(ctx context.Context) error
	// PrepareMessage is shown with a spinner while Prepare runs, e.g.
	// "Starting the demo provider…"; empty shows "Preparing <Name>…".
	PrepareMessage string
	// Defaults returns the settings to prefill the form with for a flow.
	Defaults func(flowID string) providers.Provider
	// Clients lists the clients a user can pick from (the demo's); may be empty.
	Clients []ClientChoice
	// Close releases what Prepare started; may be nil.
	Close func() error
}

// ClientChoice is a ready-made client of a provider (the demo clients).
type ClientChoice struct {
	ID, Secret, AuthMethod, Description string
	Scopes                              []string
	// Flows lists the flow IDs this client can run.
	Flows []string
}

// FlowChoice is an entry of the flow picker.
type FlowChoice struct {
	ID          string // e.g. "client-credentials"
	Name        string
	Description string
	New         func(p providers.Provider, opts flows.Options) flows.Flow
}

// Config is everything the TUI needs, wired by main.
type Config struct {
	Providers []ProviderChoice
	Flows     []FlowChoice
	Options   flows.Options
	// Reveal starts with secrets shown.
	Reveal bool
	// Warnings are short texts shown as badges in the step view's header
	// for settings that make the session unsafe, e.g. "TLS NOT VERIFIED"
	// for --insecure.
	Warnings []string
	// Preselect names a provider to skip the picker with (from --provider
	// or --issuer); empty shows the picker.
	Preselect string
	Version   string
}
