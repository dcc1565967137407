package flows

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// MCPClientVersion is the MCP protocol revision the mcp grant asks for in
// initialize (MCP basic/lifecycle, Version Negotiation).
const MCPClientVersion = "2025-11-25"

// mcpEndpoint names the MCP server in errors and the recorder's labels.
const mcpEndpoint = "MCP server"

// mcpMaxEvents caps the SSE events read from one answer.
const mcpMaxEvents = 100

// rpcResponse is a JSON-RPC 2.0 response (JSON-RPC 2.0 §5): a result or
// an error, for the request of the same id. Method is set when the
// message is a request or notification from the server instead.
type rpcResponse struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Result  json.RawMessage `json:"result"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// rpcReply is what the MCP server answered a message with.
type rpcReply struct {
	status int
	header http.Header
	// msg is the response to the request; nil for a notification.
	msg *rpcResponse
	// sse is set when the answer was an SSE stream of events events.
	sse    bool
	events int
}

// request makes the POST of one JSON-RPC message to the MCP endpoint
// (MCP basic/transports, Sending Messages to the Server): a request, or a
// notification when id is 0, with token when one is given.
func (f *MCP) request(ctx context.Context, method string, id int, params any, token string) (*http.Request, error) {
	msg := map[string]any{"jsonrpc": "2.0", "method": method}
	if id != 0 {
		msg["id"] = id
	}
	if params != nil {
		msg["params"] = params
	}
	body, _ := json.Marshal(msg)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", cmp.Or(f.version, MCPClientVersion))
	if f.session != "" && method != "initialize" {
		req.Header.Set("Mcp-Session-Id", f.session)
	}
	if token != "" {
		req.Header.Set("Authorization", f.dpop.scheme(f.tok)+" "+token)
	}
	return req, nil
}

// call sends method with the access token and reads the answer onto r. It
// returns false when there is no result to read: r is then failed, or,
// when the server refused for want of scope and a step-up can answer it,
// done with a note saying so.
func (f *MCP) call(ctx context.Context, r Result, method string, id int, params any) (rpcReply, Result, bool) {
	req, err := f.request(ctx, method, id, params, f.tok.AccessToken)
	if err != nil {
		return rpcReply{}, failed(r, fmt.Errorf("%s: %w", mcpEndpoint, err)), false
	}
	resp, err := f.client.Do(req)
	r, ok := f.answered(r, mcpEndpoint, err)
	if !ok {
		return rpcReply{}, r, false
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	reply := rpcReply{status: resp.StatusCode, header: resp.Header}
	e := &MCPError{Method: method, Status: resp.StatusCode, Session: f.session != ""}
	switch c := resp.StatusCode; {
	case c == http.StatusUnauthorized || c == http.StatusForbidden:
		r, ok := f.refusal(r, resp, method)
		return reply, r, ok
	case c == http.StatusNotAcceptable:
		e.Kind = MCPNotAcceptable
	case c == http.StatusBadRequest && method != "initialize" && !e.Session:
		e.Kind = MCPNoSession
	case c == http.StatusBadRequest:
		e.Kind = MCPVersionRefused
	case c == http.StatusNotFound && e.Session:
		e.Kind = MCPSessionGone
	case c/100 != 2:
		e.Kind = MCPHTTPError
	case id == 0:
		return reply, r, true
	}
	if e.Kind != "" {
		e.Message = rpcErrorMessage(body)
		return reply, failed(r, e), false
	}
	if ex := lastExchange(r.Exchanges); ex != nil && ex.Response != nil && ex.Response.Truncated {
		e.Kind, e.Detail = MCPBadAnswer, fmt.Sprintf("the answer is over %d bytes and was cut", MaxBody)
		return reply, failed(r, e), false
	}
	msg, sse, events, detail := readRPC(resp.Header.Get("Content-Type"), body, id)
	reply.msg, reply.sse, reply.events = msg, sse, events
	switch {
	case detail != "":
		e.Kind, e.Detail = MCPBadAnswer, detail
	case msg.Error != nil:
		e.Kind, e.Code, e.Message = MCPRPCError, msg.Error.Code, serverText(msg.Error.Message)
	default:
		return reply, r, true
	}
	return reply, failed(r, e), false
}

// refusal reads a 401 or 403 answer to method. A refusal for want of scope
// (403 insufficient_scope, or a 401 that names a scope) is kept for the
// step-up, the first time; after the step-up, or without a scope to ask
// for, it fails the step.
func (f *MCP) refusal(r Result, resp *http.Response, method string) (Result, bool) {
	rf := &mcpRefusal{method: method, status: resp.StatusCode}
	cs, _ := providers.ParseChallenges(resp.Header.Values("WWW-Authenticate")...)
	if c, ok := providers.Bearer(cs); ok {
		rf.code, _ = c.Param("error")
		rf.scope, rf.hasScope = c.Param("scope")
		rf.hasScope = rf.hasScope && strings.TrimSpace(rf.scope) != ""
		desc, _ := c.Param("error_description")
		r.Notes = append(r.Notes, fmt.Sprintf("refused: HTTP %d, challenge %s", resp.StatusCode, serverText(describeParams(c))))
		if desc != "" {
			r.Notes = append(r.Notes, fmt.Sprintf("error_description: %s", serverQuoted(desc)))
		}
	}
	stepUp := rf.code == "insufficient_scope" || (resp.StatusCode == http.StatusUnauthorized && rf.hasScope)
	if !stepUp || f.stepped {
		kind := MCPRefused
		if f.stepped {
			kind = MCPStillRefused
		}
		return failed(r, &MCPError{Kind: kind, Method: method, Status: resp.StatusCode, Challenge: rf.code, Scope: serverText(rf.scope)}), false
	}
	f.refused = rf
	if rf.hasScope {
		r.Notes = append(r.Notes, fmt.Sprintf("the server asks for scope %s for %s: the step-up below asks for it with the scopes held (MCP basic/authorization, Scope Challenge Handling)", serverQuoted(rf.scope), method))
	} else {
		r.Notes = append(r.Notes, "insufficient_scope without a scope parameter: the server does not say what to ask for; the step-up tries the metadata's scopes_supported (MCP basic/authorization, Scope Selection Strategy)")
	}
	return r, false
}

// readRPC reads the response to request id from an answer of content type
// ct: one JSON object, or an SSE stream whose message events carry it
// after any requests or notifications of the server (MCP basic/transports,
// Sending Messages to the Server). detail says what is wrong, "" when the
// response was found.
func readRPC(ct string, body []byte, id int) (msg *rpcResponse, sse bool, events int, detail string) {
	mt, _, _ := mime.ParseMediaType(ct)
	var datas []string
	switch mt {
	case "application/json":
		datas = []string{string(body)}
	case "text/event-stream":
		sse = true
		evs, err := parseSSE(body)
		events = len(evs)
		if err != "" {
			return nil, sse, events, err
		}
		for _, ev := range evs {
			if ev.data != "" && (ev.event == "" || ev.event == "message") {
				datas = append(datas, ev.data)
			}
		}
	default:
		return nil, false, 0, fmt.Sprintf("Content-Type %s, neither application/json nor text/event-stream", serverQuoted(ct))
	}
	want := fmt.Sprint(id)
	for _, d := range datas {
		var m rpcResponse
		if err := json.Unmarshal([]byte(d), &m); err != nil {
			return nil, sse, events, "a message is not JSON: " + serverText(err.Error())
		}
		if m.Method != "" {
			continue // the server's own request or notification
		}
		if m.JSONRPC != "2.0" || string(m.ID) != want {
			return nil, sse, events, fmt.Sprintf("a response with jsonrpc %s and id %s, not 2.0 and %s (JSON-RPC 2.0 §5)", serverQuoted(m.JSONRPC), serverQuoted(string(m.ID)), want)
		}
		if m.Error == nil && m.Result == nil {
			return nil, sse, events, "a response with neither result nor error (JSON-RPC 2.0 §5)"
		}
		return &m, sse, events, ""
	}
	if sse {
		return nil, sse, events, "the stream ended without the response to the request"
	}
	return nil, sse, events, "no JSON-RPC response"
}

// sseEvent is one dispatched Server-Sent Event.
type sseEvent struct{ id, event, data string }

// parseSSE splits an event stream into its events as the HTML standard
// says (§9.2.6): lines end in CRLF, LF or CR; a blank line dispatches;
// ":" starts a comment; data lines are joined by newlines; one space
// after the colon is dropped. An event with no data is not dispatched
// (the priming event of MCP basic/transports has an empty data line and
// is kept, with data ""). It refuses streams with no events, or too many.
func parseSSE(body []byte) ([]sseEvent, string) {
	text := strings.ReplaceAll(strings.ReplaceAll(string(body), "\r\n", "\n"), "\r", "\n")
	var out []sseEvent
	var cur sseEvent
	var data []string
	seen := false
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" {
			if seen {
				cur.data = strings.Join(data, "\n")
				out = append(out, cur)
			}
			cur, data, seen = sseEvent{}, nil, false
			if len(out) > mcpMaxEvents {
				return nil, fmt.Sprintf("more than %d events in one answer", mcpMaxEvents)
			}
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "data":
			data, seen = append(data, value), true
		case "event":
			cur.event = value
		case "id":
			cur.id = value
		}
	}
	if seen {
		// A last event without its blank line is dropped (§9.2.6), which
		// leaves its response unread: say so.
		return out, "the stream ends inside an event, without the blank line that dispatches it (HTML §9.2.6)"
	}
	if len(out) == 0 {
		return nil, "an event stream without events"
	}
	return out, ""
}

// rpcErrorMessage returns the message of a JSON-RPC error in body, "" when
// it holds none.
func rpcErrorMessage(body []byte) string {
	var m rpcResponse
	if json.Unmarshal(body, &m) != nil || m.Error == nil {
		return ""
	}
	return serverText(m.Error.Message)
}

// serverText makes a server's text safe to show on one line, at most
// mcpMaxText characters: controls and escapes made visible (safetext.Line).
func serverText(s string) string {
	return safetext.Line(capText(s))
}

// serverQuoted quotes a server's text, at most mcpMaxText characters, as Go
// does: every control, escape and bidi character is escaped.
func serverQuoted(s string) string {
	return strconv.Quote(capText(s))
}

// mcpMaxText caps a server's text shown in a note.
const mcpMaxText = 300

// capText cuts s to mcpMaxText characters.
func capText(s string) string {
	if r := []rune(s); len(r) > mcpMaxText {
		return string(r[:mcpMaxText]) + "…"
	}
	return s
}
