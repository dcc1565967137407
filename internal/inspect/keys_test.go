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
		{name: "unknown kid", token: sign(t, jose.RS256, newRSAKey(t), "k2", mustJSON(t, idClaims())), want: StatusFail, wantDetail: `No key with kid "k2" in the JWKS at ` + srv.URL + ` (the JWKS has: "k1")`},
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

// TestSignatureProblems: each way a key set can fail a signature is named
// by its own Problem and a detail that says it in the words of issue 10
// ("the JWKS at URL has no keys", "no key with kid X (the JWKS has: a,
// b)", "the key for kid X is for enc, not sig", "a 5-part token is
// encrypted"), so that a diagnosis can follow the same cause.
func TestSignatureProblems(t *testing.T) {
	key := newRSAKey(t)
	valid := sign(t, jose.RS256, key, "k1", mustJSON(t, idClaims()))
	pub := func(kid, alg, use string) jose.JSONWebKey {
		return jose.JSONWebKey{Key: &key.PublicKey, KeyID: kid, Algorithm: alg, Use: use}
	}
	const url = "https://issuer.example/jwks"
	tests := []struct {
		name    string
		token   string
		keys    KeySource
		problem string
		detail  string
	}{
		{"empty key set", valid, newJWKSKeySet(), ProblemJWKSEmpty, "The JWKS at " + url + " has no keys"},
		{"unknown kid", valid, newJWKSKeySet(pub("a", "RS256", "sig"), pub("b", "RS256", "sig")), ProblemKidUnknown, `No key with kid "k1" in the JWKS at ` + url + ` (the JWKS has: "a", "b")`},
		{"encryption key", valid, newJWKSKeySet(pub("k1", "RSA-OAEP", "enc")), ProblemKeyUse, `The key for kid "k1" in the JWKS at ` + url + ` is for enc, not sig`},
		{"key for another alg", valid, newJWKSKeySet(pub("k1", "PS256", "sig")), ProblemKeyAlg, `key "k1" is declared for PS256`},
		{"bad signature", sign(t, jose.RS256, newRSAKey(t), "k1", mustJSON(t, idClaims())), newJWKSKeySet(pub("k1", "RS256", "sig")), ProblemBadSignature, "did not verify"},
		{"JWE", encrypt(t, &key.PublicKey, `{"sub":"alice"}`), newJWKSKeySet(pub("k1", "RS256", "sig")), ProblemJWE, "5 parts: it is encrypted (JWE)"},
		{"opaque", "2YotnFZFEjr1zCsicMWpAA", newJWKSKeySet(pub("k1", "RS256", "sig")), ProblemOpaque, "not a JWT"},
		{"alg none", unsigned(`{"alg":"none"}`, mustJSON(t, idClaims())), newJWKSKeySet(pub("k1", "RS256", "sig")), ProblemUnsigned, "Unsigned token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, _ := Decode(tc.token)
			got := Verify(context.Background(), tok, VerifyOptions{Keys: tc.keys, JWKSURL: url, Now: fixedNow})
			c := got.Checks[0]
			if c.Name != "signature" || c.Status != StatusFail || c.Problem != tc.problem || !strings.Contains(c.Detail, tc.detail) {
				t.Errorf("got %s %v %q %q; want problem %q and a detail with %q", c.Name, c.Status, c.Problem, c.Detail, tc.problem, tc.detail)
			}
		})
	}
}

// TestSignatureJWKSUnreadable: a key set that cannot be fetched keeps its
// error, so that a diagnosis can say what went wrong with the fetch (a
// timeout, an HTML page) rather than blame the token.
func TestSignatureJWKSUnreadable(t *testing.T) {
	key := newRSAKey(t)
	tok, _ := Decode(sign(t, jose.RS256, key, "k1", mustJSON(t, idClaims())))
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	got := Verify(context.Background(), tok, VerifyOptions{Keys: RemoteKeys{URL: srv.URL, Client: srv.Client()}, Now: fixedNow})
	c := got.Checks[0]
	if c.Problem != ProblemJWKSUnreadable || c.Err == nil || !strings.Contains(c.Err.Error(), "404") {
		t.Errorf("got problem %q err %v; want %q with the fetch's error", c.Problem, c.Err, ProblemJWKSUnreadable)
	}
}
