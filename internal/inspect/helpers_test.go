package inspect

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// testNow is the clock of every test: FormatTime of 02:13:22 reads
// "in 59m 12s".
var testNow = time.Date(2026, 11, 27, 1, 14, 10, 0, time.UTC)

func fixedNow() time.Time { return testNow }

func newRSAKey(tb testing.TB) *rsa.PrivateKey {
	tb.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func newECKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// sign makes a compact JWS with go-jose; payload is signed byte for byte,
// so its member order survives.
func sign(tb testing.TB, alg jose.SignatureAlgorithm, key any, kid, payload string) string {
	tb.Helper()
	var k any = key
	if kid != "" {
		k = jose.JSONWebKey{Key: key, KeyID: kid}
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: k}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		tb.Fatal(err)
	}
	jws, err := s.Sign([]byte(payload))
	if err != nil {
		tb.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// signRawHeader signs RS256 by hand so the header JSON is exactly as given
// (go-jose writes header members in its own order).
func signRawHeader(tb testing.TB, key *rsa.PrivateKey, header, payload string) string {
	tb.Helper()
	input := b64(header) + "." + b64(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		tb.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// encrypt makes a compact JWE for pub with go-jose.
func encrypt(tb testing.TB, pub *rsa.PublicKey, plaintext string) string {
	tb.Helper()
	e, err := jose.NewEncrypter(jose.A128GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: pub, KeyID: "enc-1"},
		(&jose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		tb.Fatal(err)
	}
	obj, err := e.Encrypt([]byte(plaintext))
	if err != nil {
		tb.Fatal(err)
	}
	out, err := obj.CompactSerialize()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// unsigned builds header.payload. with an empty signature, as alg "none"
// tokens are (RFC 7519 §6.1).
func unsigned(header, payload string) string { return b64(header) + "." + b64(payload) + "." }

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// newJWKSKeySet is an in-memory key set, as a provider's JWKS would be.
func newJWKSKeySet(keys ...jose.JSONWebKey) *StaticKeys {
	return &StaticKeys{Keys: keys}
}
