package clientkey

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

func TestGenerateParseSignVerify(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(alg, func(t *testing.T) {
			pemText, k, err := Generate(alg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(pemText, alg)
			if err != nil {
				t.Fatal(err)
			}
			got.KeyID = k.KeyID
			jws, err := got.Sign([]byte(`{"iss":"c"}`))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := jose.ParseSignedCompact(jws, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
			if err != nil {
				t.Fatal(err)
			}
			if parsed.Signatures[0].Header.KeyID != k.KeyID {
				t.Errorf("kid %q, want %q", parsed.Signatures[0].Header.KeyID, k.KeyID)
			}
			if _, err := parsed.Verify(k.Public()); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
	}
}

func TestParseFormats(t *testing.T) {
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalECPrivateKey(ek)
	jwk, _ := json.Marshal(jose.JSONWebKey{Key: ek, KeyID: "k1", Algorithm: "ES256"})
	pubJWK, _ := json.Marshal(jose.JSONWebKey{Key: &ek.PublicKey, KeyID: "k1"})
	cases := []struct {
		name, data, alg, wantAlg, wantKid, wantErr string
	}{
		{name: "pkcs1", data: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)})), wantAlg: "RS256"},
		{name: "pkcs1 PS256", data: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)})), alg: "PS256", wantAlg: "PS256"},
		{name: "sec1", data: string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER})), wantAlg: "ES256"},
		{name: "jwk", data: string(jwk), wantAlg: "ES256", wantKid: "k1"},
		{name: "jwks of one", data: `{"keys":[` + string(jwk) + `]}`, wantAlg: "ES256", wantKid: "k1"},
		{name: "public jwk", data: string(pubJWK), wantErr: "public key"},
		{name: "EC with RS256", data: string(jwk), alg: "RS256", wantErr: "cannot sign RS256"},
		{name: "encrypted", data: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", wantErr: "encrypted"},
		{name: "garbage", data: "hello", wantErr: "not a PEM"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k, err := Parse([]byte(c.data), c.alg)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Alg != c.wantAlg || k.KeyID != c.wantKid {
				t.Errorf("alg %q kid %q, want %q %q", k.Alg, k.KeyID, c.wantAlg, c.wantKid)
			}
		})
	}
}

func TestSecret(t *testing.T) {
	if _, err := Secret("short"); err == nil || !strings.Contains(err.Error(), "RFC 7518 §3.2") {
		t.Errorf("short secret: %v", err)
	}
	k, err := Secret(strings.Repeat("s", 32))
	if err != nil {
		t.Fatal(err)
	}
	jws, err := k.Sign([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := jose.ParseSignedCompact(jws, []jose.SignatureAlgorithm{jose.HS256})
	if _, err := parsed.Verify([]byte(strings.Repeat("s", 32))); err != nil {
		t.Error(err)
	}
}

func TestCertThumbprint(t *testing.T) {
	_, k, _ := Generate("ES256")
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "c"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<31, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k.Private)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	tp, err := CertThumbprint(certPEM, k.Public())
	if err != nil || len(tp) != 43 {
		t.Fatalf("thumbprint %q, %v", tp, err)
	}
	_, other, _ := Generate("ES256")
	if _, err := CertThumbprint(certPEM, other.Public()); err == nil {
		t.Error("a certificate of another key was accepted")
	}
}
