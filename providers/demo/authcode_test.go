package demo_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// codeConfig is an x/oauth2 config for a demo client of the code flow.
func codeConfig(s *demo.Server, id, secret string) *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if secret != "" {
		style = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{
		ClientID: id, ClientSecret: secret,
		Endpoint:    oauth2.Endpoint{AuthURL: s.Endpoints().Authorization, TokenURL: s.Endpoints().Token, AuthStyle: style},
		RedirectURL: "http://127.0.0.1:49152/callback",
		Scopes:      []string{"openid", "profile", "email", "offline_access", "api.read"},
	}
}

// authorize runs the browser leg and returns the query of the redirect.
func authorize(t *testing.T, ctx context.Context, authURL string, approve bool) url.Values {
	t.Helper()
	redirect, err := demotest.Login(ctx, authURL, approve)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	u, err := url.Parse(redirect)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(redirect, "http://127.0.0.1:49152/callback?") {
		t.Fatalf("redirect %s is not to the client's redirect_uri", redirect)
	}
	return u.Query()
}

func TestAuthorizationCodeFlow(t *testing.T) {
	s := demotest.Start(t)
	ctx, hc := testContext(t)
	provider, err := oidc.NewProvider(ctx, s.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ id, secret string }{{"demo-public", ""}, {"demo-confidential", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97"}} {
		t.Run(tc.id, func(t *testing.T) {
			cfg := codeConfig(s, tc.id, tc.secret)
			verifier, state, nonce := oauth2.GenerateVerifier(), "state-"+tc.id, "nonce-"+tc.id
			q := authorize(t, ctx, cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)), true)
			if q.Get("state") != state || q.Get("code") == "" {
				t.Fatalf("callback query %v", q)
			}
			tok, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			rawID, _ := tok.Extra("id_token").(string)
			idt, err := provider.Verifier(&oidc.Config{ClientID: tc.id}).Verify(ctx, rawID)
			if err != nil {
				t.Fatalf("ID token: %v", err)
			}
			if idt.Nonce != nonce {
				t.Errorf("nonce = %q, want %q", idt.Nonce, nonce)
			}
			if idt.AccessTokenHash == "" {
				t.Error("ID token has no at_hash")
			}
			if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Errorf("at_hash: %v", err)
			}
			var claims struct {
				Email             string `json:"email"`
				EmailVerified     bool   `json:"email_verified"`
				Name              string `json:"name"`
				PreferredUsername string `json:"preferred_username"`
			}
			if err := idt.Claims(&claims); err != nil || claims.Email != "demo@example.com" || !claims.EmailVerified ||
				claims.Name != "Demo User" || claims.PreferredUsername != "demo" {
				t.Errorf("ID token claims %+v (%v)", claims, err)
			}
			at := jwtClaims(t, tok.AccessToken)
			if at["sub"] != idt.Subject || at["client_id"] != tc.id || !strings.Contains(at["scope"].(string), "api.read") {
				t.Errorf("access token claims %v", at)
			}

			info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatalf("userinfo: %v", err)
			}
			if info.Subject != idt.Subject || info.Email != "demo@example.com" || !info.EmailVerified {
				t.Errorf("userinfo %+v", info)
			}
			if r := do(t, hc, http.MethodGet, s.Endpoints().API+"/reports", nil, bearer(tok.AccessToken)); r.status != http.StatusOK {
				t.Errorf("API with the access token: %d %s", r.status, r.raw)
			}

			if r := do(t, hc, http.MethodGet, s.Endpoints().API+"/whoami", nil, bearer(rawID)); r.status != http.StatusUnauthorized ||
				!strings.Contains(r.raw, "ID token") {
				t.Errorf("API with the ID token: %d %s", r.status, r.raw)
			}

			// Refresh rotates: the old refresh token stops working.
			old := tok.RefreshToken
			if old == "" {
				t.Fatal("no refresh token despite offline_access")
			}
			fresh, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: old, Expiry: time.Now().Add(-time.Hour)}).Token()
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			if fresh.RefreshToken == "" || fresh.RefreshToken == old || fresh.AccessToken == tok.AccessToken {
				t.Errorf("refresh did not rotate: %+v", fresh)
			}
			_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: old, Expiry: time.Now().Add(-time.Hour)}).Token()
			retrieveError(t, err, "invalid_grant")
			if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: fresh.RefreshToken, Expiry: time.Now().Add(-time.Hour)}).Token(); err != nil {
				t.Errorf("the rotated refresh token does not work: %v", err)
			}

			// The code is single-use.
			_, err = cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
			retrieveError(t, err, "invalid_grant")
		})
	}
}

func TestAuthorizationDenied(t *testing.T) {
	s := demotest.Start(t)
	ctx, _ := testContext(t)
	cfg := codeConfig(s, "demo-public", "")
	q := authorize(t, ctx, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), false)
	if q.Get("error") != "access_denied" || q.Get("error_description") == "" || q.Get("state") != "st" || q.Has("code") {
		t.Errorf("deny redirect query %v", q)
	}
}

func TestWrongCodeVerifier(t *testing.T) {
	s := demotest.Start(t)
	ctx, _ := testContext(t)
	for _, tc := range []struct{ id, secret string }{{"demo-public", ""}, {"demo-confidential", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97"}} {
		cfg := codeConfig(s, tc.id, tc.secret)
		q := authorize(t, ctx, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), true)
		_, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(oauth2.GenerateVerifier()))
		retrieveError(t, err, "invalid_grant")
		// A confidential client may not skip the verifier once it sent a challenge.
		q = authorize(t, ctx, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), true)
		_, err = cfg.Exchange(ctx, q.Get("code"))
		retrieveError(t, err, "invalid_grant")
	}
}

func TestAuthorizationErrorsRedirected(t *testing.T) {
	s := demotest.Start(t)
	ctx, _ := testContext(t)
	pub := codeConfig(s, "demo-public", "")

	// PKCE is required for the public client.
	q := authorize(t, ctx, pub.AuthCodeURL("st"), true)
	if q.Get("error") != "invalid_request" || !strings.Contains(q.Get("error_description"), "PKCE") || q.Get("state") != "st" {
		t.Errorf("no PKCE: %v", q)
	}
	// plain is refused.
	q = authorize(t, ctx, pub.AuthCodeURL("st", oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
		oauth2.SetAuthURLParam("code_challenge_method", "plain")), true)
	if q.Get("error") != "invalid_request" {
		t.Errorf("plain PKCE: %v", q)
	}
	// There is no session for prompt=none.
	q = authorize(t, ctx, pub.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()),
		oauth2.SetAuthURLParam("prompt", "none")), true)
	if q.Get("error") != "login_required" {
		t.Errorf("prompt=none: %v", q)
	}
	// A scope the client may not request.
	bad := *pub
	bad.Scopes = []string{"openid", "api.write"}
	q = authorize(t, ctx, bad.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), true)
	if q.Get("error") != "invalid_scope" || !strings.Contains(q.Get("error_description"), "api.write") {
		t.Errorf("disallowed scope: %v", q)
	}
}

func TestAuthorizationErrorsShown(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	hc = noRedirect(hc)
	for name, tc := range map[string]struct{ client, redirect, code string }{
		"https redirect":   {"demo-public", "https://evil.example/cb", "invalid_request"},
		"userinfo trick":   {"demo-public", "http://127.0.0.1:80@evil.example/cb", "invalid_request"},
		"private IP":       {"demo-confidential", "http://192.168.1.1:8080/cb", "invalid_request"},
		"custom scheme":    {"demo-public", "com.example.app:/cb", "invalid_request"},
		"unknown client":   {"nobody", "http://127.0.0.1:1/cb", "invalid_request"},
		"service client":   {"demo-service", "http://127.0.0.1:1/cb", "unauthorized_client"},
		"missing redirect": {"demo-public", "", "invalid_request"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := codeConfig(s, tc.client, "")
			cfg.RedirectURL = tc.redirect
			r := do(t, hc, http.MethodGet, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), nil, nil)
			if r.status != http.StatusBadRequest || r.header.Get("Location") != "" || r.body["error"] != tc.code {
				t.Errorf("got %d Location=%q %s", r.status, r.header.Get("Location"), r.raw)
			}
		})
	}
	// The loopback forms of RFC 8252 section 7.3 are all accepted.
	for _, redirect := range []string{"http://127.0.0.1:5000/cb", "http://[::1]:5001/x/y", "http://localhost:5002/", "http://127.0.0.1/cb?x=1"} {
		cfg := codeConfig(s, "demo-public", "")
		cfg.RedirectURL = redirect
		r := do(t, hc, http.MethodGet, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), nil, nil)
		if loc := r.header.Get("Location"); r.status != http.StatusFound || !strings.HasPrefix(loc, "/login?authRequestID=") {
			t.Errorf("%s: %d Location=%q %s", redirect, r.status, loc, r.raw)
		}
	}
}

func TestLoginWrongPassword(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	hc = noRedirect(hc)
	cfg := codeConfig(s, "demo-public", "")
	r := do(t, hc, http.MethodGet, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), nil, nil)
	loc := r.header.Get("Location")
	page := do(t, hc, http.MethodGet, s.Issuer()+loc, nil, nil)
	for _, want := range []string{"demo-public", "api.read", "offline_access", "Approve", "Deny", `value="demo"`} {
		if !strings.Contains(page.raw, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	id := strings.TrimPrefix(loc, "/login?authRequestID=")
	id, _ = url.QueryUnescape(id)
	r = do(t, hc, http.MethodPost, s.Issuer()+"/login", url.Values{
		"authRequestID": {id}, "username": {"demo"}, "password": {"wrong"}, "action": {"approve"},
	}, nil)
	if r.status != http.StatusOK || !strings.Contains(r.raw, "Wrong username or password") {
		t.Errorf("wrong password: %d %s", r.status, r.raw)
	}
	r = do(t, hc, http.MethodPost, s.Issuer()+"/login", url.Values{
		"authRequestID": {id}, "username": {"demo"}, "password": {"demo"}, "action": {"approve"},
	}, nil)
	if r.status != http.StatusFound || !strings.Contains(r.header.Get("Location"), "/callback?id=") {
		t.Errorf("right password: %d %v", r.status, r.header)
	}
}

func TestEndSession(t *testing.T) {
	s := demotest.Start(t)
	ctx, hc := testContext(t)
	cfg := codeConfig(s, "demo-public", "")
	verifier := oauth2.GenerateVerifier()
	q := authorize(t, ctx, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), true)
	tok, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	r := do(t, noRedirect(hc), http.MethodGet, s.Endpoints().EndSession+"?id_token_hint="+url.QueryEscape(rawID), nil, nil)
	if r.status != http.StatusFound || r.header.Get("Location") != "/logged-out" {
		t.Fatalf("end_session: %d %v %s", r.status, r.header, r.raw)
	}
	if r = do(t, hc, http.MethodGet, s.Issuer()+"/logged-out", nil, nil); r.status != http.StatusOK {
		t.Errorf("logged-out page: %d", r.status)
	}
	if r = do(t, hc, http.MethodGet, s.Endpoints().API+"/whoami", nil, bearer(tok.AccessToken)); r.status != http.StatusUnauthorized {
		t.Errorf("API after logout: %d %s", r.status, r.raw)
	}
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	retrieveError(t, err, "invalid_grant")
}
