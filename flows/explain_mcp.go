package flows

// The MCP calls' headers, shared by their explanations.
var (
	termMCPAccept   = Term{"Accept", "application/json, text/event-stream: a client must take both, and the server picks one", "MCP 2025-11-25, basic/transports, Sending Messages to the Server"}
	termMCPType     = Term{"Content-Type", "application/json: the body is one JSON-RPC message", "MCP 2025-11-25, basic/transports; JSON-RPC 2.0 §4"}
	termMCPVersion  = Term{"MCP-Protocol-Version", "the protocol version: the one asked for before initialize answers, then the one it negotiated", "MCP 2025-11-25, basic/transports, Protocol Version Header"}
	termMCPSession  = Term{"Mcp-Session-Id", "the session initialize opened, sent on every later request of it", "MCP 2025-11-25, basic/transports, Session Management"}
	termMCPBearer   = Term{"Authorization: Bearer", "Bearer and the access token issued for this MCP server; never in the URL", "RFC 6750 §2.1; MCP 2025-11-25, basic/authorization, Token Requirements"}
	termRPCMethod   = Term{"method", "the JSON-RPC method: initialize, notifications/initialized, tools/list", "JSON-RPC 2.0 §4; MCP 2025-11-25, basic/lifecycle"}
	termRPCParams   = Term{"params", "the method's parameters", "JSON-RPC 2.0 §4"}
	termRPCJSONRPC  = Term{"jsonrpc", `"2.0": the JSON-RPC version`, "JSON-RPC 2.0 §5"}
	termRPCID       = Term{"id", "the request's id: the response names the request it answers", "JSON-RPC 2.0 §5"}
	termRPCResult   = Term{"result", "what the method returned; error instead when it failed, with a code and message", "JSON-RPC 2.0 §5, §5.1"}
	termMCPRefusal  = Term{"WWW-Authenticate", "on 401 or 403: the challenge, with error, the scope to ask for and resource_metadata", "RFC 6750 §3; MCP 2025-11-25, basic/authorization, Scope Challenge Handling"}
	termMCPSSEEvent = Term{"text/event-stream", "an answer as Server-Sent Events: data lines carry JSON-RPC messages; the response is among them", "MCP 2025-11-25, basic/transports; HTML §9.2"}
)

// mcpBareExplain explains the first MCP call, with no token.
var mcpBareExplain = &Explanation{
	Purpose: "An MCP client meets a server by its URL alone. It posts the first message of the protocol, initialize, without a token; the MCP server, a protected resource, answers 401 with a challenge: where its metadata is, and which scope a token needs.",
	Parties: "The client (the MCP client) posts to the MCP server, the resource server. No authorization server is known yet.",
	Params:  []Term{termMCPType, termMCPAccept, termMCPVersion, termRPCJSONRPC, termRPCID, termRPCMethod, termRPCParams},
	Fields: []Term{
		{"WWW-Authenticate", "the challenge: Bearer with resource_metadata and, for an MCP server that follows the spec, scope", "RFC 6750 §3; RFC 9728 §5.1; MCP 2025-11-25, basic/authorization"},
		{"resource_metadata", "the URL of the server's protected resource metadata", "RFC 9728 §5.1"},
		{"scope", "the scopes the call needs: what an MCP client asks for first", "RFC 6750 §3; MCP 2025-11-25, basic/authorization, Scope Selection Strategy"},
	},
	Notice: []string{
		"MCP clients must read the resource_metadata of the challenge, and fall back to the well-known URLs without it (MCP basic/authorization, Protected Resource Metadata Discovery Requirements).",
		"The scope of the challenge is authoritative for the call: the client asks for it rather than for everything it might want, and for more later by step-up.",
	},
	Refs: []string{"MCP 2025-11-25, basic/authorization", "RFC 9728 §5.1", "RFC 6750 §3"},
}

// mcpInitializeExplain explains initialize and notifications/initialized.
var mcpInitializeExplain = &Explanation{
	Purpose: "Open the MCP session with the token: initialize says which protocol version the client speaks and what it can do; the server answers with the version to use, its capabilities (tools, resources, prompts…), who it is and, often, a session id. notifications/initialized then closes the handshake.",
	Parties: "The client posts JSON-RPC messages to the MCP server, the resource server, which checks the token the authorization server issued.",
	Params: []Term{termMCPBearer, termMCPType, termMCPAccept, termMCPVersion, termMCPSession, termRPCJSONRPC, termRPCID, termRPCMethod, termRPCParams,
		{"protocolVersion", "in params: the newest version the client speaks", "MCP 2025-11-25, basic/lifecycle, Version Negotiation"}},
	Fields: []Term{
		termRPCJSONRPC, termRPCID, termRPCResult,
		{"protocolVersion", "the version of the session: the one asked for when the server speaks it, else another it speaks", "MCP 2025-11-25, basic/lifecycle, Version Negotiation"},
		{"capabilities", "what the server offers: tools means tools/list and tools/call", "MCP 2025-11-25, basic/lifecycle, Capability Negotiation"},
		{"serverInfo", "the server's name and version, for people", "MCP 2025-11-25, basic/lifecycle, Initialization"},
		{"instructions", "how to use the server, for the model", "MCP 2025-11-25, basic/lifecycle, Initialization"},
		termMCPSession, termMCPRefusal,
	},
	Notice: []string{
		"The server picks the version: the one asked for if it speaks it, otherwise its own. A client that does not speak the answer should disconnect.",
		"The session id is a secret of sorts: whoever holds it and a valid token continues the session, so servers bind it to the user (MCP basic/security_best_practices, Session Hijacking).",
		"The token's aud must name this MCP server (RFC 8707): an MCP server must refuse tokens issued for others, and never pass its token on to another API.",
		"notifications/initialized has no id, so it gets no JSON-RPC response: the server answers 202 Accepted with no body.",
	},
	Refs: []string{"MCP 2025-11-25, basic/lifecycle", "MCP 2025-11-25, basic/transports", "JSON-RPC 2.0 §4, §5", "RFC 6750 §2.1"},
}

// mcpToolsListExplain explains tools/list and the refusal for scope.
var mcpToolsListExplain = &Explanation{
	Purpose: "Ask the MCP server for its tools, within the session. A server may want more scope for this than to connect: it then answers 403 insufficient_scope with the scopes to ask for, and the step-up below asks for them.",
	Parties: "The client posts to the MCP server, the resource server, with the token, the session id and the version negotiated.",
	Params:  []Term{termMCPBearer, termMCPSession, termMCPVersion, termMCPAccept, termMCPType, termRPCJSONRPC, termRPCID, termRPCMethod, termRPCParams},
	Fields: []Term{
		termRPCJSONRPC, termRPCID, termRPCResult,
		{"tools", "each tool's name, title, description and inputSchema", "MCP 2025-11-25, server/tools, Listing Tools"},
		{"nextCursor", "set when the list goes on in another page", "MCP 2025-11-25, server/tools, Pagination"},
		termMCPSSEEvent, termMCPRefusal,
	},
	Notice: []string{
		"The answer may come as one JSON object or as an event stream; a client must read both. In a stream, the server may send its own requests and notifications before the response.",
		"A tool's description is the server's text, written for a model: shown here, escaped, never acted on.",
		"insufficient_scope comes with 403 and the scope the call needs (RFC 6750 §3.1). An MCP client adds it to what it holds and authorizes again.",
	},
	Refs: []string{"MCP 2025-11-25, server/tools", "MCP 2025-11-25, basic/transports", "RFC 6750 §3.1"},
}

// mcpStepUpAuthExplain explains the step-up's authorization request.
var mcpStepUpAuthExplain = &Explanation{
	Purpose: "Step-up authorization: the MCP server refused a call for want of scope, so the client authorizes again, asking for the scopes it holds and those the challenge names. It is a new authorization request, in the browser, for the same resource.",
	Parties: "The client sends the resource owner's browser to the authorization server, as for the first login.",
	Params: []Term{
		{"scope", "the scopes held and those the challenge names: nothing granted is lost", "MCP 2025-11-25, basic/authorization, Scope Challenge Handling"},
		termResource,
		{"state", "new: it ties this callback to this request", "RFC 6749 §10.12"},
		{"code_challenge", "from a new code_verifier", "RFC 7636 §4.2"},
		{"nonce", "new, for the new ID token", "OpenID Connect Core §3.1.2.1"},
	},
	Notice: []string{
		"A refresh cannot do this: a refresh token gives at most the scope first granted (RFC 6749 §6), so the user must approve the larger scope.",
		"Skipped when no call was refused for want of scope. A client steps up once per refusal, not in a loop.",
		"With no scope in the challenge, the client falls back on the metadata's scopes_supported; with nothing new to ask for, it stops.",
	},
	Refs: []string{"MCP 2025-11-25, basic/authorization, Scope Challenge Handling", "RFC 6749 §4.1.1", "RFC 7636", "RFC 8707 §2"},
}

// mcpStepUpLoginExplain explains the step-up's login and callback.
var mcpStepUpLoginExplain = &Explanation{
	Purpose: "The user approves the larger scope in the browser; the code comes back to the redirect URI, and its state and iss are checked as for the first login.",
	Parties: "The resource owner, at the authorization server in the browser; the browser then brings the code back to the client.",
	Fields: []Term{
		{"code", "the new authorization code", "RFC 6749 §4.1.2"},
		{"state", "must be the step-up request's, not the first one's", "RFC 6749 §4.1.2, §10.12"},
		{"iss", "the authorization server that answered", "RFC 9207 §2"},
	},
	Notice: []string{
		"The consent page lists the new scopes: the user may refuse them, and the call then stays refused.",
		"A callback carrying the first login's state is refused: each request has its own.",
	},
	Refs: []string{"RFC 6749 §4.1.2", "RFC 9207", "MCP 2025-11-25, basic/authorization, Scope Challenge Handling"},
}

// mcpStepUpTokenExplain explains the step-up's token request.
var mcpStepUpTokenExplain = &Explanation{
	Purpose: "Redeem the step-up's code, with its own code_verifier and the resource, for a token with the larger scope. It replaces the token held.",
	Parties: "The client calls the authorization server's token endpoint, then checks a new ID token with the server's published keys.",
	Params: []Term{
		{"grant_type", "authorization_code", "RFC 6749 §4.1.3"},
		{"code", "the step-up's code", "RFC 6749 §4.1.3"},
		{"code_verifier", "the step-up request's verifier", "RFC 7636 §4.5"},
		termResource,
	},
	Fields: []Term{
		{"access_token", "the new token, for the same resource", "RFC 6749 §5.1"},
		{"scope", "the scope granted, which may be less than asked", "RFC 6749 §5.1"},
		fieldIDToken,
	},
	JWKS:   true,
	Claims: idTokenClaims,
	Notice: []string{
		"Check the scope granted: a server or user may grant less than asked, and the call will be refused again.",
		"A new ID token is verified like the first, with the step-up's own nonce, and must name the same user (iss and sub): the MCP session the retry goes on with is the first user's, and a login as someone else must not take it over.",
	},
	Refs: []string{"RFC 6749 §4.1.3, §5.1", "RFC 7636 §4.5", "RFC 8707 §2"},
}

// mcpRetryExplain explains the call made again after the step-up.
var mcpRetryExplain = &Explanation{
	Purpose: "Make the refused MCP call again with the new token: tools/list in the same session (or initialize first, when it was initialize that was refused).",
	Parties: "The client posts to the MCP server, the resource server, with the step-up's token.",
	Params:  []Term{termMCPBearer, termMCPSession, termMCPVersion, termMCPAccept, termMCPType, termRPCJSONRPC, termRPCID, termRPCMethod, termRPCParams},
	Fields:  []Term{termRPCJSONRPC, termRPCID, termRPCResult, termMCPSSEEvent, termMCPRefusal},
	Notice: []string{
		"The session outlives the token: it is the user's, and the new token is the same user's.",
		"Refused again, the client stops: asking again and again would loop (MCP basic/authorization).",
	},
	Refs: []string{"MCP 2025-11-25, basic/authorization, Scope Challenge Handling", "MCP 2025-11-25, server/tools"},
}

// mcpEndExplain explains the end of the session.
var mcpEndExplain = &Explanation{
	Purpose: "End the MCP session the client no longer needs, so that the server can forget it: an HTTP DELETE of the endpoint with the session id.",
	Parties: "The client sends the DELETE to the MCP server, the resource server, with its access token. The authorization server takes no part: the token stays valid until it expires or is revoked.",
	Params:  []Term{termMCPBearer, termMCPSession, termMCPVersion},
	Fields: []Term{
		{"204 No Content", "the session is ended: a request with its id now gets 404, and the client must initialize again", "MCP 2025-11-25, basic/transports, Session Management"},
		{"405 Method Not Allowed", "the server does not let clients end sessions; it ends them on its own", "MCP 2025-11-25, basic/transports, Session Management"},
	},
	Notice: []string{
		"Ending the session is not revoking the token: the token can still open a new session until it expires (revocation is RFC 7009's business, at the authorization server).",
		"A session id is a credential of sorts: a server binds it to the user, so that another user's token cannot take it over (MCP basic/security_best_practices, Session Hijacking).",
	},
	Refs: []string{"MCP 2025-11-25, basic/transports, Session Management"},
}
