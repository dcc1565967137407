package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/browser"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

type tokenOpts struct {
	pf        providerFlags
	flow      string
	output    string
	verbose   bool
	quiet     bool
	noBrowser bool
	manual    bool
	refresh   bool
	inputs    inputFlags
	// --save-client, --save-secret (token_saveclient.go)
	saveClient string
	saveSecret bool
	// --export, --export-format (token_export.go)
	export, exportFormat string
	// --cache, --cache-clear, --cache-margin (token_cache.go)
	cache cacheOpts
}

func newTokenCmd(st Streams) *cobra.Command {
	var o tokenOpts
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Run a flow without the TUI and print the token",
		Example: `  # a token from the embedded demo provider
  oauth-explorer token --provider demo --output access-token

  # the same against any OAuth 2.0 server, with the transcript on stderr
  OAUTH_EXPLORER_CLIENT_SECRET=... oauth-explorer token -v \
      --issuer https://id.example.com --client-id my-service --scope api.read

  # log in as a user in the browser, then print the tokens
  oauth-explorer token --flow authorization-code --provider demo

  # the same, then spend the refresh token once and print what is held after
  oauth-explorer token --flow authorization-code --provider demo --refresh

  # spend a refresh token you hold (never as an argument: ps shows them)
  oauth-explorer token --flow refresh --provider work < refresh-token.txt

  # a server without discovery (GitHub, which wants the secret even with PKCE)
  OAUTH_EXPLORER_CLIENT_SECRET=... oauth-explorer token \
      --flow authorization-code --client-id my-app \
      --authorization-url https://github.com/login/oauth/authorize \
      --token-url https://github.com/login/oauth/access_token

  # over SSH: open the URL elsewhere, paste the redirect back
  oauth-explorer token --flow authorization-code --no-browser --manual

  # keep the run for a bug report (secrets masked); replay.sh: as curl commands
  oauth-explorer token --provider demo --export run.md

  # use it in a script
  curl -H "$(oauth-explorer token --provider work --output header)" \
      https://api.example.com/reports`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runToken(cmd.Context(), cmd, &o, st)
		},
	}
	lazyLong(cmd, tokenLong)
	o.pf.register(cmd)
	o.inputs = registerInputs(cmd)
	fl := cmd.Flags()
	fl.StringVar(&o.flow, "flow", flows.FlowIDClientCredentials, "flow to run: "+flows.GrantIDs(", "))
	fl.BoolVar(&o.noBrowser, "no-browser", false, "authorization code: do not open a browser; print the URL only")
	fl.BoolVar(&o.manual, "manual", false, "authorization code: read the redirect URL (or the code) from stdin instead of waiting on the loopback listener")
	fl.BoolVar(&o.refresh, flows.SettingRefresh, false, "authorization code: run the refresh step, which spends the refresh token; print the newest tokens held after it")
	fl.StringVarP(&o.output, "output", "o", "json", "what to print: json (the tokens held and every token response), access-token, header")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "write every HTTP exchange to stderr (secrets masked unless --reveal)")
	fl.BoolVarP(&o.quiet, "quiet", "q", false, `no "note:" lines on stderr (warnings and errors stay)`)
	o.saveFlags(fl)
	o.exportFlags(fl)
	o.cacheFlags(fl)
	return cmd
}

func runToken(ctx context.Context, cmd *cobra.Command, o *tokenOpts, st Streams) error {
	switch o.output {
	case "json", "access-token", "header":
	default:
		return fmt.Errorf("unknown --output %q: use json, access-token or header", o.output)
	}
	if !cmd.Flags().Changed("flow") {
		if id, ok := impliedFlow(cmd); ok {
			o.flow = id
		}
	}
	if _, err := findFlow(o.flow); err != nil {
		return err
	}
	g, _ := flows.GrantByID(o.flow)
	if o.cache.on() {
		if err := o.checkCacheable(); err != nil {
			return err
		}
	}
	inputs, err := readInputs(g, o.inputs, st)
	if err != nil {
		return err
	}
	if o.cache.on() {
		return runCached(ctx, cmd, o, st, inputs)
	}
	tok, err := obtain(ctx, cmd, o, st, inputs, false)
	if err != nil {
		return err
	}
	return writeToken(st, tok, o.output)
}

// obtain runs the flow o.flow step by step with the inputs given and
// returns the tokens held at its end. A failure is printed with its
// diagnosis and is an *ExitError; with soft, it is not printed but
// returned as a *flowFailed, for the caller to fall back on.
func obtain(ctx context.Context, cmd *cobra.Command, o *tokenOpts, st Streams, inputs flows.Inputs, soft bool) (*flows.TokenSet, error) {
	fc, err := findFlow(o.flow)
	if err != nil {
		return nil, err
	}
	g, _ := flows.GrantByID(o.flow)
	if err := o.checkSave(inputs); err != nil {
		return nil, err
	}
	exportFormat, err := o.checkExport()
	if err != nil {
		return nil, err
	}
	p, stop, err := resolveProvider(ctx, cmd, &o.pf, o.flow)
	if err != nil {
		return nil, err
	}
	defer stop()
	if err := validateClient(p, g, inputs); err != nil {
		return nil, err
	}
	opts, err := o.pf.options()
	if err != nil {
		return nil, err
	}
	for _, w := range o.pf.tls.warnings() {
		warnf(st.Err, "%s: a server impersonating the provider would not be noticed", w)
	}
	for _, u := range []string{p.TokenURL, p.Issuer} {
		if w := plainHTTPWarning(u); w != "" {
			warnf(st.Err, "%s", w)
			break
		}
	}
	if !o.noBrowser && !o.manual {
		opts.OpenBrowser = browser.Opener{}.Open
	}
	opts.KeepRefreshToken = !o.refresh
	opts.DefaultScopes = !cmd.Flags().Changed("scope")
	opts.Inputs = inputs
	f := fc.New(p, opts)
	defer f.Close()
	if cmd.Flags().Changed("api-url") && !callsResourceServer(f) {
		warnf(st.Err, "--api-url is not used: the %s flow does not call an API (its steps end at the authorization server)", o.flow)
	}
	masker := func() flows.Masker { return flows.Masker{Reveal: o.pf.reveal, Secrets: f.Secrets()} }
	run := newRun(cmd, p, g)
	var tok *flows.TokenSet
	var warnings []string
	// Notes wait for the end of the run: on failure, stderr starts with
	// the error, and the notes follow the diagnosis.
	var notes bytes.Buffer
	// With --manual, stdin is the only way in; when it ends without a
	// usable redirect the wait is over.
	runCtx, endWait := context.WithCancelCause(ctx)
	defer endWait(nil)
	for !f.Done() {
		r := f.Next(runCtx)
		run.Add(r)
		if o.verbose {
			_ = flows.WriteTranscript(st.Err, r.Exchanges, masker())
		}
		writeFindings(st.Err, &notes, r, masker(), o.quiet)
		if r.Tokens != nil {
			tok = r.Tokens
		}
		if pr := r.Prompt; pr != nil {
			// A redirect URI the listener cannot serve leaves pasting.
			manual := pr.Paste && (o.manual || pr.PasteOnly())
			promptUser(st, pr, manual, qrModeFor(st.Err, os.LookupEnv))
			if pst, ok := f.(flows.Paster); ok && manual {
				go func() {
					if !readPaste(st, pst) {
						endWait(errStdinClosed)
					}
				}()
			}
		}
		if r.Status == flows.Failed {
			if tok != nil {
				// The token was obtained; a failed check is worth a warning,
				// not the loss of the token.
				warnings = append(warnings, masker().Text(r.Err.Error()))
				continue
			}
			_, cancelled := interruptedBy(ctx)
			if soft && !cancelled {
				return nil, &flowFailed{msg: oneLine(flows.Phrase(masker().Text(r.Err.Error()), cliWords{}))}
			}
			d := masker().Diagnosis(r.Diagnosis)
			printFailure(st.Err, r.Err, d, masker())
			if !cancelled {
				// The user who stopped the run knows why it ended; the
				// notes of its first steps would only bury that.
				_, _ = notes.WriteTo(st.Err)
			}
			o.exportFailed(st.Err, run, exportFormat, masker())
			return nil, &ExitError{Code: 1}
		}
	}
	_, _ = notes.WriteTo(st.Err)
	for _, w := range warnings {
		warnf(st.Err, "%s", oneLine(flows.Phrase(w, cliWords{})))
	}
	if err := o.writeExport(st.Err, run, exportFormat, masker()); err != nil {
		return nil, err
	}
	if tok == nil {
		fmt.Fprintln(st.Err, "oauth-explorer: the flow ended without a token")
		return nil, &ExitError{Code: 1}
	}
	if o.saveClient != "" {
		if err := saveRegisteredClient(st, f, o.pf.config, o.saveClient, o.saveSecret); err != nil {
			return nil, err
		}
	}
	return tok, nil
}

// resolveProvider builds the provider from the flags; for the demo provider
// it starts the server, and stop shuts it down.
func resolveProvider(ctx context.Context, cmd *cobra.Command, pf *providerFlags, flowID string) (providers.Provider, func(), error) {
	noop := func() {}
	custom, ok, err := pf.custom(cmd)
	if err != nil {
		return custom, noop, err
	}
	if ok {
		if pf.provider != "" && pf.provider != "custom" {
			return custom, noop, fmt.Errorf("--provider %s and --issuer both given: use one", pf.provider)
		}
		custom.DefaultAuthMethod()
		return custom, noop, nil
	}
	if pf.provider == "" {
		if g, _ := flows.GrantByID(flowID); g.FindsServer {
			// No demo is started: the grant finds its server.
			p, err := pf.fromFlags(cmd)
			p.Name = "custom"
			p.DefaultAuthMethod()
			return p, noop, err
		}
	}
	if pf.provider != "" && pf.provider != "demo" {
		file, err := loadProvidersFile(pf.config)
		if err != nil {
			return custom, noop, err
		}
		p, err := pf.configured(ctx, cmd, file)
		return p, noop, err
	}
	srv, err := demo.Start(ctx, demo.Options{})
	if err != nil {
		return custom, noop, fmt.Errorf("starting the demo provider: %w", err)
	}
	p, err := pf.demoProvider(cmd, srv.Issuer(), flowID)
	if err != nil {
		srv.Close()
		return p, noop, err
	}
	p = withDemoMTLS(p, srv)
	return p, func() { srv.Close() }, nil
}

// promptUser says what the user must do: for a browser, the URL to open;
// for another device, the URI and the code to enter there, and the URI
// with the code in it when the server sent one. A URL comes from the
// server's metadata or answer, and the browser's error may quote
// $BROWSER: all are printed escaped. manual is set when the user pastes
// the redirect; qr says whether and how to draw the QR code of the
// address that carries the code (on a terminal only).
func promptUser(st Streams, pr *flows.Prompt, manual bool, qr qrMode) {
	switch pr.Kind {
	case flows.PromptDeviceCode:
		fmt.Fprint(st.Err, "On any device, open this URL and enter the code:\n\n")
		printLine(st.Err, "  %s", pr.URL)
		printLine(st.Err, "  code: %s", pr.UserCode)
		if pr.CompleteURI != "" {
			fmt.Fprint(st.Err, "\nor open this one, which carries the code:\n\n")
			printLine(st.Err, "  %s", pr.CompleteURI)
		}
		printQR(st.Err, pr.CodeURI(), qr)
	default:
		fmt.Fprint(st.Err, "Open this URL in a browser to log in and approve:\n\n")
		printLine(st.Err, "  %s", pr.URL)
		if pr.UserCode != "" {
			printLine(st.Err, "  code: %s", pr.UserCode)
		}
	}
	fmt.Fprintln(st.Err)
	switch {
	case pr.BrowserOpened:
		fmt.Fprintln(st.Err, "(a browser was opened for you)")
	case pr.BrowserErr != nil:
		printLine(st.Err, "(could not open a browser: %v)", pr.BrowserErr)
	}
	switch {
	case manual:
		fmt.Fprintln(st.Err, "Then paste the URL the browser was sent to (or the code) and press Enter:")
	case pr.Listening:
		printLine(st.Err, "Waiting for the callback on %s (up to %s; Ctrl+C cancels)...", pr.RedirectURI, pr.ExpiresIn)
	case pr.ExpiresIn > 0:
		printLine(st.Err, "Waiting (up to %s; Ctrl+C cancels)...", pr.ExpiresIn)
	default:
		fmt.Fprintln(st.Err, "Waiting (Ctrl+C cancels)...")
	}
}

// maxPasteLine caps a pasted line; a redirect URL is far shorter.
const maxPasteLine = 64 << 10

// errStdinClosed ends a --manual wait whose input ended.
var errStdinClosed = errors.New("stdin ended before a redirect URL was pasted")
