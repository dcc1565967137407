package demo_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func TestClients(t *testing.T) {
	var ids []string
	for _, c := range demo.Clients() {
		ids = append(ids, c.ID)
		if c.Description == "" || len(c.Grants) == 0 || len(c.Scopes) == 0 {
			t.Errorf("client %s is incomplete: %+v", c.ID, c)
		}
		keyed := c.AuthMethod == "private_key_jwt" || c.AuthMethod == "tls_client_auth" || c.AuthMethod == "self_signed_tls_client_auth"
		if (c.Secret == "") != (c.AuthMethod == "none" || keyed) || (c.KeyPEM() == "") != !keyed {
			t.Errorf("client %s: secret and auth method %s disagree", c.ID, c.AuthMethod)
		}
	}
	want := []string{"demo-service", "demo-service-post", "demo-public", "demo-confidential", "demo-par", "demo-device", "demo-exchange", "demo-legacy", "demo-secret-jwt", "demo-jwt-client", "demo-jar", "demo-mtls", "demo-mtls-self"}
	if !slices.Equal(ids, want) {
		t.Errorf("client IDs = %v, want %v", ids, want)
	}
	if c, ok := demo.ClientByID("demo-service"); !ok || c.Secret != "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv" || c.AuthMethod != "client_secret_basic" {
		t.Errorf("ClientByID(demo-service) = %+v, %v", c, ok)
	}
	if _, ok := demo.ClientByID("nope"); ok {
		t.Error("ClientByID(nope) found a client")
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "example.com:80", "[::]:0"} {
		s, err := demo.Start(t.Context(), demo.Options{Addr: addr})
		if err == nil {
			s.Close()
			t.Errorf("Start(%q) succeeded", addr)
		} else if !strings.Contains(err.Error(), "loopback") {
			t.Errorf("Start(%q) error %q does not mention loopback", addr, err)
		}
	}
}

func TestCloseAndContextCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := demo.Start(ctx, demo.Options{Addr: "localhost:0"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.Issuer(), "http://127.0.0.1:") && !strings.HasPrefix(s.Issuer(), "http://[::1]:") {
		t.Errorf("issuer %s is not loopback", s.Issuer())
	}
	cancel()
	select {
	case <-s.Done():
	case <-time.After(2 * time.Minute): // a bound on a hang, not a speed limit
		t.Fatal("the server did not stop after its context was cancelled")
	}
	_, hc := testContext(t)
	if resp, err := hc.Get(s.Endpoints().Discovery); err == nil {
		resp.Body.Close()
		t.Fatal("server still answers after its context was cancelled")
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close after cancel: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestDiscovery(t *testing.T) {
	s := demotest.Start(t)
	ctx, hc := testContext(t)
	ep := s.Endpoints()
	r := do(t, hc, http.MethodGet, ep.Discovery, nil, nil)
	if r.status != http.StatusOK {
		t.Fatalf("discovery: %d %s", r.status, r.raw)
	}
	checks := map[string]string{
		"issuer": s.Issuer(), "authorization_endpoint": ep.Authorization, "token_endpoint": ep.Token,
		"jwks_uri": ep.JWKS, "userinfo_endpoint": ep.Userinfo, "introspection_endpoint": ep.Introspection,
		"revocation_endpoint": ep.Revocation, "end_session_endpoint": ep.EndSession,
		"device_authorization_endpoint": ep.DeviceAuthorization,
	}
	for k, want := range checks {
		if got := r.body[k]; got != want {
			t.Errorf("%s = %v, want %s", k, got, want)
		}
	}
	if !strings.Contains(r.raw, `"S256"`) || !strings.Contains(r.raw, `"client_credentials"`) ||
		!strings.Contains(r.raw, `"urn:ietf:params:oauth:grant-type:device_code"`) {
		t.Errorf("discovery lacks S256 or a grant: %s", r.raw)
	}
	// The legacy grants are advertised, for the demo-legacy client only
	// (RFC 9700 §2.1.2, §2.4), so that the flow picker does not mark them.
	if !strings.Contains(r.raw, `"implicit"`) || !strings.Contains(r.raw, `"password"`) || !strings.Contains(r.raw, `"id_token token"`) {
		t.Errorf("discovery does not advertise the legacy grants: %s", r.raw)
	}
	// go-oidc checks that the document's issuer matches.
	if _, err := oidc.NewProvider(ctx, s.Issuer()); err != nil {
		t.Fatalf("go-oidc discovery: %v", err)
	}
}

func TestClientCredentials(t *testing.T) {
	s := demotest.Start(t)
	ctx, _ := testContext(t)
	ep := s.Endpoints()
	cases := []struct {
		id, secret string
		style      oauth2.AuthStyle
		scopes     []string
	}{
		{"demo-service", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", oauth2.AuthStyleInHeader, []string{"api.read", "api.write"}},
		{"demo-service-post", "hIg8Q~pLtAw.VEKU6379lzLa2KH1MnAus0hw6WoJ", oauth2.AuthStyleInParams, []string{"api.read"}},
	}
	keySet := oidc.NewRemoteKeySet(ctx, ep.JWKS)
	verifier := oidc.NewVerifier(s.Issuer(), keySet, &oidc.Config{SkipClientIDCheck: true})
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			cfg := clientcredentials.Config{ClientID: tc.id, ClientSecret: tc.secret, TokenURL: ep.Token,
				Scopes: tc.scopes, AuthStyle: tc.style}
			tok, err := cfg.Token(ctx)
			if err != nil {
				t.Fatalf("token: %v", err)
			}
			claims := jwtClaims(t, tok.AccessToken)
			for _, k := range []string{"iss", "sub", "aud", "exp", "iat", "jti", "scope", "client_id"} {
				if _, ok := claims[k]; !ok {
					t.Errorf("access token lacks claim %s: %v", k, claims)
				}
			}
			if claims["sub"] != tc.id || claims["client_id"] != tc.id || claims["scope"] != strings.Join(tc.scopes, " ") {
				t.Errorf("claims = %v", claims)
			}
			if life := claims["exp"].(float64) - claims["iat"].(float64); life < 3590 || life > 3610 {
				t.Errorf("lifetime %v s, want 1h", life)
			}
			if _, err := keySet.VerifySignature(ctx, tok.AccessToken); err != nil {
				t.Errorf("signature does not verify with the JWKS: %v", err)
			}
			idt, err := verifier.Verify(ctx, tok.AccessToken)
			if err != nil {
				t.Fatalf("go-oidc verify: %v", err)
			}
			if !slices.Contains(idt.Audience, demo.APIAudience) {
				t.Errorf("aud = %v, want %s", idt.Audience, demo.APIAudience)
			}
		})
	}
}

func TestClientCredentialsErrors(t *testing.T) {
	s := demotest.Start(t)
	ctx, _ := testContext(t)
	token := s.Endpoints().Token
	cc := func(id, secret string, style oauth2.AuthStyle, scopes ...string) error {
		_, err := (&clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: token,
			Scopes: scopes, AuthStyle: style}).Token(ctx)
		return err
	}

	re := retrieveError(t, cc("demo-service", "wrong", oauth2.AuthStyleInHeader), "invalid_client")
	if re.ErrorDescription == "" || re.Response.StatusCode != http.StatusUnauthorized ||
		!strings.HasPrefix(re.Response.Header.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("wrong secret: %d %q %s", re.Response.StatusCode, re.Response.Header.Get("WWW-Authenticate"), re.Body)
	}
	re = retrieveError(t, cc("demo-service", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", oauth2.AuthStyleInParams), "invalid_client")
	if !strings.Contains(re.ErrorDescription, "client_secret_basic") {
		t.Errorf("wrong auth method: %s", re.ErrorDescription)
	}
	retrieveError(t, cc("nobody", "x", oauth2.AuthStyleInHeader), "invalid_client")

	re = retrieveError(t, cc("demo-service-post", "hIg8Q~pLtAw.VEKU6379lzLa2KH1MnAus0hw6WoJ", oauth2.AuthStyleInParams, "api.write"), "invalid_scope")
	if !strings.Contains(re.ErrorDescription, "api.write") {
		t.Errorf("invalid_scope description does not name the scope: %s", re.ErrorDescription)
	}
	re = retrieveError(t, cc("demo-public", "", oauth2.AuthStyleInParams), "unauthorized_client")
	if !strings.Contains(re.ErrorDescription, "client_credentials") {
		t.Errorf("unauthorized_client description: %s", re.ErrorDescription)
	}
	// demo-service may not redeem authorization codes.
	cfg := oauth2.Config{ClientID: "demo-service", ClientSecret: "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", RedirectURL: "http://127.0.0.1:1/cb",
		Endpoint: oauth2.Endpoint{TokenURL: token, AuthStyle: oauth2.AuthStyleInHeader}}
	_, err := cfg.Exchange(ctx, "some-code")
	retrieveError(t, err, "unauthorized_client")
}
