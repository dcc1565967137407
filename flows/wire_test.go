package flows

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// pairsText lists pairs as "where name=value", one a line.
func pairsText(ps []Pair) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(map[Where]string{InQuery: "query", InForm: "form", InJSON: "json", InHeader: "header", InURL: "url", InCallback: "callback"}[p.Where])
		b.WriteString(" " + p.Name + "=" + p.Value + "\n")
	}
	return b.String()
}

func TestCompleteTokenStep(t *testing.T) {
	md := &providers.Metadata{Issuer: "https://as.example", TokenEndpoint: "https://as.example/token", JWKSURI: "https://as.example/jwks"}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("app:s3cret"))
	r := Result{Step: ACToken, Exchanges: []Exchange{{
		Request: Message{Method: "POST", URL: "https://as.example/token?x=1",
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}, "Authorization": {basic}},
			Body:   []byte("grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&bad=%zz")},
		Response: &Message{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`{"token_type":"Bearer","access_token":"at","expires_in":300,"scope":["a","b"]} trailing`)},
	}}}
	Complete(&r, md)
	if got, want := pairsText(r.Sent), "query x=1\nform grant_type=authorization_code\nform code=abc\nform redirect_uri=http://127.0.0.1/cb\nheader Authorization: Basic="+basic+"\n"; got != want {
		t.Errorf("Sent:\n%s\nwant:\n%s", got, want)
	}
	if got, want := pairsText(r.Received), "json token_type=Bearer\njson access_token=at\njson expires_in=300\njson scope=a, b\n"; got != want {
		t.Errorf("Received:\n%s\nwant:\n%s", got, want)
	}
	for _, p := range append(r.Sent, r.Received...) {
		if p.Name == "code" || p.Name == "access_token" {
			if p.Meaning == "" || p.Ref == "" {
				t.Errorf("%s has no explanation", p.Name)
			}
		}
	}
	m := Masker{Secrets: []string{"s3cret", "abc"}}
	for _, p := range r.Sent {
		if got := m.Pair(p); strings.Contains(got, "abc") || strings.Contains(got, "s3cret") {
			t.Errorf("Masker.Pair(%s) = %q shows a secret", p.Name, got)
		}
	}
}

func TestCompleteJWKS(t *testing.T) {
	md := &providers.Metadata{JWKSURI: "https://as.example/jwks"}
	r := Result{Step: ACIDToken, Exchanges: []Exchange{{
		Request:  Message{Method: "GET", URL: "https://as.example/jwks", Header: http.Header{}},
		Response: &Message{StatusCode: 200, Body: []byte(`{"keys":[{"kid":"one","kty":"RSA"},{"kid":"two","kty":"EC"}]}`)},
	}}}
	Complete(&r, md)
	if got, want := pairsText(r.Sent), "url jwks_uri=https://as.example/jwks\n"; got != want {
		t.Errorf("Sent:\n%s\nwant:\n%s", got, want)
	}
	// No token decoded: the first key.
	if got := pairsText(r.Received); !strings.HasSuffix(got, "json kid=one\njson kty=RSA\n") {
		t.Errorf("Received:\n%s\nwant the first key's members last", got)
	}
}

func TestCallbackPairs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:8080/cb?code=c%2B1&state=s&iss=https%3A%2F%2Fas", "callback code=c+1\ncallback state=s\ncallback iss=https://as\n"},
		{"http://127.0.0.1/cb#code=c&state=s", "callback code=c\ncallback state=s\n"},
		{"?code=c&state=s", "callback code=c\ncallback state=s\n"},
		{"bare-code", "callback code=bare-code\n"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := pairsText(Callback{URL: tt.in}.Pairs()); got != tt.want {
			t.Errorf("Pairs(%q):\n%s\nwant:\n%s", tt.in, got, tt.want)
		}
	}
}

func TestCompleteDecodesTokens(t *testing.T) {
	jwt := "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
	r := Result{Token: &TokenResponse{AccessToken: jwt, IDToken: "not-a-jwt"}}
	Complete(&r, nil)
	if len(r.Decoded) != 1 || r.Decoded[0].Label != "access token" || r.Decoded[0].Verification != nil {
		t.Fatalf("Decoded = %+v, want the access token, unverified", r.Decoded)
	}
}
