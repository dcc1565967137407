package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// minimalHAR is a capture with one entry whose request is req.
func minimalHAR(req string) string {
	return `{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[{"startedDateTime":"2026-12-02T06:40:00.000Z","time":1,` +
		`"request":` + req + `,"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}`
}

func TestReadHARRefusesWhatIsNotACapture(t *testing.T) {
	okReq := `{"method":"GET","url":"https://id.example.com/x","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}`
	for _, tc := range []struct {
		name, in string
		limit    int64
		want     string
	}{
		{"empty", "  ", 0, "the file is empty"},
		{"not JSON", "GET / HTTP/1.1", 0, "not valid JSON at line 1, column 1"},
		{"cut short", `{"log":{"version":"1.2","entries":[`, 0, "ends too early"},
		{"syntax error on a later line", "{\"log\":\n{\"version\": 1.2.3}}", 0, "line 2"},
		{"no log", `{"entries":[]}`, 0, `no "log" member`},
		{"no version", `{"log":{"entries":[]}}`, 0, "log.version: missing"},
		{"wrong version", `{"log":{"version":"2.0","entries":[]}}`, 0, `log.version: version "2.0"`},
		{"version not a string", `{"log":{"version":1.2,"entries":[]}}`, 0, "log.version: a JSON number where a string was expected"},
		{"no entries", `{"log":{"version":"1.2"}}`, 0, "log.entries: missing"},
		{"entries not an array", `{"log":{"version":"1.2","entries":{}}}`, 0, "log.entries: a JSON object where an array was expected"},
		{"headers of the wrong type", minimalHAR(strings.Replace(okReq, `"headers":[]`, `"headers":"x"`, 1)), 0, "log.entries[0].request.headers: a JSON string where an array was expected"},
		{"no method", minimalHAR(strings.Replace(okReq, `"GET"`, `""`, 1)), 0, "log.entries[0].request.method: missing"},
		{"relative URL", minimalHAR(strings.Replace(okReq, "https://id.example.com/x", "/x", 1)), 0, `log.entries[0].request.url: "/x" is not an absolute URL`},
		{"over the cap", minimalHAR(okReq), 100, "it is over 100 bytes, the cap on a capture"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHAR(strings.NewReader(tc.in), tc.limit)
			var he *HARError
			if !errors.As(err, &he) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a HARError with %q", err, tc.want)
			}
		})
	}
}

func TestReadHARDefaultCap(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxHARSize+1)
	_, err := ReadHAR(bytes.NewReader(big), 0)
	if err == nil || !strings.Contains(err.Error(), "over 64 MiB") {
		t.Fatalf("got %v", err)
	}
}

func TestReadHARBase64AndCaps(t *testing.T) {
	in := minimalHAR(`{"method":"POST","url":"https://id.example.com/token","httpVersion":"HTTP/2","headers":[{"name":":authority","value":"x"},{"name":"content-type","value":"application/x-www-form-urlencoded"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0,"postData":{"mimeType":"application/x-www-form-urlencoded","text":"` + strings.Repeat("a", MaxBody+5) + `"}}`)
	in = strings.Replace(in, `"content":{"size":0,"mimeType":"text/plain"}`, `"content":{"size":5,"mimeType":"text/plain","text":"aGVsbG8=","encoding":"base64"}`, 1)
	h, err := ReadHAR(strings.NewReader(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := harExchange(0, h.Log.Entries[0])
	if err != nil {
		t.Fatal(err)
	}
	if string(ex.Response.Body) != "hello" || !ex.Request.Truncated || len(ex.Request.Body) != MaxBody || ex.Request.Header.Get(":authority") != "" {
		t.Errorf("response %q, request cut %v (%d bytes), headers %v", ex.Response.Body, ex.Request.Truncated, len(ex.Request.Body), ex.Request.Header)
	}
	bad := strings.Replace(in, "aGVsbG8=", "!!!", 1)
	if _, err := ExplainHAR(context.Background(), strings.NewReader(bad), CaptureOptions{}); err == nil || !strings.Contains(err.Error(), "log.entries[0].response.content.text: not valid base64") {
		t.Errorf("got %v", err)
	}
}

// TestExplainHostileCapture puts the hostile corpus everywhere a capture
// holds text: the steps are found and the texts are kept as they came
// (the renderers escape them; the CLI's test checks its output).
func TestExplainHostileCapture(t *testing.T) {
	all := safetexttest.All()
	js, _ := json.Marshal(all)
	req := `{"method":"POST","url":"https://id.example.com/token?x=` + url.QueryEscape(all) + `","httpVersion":"HTTP/1.1","headers":[{"name":"X-Evil","value":` + string(js) + `}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0,` +
		`"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=` + strings.Repeat("c", 20) + `"}}`
	in := minimalHAR(req)
	in = strings.Replace(in, `"status":200,"statusText":"OK"`, `"status":400,"statusText":`+string(js), 1)
	in = strings.Replace(in, `"content":{"size":0,"mimeType":"text/plain"}`, `"content":{"size":9,"mimeType":"application/json","text":`+mustJSON(`{"error":"invalid_grant","error_description":`+string(js)+`}`)+`}`, 1)
	c, err := ExplainHAR(context.Background(), strings.NewReader(in), CaptureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Run.Results) != 1 || c.Run.Results[0].Status != Failed || c.Run.Results[0].Diagnosis == nil {
		t.Fatalf("results %+v", c.Run.Results)
	}
	var oe *OAuthError
	if !errors.As(c.Run.Results[0].Err, &oe) || oe.Description != all {
		t.Errorf("err %v", c.Run.Results[0].Err)
	}
}

// mustJSON writes s as a JSON string.
func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// FuzzReadHAR feeds captures to the reader and the explanation: any input
// gives a capture or an error whose text is safe for a terminal, never a
// panic.
func FuzzReadHAR(f *testing.F) {
	f.Add(minimalHAR(`{"method":"GET","url":"https://id.example.com/.well-known/openid-configuration","headers":[]}`))
	f.Add(`{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"http://a/t","postData":{"text":"grant_type=x&code=y"}},"response":{"status":400,"content":{"text":"eyJ9","encoding":"base64"}}}]}}`)
	f.Add(`{"log":{"version":"1.2","creator":{"name":"oauth-explorer"},"entries":[{"_step":"token","request":{"method":"GET","url":"http://a/cb?code=1&state=2"},"response":{"status":0,"_error":"x"}}]}}`)
	f.Add(`{"log":{"version":"1.1","entries":[{"request":{"method":"GET","url":"http://a/api","headers":[{"name":"Authorization","value":"Bearer a.b.c"}]},"response":{"status":200,"content":{"text":"{\"keys\":[{\"kty\":\"RSA\"}]}"}}}]}}`)
	f.Fuzz(func(t *testing.T, in string) {
		h, err := ReadHAR(strings.NewReader(in), 1<<20)
		if err != nil {
			if p := safetexttest.Problem(err.Error()); p != "" {
				t.Errorf("error text %q: %s", err, p)
			}
			return
		}
		_, _ = ExplainCapture(context.Background(), h, CaptureOptions{})
	})
}
