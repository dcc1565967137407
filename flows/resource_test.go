package flows

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runResource runs the resource grant for url with p to its end, the
// browser played by demotest.Login, and returns the results by step ID.
func runResource(t *testing.T, p providers.Provider, url string) map[string]Result {
	t.Helper()
	ctx := context.Background()
	opts := Options{Inputs: Inputs{resourceURLInput.Name: url}, KeepRefreshToken: true,
		OpenBrowser: func(u string) error {
			go func() {
				back, err := demotest.Login(ctx, u, true)
				if err != nil {
					t.Errorf("login: %v", err)
					return
				}
				deliver(t, back)
			}()
			return nil
		}}
	f := NewResource(p, opts)
	t.Cleanup(func() { f.Close() })
	got := map[string]Result{}
	for !f.Done() {
		r := f.Next(ctx)
		got[r.Step.ID] = r
	}
	return got
}

func TestResourceAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	api := srv.Endpoints().API + "/whoami"
	c, _ := demo.ClientByID("demo-public")
	// No issuer: the resource names it.
	p := providers.Provider{Name: "demo", ClientID: c.ID, AuthMethod: c.AuthMethod, Scopes: []string{"openid", "api.read"}}
	got := runResource(t, p, api)
	for _, id := range []string{RSCall.ID, RSMetadata.ID, RSAuthServer.ID, ACAuthRequest.ID, ACToken.ID, RSCallAgain.ID} {
		if r := got[id]; r.Status != Done {
			t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
		}
	}
	first := got[RSCall.ID].Exchanges[0]
	if first.Response.StatusCode != http.StatusUnauthorized || first.Request.Header.Get("Authorization") != "" {
		t.Errorf("first call: %d with %q", first.Response.StatusCode, first.Request.Header.Get("Authorization"))
	}
	if notes := strings.Join(got[RSMetadata.ID].Notes, "\n"); !strings.Contains(notes, "oauth-protected-resource/api/whoami (resource_metadata): HTTP 200") ||
		!strings.Contains(notes, "§3.3 check passes") {
		t.Errorf("metadata notes:\n%s", notes)
	}
	if u := got[ACAuthRequest.ID].AuthRequest.URL; !strings.Contains(u, "resource=") {
		t.Errorf("authorization request without resource: %s", u)
	}
	again := got[RSCallAgain.ID]
	if ex := again.Exchanges[len(again.Exchanges)-1]; ex.Response.StatusCode != http.StatusOK || !strings.Contains(string(ex.Response.Body), api) {
		t.Errorf("call again: %d %s", ex.Response.StatusCode, ex.Response.Body)
	}
	if notes := strings.Join(again.Notes, "\n"); !strings.Contains(notes, "aud names "+api) {
		t.Errorf("call again notes:\n%s", notes)
	}
}

// TestResourceWellKnownFallback: with no resource_metadata in the
// challenge, the path-inserted well-known URL is read (RFC 9728 §3.1).
func TestResourceMetadataDemoWellKnown(t *testing.T) {
	srv := demotest.Start(t)
	api := srv.Endpoints().API + "/reports"
	md, tried, err := providers.FetchResourceMetadata(context.Background(), http.DefaultClient, api, "")
	if err != nil || len(tried) != 1 || tried[0].URL != srv.Issuer()+"/.well-known/oauth-protected-resource/api/reports" {
		t.Fatalf("%v %+v", err, tried)
	}
	if md.AuthorizationServers[0] != srv.Issuer() || md.BearerMethodsSupported[0] != "header" {
		t.Errorf("%+v", md)
	}
	// The root document describes the host, so it is refused for the API
	// (RFC 9728 §3.3).
	_, _, err = providers.FetchResourceMetadata(context.Background(), http.DefaultClient, api, srv.Issuer()+"/.well-known/oauth-protected-resource")
	var mm *providers.ResourceMismatchError
	if !asMismatch(err, &mm) || mm.Published != srv.Issuer() {
		t.Errorf("root document for %s: %v", api, err)
	}
}

func asMismatch(err error, mm **providers.ResourceMismatchError) bool {
	e, ok := err.(*providers.ResourceMismatchError)
	*mm = e
	return ok
}

// fakeResource is a resource server the demo cannot play: it answers as
// handler says. Each case cites the rule it breaks.
func fakeResource(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	s := httptest.NewServer(handler)
	t.Cleanup(s.Close)
	return s.URL
}

func TestResourceDiagnoses(t *testing.T) {
	srv := demotest.Start(t)
	c, _ := demo.ClientByID("demo-public")
	p := providers.Provider{ClientID: c.ID, AuthMethod: c.AuthMethod, Scopes: []string{"openid"}}
	for _, tc := range []struct {
		name    string
		handler func(base *string) http.HandlerFunc
		step    string
		code    ResourceErrorKind
	}{{
		// RFC 6750 §3: a 401 must carry WWW-Authenticate.
		name: "no challenge, no metadata",
		handler: func(*string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }
		},
		step: RSMetadata.ID, code: ResourceNoMetadata,
	}, {
		// RFC 9728 §3.3: the document names another resource.
		name: "metadata for another resource",
		handler: func(base *string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/.well-known/") {
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(`{"resource":"https://honest.example/api","authorization_servers":["` + srv.Issuer() + `"]}`))
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="x"`)
				w.WriteHeader(http.StatusUnauthorized)
			}
		},
		step: RSMetadata.ID, code: ResourceMismatch,
	}, {
		// RFC 9728 §2: authorization_servers is optional.
		name: "no authorization servers",
		handler: func(base *string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/.well-known/") {
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(`{"resource":"` + *base + `/api"}`))
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="`+*base+`/.well-known/oauth-protected-resource/api"`)
				w.WriteHeader(http.StatusUnauthorized)
			}
		},
		step: RSMetadata.ID, code: ResourceNoServers,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var base string
			base = fakeResource(t, tc.handler(&base))
			got := runResource(t, p, base+"/api")
			r := got[tc.step]
			if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != string(tc.code) {
				t.Fatalf("step %s: %v %v %+v", tc.step, r.Status, r.Err, r.Diagnosis)
			}
			if r.Diagnosis.Ref == "" || len(r.Diagnosis.Causes) == 0 {
				t.Errorf("diagnosis %+v", r.Diagnosis)
			}
		})
	}
}

// TestResourceStillRefusedByDemo: a token without the scope the demo's
// /api/reports needs is refused with 403 insufficient_scope, which the
// diagnosis reads from the challenge (RFC 6750 §3.1).
func TestResourceStillRefusedByDemo(t *testing.T) {
	srv := demotest.Start(t)
	c, _ := demo.ClientByID("demo-public")
	p := providers.Provider{ClientID: c.ID, AuthMethod: c.AuthMethod, Scopes: []string{"openid"}}
	r := runResource(t, p, srv.Endpoints().API+"/reports")[RSCallAgain.ID]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != string(ResourceStillRefused) ||
		!strings.Contains(r.Diagnosis.Try[0], "api.read") || !strings.Contains(r.Diagnosis.Causes[0], "insufficient_scope") {
		t.Fatalf("%v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
}

// TestResourceAudMissing: an authorization server that ignores resource
// (RFC 8707 is optional) issues a token for another audience, which the
// resource refuses; the demo always honours resource, so the token and
// the refusing resource are made here.
func TestResourceAudMissing(t *testing.T) {
	base := fakeResource(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="the token is not for this API"`)
		w.WriteHeader(http.StatusUnauthorized)
	})
	enc := base64.RawURLEncoding.EncodeToString
	tok := enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"aud":["other-api"],"sub":"x"}`)) + "."
	f := NewResource(providers.Provider{ClientID: "c"}, Options{Inputs: Inputs{resourceURLInput.Name: base + "/api"}})
	t.Cleanup(func() { f.Close() })
	f.tok = &TokenResponse{AccessToken: tok}
	f.rmd = &providers.ResourceMetadata{Resource: base + "/api"}
	r := f.callAgain(context.Background())
	if r.Status != Failed || r.Diagnosis.Code != string(ResourceAudMissing) || !strings.Contains(r.Diagnosis.What, "other-api") {
		t.Fatalf("%v %v %+v", r.Status, r.Err, r.Diagnosis)
	}
}
