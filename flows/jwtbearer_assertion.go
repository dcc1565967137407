package flows

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// bearerClaims are the claims of a JWT bearer assertion, in the order RFC
// 7523 §3 lists them.
type bearerClaims struct {
	Iss string `json:"iss"`
	Sub string `json:"sub"`
	Aud string `json:"aud"`
	Exp int64  `json:"exp"`
	Iat int64  `json:"iat"`
	Jti string `json:"jti"`
}

// makeAssertion is the Assertion step: it signs a fresh assertion (RFC
// 7523 §3) with the key given and decodes it for the Claims tab, with the
// checks a server makes that can be made here. Nothing is sent.
func (f *JWTBearer) makeAssertion(context.Context) Result {
	r := Result{}
	if f.subject == "" {
		return failed(r, &AssertionError{Problem: "no subject was given: the assertion must name whom the token is for", Input: jwtSubjectInput.Name})
	}
	if f.issuer == "" {
		return failed(r, &AssertionError{Problem: "no issuer: give {setting:jwt-issuer} or a client id", Input: jwtIssuerInput.Name})
	}
	key, err := f.signingKey()
	if err != nil {
		return failed(r, err)
	}
	now := f.opts.now()
	var id [16]byte
	_, _ = rand.Read(id[:])
	c := bearerClaims{Iss: f.issuer, Sub: f.subject, Aud: f.audienceValue(),
		Exp: now.Add(AssertionLifetime).Unix(), Iat: now.Unix(), Jti: base64.RawURLEncoding.EncodeToString(id[:])}
	payload, err := json.Marshal(c)
	if err != nil {
		return failed(r, err)
	}
	if f.assertion, err = key.Sign(payload); err != nil {
		return failed(r, &AssertionError{Problem: err.Error(), Input: jwtKeyInput.Name, Err: err})
	}
	t, err := inspect.Decode(f.assertion)
	if err != nil {
		return failed(r, err)
	}
	v := f.localChecks(t, key, now)
	r.Inspections = []Inspection{{Label: "JWT bearer assertion", Token: t, Verification: &v}}
	r.Status = Done
	r.Notes = append(r.Notes,
		"nothing was sent: the assertion was made and signed here, with the "+clientkey.KeyType(key.Private)+" key ("+key.Alg+"), and the token request carries it next",
		fmt.Sprintf("it says: %s vouches for %s, to %s, until %s", clip(c.Iss, 80), clip(c.Sub, 80), clip(c.Aud, 120), inspect.Relative(time.Unix(c.Exp, 0), now)))
	if c.Iss == f.provider.ClientID {
		r.Notes = append(r.Notes, "iss is the client itself: the server must trust the client to vouch for "+clip(c.Sub, 80)+" (a service account acting for a user), or sub must be the client id")
	}
	return r
}

// signingKey loads the assertion's key: the jwt-key file, or the client's
// own key (in memory or its file) when none is given.
func (f *JWTBearer) signingKey() (*clientkey.Key, error) {
	q := f.provider
	q.AuthMethod = providers.AuthPrivateKeyJWT
	if f.keyFile != "" && f.keyFile != KeyInMemory {
		// Another key than the client's: its certificate is not this one's.
		q.ClientKey, q.ClientKeyFile, q.ClientCertFile, q.ClientKeyID, q.ClientKeyAlg = "", f.keyFile, "", "", ""
	}
	if f.alg != "" && f.alg != jwtAlgAuto {
		q.ClientKeyAlg = f.alg
	}
	if f.keyID != "" {
		q.ClientKeyID = f.keyID
	}
	if q.ClientKey == "" && q.ClientKeyFile == "" {
		return nil, &AssertionError{Input: jwtKeyInput.Name, Problem: "no key to sign the assertion: give {setting:jwt-key}, or a client key"}
	}
	k, err := loadClientKey(q)
	if err != nil {
		return nil, &AssertionError{Input: jwtKeyInput.Name, File: q.ClientKeyFile, Problem: err.Error(), Err: err}
	}
	return k, nil
}

// audienceValue is the aud the jwt-audience input names: the token
// endpoint, the issuer, or the value itself.
func (f *JWTBearer) audienceValue() string {
	issuer, token := f.provider.Issuer, f.provider.TokenURL
	if f.md != nil {
		issuer, token = cmpOr(f.md.Issuer, issuer), cmpOr(f.md.TokenEndpoint, token)
	}
	switch a := strings.TrimSpace(f.audience); a {
	case "", JWTAudToken:
		return token
	case JWTAudIssuer:
		return issuer
	default:
		return a
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// localChecks are what can be checked of the assertion before a server
// sees it: the signature against the key's own public half, aud against
// the server's metadata, and the lifetime. Whether the server trusts the
// issuer, knows its key and the subject only the server can say.
func (f *JWTBearer) localChecks(t *inspect.Token, key *clientkey.Key, now time.Time) inspect.Verification {
	var checks []inspect.Check
	sig := inspect.Check{Name: "signature", Status: inspect.StatusPass,
		Detail: fmt.Sprintf("signed %s with the key given; the server verifies it with the public key it holds for iss %s, which must be this key's (RFC 7523 §3 item 9)", key.Alg, clip(f.issuer, 80))}
	if jws, err := jose.ParseSignedCompact(t.Raw, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(key.Alg)}); err != nil {
		sig.Status, sig.Detail = inspect.StatusFail, "the assertion does not parse as a JWS: "+err.Error()
	} else if _, err := jws.Verify(key.Public()); err != nil {
		sig.Status, sig.Detail = inspect.StatusFail, "the signature does not verify with the key's own public half: "+err.Error()
	}
	checks = append(checks, sig)
	aud := inspect.Check{Name: "aud", Status: inspect.StatusPass}
	switch got := t.StringClaim("aud"); {
	case f.md != nil && got == f.md.TokenEndpoint:
		aud.Detail = "aud is the token endpoint, which RFC 7523 §3 item 3 names as a value the server may use to identify itself"
	case f.md != nil && got == f.md.Issuer:
		aud.Detail = "aud is the issuer; many servers take it (Auth0, RFC 7523bis), others want the token endpoint"
	default:
		aud.Status = inspect.StatusWarn
		aud.Detail = fmt.Sprintf("aud %s is neither the token endpoint nor the issuer of the metadata: the server refuses an assertion that does not name it (RFC 7523 §3 item 3)", clip(got, 120))
	}
	checks = append(checks, aud)
	exp := inspect.Check{Name: "exp", Status: inspect.StatusPass,
		Detail: fmt.Sprintf("valid for %s from iat: short, so that a copied assertion is soon useless (RFC 7523 §3 item 4, §5)", AssertionLifetime)}
	if e, ok := t.Claim("exp"); ok && e.Time != nil && !e.Time.After(now) {
		exp.Status, exp.Detail = inspect.StatusFail, "exp is already past: the server refuses an expired assertion (RFC 7523 §3 item 4)"
	}
	checks = append(checks, exp)
	valid := true
	for _, c := range checks {
		valid = valid && c.Status != inspect.StatusFail
	}
	return inspect.Verification{Checks: checks, Valid: valid}
}

// AssertionError is a JWT bearer assertion that could not be made: no
// subject, no key, a key file unreadable or not a key, an algorithm the
// key cannot sign. Nothing was sent.
type AssertionError struct {
	// Input names the input at fault.
	Input, File, Problem string
	Err                  error
}

func (e *AssertionError) Error() string {
	s := "JWT bearer assertion: "
	if e.File != "" {
		s += "key " + e.File + ": "
	}
	return s + e.Problem
}

func (e *AssertionError) Unwrap() error { return e.Err }

// diagnosis explains an assertion that could not be made.
func (e *AssertionError) diagnosis() *Diagnosis {
	d := &Diagnosis{Code: "assertion", What: "No assertion could be made, so nothing was sent: " + e.Error(), Ref: "RFC 7523 §3"}
	switch e.Input {
	case jwtKeyInput.Name:
		d.Code = "assertion_key"
		d.Causes = []string{"no key was given and the client has none, or the key file is missing, unreadable, encrypted, a public key or certificate only, or of a type that cannot sign the chosen algorithm"}
		d.Try = []string{"give the private key's PEM or JWK file with {setting:jwt-key}", "'oauth-explorer keys generate' makes a new key and prints the public JWK to register for the issuer", "set {setting:jwt-alg} to auto to use the key's usual algorithm"}
	default:
		d.Causes = []string{"a claim the assertion needs was not given"}
		d.Try = []string{"give it with {setting:" + e.Input + "}"}
	}
	return d
}

// bearerClaimTerms explain the claims and header members of a JWT bearer
// assertion, as the authorization grant profile uses them, in the order
// of RFC 7523 §3.
var bearerClaimTerms = []Term{
	{"iss", "who made and signed the assertion: a party the server trusts to vouch for subjects, often the client itself (a service account)", "RFC 7523 §3 item 1"},
	{"sub", "whom the token is for: a user the issuer vouches for (delegation), or the client id when the client asks for itself", "RFC 7523 §3 item 2"},
	{"aud", "the server it is for, its token endpoint URL or issuer; a server refuses an assertion meant for another, so it cannot be replayed elsewhere", "RFC 7523 §3 item 3"},
	{"exp", "when it stops being accepted: a short life, so that a copied assertion is soon useless", "RFC 7523 §3 item 4"},
	{"iat", "when it was made; a server may refuse one made too long ago", "RFC 7523 §3 item 6"},
	{"jti", "a unique id: a server that remembers it until exp refuses the same assertion twice (replay)", "RFC 7523 §3 item 7"},
	{"alg", "how it is signed: RS256, PS256, ES256 or EdDSA with the issuer's private key; never none", "RFC 7523 §3 item 9; RFC 7518 §3.1"},
	{"kid", "which of the issuer's registered public keys verifies it", "RFC 7515 §4.1.4"},
	{"typ", "the media type: a JWT", "RFC 7519 §5.1"},
}

// bearerClaimMeanings are bearerClaimTerms by name.
var bearerClaimMeanings = lazy.Value[map[string]Term]{New: func() map[string]Term {
	m := make(map[string]Term, len(bearerClaimTerms))
	for _, t := range bearerClaimTerms {
		m[t.Name] = t
	}
	return m
}}
