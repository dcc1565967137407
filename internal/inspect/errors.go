package inspect

import (
	"errors"
	"fmt"
)

// Sentinel errors for errors.Is. Every error Decode returns is a
// *DecodeError that matches exactly one of them.
var (
	// ErrEmpty means the input held no token at all.
	ErrEmpty = errors.New("empty token")
	// ErrTooLarge means the input exceeded MaxTokenSize.
	ErrTooLarge = errors.New("token too large")
	// ErrOpaque means the input has no dots, so it is not a JWT but an
	// opaque token (RFC 6749 §1.4) whose meaning only its issuer knows.
	// Decode returns a Token of KindOpaque together with this error.
	ErrOpaque = errors.New("opaque token")
	// ErrMalformed means the input looks like a JWT but breaks RFC 7519
	// §7.2: wrong number of parts, bad base64url, or a header or payload
	// that is not a JSON object.
	ErrMalformed = errors.New("malformed token")
)

// DecodeError explains why Decode rejected a token. Its message is a plain
// sentence meant to be shown as is.
type DecodeError struct {
	// Kind is ErrEmpty, ErrTooLarge, ErrOpaque or ErrMalformed.
	Kind error
	// Part names the part at fault ("header", "payload", "signature",
	// "encrypted key", "initialization vector", "ciphertext",
	// "authentication tag"), or is "" when the token as a whole is.
	Part string
	// Offset is the byte offset in Token.Raw form (the trimmed token) of
	// the first bad character, or -1 when no single character is at fault.
	Offset int
	// Err is the underlying base64 or JSON error, if any.
	Err error

	msg string
}

// Error returns the plain-language explanation.
func (e *DecodeError) Error() string { return e.msg }

// Unwrap returns Kind and, when set, Err, so that errors.Is matches both.
func (e *DecodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(kind error, format string, args ...any) *DecodeError {
	return &DecodeError{Kind: kind, Offset: -1, msg: fmt.Sprintf(format, args...)}
}
