package demo

import (
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Client describes a registered demo client (published demo values, not
// secrets worth hiding). The secrets look like real ones (40 characters,
// Microsoft Entra's "Q~" form) so that masking is seen, and tested, as it
// works on real secrets: long values take Hide's partial-masking path, and
// no fragment of them is ordinary text that a masking audit would mistake
// for a leak. Confidential clients authenticate at the token
// endpoint with their secret (RFC 6749 §2.3.1); public clients have none and
// prove possession of the authorization code with PKCE instead (RFC 7636).
type Client struct {
	ID, Secret  string   // Secret empty for public clients
	AuthMethod  string   // "client_secret_basic", "client_secret_post", "private_key_jwt" or "none"
	Grants      []string // e.g. "client_credentials", "authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange", "password", "implicit"
	Scopes      []string // scopes it may request
	Description string   // one line for humans, e.g. "service client, client_secret_basic"
	// RequirePAR: the client's authorization requests must be pushed
	// first (require_pushed_authorization_requests, RFC 9126 §6).
	RequirePAR bool
	// RequireSignedRequestObject: the client's authorization requests
	// must be signed request objects (RFC 9101 §10.5).
	RequireSignedRequestObject bool
	// RedirectURIs are the redirect URIs of a client registered at run
	// time (RFC 7591 §2): its authorization requests must name one of
	// them exactly. Empty for the published clients, which may use any
	// loopback redirect (RFC 8252 §7.3).
	RedirectURIs []string
}

const (
	grantCode              = string(oidc.GrantTypeCode)
	grantRefresh           = string(oidc.GrantTypeRefreshToken)
	grantClientCredentials = string(oidc.GrantTypeClientCredentials)
	grantDevice            = string(oidc.GrantTypeDeviceCode)
)

// userScopes are the scopes of the clients acting for the demo user.
func userScopes() []string {
	return []string{"openid", "profile", "email", "offline_access", "api.read"}
}

// Clients returns the registered demo clients. The list is static: calling
// it starts nothing and generates no keys.
func Clients() []Client {
	return []Client{
		{
			ID: "demo-service", Secret: "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", AuthMethod: "client_secret_basic",
			Grants:      []string{grantClientCredentials},
			Scopes:      []string{"api.read", "api.write"},
			Description: "service client, client_credentials, client_secret_basic",
		},
		{
			ID: "demo-service-post", Secret: "hIg8Q~pLtAw.VEKU6379lzLa2KH1MnAus0hw6WoJ", AuthMethod: "client_secret_post",
			Grants:      []string{grantClientCredentials},
			Scopes:      []string{"api.read"},
			Description: "service client, client_credentials, client_secret_post",
		},
		{
			ID: "demo-public", AuthMethod: "none",
			Grants:      []string{grantCode, grantRefresh},
			Scopes:      userScopes(),
			Description: "public native app, authorization code + PKCE S256 (required), loopback redirect",
		},
		{
			ID: "demo-confidential", Secret: "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97", AuthMethod: "client_secret_basic",
			Grants:      []string{grantCode, grantRefresh},
			Scopes:      userScopes(),
			Description: "confidential web app, authorization code (PKCE optional), client_secret_basic, loopback redirect",
		},
		{
			ID: "demo-par", Secret: "Vq28Q~kRzN3TgHw7oXbLc0uYfEjAs5mD1PiK9yWe", AuthMethod: "client_secret_basic",
			Grants:      []string{grantCode, grantRefresh},
			Scopes:      userScopes(),
			RequirePAR:  true,
			Description: "confidential web app that must push its authorization requests first (PAR, RFC 9126 §6), client_secret_basic",
		},
		{
			ID: "demo-device", AuthMethod: "none",
			Grants:      []string{grantDevice, grantRefresh},
			Scopes:      userScopes(),
			Description: "public device (input-constrained) client, device authorization grant (RFC 8628)",
		},
		{
			ID: "demo-exchange", Secret: "p5f8Q~T-sZ1aN9JHUG8vlcdOBJrrvt6rftlbpZTI", AuthMethod: "client_secret_basic",
			Grants:      []string{grantTokenExchange},
			Scopes:      []string{"api.read", "api.write", "openid", "profile", "email"},
			Description: "service that exchanges a token it received for one of its own, token exchange (RFC 8693), client_secret_basic",
		},
		{
			ID: "demo-legacy", AuthMethod: "none",
			Grants:      []string{grantPassword, grantImplicit, grantRefresh},
			Scopes:      userScopes(),
			Description: "public client of the legacy grants RFC 9700 forbids: resource owner password (§2.4) and implicit, id_token token (§2.1.2)",
		},
		{
			ID: "demo-secret-jwt", Secret: "Jw5tQ~sHq2Xn8LcVb0PzK4mRy7TdGe1UaWo9NiFj", AuthMethod: SecretJWTAuth,
			Grants:      []string{grantClientCredentials},
			Scopes:      []string{"api.read", "api.write"},
			Description: "service client, client_credentials, client_secret_jwt: a JWT signed with HS256 and its client secret (OpenID Connect Core §9)",
		},
		{
			ID: JWTClientID, AuthMethod: "private_key_jwt",
			Grants:      []string{grantClientCredentials, grantJWTBearer},
			Scopes:      []string{"api.read", "api.write"},
			Description: "service client, client_credentials and JWT bearer (RFC 7523; a trusted issuer for itself and the demo user), private_key_jwt: a JWT signed with its ES256 key (demo-server --write-client-key writes the key)",
		},
		{
			ID: JARClientID, AuthMethod: "private_key_jwt",
			Grants:                     []string{grantCode, grantRefresh},
			Scopes:                     userScopes(),
			RequireSignedRequestObject: true,
			Description:                "confidential web app that signs its authorization requests (JAR, RFC 9101 §10.5) and authenticates with private_key_jwt, with demo-jwt-client's published key",
		},
		{
			ID: MTLSClientID, AuthMethod: string(authTLS),
			Grants:      []string{grantClientCredentials, grantCode, grantRefresh},
			Scopes:      []string{"api.read", "api.write", "openid", "profile", "email", "offline_access"},
			Description: "service client, tls_client_auth (RFC 8705): a certificate from the demo CA, subject " + mtlsSubjectDN + "; tokens bound to it (demo-server --write-mtls writes it)",
		},
		{
			ID: MTLSSelfClientID, AuthMethod: string(authSelfSignedTLS),
			Grants:      []string{grantClientCredentials},
			Scopes:      []string{"api.read", "api.write"},
			Description: "service client, self_signed_tls_client_auth (RFC 8705 §2.2): a self-signed certificate registered by thumbprint; tokens bound to it",
		},
	}
}

// ClientByID returns the demo client with the given client_id: one of
// Clients, or one registered at run time (RFC 7591) at a running demo
// server. It is safe for concurrent use.
func ClientByID(id string) (Client, bool) {
	for _, c := range Clients() {
		if c.ID == id {
			return c, true
		}
	}
	return registeredClient(id)
}

// public reports whether c is a public client (RFC 6749 §2.1).
func (c Client) public() bool { return c.AuthMethod == "none" }

// KeyPEM is the private key of a client that authenticates with
// private_key_jwt, as PKCS#8 PEM (a published demo value, like the
// secrets); for an mTLS client its key and certificate, made in memory
// for this process; "" for the others.
func (c Client) KeyPEM() string {
	if c.isMTLS() {
		// The key and, after it, the certificate: one text holds both.
		cert, key, err := MTLSCredentials(c.ID)
		if err != nil {
			return ""
		}
		return key + cert
	}
	if c.AuthMethod != "private_key_jwt" {
		return ""
	}
	return JWTClientKeyPEM()
}

// allows reports whether c is registered for the grant type.
func (c Client) allows(grant string) bool { return slices.Contains(c.Grants, grant) }

// disallowedScopes returns the requested scopes that c may not request. A
// client acting for the user with a browser or a device (the
// authorization code or device grant) may ask for the MCP endpoint's
// scopes too, though they are not among the ones it lists: an MCP client
// asks for more by step-up (MCP basic/authorization).
func (c Client) disallowedScopes(requested []string) []string {
	var bad []string
	forUser := c.allows(grantCode) || c.allows(grantDevice)
	for _, s := range requested {
		if !slices.Contains(c.Scopes, s) && !(forUser && slices.Contains(mcpScopes, s)) {
			bad = append(bad, s)
		}
	}
	return bad
}

// scopeMeaning explains a demo scope in one line, for the consent page.
func scopeMeaning(scope string) string {
	switch scope {
	case "openid":
		return "Sign you in with OpenID Connect and issue an ID token about you."
	case "profile":
		return "Read your name and username."
	case "email":
		return "Read your email address and whether it is verified."
	case "offline_access":
		return "Keep access while you are away: a refresh token is issued."
	case "api.read":
		return "Read data from the demo API (GET /api/reports)."
	case "api.write":
		return "Change data in the demo API."
	case MCPScope:
		return "Connect to the demo MCP server (POST /mcp)."
	case MCPToolsScope:
		return "List the demo MCP server's tools."
	}
	return "Unknown scope."
}

// loopbackRedirect reports whether raw is an acceptable loopback redirect
// URI per RFC 8252 §7.3: http on 127.0.0.1, [::1] (any loopback IP) or
// localhost, any port, any path, no userinfo and no fragment
// (RFC 6749 §3.1.2). It explains a refusal.
func loopbackRedirect(raw string) (ok bool, why string) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return false, "it is not a valid URL"
	case u.Scheme != "http":
		return false, "its scheme is not http"
	case u.Opaque != "" || u.User != nil:
		return false, "it carries userinfo or is not hierarchical"
	case strings.Contains(raw, "#"):
		return false, "it has a fragment"
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return false, "its host " + host + " is not a loopback address"
	}
	return true, ""
}

// opClient adapts a Client to op.Client for the duration of one request.
// redirectURI is the loopback redirect_uri accepted for this request: the
// demo accepts any loopback port and path (RFC 8252 §7.3), which op's
// exact-match and glob rules cannot express safely, so the check is done in
// oidcServer.VerifyAuthRequest and the accepted URI is registered here.
type opClient struct {
	Client
	redirectURI string
}

var _ op.Client = (*opClient)(nil)

func (c *opClient) GetID() string { return c.ID }

func (c *opClient) RedirectURIs() []string {
	if c.redirectURI == "" {
		return nil
	}
	return []string{c.redirectURI}
}

func (c *opClient) PostLogoutRedirectURIs() []string { return nil }

func (c *opClient) ApplicationType() op.ApplicationType {
	if c.public() {
		return op.ApplicationTypeNative
	}
	return op.ApplicationTypeWeb
}

func (c *opClient) AuthMethod() oidc.AuthMethod { return oidc.AuthMethod(c.Client.AuthMethod) }

func (c *opClient) ResponseTypes() []oidc.ResponseType {
	var types []oidc.ResponseType
	if c.allows(grantCode) {
		types = append(types, oidc.ResponseTypeCode)
	}
	if c.allows(grantImplicit) {
		// Plain token is listed so that checkImplicit, not op, refuses
		// it, with the reason.
		types = append(types, oidc.ResponseTypeIDToken, oidc.ResponseTypeIDTokenOnly, "token")
	}
	return types
}

func (c *opClient) GrantTypes() []oidc.GrantType {
	grants := make([]oidc.GrantType, len(c.Grants))
	for i, g := range c.Grants {
		grants[i] = oidc.GrantType(g)
	}
	return grants
}

func (c *opClient) LoginURL(authRequestID string) string {
	return loginPath + "?authRequestID=" + url.QueryEscape(authRequestID)
}

func (c *opClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeJWT }
func (c *opClient) IDTokenLifetime() time.Duration      { return time.Hour }
func (c *opClient) DevMode() bool                       { return false }
func (c *opClient) ClockSkew() time.Duration            { return 0 }

// IDTokenUserinfoClaimsAssertion puts the profile and email claims into the
// ID token too, so that a learner sees them there and at the userinfo endpoint.
func (c *opClient) IDTokenUserinfoClaimsAssertion() bool { return true }

// IsScopeAllowed returns true for every scope so that op does not silently
// drop unknown scopes: oidcServer.Authorize refuses them with invalid_scope
// naming the scope (RFC 6749 §4.1.2.1).
func (c *opClient) IsScopeAllowed(string) bool { return true }

func (c *opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}

func (c *opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
