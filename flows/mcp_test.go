package flows

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runMCP runs the mcp grant with p to its end, the browser played by
// demotest.Login for every login (the first and the step-up's), and
// returns the results by step ID and how many logins there were.
func runMCP(t *testing.T, p providers.Provider, inputs Inputs) (map[string]Result, int) {
	t.Helper()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var logins atomic.Int32
	opts := Options{Inputs: inputs, OpenBrowser: func(u string) error {
		logins.Add(1)
		go func() {
			back, err := demotest.Login(ctx, u, true)
			if err != nil {
				t.Errorf("login: %v", err)
				cancel(err) // the flow's wait for the callback ends with it
				return
			}
			deliver(t, back)
		}()
		return nil
	}}
	f := NewMCP(p, opts)
	t.Cleanup(func() { f.Close() })
	got := map[string]Result{}
	for !f.Done() {
		r := f.Next(ctx)
		got[r.Step.ID] = r
	}
	return got, int(logins.Load())
}

// mustStatus fails unless every step of ids ended with status.
func mustStatus(t *testing.T, got map[string]Result, status Status, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if r := got[id]; r.Status != status {
			t.Fatalf("step %s: %v, want %v: %v %+v %q", id, r.Status, status, r.Err, r.Diagnosis, r.Notes)
		}
	}
}

// TestMCPAgainstDemo runs the grant as an MCP client against the demo's
// /mcp with a real step-up: the first login asks for the 401's scope
// (mcp.read, MCP basic/authorization, Scope Selection Strategy),
// tools/list is refused with 403 insufficient_scope naming mcp.tools, and
// the step-up's second login gets it (Scope Challenge Handling).
func TestMCPAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	c, _ := demo.ClientByID("demo-public")
	p := providers.Provider{Name: "demo", ClientID: c.ID, AuthMethod: c.AuthMethod, Scopes: []string{"openid", "profile", "api.read"}, MCPURL: srv.Endpoints().MCP}
	got, logins := runMCP(t, p, nil)
	mustStatus(t, got, Done, MCPBare.ID, RSMetadata.ID, RSAuthServer.ID, ACToken.ID, MCPInitialize.ID, MCPToolsList.ID,
		MCPStepUpAuth.ID, MCPStepUpLogin.ID, MCPStepUpToken.ID, MCPRetry.ID)
	if logins != 2 {
		t.Errorf("%d logins, want 2", logins)
	}
	bare := got[MCPBare.ID].Exchanges[0]
	if bare.Request.Method != http.MethodPost || !strings.Contains(string(bare.Request.Body), `"method":"initialize"`) || bare.Response.StatusCode != http.StatusUnauthorized {
		t.Errorf("bare call: %s %s → %d", bare.Request.Method, bare.Request.Body, bare.Response.StatusCode)
	}
	if notes := strings.Join(got[RSAuthServer.ID].Notes, "\n"); !strings.Contains(notes, "scopes asked for: openid mcp.read, from the 401 challenge's scope") ||
		!strings.Contains(notes, "are not asked for") {
		t.Errorf("scope choice:\n%s", notes)
	}
	if u := got[ACAuthRequest.ID].AuthRequest.URL; !strings.Contains(u, "scope=openid+mcp.read&") && !strings.HasSuffix(u, "scope=openid+mcp.read") {
		t.Errorf("first authorization request: %s", u)
	}
	init := got[MCPInitialize.ID]
	ex := init.Exchanges[0]
	for h, want := range map[string]string{"Accept": "application/json, text/event-stream", "Content-Type": "application/json", "MCP-Protocol-Version": MCPClientVersion} {
		if v := ex.Request.Header.Get(h); v != want {
			t.Errorf("initialize %s: %q", h, v)
		}
	}
	if !strings.HasPrefix(ex.Request.Header.Get("Authorization"), "Bearer ") || len(init.Exchanges) != 2 || init.Exchanges[1].Response.StatusCode != http.StatusAccepted {
		t.Errorf("initialize exchanges: %d", len(init.Exchanges))
	}
	notes := strings.Join(init.Notes, "\n")
	for _, want := range []string{"protocolVersion " + MCPClientVersion, `serverInfo: "oauth-explorer-demo-mcp"`, `capabilities: {"tools":{}}`, "Mcp-Session-Id", "names the MCP server among others", "HTTP 202"} {
		if !strings.Contains(notes, want) {
			t.Errorf("initialize notes lack %q:\n%s", want, notes)
		}
	}
	list := got[MCPToolsList.ID]
	if ex := list.Exchanges[0]; ex.Response.StatusCode != http.StatusForbidden || ex.Request.Header.Get("Mcp-Session-Id") == "" {
		t.Errorf("first tools/list: %d %v", ex.Response.StatusCode, ex.Request.Header)
	}
	if notes := strings.Join(list.Notes, "\n"); !strings.Contains(notes, `the server asks for scope "mcp.read mcp.tools" for tools/list`) {
		t.Errorf("tools/list notes:\n%s", notes)
	}
	up := got[MCPStepUpAuth.ID]
	if u := up.AuthRequest.URL; !strings.Contains(u, "mcp.tools") || !strings.Contains(u, "resource=") || up.Prompt == nil ||
		paramOf(u, "state") == paramOf(got[ACAuthRequest.ID].AuthRequest.URL, "state") ||
		paramOf(u, "code_challenge") == paramOf(got[ACAuthRequest.ID].AuthRequest.URL, "code_challenge") {
		t.Errorf("step-up request: %s", u)
	}
	if notes := strings.Join(up.Notes, "\n"); !strings.Contains(notes, "new: mcp.tools") {
		t.Errorf("step-up notes:\n%s", notes)
	}
	for _, id := range []string{ACToken.ID, MCPStepUpToken.ID} {
		if body := string(got[id].Exchanges[0].Request.Body); !strings.Contains(body, "resource=") {
			t.Errorf("%s without resource: %s", id, body)
		}
	}
	if tok := got[MCPStepUpToken.ID].Token; tok == nil || !strings.Contains(tok.Scope, "mcp.tools") {
		t.Errorf("step-up token: %+v", tok)
	}
	again := got[MCPRetry.ID]
	last := again.Exchanges[len(again.Exchanges)-1]
	if last.Response.StatusCode != http.StatusOK || last.Response.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("tools/list again: %d %s", last.Response.StatusCode, last.Response.Body)
	}
	notes = strings.Join(again.Notes, "\n")
	for _, want := range []string{"2 tools, answered as a Server-Sent Events stream of 2 events", `tool "echo": "Returns the text it is given."`, `tool "whoami"`, "same session"} {
		if !strings.Contains(notes, want) {
			t.Errorf("tools/list again notes lack %q:\n%s", want, notes)
		}
	}
}

// paramOf returns the query parameter name of rawURL.
func paramOf(rawURL, name string) string { return paramsOf(rawURL).Get(name) }

// TestMCPNoStepUpNeeded: when no call was refused for want of scope, the
// step-up's steps and the retry are skipped, each saying why, so that the
// plan stays the same whatever the server answers.
func TestMCPNoStepUpNeeded(t *testing.T) {
	f := NewMCP(providers.Provider{ClientID: "c", MCPURL: "http://127.0.0.1:1/mcp"}, Options{})
	t.Cleanup(func() { f.Close() })
	f.tok = &TokenResponse{AccessToken: "t"}
	for _, run := range []func(context.Context) Result{f.stepUpAuthorize, f.stepUpLogin, f.stepUpToken, f.retry} {
		if r := run(context.Background()); r.Status != Skipped || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "step-up was needed") && !strings.Contains(r.Notes[0], "no step-up needed") {
			t.Errorf("%v %q", r.Status, r.Notes)
		}
	}
}

// TestMCPGrantDeclared: the grant is offered with its input, and its
// steps are all explained.
func TestMCPGrantDeclared(t *testing.T) {
	g, ok := GrantByID(FlowIDMCP)
	if !ok || !g.FindsServer || len(g.Inputs) == 0 || g.Inputs[0].Flag != "mcp-url" || len(g.Inputs[0].Label) > MaxInputLabel {
		t.Fatalf("%+v", g)
	}
	f := g.New(providers.Provider{ClientID: "c"}, Options{})
	defer f.Close()
	var titles []string
	for _, st := range f.Steps() {
		if st.Explain == nil || st.Explain.Purpose == "" || len(st.Explain.Refs) == 0 || len(st.Explain.Notice) == 0 {
			t.Errorf("step %s unexplained", st.ID)
		}
		titles = append(titles, st.Title)
	}
	want := "MCP call, no token|Resource metadata|Authorization server|Pushed authorization request|Authorization request|Login and consent|Callback|Token request|ID token|MCP initialize|MCP tools/list|Step-up authorization|Step-up login|Step-up token|MCP tools/list again|MCP session end"
	if got := strings.Join(titles, "|"); got != want {
		t.Errorf("steps:\n%s\nwant\n%s", got, want)
	}
}

// TestMCPRegistersThenStepsUp: with no client id, the client registered
// at the authorization server the MCP server names (RFC 7591), for the
// challenge's scope only, may still ask for the step-up's scope: the
// demo lets a code client ask for the MCP scopes it did not register.
// The demo here takes no client ID documents, so registration it is.
func TestMCPRegistersThenStepsUp(t *testing.T) {
	srv := demotest.StartWith(t, demo.Options{NoClientIDDocuments: true})
	got, logins := runMCP(t, providers.Provider{}, Inputs{mcpURLInput.Name: srv.Endpoints().MCP})
	mustStatus(t, got, Done, ClientRegistration.ID, ACToken.ID, MCPInitialize.ID, MCPStepUpAuth.ID, MCPStepUpToken.ID, MCPRetry.ID)
	if logins != 2 {
		t.Errorf("%d logins, want 2", logins)
	}
	if body := string(got[ClientRegistration.ID].Exchanges[0].Request.Body); !strings.Contains(body, `"scope":"mcp.read"`) {
		t.Errorf("registration: %s", body)
	}
	if notes := strings.Join(got[RSAuthServer.ID].Notes, "\n"); strings.Contains(notes, "are not asked for") {
		t.Errorf("no scopes were given, yet:\n%s", notes)
	}
}

// TestMCPDocumentClientStepsUp: with no client id and a demo that takes
// client ID metadata documents (on loopback), the run serves its own
// document (the MCP authorization specification prefers it to
// registration), logs in with it and steps up to the tools' scope,
// which the document did not name: the demo lets a client acting for a
// user ask for the MCP scopes.
func TestMCPDocumentClientStepsUp(t *testing.T) {
	srv := demotest.Start(t)
	got, logins := runMCP(t, providers.Provider{}, Inputs{mcpURLInput.Name: srv.Endpoints().MCP})
	mustStatus(t, got, Done, ClientDocument.ID, ACToken.ID, MCPInitialize.ID, MCPStepUpAuth.ID, MCPStepUpToken.ID, MCPRetry.ID)
	mustStatus(t, got, Skipped, ClientRegistration.ID)
	if logins != 2 {
		t.Errorf("%d logins, want 2", logins)
	}
	if tok := got[MCPStepUpToken.ID].Token; tok == nil || !strings.Contains(tok.Scope, "mcp.tools") {
		t.Errorf("step-up token: %+v", tok)
	}
	// The step-up's ID token is verified with its own nonce, and names
	// the first login's user.
	up := got[MCPStepUpToken.ID]
	if len(up.Inspections) == 0 || up.Inspections[0].Verification == nil || !up.Inspections[0].Verification.Valid ||
		!strings.Contains(strings.Join(up.Notes, "\n"), "names the same user as the first") {
		t.Errorf("step-up ID token: %+v\n%s", up.Inspections, strings.Join(up.Notes, "\n"))
	}
	// The session is ended, and the demo forgets it (204).
	mustStatus(t, got, Done, MCPEnd.ID)
	end := got[MCPEnd.ID]
	if len(end.Exchanges) != 1 || end.Exchanges[0].Request.Method != http.MethodDelete || end.Exchanges[0].Response.StatusCode != http.StatusNoContent {
		t.Errorf("session end: %+v", end.Exchanges)
	}
}

// TestMCPSameUser: the step-up's ID token must name the first login's
// user: iss and sub together identify a user (OIDC Core §2). The tokens
// are unsigned: sameUser compares claims that verification has checked.
func TestMCPSameUser(t *testing.T) {
	jwt := func(claims string) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + ".c2ln"
	}
	first := jwt(`{"iss":"https://as.example","sub":"alice"}`)
	if err := sameUser(first, jwt(`{"iss":"https://as.example","sub":"alice","auth_time":2}`)); err != nil {
		t.Errorf("same user: %v", err)
	}
	for _, other := range []string{`{"iss":"https://as.example","sub":"bob"}`, `{"iss":"https://other.example","sub":"alice"}`} {
		if err := sameUser(first, jwt(other)); err == nil || !strings.Contains(err.Error(), "another user's") {
			t.Errorf("%s: %v", other, err)
		}
	}
}
