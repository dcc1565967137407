package inspect

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// Kind says which serialization a token uses.
//
// The zero value is not a valid Kind, so a Token that was never filled in
// does not pass for a JWS.
type Kind int

const (
	// KindJWS is a signed JWT in JWS compact serialization (RFC 7515 §7.1):
	// header.payload.signature.
	KindJWS Kind = iota + 1
	// KindJWE is an encrypted JWT in JWE compact serialization (RFC 7516
	// §7.1): header.encrypted_key.iv.ciphertext.tag. Only the protected
	// header can be read without the recipient's private key.
	KindJWE
	// KindOpaque is a token with no structure the client may rely on, such
	// as a random access token string (RFC 6749 §1.4). Only its issuer can
	// say what it means, e.g. through introspection (RFC 7662).
	KindOpaque
)

// String returns "JWS", "JWE" or "opaque".
func (k Kind) String() string {
	switch k {
	case KindJWS:
		return "JWS"
	case KindJWE:
		return "JWE"
	case KindOpaque:
		return "opaque"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Claim is one member of a JOSE header (RFC 7515 §4) or of a JWT claims set
// (RFC 7519 §4).
type Claim struct {
	// Name is the member name, e.g. "iss" or "kid".
	Name string
	// Raw is the member's JSON value exactly as it appears in the token.
	// It shares memory with the Token's HeaderJSON or ClaimsJSON; do not
	// modify it.
	Raw json.RawMessage
	// Value is Raw decoded with json.Decoder.UseNumber: string, json.Number,
	// bool, nil, []any or map[string]any.
	Value any
	// Time is set for the NumericDate claims (RFC 7519 §2) exp, iat, nbf,
	// auth_time and updated_at (OIDC Core §2, §5.1) when their value is a
	// number between the years 1 and 9999. It is always in UTC.
	Time *time.Time
}

// Describe returns the claim's value for people: FormatTime for a time
// claim, a string as it is, the elements of an array joined by ", ", and
// anything else (objects, numbers, booleans, null) as compact JSON.
//
// Control and bidirectional-formatting characters are shown escaped (e.g.
// \u001b) so that a token cannot drive the terminal it is shown in.
func (c Claim) Describe(now time.Time) string {
	if c.Time != nil {
		return FormatTime(*c.Time, now)
	}
	raw := c.Raw
	if len(raw) == 0 {
		b, err := json.Marshal(c.Value)
		if err != nil {
			return ""
		}
		raw = b
	}
	return sanitize(describeRaw(raw, true))
}

// describeRaw renders one JSON value; arrays are expanded one level only,
// so nested arrays stay JSON.
func describeRaw(raw json.RawMessage, expandArray bool) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s
		}
	case '[':
		if !expandArray {
			break
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			break
		}
		if len(elems) == 0 {
			return "[]"
		}
		parts := make([]string, len(elems))
		for i, e := range elems {
			parts[i] = describeRaw(e, false)
		}
		return strings.Join(parts, ", ")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

// sanitize shows a value from a token safely: the program's one sanitizer
// for untrusted text (see package safetext).
func sanitize(s string) string { return safetext.Line(s) }

// Token is a decoded, unverified JWT. Decode fills it in; Verify checks it.
type Token struct {
	// Raw is the token as decoded: surrounding whitespace, a "Bearer "
	// prefix and line breaks removed.
	Raw string
	// Kind is KindJWS, KindJWE or KindOpaque.
	Kind Kind
	// Header holds the JOSE header parameters (RFC 7515 §4, RFC 7516 §4)
	// in their original order; for a JWE, the protected header.
	Header []Claim
	// HeaderJSON is the decoded header JSON, byte for byte.
	HeaderJSON json.RawMessage
	// Claims holds the JWT claims (RFC 7519 §4) in their original order,
	// duplicates included. It is nil for a JWE.
	Claims []Claim
	// ClaimsJSON is the decoded payload JSON, byte for byte; nil for a JWE.
	ClaimsJSON json.RawMessage
	// Alg, Kid and Typ are the header's "alg" (RFC 7515 §4.1.1), "kid"
	// (§4.1.4) and "typ" (§4.1.9) when they are strings, else "".
	Alg, Kid, Typ string
	// Warnings are hazards found while decoding, as plain sentences, e.g.
	// an unsigned token (alg "none") or duplicate claim names.
	Warnings []string
}

// Heading names the token's kind in a line, for a report's title: an
// encrypted JWT, a signed one, or one whose alg is "none" and so is not
// signed at all (RFC 7519 §6).
func (t *Token) Heading() string {
	switch {
	case t.Kind == KindJWE:
		return "JWE: an encrypted JWT (RFC 7516); only its header can be read without the recipient's key"
	case strings.EqualFold(t.Alg, "none"):
		return `JWS with alg "none": an unsigned JWT, which anyone can write (RFC 7519 §6)`
	}
	return "JWS: a signed JWT (RFC 7515, RFC 7519)"
}

// Expired reports whether the token has an exp claim before now: read
// without checking its signature, a decoded token still says that much.
func (t *Token) Expired(now time.Time) (time.Time, bool) {
	c, ok := t.Claim("exp")
	if !ok || c.Time == nil {
		return time.Time{}, false
	}
	return *c.Time, c.Time.Before(now)
}

// Claim returns the claim called name. If the name occurs more than once it
// returns the last occurrence, as RFC 7519 §4 allows parsers to do.
func (t *Token) Claim(name string) (Claim, bool) {
	if t == nil {
		return Claim{}, false
	}
	return lookup(t.Claims, name)
}

// StringClaim returns the claim called name if it is a JSON string, else "".
func (t *Token) StringClaim(name string) string {
	c, ok := t.Claim(name)
	if !ok {
		return ""
	}
	s, _ := c.Value.(string)
	return s
}

// Audience returns the "aud" claim (RFC 7519 §4.1.3), which may be a single
// string or an array of strings. Non-string array elements are left out;
// nil means no usable audience.
func (t *Token) Audience() []string {
	c, ok := t.Claim("aud")
	if !ok {
		return nil
	}
	switch v := c.Value.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func lookup(list []Claim, name string) (Claim, bool) {
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Name == name {
			return list[i], true
		}
	}
	return Claim{}, false
}
