package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// The token command against servers that put the hostile corpus in every
// field they control: whatever the output (-v or not, every --output),
// nothing a terminal would act on reaches stdout or stderr, and JSON stays
// JSON with the server's values.

// issueExample is the token endpoint answer of issue 9.
const issueExample = `{"error":"invalid_request\u001b[31m","error_description":"bad \u001b]0;PWNED\u0007 thing \u001b[2J"}`

// rawReply answers a request with bytes written as they are on the
// connection, so that a status text or a header can hold what net/http
// would refuse to send.
func rawReply(head, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		fmt.Fprintf(buf, "%s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", head, len(body), body)
		buf.Flush()
	}
}

// jsonReply answers with status and the JSON encoding of v. encoding/json
// escapes C0 controls but leaves DEL, C1 and bidi controls raw, as a
// hostile server would.
func jsonReply(status int, v any) http.HandlerFunc {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}
}

// hostileTokenCases are token endpoints that each misbehave with s.
func hostileTokenCases(s string) map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"oauth error": jsonReply(400, map[string]string{"error": s, "error_description": s + "\nlikely cause: forged", "error_uri": "https://errors.example/" + s}),
		"status text": rawReply("HTTP/1.1 400 "+s+"\r\nContent-Type: text/plain", s),
		"header value": rawReply("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Hostile: "+s+"\r\nWWW-Authenticate: Bearer error=\""+s+"\"",
			`{"error":"invalid_client"}`),
		"html title": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			io.WriteString(w, "<!DOCTYPE html><html><head><title>"+s+"</title></head><body>"+s+"</body></html>")
		},
		"success": jsonReply(200, map[string]any{"access_token": "good-token-0123456789", "token_type": s, "expires_in": 60,
			"scope": s, "note": s, s: s}),
		"access token": jsonReply(200, map[string]any{"access_token": "tok" + s, "token_type": "Bearer", "expires_in": 60}),
	}
}

// tokenArgs runs the token command at a token URL with no discovery.
func tokenArgs(url string, extra ...string) []string {
	return append([]string{"token", "--token-url", url, "--client-id", "c", "--client-secret", "hostile-secret-value"}, extra...)
}

// assertSafe fails when stdout or stderr hold what a terminal acts on.
func assertSafe(t *testing.T, what, stdout, stderr string) {
	t.Helper()
	if p := safetexttest.Problem(stdout); p != "" {
		t.Errorf("%s: stdout: %s", what, p)
	}
	if p := safetexttest.Problem(stderr); p != "" {
		t.Errorf("%s: stderr: %s", what, p)
	}
}

func TestTokenHostileServer(t *testing.T) {
	entries := append(append([]string{}, safetexttest.Corpus...), safetexttest.All())
	for _, s := range entries {
		for name, h := range hostileTokenCases(s) {
			srv := httptest.NewServer(h)
			for _, verbose := range []bool{false, true} {
				for _, output := range []string{"json", "access-token", "header"} {
					args := tokenArgs(srv.URL+"/token", "--output", output)
					if verbose {
						args = append(args, "-v")
					}
					what := fmt.Sprintf("%s, -v=%v, --output %s, %q", name, verbose, output, s)
					code, out, errOut := run(t, nil, args...)
					assertSafe(t, what, out, errOut)
					if name == "success" && output == "json" {
						if code != 0 {
							t.Errorf("%s: exit %d: %s", what, code, errOut)
							continue
						}
						// The tokens held on top, the response as sent
						// under "responses" (flows.TokenSet.JSON).
						var got struct {
							Scope     any `json:"scope"`
							TokenType any `json:"token_type"`
							Responses []struct {
								Response map[string]any `json:"response"`
							} `json:"responses"`
						}
						if err := json.Unmarshal([]byte(out), &got); err != nil {
							t.Errorf("%s: stdout is not JSON: %v\n%s", what, err, out)
						} else if len(got.Responses) != 1 {
							t.Errorf("%s: %d responses", what, len(got.Responses))
						} else if sent := got.Responses[0].Response; got.Scope != s || got.TokenType != s || sent["scope"] != s || sent["token_type"] != s || sent["note"] != s || sent[s] != s {
							t.Errorf("%s: the server's values changed: %q", what, got)
						}
					}
				}
			}
			srv.Close()
		}
	}
}

// TestTokenIssueExample: the answer of issue 9 is shown as text on the
// first line, with and without -v, and the description cannot forge a
// line of the diagnosis.
func TestTokenIssueExample(t *testing.T) {
	srv := httptest.NewServer(rawReply("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json", issueExample))
	defer srv.Close()
	for _, verbose := range []string{"-v=false", "-v"} {
		code, out, errOut := run(t, nil, tokenArgs(srv.URL+"/token", verbose)...)
		if code != 1 || out != "" {
			t.Fatalf("%s: exit %d, stdout %q", verbose, code, out)
		}
		assertSafe(t, verbose, out, errOut)
		var first string
		for _, l := range strings.Split(errOut, "\n") {
			if strings.HasPrefix(l, "oauth-explorer: ") {
				first = l
				break
			}
		}
		for _, want := range []string{`invalid_request\x1b[31m`, `bad \x1b]0;PWNED\x07 thing \x1b[2J`} {
			if !strings.Contains(first, want) {
				t.Errorf("%s: the summary %q does not show %s", verbose, first, want)
			}
		}
	}
}

// TestTokenHostileAccessToken: a token outside %x20-7E is a protocol error
// named on stderr; --output access-token and header refuse it; --output
// json shows it escaped, as JSON, with its value.
func TestTokenHostileAccessToken(t *testing.T) {
	for _, s := range safetexttest.Corpus {
		tok := "tok" + s
		srv := httptest.NewServer(jsonReply(200, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 60}))
		code, out, errOut := run(t, nil, tokenArgs(srv.URL+"/token", "--output", "json")...)
		if code != 0 || !strings.Contains(errOut, "warning: ") || !strings.Contains(errOut, "RFC 6749 Appendix A.12") {
			t.Errorf("%q: exit %d; want the token and a warning naming RFC 6749 Appendix A.12:\n%s", s, code, errOut)
		}
		var got struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || got.AccessToken != tok {
			t.Errorf("%q: the JSON does not hold the token: %v\n%s", s, err, out)
		}
		for _, output := range []string{"access-token", "header"} {
			code, out, errOut := run(t, nil, tokenArgs(srv.URL+"/token", "--output", output)...)
			if code != 1 || out != "" || !strings.Contains(errOut, "refusing to print the token raw") {
				t.Errorf("%q, --output %s: exit %d, stdout %q; want a refusal:\n%s", s, output, code, out, errOut)
			}
		}
		srv.Close()
	}
}

// TestTokenHostileTokenType: --output header refuses a token_type that
// would put controls in the header line.
func TestTokenHostileTokenType(t *testing.T) {
	srv := httptest.NewServer(jsonReply(200, map[string]any{"access_token": "good-token-0123456789", "token_type": "Bearer\x1b[2J", "expires_in": 60}))
	defer srv.Close()
	code, out, errOut := run(t, nil, tokenArgs(srv.URL+"/token", "--output", "header")...)
	if code != 1 || out != "" || !strings.Contains(errOut, "token_type") {
		t.Errorf("exit %d, stdout %q:\n%s", code, out, errOut)
	}
	if code, out, _ := run(t, nil, tokenArgs(srv.URL+"/token", "--output", "access-token")...); code != 0 || out != "good-token-0123456789\n" {
		t.Errorf("--output access-token: exit %d, %q", code, out)
	}
}

// hostileDiscovery serves a metadata document whose every list and
// endpoint holds s, with issuer as its issuer ("" for its own URL), and a
// token endpoint that answers an OAuth error made of s.
func hostileDiscovery(t *testing.T, s, issuer string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	if issuer == "" {
		issuer = srv.URL
	}
	mux.HandleFunc("/.well-known/openid-configuration", jsonReply(200, map[string]any{
		"issuer":                                issuer,
		"authorization_endpoint":                srv.URL + "/authorize/" + s,
		"token_endpoint":                        srv.URL + "/token",
		"jwks_uri":                              srv.URL + "/jwks?" + s,
		"userinfo_endpoint":                     s,
		"grant_types_supported":                 []string{s},
		"token_endpoint_auth_methods_supported": []string{s},
		"code_challenge_methods_supported":      []string{s},
		"response_types_supported":              []string{s},
		"scopes_supported":                      []string{s},
	}))
	mux.HandleFunc("/token", jsonReply(400, map[string]string{"error": s, "error_description": s}))
	mux.HandleFunc("/jwks", jsonReply(200, map[string]any{"keys": []any{}}))
	return srv
}

// TestTokenHostileDiscovery: discovery values reach warnings, the login
// prompt and errors; a pasted line reaches the paste error.
func TestTokenHostileDiscovery(t *testing.T) {
	for _, s := range append(append([]string{}, safetexttest.Corpus...), safetexttest.All()) {
		srv := hostileDiscovery(t, s, "")
		base := []string{"token", "--issuer", srv.URL, "--client-id", "c"}
		for _, args := range [][]string{
			append(base, "--client-secret", "hostile-secret-value"),
			append(base, "--client-secret", "hostile-secret-value", "-v", "--output", "header"),
			append(base, "--flow", "authorization-code", "--no-browser", "--manual", "-v"),
		} {
			paste := strings.NewReader("http://127.0.0.1:1/callback?code=x&state=" + s + "\n" + s + "\n")
			_, out, errOut := run(t, bufio.NewReader(paste), args...)
			assertSafe(t, fmt.Sprintf("%v, %q", args[3:], s), out, errOut)
		}
		mismatch := hostileDiscovery(t, s, "https://other.example/"+s)
		_, out, errOut := run(t, nil, "token", "--issuer", mismatch.URL, "--client-id", "c", "--client-secret", "x")
		assertSafe(t, fmt.Sprintf("issuer mismatch, %q", s), out, errOut)
	}
}
