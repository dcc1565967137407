package flows

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestMaskerForManyMasksAsMasker: the one-pass Masker hides what the plain
// one hides, in every form a secret is written.
func TestMaskerForManyMasksAsMasker(t *testing.T) {
	secrets := []string{"client-secret-0123", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.sig+/=", "short", "refresh token with spaces"}
	for i := range 300 {
		secrets = append(secrets, fmt.Sprintf("token-%04d-abcdefgh", i))
	}
	texts := []string{
		"plain " + secrets[0] + " and " + secrets[1],
		"query code=" + url.QueryEscape(secrets[1]) + "&x=" + url.PathEscape(secrets[3]),
		`json {"refresh_token":"` + jsonInner(secrets[3]) + `"} short stays`,
		"https://user:" + secrets[0] + "@id.example.com/ " + secrets[299],
		"nothing secret here",
	}
	plain, many := Masker{Secrets: secrets}, NewMaskerForMany(false, secrets)
	for _, s := range texts {
		if got, want := many.Text(s), plain.Text(s); got != want {
			t.Errorf("Text(%q)\n got %q\nwant %q", s, got, want)
		}
	}
	for _, s := range secrets[:2] {
		if strings.Contains(many.Text(texts[0]), s) {
			t.Errorf("secret %q shown", s)
		}
	}
	if r := NewMaskerForMany(true, secrets); r.Text(texts[0]) != texts[0] {
		t.Error("reveal masks")
	}
}
