package demo_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// serviceToken gets a client_credentials token of demo-service.
func serviceToken(t *testing.T, s *demo.Server, scopes ...string) string {
	t.Helper()
	ctx, _ := testContext(t)
	tok, err := (&clientcredentials.Config{ClientID: "demo-service", ClientSecret: "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv",
		TokenURL: s.Endpoints().Token, Scopes: scopes, AuthStyle: oauth2.AuthStyleInHeader}).Token(ctx)
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	return tok.AccessToken
}

func TestAPI(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	api := s.Endpoints().API

	r := do(t, hc, http.MethodGet, api+"/whoami", nil, nil)
	if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") != `Bearer realm="demo-api", resource_metadata="`+s.Issuer()+`/.well-known/oauth-protected-resource/api/whoami"` || r.body["error_description"] == nil {
		t.Errorf("no token: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}
	for _, garbage := range []string{"garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."} {
		r = do(t, hc, http.MethodGet, api+"/whoami", nil, bearer(garbage))
		if h := r.header.Get("WWW-Authenticate"); r.status != http.StatusUnauthorized ||
			!strings.HasPrefix(h, `Bearer realm="demo-api", error="invalid_token", error_description="`) || r.body["error"] != "invalid_token" {
			t.Errorf("garbage token %q: %d %q %s", garbage, r.status, h, r.raw)
		}
	}

	writeOnly := serviceToken(t, s, "api.write")
	r = do(t, hc, http.MethodGet, api+"/reports", nil, bearer(writeOnly))
	if h := r.header.Get("WWW-Authenticate"); r.status != http.StatusForbidden ||
		!strings.Contains(h, `error="insufficient_scope"`) || !strings.Contains(h, `scope="api.read"`) ||
		!strings.Contains(h, "error_description=") || r.body["error"] != "insufficient_scope" {
		t.Errorf("without api.read: %d %q %s", r.status, h, r.raw)
	}
	r = do(t, hc, http.MethodGet, api+"/whoami", nil, bearer(writeOnly))
	if r.status != http.StatusOK || r.body["sub"] != "demo-service" || r.body["client_id"] != "demo-service" ||
		r.body["scope"] != "api.write" || r.body["message"] == nil || !strings.Contains(r.raw, demo.APIAudience) {
		t.Errorf("whoami: %d %s", r.status, r.raw)
	}

	good := serviceToken(t, s, "api.read")
	for i := 1; i <= 5; i++ {
		r = do(t, hc, http.MethodGet, api+"/reports", nil, bearer(good))
		if r.status != http.StatusOK || r.body["reports"] == nil {
			t.Fatalf("request %d: %d %s", i, r.status, r.raw)
		}
	}
	r = do(t, hc, http.MethodGet, api+"/reports", nil, bearer(good))
	if secs, err := strconv.Atoi(r.header.Get("Retry-After")); r.status != http.StatusTooManyRequests || err != nil ||
		secs < 1 || secs > 10 || r.body["error"] == nil {
		t.Errorf("past the limit: %d Retry-After=%q %s", r.status, r.header.Get("Retry-After"), r.raw)
	}
	// Another token has its own budget.
	if r = do(t, hc, http.MethodGet, api+"/whoami", nil, bearer(writeOnly)); r.status != http.StatusOK {
		t.Errorf("other token limited too: %d", r.status)
	}
	if r = do(t, hc, http.MethodGet, api+"/nothing", nil, bearer(good)); r.status != http.StatusNotFound || r.body["error"] == nil {
		t.Errorf("unknown path: %d %s", r.status, r.raw)
	}
}

func TestIntrospectionAndRevocation(t *testing.T) {
	s := demotest.Start(t)
	ctx, hc := testContext(t)
	ep := s.Endpoints()
	cfg := codeConfig(s, "demo-confidential", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97")
	verifier := oauth2.GenerateVerifier()
	q := authorize(t, ctx, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), true)
	tok, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	basic := func(id, secret string) http.Header {
		req, _ := http.NewRequest(http.MethodGet, "/", nil)
		req.SetBasicAuth(id, secret)
		return req.Header
	}
	confidential := basic("demo-confidential", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97")
	introspect := func(token string) response {
		return do(t, hc, http.MethodPost, ep.Introspection, url.Values{"token": {token}}, confidential)
	}

	r := introspect(tok.AccessToken)
	if r.status != http.StatusOK || r.body["active"] != true || r.body["client_id"] != "demo-confidential" ||
		r.body["sub"] != "demo-user-1" || !strings.Contains(r.raw, "api.read") {
		t.Errorf("introspect access token: %d %s", r.status, r.raw)
	}
	if r = introspect(tok.RefreshToken); r.body["active"] != true {
		t.Errorf("introspect refresh token: %s", r.raw)
	}
	if r = introspect("garbage"); r.status != http.StatusOK || r.body["active"] != false {
		t.Errorf("introspect garbage: %d %s", r.status, r.raw)
	}
	r = do(t, hc, http.MethodPost, ep.Introspection, url.Values{"token": {tok.AccessToken}}, basic("demo-confidential", "wrong"))
	if r.status != http.StatusUnauthorized || r.body["error"] != "invalid_client" {
		t.Errorf("introspect with a wrong secret: %d %s", r.status, r.raw)
	}

	// Revoking the refresh token revokes the grant's access tokens too.
	r = do(t, hc, http.MethodPost, ep.Revocation, url.Values{"token": {tok.RefreshToken}, "token_type_hint": {"refresh_token"}}, confidential)
	if r.status != http.StatusOK {
		t.Fatalf("revoke: %d %s", r.status, r.raw)
	}
	if r = introspect(tok.AccessToken); r.body["active"] != false {
		t.Errorf("access token still active after revocation: %s", r.raw)
	}
	if r = do(t, hc, http.MethodGet, ep.API+"/whoami", nil, bearer(tok.AccessToken)); r.status != http.StatusUnauthorized ||
		!strings.Contains(r.raw, "revoked") {
		t.Errorf("API after revocation: %d %s", r.status, r.raw)
	}
	if r = do(t, hc, http.MethodGet, ep.Userinfo, nil, bearer(tok.AccessToken)); r.status != http.StatusUnauthorized ||
		!strings.Contains(r.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("userinfo after revocation: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	retrieveError(t, err, "invalid_grant")

	// Revoking a client_credentials access token by value.
	at := serviceToken(t, s, "api.read")
	r = do(t, hc, http.MethodPost, ep.Revocation, url.Values{"token": {at}, "token_type_hint": {"access_token"}},
		basic("demo-service", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv"))
	if r.status != http.StatusOK {
		t.Fatalf("revoke access token: %d %s", r.status, r.raw)
	}
	if r = do(t, hc, http.MethodGet, ep.API+"/whoami", nil, bearer(at)); r.status != http.StatusUnauthorized {
		t.Errorf("API after access token revocation: %d %s", r.status, r.raw)
	}
}
