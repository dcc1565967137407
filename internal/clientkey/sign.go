package clientkey

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"

	jose "github.com/go-jose/go-jose/v4"
)

// Secret is the client secret as the HMAC key of client_secret_jwt. RFC
// 7518 §3.2 wants a key at least as long as the hash: 32 bytes for HS256.
func Secret(secret string) (*Key, error) {
	if len(secret) < 32 {
		return nil, fmt.Errorf("the client secret has %d bytes: HS256 needs at least 32 (RFC 7518 §3.2), so this secret cannot sign a client_secret_jwt assertion", len(secret))
	}
	return &Key{Private: []byte(secret), Alg: HS256}, nil
}

// Sign signs payload, a JSON object of claims, as a compact JWS with
// typ JWT and k's kid and x5t#S256 headers.
func (k *Key) Sign(payload []byte) (string, error) { return k.SignType(payload, "JWT") }

// SignType signs payload as Sign does, with typ as the typ header: an
// explicitly typed JWT (RFC 8725 §3.11), such as a request object's
// oauth-authz-req+jwt (RFC 9101 §4).
func (k *Key) SignType(payload []byte, typ string) (string, error) {
	opts := (&jose.SignerOptions{}).WithType(jose.ContentType(typ))
	if k.X5tS256 != "" {
		opts = opts.WithHeader("x5t#S256", k.X5tS256)
	}
	var key any = k.Private
	if k.KeyID != "" {
		key = jose.JSONWebKey{Key: k.Private, KeyID: k.KeyID}
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(k.Alg), Key: key}, opts)
	if err != nil {
		return "", fmt.Errorf("signer for %s: %w", k.Alg, err)
	}
	jws, err := s.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("signing with %s: %w", k.Alg, err)
	}
	return jws.CompactSerialize()
}

// Generate makes a new private key for alg (one of Algorithms; empty
// means ES256) and returns it as PKCS#8 PEM, with its Key (kid: the RFC
// 7638 thumbprint of the public key).
func Generate(alg string) ([]byte, *Key, error) {
	if alg == "" {
		alg = "ES256"
	}
	if !slices.Contains(Algorithms, alg) {
		return nil, nil, fmt.Errorf("unknown algorithm %q: use one of RS256, PS256, ES256, EdDSA", alg)
	}
	var priv any
	var err error
	switch alg {
	case "RS256", "PS256":
		priv, err = rsa.GenerateKey(rand.Reader, 2048)
	case "ES256":
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "EdDSA":
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("generating the %s key: %w", alg, err)
	}
	return Encode(priv, alg)
}

// Encode returns priv as PKCS#8 PEM with its Key for alg, kid its
// thumbprint.
func Encode(priv any, alg string) ([]byte, *Key, error) {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding the key: %w", err)
	}
	k := &Key{Private: priv, Alg: alg}
	if k.Public() == nil {
		return nil, nil, errors.New("not a private key")
	}
	if k.KeyID, err = Thumbprint(k.Public()); err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), k, nil
}
