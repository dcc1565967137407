package inspect

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// FuzzDecode feeds arbitrary input to Decode, and whatever it decodes to
// Verify and Describe, asserting that nothing panics and that results and
// errors keep their documented shape.
func FuzzDecode(f *testing.F) {
	key := newRSAKey(f)
	rs256 := sign(f, jose.RS256, key, "k1", `{"iss":"https://issuer.example","exp":1795745602,"aud":["a","b"]}`)
	for _, seed := range []string{
		rs256,
		"Bearer " + rs256,
		encrypt(f, &key.PublicKey, rs256),
		unsigned(`{"alg":"none"}`, `{"sub":"a","sub":{"x":[1,2.5e400]},"iat":-1e30,"nbf":"x"}`),
		"e30.e30.",
		"e30.W10.",
		"a.b",
		"....",
		"",
		"2YotnFZFEjr1zCsicMWpAA",
		"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTk5OTk5OTl9.x==",
	} {
		f.Add(seed)
	}
	opts := VerifyOptions{
		Issuer: "https://issuer.example", Audience: []string{"a"}, ClientID: "c",
		Nonce: "n", AccessToken: "at", SupportedAlgs: []string{"RS256"}, Now: fixedNow,
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := Decode(s)
		_ = LooksLikeJWT(s)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %T is not a *DecodeError: %v", err, err)
			}
			if (tok != nil) != errors.Is(err, ErrOpaque) {
				t.Fatalf("token %v with error %v: only ErrOpaque comes with a token", tok, err)
			}
			return
		}
		if tok == nil || (tok.Kind != KindJWS && tok.Kind != KindJWE) {
			t.Fatalf("Decode(%q) = %+v without error", s, tok)
		}
		if tok.Kind == KindJWS && !LooksLikeJWT(s) {
			t.Errorf("Decode accepted %q but LooksLikeJWT rejects it", s)
		}
		for _, c := range slices.Concat(tok.Header, tok.Claims) {
			if !json.Valid(c.Raw) {
				t.Errorf("claim %q: Raw %q is not JSON", c.Name, c.Raw)
			}
			if strings.ContainsRune(c.Describe(testNow), '\x1b') {
				t.Errorf("claim %q: Describe lets an escape character through", c.Name)
			}
		}
		_ = tok.Audience()
		v := Verify(context.Background(), tok, opts)
		if len(v.Checks) == 0 {
			t.Error("Verify returned no checks")
		}
	})
}
