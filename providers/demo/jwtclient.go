package demo

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// SecretJWTAuth is client_secret_jwt (OpenID Connect Core §9): a client
// assertion signed with HS256 and the client's own secret.
const SecretJWTAuth = "client_secret_jwt"

// JWTClientID is the demo client that authenticates with private_key_jwt
// (RFC 7523 §2.2, OpenID Connect Core §9): its public key is registered
// here, and it proves who it is with a JWT signed by its private key.
const JWTClientID = "demo-jwt-client"

// maxAssertionLife is the longest validity the demo accepts for a client
// assertion: a long-lived assertion is as good as a password to whoever
// copies it.
const maxAssertionLife = 5 * time.Minute

// jwtClientKey is the demo JWT client's ES256 key. Like the demo's client
// secrets it is a published demo value, derived from a fixed phrase, so
// that the embedded demo and a standalone demo-server agree on it without
// a key file in the repository: it authenticates only to a demo provider
// on the loopback interface.
var jwtClientKey = sync.OnceValue(func() *ecdsa.PrivateKey {
	seed := sha256.Sum256([]byte("oauth-explorer demo-jwt-client: a published demo key, not a secret"))
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), seed[:])
	if err != nil {
		panic("demo: the JWT client's key: " + err.Error())
	}
	return k
})

// JWTClientKeyPEM returns the demo JWT client's private key as PKCS#8
// PEM, for the client side: the embedded demo hands it to flows in
// memory, demo-server --write-client-key writes it to a file.
func JWTClientKeyPEM() string {
	der, err := x509.MarshalPKCS8PrivateKey(jwtClientKey())
	if err != nil {
		panic("demo: encoding the JWT client's key: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// jwtClientPublicKey is the public key registered for the JWT client.
func jwtClientPublicKey() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &jwtClientKey().PublicKey, Algorithm: string(jose.ES256), Use: "sig"}
}

// assertionAlgs are the algorithms the demo accepts for client
// assertions, as its discovery document lists them.
var assertionAlgs = []jose.SignatureAlgorithm{jose.ES256, jose.RS256, jose.PS256, jose.EdDSA}

// jtiCache remembers the jti of every client assertion accepted until it
// expires, so that the same assertion is refused a second time (OpenID
// Connect Core §9, RFC 7523 §3 item 7).
type jtiCache struct {
	mu   sync.Mutex
	seen map[string]time.Time // client_id + " " + jti → exp
}

// use records jti of client, reporting false when it was seen already.
func (c *jtiCache) use(client, jti string, exp, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]time.Time{}
	}
	for k, e := range c.seen {
		if now.After(e) {
			delete(c.seen, k)
		}
	}
	k := client + " " + jti
	if _, ok := c.seen[k]; ok {
		return false
	}
	c.seen[k] = exp
	return true
}

// verifyAssertion authenticates a client by its client assertion (RFC
// 7523 §3): the signature with the public key registered for the client
// named by iss, iss = sub = client_id, aud naming this server (its issuer,
// its token endpoint or the endpoint called), exp in the future but not
// far, and a jti not seen before. endpoint is the URL the request came to.
func (s *oidcServer) verifyAssertion(cc *op.ClientCredentials, endpoint string) (Client, error) {
	algs := append(slices.Clone(assertionAlgs), jose.HS256)
	tok, err := jwt.ParseSigned(cc.ClientAssertion, algs)
	if err != nil {
		return Client{}, invalidClient("client_assertion is not a JWT signed with %v: %v (RFC 7523 section 3)", algs, err)
	}
	hmac := tok.Headers[0].Algorithm == string(jose.HS256)
	var claims jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&claims); err != nil {
		return Client{}, invalidClient("client_assertion claims: %v", err)
	}
	c, ok := ClientByID(claims.Issuer)
	switch {
	case !ok:
		return Client{}, invalidClient("client_assertion: iss '%s' is no registered client (iss must be the client_id, RFC 7523 section 3)", claims.Issuer)
	case cc.ClientID != "" && cc.ClientID != c.ID:
		return Client{}, invalidClient("client_id %s differs from the assertion's iss %s", cc.ClientID, c.ID)
	case c.AuthMethod == SecretJWTAuth && !hmac:
		return Client{}, invalidClient("client %s is registered for client_secret_jwt: its assertion is signed with HS256 and its client secret, not %s (OpenID Connect Core section 9)", c.ID, tok.Headers[0].Algorithm)
	case c.AuthMethod == "private_key_jwt" && hmac:
		return Client{}, invalidClient("client %s is registered for private_key_jwt: its assertion is signed with its private key, not HS256 (OpenID Connect Core section 9)", c.ID)
	case c.AuthMethod != "private_key_jwt" && c.AuthMethod != SecretJWTAuth:
		return Client{}, invalidClient("client %s is registered for %s, not a client assertion (private_key_jwt or client_secret_jwt)", c.ID, c.AuthMethod)
	}
	if hmac {
		if err := tok.Claims([]byte(c.Secret), &claims); err != nil {
			return Client{}, invalidClient("client_assertion: the HS256 signature does not verify with the client secret of %s: the secret is wrong, or another client's (OpenID Connect Core section 9)", c.ID)
		}
	} else if err := tok.Claims(jwtClientPublicKey().Key, &claims); err != nil {
		return Client{}, invalidClient("client_assertion: the signature does not verify with the public key registered for client %s: was it signed with another key? (RFC 7523 section 3 item 9)", c.ID)
	}
	now := time.Now()
	switch {
	case claims.Subject != c.ID:
		return Client{}, invalidClient("client_assertion: sub '%s' must equal iss, the client_id %s (RFC 7523 section 3 item 2)", claims.Subject, c.ID)
	case !slices.ContainsFunc(claims.Audience, func(a string) bool { return a == s.issuer || a == s.tokenURL || a == endpoint }):
		return Client{}, invalidClient("client_assertion: aud %v does not name this server: use its token endpoint %s or its issuer %s (RFC 7523 section 3 item 3)", []string(claims.Audience), s.tokenURL, s.issuer)
	case claims.Expiry == nil:
		return Client{}, invalidClient("client_assertion has no exp (RFC 7523 section 3 item 4)")
	case now.After(claims.Expiry.Time()):
		return Client{}, invalidClient("client_assertion expired at %s, %s ago: make a new one for each request (RFC 7523 section 3 item 4)",
			claims.Expiry.Time().UTC().Format(time.RFC3339), now.Sub(claims.Expiry.Time()).Round(time.Second))
	case claims.Expiry.Time().Sub(now) > maxAssertionLife:
		return Client{}, invalidClient("client_assertion is valid for %s: the demo accepts at most %s", claims.Expiry.Time().Sub(now).Round(time.Second), maxAssertionLife)
	case claims.ID == "":
		return Client{}, invalidClient("client_assertion has no jti, so a replay could not be told apart (OpenID Connect Core section 9)")
	case !s.jtis.use(c.ID, claims.ID, claims.Expiry.Time(), now):
		return Client{}, invalidClient("client_assertion jti %s was already used: an assertion is accepted once (replay; OpenID Connect Core section 9)", claims.ID)
	}
	return c, nil
}
