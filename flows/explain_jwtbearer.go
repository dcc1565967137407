package flows

// The explanations of the JWT bearer grant (RFC 7523).

// jbAssertionExplain explains the making of the assertion.
var jbAssertionExplain = &Explanation{
	Purpose: "Make the grant itself: a short-lived JWT in which an issuer the authorization server trusts says \"this is sub, and this token request is for them\". Here it is built, signed with the key given and decoded, so that every claim can be read before it leaves.",
	Parties: "Nothing is sent: the client makes the assertion locally, with the issuer's private key (often the client's own, as for a service account). The authorization server judges it in the next step, with the issuer's public key it holds. No resource owner is asked: the issuer vouches for the subject instead of a login and consent.",
	Params: []Term{
		{"jwt-key", "the private key that signs the assertion; its public key is registered at the server for the issuer (a JWKS URL or a key uploaded)", "RFC 7523 §3 item 9"},
	},
	Fields: bearerClaimTerms,
	Notice: []string{
		"The assertion is a bearer credential until exp: whoever copies it can spend it. That is why it lives a minute, names one server in aud, and carries a jti a careful server refuses to see twice (RFC 7523 §5).",
		"iss is the party that vouches, sub the party the token is for. With iss = sub = the client id the client asks for itself; with sub a user the issuer acts for that user, which the server must allow that issuer to do (Google's domain-wide delegation, RFC 7523 §3 item 2).",
		"The server verifies the signature with the issuer's registered key; a key it does not have for iss is the most common refusal, invalid_grant.",
		"The assertion is the grant, not client authentication: a client may also authenticate (private_key_jwt sends a second JWT as client_assertion), or send only its client_id, or nothing (RFC 7523 §2.1, §3.1).",
	},
	Refs: []string{"RFC 7523 §2.1, §3, §5", "RFC 7521 §4.1, §5.2", "RFC 7519 §4.1"},
}

// jbTokenExplain explains the token request of the JWT bearer grant.
var jbTokenExplain = &Explanation{
	Purpose: "Trade the assertion for an access token for its subject. No user is at a browser and no code comes back: the signed word of a trusted issuer is the whole grant.",
	Parties: "The client posts the assertion to the authorization server's token endpoint (over TLS). The server checks the signature with the issuer's key, aud, exp and the jti, decides whether the issuer may vouch for the subject, and issues a token the resource server will receive. The resource owner takes no part.",
	Params: []Term{
		{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer: the grant is the JWT in assertion", "RFC 7523 §2.1"},
		{"assertion", "the signed JWT of the previous step, exactly one; masked here, decoded below the request", "RFC 7523 §2.1; RFC 7521 §4.1"},
		termScope, termAudience, termResource,
		{"client_id", "the client, when it identifies itself; RFC 7523 §3.1 makes client authentication optional with this grant", "RFC 7523 §3.1; RFC 6749 §2.2"},
		termClientAssertionType, termClientAssertion,
		termClientSecret, termBasic,
	},
	Fields: []Term{fieldAccessToken, fieldTokenType, fieldExpiresIn, fieldScope,
		{"refresh_token", "usually none: the client can make a new assertion whenever it needs a token", "RFC 7523 §2.1; RFC 6749 §5.1"},
		{"error", "invalid_grant when the assertion is refused (signature, key, aud, exp, jti, an issuer or subject not trusted); unsupported_grant_type when the server lacks the grant", "RFC 7523 §3.1; RFC 6749 §5.2"},
		fieldErrorDesc, fieldErrorURI},
	Notice: []string{
		"invalid_grant covers every reason the assertion is refused (RFC 7523 §3.1); the error_description usually names the claim at fault.",
		"RFC 7523 §3 requires the server to check iss, sub, aud, exp and the signature, and allows it to refuse a replayed jti and an iat too old.",
		"The grant keeps the private key with its owner: only the public key is registered, and no shared secret or password travels (RFC 7523 §5, §6).",
		"The response must carry Cache-Control: no-store, since it holds a credential.",
	},
	Refs: []string{"RFC 7523 §2.1, §3, §3.1, §5", "RFC 7521 §4.1", "RFC 6749 §5.1, §5.2"},
}
