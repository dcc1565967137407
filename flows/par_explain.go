package flows

// termRequestURI explains request_uri in the authorization request that
// follows a pushed one.
var termRequestURI = Term{"request_uri",
	"the reference the PAR endpoint answered (urn:ietf:params:oauth:request_uri:…); the server looks up the pushed parameters by it, checks that client_id matches, and accepts it once, before it expires",
	"RFC 9126 §4"}

// acPARExplain explains the pushed authorization request (RFC 9126).
var acPARExplain = &Explanation{
	Purpose: "Send the authorization request's parameters straight to the authorization server, before the browser opens, and get back a short-lived, single-use reference to them (request_uri). The browser then carries only client_id and that reference.",
	Parties: "The client talks directly to the authorization server's pushed authorization request endpoint, a POST over TLS, authenticating as it does at the token endpoint. The resource owner's browser comes next; the resource server is not involved.",
	Params: []Term{
		{"response_type", "code, as in the authorization request: the parameters pushed are those the browser would otherwise carry", "RFC 9126 §2.1; RFC 6749 §4.1.1"},
		termClientID,
		{"redirect_uri", "where the browser returns; checked now, when the client has authenticated, so a server may accept a redirect URI not registered in advance", "RFC 9126 §2.1, §2.4"},
		{"scope", "the access asked for", "RFC 6749 §3.3"},
		{"state", "the value the callback must bring back (CSRF)", "RFC 6749 §10.12"},
		{"nonce", "the value the ID token must carry (replay)", "OIDC Core §3.1.2.1"},
		{"code_challenge", "the PKCE challenge; the verifier stays with the client", "RFC 7636 §4.2"},
		{"code_challenge_method", "S256", "RFC 7636 §4.3"},
		termAuthorizationDetails,
		termAudience,
		termResource,
		termClientSecret,
		termBasic,
	},
	Fields: []Term{
		{"request_uri", "a reference to the request just pushed (urn:ietf:params:oauth:request_uri:…), for the authorization request; single use", "RFC 9126 §2.2"},
		{"expires_in", "how many seconds the request_uri stays valid; the browser must reach the authorization endpoint before then (seconds to a minute or so)", "RFC 9126 §2.2"},
		{"error", "on failure: invalid_request (a parameter), invalid_client (authentication), unauthorized_client, invalid_authorization_details (RFC 9396 §5)…", "RFC 9126 §2.3; RFC 6749 §5.2"},
		fieldErrorDesc,
	},
	Notice: []string{
		"The parameters no longer travel through the browser: they cannot be read in its history, altered by an extension, or cut by a URL length limit, which matters for a long authorization_details.",
		"The server knows who pushed the request, because the client authenticated: a confidential client's request is then tied to its credentials before the user sees anything.",
		"The answer is 201 Created. A request_uri works once and for expires_in seconds only: opening the same authorization URL twice, or too late, fails with invalid_request_uri, and the flow must push again.",
		"A server may require PAR for every client (require_pushed_authorization_requests in its metadata, RFC 9126 §5) or for some clients (the same name in their registration, §6); auto follows the metadata, which is all a client can read.",
	},
	Refs: []string{"RFC 9126 §2, §4, §5, §6, §7.3", "RFC 9700 §2.1"},
}
