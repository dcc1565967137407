// Package providers describes the authorization servers oauth-explorer talks
// to: their settings (issuer, endpoints, client credentials) and the metadata
// they publish through OpenID Connect Discovery 1.0 and RFC 8414.
//
// Nothing here imports a UI package: the TUI and the commands render what
// this package returns.
package providers

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
)

// Client authentication methods at the token endpoint (RFC 6749 §2.3,
// OpenID Connect Core §9). They are chosen explicitly: x/oauth2's
// auto-detection caches the first attempt and breaks public clients.
const (
	AuthBasic = "client_secret_basic"
	AuthPost  = "client_secret_post"
	AuthNone  = "none"
	// AuthSecretJWT signs a client assertion with the client secret
	// (HS256) and AuthPrivateKeyJWT with the client's private key; both
	// send it as client_assertion (RFC 7523 §2.2, OpenID Connect Core §9).
	AuthSecretJWT     = "client_secret_jwt"
	AuthPrivateKeyJWT = "private_key_jwt"
	// AuthTLS and AuthSelfSignedTLS authenticate the client by the
	// certificate it presents in the TLS handshake (mutual TLS, RFC 8705
	// §2): one a CA issued, matched by its subject (§2.1), or a
	// self-signed one registered with the server (§2.2).
	AuthTLS           = "tls_client_auth"
	AuthSelfSignedTLS = "self_signed_tls_client_auth"
)

// AuthMethods lists the client authentication methods oauth-explorer can use.
var AuthMethods = []string{AuthBasic, AuthPost, AuthNone, AuthPrivateKeyJWT, AuthSecretJWT, AuthTLS, AuthSelfSignedTLS}

// MutualTLS reports whether method authenticates the client with a TLS
// client certificate (RFC 8705 §2).
func MutualTLS(method string) bool { return method == AuthTLS || method == AuthSelfSignedTLS }

// Provider is an authorization server together with the client registered at
// it: what a flow needs to know before it starts.
type Provider struct {
	// Name identifies the provider to the user ("demo", a preset id, an
	// entry of the providers file, or "custom" for --issuer).
	Name string
	// Preset is the id of the preset the settings were built from (see
	// Presets), or empty.
	Preset string
	// Issuer is the authorization server's issuer identifier (RFC 8414 §2);
	// discovery starts from it. Empty means no discovery: the endpoints
	// below stand in for the metadata.
	Issuer string
	// TokenURL, AuthURL and JWKSURL, when set, override or replace the
	// discovered endpoints.
	TokenURL, AuthURL, JWKSURL string
	// UserinfoURL (OpenID Connect Core §5.3) and DeviceAuthURL (RFC 8628
	// §3.1), when set, override or replace the discovered ones too.
	UserinfoURL, DeviceAuthURL string
	// IntrospectionURL (RFC 7662 §2) and RevocationURL (RFC 7009 §2),
	// when set, override or replace the discovered ones too.
	IntrospectionURL, RevocationURL string
	// Quirks are the provider's known departures from the specifications,
	// one sentence each, shown to the user (from the preset).
	Quirks []string

	ClientID     string
	ClientSecret string
	// AuthMethod is one of AuthMethods.
	AuthMethod string
	// AuthAuto is set when AuthMethod was not chosen by the user but
	// guessed from the settings (DefaultAuthMethod): the flow then picks
	// the method from token_endpoint_auth_methods_supported.
	AuthAuto bool
	// ClientKeyFile is the PEM or JWK file of the private key that signs
	// private_key_jwt assertions; ClientKey holds the key's text itself
	// when it is known in memory (the demo's), and wins. Both are
	// secrets' homes: the text is masked wherever shown.
	ClientKeyFile, ClientKey string
	// ClientKeyID is the assertion's kid header (empty: the JWK's kid, or
	// none); ClientKeyAlg its algorithm (empty: the key's usual one).
	ClientKeyID, ClientKeyAlg string
	// ClientCertFile is the PEM certificate registered for the key: its
	// SHA-256 thumbprint goes in the x5t#S256 header (Microsoft Entra ID's
	// certificate credentials).
	ClientCertFile string
	// AssertionAudience is the aud of a client assertion: empty for the
	// token endpoint (OpenID Connect Core §9), "issuer" for the issuer
	// (as Auth0 asks), or a URL used as it is.
	AssertionAudience string
	// CACerts holds PEM certificates of CAs trusted for this provider's
	// TLS endpoints besides the system's (the demo's in-memory CA, for
	// its mTLS endpoint aliases); verification stays on.
	CACerts string
	// MTLSAPIURL, when set, is the API's address for a client that
	// authenticates with a TLS certificate (the resource's mTLS alias,
	// where it can check a certificate-bound token, RFC 8705 §3): the
	// API call goes there instead of APIURL.
	MTLSAPIURL string
	Scopes     []string
	// Audience is sent as the "audience" parameter (used by Auth0 and
	// others) and Resource as "resource" (RFC 8707).
	Audience string
	Resource string
	// TokenParams are extra parameters for the token request and
	// AuthParams for the authorization request.
	TokenParams url.Values
	AuthParams  url.Values
	// RedirectURI is the exact redirect URI registered for the client;
	// empty means a loopback URI on a free port (RFC 8252 §7.3).
	RedirectURI string
	// APIURL is the protected resource the API-call step calls with the
	// access token; empty skips that step.
	APIURL string
	// MCPURL is the MCP server (its Streamable HTTP endpoint) the mcp
	// grant connects to when no mcp-url is given; empty means none.
	MCPURL string
}

// SecretSent is the client secret as the client authentication method
// sends it: none for a public client (AuthNone, RFC 6749 §2.1) nor for
// the JWT methods, which send an assertion instead (RFC 7523 §2.2),
// whatever was given otherwise.
func (p Provider) SecretSent() string {
	if p.AuthMethod == AuthNone || p.AuthMethod == AuthSecretJWT || p.AuthMethod == AuthPrivateKeyJWT || MutualTLS(p.AuthMethod) {
		return ""
	}
	return p.ClientSecret
}

// Validate reports the first setting that makes the provider unusable, with a
// sentence that says how to fix it. Settings are named as {setting:NAME}
// placeholders (the flag's name), which each surface words as it has them
// (flows.Phrase): a flag on the command line, a field in the TUI.
func (p Provider) Validate() error {
	if p.Issuer == "" && p.TokenURL == "" {
		return fmt.Errorf("no issuer: give {setting:issuer} (or a token URL)")
	}
	for _, e := range []struct{ setting, raw string }{
		{"issuer", p.Issuer}, {"token-url", p.TokenURL}, {"authorization-url", p.AuthURL},
		{"jwks-url", p.JWKSURL}, {"userinfo-url", p.UserinfoURL}, {"", p.DeviceAuthURL},
		{"introspection-url", p.IntrospectionURL}, {"revocation-url", p.RevocationURL},
	} {
		if err := CheckURL(e.setting, e.raw); err != nil {
			return err
		}
	}
	if p.ClientID == "" {
		return fmt.Errorf("no client id: give {setting:client-id}")
	}
	switch p.AuthMethod {
	case AuthBasic, AuthPost, AuthSecretJWT:
		if p.ClientSecret == "" {
			return fmt.Errorf("auth method %s needs a client secret: give {setting:client-secret}, or set {setting:auth-method} to none for a public client", p.AuthMethod)
		}
	case AuthPrivateKeyJWT:
		if p.ClientKey == "" && p.ClientKeyFile == "" {
			return fmt.Errorf("auth method %s needs the client's private key: give {setting:client-key} (PEM or JWK; 'oauth-explorer keys generate' makes one)", p.AuthMethod)
		}
	case AuthTLS, AuthSelfSignedTLS:
		if p.ClientKey == "" && p.ClientKeyFile == "" {
			return fmt.Errorf("auth method %s needs the client's certificate and its private key: give {setting:client-cert} and {setting:client-key} (PEM; one file may hold both) (RFC 8705 section 2)", p.AuthMethod)
		}
	case AuthNone:
	default:
		return fmt.Errorf("unknown auth method %q: set {setting:auth-method} to one of %s", p.AuthMethod, strings.Join(AuthMethods, ", "))
	}
	return nil
}

// CheckURL refuses raw, the value of the setting called setting (its
// command-line flag without dashes, named as {setting:NAME} for
// flows.Phrase), unless it is empty or an http(s) URL with a host; the
// error says, when raw lacks a scheme ("127.0.0.1:9000"), the URL with
// one. The device authorization endpoint has no setting of its own (the
// providers file gives it, and checks it when read): setting is empty
// then.
func CheckURL(setting, raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	shown := redact.Userinfo(raw)
	if setting == "" {
		return fmt.Errorf("%q is not an http(s) URL", shown)
	}
	if noScheme(raw) {
		return fmt.Errorf("%q is not an http(s) URL: it has no scheme; give {setting:%s} as http://%s or https://%s", shown, setting, shown, shown)
	}
	return fmt.Errorf("%q is not an http(s) URL: give {setting:%s} as http://… or https://…, e.g. https://id.example.com", shown, setting)
}

// noScheme tells whether raw is a URL without its scheme: a host, maybe
// with a port and a path ("127.0.0.1:9000", "id.example.com/realms/x",
// "[::1]:8080"), rather than one with a wrong scheme ("htp:/x", "ftp://x").
func noScheme(raw string) bool {
	if raw == "" || strings.ContainsAny(raw, " \t") {
		return false
	}
	if raw[0] == '[' {
		return true
	}
	_, after, found := strings.Cut(raw, ":")
	return !found || after != "" && after[0] >= '0' && after[0] <= '9'
}

// ScopeString joins the scopes as the "scope" parameter carries them
// (RFC 6749 §3.3).
func (p Provider) ScopeString() string { return strings.Join(p.Scopes, " ") }

// OverrideEndpoints sets the endpoints given by hand on md, over the
// discovered ones: a user who sets token_url means that URL.
func (p Provider) OverrideEndpoints(md *Metadata) {
	for _, o := range []struct {
		set string
		dst *string
	}{
		{p.AuthURL, &md.AuthorizationEndpoint},
		{p.TokenURL, &md.TokenEndpoint},
		{p.JWKSURL, &md.JWKSURI},
		{p.UserinfoURL, &md.UserinfoEndpoint},
		{p.DeviceAuthURL, &md.DeviceAuthorizationEndpoint},
		{p.IntrospectionURL, &md.IntrospectionEndpoint},
		{p.RevocationURL, &md.RevocationEndpoint},
	} {
		if o.set != "" {
			*o.dst = o.set
		}
	}
}

// StaticMetadata is the metadata the endpoints given by hand stand in for
// when there is no issuer to discover from (GitHub, or a server without
// RFC 8414 metadata). Its Kind is KindStatic.
func (p Provider) StaticMetadata() *Metadata {
	md := &Metadata{Kind: KindStatic}
	p.OverrideEndpoints(md)
	return md
}
