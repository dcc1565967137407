package flows

// rsCallExplain explains the first call to the resource, with no token.
var rsCallExplain = &Explanation{
	Purpose: "Start where a client often starts: with the URL of an API and no token. The API refuses, and its refusal says how to get in: a WWW-Authenticate challenge names the scheme (Bearer), what is wrong, the scopes wanted and, with RFC 9728, where the API's metadata is.",
	Parties: "The client calls the resource server directly. No authorization server is involved yet: the client does not know which one to use.",
	Params: []Term{
		{"Accept", "application/json: the error comes back as JSON too, for people reading it", "RFC 9110 §12.5.1"},
	},
	Fields: []Term{
		{"WWW-Authenticate", "the challenge: a scheme and parameters; a 401 must carry one", "RFC 6750 §3; RFC 9110 §11.6.1"},
		{"resource_metadata", "the URL of the resource's metadata document", "RFC 9728 §5.1"},
		{"realm", "a name for the protected area, for people", "RFC 6750 §3"},
		{"error", "what was wrong with the token sent; absent when none was sent", "RFC 6750 §3.1"},
		{"error_description", "the same in words, for developers", "RFC 6750 §3"},
		{"scope", "the scopes a token must have for this resource", "RFC 6750 §3"},
	},
	Notice: []string{
		"A request with no token gets a challenge without error: nothing is wrong with a token that was not sent (RFC 6750 §3.1).",
		"Several challenges may share one header, and parameters are comma-separated with quoted values that may hold commas and escaped quotes: read the header with a parser, not a regular expression.",
		"Everything here comes from the resource, which the client does not trust yet: the next step checks the metadata it points to.",
	},
	Refs: []string{"RFC 6750 §3, §3.1", "RFC 9728 §5, §5.1", "RFC 9110 §11.6.1"},
}

// rsMetadataExplain explains the protected resource metadata step.
var rsMetadataExplain = &Explanation{
	Purpose: "Read the resource's metadata: a JSON document in which the API says who it is (resource), which authorization servers issue its tokens, which scopes it knows and how it takes a token.",
	Parties: "The client fetches the document from the resource server: from the challenge's resource_metadata, or from the well-known URL made by putting /.well-known/oauth-protected-resource between the host and the path of the resource.",
	Fields: []Term{
		{"resource", "the resource's identifier: it must be the URL the client called (§3.3)", "RFC 9728 §2, §3.3"},
		{"authorization_servers", "issuer identifiers of the authorization servers for this resource", "RFC 9728 §2"},
		{"scopes_supported", "the scopes the resource understands", "RFC 9728 §2"},
		{"bearer_methods_supported", "how a bearer token may be sent: header, body, query", "RFC 9728 §2; RFC 6750 §2"},
		{"resource_name", "a name for people", "RFC 9728 §2"},
	},
	Notice: []string{
		"The check of §3.3: the document's resource must be exactly the URL it was fetched for. Without it, a resource the attacker runs could send the client to an honest resource's metadata (or lend it its own), and the client would ask for tokens meant for one API and hand them to another: a mix-up, like the one RFC 8414 §3.3 prevents for authorization servers.",
		"Every URL tried is listed, so that a missing document shows where it was looked for.",
	},
	Refs: []string{"RFC 9728 §2, §3, §3.1, §3.3, §7.3"},
}

// rsAuthServerExplain explains the choice and discovery of the
// authorization server.
var rsAuthServerExplain = &Explanation{
	Purpose: "Take the first authorization server the resource lists and read its metadata, as any grant does: its authorization and token endpoints, keys and features. From here the authorization code grant with PKCE runs, asking for a token for this resource.",
	Parties: "The client fetches the authorization server's discovery document (OpenID Connect Discovery, then RFC 8414 with the suffix inserted before the issuer's path).",
	Params: []Term{
		termResource,
	},
	Fields: []Term{
		{"issuer", "must be the issuer the resource named, or the document is refused", "RFC 8414 §3.3"},
	},
	Notice: []string{
		"The client needs a client_id at this server. Here it comes from the provider's settings; a client meeting a server for the first time would register itself (RFC 7591).",
		"The resource parameter (RFC 8707) names the API in the authorization and token requests, so that the server can issue a token whose aud is that API and no other: a token that one API receives cannot be replayed at another.",
	},
	Refs: []string{"RFC 8414 §3", "OpenID Connect Discovery 1.0 §4", "RFC 8707 §2", "RFC 9728 §2"},
}

// rsCallAgainExplain explains the call with the token.
var rsCallAgainExplain = &Explanation{
	Purpose: "Call the API again, now with the access token the authorization server issued for it. It should answer 200; a 401 or 403 carries a challenge that says why not.",
	Parties: "The client calls the resource server with the token in the Authorization header; the resource checks the token's signature, issuer, audience, expiry and scope.",
	Params: []Term{
		{"Authorization", "Bearer and the access token", "RFC 6750 §2.1"},
	},
	Fields: []Term{
		{"WWW-Authenticate", "on a refusal: error invalid_token (expired, revoked, wrong audience) or insufficient_scope with the scope needed", "RFC 6750 §3.1"},
	},
	Notice: []string{
		"The token's aud should name the resource asked for: a resource must refuse a token that is not for it (RFC 9068 §4).",
		"insufficient_scope comes with 403 and the scope needed: ask again with it.",
	},
	Refs: []string{"RFC 6750 §2.1, §3.1", "RFC 8707 §2", "RFC 9068 §4"},
}
