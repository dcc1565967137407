package providers

import (
	"strings"
	"testing"
)

// TestValidateURLs: a URL setting that is not an http(s) URL is refused
// with the setting named (as a placeholder each surface words) and, when
// only the scheme is missing, the URL as it was meant.
func TestValidateURLs(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Provider
		want []string
	}{
		{"no scheme", Provider{Issuer: "127.0.0.1:9420"}, []string{"{setting:issuer}", "it has no scheme", "http://127.0.0.1:9420 or https://127.0.0.1:9420"}},
		{"host alone", Provider{Issuer: "id.example.com"}, []string{"{setting:issuer}", "https://id.example.com"}},
		{"wrong scheme", Provider{Issuer: "htp:/bad url"}, []string{`"htp:/bad url" is not an http(s) URL`, "{setting:issuer} as http://… or https://…"}},
		{"wrong scheme, one slash", Provider{Issuer: "htp:/bad_url"}, []string{"{setting:issuer} as http://… or https://…"}},
		{"host and port, no scheme", Provider{Issuer: "localhost:8080/realms/x"}, []string{"http://localhost:8080/realms/x or https://localhost:8080/realms/x"}},
		{"token url", Provider{TokenURL: "ftp://id.example.com/token"}, []string{"{setting:token-url}"}},
		{"revocation url", Provider{Issuer: "https://id.example.com", RevocationURL: "revoke"}, []string{"{setting:revocation-url}"}},
		{"userinfo hidden", Provider{Issuer: "htp://user:secret@id.example.com"}, []string{"{setting:issuer}"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.p.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("%q shows the URL's password", err)
			}
		})
	}
}
