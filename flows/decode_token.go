package flows

import (
	"context"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// DecodeToken reads a token the user brought, without verifying it: the
// JOSE header and the claims of a JWT in their order (RFC 7519 §7.2), or
// what kind of token it is when it cannot be read (a JWE, an opaque token).
// The TUI's decoder calls it so that every token is decoded here.
func DecodeToken(raw string) (*inspect.Token, error) { return inspect.Decode(raw) }

// VerifyTokenWith checks t against the keys issuer publishes, as
// VerifyWithIssuer does (discovery, then the signature against its JWKS,
// then the claims), over the HTTP client opts describe: its transport,
// timeout and redirect rule, every request kept by a Recorder. It returns
// the checks and the exchanges made.
func VerifyTokenWith(ctx context.Context, opts Options, t *inspect.Token, issuer string) ([]inspect.Check, []Exchange) {
	rec := &Recorder{}
	client := opts.client(rec)
	rec.SetStep("Verify token")
	checks := VerifyWithIssuer(ctx, client, t, issuer, "", inspect.VerifyOptions{Now: opts.Now})
	return checks, rec.Take()
}
