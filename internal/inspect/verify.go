package inspect

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Status is the outcome of one Check.
//
// The zero value is not a valid Status, so a Check that was never filled in
// does not read as a pass.
type Status int

const (
	// StatusPass means the check succeeded.
	StatusPass Status = iota + 1
	// StatusFail means the token must be rejected for this reason.
	StatusFail
	// StatusWarn means the check passed or could not decide, but something
	// deserves attention (clock skew, an HMAC signature, an unchecked nonce).
	StatusWarn
	// StatusSkip means the check was not run, usually because the option it
	// needs was not given.
	StatusSkip
)

// String returns "pass", "fail", "warn" or "skip".
func (s Status) String() string {
	switch s {
	case StatusPass:
		return "pass"
	case StatusFail:
		return "fail"
	case StatusWarn:
		return "warn"
	case StatusSkip:
		return "skip"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Check is the result of one verification step.
type Check struct {
	// Name is the claim or property checked: "signature" (which also
	// covers the key's kid, alg and use), "alg", "iss",
	// "aud", "azp", "exp", "nbf", "iat", "nonce" or "at_hash".
	Name string
	// Status is the outcome.
	Status Status
	// Detail explains the outcome in one or two plain sentences.
	Detail string
	// Problem names what failed, for a failed signature check, so that a
	// diagnosis can name the same cause: one of the Problem… constants,
	// "" for the other checks.
	Problem string
	// Err is the error behind a check that could not run (the JWKS could
	// not be fetched), nil otherwise.
	Err error
}

// The problems of a failed signature check (Check.Problem).
const (
	// ProblemNoToken: there was no token.
	ProblemNoToken = "no_token"
	// ProblemJWE: the token is encrypted (5 parts, RFC 7516 §9).
	ProblemJWE = "jwe"
	// ProblemOpaque: the token is not a JWT.
	ProblemOpaque = "opaque"
	// ProblemUnsigned: alg "none" (RFC 7519 §6).
	ProblemUnsigned = "unsigned"
	// ProblemNoAlg: the header has no alg (RFC 7515 §4.1.1).
	ProblemNoAlg = "no_alg"
	// ProblemAlgUnsupported: alg is not an asymmetric signing algorithm.
	ProblemAlgUnsupported = "alg_unsupported"
	// ProblemJWKSUnreadable: the key set could not be fetched or read;
	// Check.Err says why.
	ProblemJWKSUnreadable = "jwks_unreadable"
	// ProblemJWKSEmpty: the key set holds no key.
	ProblemJWKSEmpty = "jwks_empty"
	// ProblemKidUnknown: no key carries the token's kid (RFC 7515 §4.1.4).
	ProblemKidUnknown = "kid_unknown"
	// ProblemKeyUse: the keys with the kid are not for signatures (RFC
	// 7517 §4.2).
	ProblemKeyUse = "key_use"
	// ProblemKeyAlg: the keys with the kid are for another algorithm (RFC
	// 7517 §4.4).
	ProblemKeyAlg = "key_alg"
	// ProblemBadSignature: a key was found and the signature is wrong.
	ProblemBadSignature = "bad_signature"
	// ProblemPayloadMismatch: the verified payload is not the decoded one.
	ProblemPayloadMismatch = "payload_mismatch"
)

// DefaultLeeway is the clock skew VerifyOptions.Leeway allows when left at
// zero. One minute absorbs ordinary NTP drift without hiding a token that
// is really expired; go-oidc allows five minutes for nbf only.
const DefaultLeeway = time.Minute

// VerifyOptions says what Verify compares the token against. Every field
// is optional: a check whose expected value is missing is skipped (or
// warns, when the token carries a value nobody checked).
type VerifyOptions struct {
	// Keys supplies the JWK Set that verifies the signature (RFC 7515
	// §5.2): RemoteKeys for the provider's jwks_uri, or StaticKeys. The
	// key is chosen by the token's kid and must allow the token's alg
	// and signing use (RFC 7517 §4.2, §4.4). Nil skips the signature check.
	Keys KeySource
	// JWKSURL names where Keys come from, for the check's detail; when
	// empty, a Keys that is a fmt.Stringer (RemoteKeys) names itself.
	JWKSURL string
	// Issuer is the expected "iss" (OIDC Core §3.1.3.7 step 2; RFC 9068
	// §4), compared exactly.
	Issuer string
	// Audience lists acceptable "aud" values (OIDC Core §3.1.3.7 step 3;
	// RFC 9068 §4); the token passes if its aud contains any of them.
	Audience []string
	// ClientID is this client's ID, compared with "azp" when the token has
	// one (OIDC Core §2).
	ClientID string
	// Nonce is the nonce sent in the authentication request (OIDC Core
	// §3.1.3.7 step 11).
	Nonce string
	// AccessToken is the access token issued with this ID token, checked
	// against "at_hash" (OIDC Core §3.1.3.6).
	AccessToken string
	// SupportedAlgs are the provider's advertised signing algorithms
	// (id_token_signing_alg_values_supported, OIDC Discovery §3); the
	// token's alg must be one of them (OIDC Core §3.1.3.7 step 7).
	SupportedAlgs []string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Leeway is the clock skew allowed for exp, nbf and iat. Zero means
	// DefaultLeeway; a negative value means none.
	Leeway time.Duration
	// JWTAccessToken says the token is an access token (RFC 9068), not an
	// ID token: the checks that exist only for ID tokens (nonce, OIDC
	// Core §3.1.3.7 step 11; at_hash, §3.1.3.6) do not apply to it and
	// are left out rather than reported as skipped, and azp (OIDC Core
	// §2) is checked only when the token has one (Keycloak's do).
	JWTAccessToken bool
}

// Verification is the outcome of Verify.
type Verification struct {
	// Checks are the individual checks, in the order a reader should see
	// them: signature, alg, iss, aud, azp, exp, nbf, iat, nonce, at_hash.
	Checks []Check
	// Valid is true when no check failed. It does not mean every check ran:
	// a skipped signature check leaves Valid true, so look at Checks before
	// trusting the claims.
	Valid bool
}

// Verify checks a decoded token the way a relying party validates an ID
// token (OIDC Core §3.1.3.7, with at_hash per §3.1.3.6) and a resource
// server validates a JWT access token (RFC 9068 §4). It never returns
// early: every check is reported, so that a learner sees all that is wrong
// at once. The signature is verified with a key from opts.Keys, which may
// fetch them over the network using ctx; go-jose does the cryptography.
//
// A token that is not a JWS (a JWE, an opaque token, or nil) cannot be
// checked; Verify then returns a single failed "signature" check saying why.
func Verify(ctx context.Context, t *Token, opts VerifyOptions) Verification {
	v := verifier{opts: opts, now: time.Now(), leeway: DefaultLeeway}
	if opts.Now != nil {
		v.now = opts.Now()
	}
	switch {
	case opts.Leeway < 0:
		v.leeway = 0
	case opts.Leeway > 0:
		v.leeway = opts.Leeway
	}
	var checks []Check
	switch {
	case t == nil:
		checks = []Check{{Name: "signature", Status: StatusFail, Problem: ProblemNoToken, Detail: "There is no token to verify."}}
	case t.Kind == KindJWE:
		checks = []Check{{Name: "signature", Status: StatusFail, Problem: ProblemJWE, Detail: "The token has 5 parts: it is encrypted (JWE), not signed (RFC 7516 §9), so only its recipient, who holds the decryption key, can read it (for an access token, the resource server). Its signature and claims can be checked only after decrypting it (RFC 7516 §5.2), which this tool cannot do."}}
	case t.Kind != KindJWS:
		checks = []Check{{Name: "signature", Status: StatusFail, Problem: ProblemOpaque, Detail: "The token is not a JWT, so there is no signature or claim to check; ask its issuer through token introspection (RFC 7662)."}}
	default:
		checks = []Check{
			v.signature(ctx, t),
			v.alg(t),
			v.iss(t),
			v.aud(t),
		}
		if _, has := t.Claim("azp"); has || !opts.JWTAccessToken {
			checks = append(checks, v.azp(t))
		}
		checks = append(checks, v.exp(t), v.nbf(t), v.iat(t))
		if !opts.JWTAccessToken {
			checks = append(checks, v.nonce(t), v.atHash(t))
		}
	}
	res := Verification{Checks: checks, Valid: true}
	for _, c := range checks {
		if c.Status == StatusFail {
			res.Valid = false
		}
	}
	return res
}

// verifier carries the options with the clock read once, so that every
// check judges the same instant.
type verifier struct {
	opts   VerifyOptions
	now    time.Time
	leeway time.Duration
}

func (v *verifier) signature(ctx context.Context, t *Token) Check {
	c := Check{Name: "signature"}
	fail := func(problem, format string, args ...any) Check {
		c.Status, c.Problem, c.Detail = StatusFail, problem, fmt.Sprintf(format, args...)
		return c
	}
	alg := t.Alg
	switch {
	case isNone(alg):
		return fail(ProblemUnsigned, "Unsigned token: alg %q carries no signature, so anyone could have written it; never accept it.", alg)
	case alg == "":
		return fail(ProblemNoAlg, "The header names no signing algorithm (alg), so the signature cannot be checked (RFC 7515 §4.1.1).")
	case isHMAC(alg):
		c.Status, c.Detail = StatusSkip, fmt.Sprintf("HMAC-signed (%s): verifiable only with the shared secret, which a JWKS never publishes, so the signature was not checked.", alg)
		return c
	case v.opts.Keys == nil:
		c.Status, c.Detail = StatusSkip, "No JWKS was given, so the signature was not checked and the claims are unverified."
		return c
	}
	from := v.keySource()
	key := "a key"
	if t.Kid != "" {
		key = fmt.Sprintf("kid %q", t.Kid)
	}
	alg = sanitize(alg)
	set, err := v.opts.Keys.KeySet(ctx)
	if err != nil {
		c = fail(ProblemJWKSUnreadable, "The keys could not be read (%s), so the signature (%s, %s) was not checked.", sanitize(strings.TrimSuffix(err.Error(), ".")), key, alg)
		c.Err = err
		return c
	}
	jws, err := jose.ParseSignedCompact(t.Raw, signingAlgs)
	if err != nil {
		return fail(ProblemAlgUnsupported, "The signature (%s) cannot be checked with a JWKS: %s (RFC 7518 §3.1).", alg, sanitize(err.Error()))
	}
	if len(set.Keys) == 0 {
		return fail(ProblemJWKSEmpty, "%s has no keys (none at all, or none of a type and curve this tool can read, RFC 7517 §5), so the signature (%s, %s) cannot be checked: the jwks_uri is wrong, or the provider has not published its signing keys.", upperFirst(v.setName()), key, alg)
	}
	ch := chooseKeys(set, t.Kid, t.Alg)
	switch {
	case ch.matching == 0:
		return fail(ProblemKidUnknown, "No key with %s in %s (the JWKS has: %s), so the signature cannot be checked. If the provider rotated its keys, fetch them again; otherwise the token comes from another issuer or tenant, or was signed by someone else.", key, v.setName(), kidNames(set))
	case len(ch.usable) == 0 && ch.byUse == len(ch.refused):
		return fail(ProblemKeyUse, "The key for %s in %s is for %s, not sig: %s.", key, v.setName(), sanitize(ch.use), strings.Join(ch.refused, "; "))
	case len(ch.usable) == 0:
		return fail(ProblemKeyAlg, "No key from %s may verify this token (%s, %s): %s.", from, key, alg, strings.Join(ch.refused, "; "))
	}
	var reasons []string
	for i := range ch.usable {
		k := &ch.usable[i]
		payload, err := jws.Verify(k)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("key %s: %s", keyName(*k), sanitize(err.Error())))
			continue
		}
		if !bytes.Equal(payload, t.ClaimsJSON) {
			return fail(ProblemPayloadMismatch, "The key set verified a payload that differs from the decoded one, so the claims shown cannot be trusted.")
		}
		c.Status, c.Detail = StatusPass, fmt.Sprintf("The signature is valid: verified with %s (%s) from %s.", key, alg, from)
		if k.KeyID == "" || t.Kid == "" {
			c.Detail = fmt.Sprintf("The signature is valid: verified with key %s (%s) from %s.", keyName(*k), alg, from)
		}
		return c
	}
	c = fail(ProblemBadSignature, "The signature (%s, %s) did not verify with the keys from %s (%s): the token was altered or signed by someone else.", key, alg, from, strings.Join(reasons, "; "))
	if len(ch.refused) > 0 {
		c.Detail += " Other keys with that kid were refused: " + strings.Join(ch.refused, "; ") + "."
	}
	return c
}

// setName names the key set for a sentence: "the JWKS at URL", or "the
// given key set".
func (v *verifier) setName() string {
	if from := v.keySource(); from != "the given key set" {
		return "the JWKS at " + from
	}
	return "the given key set"
}

// upperFirst capitalises the first letter of a sentence.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// keySource names where the keys come from, for the details.
func (v *verifier) keySource() string {
	if v.opts.JWKSURL != "" {
		return sanitize(v.opts.JWKSURL)
	}
	if s, ok := v.opts.Keys.(fmt.Stringer); ok && s.String() != "" {
		return sanitize(s.String())
	}
	return "the given key set"
}

func (v *verifier) alg(t *Token) Check {
	c := Check{Name: "alg"}
	alg := t.Alg
	supported := v.opts.SupportedAlgs
	switch {
	case alg == "":
		c.Status, c.Detail = StatusFail, "The header has no usable alg parameter, which RFC 7515 §4.1.1 requires."
	case isNone(alg):
		c.Status, c.Detail = StatusFail, fmt.Sprintf("alg %q means the token is unsigned (RFC 7519 §6); a relying party must reject it (OIDC Core §3.1.3.7 step 7).", alg)
	case len(supported) > 0 && !contains(supported, alg):
		c.Status, c.Detail = StatusFail, fmt.Sprintf("alg %q is not among the provider's advertised signing algorithms (%s), so the token must be rejected (OIDC Core §3.1.3.7 step 7).", alg, quoteList(supported))
	case isHMAC(alg):
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("HMAC-signed (%s): verifiable only with the shared secret, and anyone holding that secret, the client included, could have made this token.", alg)
	case len(supported) > 0:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("alg %q is among the provider's advertised signing algorithms (%s).", alg, quoteList(supported))
	default:
		c.Status, c.Detail = StatusSkip, fmt.Sprintf("No list of the provider's signing algorithms was given, so alg %q was not compared against one.", alg)
	}
	return c
}

// isNone matches "none" in any case: some libraries once compared it
// case-sensitively, and attackers used "None" and "NONE" to slip past.
func isNone(alg string) bool { return strings.EqualFold(alg, "none") }

// isHMAC matches HS256, HS384 and HS512 (RFC 7518 §3.2).
func isHMAC(alg string) bool { return strings.HasPrefix(alg, "HS") }

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
