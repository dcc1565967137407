package flows

import (
	"errors"
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// ClaimChange is one claim of two tokens compared: what it was in the
// first, what it is in the second.
type ClaimChange struct {
	Name string
	// Before and After are the claim's JSON values as the tokens carry
	// them; "" when the token has no such claim.
	Before, After string
	// Kind says how the claim differs.
	Kind ChangeKind
	// Meaning is what the claim is for (the claims glossary), "" when
	// the glossary does not know it.
	Meaning string
}

// ChangeKind is how a claim differs between two tokens.
type ChangeKind int

// The kinds of change.
const (
	// ClaimSame: the same value in both.
	ClaimSame ChangeKind = iota
	// ClaimChanged: another value.
	ClaimChanged
	// ClaimAdded: only the second token has it.
	ClaimAdded
	// ClaimRemoved: only the first token has it.
	ClaimRemoved
	// ClaimTime: a time claim (iat, exp, nbf, auth_time) that differs,
	// as it does between any two tokens issued at different times.
	ClaimTime
)

// CompareTokens compares the claims of two JWTs, decoded without
// verification (both were verified, or not, where they were obtained):
// first the claims of before in their order, then those only after has.
// It answers what changed when a setting changed between two runs (the
// scope, the audience, the client). An error names the token that is not
// a JWT with readable claims.
func CompareTokens(before, after string) ([]ClaimChange, error) {
	a, err := claimsOf("the first token", before)
	if err != nil {
		return nil, err
	}
	b, err := claimsOf("the second token", after)
	if err != nil {
		return nil, err
	}
	var out []ClaimChange
	seen := map[string]bool{}
	for _, c := range a {
		seen[c.Name] = true
		ch := ClaimChange{Name: c.Name, Before: string(c.Raw), Kind: ClaimRemoved}
		if other, ok := find(b, c.Name); ok {
			ch.After = string(other.Raw)
			switch {
			case ch.After == ch.Before:
				ch.Kind = ClaimSame
			case c.Time != nil && other.Time != nil:
				ch.Kind = ClaimTime
			default:
				ch.Kind = ClaimChanged
			}
		}
		out = append(out, withMeaning(ch))
	}
	for _, c := range b {
		if !seen[c.Name] {
			out = append(out, withMeaning(ClaimChange{Name: c.Name, After: string(c.Raw), Kind: ClaimAdded}))
		}
	}
	return out, nil
}

// claimsOf decodes tok's claims; what names the token in an error.
func claimsOf(what, tok string) ([]inspect.Claim, error) {
	if tok == "" {
		return nil, errors.New(what + " is missing")
	}
	t, err := inspect.Decode(tok)
	if err != nil {
		return nil, fmt.Errorf("%s is not a JWT: %w", what, err)
	}
	if t.Kind == inspect.KindJWE {
		return nil, errors.New(what + " is encrypted (JWE): its claims cannot be read")
	}
	return t.Claims, nil
}

func find(cs []inspect.Claim, name string) (inspect.Claim, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return inspect.Claim{}, false
}

func withMeaning(ch ClaimChange) ClaimChange {
	if d, ok := inspect.ExplainClaim(ch.Name); ok {
		ch.Meaning = d.Meaning
	}
	return ch
}
