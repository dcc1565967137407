package flows

import "github.com/oauth-explorer/oauth-explorer/internal/inspect"

// Term is one word of the protocol (a request parameter, a response field,
// a header) with its meaning in plain words and where it is defined.
type Term struct {
	Name, Meaning, Ref string
}

// Explanation teaches one step of a flow so that a learner can follow it
// without leaving the terminal. It is data: the TUI and the commands render
// it.
type Explanation struct {
	// Purpose says what the step is for.
	Purpose string
	// Parties says who talks to whom, naming the four roles of RFC 6749
	// §1.1 (resource owner, client, authorization server, resource server).
	Parties string
	// Params are the request parameters the step sends (form fields, query
	// parameters, the headers that carry credentials).
	Params []Term
	// Fields are the members of the response the step receives that are
	// its own; ResponseFields adds those below, which steps share.
	Fields []Term
	// TokenResponse, JWKS and Claims say that the response also carries a
	// token response's members (RFC 6749 §5.1), a JWK Set (RFC 7517 §5)
	// and these JWT claims, explained as the Claims tab explains them.
	// Declared rather than spelled out, they keep the explanations plain
	// data the compiler lays out, with nothing to build at start-up.
	TokenResponse, JWKS bool
	Claims              []string
	// Notice lists what is worth noticing: the security reasons behind the
	// rules, and the usual mistakes.
	Notice []string
	// Refs are the specification sections that define the step.
	Refs []string
}

// Param returns the request parameter called name.
func (e *Explanation) Param(name string) (Term, bool) { return findTerm(e.Params, name) }

// Field returns the response field called name.
func (e *Explanation) Field(name string) (Term, bool) { return findTerm(e.ResponseFields(), name) }

// ResponseFields lists the members of the response the step receives: a
// token response's, a JWK Set's, the step's own, then the JWT claims.
func (e *Explanation) ResponseFields() []Term {
	var out []Term
	if e.TokenResponse {
		out = append(out, tokenResponseFields...)
	}
	if e.JWKS {
		out = append(out, jwksFields...)
	}
	out = append(out, e.Fields...)
	return append(out, claimTerms(e.Claims...)...)
}

func findTerm(list []Term, name string) (Term, bool) {
	for _, t := range list {
		if t.Name == name {
			return t, true
		}
	}
	return Term{}, false
}

// claimTerms turns claim names into Terms with inspect's explanations, so
// that a claim reads the same in the Explain tab and in the Claims tab.
func claimTerms(names ...string) []Term {
	out := make([]Term, 0, len(names))
	for _, n := range names {
		d, _ := inspect.ExplainClaim(n)
		out = append(out, Term{Name: n, Meaning: d.Meaning, Ref: d.Ref})
	}
	return out
}

// Terms shared by several steps.
var (
	termClientID     = Term{"client_id", "which registered application is asking; an identifier the authorization server gave it, public, not a secret", "RFC 6749 §2.2"}
	termClientSecret = Term{"client_secret", "the client's password, here in the form body (client_secret_post; the specification prefers the Authorization header); only a confidential client has one", "RFC 6749 §2.3.1"}
	termBasic        = Term{"Authorization: Basic", "the client's credentials in a header (client_secret_basic): client_id and client_secret, each form-urlencoded, joined by \":\" and base64-encoded; every server must support this method", "RFC 6749 §2.3.1"}
	termScope        = Term{"scope", "the access asked for, as space-separated words the server defines; the server may grant less", "RFC 6749 §3.3"}
	termAudience     = Term{"audience", "which API the access token is for (Auth0, Okta and others; not part of RFC 6749): it becomes the token's aud", "RFC 8693 §2.1 (the same word in token exchange)"}
	termResource     = Term{"resource", "the URI of the API the token is for (a resource indicator); the server can then restrict the token's audience to it", "RFC 8707 §2"}

	fieldAccessToken  = Term{"access_token", "the credential the client presents to the resource server (the API); to the client it is an opaque string, even when it happens to be a JWT", "RFC 6749 §1.4, §5.1"}
	fieldTokenType    = Term{"token_type", "how to use the access token: Bearer means whoever holds it may use it (RFC 6750), so it must stay secret and travel only over TLS; DPoP means it is bound to a key (RFC 9449)", "RFC 6749 §7.1, §5.1"}
	fieldExpiresIn    = Term{"expires_in", "the access token's lifetime in seconds, counted from the response; the client should get a new one before then", "RFC 6749 §5.1"}
	fieldRefreshToken = Term{"refresh_token", "a longer-lived credential to get new access tokens at the token endpoint without the user; it goes only to the authorization server, never to an API", "RFC 6749 §1.5, §5.1, §6"}
	fieldScope        = Term{"scope", "the scope actually granted; the server must send it when it differs from what was asked", "RFC 6749 §3.3, §5.1"}
	fieldIDToken      = Term{"id_token", "a signed JWT about the user's login (who, when, how), addressed to the client: aud is the client_id. The client verifies it; it is not for calling APIs", "OIDC Core §2, §3.1.3.3"}
	fieldError        = Term{"error", "on failure, an error code such as invalid_client, invalid_grant or invalid_scope, and no token", "RFC 6749 §5.2"}
	fieldErrorDesc    = Term{"error_description", "on failure, a sentence for the developer saying what went wrong; often names the parameter at fault", "RFC 6749 §5.2"}
	fieldErrorURI     = Term{"error_uri", "on failure, a web page that explains the error", "RFC 6749 §5.2"}

	tokenResponseFields = []Term{fieldAccessToken, fieldTokenType, fieldExpiresIn, fieldRefreshToken, fieldScope, fieldIDToken, fieldAuthorizationDetails, fieldError, fieldErrorDesc, fieldErrorURI}

	// jwksFields explain a JSON Web Key Set as fetched from jwks_uri.
	jwksFields = []Term{
		{"keys", "the list of the server's public keys; the token's kid header picks one", "RFC 7517 §5.1"},
		{"kty", "key type: RSA, EC (elliptic curve) or OKP (Ed25519)", "RFC 7517 §4.1"},
		{"use", "what the key is for: sig (signing) or enc (encryption)", "RFC 7517 §4.2"},
		{"key_ops", "the operations the key may be used for, e.g. verify", "RFC 7517 §4.3"},
		{"alg", "the algorithm the key is used with, e.g. RS256", "RFC 7517 §4.4"},
		{"kid", "key ID, matched against the kid in the token's header", "RFC 7517 §4.5"},
		{"x5c", "the key's X.509 certificate chain", "RFC 7517 §4.7"},
		{"x5t", "SHA-1 thumbprint of the key's X.509 certificate", "RFC 7517 §4.8"},
		{"x5t#S256", "SHA-256 thumbprint of the key's X.509 certificate", "RFC 7517 §4.9"},
		{"n", "RSA public key: the modulus, base64url", "RFC 7518 §6.3.1.1"},
		{"e", "RSA public key: the exponent, base64url (AQAB is 65537)", "RFC 7518 §6.3.1.2"},
		{"crv", "the curve of an EC or OKP key: P-256, P-384, P-521, Ed25519", "RFC 7518 §6.2.1.1; RFC 8037 §2"},
		{"x", "EC or OKP public key: the x coordinate (or the Ed25519 key), base64url", "RFC 7518 §6.2.1.2; RFC 8037 §2"},
		{"y", "EC public key: the y coordinate, base64url", "RFC 7518 §6.2.1.3"},
	}
)

// discoveryExplain explains the Discovery step.
var discoveryExplain = &Explanation{
	Purpose: "Learn the authorization server's endpoints and abilities from the metadata it publishes, instead of configuring each URL by hand. Everything after this step uses what it returns.",
	Parties: "The client asks the authorization server, over TLS, with a plain GET; no credential is sent. The resource owner and the resource server take no part.",
	Params: []Term{
		{"/.well-known/openid-configuration", "the path OpenID Connect appends to the issuer URL to find the metadata", "OpenID Connect Discovery 1.0 §4.1"},
		{"/.well-known/oauth-authorization-server", "the path RFC 8414 inserts between the host and the issuer's path, tried when there is no OpenID document", "RFC 8414 §3.1"},
	},
	Fields: []Term{
		{"issuer", "the server's identifier; it must equal the issuer URL asked for, and every token it signs carries it as iss", "RFC 8414 §2, §3.3"},
		{"authorization_endpoint", "where the browser is sent to log the user in and approve the client", "RFC 6749 §3.1"},
		{"token_endpoint", "where the client trades a grant (code, refresh token, its own credentials) for tokens", "RFC 6749 §3.2"},
		{"jwks_uri", "where the server's public signing keys (a JWK Set) are published, to verify the tokens it signs", "RFC 8414 §2; RFC 7517 §5"},
		{"userinfo_endpoint", "returns claims about the logged-in user, for an access token", "OIDC Core §5.3"},
		{"scopes_supported", "scopes the server announces; it may accept others it does not list", "RFC 8414 §2"},
		{"response_types_supported", "what the authorization endpoint can return; code is the authorization code flow", "RFC 8414 §2; RFC 6749 §3.1.1"},
		{"grant_types_supported", "grants the token endpoint accepts; when absent, authorization_code and implicit", "RFC 8414 §2"},
		{"token_endpoint_auth_methods_supported", "how clients may authenticate at the token endpoint; when absent, client_secret_basic", "RFC 8414 §2"},
		{"code_challenge_methods_supported", "the PKCE methods accepted; S256 should be there", "RFC 8414 §2; RFC 7636 §4.3"},
		{"id_token_signing_alg_values_supported", "the algorithms ID tokens may be signed with; a token with another alg must be refused", "OpenID Connect Discovery 1.0 §3"},
		{"authorization_response_iss_parameter_supported", "true if the callback carries iss, which lets the client detect mix-up attacks", "RFC 9207 §3"},
		{"pushed_authorization_request_endpoint", "where the client may push its authorization request first and get a request_uri for the browser (PAR)", "RFC 9126 §5"},
		{"require_pushed_authorization_requests", "true if every authorization request must be pushed first; the par setting's auto follows it", "RFC 9126 §5"},
		{"authorization_details_types_supported", "the authorization_details types the server accepts (Rich Authorization Requests)", "RFC 9396 §10"},
		{"client_id_metadata_document_supported", "true if the server takes an https URL as client_id and fetches the client's metadata document there, with no registration", "draft-ietf-oauth-client-id-metadata-document §6"},
	},
	Notice: []string{
		"The issuer in the document must be exactly the URL asked for (a trailing slash counts): otherwise an attacker's server could pose as this one and receive codes meant for it (mix-up attack).",
		"Only the https scheme protects the metadata: whoever can alter it can point the client at their own token endpoint.",
		"Before anything is sent, oauth-explorer compares the settings with what the server announces (grant type, client authentication, PKCE, scopes, redirect URI) and warns about mismatches; the Date header also tells whether the two clocks agree.",
		"Providers with many tenants or realms publish one issuer each (…/realms/NAME, …/TENANT/v2.0): the issuer URL must include that part.",
	},
	Refs: []string{"OpenID Connect Discovery 1.0 §3, §4", "RFC 8414 §2, §3", "RFC 9700 §4.4 (mix-up)"},
}
