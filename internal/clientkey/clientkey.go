// Package clientkey loads, generates and uses the keys a client signs its
// authentication assertions with: private_key_jwt (RFC 7523 §2.2, OpenID
// Connect Core §9) with a private key from a PEM or JWK file, and
// client_secret_jwt with the client secret as an HMAC key (RFC 7518 §3.2).
//
// It imports nothing of the program's: the flows build the assertion's
// claims and this package signs them.
package clientkey

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// Algorithms lists the signature algorithms a private key may sign an
// assertion with (RFC 7518 §3.1, RFC 8037 §3.1), in the order offered.
var Algorithms = []string{"RS256", "PS256", "ES256", "EdDSA"}

// HS256 is the algorithm of client_secret_jwt (RFC 7518 §3.2).
const HS256 = "HS256"

// Key is a signing key for client assertions: a private key or, for
// client_secret_jwt, the client secret.
type Key struct {
	// Private is the private key (*rsa.PrivateKey, *ecdsa.PrivateKey,
	// ed25519.PrivateKey) or the HMAC secret ([]byte).
	Private any
	// Alg is the JWS algorithm ("ES256").
	Alg string
	// KeyID is the "kid" header: the key's id at the server. Empty means
	// no kid is sent.
	KeyID string
	// X5tS256 is the "x5t#S256" header (RFC 7515 §4.1.8): the SHA-256
	// thumbprint of the certificate the server knows the key by, as
	// Microsoft Entra ID wants for certificate credentials; empty means
	// none.
	X5tS256 string
}

// Parse reads a private key from a PEM block (PKCS#8 "PRIVATE KEY",
// PKCS#1 "RSA PRIVATE KEY", SEC 1 "EC PRIVATE KEY") or a private JWK
// (RFC 7517 §4; a JWK Set with one key is accepted too). alg chooses the
// algorithm; empty means the key's usual one (RS256 for RSA, ES256 for a
// P-256 key, EdDSA for Ed25519; a JWK's own alg wins). The key id is the
// JWK's kid, when it has one.
func Parse(data []byte, alg string) (*Key, error) {
	text := strings.TrimSpace(string(data))
	var k Key
	switch {
	case strings.HasPrefix(text, "{"):
		jwk, err := parseJWK([]byte(text))
		if err != nil {
			return nil, err
		}
		k.Private, k.KeyID = jwk.Key, jwk.KeyID
		if alg == "" {
			alg = jwk.Algorithm
		}
	case strings.Contains(text, "-----BEGIN"):
		priv, err := parsePEM([]byte(text))
		if err != nil {
			return nil, err
		}
		k.Private = priv
	default:
		return nil, errors.New("not a PEM private key nor a JWK: the file should start with -----BEGIN PRIVATE KEY----- or {")
	}
	if alg == "" {
		alg = DefaultAlg(k.Private)
	}
	if err := CheckAlg(k.Private, alg); err != nil {
		return nil, err
	}
	k.Alg = alg
	return &k, nil
}

func parsePEM(data []byte) (any, error) {
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, errors.New("no private key in the PEM text (a certificate or public key alone cannot sign)")
		}
		switch b.Type {
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PKCS#8 private key: %w", err)
			}
			if ek, ok := k.(*ed25519.PrivateKey); ok {
				return *ek, nil
			}
			return k, nil
		case "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PKCS#1 RSA private key: %w", err)
			}
			return k, nil
		case "EC PRIVATE KEY":
			k, err := x509.ParseECPrivateKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("EC private key: %w", err)
			}
			return k, nil
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("the private key is encrypted: decrypt it first (openssl pkey -in key.pem -out plain.pem)")
		}
	}
}

func parseJWK(data []byte) (*jose.JSONWebKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if json.Unmarshal(data, &set) == nil && len(set.Keys) > 0 {
		if len(set.Keys) > 1 {
			return nil, fmt.Errorf("the JWK Set holds %d keys: give a file with the one private key", len(set.Keys))
		}
		data = set.Keys[0]
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(data); err != nil {
		return nil, fmt.Errorf("JWK: %w", err)
	}
	if jwk.IsPublic() {
		return nil, errors.New("the JWK is a public key: the client signs with its private key (the JWK with d)")
	}
	return &jwk, nil
}

// DefaultAlg returns the usual JWS algorithm of a private key, "" for a
// key of no supported kind.
func DefaultAlg(priv any) string {
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		return "RS256"
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			return "ES256"
		case elliptic.P384():
			return "ES384"
		case elliptic.P521():
			return "ES512"
		}
	case ed25519.PrivateKey:
		return "EdDSA"
	case []byte:
		return HS256
	}
	return ""
}

// CheckAlg refuses an algorithm the key cannot sign with.
func CheckAlg(priv any, alg string) error {
	ok := false
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		ok = strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
		if ok && k.N.BitLen() < 2048 {
			return fmt.Errorf("the RSA key has %d bits: %s needs 2048 or more (RFC 7518 §3.3)", k.N.BitLen(), alg)
		}
	case *ecdsa.PrivateKey:
		ok = alg == DefaultAlg(k)
	case ed25519.PrivateKey:
		ok = alg == "EdDSA"
	case []byte:
		ok = alg == HS256
	default:
		return fmt.Errorf("unsupported key type %T", priv)
	}
	if !ok {
		return fmt.Errorf("a %s key cannot sign %s: use %s", KeyType(priv), alg, DefaultAlg(priv))
	}
	return nil
}

// KeyType names a key's kind as a person says it ("P-256 EC").
func KeyType(priv any) string {
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		return fmt.Sprintf("RSA %d-bit", k.N.BitLen())
	case *ecdsa.PrivateKey:
		return k.Curve.Params().Name + " EC"
	case ed25519.PrivateKey:
		return "Ed25519"
	case []byte:
		return "shared secret"
	}
	return fmt.Sprintf("%T", priv)
}

// Public returns the public key of k, nil for a shared secret.
func (k *Key) Public() crypto.PublicKey {
	if s, ok := k.Private.(crypto.Signer); ok {
		return s.Public()
	}
	return nil
}

// PublicJWK is the public key as a JWK to register with the server, its
// kid the key id or, when there is none, the RFC 7638 thumbprint.
func (k *Key) PublicJWK() (jose.JSONWebKey, error) {
	jwk := jose.JSONWebKey{Key: k.Public(), Algorithm: k.Alg, Use: "sig", KeyID: k.KeyID}
	if jwk.Key == nil {
		return jwk, errors.New("a shared secret has no public key")
	}
	if jwk.KeyID == "" {
		tp, err := Thumbprint(jwk.Key)
		if err != nil {
			return jwk, err
		}
		jwk.KeyID = tp
	}
	return jwk, nil
}

// Thumbprint is the RFC 7638 JWK thumbprint of a public key: SHA-256,
// base64url without padding.
func Thumbprint(pub crypto.PublicKey) (string, error) {
	b, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// CertThumbprint returns the x5t#S256 of the first certificate in a PEM
// text (RFC 7515 §4.1.8: SHA-256 of the DER, base64url), and refuses a
// certificate whose public key is not pub's.
func CertThumbprint(certPEM []byte, pub crypto.PublicKey) (string, error) {
	for rest := certPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return "", errors.New("no CERTIFICATE block in the certificate file")
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return "", fmt.Errorf("certificate: %w", err)
		}
		if eq, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); pub != nil && (!ok || !eq.Equal(pub)) {
			return "", errors.New("the certificate is not the client key's: its public key differs")
		}
		sum := sha256.Sum256(b.Bytes)
		return base64.RawURLEncoding.EncodeToString(sum[:]), nil
	}
}
