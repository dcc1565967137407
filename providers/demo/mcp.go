package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// MCPPath is the demo's MCP endpoint (MCP 2025-11-25, basic/transports,
// Streamable HTTP): one URL that takes JSON-RPC messages by POST. Its
// resource identifier is the issuer followed by MCPPath.
const MCPPath = "/mcp"

// The scopes of the MCP endpoint: MCPScope for any call (the 401
// challenge names it), MCPToolsScope besides for tools/list, which a
// token without it gets a 403 insufficient_scope for (MCP 2025-11-25,
// basic/authorization, Scope Challenge Handling).
const (
	MCPScope      = "mcp.read"
	MCPToolsScope = "mcp.tools"
)

// mcpScopes are the MCP endpoint's scopes, which any client acting for
// the user may ask for.
var mcpScopes = []string{MCPScope, MCPToolsScope}

// MCPVersions are the protocol revisions the demo speaks, newest first
// (MCP 2025-11-25, basic/lifecycle, Version Negotiation).
var MCPVersions = []string{"2025-11-25", "2025-06-18", "2025-03-26"}

// mcpMaxBody caps a JSON-RPC message the endpoint reads.
const mcpMaxBody = 64 << 10

// mcpMaxSessions bounds the sessions kept: past it the oldest is dropped.
const mcpMaxSessions = 256

// JSON-RPC 2.0 error codes (JSON-RPC 2.0 §5.1).
const (
	rpcParseError     = -32700
	rpcInvalidRequest = -32600
	rpcMethodNotFound = -32601
)

// mcpSession is what initialize set up: the negotiated version and whose
// session it is, so that another user's token cannot take it over (MCP
// 2025-11-25, basic/security_best_practices, Session Hijacking).
type mcpSession struct {
	id, version, subject string
}

// mcpServer is a small MCP server over Streamable HTTP, protected like
// the demo API: initialize, notifications/initialized, ping and
// tools/list, for a token issued for it (RFC 8707) with its scopes.
type mcpServer struct {
	issuer string
	guard  *resourceGuard

	mu       sync.Mutex
	sessions []mcpSession
}

// rpcMessage is a JSON-RPC 2.0 request or notification (no id).
type rpcMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params,omitempty"`
}

func (m *mcpServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// DNS rebinding: a page on another origin must not reach a local
	// server (transports, Security Warning).
	if o := r.Header.Get("Origin"); o != "" && o != m.issuer {
		writeRPCError(w, http.StatusForbidden, nil, rpcInvalidRequest, "Origin "+headerSafe(o)+" is not allowed: only "+m.issuer+" may call this MCP server (DNS rebinding protection, MCP transports, Security Warning)")
		return
	}
	switch r.Method {
	case http.MethodPost:
	case http.MethodDelete:
		if claims, ok := m.present(w, r); ok {
			m.end(w, r, claims.Subject)
		}
		return
	default:
		// No server-initiated SSE stream here.
		w.Header().Set("Allow", http.MethodPost+", "+http.MethodDelete)
		writeRPCError(w, http.StatusMethodNotAllowed, nil, rpcInvalidRequest, "use POST: this MCP endpoint offers no SSE stream for GET (MCP transports, Listening for Messages from the Server)")
		return
	}
	if !accepts(r, "application/json") || !accepts(r, "text/event-stream") {
		writeRPCError(w, http.StatusNotAcceptable, nil, rpcInvalidRequest, "the Accept header must list both application/json and text/event-stream (MCP transports, Sending Messages to the Server)")
		return
	}
	claims, ok := m.present(w, r)
	if !ok {
		return
	}
	var msg rpcMessage
	body, err := io.ReadAll(io.LimitReader(r.Body, mcpMaxBody+1))
	switch {
	case err != nil || len(body) > mcpMaxBody:
		writeRPCError(w, http.StatusBadRequest, nil, rpcParseError, fmt.Sprintf("the message could not be read, or is over %d bytes", mcpMaxBody))
		return
	case json.Unmarshal(body, &msg) != nil:
		writeRPCError(w, http.StatusBadRequest, nil, rpcParseError, "parse error: the body is not a JSON-RPC message (JSON-RPC 2.0 section 5.1)")
		return
	case msg.JSONRPC != "2.0" || msg.Method == "":
		writeRPCError(w, http.StatusBadRequest, msg.ID, rpcInvalidRequest, `invalid request: a JSON-RPC 2.0 request has "jsonrpc":"2.0" and a method (JSON-RPC 2.0 section 4)`)
		return
	}
	if msg.Method == "initialize" {
		m.initialize(w, msg, claims.Subject)
		return
	}
	s, ok := m.session(w, r, msg, claims.Subject)
	if !ok {
		return
	}
	if len(msg.ID) == 0 {
		// A notification: notifications/initialized and any other is taken.
		w.WriteHeader(http.StatusAccepted)
		return
	}
	switch msg.Method {
	case "ping":
		writeRPCResult(w, msg.ID, map[string]any{})
	case "tools/list":
		if !slices.Contains(strings.Fields(claims.Scope), MCPToolsScope) {
			m.insufficient(w, mcpScopes, claims.Scope)
			return
		}
		writeSSEResult(w, msg.ID, s.id, map[string]any{"tools": mcpTools()})
	default:
		writeRPCError(w, http.StatusOK, msg.ID, rpcMethodNotFound, "method not found: "+headerSafe(msg.Method)+"; this server knows initialize, ping and tools/list")
	}
}

// present checks the request's token: issued for the MCP server (RFC
// 8707) with its scope. It answers a refusal itself: 401 with the
// challenge, or 403 insufficient_scope.
func (m *mcpServer) present(w http.ResponseWriter, r *http.Request) (*tokenClaims, bool) {
	claims, refused := m.guard.present(r, m.issuer+MCPPath, "demo-mcp")
	if refused != nil {
		refused.metadata = m.issuer + ResourceMetadataPath + MCPPath
		if refused.noChallenge {
			refused.scope = MCPScope
		}
		refused.write(w)
		return nil, false
	}
	if !slices.Contains(strings.Fields(claims.Scope), MCPScope) {
		m.insufficient(w, []string{MCPScope}, claims.Scope)
		return nil, false
	}
	return claims, true
}

// end ends the request's session, which must be subject's: 204, and a
// later request with its id gets 404 (transports, Session Management).
func (m *mcpServer) end(w http.ResponseWriter, r *http.Request, subject string) {
	s, ok := m.session(w, r, rpcMessage{}, subject)
	if !ok {
		return
	}
	m.mu.Lock()
	m.sessions = slices.DeleteFunc(m.sessions, func(o mcpSession) bool { return o.id == s.id })
	m.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// insufficient refuses a token without the scopes need: 403 with a
// challenge naming every scope the call needs (RFC 6750 §3.1; MCP
// 2025-11-25, basic/authorization, Scope Challenge Handling).
func (m *mcpServer) insufficient(w http.ResponseWriter, need []string, has string) {
	desc := fmt.Sprintf("this call needs scope %s; the token has scope [%s]", strings.Join(need, " "), has)
	w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="demo-mcp", error="insufficient_scope", scope="%s", resource_metadata="%s", error_description="%s"`,
		strings.Join(need, " "), m.issuer+ResourceMetadataPath+MCPPath, headerSafe(desc)))
	writeJSON(w, http.StatusForbidden, map[string]any{"error": "insufficient_scope", "error_description": desc, "scope": strings.Join(need, " ")})
}

// initialize answers the initialize request: the version asked for when
// the demo speaks it, else its newest (basic/lifecycle, Version
// Negotiation), and a new session in the Mcp-Session-Id header
// (transports, Session Management).
func (m *mcpServer) initialize(w http.ResponseWriter, msg rpcMessage, subject string) {
	if len(msg.ID) == 0 {
		writeRPCError(w, http.StatusBadRequest, nil, rpcInvalidRequest, "initialize is a request: it needs an id (MCP lifecycle, Initialization)")
		return
	}
	var p struct {
		ProtocolVersion string `json:"protocolVersion"`
	}
	_ = json.Unmarshal(msg.Params, &p)
	version := MCPVersions[0]
	if slices.Contains(MCPVersions, p.ProtocolVersion) {
		version = p.ProtocolVersion
	}
	s := mcpSession{id: randomText(24), version: version, subject: subject}
	m.mu.Lock()
	if len(m.sessions) >= mcpMaxSessions {
		m.sessions = m.sessions[1:]
	}
	m.sessions = append(m.sessions, s)
	m.mu.Unlock()
	w.Header().Set("Mcp-Session-Id", s.id)
	writeRPCResult(w, msg.ID, map[string]any{
		"protocolVersion": version,
		"capabilities":    map[string]any{"tools": map[string]any{}},
		"serverInfo":      map[string]any{"name": "oauth-explorer-demo-mcp", "title": "oauth-explorer demo MCP server", "version": "1.0.0"},
		"instructions":    "A demo MCP server: tools/list needs scope " + MCPToolsScope + " besides " + MCPScope + ".",
	})
}

// session finds the request's session and checks its protocol version
// header: 400 without them or with a version the session did not
// negotiate, 404 for a session unknown or another user's (transports,
// Session Management and Protocol Version Header).
func (m *mcpServer) session(w http.ResponseWriter, r *http.Request, msg rpcMessage, subject string) (mcpSession, bool) {
	id := r.Header.Get("Mcp-Session-Id")
	if id == "" {
		writeRPCError(w, http.StatusBadRequest, msg.ID, rpcInvalidRequest, "no Mcp-Session-Id header: send the session id initialize answered with (MCP transports, Session Management)")
		return mcpSession{}, false
	}
	m.mu.Lock()
	i := slices.IndexFunc(m.sessions, func(s mcpSession) bool { return s.id == id && s.subject == subject })
	var s mcpSession
	if i >= 0 {
		s = m.sessions[i]
	}
	m.mu.Unlock()
	if i < 0 {
		writeRPCError(w, http.StatusNotFound, msg.ID, rpcInvalidRequest, "unknown session: send initialize again for a new one (MCP transports, Session Management)")
		return mcpSession{}, false
	}
	switch v := r.Header.Get("MCP-Protocol-Version"); {
	case v == "":
		writeRPCError(w, http.StatusBadRequest, msg.ID, rpcInvalidRequest, "no MCP-Protocol-Version header: this server requires the version negotiated at initialize, "+s.version+", on every later request (MCP transports, Protocol Version Header)")
		return mcpSession{}, false
	case v != s.version:
		writeRPCError(w, http.StatusBadRequest, msg.ID, rpcInvalidRequest, "unsupported MCP-Protocol-Version "+headerSafe(v)+": this session negotiated "+s.version+" (MCP transports, Protocol Version Header)")
		return mcpSession{}, false
	}
	return s, true
}

// mcpTools are the demo's tools: harmless, and never run here.
func mcpTools() []map[string]any {
	str := map[string]any{"type": "string"}
	return []map[string]any{{
		"name": "echo", "title": "Echo", "description": "Returns the text it is given.",
		"inputSchema": map[string]any{"type": "object", "properties": map[string]any{"text": str}, "required": []string{"text"}},
	}, {
		"name": "whoami", "title": "Who am I", "description": "Tells which user and client the access token was issued to.",
		"inputSchema": map[string]any{"type": "object", "properties": map[string]any{}},
	}}
}

// accepts reports whether r's Accept header lists the media type typ.
func accepts(r *http.Request, typ string) bool {
	for _, v := range r.Header.Values("Accept") {
		for part := range strings.SplitSeq(v, ",") {
			mt, _, _ := strings.Cut(part, ";")
			if strings.EqualFold(strings.TrimSpace(mt), typ) {
				return true
			}
		}
	}
	return false
}

// writeRPCResult answers a request with its result as one JSON object.
func writeRPCResult(w http.ResponseWriter, id json.RawMessage, result any) {
	writeJSON(w, http.StatusOK, map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
}

// writeRPCError answers with a JSON-RPC error object (JSON-RPC 2.0 §5.1);
// id is nil when the request's could not be read.
func writeRPCError(w http.ResponseWriter, status int, id json.RawMessage, code int, message string) {
	var idv any = id
	if len(id) == 0 {
		idv = nil
	}
	writeJSON(w, status, map[string]any{"jsonrpc": "2.0", "id": idv, "error": map[string]any{"code": code, "message": message}})
}

// writeSSEResult answers a request as a Server-Sent Events stream: a
// priming event with an id and empty data, then the response as one
// message event (transports, Sending Messages to the Server, item 6).
func writeSSEResult(w http.ResponseWriter, id json.RawMessage, session string, result any) {
	data, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprintf(w, "id: %s-0\ndata:\n\nid: %s-1\nevent: message\ndata: %s\n\n", session[:8], session[:8], data)
}
