package inspect

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// iss: OIDC Core §3.1.3.7 step 2, RFC 9068 §4.
func (v *verifier) iss(t *Token) Check {
	c := Check{Name: "iss"}
	want := v.opts.Issuer
	claim, has := t.Claim("iss")
	got, isStr := claim.Value.(string)
	switch {
	case want == "":
		c.Status, c.Detail = StatusSkip, "No expected issuer was given, so iss was not checked."
	case !has:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("The token has no iss claim, but issuer %q was expected (OIDC Core §3.1.3.7).", want)
	case !isStr:
		c.Status, c.Detail = StatusFail, "The iss claim is not a string, so it cannot name the expected issuer (RFC 7519 §4.1.1)."
	case got != want:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("iss is %q but %q was expected: the token comes from a different issuer (OIDC Core §3.1.3.7).", got, want)
		if strings.TrimSuffix(got, "/") == strings.TrimSuffix(want, "/") {
			c.Detail += " They differ only by a trailing slash, which still counts: issuers are compared exactly."
		}
	default:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("iss is %q, the expected issuer.", got)
	}
	return c
}

// aud: OIDC Core §3.1.3.7 step 3, RFC 9068 §4.
func (v *verifier) aud(t *Token) Check {
	c := Check{Name: "aud"}
	want := v.opts.Audience
	claim, has := t.Claim("aud")
	got := t.Audience()
	switch {
	case len(want) == 0:
		c.Status, c.Detail = StatusSkip, "No expected audience was given, so aud was not checked."
		return c
	case !has:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("The token has no aud claim, so it is not addressed to %s (RFC 7519 §4.1.3).", quoteList(want))
		return c
	case len(got) == 0:
		c.Status, c.Detail = StatusFail, "The aud claim is neither a string nor an array of strings (RFC 7519 §4.1.3)."
		return c
	}
	for _, g := range got {
		if contains(want, g) {
			c.Status, c.Detail = StatusPass, fmt.Sprintf("aud contains %q, an expected audience.", g)
			return c
		}
	}
	c.Status, c.Detail = StatusFail, fmt.Sprintf("aud is %s, which contains none of the expected audiences (%s): the token was issued for another client or API (OIDC Core §3.1.3.7, RFC 9068 §4).", jsonText(claim), quoteList(want))
	return c
}

// azp: OIDC Core §2 and §3.1.3.7 steps 4–5. Step 4 is a SHOULD, so a
// missing azp beside several audiences warns rather than fails.
func (v *verifier) azp(t *Token) Check {
	c := Check{Name: "azp"}
	claim, has := t.Claim("azp")
	got, isStr := claim.Value.(string)
	switch {
	case !has && v.opts.ClientID != "" && len(t.Audience()) > 1:
		// A token for several audiences should name the party it was
		// issued to, or any of them could present it as its own.
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("The token is for %d audiences but has no azp claim naming the party it was issued to; a client should expect one (OIDC Core §3.1.3.7 step 4).", len(t.Audience()))
	case !has:
		c.Status, c.Detail = StatusSkip, "The token has no azp claim, so there is no authorized party to compare."
	case !isStr:
		c.Status, c.Detail = StatusFail, "The azp claim is not a string (OIDC Core §2)."
	case v.opts.ClientID == "":
		c.Status, c.Detail = StatusSkip, fmt.Sprintf("azp is %q, but no client ID was given to compare it with.", got)
	case got != v.opts.ClientID:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("azp is %q but this client is %q: the token was issued to another party (OIDC Core §2).", got, v.opts.ClientID)
	default:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("azp is %q, this client's ID.", got)
	}
	return c
}

// exp: RFC 7519 §4.1.4, OIDC Core §3.1.3.7 step 9.
func (v *verifier) exp(t *Token) Check {
	c := Check{Name: "exp"}
	claim, has := t.Claim("exp")
	switch {
	case !has:
		c.Status, c.Detail = StatusFail, "The token has no exp claim, so it never expires; ID tokens (OIDC Core §2) and JWT access tokens (RFC 9068 §2.2) must have one."
		return c
	case claim.Time == nil:
		c.Status, c.Detail = StatusFail, "The exp claim is not a NumericDate (seconds since 1970-01-01 UTC), so when the token expires is unknown (RFC 7519 §4.1.4)."
		return c
	}
	exp := *claim.Time
	when := FormatUTC(exp)
	switch {
	case !v.now.Before(exp.Add(v.leeway)):
		c.Status, c.Detail = StatusFail, fmt.Sprintf("The token expired %s (%s) and must no longer be accepted (RFC 7519 §4.1.4).", Relative(exp, v.now), when)
	case !v.now.Before(exp):
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("The token expired %s (%s), but within the %s leeway allowed for clock skew.", Relative(exp, v.now), when, leewayText(v.leeway))
	default:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("The token expires %s (%s).", Relative(exp, v.now), when)
	}
	return c
}

// nbf: RFC 7519 §4.1.5.
func (v *verifier) nbf(t *Token) Check {
	c := Check{Name: "nbf"}
	claim, has := t.Claim("nbf")
	switch {
	case !has:
		c.Status, c.Detail = StatusSkip, "The token has no nbf claim, so it is valid from the moment it was issued."
		return c
	case claim.Time == nil:
		c.Status, c.Detail = StatusFail, "The nbf claim is not a NumericDate (seconds since 1970-01-01 UTC), so when the token becomes valid is unknown (RFC 7519 §4.1.5)."
		return c
	}
	nbf := *claim.Time
	when := FormatUTC(nbf)
	switch {
	case v.now.Add(v.leeway).Before(nbf):
		c.Status, c.Detail = StatusFail, fmt.Sprintf("The token is not valid yet: it becomes valid %s (%s) (RFC 7519 §4.1.5).", Relative(nbf, v.now), when)
	case v.now.Before(nbf):
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("The token becomes valid %s (%s), which is within the %s leeway allowed for clock skew.", Relative(nbf, v.now), when, leewayText(v.leeway))
	default:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("The token became valid %s (%s).", Relative(nbf, v.now), when)
	}
	return c
}

// iat: RFC 7519 §4.1.6, OIDC Core §3.1.3.7 step 10.
func (v *verifier) iat(t *Token) Check {
	c := Check{Name: "iat"}
	claim, has := t.Claim("iat")
	switch {
	case !has:
		c.Status, c.Detail = StatusWarn, "The token has no iat claim; ID tokens (OIDC Core §2) and JWT access tokens (RFC 9068 §2.2) must have one."
		return c
	case claim.Time == nil:
		c.Status, c.Detail = StatusFail, "The iat claim is not a NumericDate (seconds since 1970-01-01 UTC), so when the token was issued is unknown (RFC 7519 §4.1.6)."
		return c
	}
	iat := *claim.Time
	when := FormatUTC(iat)
	ahead := iat.Sub(v.now)
	switch {
	case ahead >= time.Second && ahead > v.leeway:
		c.Status, c.Detail = StatusWarn, fmt.Sprintf("The token was issued %s in the future (%s): clock skew between this machine and the server?", twoUnits(uint64(diffSeconds(iat, v.now))), when)
	case ahead >= time.Second:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("The token was issued %s in the future (%s), within the %s leeway allowed for clock skew.", twoUnits(uint64(diffSeconds(iat, v.now))), when, leewayText(v.leeway))
	default:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("The token was issued %s (%s).", Relative(iat, v.now), when)
	}
	return c
}

// nonce: OIDC Core §3.1.3.7 step 11.
func (v *verifier) nonce(t *Token) Check {
	c := Check{Name: "nonce"}
	want := v.opts.Nonce
	claim, has := t.Claim("nonce")
	got, isStr := claim.Value.(string)
	switch {
	case want == "" && has:
		c.Status, c.Detail = StatusWarn, "The token carries a nonce, but no expected nonce was given, so it was not checked."
	case want == "":
		c.Status, c.Detail = StatusSkip, "No nonce was expected and the token has none."
	case !has:
		c.Status, c.Detail = StatusFail, "The token has no nonce claim, but a nonce was sent in the authentication request, so a replayed token cannot be told apart (OIDC Core §3.1.3.7)."
	case !isStr || got != want:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("nonce is %s but %q was sent: the token does not answer this authentication request and may be a replay (OIDC Core §3.1.3.7).", jsonText(claim), want)
	default:
		c.Status, c.Detail = StatusPass, "nonce matches the value sent in the authentication request."
	}
	return c
}

// at_hash: OIDC Core §3.1.3.6.
func (v *verifier) atHash(t *Token) Check {
	c := Check{Name: "at_hash"}
	claim, has := t.Claim("at_hash")
	got, _ := claim.Value.(string)
	switch {
	case v.opts.AccessToken == "" && has:
		c.Status, c.Detail = StatusSkip, "The token has an at_hash claim, but no access token was given to compare it with."
		return c
	case v.opts.AccessToken == "":
		c.Status, c.Detail = StatusSkip, "No access token was given, so at_hash was not checked."
		return c
	case !has:
		c.Status, c.Detail = StatusSkip, "The token has no at_hash claim; it is optional when the access token comes from the token endpoint (OIDC Core §3.1.3.8)."
		return c
	}
	want, hashName, ok := atHashOf(t.Alg, v.opts.AccessToken)
	switch {
	case !ok:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("at_hash cannot be computed for alg %q: OIDC Core §3.1.3.6 takes the hash from the signing algorithm, and this one names none.", t.Alg)
	case got != want:
		c.Status, c.Detail = StatusFail, fmt.Sprintf("at_hash is %s but the access token hashes to %q (left half of its %s, base64url): the ID token was not issued with this access token (OIDC Core §3.1.3.6).", jsonText(claim), want, hashName)
	default:
		c.Status, c.Detail = StatusPass, fmt.Sprintf("at_hash matches the access token (left half of its %s, base64url, OIDC Core §3.1.3.6).", hashName)
	}
	return c
}

// atHashOf computes at_hash (OIDC Core §3.1.3.6): the base64url encoding of
// the left half of the access token's hash, where the hash is the one the
// ID token's alg uses. EdDSA (Ed25519) uses SHA-512, as go-oidc does; ok
// is false for an alg that implies no hash.
func atHashOf(alg, accessToken string) (sum, hashName string, ok bool) {
	var h hash.Hash
	switch {
	case strings.HasSuffix(alg, "256"):
		h, hashName = sha256.New(), "SHA-256"
	case strings.HasSuffix(alg, "384"):
		h, hashName = sha512.New384(), "SHA-384"
	case strings.HasSuffix(alg, "512"), alg == "EdDSA":
		h, hashName = sha512.New(), "SHA-512"
	default:
		return "", "", false
	}
	h.Write([]byte(accessToken))
	b := h.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(b[:len(b)/2]), hashName, true
}

func leewayText(d time.Duration) string {
	if d < time.Second {
		return "zero"
	}
	return twoUnits(uint64(d / time.Second))
}

// jsonText shows a claim's value as JSON: strings quoted (and escaped),
// anything else compact.
func jsonText(c Claim) string {
	if s, ok := c.Value.(string); ok {
		return strconv.Quote(s)
	}
	return sanitize(describeRaw(c.Raw, false))
}
