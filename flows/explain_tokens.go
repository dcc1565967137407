package flows

// The explanations of the authorization code grant's back channel: token
// request, ID token, userinfo, API call and refresh.

var acTokenExplain = &Explanation{
	Purpose: "The client trades the code for tokens. It proves it is the same client that started the flow: with its secret if it has one, and in any case with the code_verifier matching the challenge it sent.",
	Parties: "The client talks directly to the authorization server's token endpoint (a POST over TLS), without the browser. The resource owner is no longer involved; the resource server will receive the access token.",
	Params: []Term{
		{"grant_type", "authorization_code: the grant is the code just received", "RFC 6749 §4.1.3"},
		{"code", "the authorization code from the callback", "RFC 6749 §4.1.3"},
		{"redirect_uri", "the same redirect URI as in the authorization request, character for character; the server compares them", "RFC 6749 §4.1.3"},
		{"code_verifier", "the secret whose SHA-256 hash was sent as code_challenge; the server hashes it and compares", "RFC 7636 §4.5, §4.6"},
		termClientID,
		termClientSecret,
		termBasic,
	},
	Fields: tokenResponseFields,
	Notice: []string{
		"This request does not go through the browser, so the tokens never appear in a URL or browser history.",
		"A public client (a native or browser app) has no secret; the code_verifier is what proves that the code is being redeemed by the app that asked for it.",
		"invalid_grant here usually means: the code was already used or has expired, the redirect_uri differs from the first request's, or the code_verifier does not match.",
		"There are two tokens with two audiences: the access token is for the API (the resource server) and the ID token is for the client. Never send the ID token to an API as a credential, and never read the user's identity from the access token.",
		"A refresh_token comes back only if the server allows it for this client, usually when offline_access (or a provider's equivalent) was asked for.",
	},
	Refs: []string{"RFC 6749 §4.1.3, §4.1.4, §5.1, §5.2", "RFC 7636 §4.5, §4.6", "OIDC Core §3.1.3.1, §3.1.3.3"},
}

// The ID token's explanation, shared by the grants that verify one.
const (
	idTokenPurpose        = "Verify the ID token, the proof of the user's login, before trusting anything in it: the signature with the server's published keys, then who issued it, for whom, when, and that it answers this very request."
	idTokenParties        = "The client fetches the authorization server's public keys (a GET on jwks_uri) and checks the token locally. The resource owner and the resource server are not involved."
	idTokenNoticeTLS      = "Because this ID token came straight from the token endpoint over TLS, the specification lets a client skip the signature check; checking it anyway is what a client must do with an ID token from anywhere else."
	idTokenNoticeAudience = "The ID token is for the client: its aud is the client_id. Sending it to an API as if it were an access token is a common and dangerous mistake."
	idTokenNoticeSubject  = "Identify the user by iss and sub together; email and preferred_username can change or be reused."
	idTokenNoticeAlg      = "A token with alg none proves nothing; one signed with HMAC (HS256) is keyed with the client's own secret, so the client itself could have made it."
)

var (
	idTokenParams = []Term{
		{"jwks_uri", "the URL of the server's public keys, from the discovery document", "RFC 8414 §2"},
	}
	idTokenClaims = []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "at_hash", "sid"}
	idTokenRefs   = []string{"OIDC Core §2, §3.1.3.7, §3.1.3.6", "RFC 7515 §5.2", "OIDC Core §10.1.1 (key rotation)", "RFC 8725 §3.1"}
)

var acIDTokenExplain = &Explanation{
	Purpose: idTokenPurpose,
	Parties: idTokenParties,
	Params:  idTokenParams,
	JWKS:    true,
	Claims:  idTokenClaims,
	Notice: []string{
		"The checks, in order: the signature (with the key named by kid), alg among those the server advertises, iss equal to the issuer, aud containing this client's client_id, azp if present equal to it, exp in the future, iat reasonable, nonce equal to the one sent, at_hash matching the access token.",
		idTokenNoticeTLS,
		idTokenNoticeAudience,
		idTokenNoticeSubject,
		idTokenNoticeAlg,
	},
	Refs: idTokenRefs,
}

var acUserinfoExplain = &Explanation{
	Purpose: "Ask the userinfo endpoint for claims about the user, such as name and email, using the access token.",
	Parties: "The client calls the authorization server's userinfo endpoint with the access token, as it would call any protected resource: here the authorization server also plays the resource server.",
	Params: []Term{
		{"Authorization: Bearer", "the access token in the Authorization header; whoever holds a bearer token may use it, so it goes only over TLS", "RFC 6750 §2.1"},
	},
	Fields: []Term{
		{"WWW-Authenticate", "on refusal, the header names the error: invalid_token (expired, revoked, wrong audience) or insufficient_scope", "RFC 6750 §3; OIDC Core §5.3.3"},
	},
	Claims: []string{"sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
		"profile", "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale",
		"phone_number", "phone_number_verified", "address", "updated_at"},
	Notice: []string{
		"The sub in the answer must equal the ID token's sub; if it does not, the answer may be about someone else (token substitution) and must not be used.",
		"Which claims come back depends on the scopes granted: profile, email, address and phone each unlock a group of claims.",
		"The answer is plain JSON, not signed (unless the client registered for signed userinfo): it is trusted because it came over TLS from the server.",
	},
	Refs: []string{"OIDC Core §5.3, §5.3.1, §5.3.2, §5.3.3", "OIDC Core §5.1, §5.4", "RFC 6750 §2.1"},
}

var acAPIExplain = &Explanation{
	Purpose: "Use the access token for what it is for: calling a protected API on the user's behalf.",
	Parties: "The client calls the resource server (the API) with the access token. The resource server validates the token (signature, iss, aud, exp, scope) or asks the authorization server about it (introspection), then answers.",
	Params: []Term{
		{"Authorization: Bearer", "the access token in the Authorization header, the recommended way to send it", "RFC 6750 §2.1"},
	},
	Fields: []Term{
		{"WWW-Authenticate", "on refusal, a Bearer challenge naming the error and, for a missing scope, the scope needed", "RFC 6750 §3"},
		{"invalid_token", "HTTP 401: the token is expired, revoked, malformed, or for another audience", "RFC 6750 §3.1"},
		{"insufficient_scope", "HTTP 403: the token is valid but lacks a scope this request needs", "RFC 6750 §3.1"},
		{"invalid_request", "HTTP 400: the request is malformed, e.g. the token was sent in two places", "RFC 6750 §3.1"},
		{"Retry-After", "with HTTP 429, how many seconds to wait before trying again", "RFC 6585 §4; RFC 9110 §10.2.3"},
	},
	Notice: []string{
		"The API must check that the token's aud names it; otherwise a token issued for another service could be used here.",
		"A bearer token in a URL query ends up in logs and browser history; the header is the place for it.",
		"The API decides by scope (and roles or groups) what the token allows, not by who the client says it is.",
	},
	Refs: []string{"RFC 6750 §2.1, §3, §3.1", "RFC 9068 §4", "RFC 9700 §2.3, §4.9"},
}

// The notices of a refresh, said after their own by the refresh grant run
// on its own (rtRefreshExplain).
const (
	refreshNoticeKeep         = "A response without refresh_token leaves the refresh token the client has valid: keep it (RFC 6749 §6). Google, and Auth0 without rotation, answer so; the client's token set keeps the newest access token, the newest refresh token whichever response carried it, and the newest ID token."
	refreshNoticeRotation     = "Rotation: many servers issue a new refresh token with each use and invalidate the old one. If a stolen refresh token is used, the server sees the old token come back from the legitimate client (or the attacker), recognises the reuse and revokes the whole chain, so the theft is contained."
	refreshNoticePublic       = "Public clients cannot keep a refresh token bound to a secret, so the security BCP requires either rotation or sender-constrained refresh tokens (DPoP, mTLS) for them."
	refreshNoticeStore        = "After rotation the old refresh token is spent: store the new one before anything else, or the session is lost."
	refreshNoticeIDToken      = "A new ID token may come with the response. It is verified like the first (signature, alg, iss, aud, azp, exp, at_hash) and compared with it: the same iss, sub, aud, azp and auth_time, a new iat, and no nonce or the first one's (OIDC Core §12.2)."
	refreshNoticeInvalidGrant = "invalid_grant here means the refresh token expired, was revoked, or was already used after a rotation."
)

var acRefreshExplain = &Explanation{
	Purpose: "Get a new access token with the refresh token, without bothering the user, and see whether the server rotated the refresh token.",
	Parties: "The client talks directly to the authorization server's token endpoint (a POST over TLS). The resource owner is not involved; that is the point of a refresh token.",
	Params: []Term{
		{"grant_type", "refresh_token: the grant is a refresh token issued earlier", "RFC 6749 §6"},
		{"refresh_token", "the refresh token to use", "RFC 6749 §6"},
		{"scope", "optional: a subset of the scopes originally granted; more cannot be asked for this way", "RFC 6749 §6"},
		termClientID,
		termClientSecret,
		termBasic,
	},
	// A new ID token is verified like the first, so the JWKS fetch and the
	// ID token's claims arrive in this step too.
	TokenResponse: true,
	JWKS:          true,
	Claims:        []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "at_hash"},
	Notice: []string{
		refreshNoticeKeep,
		refreshNoticeRotation,
		refreshNoticePublic,
		refreshNoticeStore,
		refreshNoticeIDToken,
		refreshNoticeInvalidGrant,
	},
	Refs: []string{"RFC 6749 §1.5, §6, §10.4", "RFC 9700 §4.14, §4.14.2", "OIDC Core §12, §12.2"},
}

// rtRefreshExplain explains the refresh grant run on its own: the same
// request as the authorization code grant's last step, from a refresh
// token the user brings.
var rtRefreshExplain = &Explanation{
	Purpose:       "Spend a refresh token you already hold (from an earlier login, another tool, a stored session) for a new access token, without the user, and see whether the server rotated the refresh token.",
	Parties:       "The client talks directly to the authorization server's token endpoint (a POST over TLS), authenticating as it did when the refresh token was issued: a refresh token is bound to the client it was issued to. The resource owner is not involved.",
	Params:        acRefreshExplain.Params,
	TokenResponse: true,
	JWKS:          true,
	Claims:        acRefreshExplain.Claims,
	Notice: []string{
		"The refresh token must be used by the client it was issued to, with the same client authentication: another client_id gets invalid_grant.",
		"With no earlier ID token held, a new ID token is verified on its own (signature, iss, aud, exp, at_hash) but cannot be compared with the first one as OIDC Core §12.2 asks.",
		refreshNoticeKeep, refreshNoticeRotation, refreshNoticePublic, refreshNoticeStore, refreshNoticeIDToken, refreshNoticeInvalidGrant,
	},
	Refs: acRefreshExplain.Refs,
}
