package flows

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// authorizationDetailsInput is Rich Authorization Requests' parameter
// (RFC 9396 §2): what the client asks for, beyond scopes, as a JSON array
// of objects, each naming its type.
var authorizationDetailsInput = Input{
	Name:  "authorization-details",
	Label: "Auth. details",
	Help:  `Optional: fine-grained authorization as a JSON array of objects, each with a "type", e.g. [{"type":"payment_initiation","actions":["initiate"]}]; on the command line @FILE reads a file (RFC 9396 §2).`,
	Flag:  "authorization-details",
	File:  true,
	Check: checkAuthorizationDetails,
}

// termAuthorizationDetails explains the parameter in the authorization
// request and the PAR request, fieldAuthorizationDetails the member of a
// token response.
var (
	termAuthorizationDetails = Term{"authorization_details",
		"what the client asks for in detail, beyond scopes (Rich Authorization Requests): a JSON array of objects, each naming its type (a payment, an account, an API) and, as that type defines, actions, locations, datatypes, identifier or amounts; the server shows them at consent and may grant less",
		"RFC 9396 §2, §3"}
	fieldAuthorizationDetails = Term{"authorization_details",
		"the authorization details the server granted (Rich Authorization Requests): what the access token may do, perhaps less than asked, or enriched by the server (an account chosen by the user at consent); the API reads the same in the token or by introspection",
		"RFC 9396 §7, §9"}
)

// checkAuthorizationDetails accepts a JSON array of objects, each with a
// non-empty string "type" (RFC 9396 §2): a mistake is told with its
// line and column before anything is sent.
func checkAuthorizationDetails(v string) error {
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(v), &items); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := position(v, se.Offset)
			return fmt.Errorf("not valid JSON at line %d, column %d: %s (RFC 9396 §2 wants a JSON array)", line, col, se.Error())
		case errors.As(err, &te):
			return fmt.Errorf("a JSON %s where a JSON array of objects, [{\"type\": …}], is due (RFC 9396 §2)", te.Value)
		}
		return fmt.Errorf("not valid JSON: %w", err)
	}
	if len(items) == 0 {
		return errors.New(`an empty array asks for nothing: give at least one object with a "type" (RFC 9396 §2)`)
	}
	for i, it := range items {
		var obj map[string]json.RawMessage
		if json.Unmarshal(it, &obj) != nil {
			return fmt.Errorf("item %d is not a JSON object: each authorization detail is an object with a \"type\" (RFC 9396 §2)", i+1)
		}
		var typ string
		if json.Unmarshal(obj["type"], &typ) != nil || typ == "" {
			return fmt.Errorf("item %d has no \"type\" string: every authorization detail names its type (RFC 9396 §2)", i+1)
		}
	}
	return nil
}

// position returns the 1-based line and column of the byte before offset
// in s, where encoding/json reports a syntax error.
func position(s string, offset int64) (line, col int) {
	if offset > int64(len(s)) {
		offset = int64(len(s))
	}
	before := s[:max(offset-1, 0)]
	line = strings.Count(before, "\n") + 1
	col = len(before) - strings.LastIndex(before, "\n")
	return line, col
}

// compactJSON returns a valid JSON document without its blanks, for a URL;
// anything else as it is, for the check to refuse.
func compactJSON(v string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(v)) != nil {
		return strings.TrimSpace(v)
	}
	return b.String()
}

// detailTypes returns the types of a valid authorization_details value.
func detailTypes(v string) []string {
	var items []struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal([]byte(v), &items)
	var out []string
	for _, it := range items {
		out = append(out, it.Type)
	}
	return out
}

// detailsTypeNotes compares the types asked for with the server's
// authorization_details_types_supported (RFC 9396 §10).
func (f *AuthCode) detailsTypeNotes() []string {
	if f.details == "" || f.md == nil {
		return nil
	}
	listed := f.md.AuthorizationDetailsTypesSupported
	if len(listed) == 0 {
		return []string{"authorization_details sent; the server's metadata lists no authorization_details_types_supported, so it may not support Rich Authorization Requests (RFC 9396 §10)"}
	}
	var notes []string
	for _, t := range detailTypes(f.details) {
		if !slices.Contains(listed, t) {
			notes = append(notes, fmt.Sprintf("authorization_details type %q is not in the server's authorization_details_types_supported (%s): expect invalid_authorization_details (RFC 9396 §5, §10)", t, strings.Join(listed, ", ")))
		}
	}
	return notes
}

// detailsTokenNote says what the token response did with the
// authorization_details asked for (RFC 9396 §7).
func (f *AuthCode) detailsTokenNote() string {
	if f.details == "" || f.tok == nil {
		return ""
	}
	if stringOrRaw(f.tok.Fields, "authorization_details") == "" {
		return "authorization_details were asked for, but the token response carries none: the server may ignore Rich Authorization Requests (RFC 9396 §7)"
	}
	return "the token response carries the authorization_details granted (RFC 9396 §7): compare them with those asked for; the server may grant less, or add what the user chose at consent"
}

// stringOrRaw returns the raw JSON of the member name of fields, "" when
// absent.
func stringOrRaw(fields []Field, name string) string {
	for _, fl := range fields {
		if fl.Name == name {
			return string(fl.Raw)
		}
	}
	return ""
}
