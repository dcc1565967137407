package flows

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// ClientAssertionType is the client_assertion_type of a JWT client
// assertion (RFC 7523 §2.2).
const ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// AssertionLifetime is how long a client assertion is valid: long enough
// to cross the network, short enough that a copy is soon useless.
const AssertionLifetime = 60 * time.Second

// assertionTransport authenticates the client with a JWT (private_key_jwt
// or client_secret_jwt, RFC 7523 §2.2) on every form POST that names the
// client in client_id: token, introspection, revocation, device
// authorization and pushed authorization requests, whichever library
// built them. It sits outside the Recorder, so that the recorded request
// is the one sent. Each request gets a fresh assertion (new jti).
type assertionTransport struct {
	base http.RoundTripper
	p    providers.Provider
	now  func() time.Time

	mu  sync.Mutex
	md  *providers.Metadata
	key *clientkey.Key
}

// newAssertionTransport wraps base for p, or returns nil when p's method
// sends no assertion.
func newAssertionTransport(base http.RoundTripper, p providers.Provider, now func() time.Time) *assertionTransport {
	if a, ok := ClientAuthByID(p.AuthMethod); !ok || !a.Assertion {
		return nil
	}
	return &assertionTransport{base: base, p: p, now: now}
}

// setMetadata gives the transport the server's metadata, whose token
// endpoint and issuer the assertion's aud names. Nil-safe.
func (t *assertionTransport) setMetadata(md *providers.Metadata) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.md = md
	t.mu.Unlock()
}

// RoundTrip implements http.RoundTripper.
func (t *assertionTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if req.Method != http.MethodPost || ct != "application/x-www-form-urlencoded" || req.Body == nil || req.Body == http.NoBody {
		return t.base.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err == nil && form.Get("client_id") == t.p.ClientID && !form.Has("client_assertion") {
		assertion, aerr := t.assertion(req.URL)
		if aerr != nil {
			return nil, aerr
		}
		form.Del("client_secret")
		form.Set("client_assertion_type", ClientAssertionType)
		form.Set("client_assertion", assertion)
		body = []byte(form.Encode())
		req = req.Clone(req.Context())
		req.Header.Del("Authorization")
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return t.base.RoundTrip(req)
}

// assertionClaims are the claims of a client assertion, in the order RFC
// 7523 §3 lists them.
type assertionClaims struct {
	Iss string `json:"iss"`
	Sub string `json:"sub"`
	Aud string `json:"aud"`
	Jti string `json:"jti"`
	Iat int64  `json:"iat"`
	Exp int64  `json:"exp"`
}

// assertion builds and signs a fresh assertion for a request to u.
func (t *assertionTransport) assertion(u *url.URL) (string, error) {
	key, err := t.signingKey()
	if err != nil {
		return "", err
	}
	var id [16]byte
	_, _ = rand.Read(id[:])
	now := time.Now()
	if t.now != nil {
		now = t.now()
	}
	c := assertionClaims{Iss: t.p.ClientID, Sub: t.p.ClientID, Aud: t.audience(u),
		Jti: base64.RawURLEncoding.EncodeToString(id[:]), Iat: now.Unix(), Exp: now.Add(AssertionLifetime).Unix()}
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	s, err := key.Sign(payload)
	if err != nil {
		return "", &ClientKeyError{Method: t.p.AuthMethod, Err: err}
	}
	return s, nil
}

// audience returns the aud for a request to u, as AssertionAudience says:
// the token endpoint by default (OpenID Connect Core §9: "The Audience
// SHOULD be the URL of the Authorization Server's Token Endpoint"), even
// for the introspection and revocation endpoints.
func (t *assertionTransport) audience(u *url.URL) string {
	t.mu.Lock()
	md := t.md
	t.mu.Unlock()
	bare := *u
	bare.RawQuery, bare.Fragment = "", ""
	issuer, token := t.p.Issuer, t.p.TokenURL
	if md != nil {
		if md.Issuer != "" {
			issuer = md.Issuer
		}
		if md.TokenEndpoint != "" {
			token = md.TokenEndpoint
		}
	}
	switch aud := strings.TrimSpace(t.p.AssertionAudience); aud {
	case "":
		if token != "" {
			return token
		}
		return bare.String()
	case assertionAudIssuer:
		return issuer
	case assertionAudEndpoint:
		return bare.String()
	default:
		return aud
	}
}

// signingKey loads the key once: the private key of the file (or the
// text in memory), or the client secret for client_secret_jwt.
func (t *assertionTransport) signingKey() (*clientkey.Key, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.key != nil {
		return t.key, nil
	}
	k, err := loadClientKey(t.p)
	if err != nil {
		return nil, &ClientKeyError{Method: t.p.AuthMethod, File: t.p.ClientKeyFile, Err: err}
	}
	t.key = k
	return k, nil
}

// loadClientKey reads the key p's method signs with.
func loadClientKey(p providers.Provider) (*clientkey.Key, error) {
	if p.AuthMethod == providers.AuthSecretJWT {
		return clientkey.Secret(p.ClientSecret)
	}
	text := []byte(p.ClientKey)
	if len(text) == 0 {
		if p.ClientKeyFile == "" {
			return nil, errors.New("no client key file given")
		}
		b, err := os.ReadFile(p.ClientKeyFile)
		if err != nil {
			return nil, err
		}
		text = b
	}
	k, err := clientkey.Parse(text, p.ClientKeyAlg)
	if err != nil {
		return nil, err
	}
	if p.ClientKeyID != "" {
		k.KeyID = p.ClientKeyID
	}
	if p.ClientCertFile != "" {
		cert, err := os.ReadFile(p.ClientCertFile)
		if err != nil {
			return nil, err
		}
		if k.X5tS256, err = clientkey.CertThumbprint(cert, k.Public()); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// ClientKeyError is a client assertion that could not be made: the key
// file unreadable or not a key, an algorithm the key cannot sign, a secret
// too short for HS256. Nothing was sent.
type ClientKeyError struct {
	Method, File string
	Err          error
}

func (e *ClientKeyError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s: client key %s: %v", e.Method, e.File, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Method, e.Err)
}

func (e *ClientKeyError) Unwrap() error { return e.Err }

// diagnosis explains a client assertion that could not be made.
func (e *ClientKeyError) diagnosis() *Diagnosis {
	d := &Diagnosis{Code: "client_key", What: "No client assertion could be made, so nothing was sent: " + e.Error(),
		Ref: "RFC 7523 §2.2, §3; OpenID Connect Core §9"}
	if e.Method == providers.AuthSecretJWT {
		d.Causes = []string{"client_secret_jwt signs with the client secret as an HMAC key, and HS256 needs one of at least 32 bytes (RFC 7518 §3.2)"}
		d.Try = []string{"use the secret the server issued, unchanged, or switch {setting:auth-method} to client_secret_basic"}
		return d
	}
	d.Causes = []string{"the key file is missing or unreadable, encrypted, a public key or certificate only, or of a type that cannot sign the chosen algorithm"}
	d.Try = []string{"give the private key's PEM or JWK file with {setting:" + InputClientKey + "}", "'oauth-explorer keys generate' makes a new key and prints the public JWK to register", "leave {setting:" + InputClientKeyAlg + "} empty to use the key's usual algorithm"}
	return d
}
