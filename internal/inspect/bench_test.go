package inspect

import (
	"context"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// accessTokenClaims is a typical RFC 9068 access token payload; signed
// RS256 with a 2048-bit key the token is about 1 KB.
func accessTokenClaims(tb testing.TB) string {
	return mustJSON(tb, map[string]any{
		"iss":       "https://login.example.com/realms/main",
		"sub":       "f1c5e5a2-7c1d-4a9b-9b1e-3f2d6c8e4b7a",
		"aud":       []string{"https://api.example.com", "account"},
		"client_id": "web-app",
		"azp":       "web-app",
		"exp":       testNow.Add(time.Hour).Unix(),
		"iat":       testNow.Add(-time.Minute).Unix(),
		"nbf":       testNow.Add(-time.Minute).Unix(),
		"auth_time": testNow.Add(-2 * time.Minute).Unix(),
		"jti":       "8b3f0c52-1d8e-4f6a-a3c9-2e7b5d9f1a04",
		"scope":     "openid profile email orders:read orders:write",
		"sid":       "0b9e3c7a-5f2d-4e81-9a6b-c4d2e1f0a987",
		"roles":     []string{"customer", "beta-tester"},
		"acr":       "urn:mace:incommon:iap:silver",
	})
}

func BenchmarkDecode(b *testing.B) {
	token := sign(b, jose.RS256, newRSAKey(b), "k1", accessTokenClaims(b))
	b.SetBytes(int64(len(token)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(token); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	key := newRSAKey(b)
	tok, err := Decode(sign(b, jose.RS256, key, "k1", accessTokenClaims(b)))
	if err != nil {
		b.Fatal(err)
	}
	opts := VerifyOptions{
		Keys:          &StaticKeys{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}},
		Issuer:        "https://login.example.com/realms/main",
		Audience:      []string{"https://api.example.com"},
		ClientID:      "web-app",
		SupportedAlgs: []string{"RS256"},
		Now:           fixedNow,
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if v := Verify(ctx, tok, opts); !v.Valid {
			b.Fatalf("not valid: %+v", v.Checks)
		}
	}
}
