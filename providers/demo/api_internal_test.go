package demo

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// TestAPIRejectsForgedTokens signs tokens with the provider's own key (or
// another one) to reach the checks no real token fails.
func TestAPIRejectsForgedTokens(t *testing.T) {
	s, err := Start(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	claims := func(edit func(map[string]any)) map[string]any {
		c := map[string]any{
			"iss": s.Issuer(), "sub": "demo-service", "aud": []string{APIAudience}, "client_id": "demo-service",
			"scope": "api.read", "jti": "forged", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		}
		if edit != nil {
			edit(c)
		}
		return c
	}
	cases := map[string]struct {
		key    *rsa.PrivateKey
		claims map[string]any
		want   string
	}{
		"expired":        {s.store.key.key, claims(func(c map[string]any) { c["exp"] = now.Add(-time.Minute).Unix() }), "expired"},
		"wrong audience": {s.store.key.key, claims(func(c map[string]any) { c["aud"] = "other-api" }), "wrong audience"},
		"wrong issuer":   {s.store.key.key, claims(func(c map[string]any) { c["iss"] = "http://elsewhere" }), "wrong issuer"},
		"not yet valid":  {s.store.key.key, claims(func(c map[string]any) { c["nbf"] = now.Add(time.Hour).Unix() }), "not valid before"},
		"bad signature":  {other, claims(nil), "bad signature"},
		"never issued":   {s.store.key.key, claims(nil), "revoked or is unknown"},
	}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256,
				Key: jose.JSONWebKey{Key: tc.key, KeyID: s.store.key.id}}, (&jose.SignerOptions{}).WithType("JWT"))
			if err != nil {
				t.Fatal(err)
			}
			payload, _ := json.Marshal(tc.claims)
			jws, err := signer.Sign(payload)
			if err != nil {
				t.Fatal(err)
			}
			token, _ := jws.CompactSerialize()
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.Endpoints().API+"/whoami", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			h := resp.Header.Get("WWW-Authenticate")
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(h, `error="invalid_token"`) || !strings.Contains(h, tc.want) {
				t.Errorf("got %d %q, want 401 invalid_token mentioning %q", resp.StatusCode, h, tc.want)
			}
		})
	}
}

func TestLoopbackRedirect(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://127.0.0.1:8080/callback":  true,
		"http://127.0.0.1/":               true,
		"http://[::1]:9000/a/b?c=d":       true,
		"http://localhost:1234/cb":        true,
		"https://127.0.0.1:8080/callback": false,
		"http://127.0.0.1:80@evil.com/":   false,
		"http://evil.com/127.0.0.1":       false,
		"http://127.0.0.1:8080/cb#frag":   false,
		"http://localhost.evil.com:80/cb": false,
		"com.example.app:/oauth2redirect": false,
		"":                                false,
	} {
		if got, why := loopbackRedirect(raw); got != want {
			t.Errorf("loopbackRedirect(%q) = %v (%s), want %v", raw, got, why, want)
		}
	}
}
