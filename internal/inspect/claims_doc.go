package inspect

import (
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// ClaimDoc explains a JWT claim or a JOSE header parameter to a person.
type ClaimDoc struct {
	// Meaning says in plain words what the value means.
	Meaning string
	// Ref is where it is defined: an RFC or OpenID section, or the
	// provider's documentation.
	Ref string
	// Source is the kind of definition: one of SourceJWT, SourceOIDC,
	// SourceStandard, SourceProvider, or for header parameters SourceJOSE.
	Source string
}

// The values of ClaimDoc.Source.
const (
	// SourceJWT marks the registered claims of RFC 7519 §4.1.
	SourceJWT = "RFC 7519"
	// SourceOIDC marks the claims of OpenID Connect Core 1.0 (§2, §5.1).
	SourceOIDC = "OIDC Core"
	// SourceStandard marks claims of other IETF or OpenID specifications
	// (RFC 9068, RFC 8693, RFC 7800, OpenID logout); Ref names which.
	SourceStandard = "standard"
	// SourceProvider marks claims one provider defines (Microsoft Entra ID,
	// Google, Keycloak, Auth0, Okta, Amazon Cognito); Ref links its
	// documentation.
	SourceProvider = "provider"
	// SourceJOSE marks the header parameters of JWS, JWE and JWA
	// (RFC 7515, RFC 7516, RFC 7518).
	SourceJOSE = "JOSE"
)

// ExplainClaim returns what the claim called name means. It knows the
// registered claims (RFC 7519 §4.1), the OpenID Connect Core claims (ID
// token §2, standard claims §5.1, at_hash, c_hash), the other standard
// claims found in access tokens (scope, client_id, cnf, roles, groups, sid,
// act) and the common claims of the major providers. A name that is a URI
// is explained as a collision-resistant custom claim (RFC 7519 §4.2).
func ExplainClaim(name string) (ClaimDoc, bool) {
	if d, ok := claimDocs.Get()[name]; ok {
		return d, true
	}
	if strings.HasPrefix(name, "https://") || strings.HasPrefix(name, "http://") {
		return ClaimDoc{
			Meaning: "a custom claim with a collision-resistant name (a URI the issuer controls, as Auth0 requires for its custom claims); its meaning is the issuer's",
			Ref:     "RFC 7519 §4.2", Source: SourceStandard,
		}, true
	}
	return ClaimDoc{}, false
}

// ExplainHeader returns what the JOSE header parameter called name means
// (RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4.6–4.8, RFC 7797).
func ExplainHeader(name string) (ClaimDoc, bool) {
	d, ok := headerDocs.Get()[name]
	return d, ok
}

// FormatTimeLocal renders t in UTC, then in loc, then relative to now:
// "2026-11-27 02:13:22 UTC · 03:13:22 CET (in 59m 12s)". The local date is
// shown only when it differs from the UTC date; a nil loc, or one that is
// UTC at t, gives FormatTime's output.
func FormatTimeLocal(t, now time.Time, loc *time.Location) string {
	if loc == nil {
		return FormatTime(t, now)
	}
	u, l := t.UTC(), t.In(loc)
	if name, off := l.Zone(); off == 0 && (name == "UTC" || name == "") {
		return FormatTime(t, now)
	}
	local := l.Format("15:04:05 MST")
	if l.Format("2006-01-02") != u.Format("2006-01-02") {
		local = l.Format("2006-01-02 15:04:05 MST")
	}
	return FormatUTC(u) + " · " + local + " (" + Relative(t, now) + ")"
}

const (
	entraAccess = "Microsoft Entra ID: https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference"
	entraID     = "Microsoft Entra ID: https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference"
	googleID    = "Google: https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload"
	keycloak    = "Keycloak Server Administration Guide (roles): https://www.keycloak.org/docs/latest/server_admin/"
	auth0Orgs   = "Auth0: https://auth0.com/docs/manage-users/organizations/using-tokens"
	auth0Claims = "Auth0: https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles"
	cognito     = "Amazon Cognito: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html"
	okta        = "Okta: https://developer.okta.com/docs/reference/api/oidc/#access-token-payload"
)

// claimDocs is built on first use and read-only after.
var claimDocs = lazy.Value[map[string]ClaimDoc]{New: func() map[string]ClaimDoc {
	return map[string]ClaimDoc{
		// Registered claims, RFC 7519 §4.1.
		"iss": {"issuer: who made and signed the token; it must be exactly the issuer you trust (compared character for character)", "RFC 7519 §4.1.1; OIDC Core §2", SourceJWT},
		"sub": {"subject: whom the token is about, an identifier unique within the issuer (a user, or the client itself in client credentials); iss + sub together identify a user for good, never the email", "RFC 7519 §4.1.2; OIDC Core §2, §5.7", SourceJWT},
		"aud": {"audience: who the token is for; a recipient must refuse a token whose aud does not name it (an ID token's aud is the client_id, an access token's aud is the API)", "RFC 7519 §4.1.3; OIDC Core §2; RFC 9068 §4", SourceJWT},
		"exp": {"expiration time: the token must not be accepted at or after this moment (a small leeway for clock skew is allowed)", "RFC 7519 §4.1.4", SourceJWT},
		"nbf": {"not before: the token must not be accepted before this moment", "RFC 7519 §4.1.5", SourceJWT},
		"iat": {"issued at: when the token was made; its age tells how fresh it is", "RFC 7519 §4.1.6", SourceJWT},
		"jti": {"JWT ID: a unique identifier of this token, which lets a recipient detect a replay", "RFC 7519 §4.1.7", SourceJWT},

		// ID token claims, OIDC Core §2, and the hashes of §3.1.3.6 / §3.3.2.11.
		"auth_time": {"when the user actually logged in (not when this token was made); compare it with max_age to know how fresh the login is", "OIDC Core §2", SourceOIDC},
		"nonce":     {"the random value the client sent in the authentication request, copied back; a client rejects an ID token whose nonce is not the one it sent, which stops replayed tokens", "OIDC Core §2, §3.1.3.7 step 11", SourceOIDC},
		"acr":       {"authentication context class reference: how strong the login was, by a level or policy the provider names (e.g. a URN for MFA)", "OIDC Core §2", SourceOIDC},
		"amr":       {"authentication methods references: how the user proved who they are, e.g. pwd (password), otp, mfa, hwk (hardware key)", "OIDC Core §2; RFC 8176 §2", SourceOIDC},
		"azp":       {"authorized party: the client_id of the client the token was issued to; when present it must be this client", "OIDC Core §2, §3.1.3.7", SourceOIDC},
		"at_hash":   {"access token hash: the left half of the hash of the access token issued with this ID token, base64url; it binds the two tokens together", "OIDC Core §3.1.3.6", SourceOIDC},
		"c_hash":    {"code hash: the left half of the hash of the authorization code, base64url; it binds the ID token to the code (required in the hybrid flow; some providers send it in the code flow too)", "OIDC Core §3.3.2.11", SourceOIDC},

		// Standard claims, OIDC Core §5.1.
		"name":                  {"the user's full name, for display", "OIDC Core §5.1", SourceOIDC},
		"given_name":            {"the user's given (first) name", "OIDC Core §5.1", SourceOIDC},
		"family_name":           {"the user's surname (last name)", "OIDC Core §5.1", SourceOIDC},
		"middle_name":           {"the user's middle name", "OIDC Core §5.1", SourceOIDC},
		"nickname":              {"a casual name of the user", "OIDC Core §5.1", SourceOIDC},
		"preferred_username":    {"the name the user likes to be called by, such as a login name; it is not unique or stable, so never use it as a key (use iss + sub)", "OIDC Core §5.1, §5.7", SourceOIDC},
		"profile":               {"URL of the user's profile page", "OIDC Core §5.1", SourceOIDC},
		"picture":               {"URL of the user's profile picture", "OIDC Core §5.1", SourceOIDC},
		"website":               {"URL of the user's web page or blog", "OIDC Core §5.1", SourceOIDC},
		"email":                 {"the user's preferred email address; not unique or stable, and trust it only when email_verified is true", "OIDC Core §5.1, §5.7", SourceOIDC},
		"email_verified":        {"true if the provider took steps to check that the user controls the email address", "OIDC Core §5.1", SourceOIDC},
		"gender":                {"the user's gender", "OIDC Core §5.1", SourceOIDC},
		"birthdate":             {"the user's birthday, YYYY-MM-DD (0000 when the year is withheld, or YYYY alone)", "OIDC Core §5.1", SourceOIDC},
		"zoneinfo":              {"the user's time zone, as a tz database name such as Europe/Paris", "OIDC Core §5.1", SourceOIDC},
		"locale":                {"the user's locale, a BCP 47 language tag such as en-US", "OIDC Core §5.1", SourceOIDC},
		"phone_number":          {"the user's preferred telephone number, E.164 recommended (+1 604 555 1234)", "OIDC Core §5.1", SourceOIDC},
		"phone_number_verified": {"true if the provider checked that the user controls the phone number", "OIDC Core §5.1", SourceOIDC},
		"address":               {"the user's postal address, a JSON object (formatted, street_address, locality, region, postal_code, country)", "OIDC Core §5.1, §5.1.1", SourceOIDC},
		"updated_at":            {"when the user's profile information was last changed", "OIDC Core §5.1", SourceOIDC},

		// Other standards.
		"scope":                 {"the scopes this access token grants, space-separated; the API checks it before acting", "RFC 8693 §4.2; RFC 9068 §2.2.3", SourceStandard},
		"client_id":             {"the client the token was issued to", "RFC 8693 §4.3; RFC 9068 §2.2", SourceStandard},
		"cnf":                   {"confirmation: the key the token is bound to (jkt for DPoP, x5t#S256 for mutual TLS); whoever presents the token must prove they hold that key. Its x5t#S256 is the SHA-256 thumbprint of the client's TLS certificate: a resource server accepts the token only over a mutual-TLS connection where that certificate was presented", "RFC 7800 §3.1; RFC 9449 §6; RFC 8705 §3.1", SourceStandard},
		"jkt":                   {"JWK SHA-256 thumbprint, inside cnf: the key a DPoP-bound token is bound to, as the RFC 7638 thumbprint of the public key; every DPoP proof presented with the token must be signed by that key", "RFC 9449 §6.1; RFC 7638", SourceStandard},
		"htm":                   {"DPoP proof: the HTTP method of the request the proof is for (POST, GET); a server refuses a proof made for another method", "RFC 9449 §4.2", SourceStandard},
		"htu":                   {"DPoP proof: the URL of the request the proof is for, without query and fragment; a server refuses a proof made for another URL, so a proof caught on its way cannot be spent elsewhere", "RFC 9449 §4.2, §4.3", SourceStandard},
		"ath":                   {"DPoP proof: the hash of the access token it is sent with (base64url of SHA-256), on calls to a resource server; it ties the proof to that token", "RFC 9449 §4.2, §7", SourceStandard},
		"roles":                 {"roles of the subject (Entra app roles, SCIM-style roles): what it may do in the application", "RFC 9068 §2.2.3.1; " + entraAccess, SourceStandard},
		"groups":                {"groups the subject belongs to (in Entra, group object IDs)", "RFC 9068 §2.2.3.1; " + entraAccess, SourceStandard},
		"entitlements":          {"entitlements of the subject: rights it holds", "RFC 9068 §2.2.3.1", SourceStandard},
		"sid":                   {"session ID: identifies the user's login session at the provider, used by logout to end the right session", "OpenID Connect Front-Channel Logout 1.0 §3; Back-Channel Logout 1.0 §2.4", SourceStandard},
		"act":                   {"actor: the party acting on behalf of the subject (delegation, after a token exchange), an object whose sub names it; an act nested inside names who acted before it. Without act a token exchanged for the subject impersonates them", "RFC 8693 §4.1, §1.1", SourceStandard},
		"authorization_details": {"rich authorization: what this access token may do in detail, beyond scopes: a JSON array of objects, each naming its type (a payment, an account, an API) with the actions, locations, amounts or datatypes that type defines; the API checks the request against it. It also comes back in the token response", "RFC 9396 §2, §7, §9.1", SourceStandard},
		"may_act":               {"who may act on behalf of the subject: an object whose sub names the party a token exchange may name as actor; a server that honours it refuses anyone else", "RFC 8693 §4.4", SourceStandard},

		// Microsoft Entra ID.
		"scp":         {"Microsoft Entra ID and Okta: the delegated scopes (permissions) granted to the client for this user, space-separated (Okta: an array)", entraAccess + "; " + okta, SourceProvider},
		"tid":         {"Microsoft Entra ID: the tenant (directory) the user signed in to, a GUID", entraAccess, SourceProvider},
		"oid":         {"Microsoft Entra ID: the user's (or service principal's) object ID, the same across all apps of the tenant; with tid, the stable key for a user", entraAccess, SourceProvider},
		"ver":         {"Microsoft Entra ID: the token format version, 1.0 or 2.0 (set by the API's accessTokenAcceptedVersion)", entraAccess, SourceProvider},
		"upn":         {"Microsoft Entra ID (v1 tokens): the user principal name, a sign-in name such as user@contoso.com; it can change, so do not use it as a key", entraAccess, SourceProvider},
		"unique_name": {"Microsoft Entra ID (v1 tokens): a display name for the user; may change, not for authorization", entraAccess, SourceProvider},
		"appid":       {"Microsoft Entra ID (v1 tokens): the client ID of the application that got the token (azp in v2)", entraAccess, SourceProvider},
		"appidacr":    {"Microsoft Entra ID (v1 tokens): how the client authenticated: 0 public client, 1 secret, 2 certificate", entraAccess, SourceProvider},
		"azpacr":      {"Microsoft Entra ID (v2 tokens): how the client authenticated: 0 public client, 1 secret, 2 certificate", entraAccess, SourceProvider},
		"idp":         {"Microsoft Entra ID: the identity provider that authenticated the user, when it is not the token's issuer (a guest's home tenant, a Microsoft account)", entraAccess, SourceProvider},
		"wids":        {"Microsoft Entra ID: the tenant-wide directory roles of the user, as role template IDs", entraAccess, SourceProvider},
		"uti":         {"Microsoft Entra ID: an internal token identifier; not for apps", entraAccess, SourceProvider},
		"rh":          {"Microsoft Entra ID: an internal claim used to revalidate tokens; not for apps", entraAccess, SourceProvider},
		"aio":         {"Microsoft Entra ID: an internal claim; not for apps", entraID, SourceProvider},

		// Google.
		"hd": {"Google: the hosted domain (Google Workspace) of the account; check it to admit only accounts of your organisation", googleID, SourceProvider},

		// Keycloak.
		"realm_access":    {"Keycloak: the user's realm roles, as {\"roles\": [...]}", keycloak, SourceProvider},
		"resource_access": {"Keycloak: the user's client roles, per client ID, as {\"client\": {\"roles\": [...]}}", keycloak, SourceProvider},
		"session_state":   {"Keycloak (and OpenID Connect Session Management): the state of the user's login session at the provider", "OpenID Connect Session Management 1.0 §3; " + keycloak, SourceProvider},
		"typ":             {"Keycloak: the kind of token, such as Bearer (access token), ID or Refresh", keycloak, SourceProvider},
		"allowed-origins": {"Keycloak: the web origins allowed to use the token from a browser (CORS)", keycloak, SourceProvider},

		// Auth0.
		"org_id":      {"Auth0: the organization the user logged in through", auth0Orgs, SourceProvider},
		"org_name":    {"Auth0: the name of the organization the user logged in through", auth0Orgs, SourceProvider},
		"gty":         {"Auth0: the grant type that produced the token, e.g. client-credentials", auth0Claims, SourceProvider},
		"permissions": {"Auth0 (RBAC): the API permissions granted to the user or client", auth0Claims, SourceProvider},

		// Okta.
		"cid": {"Okta: the client ID of the client that requested the token", okta, SourceProvider},
		"uid": {"Okta: the user's Okta ID", okta, SourceProvider},

		// Amazon Cognito.
		"token_use":        {"Amazon Cognito: which token this is, access or id", cognito, SourceProvider},
		"cognito:username": {"Amazon Cognito: the user's user name in the user pool", cognito, SourceProvider},
		"cognito:groups":   {"Amazon Cognito: the user pool groups the user belongs to", cognito, SourceProvider},
		"username":         {"Amazon Cognito: the user's user name in the user pool (access tokens)", cognito, SourceProvider},
		"origin_jti":       {"Amazon Cognito: the jti of the first token of this session, shared by the tokens refreshed from it (used for revocation)", cognito, SourceProvider},
		"event_id":         {"Amazon Cognito: the ID of the sign-in event that produced the token", cognito, SourceProvider},
	}
}}

// headerDocs is built on first use and read-only after.
var headerDocs = lazy.Value[map[string]ClaimDoc]{New: func() map[string]ClaimDoc {
	return map[string]ClaimDoc{
		"alg":      {"the algorithm that signed the token (RS256, ES256, EdDSA…) or encrypts its key; \"none\" means not signed at all. A verifier must accept only the algorithms it expects", "RFC 7515 §4.1.1; RFC 7518 §3.1", SourceJOSE},
		"jku":      {"a URL of a JWK Set holding the signing key; a verifier must not fetch keys from a URL the token names unless it already trusts that URL", "RFC 7515 §4.1.2", SourceJOSE},
		"jwk":      {"the public signing key itself, embedded in the header; trusting it would let anyone sign, so it needs another reason to be trusted", "RFC 7515 §4.1.3", SourceJOSE},
		"kid":      {"key ID: which key of the issuer's JWK Set signed the token; an unknown kid usually means the keys rotated and the JWKS must be fetched again", "RFC 7515 §4.1.4; OIDC Core §10.1.1", SourceJOSE},
		"x5u":      {"a URL of the X.509 certificate (chain) of the signing key; the same caution as jku applies", "RFC 7515 §4.1.5", SourceJOSE},
		"x5c":      {"the X.509 certificate chain of the signing key, base64 DER; it must chain to a trusted root to mean anything", "RFC 7515 §4.1.6", SourceJOSE},
		"x5t":      {"SHA-1 thumbprint of the signing key's X.509 certificate, base64url (Microsoft Entra ID sends it beside kid)", "RFC 7515 §4.1.7", SourceJOSE},
		"x5t#S256": {"SHA-256 thumbprint of the signing key's X.509 certificate, base64url", "RFC 7515 §4.1.8", SourceJOSE},
		"typ":      {"the media type of the whole token: JWT for most tokens, at+jwt for a JWT access token (RFC 9068), dpop+jwt for a DPoP proof (RFC 9449 §4.2), logout+jwt for a logout token; it keeps one kind of token from passing for another", "RFC 7515 §4.1.9; RFC 7519 §5.1; RFC 9068 §2.1", SourceJOSE},
		"cty":      {"content type of the payload; JWT means the payload is itself a token (a nested JWT, e.g. signed then encrypted)", "RFC 7515 §4.1.10; RFC 7519 §5.2", SourceJOSE},
		"crit":     {"header parameters the recipient must understand, or else reject the token", "RFC 7515 §4.1.11", SourceJOSE},
		"enc":      {"the content encryption algorithm of an encrypted token (JWE), e.g. A256GCM", "RFC 7516 §4.1.2; RFC 7518 §5.1", SourceJOSE},
		"zip":      {"compression applied before encryption (DEF = DEFLATE)", "RFC 7516 §4.1.3", SourceJOSE},
		"epk":      {"ephemeral public key of an ECDH-ES key agreement (JWE)", "RFC 7518 §4.6.1.1", SourceJOSE},
		"apu":      {"agreement PartyUInfo of an ECDH-ES key agreement (JWE)", "RFC 7518 §4.6.1.2", SourceJOSE},
		"apv":      {"agreement PartyVInfo of an ECDH-ES key agreement (JWE)", "RFC 7518 §4.6.1.3", SourceJOSE},
		"iv":       {"initialization vector of AES-GCM key wrapping (JWE)", "RFC 7518 §4.7.1.1", SourceJOSE},
		"tag":      {"authentication tag of AES-GCM key wrapping (JWE)", "RFC 7518 §4.7.1.2", SourceJOSE},
		"p2s":      {"salt of PBES2 password-based key encryption (JWE)", "RFC 7518 §4.8.1.1", SourceJOSE},
		"p2c":      {"iteration count of PBES2 password-based key encryption (JWE)", "RFC 7518 §4.8.1.2", SourceJOSE},
		"b64":      {"false means the payload is not base64url-encoded (unencoded payload option)", "RFC 7797 §3", SourceJOSE},
	}
}}
