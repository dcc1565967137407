package flows

// The explanations of the token actions: introspection (RFC 7662),
// revocation (RFC 7009) and userinfo (OIDC Core §5.3).

var (
	paramToken     = Term{"token", "the token asked about, as the client holds it: an access token or a refresh token, opaque or a JWT", "RFC 7662 §2.1; RFC 7009 §2.1"}
	paramTokenHint = Term{"token_type_hint", "optional: access_token or refresh_token, a guess that saves the server a lookup; a server that does not find the token under that type searches the others", "RFC 7662 §2.1; RFC 7009 §2.1, §4.1.2"}
)

var introspectExplain = &Explanation{
	Purpose: "Ask the authorization server what it knows about a token: whether it is active now and, if so, for whom, which client, which scopes and until when. A resource server does this when it cannot read the token itself (an opaque token) or must know at once that a token was revoked.",
	Parties: "The caller is a resource server (or a client acting as one) and it talks to the authorization server's introspection endpoint with a POST over TLS, authenticating itself as a client does at the token endpoint. The resource owner takes no part.",
	Params: []Term{
		paramToken,
		paramTokenHint,
		termClientID,
		termClientSecret,
		termBasic,
	},
	Fields: []Term{
		{"active", "true if the token is valid now: issued by this server, not expired, not revoked, and one this caller may see; the only required member, and a JSON boolean", "RFC 7662 §2.2"},
		{"scope", "the scopes the token carries, space-separated", "RFC 7662 §2.2"},
		{"client_id", "the client the token was issued to (not necessarily the caller)", "RFC 7662 §2.2"},
		{"username", "a human-readable name of the resource owner who authorized the token", "RFC 7662 §2.2"},
		{"token_type", "the type of the token, e.g. Bearer (RFC 6750)", "RFC 7662 §2.2; RFC 6749 §7.1"},
		{"exp", "when the token expires, in seconds since 1970 (UTC)", "RFC 7662 §2.2; RFC 7519 §4.1.4"},
		{"iat", "when the token was issued, in seconds since 1970", "RFC 7662 §2.2; RFC 7519 §4.1.6"},
		{"nbf", "the token is not to be used before this time, in seconds since 1970", "RFC 7662 §2.2; RFC 7519 §4.1.5"},
		{"sub", "the subject: usually the resource owner, or the client itself for a client credentials token", "RFC 7662 §2.2; RFC 7519 §4.1.2"},
		{"aud", "the audience: the resource servers the token is meant for; a resource server must find itself there", "RFC 7662 §2.2; RFC 7519 §4.1.3"},
		{"iss", "the issuer of the token", "RFC 7662 §2.2; RFC 7519 §4.1.1"},
		{"jti", "the token's unique identifier", "RFC 7662 §2.2; RFC 7519 §4.1.7"},
		fieldError, fieldErrorDesc,
	},
	Claims: []string{"name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "email", "email_verified", "azp"},
	Notice: []string{
		"Members beyond those of RFC 7662 §2.2 are the server's extensions: many servers (the demo among them) add the user's OpenID Connect claims.",
		"active: false says nothing more, on purpose: the token may have expired, been revoked, be unknown to this server, or belong to another client or resource server this caller may not see. The server must not reveal which (RFC 7662 §2.2, §4).",
		"An inactive token is answered with 200 and {\"active\": false}, not an error: an error (HTTP 401) means the caller itself was refused.",
		"The endpoint must require the caller to authenticate (§2.1): otherwise anyone could test stolen or guessed tokens there (token scanning, §4). A public client cannot introspect.",
		"active must be a JSON boolean; a server that sends the string \"true\" breaks strict clients, and a lenient client that reads any non-empty string as true would take \"false\" as active.",
		"A resource server may cache the answer for a short while, trading freshness (a revocation noticed late) for fewer calls (§4).",
	},
	Refs: []string{"RFC 7662 §2.1, §2.2, §2.3, §4", "RFC 8414 §2 (introspection_endpoint)", "RFC 6749 §2.3.1 (client authentication)"},
}

var revokeExplain = &Explanation{
	Purpose: "Tell the authorization server that a token is no longer needed, so that it stops accepting it: on logout, when an app is uninstalled, when a token may have leaked.",
	Parties: "The client that holds the token talks to the authorization server's revocation endpoint with a POST over TLS, authenticating as at the token endpoint (a public client sends its client_id). Only the client the token was issued to may revoke it.",
	Params: []Term{
		paramToken,
		paramTokenHint,
		termClientID,
		termClientSecret,
		termBasic,
	},
	Fields: []Term{
		{"200 OK", "the token is revoked, or was already invalid: the server answers 200 for a token it does not know too, so that the answer reveals nothing; the body is ignored", "RFC 7009 §2.2"},
		{"unsupported_token_type", "HTTP 400: the server does not revoke tokens of this type (many revoke only refresh tokens)", "RFC 7009 §2.2.1"},
		{"invalid_client", "HTTP 401: the client's authentication failed", "RFC 7009 §2.2.1; RFC 6749 §5.2"},
		{"503 Service Unavailable", "the server could not revoke the token now; the client should try again, after Retry-After seconds when the header is there", "RFC 7009 §2.2.1"},
		fieldError,
		fieldErrorDesc,
	},
	Notice: []string{
		"A 200 does not prove the token was live, nor that it is dead now; the next step checks.",
		"Revoking a refresh token should revoke the access tokens of the same grant too; revoking an access token may or may not touch its refresh token (RFC 7009 §2.1).",
		"A self-contained (JWT) access token is checked by resource servers without asking the authorization server, so it may keep working until its exp even after a revocation: that is why access tokens are kept short-lived.",
		"Revoke the refresh token at logout: it is the long-lived credential (RFC 9700 §4.14).",
	},
	Refs: []string{"RFC 7009 §2, §2.1, §2.2, §2.2.1, §4.1.2", "RFC 8414 §2 (revocation_endpoint)", "RFC 9700 §4.14"},
}

var revokeCheckExplain = &Explanation{
	Purpose: "Show that the revoked token is really dead, since the revocation endpoint's 200 cannot say so: a refresh token is tried at the token endpoint, where it must be refused; another token is introspected, where it must be active: false.",
	Parties: "The client talks to the authorization server again: its token endpoint (grant_type refresh_token) or its introspection endpoint, authenticating as before.",
	Params: []Term{
		{"grant_type", "refresh_token: the revoked refresh token is offered for new tokens", "RFC 6749 §6"},
		{"refresh_token", "the revoked refresh token", "RFC 6749 §6"},
		paramToken,
		paramTokenHint,
		termClientID,
		termClientSecret,
		termBasic,
	},
	Fields: []Term{
		{"invalid_grant", "the expected answer for a revoked refresh token: the grant is no longer valid", "RFC 6749 §5.2"},
		{"active", "the expected answer for a revoked token is false", "RFC 7662 §2.2"},
	},
	Notice: []string{
		"New tokens for a revoked refresh token mean the revocation did not take: the server answered 200 without revoking (RFC 7009 §2.2 allows no such thing for a token it supports).",
		"active: true after a revocation usually means the server revokes only refresh tokens, or caches introspection answers.",
	},
	Refs: []string{"RFC 7009 §2.1, §2.2", "RFC 6749 §5.2, §6", "RFC 7662 §2.2"},
}

var userinfoActionExplain = &Explanation{
	Purpose: "Present an access token at the userinfo endpoint and read what the authorization server says about the user it was issued for: a quick way to see whether a token is accepted and whom it speaks for.",
	Parties: "The client calls the authorization server's userinfo endpoint with the access token as a bearer token; the client itself does not authenticate. Here the authorization server also plays the resource server.",
	Params:  acUserinfoExplain.Params,
	Fields:  acUserinfoExplain.Fields,
	Claims:  acUserinfoExplain.Claims,
	Notice: []string{
		"The endpoint takes an access token granted the openid scope; an ID token or a refresh token is the wrong credential, and a client credentials token has no user to describe.",
		"A revoked or expired token is refused with 401 and WWW-Authenticate: Bearer error=\"invalid_token\" (RFC 6750 §3.1).",
		"Which claims come back depends on the scopes granted: profile, email, address and phone each unlock a group of claims (OIDC Core §5.4).",
		"The answer is plain JSON unless the client registered for signed userinfo; it is trusted because it came over TLS from the server.",
	},
	Refs: []string{"OIDC Core §5.3, §5.3.1, §5.3.2, §5.3.3, §5.4", "RFC 6750 §2.1, §3.1"},
}
