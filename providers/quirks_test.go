package providers

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// These tests pin down the x/oauth2 behaviour the presets' quirks rely on,
// against token endpoints that answer the way the providers do.

// tokenEndpoint answers every request with status, content type and body,
// and hands the request's Accept header to accept.
func tokenEndpoint(t *testing.T, status int, ctype, body string, accept *string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		*accept = r.Header.Get("Accept")
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func githubConfig(t *testing.T, tokenURL string) *oauth2.Config {
	pr, _ := PresetByID("github")
	p, err := pr.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &oauth2.Config{ClientID: "Iv1.abc", ClientSecret: "s",
		Endpoint: oauth2.Endpoint{AuthURL: p.AuthURL, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams}}
}

func TestGitHubFormEncodedTokenResponse(t *testing.T) {
	var accept string
	srv := tokenEndpoint(t, http.StatusOK, "application/x-www-form-urlencoded; charset=utf-8",
		"access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=read%3Auser%2Cuser%3Aemail&token_type=bearer", &accept)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	tok, err := githubConfig(t, srv.URL).Exchange(ctx, "code")
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		t.Errorf("x/oauth2 now sends Accept: %q; update the github preset's quirk", accept)
	}
	if tok.AccessToken != "gho_16C7e42F292c6912E7710c838347Ae178B4a" || tok.TokenType != "bearer" || tok.Extra("scope") != "read:user,user:email" {
		t.Errorf("token %+v scope %v", tok, tok.Extra("scope"))
	}
	if !tok.Expiry.IsZero() {
		t.Errorf("an OAuth app's token got an expiry: %v", tok.Expiry)
	}
}

func TestGitHubErrorWithStatus200(t *testing.T) {
	var accept string
	srv := tokenEndpoint(t, http.StatusOK, "application/x-www-form-urlencoded; charset=utf-8",
		"error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com", &accept)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	_, err := githubConfig(t, srv.URL).Exchange(ctx, "stale")
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "bad_verification_code" || re.ErrorDescription != "The code passed is incorrect or expired." {
		t.Fatalf("err %v", err)
	}
}

func TestEntraStringExpiresIn(t *testing.T) {
	var accept string
	srv := tokenEndpoint(t, http.StatusOK, "application/json; charset=utf-8",
		`{"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","access_token":"eyJ0eXAiOiJKV1QifQ.e30.sig"}`, &accept)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	check := func(t *testing.T, tok *oauth2.Token, before time.Time) {
		t.Helper()
		if d := tok.Expiry.Sub(before); d < 3598*time.Second || d > 3601*time.Second {
			t.Errorf("expiry %v after the request, want about 3599s", d)
		}
		if tok.Extra("ext_expires_in") != "3599" {
			t.Errorf("ext_expires_in %v", tok.Extra("ext_expires_in"))
		}
	}
	t.Run("authorization code", func(t *testing.T) {
		cfg := oauth2.Config{ClientID: "app", Endpoint: oauth2.Endpoint{TokenURL: srv.URL, AuthStyle: oauth2.AuthStyleInParams}}
		before := time.Now()
		tok, err := cfg.Exchange(ctx, "code")
		if err != nil {
			t.Fatal(err)
		}
		check(t, tok, before)
		if tok.ExpiresIn != 3599 {
			t.Errorf("ExpiresIn %d, want 3599", tok.ExpiresIn)
		}
	})
	t.Run("client credentials", func(t *testing.T) {
		cc := clientcredentials.Config{ClientID: "app", ClientSecret: "s", TokenURL: srv.URL,
			Scopes: []string{"https://graph.microsoft.com/.default"}, AuthStyle: oauth2.AuthStyleInParams}
		before := time.Now()
		tok, err := cc.Token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		check(t, tok, before)
		// clientcredentials copies Expiry but not ExpiresIn (x/oauth2
		// v0.38.0): the lifetime must be read from Expiry or the body.
		if tok.ExpiresIn != 0 {
			t.Logf("clientcredentials now sets ExpiresIn (%d)", tok.ExpiresIn)
		}
	})
}
