package flows

// The explanations of the device authorization grant (RFC 8628).

var dvAuthorizationExplain = &Explanation{
	Purpose: "A device with no browser or no keyboard worth the name (a TV, a CLI on a server, a printer) cannot show a login page. It asks the authorization server for two codes: a long device_code it keeps, and a short user_code the user types on another device, at the verification URI.",
	Parties: "The client (the device) talks directly to the authorization server's device authorization endpoint, a POST over TLS. The resource owner is not involved yet: they act next, on their phone or laptop.",
	Params: []Term{
		termClientID,
		termScope,
		termAudience,
		termResource,
		{"client_secret", "a confidential client's secret; most device clients are public and send none (RFC 8628 §5.6)", "RFC 8628 §3.1; RFC 6749 §2.3.1"},
	},
	Fields: []Term{
		{"device_code", "the device's secret handle on this authorization, sent with every poll; it must not be shown to the user", "RFC 8628 §3.2"},
		{"user_code", "the short code the user enters at the verification URI; short-lived and meant to be read and typed by a person", "RFC 8628 §3.2, §6.1"},
		{"verification_uri", "where the user goes, on any device, to enter the user code; short enough to type", "RFC 8628 §3.2"},
		{"verification_uri_complete", "the verification URI with the user code in it, for a QR code or a link: the user only has to approve", "RFC 8628 §3.2, §3.3.1"},
		{"expires_in", "how many seconds the device_code and user_code stay valid; the device stops polling then", "RFC 8628 §3.2"},
		{"interval", "the minimum number of seconds between two polls; 5 when absent", "RFC 8628 §3.2"},
		{"verification_url", "a misspelling of verification_uri that some servers (Google) send; x/oauth2 accepts it", "RFC 8628 §3.2"},
		fieldError, fieldErrorDesc, fieldErrorURI,
	},
	Notice: []string{
		"The user code is short and easy to type, so it can be guessed: servers limit its lifetime and the attempts (RFC 8628 §5.1). The device code is long and stays on the device.",
		"The verification URI should be checked before entering the code: a phishing device can show a real server's URI and code, and the victim then approves the attacker's device (RFC 8628 §5.4). Check that you started this device.",
		"verification_uri_complete saves typing and is what a QR code carries; the user still has to approve on the page.",
		"This grant suits public clients: a device cannot keep a secret (RFC 8628 §5.6).",
	},
	Refs: []string{"RFC 8628 §3.1, §3.2, §3.3", "RFC 8628 §5.1, §5.4 (user code guessing, remote phishing)", "RFC 8628 §6.1 (user code format)"},
}

var dvPollExplain = &Explanation{
	Purpose: "While the user enters the code and approves on another device, the device asks the token endpoint, again and again, whether the user has finished. Until then the server answers authorization_pending; once the user approves, it answers with the tokens.",
	Parties: "The client (the device) polls the authorization server's token endpoint. Meanwhile the resource owner talks to the authorization server on another device, at the verification URI; the two meet only in the server.",
	Params: []Term{
		{"grant_type", "urn:ietf:params:oauth:grant-type:device_code: the device code is the grant", "RFC 8628 §3.4"},
		{"device_code", "the device_code from the device authorization response; a secret", "RFC 8628 §3.4"},
		termClientID,
		termClientSecret,
		termBasic,
	},
	TokenResponse: true,
	Fields: []Term{
		{"authorization_pending", "error: the user has not finished yet; poll again after the interval", "RFC 8628 §3.5"},
		{"slow_down", "error: still pending, and the device polls too often; add 5 seconds to the interval for this and all later polls", "RFC 8628 §3.5"},
		{"access_denied", "error: the user refused on the verification page; stop polling", "RFC 8628 §3.5"},
		{"expired_token", "error: the device_code expired before the user finished; start again", "RFC 8628 §3.5"},
	},
	Notice: []string{
		"Each poll is a separate HTTP request: the exchanges show them all, and the notes group the answers (authorization_pending ×7, then 200).",
		"The device waits interval seconds between polls; slow_down adds 5 seconds for good. A client that ignores it risks being cut off.",
		"access_denied here really is the user: they pressed Deny on the verification page. Elsewhere at a token endpoint it means a policy refused the client.",
		"The device stops at expires_in: the server would only answer expired_token.",
		"The device_code is redeemed once: a second poll after the tokens came is refused.",
	},
	Refs: []string{"RFC 8628 §3.4, §3.5", "RFC 6749 §5.1, §5.2 (token response and errors)"},
}

// dvIDTokenExplain is the authorization code grant's ID token explanation
// without its nonce: the device grant has no authentication request to
// carry one (RFC 8628 §3.1 takes client_id and scope only).
var dvIDTokenExplain = &Explanation{
	Purpose: idTokenPurpose,
	Parties: idTokenParties,
	Params:  idTokenParams,
	JWKS:    true,
	Claims:  idTokenClaims,
	Notice: []string{
		"The checks, in order: the signature (with the key named by kid), alg among those the server advertises, iss equal to the issuer, aud containing this client's client_id, azp if present equal to it, exp in the future, iat reasonable, at_hash matching the access token. There is no nonce: the device authorization request carries none, so a nonce in the token cannot be checked.",
		idTokenNoticeTLS,
		idTokenNoticeAudience,
		idTokenNoticeSubject,
		idTokenNoticeAlg,
	},
	Refs: idTokenRefs,
}
