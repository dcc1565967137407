package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// optionalOIDCScopes are the OpenID Connect scopes a flow for a user asks
// for beyond openid when the server lists them: the claims of the
// userinfo step (OIDC Core §5.4) and a refresh token (§11).
var optionalOIDCScopes = []string{"profile", "email", "offline_access"}

// DefaultScopes returns the scopes to prefill for the flow flowID at a
// server whose metadata is md (nil: it could not be read), and why, in a
// sentence for the user. Only the grants for a user (authorization code,
// device) have a default: openid for an OpenID provider (its document came
// from /.well-known/openid-configuration, or it lists openid), with
// profile, email and offline_access when scopes_supported lists them;
// nothing for a plain OAuth 2.0 server, whose scopes are its own. Other
// flows return nil and "": their scopes are the API's, which only the user
// knows.
func DefaultScopes(md *providers.Metadata, flowID string) ([]string, string) {
	if flowID != FlowIDAuthCode && flowID != FlowIDDevice {
		return nil, ""
	}
	if md == nil {
		return nil, "No scope prefilled: the discovery document could not be read (the Discovery step shows why)."
	}
	sup := md.ScopesSupported
	if md.Kind == providers.KindStatic {
		return nil, "No scope prefilled: without discovery the server's scopes are unknown."
	}
	if md.Kind != providers.KindOpenID && !slices.Contains(sup, "openid") {
		if len(sup) == 0 {
			return nil, fmt.Sprintf("No scope prefilled: the server is not an OpenID provider (%s) and lists no scopes_supported.", md.Kind)
		}
		return nil, fmt.Sprintf("No scope prefilled: the server is not an OpenID provider (%s); its scopes_supported lists %s.", md.Kind, listSome(sup, 8))
	}
	if len(sup) == 0 {
		return []string{"openid"}, "Scope openid only: the OpenID configuration lists no scopes_supported, so profile, email and offline_access may be unknown to the server (OIDC Core §5.4, §11)."
	}
	scopes := []string{"openid"}
	for _, s := range optionalOIDCScopes {
		if slices.Contains(sup, s) {
			scopes = append(scopes, s)
		}
	}
	if len(scopes) == 1 {
		return scopes, "Scope openid only: scopes_supported lists none of profile, email and offline_access."
	}
	return scopes, fmt.Sprintf("Scopes prefilled: openid, and %s as the discovery document lists them in scopes_supported.", andList(scopes[1:]))
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// listSome joins the first n of list, saying how many more there are.
func listSome(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, " ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(list[:n], " "), len(list)-n)
}

// ReadMetadata reads the issuer's metadata as the Discovery step does
// (providers.Discover with the options' transport and timeout), before a
// flow runs: to prefill settings that depend on what the server supports.
// The flow reads it again in its own Discovery step, where the exchange is
// shown.
func ReadMetadata(ctx context.Context, issuer string, opts Options) (*providers.Metadata, error) {
	return providers.Discover(ctx, opts.client(&Recorder{}), issuer)
}
