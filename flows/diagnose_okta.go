package flows

import (
	"regexp"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// Okta's authorization servers (/oauth2/v1 for the org server,
// /oauth2/{id}/v1 for a custom one) explain refusals in fixed sentences:
// https://developer.okta.com/docs/reference/api/oidc/#possible-errors

// oktaTokenPath is the token endpoint of an Okta authorization server.
var oktaTokenPath = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^/oauth2(/[^/]+)?/v1/(token|authorize)$`) }}

const oktaErrors = "Okta: https://developer.okta.com/docs/reference/api/oidc/#possible-errors"

var oktaDialect = dialect{
	name: "Okta",
	is: func(oe *OAuthError) bool {
		return hostIn(oe.host(), "okta.com", "oktapreview.com", "okta-emea.com") || oktaTokenPath.Get().MatchString(oe.path()) ||
			descHas(oe, "Policy evaluation failed for this request", "The client secret supplied for a confidential client is invalid")
	},
	advise: func(oe *OAuthError) (string, advice, bool) {
		switch {
		case oe.Code == "invalid_client" && descHas(oe, "client secret supplied for a confidential client is invalid"):
			return oe.Code, oktaAdvice.Get()["secret"], true
		case oe.Code == "invalid_client":
			return oe.Code, withStandard(oe, advice{ref: oktaErrors}), true
		case descHas(oe, "Policy evaluation failed") && oe.GrantType == "client_credentials":
			return oe.Code, oktaAdvice.Get()["policy"], true
		case descHas(oe, "Policy evaluation failed"):
			return oe.Code, oktaAdvice.Get()["policy/user"], true
		case oe.Code == "unauthorized_client" && descHas(oe, "not authorized to use the provided grant type"):
			return oe.Code, oktaAdvice.Get()["grant_type"], true
		case oe.Code == "invalid_grant" && descHas(oe, "PKCE verification failed"):
			return oe.Code, oktaAdvice.Get()["pkce"], true
		case oe.Code == "invalid_scope" && oe.GrantType == "client_credentials":
			return oe.Code, oktaAdvice.Get()["cc_scope"], true
		}
		return "", advice{}, false
	},
}

// oktaAdvice explains Okta's answers. Read-only after initialisation.
var oktaAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"secret": {
			causes: []string{"Okta: the client secret is wrong, or was rotated (Applications → the app → General → Client Credentials)"},
			try:    []string{"copy the secret again, or generate a new one, and send it with {setting:client-secret}", "check the app's Client authentication setting against {setting:auth-method}"},
			ref:    oktaErrors + "; RFC 6749 §2.3.1",
		},
		// At the authorization endpoint a user is behind it (not assigned to
		// the app); at the token endpoint the client alone is (no rule lets
		// this client, grant and scope through).
		"policy": {
			causes: []string{"no access policy rule of the authorization server allows this request: Security → API → Authorization Servers → the server → Access Policies must have a policy assigned to this client, with a rule for this grant type and these scopes"},
			try:    []string{"add or widen the access policy rule (grant type, scopes) for this client"},
			ref:    oktaErrors + "; RFC 6749 §5.2",
		},
		"policy/user": {
			causes: []string{"the user is not assigned to the application (directly or through a group)", "no access policy rule of the authorization server allows this client, grant type and scopes for this user (Security → API → Authorization Servers → the server → Access Policies)"},
			try:    []string{"assign the user, or a group of theirs, to the application", "add or widen the access policy rule"},
			ref:    oktaErrors + "; RFC 6749 §4.1.2.1, §5.2",
		},
		"grant_type": {
			causes: []string{"Okta: the application's Grant type settings do not include this grant (the description lists the configured ones)"},
			try:    []string{"enable the grant under Applications → the app → General → Grant type", "for client credentials use an API Services application"},
			ref:    oktaErrors + "; RFC 6749 §5.2",
		},
		"pkce": {
			causes: []string{"Okta: the code_verifier does not match the code_challenge of the authorization request: the code belongs to another attempt"},
			try:    []string{"start the flow again and redeem the code in the same run"},
			ref:    oktaErrors + "; RFC 7636 §4.6",
		},
		"cc_scope": {
			causes: []string{"Okta's client credentials grant takes only custom scopes defined on the authorization server: openid, profile and the other OpenID scopes are refused, and the org authorization server (/oauth2/v1) has no custom scopes"},
			try:    []string{"set {setting:scope} to scopes defined under Security → API → Authorization Servers → the server → Scopes", "use a custom authorization server (e.g. /oauth2/default) rather than the org one"},
			ref:    oktaErrors + "; RFC 6749 §3.3, §4.4.2",
		},
	}
}}
