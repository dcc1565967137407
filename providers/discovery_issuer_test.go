package providers

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDiscoverIssuerExactMatch: a document naming an issuer that only
// begins like the one asked for, or differs from it in letter case, is
// refused (RFC 8414 §3.3, OpenID Connect Discovery 1.0 §4.3), and the
// error says how the two differ.
func TestDiscoverIssuerExactMatch(t *testing.T) {
	for _, tc := range []struct {
		name, asked, named string
		want               string // "": accepted
	}{
		{name: "exact", asked: "http://id.example.com", named: "http://id.example.com"},
		{name: "exact with a path", asked: "http://id.example.com/tenant-a", named: "http://id.example.com/tenant-a"},
		{name: "another tenant's path appended", asked: "http://id.example.com", named: "http://id.example.com/tenant-b", want: "one begins with the other"},
		{name: "another tenant with a trailing slash", asked: "http://id.example.com", named: "http://id.example.com/tenant-b/", want: "one begins with the other"},
		{name: "a longer host name", asked: "http://id.example.com", named: "http://id.example.com.evil.example", want: "a longer host name is another server"},
		{name: "a shorter path", asked: "http://id.example.com/tenant-a", named: "http://id.example.com", want: "one begins with the other"},
		{name: "a longer tenant name", asked: "http://id.example.com/tenant", named: "http://id.example.com/tenant-b", want: "one begins with the other"},
		{name: "the document in capitals", asked: "http://id.example.com", named: "HTTP://ID.EXAMPLE.COM", want: "differ only in letter case"},
		{name: "the host asked for in capitals", asked: "http://ID.example.com", named: "http://id.example.com", want: "differ only in letter case"},
		{name: "the path in another case", asked: "http://id.example.com/Tenant-A", named: "http://id.example.com/tenant-a", want: "differ only in letter case"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"issuer":"` + tc.named + `","authorization_endpoint":"` + tc.named + `/authorize","token_endpoint":"` + tc.named + `/token",` +
					`"jwks_uri":"` + tc.named + `/jwks","response_types_supported":["code"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}`))
			}))
			defer srv.Close()
			md, err := Discover(context.Background(), loopbackClient(srv), tc.asked)
			if tc.want == "" {
				if err != nil || md.Issuer != tc.named || len(md.Warnings) != 0 {
					t.Fatalf("err %v, md %+v: want %q accepted without warnings", err, md, tc.named)
				}
				return
			}
			if !errors.Is(err, ErrIssuerMismatch) {
				t.Fatalf("err %v: want ErrIssuerMismatch for %q asked, %q named", err, tc.asked, tc.named)
			}
			for _, s := range []string{tc.want, `"` + tc.asked + `"`, `"` + tc.named + `"`, "RFC 8414 §3.3"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}

// loopbackClient sends every request to srv whatever host its URL names,
// so that realistic issuer URLs can be served from 127.0.0.1.
func loopbackClient(srv *httptest.Server) *http.Client {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	addr := srv.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr}
}
