package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

type decodeOpts struct {
	issuer   string
	jwks     string
	audience []string
	clientID string
	nonce    string
	// accessToken is the access token issued with an ID token, for at_hash.
	accessToken string
	timeout     time.Duration
	json        bool
	verbose     bool
	tls         tlsFlags
}

// verifying reports whether any expectation was given, so that the
// verification checklist is run.
func (o *decodeOpts) verifying() bool {
	return o.issuer != "" || o.jwks != "" || len(o.audience) > 0 || o.clientID != "" || o.nonce != "" || o.accessToken != ""
}

// newDecodeCmd builds "oauth-explorer decode [TOKEN|-]".
func newDecodeCmd(st Streams) *cobra.Command {
	var o decodeOpts
	cmd := &cobra.Command{
		Use:   "decode [TOKEN|-]",
		Short: "Decode a JWT, explain every claim, and verify it against an issuer",
		Long: `decode prints a JSON Web Token's header and claims, each with what it means
and where it is defined, times in UTC, local time and relative to now, and
the hazards found (alg none, an encrypted token, duplicate claims).

The token is the argument, or is read from stdin when there is none or it is
"-" (surrounding whitespace and a "Bearer " prefix are ignored; at most 1 MiB).

With --issuer, the issuer's discovery document gives the keys (jwks_uri) and
the checklist runs: signature (which kid and alg, from which JWKS; a key whose
"use" is not "sig" or whose "alg" is another is refused), alg among the
advertised ones, iss, aud, azp, exp, nbf, iat, nonce (with --nonce) and
at_hash (with --access-token). --jwks URL gives the keys directly. These
are the checks a flow runs on the tokens it receives, with the same results.

aud must contain --audience (an access token: the API it is for) or, without
--audience, --client-id (an ID token: OpenID Connect Core §3.1.3.7 step 3).
--client-id is compared with azp too, and a token for several audiences
without azp gets a warning (steps 4 and 5).

With -v, the discovery and JWKS requests and responses are written to stderr.

Exit status: 0 when the token decodes and no check fails, 1 otherwise.`,
		Example: `  oauth-explorer decode eyJhbGciOi...
  oauth-explorer token --output access-token | oauth-explorer decode -
  oauth-explorer decode --issuer https://id.example.com --audience my-api \
      "$TOKEN"
  oauth-explorer decode -v --issuer https://id.example.com --client-id my-app \
      --nonce "$NONCE" --access-token "$ACCESS_TOKEN" "$ID_TOKEN"
  oauth-explorer decode --json --jwks https://id.example.com/keys < token.txt`,
		Args:          atMostOne("token"),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := refuseEmpty(cmd, "issuer", "jwks", "client-id", "nonce", "access-token"); err != nil {
				return err
			}
			return runDecode(cmd.Context(), &o, args, st)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.issuer, "issuer", "", "issuer URL: discover its keys (jwks_uri) and check iss, alg and the signature")
	fl.StringVar(&o.jwks, "jwks", "", "JWK Set URL to verify the signature with (instead of, or overriding, the issuer's)")
	fl.StringSliceVar(&o.audience, "audience", nil, "expected audience (aud); repeatable")
	fl.StringVar(&o.clientID, "client-id", "", "this client's ID: aud must contain it (unless --audience is given), and azp must be it")
	fl.StringVar(&o.nonce, "nonce", "", "the nonce sent in the authentication request")
	fl.StringVar(&o.accessToken, "access-token", "", "the access token issued with this ID token, to check at_hash (OIDC Core §3.1.3.6)")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "write the discovery and JWKS exchanges to stderr")
	timeoutVar(fl, &o.timeout, "timeout", flows.DefaultTimeout, "time limit for each HTTP request (discovery, JWKS)")
	fl.BoolVar(&o.json, "json", false, "print a JSON document instead of text")
	o.tls.register(cmd)
	return cmd
}

func runDecode(ctx context.Context, o *decodeOpts, args []string, st Streams) error {
	if ctx == nil {
		ctx = context.Background()
	}
	raw, err := readTokenArg(args, st)
	if err != nil {
		printError(st.Err, err.Error())
		return &ExitError{Code: 1}
	}
	t, err := inspect.Decode(raw)
	if err != nil {
		printError(st.Err, err.Error())
		return &ExitError{Code: 1}
	}
	now := time.Now()
	rep := newDecodeReport(t, now, time.Local)
	if o.verifying() {
		for _, w := range o.tls.warnings() {
			warnf(st.Err, "%s: a server impersonating the issuer would not be noticed", w)
		}
		rep.Verified = true
		checks, err := verifyDecoded(ctx, t, o, st)
		if err != nil {
			return err
		}
		rep.Checks = checks
	}
	for _, c := range rep.Checks {
		if c.Status == inspect.StatusFail.String() {
			rep.Valid = false
		}
	}
	if o.json {
		err = writeDecodeJSON(st.Out, rep)
	} else {
		err = writeDecodeText(st.Out, rep, useCheckSymbols(st.Out))
	}
	if err != nil {
		return err
	}
	if !rep.Valid {
		return &ExitError{Code: 1}
	}
	return nil
}

// readTokenArg takes the token from the argument or, for none or "-", from
// stdin, refusing more than inspect.MaxTokenSize bytes.
func readTokenArg(args []string, st Streams) (string, error) {
	if len(args) == 1 && args[0] != "-" {
		if len(args[0]) > inspect.MaxTokenSize {
			return "", errors.New("the token is over 1 MiB; a JWT is a few KiB: refusing to decode it")
		}
		return strings.TrimSpace(args[0]), nil
	}
	if st.In == nil {
		return "", errors.New("no token given: pass it as an argument or on stdin")
	}
	if f, ok := st.In.(*os.File); ok && isCharDevice(f) {
		fmt.Fprintln(st.Err, "Paste the token, then press Enter and Ctrl+D:")
	}
	b, err := io.ReadAll(io.LimitReader(st.In, inspect.MaxTokenSize+1))
	if err != nil {
		return "", fmt.Errorf("reading the token from stdin: %w", err)
	}
	if len(b) > inspect.MaxTokenSize {
		return "", errors.New("stdin holds over 1 MiB; a JWT is a few KiB: refusing to decode it")
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", errors.New("no token given: the argument and stdin are empty")
	}
	return s, nil
}

// verifyDecoded runs the checklist (flows.VerifyWithIssuer) with the
// command's expectations and TLS settings; with -v, the exchanges it made
// go to stderr, the tokens masked.
func verifyDecoded(ctx context.Context, t *inspect.Token, o *decodeOpts, st Streams) ([]decodeCheck, error) {
	tr, err := o.tls.transport()
	if err != nil {
		return nil, err
	}
	rec := &flows.Recorder{Base: tr}
	rec.SetStep("Verify token") // the transcript's label for these exchanges
	client := &http.Client{Transport: rec, Timeout: o.timeout}
	vo := inspect.VerifyOptions{Audience: o.audience, ClientID: o.clientID, Nonce: o.nonce, AccessToken: o.accessToken}
	if len(vo.Audience) == 0 && o.clientID != "" {
		// An ID token is addressed to the client (OIDC Core §3.1.3.7
		// step 3).
		vo.Audience = []string{o.clientID}
	}
	var out []decodeCheck
	checks := flows.VerifyWithIssuer(ctx, client, t, o.issuer, o.jwks, vo)
	if o.verbose {
		_ = flows.WriteTranscript(st.Err, rec.Take(), flows.Masker{Secrets: []string{t.Raw, o.accessToken}})
	}
	for _, c := range checks {
		out = append(out, decodeCheck{Name: c.Name, Status: c.Status.String(), Detail: c.Detail})
	}
	return out, nil
}

// isCharDevice reports whether f is a character device, as a terminal is.
func isCharDevice(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// useCheckSymbols tells whether to mark checks with ✓ ✗ ! - (a terminal, and
// NO_COLOR unset) or with the words pass, fail, warn, skip.
func useCheckSymbols(w io.Writer) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set {
		return false
	}
	f, ok := w.(*os.File)
	return ok && isCharDevice(f)
}
