package flows

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// TestHintFor: only a token that reads as an access token is sent with
// token_type_hint access_token; anything else goes without a hint.
func TestHintFor(t *testing.T) {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	decode := func(header, claims map[string]any) *inspect.Token {
		tok, _ := DecodeToken(enc(header) + "." + enc(claims) + ".c2ln")
		return tok
	}
	rs := map[string]any{"alg": "RS256"}
	opaque, _ := DecodeToken("2YotnFZFEjr1zCsicMWpAA")
	for _, tc := range []struct {
		name string
		tok  *inspect.Token
		want string
	}{
		{"typ at+jwt (RFC 9068)", decode(map[string]any{"alg": "RS256", "typ": "at+jwt"}, map[string]any{"sub": "u"}), HintAccessToken},
		{"client_id and scope", decode(rs, map[string]any{"client_id": "app", "scope": "api.read"}), HintAccessToken},
		{"scp (Entra)", decode(rs, map[string]any{"scp": "User.Read"}), HintAccessToken},
		{"ID token", decode(rs, map[string]any{"aud": "app", "nonce": "n", "at_hash": "x", "azp": "app"}), ""},
		{"ID token with a scope claim", decode(rs, map[string]any{"scope": "openid", "nonce": "n"}), ""},
		{"a JWT that says nothing", decode(rs, map[string]any{"sub": "u"}), ""},
		{"opaque", opaque, ""},
		{"nothing", nil, ""},
	} {
		if got := HintFor(tc.tok); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
