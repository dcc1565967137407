package providers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func testClient() *http.Client { return &http.Client{Timeout: 10 * time.Second} }

func TestWellKnownURLs(t *testing.T) {
	for _, tc := range []struct {
		issuer string
		want   []string
	}{
		{"https://id.example.com", []string{
			"https://id.example.com/.well-known/openid-configuration",
			"https://id.example.com/.well-known/oauth-authorization-server",
		}},
		{"https://id.example.com/", []string{
			"https://id.example.com/.well-known/openid-configuration",
			"https://id.example.com/.well-known/oauth-authorization-server",
		}},
		{"https://id.example.com/tenant/v2.0", []string{
			"https://id.example.com/tenant/v2.0/.well-known/openid-configuration",
			"https://id.example.com/.well-known/oauth-authorization-server/tenant/v2.0",
			"https://id.example.com/tenant/v2.0/.well-known/oauth-authorization-server",
		}},
	} {
		got, err := WellKnownURLs(tc.issuer)
		if err != nil {
			t.Fatalf("%s: %v", tc.issuer, err)
		}
		var urls []string
		for _, w := range got {
			urls = append(urls, w.URL)
		}
		if !slices.Equal(urls, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.issuer, urls, tc.want)
		}
	}
	for _, bad := range []string{"", "id.example.com", "ftp://id.example.com", "https://id.example.com/?tenant=x", "https://id.example.com/#x"} {
		if _, err := WellKnownURLs(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestDiscoverDemo(t *testing.T) {
	srv := demotest.Start(t)
	md, err := Discover(context.Background(), testClient(), srv.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	e := srv.Endpoints()
	if md.Kind != KindOpenID || md.Source != e.Discovery || md.Issuer != srv.Issuer() {
		t.Errorf("kind %v, source %q, issuer %q", md.Kind, md.Source, md.Issuer)
	}
	if md.TokenEndpoint != e.Token || md.JWKSURI != e.JWKS || md.DeviceAuthorizationEndpoint != e.DeviceAuthorization {
		t.Errorf("endpoints: %+v", md)
	}
	for _, g := range []string{"authorization_code", "client_credentials", "refresh_token"} {
		if !slices.Contains(md.GrantTypesSupported, g) {
			t.Errorf("grant_types_supported %v lacks %s", md.GrantTypesSupported, g)
		}
	}
	if len(md.Warnings) != 0 || len(md.Missing()) != 0 {
		t.Errorf("warnings %q, missing %q", md.Warnings, md.Missing())
	}
	fields := md.Fields()
	if len(fields) == 0 || fields[0].Name != "issuer" {
		t.Fatalf("fields not in document order: %v", fields)
	}
	for _, f := range fields {
		if f.Explanation == "" {
			t.Errorf("the demo's metadata member %s has no explanation", f.Name)
		}
	}
}

// wellKnownServer serves a metadata document (or an answer) per path and
// records the paths asked for.
type wellKnownServer struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string
}

type answer struct {
	status int
	ctype  string
	body   string // %s is replaced by the server's URL
}

func newWellKnownServer(t *testing.T, answers map[string]answer) *wellKnownServer {
	t.Helper()
	s := &wellKnownServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.asked = append(s.asked, r.URL.Path)
		s.mu.Unlock()
		a, ok := answers[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if a.ctype == "" {
			a.ctype = "application/json"
		}
		w.Header().Set("Content-Type", a.ctype)
		if a.status == 0 {
			a.status = http.StatusOK
		}
		w.WriteHeader(a.status)
		fmt.Fprint(w, strings.ReplaceAll(a.body, "%s", s.URL))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *wellKnownServer) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.asked)
}

// oauthDoc is a complete RFC 8414 document for issuer %s + path.
func oauthDoc(path string) answer {
	return answer{body: `{"issuer":"%s` + path + `","authorization_endpoint":"%s/authorize","token_endpoint":"%s/token",` +
		`"response_types_supported":["code"],"grant_types_supported":["authorization_code","client_credentials"],` +
		`"code_challenge_methods_supported":["S256"]}`}
}

func oidcDoc(path string) answer {
	return answer{body: `{"issuer":"%s` + path + `","authorization_endpoint":"%s/authorize","token_endpoint":"%s/token",` +
		`"jwks_uri":"%s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],` +
		`"id_token_signing_alg_values_supported":["RS256"]}`}
}

func TestDiscoverVariants(t *testing.T) {
	const oidc, oauth = "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"
	html := answer{ctype: "text/html", body: "<!doctype html><title>app</title>"}
	for _, tc := range []struct {
		name     string
		path     string // the issuer's path
		answers  map[string]answer
		kind     MetadataKind
		source   string   // path of the document used
		asked    []string // paths requested, in order
		attempts int      // >0: discovery fails after that many
	}{
		{name: "OpenID Connect", answers: map[string]answer{oidc: oidcDoc("")},
			kind: KindOpenID, source: oidc, asked: []string{oidc}},
		{name: "OpenID Connect with a path", path: "/realms/x", answers: map[string]answer{"/realms/x" + oidc: oidcDoc("/realms/x")},
			kind: KindOpenID, source: "/realms/x" + oidc, asked: []string{"/realms/x" + oidc}},
		{name: "OpenID Connect wins over RFC 8414", answers: map[string]answer{oidc: oidcDoc(""), oauth: oauthDoc("")},
			kind: KindOpenID, source: oidc, asked: []string{oidc}},
		{name: "RFC 8414 after a 404", answers: map[string]answer{oauth: oauthDoc("")},
			kind: KindOAuth, source: oauth, asked: []string{oidc, oauth}},
		{name: "RFC 8414 inserted before the path", path: "/tenant1", answers: map[string]answer{oauth + "/tenant1": oauthDoc("/tenant1")},
			kind: KindOAuth, source: oauth + "/tenant1", asked: []string{"/tenant1" + oidc, oauth + "/tenant1"}},
		{name: "RFC 8414 appended after the path", path: "/oauth2/default", answers: map[string]answer{"/oauth2/default" + oauth: oauthDoc("/oauth2/default")},
			kind: KindOAuth, source: "/oauth2/default" + oauth, asked: []string{"/oauth2/default" + oidc, oauth + "/oauth2/default", "/oauth2/default" + oauth}},
		{name: "an app's HTML page is passed over", answers: map[string]answer{oidc: html, oauth: oauthDoc("")},
			kind: KindOAuth, source: oauth, asked: []string{oidc, oauth}},
		{name: "a gateway's 403 is passed over", answers: map[string]answer{oidc: {status: http.StatusForbidden, body: `{"message":"Missing Authentication Token"}`}, oauth: oauthDoc("")},
			kind: KindOAuth, source: oauth, asked: []string{oidc, oauth}},
		{name: "a 5xx stops", answers: map[string]answer{oidc: {status: http.StatusBadGateway}, oauth: oauthDoc("")},
			attempts: 1, asked: []string{oidc}},
		{name: "nothing anywhere", path: "/t",
			attempts: 3, asked: []string{"/t" + oidc, oauth + "/t", "/t" + oauth}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newWellKnownServer(t, tc.answers)
			md, err := Discover(context.Background(), srv.Client(), srv.URL+tc.path)
			if got := srv.paths(); !slices.Equal(got, tc.asked) {
				t.Errorf("asked %q, want %q", got, tc.asked)
			}
			if tc.attempts > 0 {
				var de *DiscoveryError
				if !errors.As(err, &de) || len(de.Attempts) != tc.attempts {
					t.Fatalf("want a DiscoveryError with %d attempts, got %v", tc.attempts, err)
				}
				if tc.attempts > 1 && !strings.Contains(err.Error(), "is the issuer URL right?") {
					t.Errorf("message %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if md.Kind != tc.kind || md.Source != srv.URL+tc.source || len(md.Warnings) != 0 {
				t.Errorf("kind %v source %q warnings %q", md.Kind, md.Source, md.Warnings)
			}
		})
	}
}

func TestDiscoverIssuerMismatch(t *testing.T) {
	for _, tc := range []struct{ issuer, want string }{
		{"https://attacker.example", "mix-up"},
		{"https://login.microsoftonline.com/{tenantid}/v2.0", "entra preset"},
	} {
		srv := newWellKnownServer(t, map[string]answer{
			"/.well-known/openid-configuration": {body: `{"issuer":"` + tc.issuer + `","token_endpoint":"https://attacker.example/token"}`},
		})
		md, err := Discover(context.Background(), srv.Client(), srv.URL)
		if !errors.Is(err, ErrIssuerMismatch) || md == nil {
			t.Fatalf("%s: err %v, md %v", tc.issuer, err, md)
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), srv.URL) {
			t.Errorf("message %q lacks %q or the issuer asked for", err, tc.want)
		}
		if len(srv.paths()) != 1 {
			t.Errorf("after a mismatch discovery went on: %q", srv.paths())
		}
	}
}

func TestDiscoverTrailingSlash(t *testing.T) {
	srv := newWellKnownServer(t, map[string]answer{"/.well-known/openid-configuration": {body: strings.Replace(oidcDoc("").body, `"%s"`, `"%s/"`, 1)}})
	md, err := Discover(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if md.Issuer != srv.URL+"/" || len(md.Warnings) != 1 || !strings.Contains(md.Warnings[0], "trailing slash") {
		t.Errorf("issuer %q warnings %q", md.Issuer, md.Warnings)
	}
}

func TestDiscoverMissingMembers(t *testing.T) {
	for _, tc := range []struct {
		name, path, body string
		want             []string
	}{
		{"OpenID Connect document with endpoints only", "/.well-known/openid-configuration",
			`{"issuer":"%s","authorization_endpoint":"%s/a"}`,
			[]string{"token_endpoint", "response_types_supported", "jwks_uri", "subject_types_supported", "id_token_signing_alg_values_supported"}},
		{"RFC 8414 document for client credentials only", "/.well-known/oauth-authorization-server",
			`{"issuer":"%s","token_endpoint":"%s/t","grant_types_supported":["client_credentials"]}`,
			[]string{"response_types_supported"}},
		{"RFC 8414 document without grant types needs the authorization endpoint", "/.well-known/oauth-authorization-server",
			`{"issuer":"%s","token_endpoint":"%s/t","response_types_supported":["code"]}`,
			[]string{"authorization_endpoint"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newWellKnownServer(t, map[string]answer{tc.path: {body: tc.body}})
			md, err := Discover(context.Background(), srv.Client(), srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			if got := md.Missing(); !slices.Equal(got, tc.want) {
				t.Errorf("missing %q, want %q", got, tc.want)
			}
			if len(md.Warnings) != 1 || !strings.Contains(md.Warnings[0], strings.Join(tc.want, ", ")) {
				t.Errorf("warnings %q", md.Warnings)
			}
		})
	}
}

func TestDiscoverUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := Discover(context.Background(), testClient(), url)
	var de *DiscoveryError
	if !errors.As(err, &de) || len(de.Attempts) != 1 || de.Attempts[0].Status != 0 || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err %v", err)
	}
}
