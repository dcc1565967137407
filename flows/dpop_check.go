package flows

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// dpopCheckName is the name of the binding check, in an access token's
// checklist and in a TokenCheckError.
const dpopCheckName = "cnf.jkt"

// review adds to a step's result what DPoP did and found: the notes of
// the transport (a nonce retry), the binding of a token response
// (token_type, cnf.jkt) and the cnf.jkt check in the checklist of an
// access token the step verified. A token bound to another key fails the
// step. Nil-safe: without DPoP it does nothing.
func (t *dpopTransport) review(r *Result) {
	if t == nil {
		return
	}
	r.Notes = append(r.Notes, t.takeNotes()...)
	if r.Token != nil && r.Status != Failed {
		notes, err := t.binding(r.Token)
		r.Notes = append(r.Notes, notes...)
		if err != nil {
			*r = failed(*r, err)
		}
	}
	for i := range r.Inspections {
		in := &r.Inspections[i]
		if in.Label != "access token" || in.Verification == nil || in.Token == nil || in.Token.Kind != inspect.KindJWS {
			continue
		}
		c := t.jktCheck(in.Token)
		in.Verification.Checks = append(in.Verification.Checks, c)
		if c.Status == inspect.StatusFail {
			in.Verification.Valid = false
			if r.Status != Failed {
				*r = failed(*r, &TokenCheckError{Token: in.Label, Check: c.Name, Detail: c.Detail})
			}
		}
	}
}

// binding says how the server answered a token request that carried a
// proof: token_type DPoP, or a bearer token though DPoP was asked (RFC
// 9449 §5), and whether a JWT access token's cnf.jkt names this run's
// key (§6.1). The error is a token bound to another key.
func (t *dpopTransport) binding(tr *TokenResponse) ([]string, error) {
	var notes []string
	if !strings.EqualFold(tr.TokenType, dpopScheme) {
		notes = append(notes, fmt.Sprintf("token_type is %q, not DPoP, though the token request carried a DPoP proof: the server ignored DPoP (it may not support it) and issued a bearer token, which anyone who holds it can use; the client presents it as Bearer (RFC 9449 §5)", tr.TokenType))
	} else {
		notes = append(notes, "token_type is DPoP: the access token is bound to this run's key, so it is sent as Authorization: DPoP with a fresh proof, and a copy is useless without the private key (RFC 9449 §5, §7.1)")
	}
	at, err := inspect.Decode(tr.AccessToken)
	if err != nil || at.Kind != inspect.KindJWS {
		if strings.EqualFold(tr.TokenType, dpopScheme) {
			notes = append(notes, "the access token is not a JWT the client can read: its binding (cnf.jkt) is for the resource server to learn, by introspection (RFC 9449 §6.2)")
		}
		return notes, nil
	}
	c := t.jktCheck(at)
	switch c.Status {
	case inspect.StatusFail:
		return notes, &TokenCheckError{Token: "access token", Check: c.Name, Detail: c.Detail}
	case inspect.StatusPass:
		notes = append(notes, c.Detail)
	default:
		if strings.EqualFold(tr.TokenType, dpopScheme) {
			notes = append(notes, c.Detail)
		}
	}
	return notes, nil
}

// jktCheck compares the cnf.jkt claim of a JWT access token with the
// thumbprint of the run's key (RFC 9449 §6.1, RFC 7638).
func (t *dpopTransport) jktCheck(at *inspect.Token) inspect.Check {
	c := inspect.Check{Name: dpopCheckName}
	cl, ok := at.Claim("cnf")
	var cnf struct {
		JKT string `json:"jkt"`
	}
	if ok {
		_ = json.Unmarshal(cl.Raw, &cnf)
	}
	switch {
	case cnf.JKT == "":
		c.Status = inspect.StatusWarn
		c.Detail = "the access token has no cnf.jkt claim: nothing in it binds it to this run's DPoP key, so a resource server reading it alone would take it as a bearer token (RFC 9449 §6.1)"
	case cnf.JKT == t.jkt:
		c.Status = inspect.StatusPass
		c.Detail = "cnf.jkt is the SHA-256 thumbprint (RFC 7638) of this run's DPoP public key: the token is bound to it, and a resource server accepts it only with a proof signed by that key (RFC 9449 §6.1)"
	default:
		c.Status = inspect.StatusFail
		c.Detail = fmt.Sprintf("cnf.jkt is %s, but this run's DPoP key has the thumbprint %s: the token is bound to another key, so no proof this client can sign will make it usable (RFC 9449 §6.1)", cnf.JKT, t.jkt)
	}
	return c
}
