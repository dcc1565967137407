package flows

import (
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Grant declares one grant the program runs: everything the commands and
// the TUI need to offer it, so that neither names a grant of its own. The
// --flow values and token --help, the TUI's flow picker, the demo client
// suited to a grant and the pre-flight grant-type check all read Grants.
type Grant struct {
	// ID is the --flow value, e.g. "client-credentials".
	ID string
	// Name is the grant's name as a person says it.
	Name string
	// Summary says in a line what it is for, with its RFC.
	Summary string
	// GrantTypes are the grant_type values it sends to the token endpoint
	// (RFC 6749 §4, RFC 8628 §3.4), the first being its own; they match
	// the grant_types_supported of a discovery document and the grants a
	// demo client is registered for.
	GrantTypes []string
	// Browser is set when the user logs in in a browser and comes back to
	// a redirect URI, which the settings then ask for.
	Browser bool
	// Inputs are the values the grant needs beyond the provider's
	// settings; a run gets them in Options.Inputs.
	Inputs []Input
	// FindsServer is set when the grant finds its authorization server
	// from its required input (the resource grant: from the API's
	// metadata, RFC 9728): a run needs no issuer, and with no client id
	// it registers one there (RFC 7591). Given without --flow, that
	// input picks the grant.
	FindsServer bool
	// Label, when set, is a word the flow picker and token --help show
	// beside the name: LabelLegacy marks a grant kept for learners who
	// meet it in old systems, which RFC 9700 says not to use.
	Label string
	// Cacheable is set when a later run may reuse the tokens of a run for
	// the same client and settings, and refresh them: the grant's point is
	// the token, and nothing secret is typed in for it (the password
	// grant's key would hold a password).
	Cacheable bool
	// New prepares a run of the grant for p.
	New func(p providers.Provider, opts Options) Flow
}

// Flow identifiers, as --flow takes them.
const (
	FlowIDClientCredentials = "client-credentials"
	FlowIDAuthCode          = "authorization-code"
	FlowIDRefresh           = "refresh"
	FlowIDPassword          = "password"
	FlowIDImplicit          = "implicit"
)

// LabelLegacy is the Label of a grant the current best practice (RFC
// 9700) forbids or advises against: it is offered to show how it works
// and why it went, not to build on.
const LabelLegacy = "legacy"

// Grants lists every grant, in the order they are offered. It returns a
// new slice at each call: callers may not change the list.
func Grants() []Grant {
	return withClientOptions(withRequestOptions([]Grant{{
		ID:         FlowIDAuthCode,
		Name:       "Authorization code + PKCE",
		Summary:    "a user logs in in the browser and the app gets tokens for them: ID token, userinfo, API call, refresh (RFC 6749 §4.1, RFC 7636)",
		GrantTypes: []string{"authorization_code", "refresh_token"},
		Browser:    true,
		Inputs:     []Input{parInput, authorizationDetailsInput, requestObjectInput},
		Cacheable:  true,
		New:        func(p providers.Provider, o Options) Flow { return NewAuthCode(p, o) },
	}, {
		ID:          FlowIDResource,
		Name:        "Start from an API URL",
		Summary:     "call an API with no token, follow its challenge to its metadata and authorization server, log in for a token for it and call it again (RFC 9728, RFC 8707)",
		GrantTypes:  []string{"authorization_code", "refresh_token"},
		Browser:     true,
		Inputs:      []Input{resourceURLInput},
		FindsServer: true,
		New:         func(p providers.Provider, o Options) Flow { return NewResource(p, o) },
	}, {
		ID:          FlowIDMCP,
		Name:        "Connect to an MCP server",
		Summary:     "connect as an MCP client does: the server's 401, its metadata and authorization server, a login for a token for it, initialize and tools/list, and a step-up when it asks for more scope (MCP basic/authorization, RFC 9728, RFC 8707)",
		GrantTypes:  []string{"authorization_code", "refresh_token"},
		Browser:     true,
		Inputs:      []Input{mcpURLInput},
		FindsServer: true,
		New:         func(p providers.Provider, o Options) Flow { return NewMCP(p, o) },
	}, {
		ID:         FlowIDClientCredentials,
		Name:       "Client credentials",
		Summary:    "a service authenticates as itself and gets a token; no user (RFC 6749 §4.4)",
		GrantTypes: []string{"client_credentials"},
		Cacheable:  true,
		New:        func(p providers.Provider, o Options) Flow { return NewClientCredentials(p, o) },
	}, {
		ID:         FlowIDRefresh,
		Name:       "Refresh token",
		Summary:    "spend a refresh token you already hold for new tokens, and see what rotated (RFC 6749 §6)",
		GrantTypes: []string{"refresh_token"},
		Inputs:     []Input{refreshTokenInput},
		Cacheable:  true,
		New:        func(p providers.Provider, o Options) Flow { return NewRefresh(p, o) },
	}, {
		ID:         FlowIDDevice,
		Name:       "Device authorization",
		Summary:    "a device without a browser shows a code; the user enters it on another device and the device polls for tokens (RFC 8628)",
		GrantTypes: []string{deviceGrantType, "refresh_token"},
		Cacheable:  true,
		New:        func(p providers.Provider, o Options) Flow { return NewDevice(p, o) },
	}, {
		ID:         FlowIDTokenExchange,
		Name:       "Token exchange",
		Summary:    "trade a token you hold for another: for another API, with less scope, or naming a service that acts for the user (RFC 8693)",
		GrantTypes: []string{tokenExchangeGrantType},
		Inputs:     tokenExchangeInputs,
		New:        func(p providers.Provider, o Options) Flow { return NewTokenExchange(p, o) },
	}, {
		ID:         FlowIDJWTBearer,
		Name:       "JWT bearer",
		Summary:    "a signed JWT from an issuer the server trusts vouches for a subject, and is traded for a token for it; no browser (RFC 7523 §2.1)",
		GrantTypes: []string{jwtBearerGrantType},
		Inputs:     jwtBearerInputs,
		New:        func(p providers.Provider, o Options) Flow { return NewJWTBearer(p, o) },
	}, {
		ID:         FlowIDPassword,
		Name:       "Resource owner password",
		Summary:    "the app takes the user's password and sends it to the token endpoint; RFC 9700 §2.4 says it MUST NOT be used (RFC 6749 §4.3)",
		GrantTypes: []string{"password", "refresh_token"},
		Inputs:     passwordInputs,
		Label:      LabelLegacy,
		New:        func(p providers.Provider, o Options) Flow { return NewPassword(p, o) },
	}, {
		ID:         FlowIDImplicit,
		Name:       "Implicit",
		Summary:    "the browser brings the access token back in the redirect's fragment, with no token request; RFC 9700 §2.1.2 says not to use it (RFC 6749 §4.2)",
		GrantTypes: []string{"implicit"},
		Browser:    true,
		Label:      LabelLegacy,
		New:        func(p providers.Provider, o Options) Flow { return NewImplicit(p, o) },
	}}))
}

// GrantByID returns the grant whose --flow value is id.
func GrantByID(id string) (Grant, bool) {
	gs := Grants()
	i := slices.IndexFunc(gs, func(g Grant) bool { return g.ID == id })
	if i < 0 {
		return Grant{}, false
	}
	return gs[i], true
}

// GrantIDs returns the --flow values, in order, joined by sep.
func GrantIDs(sep string) string {
	var ids []string
	for _, g := range Grants() {
		ids = append(ids, g.ID)
	}
	return strings.Join(ids, sep)
}

// grantType returns the grant_type the flow id sends first, "" for an
// unknown id.
func grantType(id string) string {
	if g, ok := GrantByID(id); ok && len(g.GrantTypes) > 0 {
		return g.GrantTypes[0]
	}
	return ""
}

// Suits reports whether a client registered for the grant types
// registered may run g: it must be registered for g's own grant type.
func (g Grant) Suits(registered []string) bool {
	return len(g.GrantTypes) > 0 && slices.Contains(registered, g.GrantTypes[0])
}

// AdvertisedBy reports whether the server described by md advertises g:
// whether its grant_types_supported lists g's own grant type (RFC 8414
// §2). known is false when md publishes no list (no metadata, metadata
// given by hand, or a document without the member): nothing can then be
// said, as Preflight holds no absent list against a grant.
func (g Grant) AdvertisedBy(md *providers.Metadata) (advertised, known bool) {
	if md == nil || md.Kind == providers.KindStatic || len(md.GrantTypesSupported) == 0 || len(g.GrantTypes) == 0 {
		return true, false
	}
	return slices.Contains(md.GrantTypesSupported, g.GrantTypes[0]), true
}
