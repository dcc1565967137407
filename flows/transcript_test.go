package flows

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// hostileExchange puts s in every field of an exchange that a server, a
// callback or a redirect controls: the URL, header names and values, the
// status text, the bodies (JSON, form, HTML, plain) and the error.
func hostileExchange(s, contentType string) Exchange {
	jsonBody, _ := json.Marshal(map[string]string{"error": s, "error_description": s, s: "value"})
	body := map[string][]byte{
		"application/json":                  jsonBody,
		"application/x-www-form-urlencoded": []byte("error=" + url.QueryEscape(s) + "&raw=" + s),
		"text/html":                         []byte("<html><head><title>" + s + "</title></head><body>\n" + s + "\n</body></html>"),
		"text/plain":                        []byte(s + "\n\t" + s),
	}[contentType]
	h := http.Header{"Content-Type": {contentType}, "X-Note": {s}, s: {"name is hostile"}, "Set-Cookie": {"sid=" + s + "; Path=/"}}
	return Exchange{
		Step: "Token " + s,
		Request: Message{Method: "POST", URL: "http://127.0.0.1:1/token?x=" + s + "&y=" + url.QueryEscape(s), Proto: "HTTP/1.1",
			Header: h, Body: body},
		Response: &Message{Status: "400 " + s, StatusCode: 400, Proto: "HTTP/1.1", Header: h, Body: body},
		Err:      errors.New("reading " + s),
	}
}

// TestTranscriptHostile: whatever a server sends, the transcript shows it
// as text a terminal does not act on, keeps one line per header, and keeps
// a body's own lines.
func TestTranscriptHostile(t *testing.T) {
	for _, ct := range []string{"application/json", "application/x-www-form-urlencoded", "text/html", "text/plain"} {
		for _, s := range append(safetexttest.Corpus, safetexttest.All()) {
			ex := hostileExchange(s, ct)
			noResp := ex
			noResp.Response = nil
			for _, m := range []Masker{{}, {Reveal: true}} {
				var tr strings.Builder
				if err := WriteTranscript(&tr, []Exchange{ex, noResp}, m); err != nil {
					t.Fatal(err)
				}
				for name, out := range map[string]string{
					"request": FormatRequest(ex, m), "response": FormatResponse(ex, m),
					"no response": FormatResponse(noResp, m), "transcript": tr.String(),
				} {
					if p := safetexttest.Problem(out); p != "" {
						t.Errorf("%s, %s, %q: %s", ct, name, s, p)
					}
				}
				// The request line, Host (when the URL parses) and four
				// headers: no value may break its line.
				lines := 5
				if _, err := url.Parse(ex.Request.URL); err == nil {
					lines++
				}
				req := FormatRequest(ex, m)
				if head, _, _ := strings.Cut(req, "\n\n"); strings.Count(head, "\n") != lines-1 {
					t.Errorf("%s, %q: the request's head has other lines than its own:\n%s", ct, s, head)
				}
			}
		}
	}
}

// TestTranscriptLayoutKept: sanitizing changes nothing in an ordinary
// exchange: lines, indentation of JSON and tabs in a body stay.
func TestTranscriptLayoutKept(t *testing.T) {
	ex := Exchange{
		Request: Message{Method: "GET", URL: "http://127.0.0.1:1/userinfo", Header: http.Header{"Accept": {"application/json"}}},
		Response: &Message{Status: "200 OK", StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`{"sub":"demo","name":"Dëmo Üser","note":"tab\tand\nline"}`)},
	}
	want := "HTTP/1.1 200 OK   (0s)\nContent-Type: application/json\n\n{\n  \"sub\": \"demo\",\n  \"name\": \"Dëmo Üser\",\n  \"note\": \"tab\\tand\\nline\"\n}\n"
	if got := FormatResponse(ex, Masker{}); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	plain := ex
	plain.Response = &Message{Status: "200 OK", StatusCode: 200, Body: []byte("a\tb\nc\n")}
	if got := FormatResponse(plain, Masker{}); !strings.HasSuffix(got, "\n\na\tb\nc\n") {
		t.Errorf("a plain body lost its layout:\n%q", got)
	}
}
