// Package jsonobject reads the members of a JSON object in the order they
// were written, duplicates kept. encoding/json's maps lose that order, yet
// a learner should see a token response, a discovery document or a JWT's
// claims as the server wrote them (RFC 8259 §4 leaves member order to the
// writer; a duplicate name is a hazard to show, not to hide). It is the
// one place that walks an object's members with a json.Decoder.
package jsonobject

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Member is one member of a JSON object.
type Member struct {
	Name string
	// Raw is the value as written, without the whitespace around it. It
	// shares the input's memory (its capacity is capped, so appending to
	// it copies).
	Raw json.RawMessage
	// Value is the decoded value, numbers as json.Number; set by
	// ReadValues only.
	Value any
}

// Problem says why the input is not one JSON object.
type Problem int

// The problems Read reports.
const (
	// NotJSON: the input does not begin as a JSON value.
	NotJSON Problem = iota + 1
	// NotObject: the input is a JSON value of another type.
	NotObject
	// Invalid: the object is malformed or cut short.
	Invalid
	// Trailing: something follows the object.
	Trailing
)

// Error is why Read failed. Err is encoding/json's error (a
// *json.SyntaxError, io.ErrUnexpectedEOF), or nil.
type Error struct {
	Problem Problem
	// Found names the JSON type found instead of an object ("an array"),
	// for NotObject.
	Found string
	Err   error
}

// Error implements error.
func (e *Error) Error() string {
	switch e.Problem {
	case NotObject:
		return "JSON " + e.Found + ", not an object"
	case Trailing:
		return "data after the JSON object"
	case NotJSON:
		return fmt.Sprintf("not JSON: %v", e.Err)
	}
	return fmt.Sprintf("not valid JSON: %v", e.Err)
}

// Unwrap returns encoding/json's error.
func (e *Error) Unwrap() error { return e.Err }

// Read returns the members of the JSON object data in order, each with
// its raw value. On error it returns the members read before it, and an
// *Error.
func Read(data []byte) ([]Member, error) { return read(data, false) }

// ReadValues is Read with each member's Value decoded too.
func ReadValues(data []byte) ([]Member, error) { return read(data, true) }

func read(data []byte, values bool) ([]Member, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, &Error{Problem: NotJSON, Err: err}
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &Error{Problem: NotObject, Found: Kind(tok)}
	}
	var (
		out  []Member
		skip json.RawMessage
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out, &Error{Problem: Invalid, Err: err}
		}
		name, _ := tok.(string)
		start := int(dec.InputOffset())
		var v any
		if values {
			err = dec.Decode(&v)
		} else {
			err = dec.Decode(&skip)
		}
		if err != nil {
			return out, &Error{Problem: Invalid, Err: err}
		}
		raw := bytes.TrimLeft(data[start:dec.InputOffset()], " \t\r\n:")
		out = append(out, Member{Name: name, Raw: raw[:len(raw):len(raw)], Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return out, &Error{Problem: Invalid, Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return out, &Error{Problem: Trailing, Err: err}
	}
	return out, nil
}

// Kind names the JSON type of a json.Decoder token or a decoded value:
// "an object", "a string", "null".
func Kind(v any) string {
	switch v := v.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "an unknown JSON value"
}

// Text returns a JSON value as people read it: a string unquoted, any
// other value as written.
func Text(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// IsObject reports whether data, spaces aside, begins as a JSON object.
func IsObject(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) > 0 && data[0] == '{'
}
