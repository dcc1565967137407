package inspect

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// TestVerifyRemoteKeySet runs the signature check against RemoteKeys
// fetching a JWKS from a loopback server.
func TestVerifyRemoteKeySet(t *testing.T) {
	key := newRSAKey(t)
	jwks := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(jwks)
	}))
	defer srv.Close()
	ctx := context.Background()
	opts := VerifyOptions{Keys: RemoteKeys{URL: srv.URL, Client: srv.Client()}, Now: fixedNow}

	tests := []struct {
		name       string
		token      string
		want       Status
		wantDetail string
	}{
		{name: "known kid", token: sign(t, jose.RS256, key, "k1", mustJSON(t, idClaims())), want: StatusPass, wantDetail: `verified with kid "k1" (RS256) from ` + srv.URL},
		{name: "unknown kid", token: sign(t, jose.RS256, newRSAKey(t), "k2", mustJSON(t, idClaims())), want: StatusFail, wantDetail: `No key with kid "k2" among the keys from ` + srv.URL + ` (it holds keys "k1")`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Decode(tc.token)
			if err != nil {
				t.Fatal(err)
			}
			got := Verify(ctx, tok, opts)
			checkVerification(t, got, map[string]Status{"signature": tc.want}, map[string]string{"signature": tc.wantDetail}, tc.want == StatusPass)
		})
	}
}

// TestRemoteKeysErrors: a JWKS that cannot be read fails the signature
// check with the URL and what was wrong, and the other checks still run.
func TestRemoteKeysErrors(t *testing.T) {
	key := newRSAKey(t)
	tok, err := Decode(sign(t, jose.RS256, key, "k1", mustJSON(t, idClaims())))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html":
			w.Write([]byte("<html>keys</html>"))
		case "/no-keys-member":
			w.Write([]byte(`{"kid":"k1"}`))
		case "/huge":
			w.Write([]byte(`{"keys":[],"pad":"` + strings.Repeat("a", MaxJWKSSize) + `"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for path, want := range map[string]string{
		"/missing":        "answered 404 Not Found",
		"/html":           "not a JWK Set",
		"/no-keys-member": `not a JWK Set: no "keys" array`,
		"/huge":           "sent more than 1048576 bytes",
	} {
		t.Run(path, func(t *testing.T) {
			got := Verify(context.Background(), tok, VerifyOptions{Keys: RemoteKeys{URL: srv.URL + path, Client: srv.Client()}, Issuer: testIssuer, Now: fixedNow})
			checkVerification(t, got, map[string]Status{"signature": StatusFail, "iss": StatusPass},
				map[string]string{"signature": "The keys could not be read (JWKS " + srv.URL + path}, false)
			checkVerification(t, got, map[string]Status{"signature": StatusFail}, map[string]string{"signature": want}, false)
		})
	}
}
