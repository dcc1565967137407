package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Real token endpoints bend RFC 6749 §5.1 in ways that cost nothing to
// read: expires_in as a string ("3599", Entra v1 and B2C, PayPal) or with a
// fraction (3600.5), a form-encoded body (GitHub unless asked for JSON),
// no token_type. x/oauth2 refuses some of them outright ("cannot parse
// json: strconv.ParseInt"), which would cost the user the token the server
// did issue; the functions here keep the token and say what was bent.

// readToken turns what x/oauth2 returned for a token request into a
// TokenResponse. A 2xx answer that x/oauth2 refused only over its format
// (a JSON object or form with a usable access_token and no error member)
// still gives its token. Any other error is classified as usual. The notes
// name every format quirk found.
func readToken(endpoint string, tok *oauth2.Token, err error, ex *Exchange, now time.Time) (*TokenResponse, []string, error) {
	if err != nil {
		var re *oauth2.RetrieveError
		lenient, ok := (*oauth2.Token)(nil), false
		if !errors.As(err, &re) {
			lenient, ok = tokenDespiteFormat(ex)
		}
		if !ok {
			return nil, nil, classify(endpoint, err, ex)
		}
		tok = lenient
	}
	tr := newTokenResponse(tok, ex, now)
	return tr, formatNotes(tr, ex), nil
}

// tokenDespiteFormat reads the token from a 2xx response x/oauth2 could not
// parse, or reports that there is none to read.
func tokenDespiteFormat(ex *Exchange) (*oauth2.Token, bool) {
	if ex == nil || ex.Response == nil || ex.Response.Truncated || ex.Response.StatusCode/100 != 2 {
		return nil, false
	}
	fields, _ := orderedFields(ex.Response.Header.Get("Content-Type"), ex.Response.Body)
	str := func(name string) string { return stringField(fields, name) }
	if str("access_token") == "" || hasField(fields, "error") {
		return nil, false
	}
	extra := map[string]any{}
	for _, f := range fields {
		var v any
		if json.Unmarshal(f.Raw, &v) == nil {
			extra[f.Name] = v
		}
	}
	tok := &oauth2.Token{AccessToken: str("access_token"), TokenType: str("token_type"), RefreshToken: str("refresh_token")}
	return tok.WithExtra(extra), true
}

func hasField(fields []Field, name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// formatNotes names how a token response departs from RFC 6749 §5.1's
// format without costing its token.
func formatNotes(tr *TokenResponse, ex *Exchange) []string {
	var notes []string
	if ex != nil && ex.Response != nil {
		ct, _, _ := mime.ParseMediaType(ex.Response.Header.Get("Content-Type"))
		if ct == "application/x-www-form-urlencoded" || ct == "text/plain" {
			notes = append(notes, fmt.Sprintf("the token response is form-encoded (%s), not the JSON object RFC 6749 §5.1 requires (GitHub answers so unless the request says Accept: application/json); it is read all the same and shown as JSON, numbers as numbers", ct))
		}
	}
	if _, note, _ := readExpiresIn(tr.Fields); note != "" {
		notes = append(notes, note)
	}
	if tr.Fields != nil && !hasField(tr.Fields, "token_type") {
		notes = append(notes, "the token response has no token_type, which RFC 6749 §5.1 requires; the access token is used as a Bearer token (RFC 6750)")
	}
	return notes
}

// maxExpiresIn bounds the lifetimes read, in seconds: past it (about 292
// years) a time.Duration overflows.
const maxExpiresIn = float64(math.MaxInt64 / int64(time.Second))

// readExpiresIn reads expires_in as RFC 6749 §5.1 has it (an integer
// number of seconds) or as servers send it: a string ("3599"), a number
// with a fraction (3600.5, rounded down: the token is not assumed to live
// longer than it does). The note says how it departs from the RFC; an
// unreadable value gives 0 and a note; one out of any clock's range gives
// an error (checkTokenResponse reports it).
func readExpiresIn(fields []Field) (int64, string, error) {
	for _, f := range fields {
		if f.Name != "expires_in" {
			continue
		}
		raw := strings.TrimSpace(string(f.Raw))
		text, quoted := raw, false
		var s string
		if json.Unmarshal(f.Raw, &s) == nil {
			text, quoted = strings.TrimSpace(s), true
		}
		if raw == "null" {
			return 0, "expires_in is null: the token's lifetime is unknown (RFC 6749 §5.1 wants a number of seconds)", nil
		}
		v, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Sprintf("expires_in is %s, not a number of seconds (RFC 6749 §5.1): the token's lifetime is unknown", clip(raw, 40)), nil
		}
		if math.Abs(v) >= maxExpiresIn {
			return 0, "", fmt.Errorf("sent expires_in %s, a lifetime no clock can hold: the server's configuration is broken", clip(raw, 40))
		}
		secs := int64(math.Floor(v))
		_, intErr := strconv.ParseInt(text, 10, 64)
		switch {
		case quoted && intErr == nil:
			return secs, fmt.Sprintf("expires_in is the string %s, not a number as RFC 6749 §5.1 wants (Entra's v1 endpoints and B2C send it so): read as %d seconds", clip(raw, 40), secs), nil
		case intErr != nil:
			return secs, fmt.Sprintf("expires_in is %s, not an integer as RFC 6749 §5.1 wants: read as %d seconds", clip(raw, 40), secs), nil
		}
		return secs, "", nil
	}
	return 0, "", nil
}

// clip shortens a value quoted in a note.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// formValueJSON is the JSON for one member of a form-encoded token
// response: a plain integer is a number, as it would be in the JSON the
// RFC asks for (expires_in=28800 is 28800); the token, secret and text
// members stay strings whatever they hold.
func formValueJSON(name, v string) json.RawMessage {
	switch strings.ToLower(name) {
	case "token_type", "scope", "state", "error", "error_description", "error_uri":
	default:
		if !IsSecretName(name) && isPlainInteger(v) {
			return json.RawMessage(v)
		}
	}
	raw, _ := json.Marshal(v)
	return raw
}

// isPlainInteger reports whether v is a decimal integer that JSON and a
// float64 both hold exactly: no sign, no leading zero, at most 15 digits.
func isPlainInteger(v string) bool {
	if v == "" || len(v) > 15 || (len(v) > 1 && v[0] == '0') {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}
