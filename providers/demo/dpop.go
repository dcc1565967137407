package demo

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// DPoP (RFC 9449) at the demo: the token endpoint binds the access token
// to the key of a valid proof (cnf.jkt, token_type DPoP), and the API and
// userinfo accept a bound token only with a proof by that key.

// dpopAlgs are the proof algorithms the demo accepts, as published in
// dpop_signing_alg_values_supported (RFC 9449 §5.1): asymmetric only.
var dpopAlgs = []jose.SignatureAlgorithm{jose.ES256, jose.ES384, jose.RS256, jose.PS256, jose.EdDSA}

const (
	// dpopWindow is how far a proof's iat may be from the server's
	// clock (RFC 9449 §4.3 step 11, §11.1).
	dpopWindow = 60 * time.Second
	// dpopNonceLife is how long a nonce given in DPoP-Nonce is honoured.
	dpopNonceLife = 5 * time.Minute
)

// The error codes of DPoP (RFC 9449 §12.2).
const (
	errInvalidDPoPProof = "invalid_dpop_proof"
	errUseDPoPNonce     = "use_dpop_nonce"
)

// dpopProblem is a proof refused: its error code and why, in plain ASCII
// without double quotes (RFC 6749 §5.2, RFC 6750 §3).
type dpopProblem struct {
	code, description string
	// nonce is the nonce to use, sent in DPoP-Nonce with use_dpop_nonce.
	nonce string
}

// dpopChecker validates proofs (RFC 9449 §4.3) and keeps what that needs:
// the nonces it gave (§8) and the jti of the proofs it accepted (§11.1).
type dpopChecker struct {
	// now is the clock; nil means time.Now.
	now func() time.Time

	mu     sync.Mutex
	nonces map[string]time.Time // nonce → end of its life
	jtis   map[string]time.Time // jti → when it may be forgotten
}

func (c *dpopChecker) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// nonce gives a fresh nonce.
func (c *dpopChecker) nonce(now time.Time) string {
	n := rand.Text()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nonces == nil {
		c.nonces = map[string]time.Time{}
	}
	for k, end := range c.nonces {
		if now.After(end) {
			delete(c.nonces, k)
		}
	}
	c.nonces[n] = now.Add(dpopNonceLife)
	return n
}

// proofClaims are the claims of a DPoP proof (RFC 9449 §4.2).
type proofClaims struct {
	Jti   string `json:"jti"`
	Htm   string `json:"htm"`
	Htu   string `json:"htu"`
	Iat   *int64 `json:"iat"`
	Nonce string `json:"nonce"`
	Ath   string `json:"ath"`
}

// check validates the DPoP header values of a request to htu with method
// (RFC 9449 §4.3) and returns the thumbprint of the key that signed the
// proof. accessToken is the token a resource request presents, whose hash
// the proof's ath must be; "" at the token endpoint.
func (c *dpopChecker) check(values []string, method, htu, accessToken string) (string, *dpopProblem) {
	bad := func(format string, args ...any) (string, *dpopProblem) {
		return "", &dpopProblem{code: errInvalidDPoPProof, description: headerSafe(fmt.Sprintf(format, args...))}
	}
	if len(values) != 1 {
		return bad("send exactly one DPoP header, not %d (RFC 9449 section 4.3)", len(values))
	}
	jws, err := jose.ParseSignedCompact(values[0], dpopAlgs)
	if err != nil || len(jws.Signatures) != 1 {
		return bad("the DPoP proof is not a JWS signed with one of %s (RFC 9449 section 4.3 steps 2-5)", algNames())
	}
	h := jws.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		return bad("the DPoP proof has typ %s; it must be dpop+jwt (RFC 9449 section 4.2)", typ)
	}
	if h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() || !h.JSONWebKey.Valid() {
		return bad("the DPoP proof has no public jwk in its header (RFC 9449 section 4.2)")
	}
	payload, err := jws.Verify(h.JSONWebKey)
	if err != nil {
		return bad("the DPoP proof signature does not verify with the jwk in its header (RFC 9449 section 4.3 step 7)")
	}
	var pc proofClaims
	if json.Unmarshal(payload, &pc) != nil || pc.Jti == "" || pc.Htm == "" || pc.Htu == "" || pc.Iat == nil {
		return bad("the DPoP proof must carry jti, htm, htu and iat (RFC 9449 section 4.2)")
	}
	now := c.clock()
	iat := time.Unix(*pc.Iat, 0)
	switch {
	case pc.Htm != method:
		return bad("the DPoP proof is for htm %s but the request is a %s (RFC 9449 section 4.3 step 8)", pc.Htm, method)
	case stripURL(pc.Htu) != htu:
		return bad("the DPoP proof is for htu %s but the request went to %s (RFC 9449 section 4.3 step 9)", pc.Htu, htu)
	case iat.Before(now.Add(-dpopWindow)):
		return bad("the DPoP proof iat is %s old; this server accepts proofs made within %s (RFC 9449 section 4.3 step 11)", now.Sub(iat).Round(time.Second), dpopWindow)
	case iat.After(now.Add(dpopWindow)):
		return bad("the DPoP proof iat is %s in the future; check the client clock (RFC 9449 section 4.3 step 11)", iat.Sub(now).Round(time.Second))
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		if pc.Ath != base64.RawURLEncoding.EncodeToString(sum[:]) {
			return bad("the DPoP proof ath is not the SHA-256 hash of the access token sent with it (RFC 9449 section 4.3 step 12)")
		}
	}
	if p := c.checkNonce(pc.Nonce, now); p != nil {
		return "", p
	}
	if !c.useJTI(pc.Jti, now) {
		return bad("the DPoP proof jti %s was used before: a proof is good for one request (replay, RFC 9449 section 11.1)", pc.Jti)
	}
	tp, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		return bad("the DPoP proof jwk has no thumbprint (RFC 7638)")
	}
	return base64.RawURLEncoding.EncodeToString(tp), nil
}

// checkNonce requires a nonce this server gave and that still lives
// (RFC 9449 §8); otherwise it asks for one.
func (c *dpopChecker) checkNonce(n string, now time.Time) *dpopProblem {
	c.mu.Lock()
	end, ok := c.nonces[n]
	c.mu.Unlock()
	if n != "" && ok && !now.After(end) {
		return nil
	}
	desc := "this server requires a nonce in DPoP proofs: sign a new proof with the nonce of the DPoP-Nonce header (RFC 9449 section 8)"
	if n != "" {
		desc = "the nonce of the DPoP proof is unknown or expired: sign a new proof with the nonce of the DPoP-Nonce header (RFC 9449 section 8)"
	}
	return &dpopProblem{code: errUseDPoPNonce, description: desc, nonce: c.nonce(now)}
}

// useJTI records jti, reporting false when it was seen within the window.
func (c *dpopChecker) useJTI(jti string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.jtis == nil {
		c.jtis = map[string]time.Time{}
	}
	for k, end := range c.jtis {
		if now.After(end) {
			delete(c.jtis, k)
		}
	}
	if _, ok := c.jtis[jti]; ok {
		return false
	}
	c.jtis[jti] = now.Add(2 * dpopWindow)
	return true
}

// stripURL is raw without query and fragment, as htu is compared (RFC
// 9449 §4.3 step 9).
func stripURL(raw string) string {
	raw, _, _ = strings.Cut(raw, "#")
	raw, _, _ = strings.Cut(raw, "?")
	return raw
}

func algNames() string {
	names := make([]string, len(dpopAlgs))
	for i, a := range dpopAlgs {
		names[i] = string(a)
	}
	return strings.Join(names, " ")
}

// jktKey carries the thumbprint of a token request's proof key to the
// storage, which binds the access token to it.
type jktKey struct{}

// withJKT returns ctx carrying the thumbprint jkt.
func withJKT(ctx context.Context, jkt string) context.Context {
	return context.WithValue(ctx, jktKey{}, jkt)
}

// jktFrom returns the thumbprint ctx carries, "" when none.
func jktFrom(ctx context.Context) string {
	s, _ := ctx.Value(jktKey{}).(string)
	return s
}
