package flows

// ccTokenExplain explains the token request of the client credentials
// grant.
var ccTokenExplain = &Explanation{
	Purpose: "The client gets an access token for itself, not for a user: a service calling another service, a batch job, a daemon. It proves who it is with its own credentials and asks for the scopes it needs.",
	Parties: "The client talks directly to the authorization server's token endpoint (a POST over TLS). There is no resource owner in this grant: the client acts on its own behalf. The resource server will later receive the token.",
	Params: []Term{
		{"grant_type", "client_credentials: the client uses its own credentials as the grant", "RFC 6749 §4.4.2"},
		termScope,
		termAudience,
		termResource,
		termClientID,
		termClientSecret,
		termBasic,
	},
	Fields: tokenResponseFields,
	Notice: []string{
		"Only a confidential client may use this grant: it must be able to keep a secret (or a private key), which rules out browser and mobile apps.",
		"The client must authenticate: with client_secret_basic the secret travels in the Authorization header, with client_secret_post in the form body. A server may support only one of them; sending the wrong one is a classic invalid_client.",
		"No refresh token should come back: the client can simply ask again with its credentials when the access token expires.",
		"The access token is for the API (the resource server), not for the client to read; treat it as opaque even when it is a JWT.",
		"invalid_scope means a scope was refused; unauthorized_client means this client is not allowed the client_credentials grant at all.",
		"The response must carry Cache-Control: no-store, since it holds a credential.",
	},
	Refs: []string{"RFC 6749 §4.4, §4.4.2, §4.4.3", "RFC 6749 §2.3.1, §3.2.1 (client authentication)", "RFC 6749 §5.1, §5.2 (response and errors)", "RFC 9700 §2.5"},
}

// verifyAccessExplain explains the check of a JWT access token against the
// server's keys.
var verifyAccessExplain = &Explanation{
	Purpose: "Look inside the access token and check it the way a resource server (the API) would: fetch the issuer's public keys and verify the signature, then the issuer, audience and times. A client normally does not do this; here it shows what the API relies on.",
	Parties: "The client fetches the authorization server's JSON Web Key Set (a GET on jwks_uri, no credential) and checks the token locally. In production it is the resource server that does this on every request.",
	Params: []Term{
		{"jwks_uri", "the URL of the server's public keys, from the discovery document", "RFC 8414 §2"},
	},
	JWKS:   true,
	Claims: []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope"},
	Notice: []string{
		"An access token may be opaque (a random string only its issuer can read, through introspection, RFC 7662) or a JWT (RFC 9068); either is correct, and a client must not depend on the format.",
		"The signature is checked with the public key whose kid matches the token's header. If no key matches, the server probably rotated its keys: fetch the JWKS again before giving up.",
		"A JWT access token must say typ at+jwt in its header (RFC 9068 §2.1), so that an ID token cannot be passed off as an access token; many servers still send plain JWT.",
		"aud must name the API that receives the token; an API that accepts tokens for any audience lets a token for one service be replayed at another.",
		"exp, nbf and iat are compared with the local clock with a small leeway; a wrong clock makes valid tokens look expired or not yet valid.",
	},
	Refs: []string{"RFC 9068 §2, §4", "RFC 7519 §4.1, §7.2", "RFC 7517 §5", "RFC 7515 §5.2", "RFC 9700 §2.3 (audience restriction)"},
}
