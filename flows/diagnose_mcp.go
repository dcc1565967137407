package flows

import (
	"fmt"
	"strings"
)

// MCPErrorKind names what went wrong talking to an MCP server.
type MCPErrorKind string

// The kinds of MCPError, each its own diagnosis code.
const (
	// MCPVersionRefused: 400 to a request of the session, which carried
	// the MCP-Protocol-Version header and the session id.
	MCPVersionRefused MCPErrorKind = "mcp_protocol_version"
	// MCPNotAcceptable: 406, the server would not answer in a type the
	// Accept header lists.
	MCPNotAcceptable MCPErrorKind = "mcp_not_acceptable"
	// MCPRPCError: the answer is a JSON-RPC error object.
	MCPRPCError MCPErrorKind = "mcp_jsonrpc_error"
	// MCPBadAnswer: not JSON, a malformed event stream, no response in it.
	MCPBadAnswer MCPErrorKind = "mcp_bad_answer"
	// MCPNoSession: 400 to a request sent without a session id, initialize
	// having answered none.
	MCPNoSession MCPErrorKind = "mcp_no_session"
	// MCPSessionGone: 404 to a request with the session id.
	MCPSessionGone MCPErrorKind = "mcp_session_gone"
	// MCPRefused: 401 or 403 with nothing a step-up could ask for.
	MCPRefused MCPErrorKind = "mcp_refused"
	// MCPStillRefused: refused again after the step-up.
	MCPStillRefused MCPErrorKind = "mcp_still_refused"
	// MCPNoScope: insufficient_scope, and no scope to add.
	MCPNoScope MCPErrorKind = "mcp_no_scope"
	// MCPHTTPError: any other error status.
	MCPHTTPError MCPErrorKind = "mcp_http_error"
)

// MCPError is a failure of an MCP call, with what is known. Message,
// Detail and Scope are the server's words, made safe to show.
type MCPError struct {
	Kind   MCPErrorKind
	Method string
	Status int
	// Session tells whether the request carried an Mcp-Session-Id.
	Session bool
	// Code and Message are a JSON-RPC error's (JSON-RPC 2.0 §5.1), or
	// Message the one in an HTTP error's body.
	Code    int
	Message string
	// Detail says what is wrong with an answer that could not be read.
	Detail string
	// Challenge and Scope are the refusal's error and scope (RFC 6750 §3);
	// Held the scopes the token holds.
	Challenge, Scope string
	Held             []string
}

func (e *MCPError) Error() string {
	s := fmt.Sprintf("MCP %s: ", e.Method)
	switch e.Kind {
	case MCPRPCError:
		s += fmt.Sprintf("JSON-RPC error %d %s", e.Code, rpcCodeName(e.Code))
	case MCPBadAnswer:
		s += "an answer that is not a JSON-RPC response: " + e.Detail
	case MCPNoScope:
		s += "refused for want of scope, and no scope to add to " + serverText(strings.Join(e.Held, " "))
	case MCPRefused, MCPStillRefused:
		s += fmt.Sprintf("refused with HTTP %d %s", e.Status, e.Challenge)
		if e.Kind == MCPStillRefused {
			s += " after the step-up"
		}
	default:
		s += fmt.Sprintf("HTTP %d", e.Status)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// rpcCodeName names the JSON-RPC 2.0 error codes (§5.1).
func rpcCodeName(code int) string {
	switch code {
	case -32700:
		return "(parse error)"
	case -32600:
		return "(invalid request)"
	case -32601:
		return "(method not found)"
	case -32602:
		return "(invalid params)"
	case -32603:
		return "(internal error)"
	}
	return "(the server's own code)"
}

func (e *MCPError) diagnosis() *Diagnosis {
	d := &Diagnosis{Code: string(e.Kind), What: e.Error(), Ref: "MCP 2025-11-25, basic/transports"}
	switch e.Kind {
	case MCPVersionRefused:
		d.Causes = []string{"the server does not speak the MCP-Protocol-Version sent, the version initialize negotiated: a server must answer 400 to an invalid or unsupported one",
			"the server wants something else of the request (a 400 has many causes): its message says"}
		d.Try = []string{"look at the answer on {view:response}", "compare the version initialize answered with the header sent on {view:request}"}
		d.Ref += ", Protocol Version Header"
	case MCPNotAcceptable:
		d.Causes = []string{"the server answers in neither application/json nor text/event-stream, which the Accept header listed, both as a client must",
			"a gateway in front of the server checks Accept its own way"}
		d.Try = []string{"look at the answer on {view:response}"}
		d.Ref += ", Sending Messages to the Server"
	case MCPRPCError:
		d.Causes = []string{"the server understood the HTTP request but not the JSON-RPC one: " + rpcCodeName(e.Code)}
		if e.Code == -32601 {
			d.Causes = append(d.Causes, "the server does not offer "+e.Method+": tools/list needs the tools capability, which initialize announces")
		}
		d.Try = []string{"read the error's message on {view:response}"}
		d.Ref = "JSON-RPC 2.0 §5.1; MCP 2025-11-25, basic/lifecycle"
	case MCPBadAnswer:
		d.Causes = []string{"the URL is not an MCP endpoint (an HTML page, another API)", "the server streams events this client cannot read"}
		d.Try = []string{"check {setting:mcp-url}", "look at the answer on {view:response}"}
		d.Ref += ", Sending Messages to the Server; HTML §9.2.6"
	case MCPNoSession:
		d.Causes = []string{"initialize answered no Mcp-Session-Id, yet the server wants one: servers that require a session answer 400 without it"}
		d.Try = []string{"look at the headers initialize answered with, on its {view:response}"}
		d.Ref += ", Session Management"
	case MCPSessionGone:
		d.Causes = []string{"the server ended the session (it may at any time), or does not know it: it answers 404, and the client must initialize again"}
		d.Try = []string{"run the flow again for a new session"}
		d.Ref += ", Session Management"
	case MCPNoScope:
		d.Causes = []string{"the challenge names no scope, or only scopes the token has: the client cannot tell what to ask for",
			"the server refuses for another reason than scope, with the wrong error code"}
		d.Try = []string{"read the server's documentation for the scope " + e.Method + " needs, and give it with {setting:scope}"}
		d.Ref = "RFC 6750 §3.1; MCP 2025-11-25, basic/authorization, Scope Challenge Handling"
	case MCPRefused, MCPStillRefused:
		d.Causes = []string{"the challenge says: " + mcpChallengeSays(e)}
		if e.Kind == MCPStillRefused {
			d.Causes = append(d.Causes, "the step-up's token still lacks what the server wants: the user did not grant a scope, or the server wants another audience")
			d.Try = []string{"look at the step-up token's scope and aud in {view:claims}", "a client should not step up again and again: once is enough to show the loop (MCP basic/authorization, Scope Challenge Handling)"}
		} else {
			d.Try = []string{"look at the access token's aud, exp and scope in {view:claims}: an MCP server must refuse a token not issued for it"}
		}
		d.Ref = "RFC 6750 §3.1; MCP 2025-11-25, basic/authorization, Token Audience Binding and Validation"
	default:
		d.Causes = []string{"the server answered an error status"}
		d.Try = []string{"look at the answer on {view:response}"}
	}
	return d
}

// mcpChallengeSays puts a refusal's challenge in words.
func mcpChallengeSays(e *MCPError) string {
	if e.Challenge == "" {
		return fmt.Sprintf("HTTP %d without an error code", e.Status)
	}
	s := fmt.Sprintf("error %q", e.Challenge)
	if e.Scope != "" {
		s += ", scope needed: " + e.Scope
	}
	return s
}
