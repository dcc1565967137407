package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// fakeMCP is an MCP server the demo cannot play: answer gets each
// message's method and id (0 for a notification). Each test cites the
// rule of MCP 2025-11-25 (or JSON-RPC 2.0, or the HTML standard's event
// streams) the answer follows or breaks.
func fakeMCP(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, method string, id int)) *MCP {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Method string `json:"method"`
			ID     int    `json:"id"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &m)
		answer(w, r, m.Method, m.ID)
	}))
	t.Cleanup(s.Close)
	f := NewMCP(providers.Provider{ClientID: "c"}, Options{Inputs: Inputs{mcpURLInput.Name: s.URL + "/mcp"}})
	t.Cleanup(func() { f.Close() })
	f.tok = &TokenResponse{AccessToken: "tok", Scope: "mcp.read"}
	f.rmd = &providers.ResourceMetadata{Resource: s.URL + "/mcp"}
	return f
}

// initOK answers initialize as the lifecycle says, with a session id.
func initOK(w http.ResponseWriter, session string) {
	if session != "" {
		w.Header().Set("Mcp-Session-Id", session)
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":%q,"capabilities":{"tools":{}},"serverInfo":{"name":"fake","version":"1"}}}`, MCPClientVersion)
}

// sse answers with an event stream body as given.
func sse(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/event-stream")
	io.WriteString(w, body)
}

// runCalls runs initialize and tools/list and returns the two results.
func runCalls(f *MCP) (Result, Result) {
	ctx := context.Background()
	return f.initialize(ctx), f.toolsList(ctx)
}

const toolsResult = `{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"a","description":"first"}]}}`

// TestMCPEventStreams: tools/list answered as an event stream the HTML
// standard allows (§9.2.6: CRLF or CR line ends, comments, data on
// several lines, one space after the colon optional) and with the
// server's own notification before the response (MCP basic/transports,
// Sending Messages to the Server, item 6).
func TestMCPEventStreams(t *testing.T) {
	for name, body := range map[string]string{
		"CRLF and a comment":        ": keep-alive\r\nid: 1\r\ndata:\r\n\r\nevent: message\r\ndata: " + toolsResult + "\r\n\r\n",
		"CR only":                   "data:" + toolsResult + "\r\r",
		"data on two lines":         "data: {\"jsonrpc\":\"2.0\",\"id\":2,\n" + "data: \"result\":{\"tools\":[{\"name\":\"a\",\"description\":\"first\"}]}}\n\n",
		"a notification before it":  `data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info"}}` + "\n\n" + "data: " + toolsResult + "\n\n",
		"an event of another name":  "event: ping\ndata: x\n\ndata: " + toolsResult + "\n\n",
		"the response as JSON only": "",
	} {
		t.Run(name, func(t *testing.T) {
			f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
				switch {
				case method == "initialize":
					initOK(w, "s1")
				case id == 0:
					w.WriteHeader(http.StatusAccepted)
				case body == "":
					w.Header().Set("Content-Type", "application/json")
					io.WriteString(w, toolsResult)
				default:
					sse(w, body)
				}
			})
			_, list := runCalls(f)
			if list.Status != Done || !strings.Contains(strings.Join(list.Notes, "\n"), `tool "a": "first"`) {
				t.Fatalf("%v %v %q", list.Status, list.Err, list.Notes)
			}
		})
	}
}

// TestMCPFaults: each answer a client must read as a failure, with its
// diagnosis.
func TestMCPFaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		// session is what initialize answers in Mcp-Session-Id.
		session string
		list    func(w http.ResponseWriter)
		want    MCPErrorKind
		detail  string
	}{
		{"a stream without the blank line that ends its event (HTML §9.2.6)", "s", func(w http.ResponseWriter) { sse(w, "data: "+toolsResult) }, MCPBadAnswer, "ends inside an event"},
		{"a stream with no response (MCP transports: it SHOULD include one)", "s", func(w http.ResponseWriter) { sse(w, "id: 1\ndata:\n\n") }, MCPBadAnswer, "without the response"},
		{"data that is not JSON", "s", func(w http.ResponseWriter) { sse(w, "data: <html>\n\n") }, MCPBadAnswer, "not JSON"},
		{"HTML instead of JSON-RPC", "s", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>login</html>")
		}, MCPBadAnswer, "text/html"},
		{"a response for another id (JSON-RPC 2.0 §5)", "s", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"jsonrpc":"2.0","id":7,"result":{}}`)
		}, MCPBadAnswer, "not 2.0 and 2"},
		{"a JSON-RPC error object (JSON-RPC 2.0 §5.1)", "s", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no tools here"}}`)
		}, MCPRPCError, "-32601 (method not found): no tools here"},
		{"400 to the version header (MCP transports, Protocol Version Header)", "s", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Unsupported protocol version"}}`)
		}, MCPVersionRefused, "Unsupported protocol version"},
		{"406 (MCP transports, Sending Messages to the Server)", "s", func(w http.ResponseWriter) { w.WriteHeader(http.StatusNotAcceptable) }, MCPNotAcceptable, "406"},
		{"no session id, then 400 (MCP transports, Session Management)", "", func(w http.ResponseWriter) { w.WriteHeader(http.StatusBadRequest) }, MCPNoSession, "400"},
		{"404 for the session (MCP transports, Session Management)", "s", func(w http.ResponseWriter) { w.WriteHeader(http.StatusNotFound) }, MCPSessionGone, "404"},
		{"401 without a scope (RFC 6750 §3.1)", "s", func(w http.ResponseWriter) {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="expired"`)
			w.WriteHeader(http.StatusUnauthorized)
		}, MCPRefused, "invalid_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
				switch {
				case method == "initialize":
					initOK(w, tc.session)
				case id == 0:
					w.WriteHeader(http.StatusAccepted)
				default:
					tc.list(w)
				}
			})
			init, list := runCalls(f)
			if init.Status != Done {
				t.Fatalf("initialize: %v %v", init.Status, init.Err)
			}
			if list.Status != Failed || list.Diagnosis == nil || list.Diagnosis.Code != string(tc.want) || !strings.Contains(list.Err.Error(), tc.detail) {
				t.Fatalf("tools/list: %v %v %+v", list.Status, list.Err, list.Diagnosis)
			}
			if len(list.Diagnosis.Causes) == 0 || len(list.Diagnosis.Try) == 0 || list.Diagnosis.Ref == "" {
				t.Errorf("diagnosis %+v", list.Diagnosis)
			}
		})
	}
}

// TestMCPInsufficientScopeWithoutScope: a 403 insufficient_scope with no
// scope parameter (RFC 6750 §3 makes it optional) leaves the step-up
// with the metadata's scopes_supported; when the token holds them all,
// there is nothing to ask for, and the step-up says so rather than loop.
func TestMCPInsufficientScopeWithoutScope(t *testing.T) {
	f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
		switch {
		case method == "initialize":
			initOK(w, "s")
		case id == 0:
			w.WriteHeader(http.StatusAccepted)
		default:
			w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope"`)
			w.WriteHeader(http.StatusForbidden)
		}
	})
	f.rmd.ScopesSupported = []string{"mcp.read"}
	_, list := runCalls(f)
	if list.Status != Done || !strings.Contains(strings.Join(list.Notes, "\n"), "without a scope parameter") {
		t.Fatalf("tools/list: %v %q", list.Status, list.Notes)
	}
	up := f.stepUpAuthorize(context.Background())
	if up.Status != Failed || up.Diagnosis.Code != string(MCPNoScope) || !strings.Contains(up.Err.Error(), "no scope to add to mcp.read") {
		t.Fatalf("step-up: %v %v %+v", up.Status, up.Err, up.Diagnosis)
	}
}

// TestMCPStillRefused: refused again after the step-up, the client stops
// and says what the challenge says (MCP basic/authorization, Scope
// Challenge Handling).
func TestMCPStillRefused(t *testing.T) {
	f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
		switch {
		case method == "initialize":
			initOK(w, "s")
		case id == 0:
			w.WriteHeader(http.StatusAccepted)
		default:
			w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="mcp.admin"`)
			w.WriteHeader(http.StatusForbidden)
		}
	})
	_, list := runCalls(f)
	if list.Status != Done || f.refused == nil || f.refused.scope != "mcp.admin" {
		t.Fatalf("tools/list: %v %q", list.Status, list.Notes)
	}
	f.stepped = true // the step-up's token, which the fake refuses as well
	again := f.retry(context.Background())
	if again.Status != Failed || again.Diagnosis.Code != string(MCPStillRefused) || !strings.Contains(again.Diagnosis.Causes[0], `scope needed: mcp.admin`) {
		t.Fatalf("again: %v %v %+v", again.Status, again.Err, again.Diagnosis)
	}
}

// TestMCPHostileServerText: everything the server says (its name, tools,
// error messages, version and session id) reaches notes and diagnoses
// escaped, and a version or session id that could not go back in a
// header is refused.
func TestMCPHostileServerText(t *testing.T) {
	evil := safetexttest.All()
	js, _ := json.Marshal(evil)
	for _, tc := range []struct {
		name             string
		version, session string
		fail             bool
		want             string
	}{
		{"tools", `"` + MCPClientVersion + `"`, "s1", false, ""},
		{"a JSON-RPC error", `"` + MCPClientVersion + `"`, "s1", true, ""},
		{"a version", string(js), "s1", false, "is not a version"},
		{"a session id", `"` + MCPClientVersion + `"`, "s\u202egnp\u009b31m", false, "visible ASCII"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
				switch {
				case method == "initialize":
					var sid string
					_ = json.Unmarshal([]byte(`"`+tc.session+`"`), &sid)
					w.Header().Set("Mcp-Session-Id", sid)
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprintf(w, `{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":%s,"capabilities":{"x":%s},"serverInfo":{"name":%s,"title":%s,"version":%s},"instructions":%s}}`, tc.version, js, js, js, js, js)
				case id == 0:
					w.WriteHeader(http.StatusAccepted)
				case tc.fail:
					w.Header().Set("Content-Type", "application/json")
					fmt.Fprintf(w, `{"jsonrpc":"2.0","id":2,"error":{"code":1,"message":%s}}`, js)
				default:
					sse(w, fmt.Sprintf("data: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":%s,\"description\":%s}]}}\n\n", js, js))
				}
			})
			init, list := runCalls(f)
			out := strings.Join(append(init.Notes, list.Notes...), "\n")
			for _, r := range []Result{init, list} {
				if r.Err != nil {
					out += "\n" + r.Err.Error() + "\n" + strings.Join(r.Diagnosis.Causes, "\n")
				}
			}
			if tc.want != "" && (init.Status != Failed || !strings.Contains(init.Err.Error(), tc.want)) {
				t.Fatalf("initialize: %v %v", init.Status, init.Err)
			}
			if tc.want == "" && init.Status != Done {
				t.Fatalf("initialize: %v %v", init.Status, init.Err)
			}
			if p := safetexttest.Problem(out); p != "" || !strings.Contains(out, "PWNED") && tc.name != "a session id" {
				t.Errorf("%s\n%s", p, out)
			}
		})
	}
}

// TestMCPInitializeRefusedThenRetried: a server that wants more scope to
// connect at all refuses initialize with 403 insufficient_scope (MCP
// basic/authorization, Scope Challenge Handling): tools/list is skipped,
// and after the step-up the retry initializes, then lists the tools.
func TestMCPInitializeRefusedThenRetried(t *testing.T) {
	f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
		switch {
		case r.Header.Get("Authorization") != "Bearer tok2":
			w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="mcp.connect"`)
			w.WriteHeader(http.StatusForbidden)
		case method == "initialize":
			initOK(w, "s2")
		case id == 0:
			w.WriteHeader(http.StatusAccepted)
		case r.Header.Get("Mcp-Session-Id") == "s2":
			sse(w, "data: "+toolsResult+"\n\n")
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	})
	init, list := runCalls(f)
	if init.Status != Done || f.refused == nil || f.refused.method != "initialize" || list.Status != Skipped {
		t.Fatalf("initialize %v %q, tools/list %v", init.Status, init.Notes, list.Status)
	}
	f.tok, f.stepped = &TokenResponse{AccessToken: "tok2"}, true
	again := f.retry(context.Background())
	if again.Status != Done || len(again.Exchanges) != 3 || !strings.Contains(strings.Join(again.Notes, "\n"), `tool "a"`) {
		t.Fatalf("%v %v %q", again.Status, again.Err, again.Notes)
	}
}
