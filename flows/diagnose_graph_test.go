package flows

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// graphLikeToken signs claims with key, with nonce (when set) in the JOSE
// header as Entra puts it in Microsoft Graph's access tokens.
func graphLikeToken(t *testing.T, key *ecdsa.PrivateKey, nonce string, claims map[string]any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1")
	if nonce != "" {
		opts = opts.WithHeader("nonce", nonce)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGraphTokenSignature: an access token for Microsoft Graph carries a
// nonce in its header and its signature covers a hash of that nonce, so
// no client can verify it
// (https://github.com/AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet/issues/609).
// The server here reproduces the symptom: the key published under the
// token's kid does not verify the signature as sent. The diagnosis says
// why, instead of blaming the JWKS or an alteration.
func TestGraphTokenSignature(t *testing.T) {
	signing, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	published, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	claims := func(aud string) map[string]any {
		return map[string]any{"iss": "ISSUER", "aud": aud, "sub": "app", "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	for _, tc := range []struct {
		name, aud, nonce string
		graph            bool
	}{
		{"Graph by application ID", "00000003-0000-0000-c000-000000000000", "AQABAAAAAAD", true},
		{"Graph by URI", "https://graph.microsoft.com", "AQABAAAAAAD", true},
		{"Graph without a nonce", "https://graph.microsoft.com", "", false},
		{"another API with a nonce", "api://my-api", "AQABAAAAAAD", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var base string
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				switch r.URL.Path {
				case "/keys":
					json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &published.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"}}})
				default:
					c := claims(tc.aud)
					c["iss"] = base
					json.NewEncoder(w).Encode(map[string]any{"access_token": graphLikeToken(t, signing, tc.nonce, c), "token_type": "Bearer", "expires_in": 3599})
				}
			})
			r := ccAgainst(t, h, "/token", func(p *providers.Provider) {
				base = strings.TrimSuffix(p.TokenURL, "/token")
				p.JWKSURL = base + "/keys"
			})
			// A signature that does not verify is a key problem of its own
			// (token_bad_signature), unless the token is Graph's.
			wantCode := "token_bad_signature"
			if tc.graph {
				wantCode = "token_check_signature"
			}
			if r.Step.ID != VerifyAccessToken.ID || r.Diagnosis == nil || r.Diagnosis.Code != wantCode {
				t.Fatalf("failed at %q: %v %+v", r.Step.ID, r.Err, r.Diagnosis)
			}
			says := said(r.Diagnosis)
			if got := strings.Contains(says, "Microsoft Graph") && strings.Contains(says, "no one but Graph can verify it"); got != tc.graph {
				t.Errorf("Graph's nonce named: %v, want %v:\n%s", got, tc.graph, says)
			}
			if tc.graph && strings.Contains(says, "rotated its keys") {
				t.Errorf("a Graph token blamed on the JWKS:\n%s", says)
			}
		})
	}
}
