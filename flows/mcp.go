package flows

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// FlowIDMCP is the --flow value of the grant that connects to an MCP
// server as an MCP client does.
const FlowIDMCP = "mcp"

// mcpURLInput is the mcp grant's input: the MCP server's endpoint.
var mcpURLInput = Input{
	Name:    "mcp-url",
	Label:   "MCP server URL",
	Help:    "The MCP server's Streamable HTTP endpoint, e.g. https://mcp.example.com/mcp: its 401 and metadata (RFC 9728) lead to its authorization server, as an MCP client finds it (MCP 2025-11-25, basic/authorization). Left empty: the provider's MCP URL (the demo's /mcp).",
	Flag:    "mcp-url",
	Check:   checkResourceURL,
	Locator: true,
}

// The steps of the mcp grant after the token: the MCP calls, and the
// step-up that a refusal for want of scope leads to.
var (
	MCPBare = StepInfo{ID: "mcp_call", Title: "MCP call, no token", From: Client, To: ResourceServer,
		Summary: "post an MCP initialize with no token: the 401 challenge says where the server's metadata is and which scope to ask for (MCP basic/authorization)", Explain: mcpBareExplain}
	MCPInitialize = StepInfo{ID: "mcp_initialize", Title: "MCP initialize", From: Client, To: ResourceServer,
		Summary: "open the MCP session with the token: the server's version, capabilities and session id, then notifications/initialized (MCP basic/lifecycle)", Explain: mcpInitializeExplain}
	MCPToolsList = StepInfo{ID: "mcp_tools_list", Title: "MCP tools/list", From: Client, To: ResourceServer,
		Summary: "list the server's tools in the session; a 403 insufficient_scope names the scopes to ask for (MCP server/tools)", Explain: mcpToolsListExplain}
	MCPStepUpAuth = StepInfo{ID: "stepup_authorize", Title: "Step-up authorization", From: Client, To: AuthorizationServer, FrontChannel: true,
		Summary: "when refused for want of scope, send the browser to authorize again with the scopes held and those asked for (MCP basic/authorization, Step-Up)", Explain: mcpStepUpAuthExplain}
	MCPStepUpLogin = StepInfo{ID: "stepup_login", Title: "Step-up login", From: ResourceOwner, To: AuthorizationServer, Waits: true,
		Summary: "the user approves the larger scope; the callback's state and iss are checked as the first time", Explain: mcpStepUpLoginExplain}
	MCPStepUpToken = StepInfo{ID: "stepup_token", Title: "Step-up token", From: Client, To: AuthorizationServer,
		Summary: "redeem the new code with its own code_verifier, for a token with the larger scope (RFC 6749 §4.1.3, RFC 8707)", Explain: mcpStepUpTokenExplain}
	MCPRetry = StepInfo{ID: "mcp_retry", Title: "MCP tools/list again", From: Client, To: ResourceServer,
		Summary: "repeat the refused MCP call with the new token", Explain: mcpRetryExplain}
	MCPEnd = StepInfo{ID: "mcp_end", Title: "MCP session end", From: Client, To: ResourceServer,
		Summary: "end the session with an HTTP DELETE of its Mcp-Session-Id; a server that ends sessions itself may answer 405 (MCP basic/transports, Session Management)", Explain: mcpEndExplain}
)

// MCP connects to an MCP server the way an MCP client does (MCP 2025-11-25,
// basic/authorization): the resource grant's way to a token for it (its
// 401, its metadata, its authorization server, the authorization code
// grant with PKCE and resource), then the MCP initialize and tools/list
// over Streamable HTTP, and a step-up when the server asks for more scope.
type MCP struct {
	*Resource
	// session is the Mcp-Session-Id initialize answered; version the
	// protocol version negotiated.
	session, version string
	// refused is the call the server refused with a scope challenge,
	// which the step-up answers; nil when none was.
	refused *mcpRefusal
	// stepped is set once the step-up's token is obtained.
	stepped bool
	// spent are the first login's verifier and code, still secrets.
	spent []string
}

// mcpRefusal is a refused MCP call and its challenge (RFC 6750 §3).
type mcpRefusal struct {
	method string
	status int
	code   string
	// scope is the challenge's scope; hasScope tells whether it had one.
	scope    string
	hasScope bool
}

// NewMCP prepares the grant for p. The first authorization asks for the
// scope the 401 challenge names, else the metadata's scopes_supported
// (MCP basic/authorization, Scope Selection Strategy), with openid when
// the settings ask for it.
func NewMCP(p providers.Provider, opts Options) *MCP {
	f := &MCP{Resource: NewResource(p, opts)}
	f.url = cmp.Or(strings.TrimSpace(opts.input(mcpURLInput)), p.MCPURL)
	f.bare = func(ctx context.Context) (*http.Request, error) {
		return f.request(ctx, "initialize", 1, initializeParams(), "")
	}
	var plan []plannedStep
	for _, st := range f.Resource.plan {
		switch st.info.ID {
		case RSCall.ID:
			st.info, st.run = MCPBare, f.bareCall(st.run)
		case RSAuthServer.ID:
			st.run = f.chooseScopes(st.run)
		case ACUserinfo.ID, ACRefresh.ID:
			continue
		case RSCallAgain.ID:
			plan = append(plan,
				plannedStep{info: MCPInitialize, run: f.initialize},
				plannedStep{info: MCPToolsList, run: f.toolsList},
				plannedStep{info: MCPStepUpAuth, run: f.stepUpAuthorize, stops: true},
				plannedStep{info: MCPStepUpLogin, run: f.stepUpLogin, stops: true},
				plannedStep{info: MCPStepUpToken, run: f.stepUpToken, stops: true},
				plannedStep{info: MCPRetry, run: f.retry},
				plannedStep{info: MCPEnd, run: f.endSession})
			continue
		}
		plan = append(plan, st)
	}
	f.setPlan(f.Close, plan...)
	return f
}

// Name implements Flow.
func (f *MCP) Name() string { return "Connect to an MCP server" }

// Secrets implements Flow: the authorization code grant's, those of the
// login before a step-up, and the MCP session id, which with a token
// continues the session (MCP basic/security_best_practices, Session
// Hijacking).
func (f *MCP) Secrets() []string {
	return append(append(f.Resource.Secrets(), f.spent...), f.session)
}

// chooseScopes wraps the step that picks the authorization server: the
// run asks for what an MCP client asks for, the challenge's scope or else
// the metadata's scopes_supported (with openid and offline_access when the
// settings ask for them: the ID token, and a refresh token), not the
// settings' other scopes; and it sends resource in the token
// requests too.
func (f *MCP) chooseScopes(next func(context.Context) Result) func(context.Context) Result {
	return func(ctx context.Context) Result {
		var scopes []string
		for _, s := range []string{"openid", "offline_access"} {
			if slices.Contains(f.provider.Scopes, s) {
				scopes = append(scopes, s)
			}
		}
		var why string
		if s, ok := f.challengeScope(); ok {
			scopes, why = union(scopes, strings.Fields(s)), "the 401 challenge's scope"
		} else if f.rmd != nil && len(f.rmd.ScopesSupported) > 0 {
			scopes, why = union(scopes, f.rmd.ScopesSupported), "the challenge names no scope, so the metadata's scopes_supported"
		}
		var pre []string
		if why != "" {
			dropped := slices.DeleteFunc(slices.Clone(f.provider.Scopes), func(s string) bool { return s == "openid" || s == "offline_access" })
			if len(dropped) > 0 {
				pre = append(pre, fmt.Sprintf("the settings' scopes [%s] are not asked for: an MCP client asks for what the server names, and more later by step-up", strings.Join(dropped, " ")))
			}
			f.provider.Scopes = scopes
			pre = append(pre, fmt.Sprintf("scopes asked for: %s, from %s (MCP basic/authorization, Scope Selection Strategy)", serverText(strings.Join(scopes, " ")), why))
		}
		r := next(ctx)
		if res := f.provider.Resource; res != "" && r.Status != Failed {
			// RFC 8707 §2.2 leaves it optional in the token request; MCP
			// clients must send it in both (MCP basic/authorization,
			// Resource Parameter Implementation).
			params := url.Values{}
			for k, v := range f.provider.TokenParams {
				params[k] = slices.Clone(v)
			}
			if !params.Has("resource") {
				params.Set("resource", res)
				pre = append(pre, "resource goes in the token requests too, as an MCP client must send it (MCP basic/authorization, Resource Parameter Implementation)")
			}
			f.provider.TokenParams = params
		}
		r.Notes = append(pre, r.Notes...)
		return r
	}
}

// bareCall wraps the resource grant's first call, which here needs an
// MCP server's URL.
func (f *MCP) bareCall(next func(context.Context) Result) func(context.Context) Result {
	return func(ctx context.Context) Result {
		if f.url == "" {
			return failed(Result{Status: Done}, errors.New("MCP server URL: no MCP server to connect to: give one with {setting:mcp-url}, or run against the demo provider, whose MCP server is its /mcp"))
		}
		return next(ctx)
	}
}

// challengeScope returns the first call's challenge's scope.
func (f *MCP) challengeScope() (string, bool) {
	if f.challenge == nil {
		return "", false
	}
	s, ok := f.challenge.Param("scope")
	return s, ok && strings.TrimSpace(s) != ""
}

// union returns a with the words of b it lacks, in order.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// initializeParams are the initialize request's params (MCP basic/lifecycle,
// Initialization): the version asked for, no client capabilities.
func initializeParams() map[string]any {
	return map[string]any{
		"protocolVersion": MCPClientVersion,
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "oauth-explorer", "version": "1"},
	}
}

// initialize opens the session: initialize, then notifications/initialized.
func (f *MCP) initialize(ctx context.Context) Result {
	if f.tok == nil {
		return Result{Status: Skipped, Notes: []string{"no access token to call the MCP server with"}}
	}
	r := Result{Status: Done}
	r.Notes = append(r.Notes, f.audienceNote()...)
	return f.doInitialize(ctx, r)
}

// doInitialize posts initialize and reads the result onto r.
func (f *MCP) doInitialize(ctx context.Context, r Result) Result {
	f.session, f.version = "", ""
	reply, r, ok := f.call(ctx, r, "initialize", 1, initializeParams())
	if !ok {
		return r
	}
	var res struct {
		ProtocolVersion string          `json:"protocolVersion"`
		Capabilities    json.RawMessage `json:"capabilities"`
		ServerInfo      struct {
			Name, Title, Version string
		} `json:"serverInfo"`
		Instructions string `json:"instructions"`
	}
	if err := json.Unmarshal(reply.msg.Result, &res); err != nil || res.ProtocolVersion == "" {
		return failed(r, &MCPError{Kind: MCPBadAnswer, Method: "initialize", Status: reply.status, Detail: "the result has no protocolVersion (MCP basic/lifecycle, Initialization)"})
	}
	if !mcpVersionPattern.Get().MatchString(res.ProtocolVersion) {
		return failed(r, &MCPError{Kind: MCPBadAnswer, Method: "initialize", Status: reply.status,
			Detail: "protocolVersion " + serverQuoted(res.ProtocolVersion) + " is not a version: MCP versions are dates, YYYY-MM-DD (MCP basic/lifecycle, Version Negotiation)"})
	}
	session := reply.header.Get("Mcp-Session-Id")
	if !visibleASCII(session) {
		return failed(r, &MCPError{Kind: MCPBadAnswer, Method: "initialize", Status: reply.status,
			Detail: "the Mcp-Session-Id " + serverQuoted(session) + " holds characters other than visible ASCII, or more than 1024 (MCP basic/transports, Session Management)"})
	}
	f.version = res.ProtocolVersion
	switch {
	case f.version == MCPClientVersion:
		r.Notes = append(r.Notes, "protocolVersion "+f.version+": the version asked for, which the server speaks (MCP basic/lifecycle, Version Negotiation)")
	default:
		r.Notes = append(r.Notes, fmt.Sprintf("protocolVersion %s: the server answered another version than %s, which it would if it does not speak that one; a client that does not speak the server's should disconnect (MCP basic/lifecycle, Version Negotiation)", serverQuoted(f.version), MCPClientVersion))
	}
	r.Notes = append(r.Notes, fmt.Sprintf("serverInfo: %s %s version %s", serverQuoted(res.ServerInfo.Name), serverQuoted(res.ServerInfo.Title), serverQuoted(res.ServerInfo.Version)),
		"capabilities: "+serverText(compactJSON(string(res.Capabilities))))
	if res.Instructions != "" {
		r.Notes = append(r.Notes, fmt.Sprintf("instructions: %s", serverQuoted(res.Instructions)))
	}
	f.session = session
	if f.session == "" {
		r.Notes = append(r.Notes, "no Mcp-Session-Id header: the server keeps no session, so none is sent (MCP basic/transports, Session Management)")
	} else {
		r.Notes = append(r.Notes, fmt.Sprintf("Mcp-Session-Id %s: sent with every later request of the session (MCP basic/transports, Session Management)", serverQuoted(f.session)))
	}
	// notifications/initialized ends the initialization (MCP basic/lifecycle).
	nr, r, ok := f.call(ctx, r, "notifications/initialized", 0, nil)
	if ok {
		r.Notes = append(r.Notes, fmt.Sprintf("notifications/initialized: HTTP %d, the initialization is over", nr.status))
	}
	return r
}

// toolsList lists the server's tools; a refusal for want of scope is
// kept for the step-up.
func (f *MCP) toolsList(ctx context.Context) Result {
	switch {
	case f.tok == nil:
		return Result{Status: Skipped, Notes: []string{"no access token to call the MCP server with"}}
	case f.refused != nil:
		return Result{Status: Skipped, Notes: []string{"initialize was refused: the step-up below asks for the scope it needs, then initializes and lists the tools"}}
	case f.version == "":
		return Result{Status: Skipped, Notes: []string{"the session was not initialized"}}
	}
	return f.doToolsList(ctx, Result{Status: Done})
}

// doToolsList posts tools/list and lists the tools onto r, following
// nextCursor through the pages (MCP server/tools, Pagination) up to
// mcpMaxPages, and stopping at a cursor met before.
func (f *MCP) doToolsList(ctx context.Context, r Result) Result {
	type tool struct {
		Name        string `json:"name"`
		Title       string `json:"title"`
		Description string `json:"description"`
	}
	var tools []tool
	how, cursor, seen := "one JSON object", "", map[string]bool{}
	for page := 1; ; page++ {
		params := map[string]any{}
		if cursor != "" {
			params["cursor"] = cursor
		}
		reply, next, ok := f.call(ctx, r, "tools/list", 1+page, params)
		if r = next; !ok {
			return r
		}
		var res struct {
			Tools      []tool `json:"tools"`
			NextCursor string `json:"nextCursor"`
		}
		if err := json.Unmarshal(reply.msg.Result, &res); err != nil {
			return failed(r, &MCPError{Kind: MCPBadAnswer, Method: "tools/list", Status: reply.status, Detail: "the result is not a tool list (MCP server/tools, Listing Tools)"})
		}
		tools = append(tools, res.Tools...)
		if reply.sse {
			how = fmt.Sprintf("a Server-Sent Events stream of %d events", reply.events)
		}
		cursor = res.NextCursor
		switch {
		case cursor == "":
		case seen[cursor]:
			r.Notes = append(r.Notes, fmt.Sprintf("page %d's nextCursor was given before: the list is not followed further, or it would never end", page))
			cursor = ""
		case page == mcpMaxPages:
			r.Notes = append(r.Notes, fmt.Sprintf("the list goes on past %d pages: the rest is not fetched", mcpMaxPages))
			cursor = ""
		default:
			seen[cursor] = true
			r.Notes = append(r.Notes, fmt.Sprintf("page %d: %d tools, and a nextCursor: tools/list again with it for the next page (MCP server/tools, Pagination)", page, len(res.Tools)))
			continue
		}
		break
	}
	r.Notes = append(r.Notes, fmt.Sprintf("%d tools, answered as %s (MCP basic/transports, Sending Messages to the Server)", len(tools), how))
	for i, t := range tools {
		if i == mcpMaxTools {
			r.Notes = append(r.Notes, fmt.Sprintf("… and %d more", len(tools)-i))
			break
		}
		r.Notes = append(r.Notes, fmt.Sprintf("tool %s: %s", serverQuoted(t.Name), serverQuoted(cmp.Or(t.Description, t.Title))))
	}
	return r
}

// mcpVersionPattern is the form of an MCP protocol version: a date.
var mcpVersionPattern = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`) }}

// visibleASCII reports whether s is made of 0x21 to 0x7E only, as a
// session id must be (MCP basic/transports, Session Management), and is
// at most 1024 bytes long.
func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return len(s) <= 1024
}

// mcpMaxTools caps the tools listed in the notes, mcpMaxPages the pages
// of tools/list followed.
const (
	mcpMaxTools = 20
	mcpMaxPages = 10
)

// audienceNote says whether the token's aud names the MCP server.
func (f *MCP) audienceNote() []string {
	aud, jwt := accessAudience(f.tok.AccessToken)
	switch {
	case !jwt:
		return []string{"the access token is opaque: only the MCP server can tell whom it is for"}
	case f.rmd != nil && !slices.Contains(aud, f.rmd.Resource):
		return []string{fmt.Sprintf("the access token's aud [%s] does not name %s, the MCP server asked for (RFC 8707 §2): it should refuse it (MCP basic/authorization, Token Audience Binding)", serverText(strings.Join(aud, " ")), f.rmd.Resource)}
	case len(aud) > 1:
		return []string{fmt.Sprintf("the access token's aud [%s] names the MCP server among others: each of them could use it too; RFC 8707 §2 lets a server restrict a token to the resource asked for", serverText(strings.Join(aud, " ")))}
	}
	return []string{"the access token's aud names the MCP server: a token for it alone (RFC 8707 §2)"}
}
