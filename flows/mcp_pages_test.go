package flows

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// pagedTools answers tools/list pages: page i (from 0) lists one tool
// and, but for the last, the cursor "c<i+1>" (MCP 2025-11-25,
// server/tools, Pagination: the cursor is opaque, nextCursor absent on
// the last page). loop makes the last page point back to the first. It
// returns the grant and the cursors the pages were asked with.
func pagedTools(t *testing.T, pages int, loop bool) (*MCP, *[]string) {
	var cursors []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			Method string `json:"method"`
			ID     int    `json:"id"`
			Params struct {
				Cursor string `json:"cursor"`
			} `json:"params"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &m)
		switch m.Method {
		case "initialize":
			initOK(w, "s1")
		case "tools/list":
			cursors = append(cursors, m.Params.Cursor)
			page := 0
			fmt.Sscanf(m.Params.Cursor, "c%d", &page)
			next := ""
			switch {
			case page+1 < pages:
				next = fmt.Sprintf(`,"nextCursor":"c%d"`, page+1)
			case loop:
				next = `,"nextCursor":"c0"`
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%d,"result":{"tools":[{"name":"t%d","description":"tool %d"}]%s}}`, m.ID, page, page, next)
		default:
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	t.Cleanup(s.Close)
	f := NewMCP(providers.Provider{ClientID: "c"}, Options{Inputs: Inputs{mcpURLInput.Name: s.URL + "/mcp"}})
	t.Cleanup(func() { f.Close() })
	f.tok = &TokenResponse{AccessToken: "tok", Scope: "mcp.read"}
	return f, &cursors
}

// TestMCPToolsPages: the client follows nextCursor through every page,
// sends each page's cursor back as it was given, and lists all tools.
func TestMCPToolsPages(t *testing.T) {
	f, cursors := pagedTools(t, 3, false)
	_, list := runCalls(f)
	notes := strings.Join(list.Notes, "\n")
	if list.Status != Done || strings.Join(*cursors, ",") != ",c1,c2" || !strings.Contains(notes, "3 tools") ||
		!strings.Contains(notes, `tool "t2"`) || len(list.Exchanges) != 3 {
		t.Errorf("%v cursors %q, %d exchanges:\n%s", list.Err, *cursors, len(list.Exchanges), notes)
	}
}

// TestMCPToolsPagesEnd: a cursor met before, or pages past the cap, end
// the listing with a note instead of a loop a hostile server could make.
func TestMCPToolsPagesEnd(t *testing.T) {
	f, cursors := pagedTools(t, 2, true)
	_, list := runCalls(f)
	if list.Status != Done || len(*cursors) != 3 || !strings.Contains(strings.Join(list.Notes, "\n"), "given before") {
		t.Errorf("loop: cursors %q\n%s", *cursors, strings.Join(list.Notes, "\n"))
	}
	f, cursors = pagedTools(t, 50, false)
	_, list = runCalls(f)
	if list.Status != Done || len(*cursors) != mcpMaxPages || !strings.Contains(strings.Join(list.Notes, "\n"), "not fetched") {
		t.Errorf("many pages: %d requests\n%s", len(*cursors), strings.Join(list.Notes, "\n"))
	}
}

// TestMCPSessionEndAnswers: a server may refuse to let clients end
// sessions with 405 (MCP 2025-11-25, basic/transports, Session
// Management); one that forgot the session answers 404; both end the
// step with a note. Another error fails it.
func TestMCPSessionEndAnswers(t *testing.T) {
	for status, want := range map[int]string{http.StatusNoContent: "ended the session", http.StatusMethodNotAllowed: "HTTP 405", http.StatusNotFound: "HTTP 404", http.StatusInternalServerError: ""} {
		f := fakeMCP(t, func(w http.ResponseWriter, r *http.Request, method string, id int) {
			if r.Method == http.MethodDelete {
				if r.Header.Get("Mcp-Session-Id") != "s1" || r.Header.Get("Authorization") != "Bearer tok" {
					t.Errorf("DELETE headers %v", r.Header)
				}
				w.WriteHeader(status)
				return
			}
			initOK(w, "s1")
		})
		f.initialize(context.Background())
		r := f.endSession(context.Background())
		if !slices.Contains(f.Secrets(), "s1") {
			t.Errorf("%d: the ended session's id is no longer masked: %q", status, f.Secrets())
		}
		switch {
		case want == "" && r.Status != Failed:
			t.Errorf("%d: %v %v", status, r.Status, r.Notes)
		case want != "" && (r.Status != Done || !strings.Contains(strings.Join(r.Notes, "\n"), want)):
			t.Errorf("%d: %v %v %v", status, r.Status, r.Err, r.Notes)
		}
	}
}

// TestMCPAudienceNote: a token whose aud names the MCP server among
// others is not said to be for it alone (RFC 8707 §2).
func TestMCPAudienceNote(t *testing.T) {
	jwt := func(claims string) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(claims)) + ".c2ln"
	}
	f := NewMCP(providers.Provider{ClientID: "c"}, Options{})
	t.Cleanup(func() { f.Close() })
	f.rmd = &providers.ResourceMetadata{Resource: "https://mcp.example/mcp"}
	for claims, want := range map[string]string{
		`{"aud":"https://mcp.example/mcp"}`:              "a token for it alone",
		`{"aud":["demo-api","https://mcp.example/mcp"]}`: "among others",
		`{"aud":"demo-api"}`:                             "does not name",
	} {
		f.tok = &TokenResponse{AccessToken: jwt(claims)}
		if got := strings.Join(f.audienceNote(), " "); !strings.Contains(got, want) {
			t.Errorf("%s: %s", claims, got)
		}
	}
}
