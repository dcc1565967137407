package demo_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// mcpToken logs the demo user in with demo-public for scopes and, when
// resource is set, that resource indicator (RFC 8707), and returns the
// access token.
func mcpToken(t *testing.T, s *demo.Server, resource string, scopes ...string) string {
	t.Helper()
	ctx, _ := testContext(t)
	cfg := codeConfig(s, "demo-public", "")
	cfg.Scopes = scopes
	verifier := oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	if resource != "" {
		opts = append(opts, oauth2.SetAuthURLParam("resource", resource))
	}
	q := authorize(t, ctx, cfg.AuthCodeURL("st", opts...), true)
	tok, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier), oauth2.SetAuthURLParam("resource", resource))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return tok.AccessToken
}

// mcpCall posts a JSON-RPC body to the MCP endpoint with the headers an
// MCP client sends (MCP 2025-11-25, basic/transports), header over them.
func mcpCall(t *testing.T, s *demo.Server, token, body string, header http.Header) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.Endpoints().MCP, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	_, hc := testContext(t)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	_ = json.Unmarshal(b, &r.body)
	return r
}

const mcpInit = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// TestMCPEndpoint walks the demo's MCP server through the lifecycle and
// each refusal: basic/transports, basic/lifecycle, server/tools and
// basic/authorization of MCP 2025-11-25.
func TestMCPEndpoint(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	mcp := s.Endpoints().MCP
	meta := s.Issuer() + "/.well-known/oauth-protected-resource/mcp"

	// No token: 401 with resource_metadata and the basic scope.
	r := mcpCall(t, s, "", mcpInit, nil)
	if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != `Bearer realm="demo-mcp", resource_metadata="`+meta+`", scope="mcp.read"` {
		t.Fatalf("no token: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}
	// A token for the API only: its aud does not name the MCP server.
	apiTok := mcpToken(t, s, "", "openid", demo.MCPScope)
	if r = mcpCall(t, s, apiTok, mcpInit, nil); r.status != http.StatusUnauthorized ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) || !strings.Contains(r.raw, "wrong audience") {
		t.Errorf("token for another audience: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}
	// A token for the MCP server without mcp.read: 403 naming it.
	if r = mcpCall(t, s, mcpToken(t, s, mcp, "openid"), mcpInit, nil); r.status != http.StatusForbidden ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), `error="insufficient_scope", scope="mcp.read"`) {
		t.Errorf("no mcp.read: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}

	tok := mcpToken(t, s, mcp, "openid", demo.MCPScope)
	r = mcpCall(t, s, tok, mcpInit, nil)
	res, _ := r.body["result"].(map[string]any)
	session := r.header.Get("Mcp-Session-Id")
	if r.status != http.StatusOK || res["protocolVersion"] != "2025-06-18" || session == "" || res["serverInfo"] == nil ||
		!strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("initialize: %d %v %s", r.status, r.header, r.raw)
	}
	// An unknown version is answered with the newest (lifecycle, Version Negotiation).
	if r := mcpCall(t, s, tok, strings.Replace(mcpInit, "2025-06-18", "1999-01-01", 1), nil); !strings.Contains(r.raw, `"protocolVersion": "`+demo.MCPVersions[0]) {
		t.Errorf("initialize with an unknown version: %s", r.raw)
	}
	ok := http.Header{"Mcp-Session-Id": {session}, "Mcp-Protocol-Version": {"2025-06-18"}}
	if r := mcpCall(t, s, tok, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, ok); r.status != http.StatusAccepted || r.raw != "" {
		t.Errorf("notifications/initialized: %d %q", r.status, r.raw)
	}
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	// Without mcp.tools: 403 with every scope needed.
	if r := mcpCall(t, s, tok, list, ok); r.status != http.StatusForbidden ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), `error="insufficient_scope", scope="mcp.read mcp.tools", resource_metadata="`+meta+`"`) {
		t.Errorf("tools/list without mcp.tools: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}
	for name, tc := range map[string]struct {
		header http.Header
		body   string
		status int
		want   string
	}{
		"no session":       {http.Header{"Mcp-Protocol-Version": {"2025-06-18"}}, list, http.StatusBadRequest, "no Mcp-Session-Id"},
		"unknown session":  {http.Header{"Mcp-Session-Id": {"nope"}, "Mcp-Protocol-Version": {"2025-06-18"}}, list, http.StatusNotFound, "unknown session"},
		"no version":       {http.Header{"Mcp-Session-Id": {session}}, list, http.StatusBadRequest, "no MCP-Protocol-Version"},
		"other version":    {http.Header{"Mcp-Session-Id": {session}, "Mcp-Protocol-Version": {"2025-11-25"}}, list, http.StatusBadRequest, "unsupported MCP-Protocol-Version"},
		"unknown method":   {ok, `{"jsonrpc":"2.0","id":3,"method":"resources/list"}`, http.StatusOK, `"code": -32601`},
		"malformed":        {ok, `{"jsonrpc":`, http.StatusBadRequest, `"code": -32700`},
		"not JSON-RPC 2.0": {ok, `{"id":4,"method":"ping"}`, http.StatusBadRequest, `"code": -32600`},
		"wrong Accept":     {http.Header{"Accept": {"application/json"}}, list, http.StatusNotAcceptable, "text/event-stream"},
		"foreign Origin":   {http.Header{"Origin": {"http://evil.example"}}, list, http.StatusForbidden, "DNS rebinding"},
	} {
		if r := mcpCall(t, s, tok, tc.body, tc.header); r.status != tc.status || !strings.Contains(r.raw, tc.want) || r.body["jsonrpc"] != "2.0" {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	get := do(t, hc, http.MethodGet, mcp, nil, bearer(tok))
	if get.status != http.StatusMethodNotAllowed || get.header.Get("Allow") != "POST, DELETE" {
		t.Errorf("GET: %d %v", get.status, get.header)
	}

	// With mcp.tools: the tool list, as one SSE event after a priming one.
	tok = mcpToken(t, s, mcp, "openid", demo.MCPScope, demo.MCPToolsScope)
	r = mcpCall(t, s, tok, mcpInit, nil)
	ok.Set("Mcp-Session-Id", r.header.Get("Mcp-Session-Id"))
	r = mcpCall(t, s, tok, list, ok)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("tools/list: %d %v %s", r.status, r.header, r.raw)
	}
	events := strings.Split(strings.TrimSpace(r.raw), "\n\n")
	if len(events) != 2 || !strings.HasSuffix(events[0], "\ndata:") || !strings.Contains(events[1], "event: message\ndata: ") {
		t.Fatalf("SSE events %q", events)
	}
	var msg struct {
		Result struct {
			Tools []struct{ Name, Description string } `json:"tools"`
		} `json:"result"`
	}
	data := events[1][strings.Index(events[1], "data: ")+6:]
	if err := json.NewDecoder(bytes.NewReader([]byte(data))).Decode(&msg); err != nil || len(msg.Result.Tools) != 2 || msg.Result.Tools[0].Name != "echo" {
		t.Errorf("tools: %v %+v", err, msg)
	}
	// The session is the user's: another token of the same user may use
	// it, since the step-up keeps the session (sub is the same).
	if r := mcpCall(t, s, tok, `{"jsonrpc":"2.0","id":9,"method":"ping"}`, ok); r.status != http.StatusOK {
		t.Errorf("ping: %d %s", r.status, r.raw)
	}

	// DELETE ends the session (transports, Session Management): with no
	// token it is refused, then 204, then its id is unknown.
	end := func(token string, h http.Header) response {
		hh := h.Clone()
		if token != "" {
			hh.Set("Authorization", "Bearer "+token)
		}
		return do(t, hc, http.MethodDelete, mcp, nil, hh)
	}
	if r := end("", ok); r.status != http.StatusUnauthorized {
		t.Errorf("DELETE without a token: %d %s", r.status, r.raw)
	}
	if r := end(tok, http.Header{"Mcp-Session-Id": {"nope"}, "Mcp-Protocol-Version": {"2025-06-18"}}); r.status != http.StatusNotFound {
		t.Errorf("DELETE of an unknown session: %d %s", r.status, r.raw)
	}
	if r := end(tok, ok); r.status != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", r.status, r.raw)
	}
	if r := mcpCall(t, s, tok, `{"jsonrpc":"2.0","id":10,"method":"ping"}`, ok); r.status != http.StatusNotFound {
		t.Errorf("ping after DELETE: %d %s", r.status, r.raw)
	}
}

// TestMCPResourceMetadata: the MCP endpoint's metadata names it and the
// least scope (RFC 9728 §3.1; MCP basic/authorization, Scope Selection
// Strategy).
func TestMCPResourceMetadata(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	r := do(t, hc, http.MethodGet, s.Issuer()+"/.well-known/oauth-protected-resource/mcp", nil, nil)
	if r.status != http.StatusOK || r.body["resource"] != s.Endpoints().MCP || r.body["scopes_supported"].([]any)[0] != demo.MCPScope {
		t.Errorf("%d %s", r.status, r.raw)
	}
	// The access token asked for the MCP server names it in aud (RFC 8707 §2).
	aud := jwtClaims(t, mcpToken(t, s, s.Endpoints().MCP, "openid", demo.MCPScope))["aud"]
	if b, _ := json.Marshal(aud); !strings.Contains(string(b), `"`+s.Endpoints().MCP+`"`) {
		t.Errorf("aud %s", b)
	}
}
