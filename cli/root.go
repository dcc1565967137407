// Package cli defines oauth-explorer's command line: the TUI (the root
// command) and the non-interactive commands. It parses flags, wires the
// providers and flows together and renders their results as text.
package cli

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// providerFlags are the flags that choose and configure a provider, shared by
// the TUI and the token command.
type providerFlags struct {
	provider     string
	issuer       string
	tokenURL     string
	authURL      string
	jwksURL      string
	userinfoURL  string
	clientID     string
	clientSecret string
	authMethod   string
	scopes       []string
	audience     string
	resource     string
	params       []string
	timeout      time.Duration
	reveal       bool

	redirectURI     string
	apiURL          string
	prompt          string
	loginHint       string
	maxAge          string
	authParams      []string
	callbackTimeout time.Duration

	// authInputs are the flags of the client authentication methods'
	// inputs (flows.AuthInputs), by input name.
	authInputs map[string]*string

	config  string
	presets presetFlags
	tls     tlsFlags
	ascii   bool
}

func (f *providerFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.provider, "provider", "", `provider to use: "demo" (the embedded demo provider), a preset (see 'oauth-explorer providers') or a name from the providers file; default: demo, or the --issuer given`)
	fl.StringVar(&f.config, "config", "", "providers file (default $XDG_CONFIG_HOME/oauth-explorer/providers.toml)")
	f.presets.register(cmd)
	f.tls.register(cmd)
	fl.StringVar(&f.issuer, "issuer", "", "issuer URL of any OAuth 2.0 / OpenID provider (discovery starts here)")
	fl.StringVar(&f.tokenURL, "token-url", "", "token endpoint, overriding discovery (or replacing it when there is no --issuer)")
	fl.StringVar(&f.authURL, "authorization-url", "", "authorization endpoint, overriding discovery (or replacing it when there is no --issuer)")
	fl.StringVar(&f.jwksURL, "jwks-url", "", "JWK Set URL with the signing keys, overriding discovery (or replacing it when there is no --issuer)")
	fl.StringVar(&f.userinfoURL, "userinfo-url", "", "userinfo endpoint, overriding discovery (or replacing it when there is no --issuer)")
	fl.StringVar(&f.clientID, "client-id", "", "client id (demo: the demo client suited to the flow)")
	fl.StringVar(&f.clientSecret, "client-secret", "", "client secret; prefer $OAUTH_EXPLORER_CLIENT_SECRET, which stays out of your shell history and ps")
	fl.StringVar(&f.authMethod, "auth-method", "", "client authentication: "+strings.Join(providers.AuthMethods, ", ")+" (default: from the server's token_endpoint_auth_methods_supported and the credentials given: a key, a secret or none)")
	f.authInputs = map[string]*string{}
	for _, in := range flows.AuthInputs() {
		f.authInputs[in.Name] = fl.String(in.Flag, in.Default, in.Help)
	}
	fl.StringSliceVar(&f.scopes, "scope", nil, `scopes to request, comma or space separated (e.g. --scope "api.read api.write")`)
	fl.StringVar(&f.audience, "audience", "", `"audience" parameter (Auth0 and others: which API the token is for)`)
	fl.StringVar(&f.resource, "resource", "", `"resource" parameter (RFC 8707 resource indicator)`)
	fl.StringArrayVar(&f.params, "param", nil, "extra token request parameter as name=value (repeatable)")
	timeoutVar(fl, &f.timeout, "timeout", flows.DefaultTimeout, "time limit for each HTTP exchange, from the request to the last byte of the answer")
	fl.BoolVar(&f.reveal, "reveal", false, "show secrets and tokens in clear (masked by default)")
	fl.Var(redirectURIFlag{&f.redirectURI}, "redirect-uri", "exact redirect URI registered for the client, e.g. http://127.0.0.1:8400/callback (default: a free loopback port, RFC 8252 §7.3)")
	fl.StringVar(&f.apiURL, "api-url", "", "API to call with the access token (demo: its /api/whoami)")
	fl.StringVar(&f.prompt, "prompt", "", "prompt parameter: login, consent, select_account or none")
	fl.StringVar(&f.loginHint, "login-hint", "", "login_hint parameter: prefills the user name")
	fl.StringVar(&f.maxAge, "max-age", "", "max_age parameter: seconds since the last login before the user must log in again")
	fl.StringArrayVar(&f.authParams, "auth-param", nil, "extra authorization request parameter as name=value (repeatable)")
	timeoutVar(fl, &f.callbackTimeout, "callback-timeout", flows.DefaultCallbackTimeout, "how long to wait for the browser's callback (more than 0)")
}

// apply sets the authorization-code settings of the flags on p.
func (f *providerFlags) apply(p *providers.Provider) error {
	if f.redirectURI != "" {
		p.RedirectURI = f.redirectURI
	}
	if f.apiURL != "" {
		p.APIURL = f.apiURL
	}
	ap, err := parseParams("auth-param", f.authParams)
	if err != nil {
		return err
	}
	for name, v := range map[string]string{"prompt": f.prompt, "login_hint": f.loginHint, "max_age": f.maxAge} {
		if v != "" {
			if ap == nil {
				ap = url.Values{}
			}
			ap.Set(name, v)
		}
	}
	// Merge over what the preset or file set (Google's access_type, say).
	for k, vs := range ap {
		if p.AuthParams == nil {
			p.AuthParams = url.Values{}
		}
		p.AuthParams[k] = vs
	}
	return nil
}

// configured builds a preset or a provider of the providers file named by
// --provider, with the flags over its settings. A secret on the command
// line wins, and then the file's secret command is not run.
func (f *providerFlags) configured(ctx context.Context, cmd *cobra.Command, file *providers.File) (providers.Provider, error) {
	fields := f.presets.fields(cmd)
	var p providers.Provider
	var err error
	if s := f.secret(); s != "" {
		p, err = providers.Lookup(f.provider, file, fields)
		p.ClientSecret = s
	} else {
		p, err = providers.Resolve(ctx, f.provider, file, fields)
	}
	if err != nil {
		return p, err
	}
	if cmd.Flags().Changed("client-id") {
		p.ClientID = f.clientID
	}
	if !cmd.Flags().Changed("auth-method") && p.AuthMethod == providers.AuthNone && p.ClientSecret != "" {
		p.AuthMethod = ""
	}
	if err := f.overlay(cmd, &p); err != nil {
		return p, err
	}
	p.DefaultAuthMethod()
	return p, nil
}

// overlay puts the flags the user gave over a provider's settings (from the
// demo, a preset or the providers file): what was not given keeps its value;
// --param values join the provider's token parameters.
func (f *providerFlags) overlay(cmd *cobra.Command, p *providers.Provider) error {
	fl := cmd.Flags()
	if fl.Changed("auth-method") {
		p.AuthMethod, p.AuthAuto = f.authMethod, false
	}
	flows.ApplyAuthInputs(p, f.authValues(cmd))
	if fl.Changed("scope") {
		p.Scopes = splitScopes(f.scopes)
	}
	for _, e := range f.endpoints(p) {
		if fl.Changed(e.flag) {
			*e.dst = e.val
		}
	}
	if f.audience != "" {
		p.Audience = f.audience
	}
	if f.resource != "" {
		p.Resource = f.resource
	}
	params, err := parseParams("param", f.params)
	if err != nil {
		return err
	}
	for k, vs := range params {
		if p.TokenParams == nil {
			p.TokenParams = url.Values{}
		}
		p.TokenParams[k] = vs
	}
	return f.apply(p)
}

// endpointFlags names the flags that give endpoints by hand.
var endpointFlags = []string{"token-url", "authorization-url", "jwks-url", "userinfo-url"}

// endpoint is an endpoint flag's value and where it goes in a provider.
type endpoint struct {
	flag, val string
	dst       *string
}

// endpoints pairs the endpoint flags with p's fields, as the providers
// file's authorization_url, token_url, jwks_url and userinfo_url are: they
// override what discovery finds, or stand in for it without an issuer.
func (f *providerFlags) endpoints(p *providers.Provider) []endpoint {
	return []endpoint{
		{"token-url", f.tokenURL, &p.TokenURL},
		{"authorization-url", f.authURL, &p.AuthURL},
		{"jwks-url", f.jwksURL, &p.JWKSURL},
		{"userinfo-url", f.userinfoURL, &p.UserinfoURL},
	}
}

// custom builds the ad-hoc provider from the flags, or reports that none was
// asked for: --issuer, or endpoints given by hand without --provider (with
// --provider they override its endpoints). Without --auth-method its AuthMethod is
// empty: the token command applies providers.DefaultAuthMethod, and the
// TUI's settings form applies it to the secret as typed.
func (f *providerFlags) custom(cmd *cobra.Command) (providers.Provider, bool, error) {
	if err := refuseEmpty(cmd, append([]string{"issuer"}, endpointFlags...)...); err != nil {
		return providers.Provider{}, false, err
	}
	byHand := false
	for _, name := range endpointFlags {
		byHand = byHand || cmd.Flags().Changed(name)
	}
	// Refused here, before a TUI opens or a demo starts, in the flag's
	// words.
	for _, e := range append(f.endpoints(&providers.Provider{}), endpoint{flag: "issuer", val: strings.TrimSpace(f.issuer)}) {
		if err := providers.CheckURL(e.flag, e.val); err != nil {
			return providers.Provider{}, false, err
		}
	}
	named := f.provider != "" && f.provider != "custom"
	if f.issuer == "" && (!byHand || named) {
		return providers.Provider{}, false, nil
	}
	p, err := f.fromFlags(cmd)
	return p, true, err
}

// fromFlags builds the ad-hoc provider from the flags, with or without an
// issuer.
func (f *providerFlags) fromFlags(cmd *cobra.Command) (providers.Provider, error) {
	p := providers.Provider{
		Name:         "custom",
		Issuer:       strings.TrimSpace(f.issuer),
		ClientID:     f.clientID,
		ClientSecret: f.secret(),
		Audience:     f.audience,
		Resource:     f.resource,
		Scopes:       splitScopes(f.scopes),
		AuthMethod:   f.authMethod,
	}
	flows.ApplyAuthInputs(&p, f.authValues(cmd))
	params, err := parseParams("param", f.params)
	if err != nil {
		return p, err
	}
	p.TokenParams = params
	for _, e := range f.endpoints(&p) {
		*e.dst = e.val
	}
	return p, f.apply(&p)
}

// authValues returns the values of the auth method flags the user gave.
func (f *providerFlags) authValues(cmd *cobra.Command) flows.Inputs {
	vals := flows.Inputs{}
	for _, in := range flows.AuthInputs() {
		if cmd.Flags().Changed(in.Flag) {
			vals[in.Name] = strings.TrimSpace(*f.authInputs[in.Name])
		}
	}
	return vals
}

// clientSecretEnv is the environment variable the client secret is read
// from when --client-secret is not given.
const clientSecretEnv = "OAUTH_EXPLORER_CLIENT_SECRET"

func (f *providerFlags) secret() string {
	if f.clientSecret != "" {
		return f.clientSecret
	}
	return os.Getenv(clientSecretEnv)
}

func (f *providerFlags) options() (flows.Options, error) {
	tr, err := f.tls.transport()
	if err != nil {
		return flows.Options{}, err
	}
	return flows.Options{Timeout: f.timeout, CallbackTimeout: f.callbackTimeout, Transport: tr}, nil
}

func splitScopes(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, strings.Fields(s)...)
	}
	return out
}

// NewRoot builds the whole command tree. The TUI starts from its RunE;
// nothing is started for --version or --help.
func NewRoot(version string, st Streams) *cobra.Command {
	root := newRootCmd(version, st, true)
	for _, sub := range subcommands(version, st) {
		root.AddCommand(sub.build())
	}
	return root
}

// newRootCmd is the root command alone, with no subcommands, and with the
// TUI's flags when tui is set.
func newRootCmd(version string, st Streams, tui bool) *cobra.Command {
	var pf providerFlags
	var verbose bool
	root := &cobra.Command{
		Use:   "oauth-explorer",
		Short: "Explore OAuth 2.0 and OpenID Connect flows, one visible HTTP exchange at a time",
		Long: `oauth-explorer steps you through OAuth 2.0 and OpenID Connect flows against a
provider you choose and shows, at every step, the HTTP request sent, the
response received, the token response and the decoded, verified JWT claims.

With no flags it opens the terminal UI on the embedded demo provider: an
OpenID provider that runs inside this program on 127.0.0.1, so no account or
setup is needed.

The commands below take -v for verbose output (every exchange on stderr);
the version is --version.
`,
		Example: `  oauth-explorer             # the TUI on the demo provider
  oauth-explorer --issuer https://id.example.com --client-id app
  oauth-explorer token --provider demo --output access-token
  oauth-explorer decode "$TOKEN" --issuer https://id.example.com
  oauth-explorer providers --check entra --tenant contoso.onmicrosoft.com
  oauth-explorer demo-server --addr 127.0.0.1:9000`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if verbose {
				return errVerboseTUI
			}
			return runTUI(cmd.Context(), cmd, &pf, version)
		},
	}
	lazyLong(root, func() string { return "\n" + demoClientsHelp() })
	root.SetFlagErrorFunc(flagError)
	root.SetIn(st.In)
	root.SetOut(st.Out)
	root.SetErr(st.Err)
	if tui {
		pf.register(root)
	}
	root.Flags().BoolVar(&pf.ascii, "ascii", false, asciiUsage)
	// -v means verbose on every command; cobra would otherwise make it
	// the version's shorthand here. Registered before cobra adds
	// --version, it leaves --version without one.
	root.Flags().BoolVarP(&verbose, "verbose", "v", false, "")
	_ = root.Flags().MarkHidden("verbose")
	root.Flags().Bool("version", false, "print the version and exit")
	return root
}

// asciiUsage is the help of --ascii (ui.Config.ASCII): the whole screen,
// not only the diagram.
const asciiUsage = "draw the whole screen in ASCII: boxes, arrows and the sequence diagram in ASCII stand-ins, other characters as ?, columns kept (default: ASCII when the locale is not UTF-8)"

// errVerboseTUI answers -v on the root command. The TUI shows every
// exchange already, so -v (verbose on the other commands) has nothing to
// add there; and whoever types it may well want the version, as -v gives
// in many tools: an error that says both is clearer than a TUI that opens.
var errVerboseTUI = errors.New("-v (verbose) is for the commands (token, decode, introspect, revoke, userinfo, providers, demo-server); the TUI shows every exchange already. For the version: oauth-explorer --version")
