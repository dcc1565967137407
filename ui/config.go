package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

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
	// An empty AuthMethod lets the form choose it from the secret as
	// typed (providers.DefaultAuthMethod) until the user picks one.
	Defaults func(flowID string) providers.Provider
	// Notes, when set, says how the defaults of a flow were chosen (e.g.
	// the scopes, from the discovery document), a sentence each; the
	// settings form shows them. May be nil.
	Notes func(flowID string) []string
	// FlowNote, when set, returns a short note the flow picker shows
	// beside a flow once the provider is prepared, e.g. that its
	// discovery document does not advertise the flow's grant type; ""
	// for none. The flow stays selectable. May be nil.
	FlowNote func(flowID string) string
	// Tour marks the guided tour's entry: choosing it runs the grants of
	// flows.Tour one after the other with this provider's defaults.
	Tour bool
	// NoServer tells that the choice names no authorization server (the
	// picker's "start from an API URL"): the flow picker offers only the
	// flows that find theirs (FlowChoice.FindsServer).
	NoServer bool
	// Clients lists the clients a user can pick from (the demo's); may be empty.
	Clients []ClientChoice
	// Close releases what Prepare started; may be nil.
	Close func() error
	// Fields are the preset fields the provider was built with (by
	// providers.PresetField.Name); they are written with it when it is
	// saved to the providers file.
	Fields map[string]string
	// NoSave keeps the settings form from offering to save the provider
	// to the providers file (the demo provider: its issuer changes every
	// run).
	NoSave bool
}

// ClientChoice is a ready-made client of a provider (the demo clients).
type ClientChoice struct {
	ID, Secret, AuthMethod, Description string
	// Key returns the client's private key in memory (PEM), for a
	// ready-made private_key_jwt or mTLS client (the demo's), "" for the
	// others; nil is "". It is called only when the client is chosen, so
	// that a key made in memory is not made at start-up.
	Key    func() string
	Scopes []string
	// Flows lists the flow IDs this client can run.
	Flows []string
}

// FlowChoice is an entry of the flow picker.
type FlowChoice struct {
	ID          string // e.g. "client-credentials"
	Name        string
	Description string
	New         func(p providers.Provider, opts flows.Options) flows.Flow
	// Browser tells that the flow sends the user to the browser and back
	// to a redirect URI, which the settings form then asks for.
	Browser bool
	// Inputs are the values the flow needs beyond the provider's
	// settings (flows.Grant.Inputs): the settings form shows a row each.
	Inputs []flows.Input
	// Label is a word the picker shows beside the name (flows.Grant.Label,
	// e.g. "legacy"); empty for none.
	Label string
	// FindsServer tells that the flow finds its authorization server
	// itself (flows.Grant.FindsServer), so it runs for a provider that
	// names none (ProviderChoice.NoServer).
	FindsServer bool
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
	// or --issuer); empty shows the picker. A preset's name opens its
	// form, prefilled with PresetFields.
	Preselect string
	// PresetFields are preset fields given on the command line (--tenant),
	// by providers.PresetField.Name.
	PresetFields map[string]string
	// ProvidersFile is the user's providers file: its entries are listed
	// in the picker with their problems, and providers added in the TUI
	// are saved to its Path. Nil leaves them out and disables saving.
	ProvidersFile *providers.File
	// ProvidersFileErr is why the providers file could not be read (a
	// *providers.SyntaxError); the picker shows it.
	ProvidersFileErr error
	// FlowNotes, when set, returns a provider entry with a FlowNote (and
	// the Prepare it needs, e.g. reading the discovery document): the
	// TUI applies it to each entry without one when it shows its flows,
	// whatever the entry's kind (the demo, a preset, a providers-file
	// entry, one added here). Nil leaves the entries as they are.
	FlowNotes func(ProviderChoice) ProviderChoice
	// Presets are listed in the picker (providers.Presets()).
	Presets []providers.Preset
	Version string
	// Location is the time zone claims are shown in beside UTC; nil means
	// time.Local. Tests fix it so that their screens do not depend on the
	// machine.
	Location *time.Location
	// ASCII draws the whole screen with ASCII characters only. It is
	// also chosen when the locale the program starts in (LC_ALL, else
	// LC_CTYPE, else LANG) is set and names no UTF-8 character set, e.g.
	// LANG=C or LANG=en_US.ISO-8859-1.
	ASCII bool
	// After schedules a message fn makes d from now: the once-a-second
	// tick of a countdown, the expiry of a status message. Nil means
	// tea.Tick. Tests pass one that never fires and send those messages
	// themselves, so that no test waits on the wall clock.
	After func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
	// StillCursor keeps text fields' cursors from blinking: each blink is
	// a timer, which tests do without.
	StillCursor bool
	// LocalClipboard copies text to this machine's clipboard, besides the
	// terminal's (OSC 52); nil copies through OSC 52 only (tests).
	LocalClipboard func(string) error
	// ExportDir is the directory the export menu (e) writes files to;
	// "" is the current directory.
	ExportDir string
}
