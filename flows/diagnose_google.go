package flows

import "github.com/oauth-explorer/oauth-explorer/internal/lazy"

// Google's OAuth 2.0 server answers with a few codes of its own and with
// fixed messages under the standard codes. Its guides:
// https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors
// and, for installed apps,
// https://developers.google.com/identity/protocols/oauth2/native-app

const googleErrs = "https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors-"

var googleDialect = dialect{
	name: "Google",
	is: func(oe *OAuthError) bool {
		if hostIn(oe.host(), "accounts.google.com", "oauth2.googleapis.com", "www.googleapis.com") {
			return true
		}
		// Messages and codes no other provider sends, for a token URL
		// given by another name (a proxy, a test).
		switch oe.Code {
		case "deleted_client", "org_internal", "admin_policy_enforced":
			return true
		case "invalid_client":
			return descIs(oe, "The OAuth client was not found.", "Unauthorized")
		}
		return descIs(oe, "client_secret is missing.", "Invalid grant_type: client_credentials")
	},
	advise: func(oe *OAuthError) (string, advice, bool) {
		key := oe.Code
		switch {
		case oe.Code == "invalid_client" && descIs(oe, "The OAuth client was not found."):
			key = "invalid_client/not_found"
		case oe.Code == "invalid_client" && descIs(oe, "Unauthorized"):
			key = "invalid_client/unauthorized"
		case descIs(oe, "client_secret is missing."):
			key = "invalid_request/client_secret_missing"
		case descIs(oe, "Invalid grant_type: client_credentials"):
			key = "unsupported_grant_type/client_credentials"
		case oe.Code == "invalid_grant" && descIs(oe, "Token has been expired or revoked."):
			key = "invalid_grant/refresh"
		}
		a, ok := googleAdvice.Get()[key]
		return oe.Code, a, ok
	},
}

// googleAdvice explains Google's own codes and messages, keyed by code or
// by "code/message". Read-only after initialisation.
var googleAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"redirect_uri_mismatch": {
			causes: []string{"the redirect URI in the request is not one of the Authorized redirect URIs of the OAuth client in the Google Cloud console (exact match: scheme, host, port, path, trailing slash)", "a Web application client was used for a loopback redirect: a Desktop app client accepts http://127.0.0.1 on any port", "at the token endpoint: the redirect_uri differs from the one of the authorization request"},
			try:    []string{"add the exact URI from {view:request} to Authorized redirect URIs (changes may take a few minutes)", "or create an OAuth client of type Desktop app for this tool"},
			ref:    googleErrs + "redirect-uri-mismatch; RFC 6749 §3.1.2.2",
		},
		"deleted_client": {
			causes: []string{"the OAuth client was deleted in the Google Cloud console"},
			try:    []string{"restore it (possible for a while after deletion) or create a new one and use its client ID"},
			ref:    googleErrs + "deleted-client",
		},
		"org_internal": {
			causes: []string{"the OAuth client belongs to a Google Cloud project whose consent screen is Internal: only users of that Google Workspace organization may sign in"},
			try:    []string{"sign in with an account of the organization", "or set the OAuth consent screen's user type to External"},
			ref:    googleErrs + "org-internal",
		},
		"admin_policy_enforced": {
			causes: []string{"the Google Workspace administrator's policy blocks this app or the scopes it asks for"},
			try:    []string{"ask the Workspace administrator to allow the app (API controls → App access control)", "request fewer or less sensitive scopes"},
			ref:    googleErrs + "admin-policy-enforced",
		},
		"invalid_client/not_found": {
			causes: []string{"Google knows no OAuth client with this client ID: a typo, a stray space, a client from another project, or a deleted one"},
			try:    []string{"copy the client ID again from Google Cloud console → APIs & Services → Credentials (it ends in .apps.googleusercontent.com)"},
			ref:    googleErrs + "invalid-client; RFC 6749 §5.2",
		},
		"invalid_client/unauthorized": {
			causes: []string{"the client secret does not belong to this client ID (wrong or reset secret), or the client type needs a secret that was not sent"},
			try:    []string{"copy the client secret again (or reset it) in the Google Cloud console", "send it with {setting:client-secret}; Desktop app clients have a secret too"},
			ref:    googleErrs + "invalid-client; RFC 6749 §5.2",
		},
		// Google wants the secret of Desktop app clients too, PKCE or not:
		// the secret of an installed app is not confidential, but it is
		// required (native-app guide, step 5).
		"invalid_request/client_secret_missing": {
			causes: []string{"Google requires the client secret at the token endpoint for Desktop app and Web application clients alike, even with PKCE, and none was sent"},
			try:    []string{"send the secret shown with the OAuth client (Google Cloud console → APIs & Services → Credentials): {setting:client-secret}", "with {setting:auth-method} client_secret_post or client_secret_basic, not none"},
			ref:    "Google: https://developers.google.com/identity/protocols/oauth2/native-app#exchange-authorization-code; RFC 6749 §2.3.1",
		},
		"unsupported_grant_type/client_credentials": {
			causes: []string{"Google's OAuth 2.0 server has no client credentials grant: a program acting for itself uses a service account, which signs a JWT assertion with its key (RFC 7523)"},
			try:    []string{"to act for a person, log them in with the authorization code flow", "for a service, create a service account in the Google Cloud console and use its key"},
			ref:    "Google: https://developers.google.com/identity/protocols/oauth2/service-account; RFC 6749 §5.2; RFC 7523 §2.1",
		},
		"invalid_grant/refresh": {
			causes: []string{"the refresh token no longer works: the user revoked the app's access, it was unused for six months, the user changed the password (with Gmail scopes), the user holds too many refresh tokens for this client (the oldest are dropped), or the Google Cloud project is in Testing, where refresh tokens expire after 7 days"},
			try:    []string{"log in again with the authorization code flow (access_type=offline) for a new refresh token", "publish the OAuth consent screen (In production) for refresh tokens that last"},
			ref:    "Google: https://developers.google.com/identity/protocols/oauth2#expiration; RFC 6749 §5.2, §6",
		},
	}
}}
