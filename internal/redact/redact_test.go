package redact

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestUserinfo(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"user and password", "http://alice:s3cr3t@127.0.0.1:8080/token", "http://••••@127.0.0.1:8080/token"},
		{"user only", "https://alice@id.example/", "https://••••@id.example/"},
		{"quoted in a sentence", `issuer "https://a:b@id.example/x" is not right`, `issuer "https://••••@id.example/x" is not right`},
		{"at sign in the password", "https://a:p@ss@id.example/x", "https://••••@id.example/x"},
		{"several URLs", "http://a:b@x/ and http://c:d@y/", "http://••••@x/ and http://••••@y/"},
		{"net/http's redaction", `Post "http://alice:***@127.0.0.1:1/token": refused`, `Post "http://••••@127.0.0.1:1/token": refused`},
		{"no userinfo", "http://127.0.0.1/cb?email=a@b.example", "http://127.0.0.1/cb?email=a@b.example"},
		{"e-mail after a URL", "see https://id.example/ or mail a@b.example", "see https://id.example/ or mail a@b.example"},
		{"no URL", "user:password@host", "user:password@host"},
		{"upper-case scheme", "HTTPS://u:p@h/", "HTTPS://••••@h/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Userinfo(tc.in); got != tc.want {
				t.Errorf("Userinfo(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestNetHTTPKeepsTheUser shows why Userinfo is needed on net/http's
// errors: they hide the password of a URL but print the user.
func TestNetHTTPKeepsTheUser(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://alice-the-user:pw-0123456789@127.0.0.1:0/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = http.DefaultClient.Do(req)
	if err == nil {
		t.Fatal("a request to port 0 succeeded")
	}
	if strings.Contains(err.Error(), "pw-0123456789") {
		t.Errorf("net/http prints the password: %v", err)
	}
	if !strings.Contains(err.Error(), "alice-the-user") {
		t.Logf("net/http no longer prints the user: %v", err)
	}
	if got := Userinfo(err.Error()); strings.Contains(got, "alice-the-user") || strings.Contains(got, "pw-0123456789") {
		t.Errorf("Userinfo left a credential: %s", got)
	}
	if errors.Unwrap(err) == nil {
		t.Errorf("not a *url.Error: %T", err)
	}
}

// BenchmarkUserinfo measures a long error text that quotes a body, as the
// diagnosis of a hostile response does.
func BenchmarkUserinfo(b *testing.B) {
	s := `token endpoint: answered "` + strings.Repeat(`\u0000`, 1<<18) + `" at http://u:p@127.0.0.1/`
	for b.Loop() {
		Userinfo(s)
	}
}
