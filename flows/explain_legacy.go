package flows

// The explanations of the legacy grants: resource owner password
// credentials (RFC 6749 §4.3) and implicit (RFC 6749 §4.2), each with
// RFC 9700's reasons for leaving it (§2.4, §2.1.2).

var pwTokenExplain = &Explanation{
	Purpose: "The client asks the user for their username and password itself, then sends them to the token endpoint with its own credentials and gets tokens back in one request. It is legacy: RFC 9700 §2.4 says this grant MUST NOT be used. It is shown because old systems, scripts and tests still use it.",
	Parties: "The resource owner types their password into the client (not into the authorization server's page); the client sends it to the authorization server's token endpoint (a POST over TLS). No browser takes part; the resource server later receives the access token.",
	Params: []Term{
		{"grant_type", "password: the user's credentials are the grant", "RFC 6749 §4.3.2"},
		{"username", "the resource owner's username, as the user typed it into the client", "RFC 6749 §4.3.2"},
		{"password", "the resource owner's password, in the clear inside the TLS connection; the client has seen it and could keep it", "RFC 6749 §4.3.2"},
		termScope,
		termAudience,
		termResource,
		termClientID,
		termClientSecret,
		termBasic,
	},
	Fields: tokenResponseFields,
	Notice: []string{
		"Why it is gone (RFC 9700 §2.4): the user's password is exposed to the client, which may keep it, log it or leak it; the client gets the user's whole power, where OAuth exists so that it gets only a limited token.",
		"The server cannot add a second factor, a passkey, a consent page or a risk check: nothing but a password fits in this request. Federated logins (sign in with another provider) cannot work at all.",
		"It trains users to type their password into places other than the authorization server's own page, which is exactly what phishing needs: a fake app asks the same way.",
		"What to use instead: the authorization code grant with PKCE in the system browser for apps with a user, the device grant for devices without a browser, client credentials for services with no user.",
		"invalid_grant here usually means a wrong username or password (or a locked account); unsupported_grant_type that the server has switched the grant off, as many now do; unauthorized_client that this client may not use it.",
	},
	Refs: []string{"RFC 6749 §4.3, §4.3.2, §4.3.3, §10.7", "RFC 9700 §2.4", "RFC 6749 §5.1, §5.2 (response and errors)"},
}

var pwIDTokenExplain = &Explanation{
	Purpose: "When the openid scope was asked, the server may add an ID token about the user. Verify it as any ID token: signature from the JWKS, iss, aud, exp, at_hash. There is no nonce: no authentication request carried one.",
	Parties: "The client fetches the authorization server's public keys (jwks_uri) and checks the token locally. The resource owner took no part beyond giving the password; the resource server is not involved.",
	Claims:  []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "amr", "at_hash"},
	Notice: []string{
		"OpenID Connect does not define an ID token for the password grant; servers that issue one do so on their own terms. amr says pwd: a password, and nothing more, was checked.",
		"Without a nonce the ID token is not bound to this request; the TLS connection to the token endpoint is what ties it to the client.",
	},
	Refs: []string{"OIDC Core §2, §3.1.3.7", "RFC 9700 §2.4"},
}

var imAuthRequestExplain = &Explanation{
	Purpose: "Send the user's browser to the authorization endpoint asking for tokens directly (response_type token, or id_token token for OpenID Connect): no code, no token request, no PKCE. It is legacy: RFC 9700 §2.1.2 says clients should not use it.",
	Parties: "The client builds a URL and hands it to the resource owner's browser, which carries it to the authorization server. The client and the server never talk directly in this grant; the resource server is not involved.",
	Params: []Term{
		{"response_type", "token: an access token in the redirect; id_token token: an ID token and an access token (OpenID Connect's implicit flow)", "RFC 6749 §4.2.1; OIDC Core §3.2.2.1"},
		termClientID,
		{"redirect_uri", "where the browser is sent back with the tokens in the URL's fragment; it must match a registered URI", "RFC 6749 §3.1.2, §4.2.1"},
		{"scope", "the access asked for; openid makes it an OpenID Connect request", "RFC 6749 §3.3; OIDC Core §3.2.2.1"},
		{"state", "a random value the client compares on the callback, against forged responses (CSRF)", "RFC 6749 §4.2.1, §10.12"},
		{"nonce", "required with id_token: the server copies it into the ID token, and the client refuses an ID token without it, against replay", "OIDC Core §3.2.2.1, §15.5.2"},
		{"response_mode", "how the answer comes back; for tokens the default is the fragment", "OAuth 2.0 Multiple Response Type Encoding Practices §2.1"},
		{"prompt", "whether the server must show the login page, the consent page, or nothing at all (none)", "OIDC Core §3.1.2.1"},
		{"login_hint", "prefills the user name on the login page", "OIDC Core §3.1.2.1"},
		termAudience,
		termResource,
	},
	Notice: []string{
		"There is no code_challenge: PKCE protects a code on its way to the token endpoint, and this grant has neither. Whoever sees the redirect holds the token.",
		"The grant was made for browser apps before CORS let them call a token endpoint; today such apps use the authorization code grant with PKCE, so the reason for the implicit grant is gone (RFC 9700 §2.1.2).",
		"nonce matters more here than in the code flow: the ID token arrives through the browser, not over a direct TLS connection from the server, so only the nonce ties it to this request.",
	},
	Refs: []string{"RFC 6749 §4.2, §4.2.1", "OIDC Core §3.2.2.1", "RFC 9700 §2.1.2"},
}

var imLoginExplain = &Explanation{
	Purpose: "The user logs in and approves; the server then redirects the browser to the redirect URI with the tokens in the fragment (after #). A browser never sends a fragment to a server, so the loopback listener sees only the path: it answers with a small page whose script reads location.hash and posts it back.",
	Parties: "The resource owner and the authorization server, through the browser; then the browser, running the page the client served, hands the fragment to the client. The resource server is not involved.",
	Params: []Term{
		{"login", "the user authenticates at the server; the client never sees the password", "OIDC Core §3.2.2.3"},
		{"consent", "the user approves or denies the access asked for; denying sends back error=access_denied in the fragment", "RFC 6749 §4.2.2.1"},
		{"location.hash", "the fragment of the address the browser landed on: the tokens, state and expires_in, readable by any script on that page", "RFC 3986 §3.5; RFC 6749 §4.2.2"},
	},
	Notice: []string{
		"The relay page is itself a reason the grant is gone: the tokens had to pass through the front channel (the address bar, the browser's history) and then through a script, and any script on that page, an injected one or a browser extension, could have read them just as well.",
		"The page removes the fragment from the address bar once it has read it, but the browser had it in its history first; a Referer header or a later redirect can carry it further (RFC 9700 §4.2, §4.3).",
		"Any program on this machine and any web page can send requests to the listener, so only a POST whose fragment carries this flow's state is taken; a POST without state, one with another state, or one from another page's origin is answered, counted and ignored.",
	},
	Refs: []string{"RFC 6749 §4.2.2, §10.3, §10.16", "RFC 9700 §2.1.2, §4.2, §4.3", "RFC 3986 §3.5"},
}

var imCallbackExplain = &Explanation{
	Purpose: "Read the answer the page posted back: check the state first, then take the access token, its type and lifetime (and the ID token) from the fragment. These are the tokens: there is no token request after this.",
	Parties: "The client reads what the resource owner's browser relayed; the authorization server sent it through the browser and the client never talked to it directly. The resource server is not involved.",
	Params: []Term{
		{"access_token", "the access token itself, delivered through the browser", "RFC 6749 §4.2.2"},
		{"token_type", "Bearer: whoever holds it may use it", "RFC 6749 §4.2.2, §7.1"},
		{"expires_in", "the access token's lifetime in seconds", "RFC 6749 §4.2.2"},
		{"id_token", "with response_type id_token token: the ID token, whose at_hash binds it to the access token", "OIDC Core §3.2.2.5"},
		{"scope", "the scope granted, when it differs from the one asked", "RFC 6749 §4.2.2"},
		{"state", "the value the client sent, returned unchanged; it must equal the one this flow stored", "RFC 6749 §4.2.2, §10.12"},
		{"error", "instead of tokens, an error code: access_denied, unsupported_response_type, unauthorized_client…", "RFC 6749 §4.2.2.1"},
		{"error_description", "a sentence for the developer about the error", "RFC 6749 §4.2.2.1"},
	},
	Notice: []string{
		"Why it is gone (RFC 9700 §2.1.2): the access token travels in the URL, so it can leak through the browser's history, a Referer header, logs or an open redirector, and an attacker can inject a stolen token into another session.",
		"The token is a plain bearer token: the grant has no way to bind it to the client (no DPoP, no mTLS), so whoever copies it can use it.",
		"No refresh token is issued (RFC 6749 §4.2.2): when the token expires the browser must go back to the authorization server, which is why apps leaned on hidden iframes and third-party cookies that browsers now block.",
		"The client never authenticates: the server cannot know that the app receiving the token is the one it registered.",
	},
	Refs: []string{"RFC 6749 §4.2.2, §4.2.2.1, §10.16", "OIDC Core §3.2.2.5, §3.2.2.9", "RFC 9700 §2.1.2, §4.1, §4.2, §4.3"},
}

var imIDTokenExplain = &Explanation{
	Purpose: "Verify the ID token that came through the browser: signature from the JWKS, iss, aud, exp, the nonce this flow sent, and at_hash, which must be the hash of the access token delivered beside it.",
	Parties: "The client fetches the authorization server's public keys (jwks_uri) and checks the token locally; the resource owner's browser only carried it. The resource server is not involved.",
	Claims:  []string{"iss", "sub", "aud", "exp", "iat", "nonce", "at_hash", "auth_time"},
	Notice: []string{
		"In the implicit flow at_hash is required (OIDC Core §3.2.2.10): it proves the access token in the fragment was issued with this ID token and not swapped in by whoever handled the URL.",
		"The nonce must be the one this flow sent: a token copied from another login fails here.",
	},
	Refs: []string{"OIDC Core §3.2.2.9, §3.2.2.10, §3.2.2.11", "RFC 9700 §2.1.2"},
}
