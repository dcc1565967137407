package flows

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestDiscoverySaysWhatItTried: when no metadata is found, the error and
// the diagnosis list every URL tried and what each answered, not only the
// last (issue 10, item 8).
func TestDiscoverySaysWhatItTried(t *testing.T) {
	// A single-page app answers every path with its page, so the OpenID
	// URL gets HTML with 200; the RFC 8414 URLs are not routed.
	spa := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "oauth-authorization-server") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><html><head><title>My App</title></head><body><div id=root></div></body></html>"))
	}))
	defer spa.Close()
	demoSrv := demotest.Start(t)

	cases := []struct {
		name, issuer string
		code         string
		answers      []string // what each URL answered, in order
	}{
		{"a single-page app at the issuer URL", spa.URL + "/tenant", "discovery_not_metadata", []string{
			spa.URL + `/tenant/.well-known/openid-configuration answered 200 OK with an HTML page ("My App")`,
			spa.URL + "/.well-known/oauth-authorization-server/tenant answered 404 Not Found",
			spa.URL + "/tenant/.well-known/oauth-authorization-server answered 404 Not Found",
		}},
		{"a wrong path at the demo provider", demoSrv.Issuer() + "/realms/nope", "discovery_not_found", []string{
			demoSrv.Issuer() + "/realms/nope/.well-known/openid-configuration answered 404 Not Found",
			"/.well-known/oauth-authorization-server/realms/nope answered 404 Not Found",
			demoSrv.Issuer() + "/realms/nope/.well-known/oauth-authorization-server answered 404 Not Found",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := providers.Provider{Issuer: tc.issuer, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}
			r := NewClientCredentials(p, Options{}).Next(t.Context())
			var ne *NoMetadataError
			if r.Status != Failed || !errors.As(r.Err, &ne) {
				t.Fatalf("got %v %v; want a NoMetadataError", r.Status, r.Err)
			}
			if len(ne.Tried) != len(tc.answers) {
				t.Errorf("tried %d URLs, want %d: %+v", len(ne.Tried), len(tc.answers), ne.Tried)
			}
			if r.Diagnosis.Code != tc.code {
				t.Errorf("diagnosis %q, want %q", r.Diagnosis.Code, tc.code)
			}
			at := 0
			for _, a := range tc.answers {
				i := strings.Index(r.Diagnosis.What[at:], a)
				if i < 0 {
					t.Errorf("What %q does not say, in order, %q", r.Diagnosis.What, a)
					continue
				}
				at += i + len(a)
				if !strings.Contains(r.Err.Error(), a) {
					t.Errorf("error %q does not say %q", r.Err, a)
				}
			}
		})
	}
}
