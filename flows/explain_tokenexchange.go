package flows

// The explanations of token exchange (RFC 8693).

// Terms of token exchange shared by its steps.
var (
	termSubjectToken = Term{"subject_token", "the token that says on whose behalf the new token is asked: a user's access token the client received, its own token, an ID token; the server validates it (signature, expiry, revocation) and reads its subject", "RFC 8693 §2.1"}
	termSubjectType  = Term{"subject_token_type", "what subject_token is, as a URN of RFC 8693 §3: …:token-type:access_token, refresh_token, id_token, jwt, saml1 or saml2; required with it", "RFC 8693 §2.1, §3"}
	termActorToken   = Term{"actor_token", "optional: a token of the party that will act, usually the client or the service calling on; with it the server can issue a delegation token whose act claim names that party", "RFC 8693 §2.1, §4.1"}
	termActorType    = Term{"actor_token_type", "what actor_token is, as an RFC 8693 §3 URN; required with actor_token and never sent without it", "RFC 8693 §2.1"}
	termRequested    = Term{"requested_token_type", "optional: the type of token wanted, as an RFC 8693 §3 URN; without it the server chooses, usually an access token", "RFC 8693 §2.1"}
	termTXAudience   = Term{"audience", "optional: the logical name of the service the new token is for (the aud it will carry); the server refuses a target it does not know with invalid_target", "RFC 8693 §2.1"}
	termTXResource   = Term{"resource", "optional: the URI of the API where the new token will be used (a resource indicator); like audience, it narrows where the token works", "RFC 8693 §2.1; RFC 8707 §2"}
	termTXScope      = Term{"scope", "optional: the scope wanted for the new token; servers let an exchange narrow the subject token's scope, rarely widen it", "RFC 8693 §2.1; RFC 6749 §3.3"}

	fieldIssuedAccessToken = Term{"access_token", "the issued token, whatever its type: an access token, or an ID token, a JWT or a refresh token when issued_token_type says so (the member keeps its RFC 6749 name)", "RFC 8693 §2.2.1"}
	fieldIssuedTokenType   = Term{"issued_token_type", "what access_token holds, as an RFC 8693 §3 URN; required in the answer, and it may differ from requested_token_type", "RFC 8693 §2.2.1, §3"}
	fieldTXTokenType       = Term{"token_type", "how to use the issued token: Bearer (RFC 6750) for an access token, or N_A (not applicable) when the token issued is not an access token", "RFC 8693 §2.2.1; RFC 6749 §7.1"}
	fieldTXRefreshToken    = Term{"refresh_token", "optional: a refresh token to renew the issued token without the subject token; a server rarely sends one when the new token stands for another party", "RFC 8693 §2.2.1"}
	fieldTXScope           = Term{"scope", "the scope of the issued token; the server must send it when it differs from the scope asked", "RFC 8693 §2.2.1"}
)

// txSubjectExplain explains the decoding of the tokens given to the
// exchange.
var txSubjectExplain = &Explanation{
	Purpose: "See what the token to exchange says before sending it: whose it is (sub), for which client (client_id) and API (aud), with which scope, until when (exp), and whether it already carries an act (someone acts for its subject) or a may_act (who may). The issued token is compared with it in the last step.",
	Parties: "Nothing is sent: the client reads the subject token (and the actor token) locally. The authorization server is the one that validates them when the exchange is sent; the resource server will receive the token issued. The resource owner, when the subject token is a user's, takes no part: the user is not asked again.",
	Params:  []Term{termSubjectToken, termSubjectType, termActorToken, termActorType},
	Claims:  []string{"iss", "sub", "aud", "exp", "client_id", "scope", "act", "may_act"},
	Notice: []string{
		"The tokens are decoded here without verifying them: the authorization server that receives them is the party that must check their signature, expiry and revocation (RFC 8693 §2.1).",
		"subject_token_type must say what the token really is: an ID token sent as an access token, or an access token as an ID token, is refused with invalid_request.",
		"An opaque subject token is fine: the server that issued it can look it up; a server that did not issue it cannot read it at all.",
		"may_act in the subject token names who may act for its subject; a server that honours it refuses an actor token of anyone else (RFC 8693 §4.4).",
	},
	Refs: []string{"RFC 8693 §2.1, §3, §4.1, §4.4", "RFC 7519 §4.1"},
}

// txExchangeExplain explains the token exchange request and its answer.
var txExchangeExplain = &Explanation{
	Purpose: "Trade a token the client holds for another: a service that received a user's token gets one for the API it calls next (another audience, less scope), a token of another type, or one that names the service as acting for the user (delegation). The user is not involved again.",
	Parties: "The client (a service, an API that calls another) authenticates to the authorization server's token endpoint, as for any grant, and sends the subject token. The resource owner takes no part now; their earlier consent is all the subject token carries. The resource server will receive the issued token.",
	Params: []Term{
		{"grant_type", "urn:ietf:params:oauth:grant-type:token-exchange: the grant is the subject token itself", "RFC 8693 §2.1"},
		termSubjectToken, termSubjectType, termActorToken, termActorType, termRequested,
		termTXAudience, termTXResource, termTXScope,
		termClientID, termClientSecret, termBasic,
	},
	Fields: []Term{fieldIssuedAccessToken, fieldIssuedTokenType, fieldTXTokenType, fieldExpiresIn, fieldTXScope, fieldTXRefreshToken, fieldIDToken,
		fieldError, fieldErrorDesc, fieldErrorURI},
	Notice: []string{
		"Delegation or impersonation: with an actor token the server can put an act claim in the new token, naming who acts for the subject, so the API sees both; without one the client simply passes for the subject (RFC 8693 §1.1). Impersonation is simpler and more dangerous: nothing tells the API a service is acting.",
		"The exchange can narrow but should not widen: a server that issues more scope or a wider audience than the subject token had turns a leaked token into a key to more.",
		"The client authenticates as for any token request; an unauthenticated exchange would let anyone who holds a token trade it for tokens elsewhere.",
		"The answer reuses RFC 6749's token response: the issued token is in access_token whatever it is, issued_token_type says what, and token_type is N_A when it is not an access token.",
		"Errors are RFC 6749's with one more: invalid_request for a subject or actor token the server will not accept, invalid_target for an audience or resource it will not issue for (RFC 8693 §2.2.2).",
		"The response must carry Cache-Control: no-store, since it holds a credential.",
	},
	Refs: []string{"RFC 8693 §1.1, §2.1, §2.2.1, §2.2.2, §3", "RFC 8707 §2", "RFC 6749 §2.3.1, §5.1"},
}

// txVerifyExplain explains the check of the issued token and what its act
// claim means.
var txVerifyExplain = &Explanation{
	Purpose: "Check the issued token as the API that receives it will: signature from the server's keys, issuer, audience (the target asked), times; then read whether it is a delegation token (act names the actor) or an impersonation token (no act), and compare its subject with the subject token's.",
	Parties: "The client fetches the authorization server's JSON Web Key Set (a GET on jwks_uri, no credential) and checks the token locally; in production the resource server does this on every request, and it is the resource server that must look at act to know who is really calling.",
	Params:  []Term{{"jwks_uri", "the URL of the server's public keys, from the discovery document", "RFC 8414 §2"}},
	JWKS:    true,
	Claims:  []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "act", "may_act"},
	Notice: []string{
		"act is an object whose sub (and optionally iss) identifies the party acting; an act nested inside it is the party that acted before, so a chain of services reads newest first (RFC 8693 §4.1).",
		"Only the outermost act is the current actor: the API decides on the subject and that actor; nested acts are history, not permissions.",
		"No act means impersonation: the API cannot tell the token was obtained by another party, and treats the caller as the subject.",
		"The client_id of the issued token is the client that made the exchange (RFC 8693 §4.3), which need not be the client the subject token was issued to.",
		"An issued token that is opaque or encrypted cannot be read here: the API's authorization server can say what it holds by introspection (RFC 7662).",
	},
	Refs: []string{"RFC 8693 §1.1, §4.1, §4.3, §4.4", "RFC 9068 §2, §4", "RFC 7517 §5"},
}
