package inspect

import (
	"context"
	"slices"
	"testing"
)

// An access token (RFC 9068) is not checked for the ID-token-only claims:
// nonce and at_hash are left out, azp is checked only when present.
func TestVerifyJWTAccessTokenLeavesOutIDTokenChecks(t *testing.T) {
	names := func(claims string, access bool) []string {
		tok, err := Decode(unsigned(`{"alg":"RS256"}`, claims))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range Verify(context.Background(), tok, VerifyOptions{JWTAccessToken: access}).Checks {
			out = append(out, c.Name)
		}
		return out
	}
	all := names(`{"iss":"x","aud":"api"}`, false)
	for _, n := range []string{"azp", "nonce", "at_hash"} {
		if !slices.Contains(all, n) {
			t.Errorf("an ID token's checks %v lack %s", all, n)
		}
	}
	access := names(`{"iss":"x","aud":"api"}`, true)
	for _, n := range []string{"azp", "nonce", "at_hash"} {
		if slices.Contains(access, n) {
			t.Errorf("an access token's checks %v include %s", access, n)
		}
	}
	if withAzp := names(`{"iss":"x","aud":"api","azp":"app"}`, true); !slices.Contains(withAzp, "azp") {
		t.Errorf("an access token with azp is not checked for it: %v", withAzp)
	}
}
