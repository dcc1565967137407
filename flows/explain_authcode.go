package flows

// The explanations of the authorization code grant's front channel: the
// browser legs (authorization request, login, callback).

var acAuthRequestExplain = &Explanation{
	Purpose: "Send the user's browser to the authorization server with what the client wants: which client it is, the access it asks for, where to return, and three random values (state, nonce, the PKCE challenge) that later prove the answer belongs to this request.",
	Parties: "The client builds a URL and hands it to the resource owner's browser (the user agent), which carries it to the authorization server's authorization endpoint. The client and the server do not talk directly here; the resource server is not involved.",
	Params: []Term{
		{"response_type", "code: ask for an authorization code, to be exchanged for tokens at the token endpoint", "RFC 6749 §4.1.1, §3.1.1"},
		termClientID,
		{"redirect_uri", "where the browser is sent back with the code; it must match a registered URI exactly (for a loopback URI, any port, RFC 8252 §7.3)", "RFC 6749 §3.1.2, §4.1.1"},
		{"scope", "the access asked for; openid makes this an OpenID Connect request, which returns an ID token, and offline_access asks for a refresh token", "RFC 6749 §3.3; OIDC Core §3.1.2.1, §11"},
		{"state", "a random value the client keeps and compares on the callback, so that a response it never asked for (cross-site request forgery) is refused", "RFC 6749 §4.1.1, §10.12"},
		{"nonce", "a random value the server copies into the ID token; the client refuses an ID token without its nonce, so a stolen or replayed ID token is useless", "OIDC Core §3.1.2.1, §15.5.2"},
		{"code_challenge", "the SHA-256 hash of a secret, the code_verifier, which the client keeps; only whoever holds the verifier can redeem the code", "RFC 7636 §4.2, §4.3"},
		{"code_challenge_method", "S256: the challenge is BASE64URL(SHA-256(code_verifier)); plain would send the verifier itself, and a client able to use S256 must use it", "RFC 7636 §4.3; RFC 9700 §2.1.1"},
		{"prompt", "whether the server must show the login page (login), the consent page (consent), an account chooser (select_account), or nothing at all (none)", "OIDC Core §3.1.2.1"},
		{"login_hint", "prefills the user name on the login page", "OIDC Core §3.1.2.1"},
		{"max_age", "the longest time in seconds since the user last logged in; an older session must log in again, and the ID token then carries auth_time", "OIDC Core §3.1.2.1"},
		{"acr_values", "the authentication levels asked for (e.g. MFA); the ID token's acr says which was met", "OIDC Core §3.1.2.1"},
		{"ui_locales", "languages for the login and consent pages", "OIDC Core §3.1.2.1"},
		{"id_token_hint", "a previous ID token, as a hint about which user is expected", "OIDC Core §3.1.2.1"},
		{"response_mode", "how the answer comes back: query (the default for code), fragment, or form_post", "OAuth 2.0 Multiple Response Type Encoding Practices §2.1; OAuth 2.0 Form Post Response Mode"},
		termAudience,
		termResource,
		termAuthorizationDetails,
		termRequestURI,
		{"access_type", "Google only: offline asks for a refresh token (Google's equivalent of offline_access)", "Google: https://developers.google.com/identity/protocols/oauth2/web-server#offline"},
	},
	Notice: []string{
		"Nothing in this URL is secret: it passes through the browser, its history and perhaps a proxy. That is why the code_verifier stays with the client and only its hash is sent.",
		"PKCE protects the code: if another app on the device, a malicious browser extension or a log intercepts the code on its way back, it still cannot redeem it without the code_verifier. A public client has no secret, so PKCE is its only proof; RFC 9700 asks every client to use it.",
		"state and nonce look alike but guard different things: state ties the callback to this browser session (the client checks it on arrival, against CSRF), nonce ties the ID token to this request (checked inside the signed token, against replay).",
		"The redirect_uri must be registered for the client beforehand and match exactly; a server that does not recognise it must show an error page and never redirect, so a mistake here ends in the browser, not in the callback.",
		"A native app such as this one receives the answer on a loopback address (http://127.0.0.1:PORT/…), listening only while it waits; the IP literal is preferred over localhost.",
	},
	Refs: []string{"RFC 6749 §4.1.1", "RFC 7636 §4.1–4.3", "OIDC Core §3.1.2.1", "RFC 8252 §7.3, §8.3", "RFC 9700 §2.1, §2.1.1"},
}

var acLoginExplain = &Explanation{
	Purpose: "The user proves who they are to the authorization server and decides whether the client may have what it asked for. The client only waits.",
	Parties: "The resource owner and the authorization server, through the browser: the login page, perhaps a second factor, then the consent page listing the scopes. The client never sees the password; the resource server is not involved.",
	Params: []Term{
		{"login", "the user authenticates at the server (password, passkey, MFA); an existing session at the server may skip this (single sign-on)", "OIDC Core §3.1.2.3"},
		{"consent", "the user approves or denies the access the client asked for; approving lets the server issue a code, denying sends back error=access_denied", "OIDC Core §3.1.2.4; RFC 6749 §4.1.2.1"},
	},
	Notice: []string{
		"This is the point of OAuth: the user's password goes only to the authorization server, never to the client. Check the address bar: a login page on any other host is phishing.",
		"The login must happen in the system browser, not in a web view embedded in the app, where the app could read what the user types.",
		"The consent page names the client and the scopes: approving grants that access, and no more. The server may remember the decision and not ask again.",
		"With prompt=none the server must not show any page; if it would need to, it answers login_required, consent_required or interaction_required instead.",
	},
	Refs: []string{"RFC 6749 §4.1 steps (A)–(B)", "OIDC Core §3.1.2.3, §3.1.2.4", "RFC 8252 §8.12 (embedded user agents)"},
}

var acCallbackExplain = &Explanation{
	Purpose: "The authorization server sends the browser back to the client's redirect URI with the result: a code on success, an error otherwise. The client accepts the answer only if it belongs to the request it made.",
	Parties: "The authorization server redirects the resource owner's browser, which delivers the answer to the client's redirect URI (here the loopback listener). The server and the client still do not talk directly; the resource server is not involved.",
	Params: []Term{
		{"code", "the authorization code: single-use and short-lived (RFC 6749 recommends at most 10 minutes), bound to this client, this redirect_uri and the PKCE challenge", "RFC 6749 §4.1.2"},
		{"state", "the value the client sent, returned unchanged; it must equal the one this flow stored", "RFC 6749 §4.1.2, §10.12"},
		{"iss", "the issuer that sent the answer; it must be the server the request went to", "RFC 9207 §2"},
		{"session_state", "the state of the user's session at the server, for session monitoring (Keycloak and others)", "OpenID Connect Session Management 1.0 §3"},
		{"error", "instead of a code, an error code: access_denied (the user said no), invalid_scope, login_required…", "RFC 6749 §4.1.2.1; OIDC Core §3.1.2.6"},
		{"error_description", "a sentence for the developer about the error", "RFC 6749 §4.1.2.1"},
		{"error_uri", "a web page about the error", "RFC 6749 §4.1.2.1"},
	},
	Notice: []string{
		"The code is worth little alone: it is single-use, expires within minutes, and only the client holding the code_verifier can redeem it. A server that sees a code used twice must refuse it and should revoke the tokens already issued from it.",
		"A state that does not match means the answer belongs to another attempt (another tab, an old link) or was forged to slip the attacker's code into this session: refuse it.",
		"When iss is present and names another server, the client may be the victim of a mix-up attack, where one server's code is sent to another's token endpoint: refuse it. A server whose metadata says authorization_response_iss_parameter_supported sends iss every time, so an answer without it is refused too.",
		"The code arrives in the URL's query, so it shows up in browser history; this is acceptable only because it is short-lived, single-use and tied to PKCE.",
		"Any program on this machine and any web page can send requests to the listener, so it takes only the one that carries this flow's state: anything else (a probe, a favicon, a forged answer, an error without state) gets a page saying it was ignored, is counted, and the wait goes on. The listener answers on every path of its port, so an answer sent to another path than the redirect URI's is reported, not lost; then it closes.",
	},
	Refs: []string{"RFC 6749 §4.1.2, §4.1.2.1, §10.5, §10.12", "RFC 9207 §2, §2.4", "RFC 9700 §4.4, §4.5, §4.7"},
}
