package flows

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseCallback feeds paste-mode input and callback URLs: any input
// gives a callback or an error, never a panic.
func FuzzParseCallback(f *testing.F) {
	f.Add("http://127.0.0.1:8400/callback?code=abc&state=xyz&iss=https%3A%2F%2Fid.example.com")
	f.Add("code=abc&state=xyz")
	f.Add("abc")
	f.Add("http://127.0.0.1/cb#code=a&state=b")
	f.Add("?error=access_denied&error_description=%E2%9C%97")
	f.Fuzz(func(t *testing.T, in string) {
		cb, err := ParseCallback(in)
		if err == nil && cb.Code == "" && cb.Error == "" && cb.State == "" && cb.Iss == "" && cb.URL == "" {
			t.Errorf("accepted %q without anything in it", in)
		}
	})
}

// FuzzTokenResponse feeds token endpoint bodies to the parsing, masking and
// rendering the flows apply to them.
func FuzzTokenResponse(f *testing.F) {
	f.Add("application/json", `{"access_token":"eyJ.a.b","token_type":"Bearer","expires_in":3600,"refresh_token":"r"}`)
	f.Add("application/x-www-form-urlencoded", "access_token=gho_x&scope=repo&token_type=bearer")
	f.Add("application/json", `{"expires_in":"3599","id_token":12}`)
	f.Add("text/html", "<html>")
	f.Fuzz(func(t *testing.T, ct, body string) {
		fields, js := orderedFields(ct, []byte(body))
		expiresIn(fields)
		if js != nil && !json.Valid(js) {
			t.Errorf("orderedFields made invalid JSON %q from %q", js, body)
		}
		masked := Masker{}.Body(ct, []byte(body))
		var v map[string]any
		if json.Unmarshal([]byte(body), &v) == nil {
			if tok, ok := v["access_token"].(string); ok && len(tok) >= 24 && !strings.Contains(tok, `\`) && strings.Contains(masked, tok) {
				t.Errorf("access token shown in %q", masked)
			}
		}
		ex := Exchange{Request: Message{Method: "POST", URL: "http://127.0.0.1/token"},
			Response: &Message{StatusCode: 200, Status: "200 OK", Header: map[string][]string{"Content-Type": {ct}}, Body: []byte(body)}}
		FormatResponse(ex, Masker{})
	})
}
