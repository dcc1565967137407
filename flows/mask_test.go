package flows

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestMasker(t *testing.T) {
	token := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVlLWxvbmc"
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("my-client:s3cr3t-value"))
	cases := []struct {
		name, got, hidden, kept string
	}{
		{"form secret", Masker{}.Form("grant_type=client_credentials&client_secret=s3cr3t-value&scope=a"), "s3cr3t-value", "grant_type=client_credentials"},
		{"form code", Masker{}.Form("code=abcdefghijklmnopqrstuvwxyz0123&code_verifier=verifier-verifier-verifier-verifier"), "verifier-verifier", "code="},
		{"json tokens", Masker{}.JSON(`{"access_token":"` + token + `","token_type":"Bearer"}`), token, `"token_type":"Bearer"`},
		{"basic header", Masker{}.Header("Authorization", basic), "s3cr3t-value", "client_id my-client"},
		{"basic header base64", Masker{}.Header("Authorization", basic), basic[6:], "Basic"},
		{"bearer header", Masker{}.Header("Authorization", "Bearer "+token), token, "Bearer eyJhbG"},
		{"url query", Masker{}.URL("http://127.0.0.1:1/cb?code=abcdefghijklmnopqrstuvwxyz0123&state=xyz"), "abcdefghijklmnopqrstuvwxyz0123", "state=xyz"},
		{"literal secret", Masker{Secrets: []string{"s3cr3t-value"}}.Text("error: bad secret s3cr3t-value"), "s3cr3t-value", "error: bad secret"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.got, tc.hidden) {
				t.Errorf("%q shows %q", tc.got, tc.hidden)
			}
			if !strings.Contains(tc.got, tc.kept) {
				t.Errorf("%q lost %q", tc.got, tc.kept)
			}
		})
	}
	if got := (Masker{Reveal: true}).Form("client_secret=x"); got != "client_secret=x" {
		t.Errorf("reveal masked: %q", got)
	}
}
