package flows

import (
	"sort"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// oauthAdvice holds the advice for each standard error code: the token and
// authorization endpoints (RFC 6749 §4.1.2.1, §5.2), OpenID Connect
// (Core §3.1.2.6), the device grant (RFC 8628 §3.5), resource indicators
// (RFC 8707 §2), and resource servers (RFC 6750 §3.1). It is read-only
// after initialisation.
var oauthAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"invalid_client": {
			causes: []string{"the client secret is wrong, expired or rotated (a common slip: the secret's ID copied instead of its value)", "the client id does not exist at this server, or in this tenant or realm", "the client authentication method differs from the registered one (client_secret_basic vs client_secret_post)", "a public client sent no secret to a server that registered it as confidential"},
			try:    []string{"copy the secret again from the provider's console", "switch {setting:auth-method} between client_secret_basic and client_secret_post", "check that the client id belongs to this issuer"},
			ref:    "RFC 6749 §5.2, §2.3.1",
		},
		"invalid_grant": {
			causes: []string{"the authorization code was already used, has expired (codes live minutes), or was issued to another client", "the code_verifier does not match the code_challenge (PKCE)", "the redirect_uri differs from the one in the authorization request", "the refresh token was revoked, has expired, or was already used after a rotation"},
			try:    []string{"start the flow again to get a fresh code and redeem it at once", "check the clock of this machine", "for a refresh: use the newest refresh token the server returned"},
			ref:    "RFC 6749 §5.2, §4.1.2; RFC 7636 §4.6",
		},
		"invalid_scope": {
			causes: []string{"a requested scope is unknown to the server", "the client is not allowed to request one of the scopes", "scopes of two different APIs were mixed in one request (Entra allows one resource per token)"},
			try:    []string{"remove scopes one by one to find the refused one", "grant the scope to the client in the provider's console", "compare with scopes_supported in the discovery document"},
			ref:    "RFC 6749 §3.3, §5.2",
		},
		"unauthorized_client": {
			causes: []string{"the client is not registered for this grant type (e.g. client credentials not enabled for the app)", "a public client asked for a grant only confidential clients may use"},
			try:    []string{"enable the grant for the client in the provider's console", "use a client registered for this flow"},
			ref:    "RFC 6749 §5.2, §4.1.2.1",
		},
		"unsupported_grant_type": {
			causes: []string{"the server does not implement this grant", "grant_type was misspelled or sent in the wrong place (it belongs in the form body)"},
			try:    []string{"check grant_types_supported in the discovery document", "pick another flow"},
			ref:    "RFC 6749 §5.2",
		},
		"unsupported_response_type": {
			causes: []string{"the server, or this client's registration, does not allow response_type=code"},
			try:    []string{"check response_types_supported in the discovery document", "enable the authorization code flow for the client"},
			ref:    "RFC 6749 §4.1.2.1",
		},
		"invalid_request": {
			causes: []string{"a required parameter is missing or repeated", "a parameter value is malformed", "the body was not form-encoded", "PKCE is required for this client and code_challenge was missing"},
			try:    []string{"read the error_description: servers name the parameter", "compare {view:request} with the parameters the grant requires (RFC 6749 §4.1.3, §4.4.2)"},
			ref:    "RFC 6749 §5.2, §4.1.2.1",
		},
		"access_denied": {
			causes: []string{"the user pressed Deny on the consent page", "a policy at the server refused this user or client (user not assigned to the app, conditional access)"},
			try:    []string{"run the flow again and approve", "check the user's assignment to the application"},
			ref:    "RFC 6749 §4.1.2.1",
		},
		"consent_required": {
			causes: []string{"prompt=none was sent but the user has not consented to the scopes"},
			try:    []string{"run without prompt=none, or with prompt=consent"},
			ref:    "OIDC Core §3.1.2.6",
		},
		"login_required": {
			causes: []string{"prompt=none was sent but the user has no session at the server"},
			try:    []string{"run without prompt=none so the user can log in"},
			ref:    "OIDC Core §3.1.2.6",
		},
		"interaction_required": {
			causes: []string{"prompt=none was sent but the server needs the user (consent, MFA, account choice)"},
			try:    []string{"run without prompt=none"},
			ref:    "OIDC Core §3.1.2.6",
		},
		"account_selection_required": {
			causes: []string{"prompt=none was sent but the user has several sessions and must choose one"},
			try:    []string{"run with prompt=select_account, or without prompt=none"},
			ref:    "OIDC Core §3.1.2.6",
		},
		"invalid_target": {
			causes: []string{"the resource or audience parameter names an API the server does not know, or one this client may not use"},
			try:    []string{"check the audience/resource value against the API's identifier in the provider's console"},
			ref:    "RFC 8707 §2",
		},
		"authorization_pending": {
			causes: []string{"the user has not finished the device authorization yet"},
			try:    []string{"keep polling at the given interval"},
			ref:    "RFC 8628 §3.5",
		},
		"slow_down": {
			causes: []string{"the client polled faster than the interval"},
			try:    []string{"increase the polling interval by 5 seconds"},
			ref:    "RFC 8628 §3.5",
		},
		"expired_token": {
			causes: []string{"the device code expired before the user finished"},
			try:    []string{"start the device flow again"},
			ref:    "RFC 8628 §3.5",
		},
		"server_error": {
			causes: []string{"the server failed while handling the request"},
			try:    []string{"try again; if it persists, check the server's logs"},
			ref:    "RFC 6749 §4.1.2.1",
		},
		"temporarily_unavailable": {
			causes: []string{"the server is overloaded or under maintenance"},
			try:    []string{"try again later"},
			ref:    "RFC 6749 §4.1.2.1",
		},

		// The revocation endpoint (RFC 7009 §2.2.1).
		"unsupported_token_type": {
			causes: []string{"the server cannot revoke tokens of this type: many revoke refresh tokens only, since a self-contained (JWT) access token stays valid until it expires whatever the server does", "the token_type_hint named a type the server does not know"},
			try:    []string{"revoke the refresh token of the grant instead: RFC 7009 §2.1 lets the server revoke its access tokens with it", "drop {setting:token-type-hint} or set it to the token's real type", "keep access tokens short-lived when they cannot be revoked"},
			ref:    "RFC 7009 §2.2.1, §2.1",
		},

		// Resource servers (the demo API, userinfo) answer in a WWW-Authenticate
		// challenge (RFC 6750 §3).
		"invalid_token": {
			causes: []string{"the access token has expired or was revoked", "the token was issued for another audience (aud) than this API", "the token was sent malformed or cut (copying, a missing \"Bearer \" prefix)"},
			try:    []string{"get a fresh token (run the flow again, or the refresh step)", "ask for a token for this API: set {setting:audience} or {setting:resource} to its identifier", "read its aud and exp in {view:claims}"},
			ref:    "RFC 6750 §3.1",
		},
		"insufficient_scope": {
			causes: []string{"the token is valid but lacks the scope this request needs; the WWW-Authenticate header names it"},
			try:    []string{"ask for that scope ({setting:scope}) and make sure the client may have it", "check the scope the server actually granted in the token response"},
			ref:    "RFC 6750 §3.1",
		},
		"rate_limited": {
			causes: []string{"too many requests with this token in a short time (HTTP 429)"},
			try:    []string{"wait the number of seconds in Retry-After, then try again"},
			ref:    "RFC 6585 §4; RFC 9110 §10.2.3 (Retry-After)",
		},
	}
}}

// OAuthErrorCodes lists the error codes that have a diagnosis, sorted.
func OAuthErrorCodes() []string {
	out := make([]string, 0, len(oauthAdvice.Get()))
	for k := range oauthAdvice.Get() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
