package flows

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// VerifyWithIssuer checks a token outside a flow, as the decode command
// and the TUI's decoder do: with an issuer, discovery gives the keys and
// the advertised algorithms (a failed discovery is a failed check of its
// own; the other checks still run); jwksURL, when set, names the keys
// instead. vo carries the other expectations (audience, client id, nonce).
func VerifyWithIssuer(ctx context.Context, client *http.Client, t *inspect.Token, issuer, jwksURL string, vo inspect.VerifyOptions) []inspect.Check {
	var checks []inspect.Check
	vo.Issuer = issuer
	if issuer != "" {
		md, err := providers.Discover(ctx, client, issuer)
		if err != nil {
			why := strings.Join(strings.Fields(err.Error()), " ")
			if d := Diagnose(err); d != nil && d.What != "" && !errors.Is(err, context.Canceled) {
				why = d.What
			}
			checks = append(checks, inspect.Check{Name: "discovery", Status: inspect.StatusFail,
				Detail: fmt.Sprintf("The issuer's metadata could not be read (%s), so the signing keys are unknown.", why)})
		} else {
			vo.Issuer, vo.SupportedAlgs = md.Issuer, md.IDTokenSigningAlgValuesSupported
			if jwksURL == "" {
				jwksURL = md.JWKSURI
			}
			published := md.JWKSURI
			if published == "" {
				published = "(none published)"
			}
			checks = append(checks, inspect.Check{Name: "discovery", Status: inspect.StatusPass,
				Detail: fmt.Sprintf("Read the metadata of %s; its keys are at %s.", md.Issuer, published)})
		}
	}
	if jwksURL != "" {
		vo.JWKSURL = jwksURL
		vo.KeySet = oidc.NewRemoteKeySet(oidc.ClientContext(ctx, client), jwksURL)
	}
	return append(checks, inspect.Verify(ctx, t, vo).Checks...)
}
