package flows

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// EditJWTClaim sets claim of the JWT token's payload to value WITHOUT
// signing it again: the header and the signature stay those of the
// original, so that a server that checks the signature (RFC 7515 §5.2)
// refuses it. value is read as JSON when it is JSON (a number, true, an
// array, a quoted string), else taken as a string; an empty value removes
// the claim. The other claims keep their order and their bytes.
func EditJWTClaim(token, claim, value string) (string, error) {
	parts := strings.Split(token, ".")
	t, err := inspect.Decode(token)
	if err != nil || len(parts) != 3 || t.Kind != inspect.KindJWS {
		return "", errors.New("not a signed JWT (three parts separated by dots, a JSON object in the middle)")
	}
	raw := json.RawMessage(value)
	if !json.Valid(raw) {
		raw, _ = json.Marshal(value)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	write := func(name string, v []byte) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		n, _ := json.Marshal(name)
		b.Write(n)
		b.WriteByte(':')
		b.Write(v)
	}
	found := false
	for _, c := range t.Claims {
		switch {
		case c.Name != claim:
			write(c.Name, c.Raw)
		case value != "":
			found = true
			write(claim, raw)
		default:
			found = true
		}
	}
	if !found && value != "" {
		write(claim, raw)
	}
	b.WriteByte('}')
	parts[1] = base64.RawURLEncoding.EncodeToString(b.Bytes())
	return strings.Join(parts, "."), nil
}

// jwtIn returns the JWT in a part's value (the whole value, or the
// credential after an Authorization header's scheme) and what comes
// before it, ok false when the value holds no signed JWT.
func jwtIn(v string) (prefix, token string, ok bool) {
	if scheme, cred, found := strings.Cut(v, " "); found && !strings.Contains(scheme, ".") {
		prefix, v = scheme+" ", cred
	}
	if strings.Count(v, ".") != 2 || !strings.HasPrefix(v, "eyJ") {
		return "", "", false
	}
	return prefix, v, true
}

// HasJWTAt reports whether part i holds a signed JWT whose claims
// EditClaimAt can alter.
func (lr LabRequest) HasJWTAt(i int) bool {
	if i < 0 || i >= len(lr.Parts) {
		return false
	}
	_, _, ok := jwtIn(lr.Parts[i].Value)
	return ok
}

// ClaimsAt lists the claims of the JWT in part i, in order, each as its
// name and its JSON value as written; nil when the part holds none.
func (lr LabRequest) ClaimsAt(i int) [][2]string {
	if !lr.HasJWTAt(i) {
		return nil
	}
	_, tok, _ := jwtIn(lr.Parts[i].Value)
	t, err := inspect.Decode(tok)
	if err != nil || t.Kind != inspect.KindJWS {
		return nil
	}
	out := make([][2]string, len(t.Claims))
	for j, c := range t.Claims {
		out[j] = [2]string{c.Name, string(c.Raw)}
	}
	return out
}

// EditClaimAt alters claim of the JWT in part i without signing it again
// (see EditJWTClaim); lr is not changed.
func (lr LabRequest) EditClaimAt(i int, claim, value string) (LabRequest, error) {
	if !lr.HasJWTAt(i) {
		return lr, errors.New("this value is not a signed JWT")
	}
	prefix, tok, _ := jwtIn(lr.Parts[i].Value)
	edited, err := EditJWTClaim(tok, claim, value)
	if err != nil {
		return lr, err
	}
	return lr.SetAt(i, prefix+edited), nil
}
