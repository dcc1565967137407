package inspect

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
)

// MaxTokenSize is the largest input Decode accepts, in bytes. Real tokens
// are a few kilobytes; the cap keeps a pasted file from stalling the UI.
const MaxTokenSize = 1 << 20

// partNames names the parts of the compact serializations (RFC 7515 §7.1,
// RFC 7516 §7.1).
func partNames(n int) []string {
	if n == 5 {
		return []string{"header", "encrypted key", "initialization vector", "ciphertext", "authentication tag"}
	}
	return []string{"header", "payload", "signature"}
}

// isTimeClaim reports whether a claim's value is a NumericDate (RFC 7519
// §4.1.4–4.1.6; OIDC Core §2 auth_time, §5.1 updated_at).
func isTimeClaim(name string) bool {
	switch name {
	case "exp", "iat", "nbf", "auth_time", "updated_at":
		return true
	}
	return false
}

// Decode parses a JWT without verifying it (RFC 7519 §7.2 steps 1–10,
// minus signature validation, which is Verify's job).
//
// The input may carry surrounding whitespace, a "Bearer " prefix (RFC 6750
// §2.1) and line breaks from copying; they are removed and the result kept
// in Token.Raw. Three parts make a JWS (RFC 7515 §7.1): header and claims
// are decoded and kept in their original order. Five parts make a JWE
// (RFC 7516 §7.1): only the protected header is decoded, Claims stay nil and
// a warning says so. Base64url padding is tolerated with a warning.
//
// Every error is a *DecodeError matching ErrEmpty, ErrTooLarge, ErrOpaque
// or ErrMalformed. For an input without dots Decode returns both a Token of
// KindOpaque and an error matching ErrOpaque, so that callers can show the
// token's kind and the explanation; in every other error case the Token is
// nil. Decode never panics.
func Decode(s string) (*Token, error) {
	if len(s) > MaxTokenSize {
		size := fmt.Sprintf("%.1f MiB", float64(len(s))/(1<<20))
		if size == "1.0 MiB" {
			size = fmt.Sprintf("%d bytes", len(s))
		}
		return nil, newError(ErrTooLarge, "token is %s; refusing to decode more than 1 MiB", size)
	}
	raw, stripped := normalize(s)
	if raw == "" {
		return nil, newError(ErrEmpty, "no token given: the input is empty")
	}
	n := strings.Count(raw, ".") + 1
	if n == 1 {
		e := newError(ErrOpaque, "this looks like an opaque token, not a JWT: it has no dots, so it cannot be decoded here; only its issuer can say what it means, e.g. through token introspection (RFC 7662)")
		return &Token{Raw: raw, Kind: KindOpaque}, e
	}
	if n != 3 && n != 5 {
		return nil, newError(ErrMalformed, "a JWT has 3 parts (JWS) or 5 (JWE), separated by dots; this has %d", n)
	}
	t := &Token{Raw: raw, Kind: KindJWS}
	if stripped {
		t.Warnings = append(t.Warnings, "whitespace inside the token (line breaks from copying?) was removed before decoding")
	}
	names := partNames(n)
	if n == 5 {
		t.Kind = KindJWE
	}
	decoded := make([][]byte, n)
	offset := 0
	padded := false
	for i, part := range strings.Split(raw, ".") {
		b, pad, err := decodePart(part, names[i], i, n, offset)
		if err != nil {
			return nil, err
		}
		padded = padded || pad
		decoded[i] = b
		offset += len(part) + 1
	}
	if padded {
		t.Warnings = append(t.Warnings, "the token uses base64 padding ('='), which RFC 7515 §2 forbids; it was tolerated here, but strict verifiers reject such tokens")
	}

	var err error
	t.HeaderJSON = decoded[0]
	if t.Header, err = parseObject(decoded[0], "header", 1, n); err != nil {
		return nil, err
	}
	t.readHeader()
	if t.Kind == KindJWE {
		t.Warnings = append(t.Warnings, "encrypted (JWE): payload cannot be read without the recipient's key")
		return t, nil
	}
	t.ClaimsJSON = decoded[1]
	if t.Claims, err = parseObject(decoded[1], "payload", 2, n); err != nil {
		return nil, err
	}
	t.readClaims()
	return t, nil
}

// LooksLikeJWT reports whether s, after the same trimming Decode does, has
// 3 or 5 dot-separated parts made only of base64url characters, with a
// non-empty header and payload (or ciphertext). It does not decode
// anything.
func LooksLikeJWT(s string) bool {
	if len(s) > MaxTokenSize {
		return false
	}
	raw, _ := normalize(s)
	parts := strings.Split(raw, ".")
	switch len(parts) {
	case 3:
		if parts[1] == "" {
			return false
		}
	case 5:
		if parts[3] == "" {
			return false
		}
	default:
		return false
	}
	if parts[0] == "" {
		return false
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c != '.' && c != '=' && !isBase64URL(c) {
			return false
		}
	}
	return true
}

// normalize trims s, drops a "Bearer " prefix (the scheme is
// case-insensitive, RFC 7235 §2.1) and removes inner ASCII whitespace; it
// reports whether inner whitespace was removed.
func normalize(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "bearer") {
		return "", false
	}
	if len(s) > 7 && strings.EqualFold(s[:6], "bearer") && isSpace(s[6]) {
		s = strings.TrimSpace(s[7:])
	}
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }) < 0 {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String(), true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isBase64URL(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// decodePart decodes one base64url part (RFC 7515 §2, no padding); start is
// the part's offset in the token, for error positions.
func decodePart(part, name string, i, n, start int) (b []byte, padded bool, err error) {
	trimmed := strings.TrimRight(part, "=")
	padded = len(trimmed) != len(part)
	b, derr := base64.RawURLEncoding.DecodeString(trimmed)
	if derr == nil {
		return b, padded, nil
	}
	pos := len(trimmed)
	var corrupt base64.CorruptInputError
	if errors.As(derr, &corrupt) {
		pos = int(corrupt)
	}
	// The decoder reports a short final quantum at its start; find the
	// first character outside the alphabet instead, if there is one.
	bad := -1
	for j := 0; j < len(part); j++ {
		if !isBase64URL(part[j]) && !(part[j] == '=' && j >= len(trimmed)) {
			bad = j
			break
		}
	}
	e := &DecodeError{Kind: ErrMalformed, Part: name, Err: derr}
	where := fmt.Sprintf("the %s (part %d of %d)", name, i+1, n)
	if bad >= 0 {
		e.Offset = start + bad
		e.msg = fmt.Sprintf("%s is not valid base64url: character %s at position %d of the part (%d of the token) is not in the base64url alphabet", where, strconv.QuoteRune(badRune(part[bad:])), bad, start+bad)
	} else {
		e.Offset = start + pos
		e.msg = fmt.Sprintf("%s is not valid base64url: its length (%d characters) cannot be decoded; the part looks truncated", where, len(trimmed))
	}
	return nil, padded, e
}

// badRune returns the character starting s, or the byte itself when s
// does not start with valid UTF-8.
func badRune(s string) rune {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		return rune(s[0])
	}
	return r
}

// parseObject decodes a JSON object keeping its members in order, each
// with its raw bytes (a sub-slice of data) and its decoded value.
func parseObject(data []byte, name string, i, n int) ([]Claim, error) {
	bad := func(err error, format string, args ...any) error {
		where := fmt.Sprintf("the %s (part %d of %d)", name, i, n)
		args = append([]any{where}, args...)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			format += fmt.Sprintf(" (at byte %d of the decoded %s)", se.Offset, name)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			format += " (it ends in the middle of the JSON)"
		}
		return &DecodeError{Kind: ErrMalformed, Part: name, Offset: -1, Err: err, msg: fmt.Sprintf(format, args...)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, bad(nil, "%s is empty, but a JWT %s must be a JSON object", name)
	}
	members, err := jsonobject.ReadValues(data)
	if err != nil {
		var je *jsonobject.Error
		errors.As(err, &je)
		switch je.Problem {
		case jsonobject.NotJSON:
			return nil, bad(je.Err, "%s is not JSON: %v", je.Err)
		case jsonobject.NotObject:
			return nil, bad(nil, "%s is JSON %s, but a JWT %s must be a JSON object (RFC 7519 §7.2)", je.Found, name)
		case jsonobject.Trailing:
			return nil, bad(je.Err, "%s has data after its JSON object")
		}
		return nil, bad(je.Err, "%s is not valid JSON: %v", je.Err)
	}
	out := make([]Claim, len(members))
	for i, m := range members {
		out[i] = Claim{Name: m.Name, Raw: m.Raw, Value: m.Value}
	}
	return out, nil
}

// readHeader fills Alg, Kid and Typ and warns about hazards in the header.
func (t *Token) readHeader() {
	t.Warnings = append(t.Warnings, duplicates(t.Header, "header parameter")...)
	alg, ok := lookup(t.Header, "alg")
	switch {
	case !ok:
		t.Warnings = append(t.Warnings, `the header has no "alg" parameter, which every JWS and JWE must have (RFC 7515 §4.1.1, RFC 7516 §4.1.1)`)
	case !isString(alg.Value):
		t.Warnings = append(t.Warnings, `the header's "alg" is not a string, so the token cannot be verified`)
	default:
		t.Alg = alg.Value.(string)
	}
	if t.Kind == KindJWS && ok && strings.EqualFold(t.Alg, "none") {
		t.Warnings = append(t.Warnings, fmt.Sprintf("alg %q: the token is not signed; never accept it", t.Alg))
	}
	if c, ok := lookup(t.Header, "kid"); ok {
		t.Kid, _ = c.Value.(string)
	}
	if c, ok := lookup(t.Header, "typ"); ok {
		t.Typ, _ = c.Value.(string)
	}
	if c, ok := lookup(t.Header, "crit"); ok {
		t.Warnings = append(t.Warnings, fmt.Sprintf("the header marks extensions as critical (crit %s): a verifier that does not understand them must reject the token (RFC 7515 §4.1.11)", sanitize(describeRaw(c.Raw, false))))
	}
}

// readClaims sets Claim.Time for NumericDate claims and warns about
// duplicates and mistyped dates.
func (t *Token) readClaims() {
	t.Warnings = append(t.Warnings, duplicates(t.Claims, "claim")...)
	for i := range t.Claims {
		c := &t.Claims[i]
		if !isTimeClaim(c.Name) {
			continue
		}
		num, ok := c.Value.(json.Number)
		if !ok {
			t.Warnings = append(t.Warnings, fmt.Sprintf("claim %q is %s, but it must be a NumericDate: a number of seconds since 1970-01-01 UTC (RFC 7519 §2)", c.Name, jsonobject.Kind(c.Value)))
			continue
		}
		tm, ok := numericDate(num)
		if !ok {
			t.Warnings = append(t.Warnings, fmt.Sprintf("claim %q is %s, which is not a usable date (it must be seconds since 1970-01-01 UTC, RFC 7519 §2)", c.Name, num))
			continue
		}
		c.Time = &tm
	}
}

// Seconds since the epoch of 0001-01-01 and 9999-12-31T23:59:59Z: the range
// Go formats with a four-digit year.
const (
	minUnix = -62135596800
	maxUnix = 253402300799
)

// numericDate converts a NumericDate (RFC 7519 §2), which may have a
// fraction, to a UTC time; ok is false outside the years 1–9999.
func numericDate(n json.Number) (time.Time, bool) {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		if i < minUnix || i > maxUnix {
			return time.Time{}, false
		}
		return time.Unix(i, 0).UTC(), true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f < minUnix || f > maxUnix {
		return time.Time{}, false
	}
	sec := int64(f)
	nsec := int64((f - float64(sec)) * 1e9)
	return time.Unix(sec, nsec).UTC(), true
}

func duplicates(list []Claim, what string) []string {
	var out []string
	seen := make(map[string]int, len(list))
	for _, c := range list {
		seen[c.Name]++
		if seen[c.Name] == 2 {
			out = append(out, fmt.Sprintf("%s %q appears more than once; RFC 7519 §4 lets parsers reject the token or use the last value (shown here), so different parsers may disagree about it", what, c.Name))
		}
	}
	return out
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}
