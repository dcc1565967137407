package flows

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// verifyToken is the one verification path: the flows' verification steps
// and VerifyWithIssuer (behind the decode command and the TUI's decoder)
// all come here, so a token gets the same checks with the same results
// wherever it is looked at. md supplies the expected issuer (the
// provider's configured one, issuer, when md names none), the advertised
// algorithms (OIDC Discovery §3) and the jwks_uri, fetched with client so
// that a flow's recorder shows the JWKS exchange; vo carries the other
// expectations (audience, client id, nonce, access token, clock).
func verifyToken(ctx context.Context, client *http.Client, t *inspect.Token, md *providers.Metadata, issuer string, vo inspect.VerifyOptions) inspect.Verification {
	vo.Issuer = issuer
	if md != nil {
		if md.Issuer != "" {
			vo.Issuer = md.Issuer
		}
		vo.SupportedAlgs = md.IDTokenSigningAlgValuesSupported
		if md.JWKSURI != "" {
			vo.JWKSURL = md.JWKSURI
			keys := inspect.RemoteKeys{URL: md.JWKSURI, Client: client}
			vo.Keys = keys
			// A flow's client records through a Recorder (Options.client).
			if rec, ok := client.Transport.(*Recorder); ok {
				vo.Keys = jwksKeys{keys, rec}
			}
		}
	}
	return inspect.Verify(ctx, t, vo)
}

// VerifyWithIssuer checks a token outside a flow, as the decode command
// and the TUI's decoder do, with the same checks a flow runs: with an
// issuer, discovery gives the keys and the advertised algorithms (a failed
// discovery is a failed check of its own; the other checks still run);
// jwksURL, when set, names the keys instead. vo carries the other
// expectations (audience, client id, nonce, access token, clock); its
// Issuer, Keys, JWKSURL and SupportedAlgs are replaced.
func VerifyWithIssuer(ctx context.Context, client *http.Client, t *inspect.Token, issuer, jwksURL string, vo inspect.VerifyOptions) []inspect.Check {
	var checks []inspect.Check
	md := &providers.Metadata{}
	if issuer != "" {
		found, err := providers.Discover(ctx, client, issuer)
		if err != nil {
			why := strings.Join(strings.Fields(err.Error()), " ")
			if d := Diagnose(err); d != nil && d.What != "" && !errors.Is(err, context.Canceled) {
				why = d.What
			}
			checks = append(checks, inspect.Check{Name: "discovery", Status: inspect.StatusFail,
				Detail: fmt.Sprintf("The issuer's metadata could not be read (%s), so the signing keys are unknown.", why)})
		} else {
			md = found
			published := md.JWKSURI
			if published == "" {
				published = "(none published)"
			}
			checks = append(checks, inspect.Check{Name: "discovery", Status: inspect.StatusPass,
				Detail: fmt.Sprintf("Read the metadata of %s; its keys are at %s.", md.Issuer, published)})
		}
	}
	if jwksURL != "" {
		c := *md
		c.JWKSURI = jwksURL
		md = &c
	}
	return append(checks, verifyToken(ctx, client, t, md, issuer, vo).Checks...)
}
