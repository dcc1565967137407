package flows

// Auth0 departs from RFC 6749 §5.2 in ways that mislead: a wrong client
// secret is 401 access_denied "Unauthorized", client credentials without an
// audience is 403 access_denied, invalid_grant comes with 403. Its
// Standard Error Responses: https://auth0.com/docs/api/authentication#standard-error-responses

const auth0Errors = "Auth0: https://auth0.com/docs/api/authentication#standard-error-responses"

var auth0Dialect = dialect{
	name: "Auth0",
	is: func(oe *OAuthError) bool {
		if hostIn(oe.host(), "auth0.com") {
			return true
		}
		// A custom domain hides the host; no other server answers the
		// token endpoint with access_denied and these texts.
		if !oe.atTokenEndpoint() {
			return false
		}
		return (oe.Code == "access_denied" && (descIs(oe, "Unauthorized") || descHas(oe, "No audience parameter was provided", "Client is not authorized to access", "Service not enabled within domain"))) ||
			descHas(oe, "not allowed for the client.") || descIs(oe, "Unknown or invalid refresh token.", "Unknown or invalid refresh token")
	},
	advise: func(oe *OAuthError) (string, advice, bool) {
		switch {
		case oe.Code == "access_denied" && (descIs(oe, "Unauthorized") || oe.HTTPStatus == 401):
			return oe.Code, auth0Advice["unauthorized"], true
		case descHas(oe, "No audience parameter was provided", "Service not enabled within domain"):
			return oe.Code, auth0Advice["audience"], true
		case descHas(oe, "Client is not authorized to access"):
			return oe.Code, auth0Advice["client_grant"], true
		case oe.Code == "unauthorized_client" && descHas(oe, "not allowed for the client"):
			return oe.Code, auth0Advice["grant_type"], true
		case descHas(oe, "invalid refresh token"):
			return oe.Code, auth0Advice["refresh"], true
		case oe.Code == "invalid_grant":
			return oe.Code, withStandard(oe, advice{ref: auth0Errors}), true
		case oe.Code == "access_denied" && oe.atTokenEndpoint():
			return oe.Code, auth0Advice["denied"], true
		}
		return "", advice{}, false
	},
}

// auth0Advice explains Auth0's answers at its token endpoint. Read-only
// after initialisation.
var auth0Advice = map[string]advice{
	// 401 access_denied "Unauthorized": Auth0 could not authenticate the
	// client (https://github.com/auth0/node-auth0/issues/682,
	// https://github.com/auth0/nextjs-auth0/issues/66).
	"unauthorized": {
		causes: []string{
			"Auth0 could not authenticate the client: the client secret is wrong or incomplete (double-clicking a secret stops at - or _), or belongs to another application or tenant",
			"the application's Authentication Method (Applications → the app → Credentials) differs from how the secret was sent: Client Secret (Post) vs Client Secret (Basic), or None for a Single Page Application, which takes no secret",
			"the client ID belongs to another tenant than this domain",
		},
		try: []string{
			"copy the Client Secret again with its copy button (Applications → the app → Settings)",
			"match {setting:auth-method} to the application's Authentication Method: client_secret_post for Post, client_secret_basic for Basic, none for None",
			"check that the domain is the tenant of this application",
		},
		ref: auth0Errors + "; RFC 6749 §2.3.1, §5.2",
	},
	"audience": {
		causes: []string{"Auth0 issues a client credentials token only for an API, named by the audience parameter (the API's Identifier), and none was sent (or it names no API of this tenant) and the tenant has no Default Audience"},
		try:    []string{"set {setting:audience} to the API's Identifier (Applications → APIs → the API → Settings)", "or set a Default Audience in Tenant Settings → API Authorization Settings"},
		ref:    auth0Errors + "; https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow; RFC 8707 §2",
	},
	"client_grant": {
		causes: []string{"the application is not authorized for this API: Auth0 needs a client grant between a machine-to-machine application and the API"},
		try:    []string{"authorize the application under Applications → APIs → the API → Machine to Machine Applications, and select the permissions it may have"},
		ref:    auth0Errors + "; RFC 6749 §4.4",
	},
	"grant_type": {
		causes: []string{"the grant is not enabled for this application (Applications → the app → Advanced Settings → Grant Types)"},
		try:    []string{"enable the grant for the application, or use an application of the right type (Machine to Machine for client credentials)"},
		ref:    auth0Errors + "; RFC 6749 §5.2",
	},
	"refresh": {
		causes: []string{"the refresh token was revoked, has expired, or was already used: with Refresh Token Rotation on, each one works once"},
		try:    []string{"log in again for a new refresh token", "keep the newest refresh token of each refresh response"},
		ref:    auth0Errors + "; RFC 6749 §6",
	},
	"denied": {
		causes: []string{"Auth0 refused to issue the token to this client: the application is not authorized for the API or the permissions asked, or a Rule or Action refused it"},
		try:    []string{"authorize the application for the API (Applications → APIs → the API → Machine to Machine Applications)", "read the tenant's logs (Monitoring → Logs): they name the reason"},
		ref:    auth0Errors + "; RFC 6749 §5.2",
	},
}
