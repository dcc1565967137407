package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// explainOpts are the flags of the explain command.
type explainOpts struct {
	issuer  string
	jwks    string
	reveal  bool
	verbose bool
	timeout time.Duration
	tls     tlsFlags
}

// newExplainCmd builds "oauth-explorer explain FILE.har".
func newExplainCmd(st Streams) *cobra.Command {
	var o explainOpts
	cmd := &cobra.Command{
		Use:   "explain FILE.har|-",
		Short: "Explain the OAuth/OpenID Connect exchanges of a HAR capture: steps, tokens verified, errors diagnosed",
		Long: `explain reads a HAR (HTTP Archive) capture, a browser's devtools export or
one written by this program (token --export run.har), finds the OAuth 2.0 and
OpenID Connect exchanges in it and shows them as a run: each step with what it
is for, what was sent and answered, the tokens decoded and verified, and the
diagnosis of each error. "-" reads the capture from stdin (at most 64 MiB).

It finds discovery, the signing keys (JWKS), the authorization request (PKCE,
state and nonce present or not), the login pages, the callback (its state
compared with the request's), token requests (the code_verifier compared with
the code_challenge), userinfo, introspection, revocation, pushed
authorization requests, device authorization, registration and API calls with
a bearer token. Pages, scripts and images are counted and left out. A capture
this program wrote keeps the steps of its run.

ID tokens are verified with the keys the capture holds (the JWK Set the app
fetched), as of the time of the capture: no network is needed. When the
capture holds no keys, --jwks gives them (a URL, or a file holding a JWK Set),
or --issuer discovers them; only these two flags make explain send requests.

To save a capture: in Chrome or Edge, open DevTools (F12), Network tab, tick
"Preserve log", run the login, then right-click a request and "Save all as HAR
with content" (Chrome 130+ asks to export "with sensitive data" to keep
cookies and tokens); in Firefox, Network tab, "Persist Logs", then the gear
menu, "Save All As HAR". A HAR holds cookies, codes, tokens and sometimes
passwords and client secrets: share it only with whom you would give them.
Secrets are masked in what explain prints unless --reveal is given.

Exit status: 0 when the capture was read and explained, even when the flow it
shows failed (the failure is what is explained); 1 when the file cannot be
read (missing, too large, not a HAR).`,
		Example: `  oauth-explorer explain login.har
  oauth-explorer token --provider demo --export run.har &&
      oauth-explorer explain run.har
  oauth-explorer explain -v --jwks https://id.example.com/keys capture.har
  oauth-explorer explain --issuer https://id.example.com capture.har
  oauth-explorer explain - < capture.har`,
		Args:          explainArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := refuseEmpty(cmd, "issuer", "jwks"); err != nil {
				return err
			}
			return runExplain(cmd.Context(), &o, args[0], st)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.issuer, "issuer", "", "issuer URL: discover its keys to verify the tokens when the capture holds none (sends requests)")
	fl.StringVar(&o.jwks, "jwks", "", "JWK Set to verify the tokens with when the capture holds none: a URL (fetched) or a file")
	fl.BoolVar(&o.reveal, "reveal", false, "show secrets and tokens in clear (masked by default)")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "show each step's exchanges in full, and what was sent and received, explained")
	timeoutVar(fl, &o.timeout, "timeout", flows.DefaultTimeout, "time limit for each HTTP request (--issuer, --jwks URL)")
	o.tls.register(cmd)
	return cmd
}

// runExplain reads the capture, explains it and prints the run.
func runExplain(ctx context.Context, o *explainOpts, name string, st Streams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	opts := flows.CaptureOptions{Issuer: o.issuer, Timeout: o.timeout}
	if o.issuer != "" || strings.HasPrefix(o.jwks, "http://") || strings.HasPrefix(o.jwks, "https://") {
		tr, err := o.tls.transport()
		if err != nil {
			return err
		}
		opts.Transport = tr
		for _, w := range o.tls.warnings() {
			warnf(st.Err, "%s: a server impersonating the issuer would not be noticed", w)
		}
	}
	switch {
	case strings.HasPrefix(o.jwks, "http://"), strings.HasPrefix(o.jwks, "https://"):
		opts.JWKSURL = o.jwks
	case o.jwks != "":
		b, err := readSmallFile(o.jwks, inspect.MaxJWKSSize)
		if err != nil {
			printError(st.Err, "--jwks: "+err.Error())
			return &ExitError{Code: 1}
		}
		opts.JWKS = b
	}
	var c *flows.Capture
	var err error
	switch {
	case name != "-":
		c, err = flows.ExplainHARFile(ctx, name, opts)
	case st.In == nil:
		err = errors.New("no capture on stdin")
	default:
		c, err = flows.ExplainHAR(ctx, st.In, opts)
		if err != nil {
			err = fmt.Errorf("stdin: %w", err)
		}
	}
	if err != nil {
		printError(st.Err, err.Error())
		return &ExitError{Code: 1}
	}
	return writeCapture(st.Out, c, o.reveal, o.verbose, useCheckSymbols(st.Out))
}

// readSmallFile reads a file of at most limit bytes.
func readSmallFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is over %d bytes: not a JWK Set", name, limit)
	}
	return b, nil
}
