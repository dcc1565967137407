package flows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// Field is one member of a token response, in the order the server sent it.
type Field struct {
	Name string
	// Raw is the JSON value as received.
	Raw json.RawMessage
}

// Text returns the member's value as people read it: a string unquoted,
// any other value as the server wrote it.
func (f Field) Text() string { return jsonobject.Text(f.Raw) }

// TokenResponse is a successful token endpoint response (RFC 6749 §5.1).
type TokenResponse struct {
	AccessToken  string
	TokenType    string
	RefreshToken string
	IDToken      string
	Scope        string
	// ExpiresIn is the lifetime in seconds the server gave (0 if none) and
	// Expiry the time it ends, computed when the response arrived.
	ExpiresIn int64
	Expiry    time.Time
	Obtained  time.Time
	// Fields lists the response members in the order received, and JSON is
	// the response as a JSON object (a form-encoded response is converted).
	Fields []Field
	JSON   json.RawMessage
}

// newTokenResponse combines x/oauth2's parsed token with the raw body, which
// keeps the fields' order and any extension members. The refresh, ID and
// scope members are those the response carried: x/oauth2 copies the
// refresh token of a refresh request into a response that had none.
func newTokenResponse(tok *oauth2.Token, ex *Exchange, now time.Time) *TokenResponse {
	tr := &TokenResponse{
		AccessToken:  tok.AccessToken,
		TokenType:    tok.TokenType,
		RefreshToken: tok.RefreshToken,
		Obtained:     now,
	}
	if s, ok := tok.Extra("id_token").(string); ok {
		tr.IDToken = s
	}
	if s, ok := tok.Extra("scope").(string); ok {
		tr.Scope = s
	}
	if ex != nil && ex.Response != nil {
		tr.Fields, tr.JSON = orderedFields(ex.Response.Header.Get("Content-Type"), ex.Response.Body)
	}
	if tr.Fields != nil {
		tr.RefreshToken = stringField(tr.Fields, "refresh_token")
	}
	// x/oauth2 leaves ExpiresIn unset on some paths (client credentials,
	// form-encoded bodies) and refuses some forms of it: read it from the
	// response, and time the expiry by this flow's clock.
	tr.ExpiresIn, _, _ = readExpiresIn(tr.Fields)
	if tr.Fields == nil {
		tr.ExpiresIn = tok.ExpiresIn
		if tr.ExpiresIn == 0 && !tok.Expiry.IsZero() {
			tr.ExpiresIn = int64(tok.Expiry.Sub(now).Round(time.Second) / time.Second)
		}
	}
	if tr.ExpiresIn > 0 {
		tr.Expiry = now.Add(time.Duration(tr.ExpiresIn) * time.Second)
	}
	if tr.JSON == nil {
		m := map[string]any{"access_token": tr.AccessToken, "token_type": tr.TokenType}
		if tr.RefreshToken != "" {
			m["refresh_token"] = tr.RefreshToken
		}
		if tr.ExpiresIn != 0 {
			m["expires_in"] = tr.ExpiresIn
		}
		tr.JSON, _ = json.Marshal(m)
	}
	return tr
}

// stringField returns the member name of fields when it is a string.
func stringField(fields []Field, name string) string {
	for _, f := range fields {
		if f.Name == name {
			var s string
			_ = json.Unmarshal(f.Raw, &s)
			return s
		}
	}
	return ""
}

// checkTokenResponse reports what makes a token response unusable even
// though it parsed (RFC 6749 §5.1). The token is still returned to the
// user: it is theirs to judge.
func checkTokenResponse(endpoint string, tr *TokenResponse) error {
	if !safetext.PrintableToken(tr.AccessToken) {
		// Such a token cannot go in an Authorization header, and printed
		// raw it would steer the terminal of whoever reads it.
		return &HTTPError{Endpoint: endpoint, HTTPStatus: 200, Status: "200 OK",
			Problem: fmt.Sprintf("sent an access_token holding characters outside %%x20-7E (%s): a protocol error (RFC 6749 Appendix A.12); it is shown escaped", firstUnprintable(tr.AccessToken))}
	}
	if _, _, err := readExpiresIn(tr.Fields); err != nil {
		return &HTTPError{Endpoint: endpoint, HTTPStatus: 200, Status: "200 OK", Problem: err.Error()}
	}
	if tr.ExpiresIn < 0 {
		return &HTTPError{Endpoint: endpoint, HTTPStatus: 200, Status: "200 OK",
			Problem: fmt.Sprintf("sent expires_in %d: a negative lifetime means the token is expired on arrival; the server's configuration or clock is broken", tr.ExpiresIn)}
	}
	return nil
}

// firstUnprintable names the first character of tok outside %x20-7E and
// where it is, in a form that is itself printable: "U+001B at byte 4".
func firstUnprintable(tok string) string {
	for i, r := range tok {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(tok[i:], "\uFFFD"):
			return fmt.Sprintf("the byte 0x%02x, not UTF-8, at byte %d", tok[i], i)
		case r < 0x20 || r > 0x7e:
			return fmt.Sprintf("%U at byte %d", r, i)
		}
	}
	return ""
}

// expiresIn reads expires_in in any of the forms readExpiresIn accepts.
func expiresIn(fields []Field) int64 {
	v, _, _ := readExpiresIn(fields)
	return v
}

// orderedFields reads the members of a JSON object, or of a form-encoded
// body, in order.
func orderedFields(contentType string, body []byte) ([]Field, json.RawMessage) {
	ct, _, _ := mime.ParseMediaType(contentType)
	if ct == "application/x-www-form-urlencoded" || ct == "text/plain" {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil
		}
		var fields []Field
		seen := map[string]bool{}
		var js bytes.Buffer
		js.WriteByte('{')
		for _, kv := range strings.Split(string(body), "&") {
			k, _, _ := strings.Cut(kv, "=")
			k, _ = url.QueryUnescape(k)
			if seen[k] || k == "" {
				continue
			}
			seen[k] = true
			raw := formValueJSON(k, vals.Get(k))
			fields = append(fields, Field{Name: k, Raw: raw})
			if js.Len() > 1 {
				js.WriteByte(',')
			}
			name, _ := json.Marshal(k)
			js.Write(name)
			js.WriteByte(':')
			js.Write(raw)
		}
		js.WriteByte('}')
		return fields, js.Bytes()
	}
	fields, err := objectFields(body)
	if err != nil {
		return nil, nil
	}
	return fields, append(json.RawMessage(nil), bytes.TrimSpace(body)...)
}

// objectFields lists the members of a JSON object in order.
func objectFields(body []byte) ([]Field, error) {
	members, err := jsonobject.Read(body)
	if err != nil {
		return nil, err
	}
	fields := make([]Field, len(members))
	for i, m := range members {
		fields[i] = Field{Name: m.Name, Raw: m.Raw}
	}
	return fields, nil
}

// IndentedJSON is the response as a JSON object, indented for reading
// and copying; "" when there is none.
func (t *TokenResponse) IndentedJSON() string {
	if t == nil || len(t.JSON) == 0 {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, t.JSON, "", "  "); err != nil {
		return string(t.JSON)
	}
	return b.String()
}
