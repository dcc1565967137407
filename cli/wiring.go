package cli

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// flowChoices lists the flows the TUI and the token command offer: the
// grants flows declares, in its order.
func flowChoices() []ui.FlowChoice {
	var out []ui.FlowChoice
	for _, g := range flows.Grants() {
		out = append(out, ui.FlowChoice{ID: g.ID, Name: g.Name, Description: g.Summary, New: g.New, Browser: g.Browser, Inputs: g.Inputs, Label: g.Label, FindsServer: g.FindsServer})
	}
	return out
}

func findFlow(id string) (ui.FlowChoice, error) {
	for _, f := range flowChoices() {
		if f.ID == id {
			return f, nil
		}
	}
	return ui.FlowChoice{}, fmt.Errorf("unknown flow %q for --flow: use one of %s", id, flows.GrantIDs(", "))
}

// grantsHelp lists the flows --flow takes, from flows' one list.
func grantsHelp() string {
	var b strings.Builder
	b.WriteString("Flows (--flow):\n")
	for _, g := range flows.Grants() {
		if g.Label != "" {
			fmt.Fprintf(&b, "  %s  [%s]\n", g.ID, g.Label)
		} else {
			fmt.Fprintf(&b, "  %s\n", g.ID)
		}
		line := "     "
		for _, w := range strings.Fields(g.Name + ": " + g.Summary) {
			if len(line)+1+len(w) > 78 {
				b.WriteString(line + "\n")
				line = "     "
			}
			line += " " + w
		}
		b.WriteString(line + "\n")
		b.WriteString(inputsHelp(slices.DeleteFunc(slices.Clone(g.Inputs), requestOption)))
	}
	b.WriteString("  request options (every flow with a token request)\n")
	b.WriteString(inputsHelp(flows.RequestOptions()))
	return b.String()
}

// demoClientFor returns the first demo client registered for the grant
// flowID runs (its grant type, as the demo's clients list them).
func demoClientFor(flowID string) demo.Client {
	g, _ := flows.GrantByID(flowID)
	for _, c := range demo.Clients() {
		if g.Suits(c.Grants) {
			return c
		}
	}
	return demo.Client{}
}

// demoClientFlows returns the flows a demo client may run.
func demoClientFlows(c demo.Client) []string {
	var ids []string
	for _, g := range flows.Grants() {
		if g.Suits(c.Grants) {
			ids = append(ids, g.ID)
		}
	}
	return ids
}

// demoDefaults returns the demo provider's settings for a flow.
func demoDefaults(issuer, flowID string) providers.Provider {
	return fromDemoClient(issuer, demoClientFor(flowID))
}

// fromDemoClient fills the settings for a demo client: a service client
// asks for api.read, a user-facing one for every scope it may have, so the
// flow shows an ID token, userinfo and a refresh.
func fromDemoClient(issuer string, c demo.Client) providers.Provider {
	scopes := c.Scopes
	if len(c.Scopes) > 0 && c.Scopes[0] == "api.read" {
		scopes = []string{"api.read"}
	}
	p := providers.Provider{
		Name:         "demo",
		Issuer:       issuer,
		ClientID:     c.ID,
		ClientSecret: c.Secret,
		AuthMethod:   c.AuthMethod,
		ClientKey:    c.KeyPEM(),
		Scopes:       scopes,
	}
	if providers.MutualTLS(c.AuthMethod) {
		// The demo CA issued the certificate of its mTLS listener, which
		// only the mTLS clients reach. Trusting it for the others would
		// give each of their flows a transport of its own (flows'
		// tlsTransport clones one to add a CA) and make the demo's PKI
		// at start-up for nothing.
		p.CACerts = demo.CACertPEM()
	}
	if issuer != "" {
		p.APIURL = issuer + "/api/whoami"
		p.MCPURL = issuer + demo.MCPPath
	}
	return p
}

// demoProvider returns the demo provider's settings for a flow with the
// flags over them, alike for the token command and the TUI: a known demo
// client named by --client-id brings its own settings, and --scope,
// --prompt, --login-hint, --auth-param, --param and the others apply as
// they do to any provider.
func (f *providerFlags) demoProvider(cmd *cobra.Command, issuer, flowID string) (providers.Provider, error) {
	p := demoDefaults(issuer, flowID)
	if cmd.Flags().Changed("client-id") {
		if c, known := demo.ClientByID(f.clientID); known {
			p = fromDemoClient(issuer, c)
		} else {
			p.ClientID, p.ClientSecret, p.ClientKey = f.clientID, "", ""
		}
	}
	if s := f.secret(); s != "" {
		p.ClientSecret = s
	}
	return p, f.overlay(cmd, &p)
}

// demoChoice is the embedded demo provider as a picker entry. Its server
// starts only when the user chooses it. settings returns its settings for
// a flow once its issuer is known.
func demoChoice(settings func(issuer, flowID string) providers.Provider) ui.ProviderChoice {
	var (
		mu  sync.Mutex
		srv *demo.Server
	)
	issuer := func() string {
		mu.Lock()
		defer mu.Unlock()
		if srv == nil {
			return ""
		}
		return srv.Issuer()
	}
	var clients []ui.ClientChoice
	for _, c := range demo.Clients() {
		// The scopes a client is prefilled with are the same whether it
		// is the flow's default or picked in the form.
		cc := ui.ClientChoice{ID: c.ID, Secret: c.Secret, Key: c.KeyPEM, AuthMethod: c.AuthMethod, Description: c.Description, Scopes: fromDemoClient("", c).Scopes}
		cc.Flows = demoClientFlows(c)
		clients = append(clients, cc)
	}
	return ui.ProviderChoice{
		Name:           "demo",
		Description:    "Embedded demo provider: an OpenID provider inside this program, on 127.0.0.1; no account needed",
		PrepareMessage: "Starting the demo provider…",
		Prepare: func(ctx context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			if srv != nil {
				return nil
			}
			s, err := demo.Start(context.WithoutCancel(ctx), demo.Options{})
			if err != nil {
				return fmt.Errorf("starting the demo provider: %w", err)
			}
			srv = s
			return nil
		},
		Defaults: func(flowID string) providers.Provider {
			mu.Lock()
			s := srv
			mu.Unlock()
			return withDemoMTLS(settings(issuer(), flowID), s)
		},
		Clients: clients,
		NoSave:  true,
		Close: func() error {
			mu.Lock()
			defer mu.Unlock()
			if srv == nil {
				return nil
			}
			err := srv.Close()
			srv = nil
			return err
		},
	}
}

// customChoice is the provider given with --issuer. Prepare reads the
// issuer's metadata: the flow picker then marks the grants it does not
// advertise (grantNote), and, unless the scopes were given (scopeGiven),
// each flow's scopes are prefilled from it (flows.DefaultScopes), with a
// note saying why.
func customChoice(p providers.Provider, scopeGiven bool, opts flows.Options) ui.ProviderChoice {
	desc := p.Issuer
	if desc == "" {
		desc = p.TokenURL
	}
	var (
		mu sync.Mutex
		md *providers.Metadata
	)
	c := ui.ProviderChoice{
		Name:           "custom",
		Description:    "From the command line: " + redact.Userinfo(desc),
		PrepareMessage: "Reading the metadata of " + redact.Userinfo(desc) + "…",
		Prepare: func(ctx context.Context) error {
			// A failure is the Discovery step's to show, with its
			// diagnosis: the settings form opens anyway.
			m := p.StaticMetadata()
			if p.Issuer != "" {
				m, _ = flows.ReadMetadata(ctx, p.Issuer, opts)
			}
			mu.Lock()
			defer mu.Unlock()
			md = m
			return nil
		},
		Defaults: func(string) providers.Provider { return p },
		FlowNote: func(flowID string) string {
			mu.Lock()
			defer mu.Unlock()
			return grantNote(md, flowID)
		},
	}
	if scopeGiven {
		return c
	}
	c.PrepareMessage = "Reading the metadata of " + redact.Userinfo(desc) + " for the default scopes…"
	defaults := func(flowID string) ([]string, string) {
		mu.Lock()
		defer mu.Unlock()
		return flows.DefaultScopes(md, flowID)
	}
	c.Defaults = func(flowID string) providers.Provider {
		q := p
		q.Scopes, _ = defaults(flowID)
		return q
	}
	c.Notes = func(flowID string) []string {
		if _, why := defaults(flowID); why != "" {
			return []string{why}
		}
		return nil
	}
	return c
}

// withGrantNotes returns c marking, in the flow picker, the grants its
// discovery document does not advertise, as customChoice does: its
// Prepare, after c's own (the demo starts there), reads the metadata of
// the issuer c's settings name, and its FlowNote is grantNote over them.
// The TUI applies it to every provider whose flows it shows (presets,
// providers-file entries, the demo; ui.Config.FlowNotes). A failed
// discovery marks nothing: the Discovery step shows it, with its
// diagnosis, when a flow runs.
func withGrantNotes(c ui.ProviderChoice, opts flows.Options) ui.ProviderChoice {
	if c.FlowNote != nil || c.Defaults == nil {
		return c
	}
	var (
		mu sync.Mutex
		md *providers.Metadata
	)
	prepare, defaults := c.Prepare, c.Defaults
	c.Prepare = func(ctx context.Context) error {
		if prepare != nil {
			if err := prepare(ctx); err != nil {
				return err
			}
		}
		issuer := defaults("").Issuer
		if issuer == "" {
			return nil
		}
		m, _ := flows.ReadMetadata(ctx, issuer, opts)
		mu.Lock()
		defer mu.Unlock()
		md = m
		return nil
	}
	if c.PrepareMessage == "" {
		c.PrepareMessage = "Reading the discovery document of " + c.Name + "…"
	}
	c.FlowNote = func(flowID string) string {
		mu.Lock()
		defer mu.Unlock()
		return grantNote(md, flowID)
	}
	return c
}

// grantNote is the flow picker's note on the grant flowID for a server
// described by md: whether its discovery document leaves the grant out.
func grantNote(md *providers.Metadata, flowID string) string {
	g, ok := flows.GrantByID(flowID)
	if !ok {
		return ""
	}
	if adv, known := g.AdvertisedBy(md); known && !adv {
		return "not advertised by this provider"
	}
	return ""
}

// parseParams reads name=value pairs given with flag.
func parseParams(flag string, in []string) (url.Values, error) {
	if len(in) == 0 {
		return nil, nil
	}
	v := url.Values{}
	for _, p := range in {
		name, val, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("--%s %q: write it as name=value", flag, p)
		}
		v.Add(name, val)
	}
	return v, nil
}

// demoClientsHelp lists the demo clients for --help. It reads a static
// table: nothing is started.
func demoClientsHelp() string {
	var b strings.Builder
	b.WriteString("Demo provider clients (published demo values):\n")
	for _, c := range demo.Clients() {
		// A line for the client and its credential, and its description
		// below: a 40-character secret and a description side by side
		// would not fit 80 columns.
		fmt.Fprintf(&b, "  %-18s %s\n", c.ID, demoCredential(c))
		for _, line := range wrapWords(c.Description, helpWidth-6) {
			fmt.Fprintf(&b, "      %s\n", line)
		}
	}
	return b.String()
}

// demoCredential says what demo client c authenticates with, alike in
// both lists of the demo clients (--help and demo-server's): its secret; a
// private key (private_key_jwt) or a certificate (RFC 8705), which the
// embedded demo holds and demo-server writes for other tools; or nothing,
// for a public client.
func demoCredential(c demo.Client) string {
	switch {
	case c.Secret != "":
		return c.Secret
	case providers.MutualTLS(c.AuthMethod):
		return "(certificate: demo-server --write-mtls)"
	case c.AuthMethod == providers.AuthPrivateKeyJWT || c.KeyPEM() != "":
		return "(private key: demo-server --write-client-key)"
	case c.AuthMethod == providers.AuthNone:
		return "(public: no secret)"
	}
	return "(" + c.AuthMethod + ")"
}
