package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// tokenEnv names the environment variable the token actions read the token
// from when stdin is a terminal.
const tokenEnv = "OAUTH_EXPLORER_TOKEN"

type actionOpts struct {
	action flows.TokenAction
	pf     providerFlags
	// introspectionURL and revocationURL give the endpoints by hand.
	introspectionURL, revocationURL string
	hint                            string
	output                          string
	verbose, quiet                  bool
}

// flagsOffTopic are the provider flags a token action takes no part of:
// they choose what a grant asks for, and would clutter --help.
var flagsOffTopic = []string{"redirect-uri", "api-url", "prompt", "login-hint", "max-age", "auth-param",
	"callback-timeout", "scope", "audience", "resource", "param", "authorization-url", "jwks-url"}

func newTokenActionCmd(st Streams, a flows.TokenAction) *cobra.Command {
	o := &actionOpts{action: a}
	cmd := &cobra.Command{
		Use:     a.ID + " [-]",
		Short:   upperFirstWord(a.Summary),
		Long:    actionHelp(a),
		Example: actionExamples(a),
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 || len(args) == 1 && args[0] == "-" {
				return nil
			}
			return fmt.Errorf("%s takes no token as an argument (every user of this machine can read arguments with ps): pipe it on stdin, or set $%s", a.ID, tokenEnv)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTokenAction(cmd.Context(), cmd, o, args, st)
		},
	}
	o.pf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&o.introspectionURL, "introspection-url", "", "introspection endpoint (RFC 7662), overriding discovery (or replacing it when there is no --issuer)")
	fl.StringVar(&o.revocationURL, "revocation-url", "", "revocation endpoint (RFC 7009), overriding discovery (or replacing it when there is no --issuer)")
	if a.ClientAuth {
		fl.StringVar(&o.hint, "token-type-hint", "", "token_type_hint sent with the token: access_token or refresh_token (revoke: refresh_token also shows the revoked token refused at the token endpoint)")
	} else {
		_ = fl.MarkHidden("client-secret")
		_ = fl.MarkHidden("auth-method")
	}
	fl.StringVarP(&o.output, "output", "o", "text", "what to print: text (one member a line), json (the server's answer)")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "write every HTTP exchange to stderr (secrets and the token masked unless --reveal)")
	fl.BoolVarP(&o.quiet, "quiet", "q", false, `no "note:" lines on stderr (warnings and errors stay)`)
	for _, name := range flagsOffTopic {
		_ = fl.MarkHidden(name)
	}
	if a.ID != flows.ActionRevoke {
		_ = fl.MarkHidden("token-url")
	}
	return cmd
}

func upperFirstWord(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// actionHelp is the long help of a token action: paragraphs written
// unwrapped and wrapped here to helpWidth, so that what varies by action
// (its name, endpoint and flag) leaves the lines even.
func actionHelp(a flows.TokenAction) string {
	paras := []string{
		fmt.Sprintf("%s: %s.", a.Name, a.Summary),
		fmt.Sprintf(`The token is read from stdin ("-", or whenever stdin is not a terminal and not empty), or else from $%s; never from an argument, which ps shows to every user.`, tokenEnv),
	}
	steps := fmt.Sprintf("Steps: discovery (the issuer's metadata names the %s; give it by hand with --%s), then the call", a.Endpoint, a.Flag)
	if a.ID == flows.ActionRevoke {
		steps += `, then a check that the token is dead: the server answers 200 even for a token it never knew (RFC 7009 §2.2), so a refresh token (--token-type-hint refresh_token) is tried at the token endpoint, where it must be refused with invalid_grant, and any other token is introspected, where it must be active: false`
	}
	paras = append(paras, steps+".")
	switch {
	case a.ID == flows.ActionIntrospect:
		paras = append(paras, `The client authenticates as at the token endpoint, with --client-id, --auth-method and the secret in $`+clientSecretEnv+` (or --client-secret). Introspection is for resource servers: the server decides which callers may introspect which tokens (RFC 7662 §2.1, §4), and a public client never may. "active: false" is an answer, not an error: the token expired, was revoked, is unknown to this server, or belongs to a client this caller may not see; the server will not say which.`)
	case a.ClientAuth:
		paras = append(paras, `The client authenticates as at the token endpoint, with --client-id, --auth-method and the secret in $`+clientSecretEnv+` (or --client-secret). A server revokes only the tokens issued to the client that asks (RFC 7009 §2.1); a public client sends its client_id alone.`)
	default:
		paras = append(paras, `The access token is the only credential (a bearer token, RFC 6750 §2.1); it needs the openid scope, and a client credentials token has no user to describe.`)
	}
	paras = append(paras,
		`There is no embedded demo here: a token belongs to the server that issued it. Run 'oauth-explorer demo-server' and give its issuer with --issuer.`,
		`With -v, every HTTP exchange goes to stderr, the token and secrets masked unless --reveal. "warning:" and "note:" lines on stderr say what the answer means; on failure the command exits 1 with a diagnosis.`)
	for i, p := range paras {
		paras[i] = strings.Join(wrapWords(p, helpWidth), "\n")
	}
	return strings.Join(paras, "\n\n")
}

// helpWidth is the width the help's prose is wrapped to: 80 columns, less
// a margin for terminals that wrap at the last column.
const helpWidth = 78

// actionExamples are a token action's examples. The client secret comes
// from $OAUTH_EXPLORER_CLIENT_SECRET, as --help advises: an argument would
// show in ps and stay in the shell's history.
func actionExamples(a flows.TokenAction) string {
	switch a.ID {
	case flows.ActionIntrospect:
		return `  # a token from the demo server, introspected by the same service client
  # (demo-server lists demo-service's secret)
  oauth-explorer demo-server --addr 127.0.0.1:9000 &
  export ` + clientSecretEnv + `=...
  ISS=http://127.0.0.1:9000
  oauth-explorer token --issuer $ISS --client-id demo-service \
      --output access-token |
      oauth-explorer introspect --issuer $ISS --client-id demo-service

  # from a variable, the answer as JSON
  OAUTH_EXPLORER_TOKEN=$TOKEN oauth-explorer introspect --provider work \
      --output json`
	case flows.ActionRevoke:
		return `  ` + clientSecretEnv + `=... oauth-explorer revoke \
      --issuer http://127.0.0.1:9000 --client-id demo-service < token.txt
  # a refresh token: revoked, then shown refused at the token endpoint
  oauth-explorer revoke --provider work --token-type-hint refresh_token \
      < refresh.txt`
	}
	return `  oauth-explorer userinfo --issuer https://id.example.com < access-token.txt
  OAUTH_EXPLORER_TOKEN=$TOKEN oauth-explorer userinfo --provider work \
      --output json`
}

// readTarget takes the token from stdin when it is given as "-" or stdin
// is not a terminal (an empty pipe or /dev/null falls back to the
// environment), else from $OAUTH_EXPLORER_TOKEN.
func readTarget(args []string, st Streams) (string, error) {
	env := strings.TrimSpace(os.Getenv(tokenEnv))
	f, isFile := st.In.(*os.File)
	tty := st.In == nil || isFile && isCharDevice(f)
	dash := len(args) == 1
	switch {
	case !dash && tty && env != "":
		return env, nil
	case !dash && tty:
		return "", fmt.Errorf("no token: pipe it on stdin (or give - and paste it), or set $%s", tokenEnv)
	case st.In == nil:
		return "", errors.New("no token: there is no stdin")
	case tty:
		fmt.Fprintln(st.Err, "Paste the token, then press Enter and Ctrl+D:")
	}
	b, err := io.ReadAll(io.LimitReader(st.In, inspect.MaxTokenSize+1))
	switch {
	case err != nil:
		return "", fmt.Errorf("reading the token from stdin: %w", err)
	case len(b) > inspect.MaxTokenSize:
		return "", errors.New("stdin holds over 1 MiB; a token is a few KiB at most")
	}
	s := strings.TrimSpace(string(b))
	switch {
	case s == "" && !dash && env != "":
		return env, nil
	case s == "":
		return "", fmt.Errorf("no token: stdin is empty and $%s is not set", tokenEnv)
	case strings.ContainsAny(s, " \t\r\n"):
		return "", errors.New("stdin holds more than one word; give the token alone (token --output access-token prints it so)")
	}
	return s, nil
}

// resolve builds the provider for a token action: --issuer, --provider, or
// the action's endpoint given by hand. The embedded demo is refused: it
// would start empty and know no token.
func (o *actionOpts) resolve(ctx context.Context, cmd *cobra.Command) (providers.Provider, error) {
	p, ok, err := o.pf.custom(cmd)
	switch {
	case err != nil:
		return p, err
	case ok && o.pf.provider != "" && o.pf.provider != "custom":
		return p, fmt.Errorf("--provider %s and --issuer both given: use one", o.pf.provider)
	case ok:
	case o.pf.provider != "" && o.pf.provider != "demo":
		file, err := loadProvidersFile(o.pf.config)
		if err != nil {
			return p, err
		}
		if p, err = o.pf.configured(ctx, cmd, file); err != nil {
			return p, err
		}
	case o.pf.provider == "" && (o.introspectionURL != "" || o.revocationURL != ""):
		p = providers.Provider{Name: "custom", ClientID: o.pf.clientID, ClientSecret: o.pf.secret(), AuthMethod: o.pf.authMethod}
	default:
		return p, fmt.Errorf("%s needs the server that issued the token: give --issuer, --provider NAME or --%s; the embedded demo would start empty on each run and know no token: run 'oauth-explorer demo-server' and give its issuer", o.action.ID, o.action.Flag)
	}
	if err := refuseEmpty(cmd, "introspection-url", "revocation-url"); err != nil {
		return p, err
	}
	if o.introspectionURL != "" {
		p.IntrospectionURL = o.introspectionURL
	}
	if o.revocationURL != "" {
		p.RevocationURL = o.revocationURL
	}
	p.DefaultAuthMethod()
	check := p
	if check.Issuer == "" && check.TokenURL == "" {
		// Validate asks for an issuer or a token URL; here the action's
		// own endpoint stands in.
		check.TokenURL = firstNonEmpty(p.IntrospectionURL, p.RevocationURL, p.UserinfoURL)
	}
	if !o.action.ClientAuth {
		// The bearer token is the credential; no client is needed.
		check.ClientID, check.AuthMethod = "userinfo", providers.AuthNone
	}
	return p, check.Validate()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func runTokenAction(ctx context.Context, cmd *cobra.Command, o *actionOpts, args []string, st Streams) error {
	switch o.output {
	case "text", "json":
	default:
		return fmt.Errorf("unknown --output %q: use text or json", o.output)
	}
	switch o.hint {
	case "", flows.HintAccessToken, flows.HintRefreshToken:
	default:
		return fmt.Errorf("unknown --token-type-hint %q: use access_token or refresh_token (RFC 7009 §4.1.2)", o.hint)
	}
	p, err := o.resolve(ctx, cmd)
	if err != nil {
		return err
	}
	token, err := readTarget(args, st)
	if err != nil {
		printError(st.Err, err.Error())
		return &ExitError{Code: 1}
	}
	opts, err := o.pf.options()
	if err != nil {
		return err
	}
	for _, w := range o.pf.tls.warnings() {
		warnf(st.Err, "%s: a server impersonating the provider would not be noticed", w)
	}
	for _, u := range []string{p.IntrospectionURL, p.RevocationURL, p.Issuer} {
		if w := plainHTTPWarning(u); w != "" {
			warnf(st.Err, "%s", w)
			break
		}
	}
	f := o.action.New(p, opts, flows.Target{Token: token, Hint: o.hint})
	defer f.Close()
	masker := flows.Masker{Reveal: o.pf.reveal, Secrets: f.Secrets()}
	var notes bytes.Buffer
	var results []flows.Result
	for !f.Done() {
		r := f.Next(ctx)
		masker.Secrets = f.Secrets()
		if o.verbose {
			_ = flows.WriteTranscript(st.Err, r.Exchanges, masker)
		}
		writeFindings(st.Err, &notes, r, masker, o.quiet)
		results = append(results, r)
		if r.Status == flows.Failed {
			printFailure(st.Err, r.Err, masker.Diagnosis(r.Diagnosis), masker)
			_, _ = notes.WriteTo(st.Err)
			return &ExitError{Code: 1}
		}
	}
	_, _ = notes.WriteTo(st.Err)
	return writeActionResult(st, o, results, masker)
}
