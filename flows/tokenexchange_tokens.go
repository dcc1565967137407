package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// inspectGiven decodes the subject token and the actor token, without
// verifying them: the authorization server is the one that judges them
// (RFC 8693 §2.1). The Claims tab shows whom they name, for the issued
// token to be compared with; the notes say what the server will make of
// them.
func (f *TokenExchange) inspectGiven(context.Context) Result {
	r := Result{Status: Done}
	if f.subject == "" {
		r.Status = Skipped
		r.Notes = append(r.Notes, "no subject token was given: give one with {setting:subject-token}")
		return r
	}
	var notes []string
	f.subjectTok, notes = f.decodeGiven(&r, "subject token", f.subject, f.subjectType)
	r.Notes = append(r.Notes, notes...)
	if f.actor != "" {
		f.actorTok, notes = f.decodeGiven(&r, "actor token", f.actor, f.actorType)
		r.Notes = append(r.Notes, notes...)
	}
	if m := mayAct(f.subjectTok); m != "" {
		switch actor := f.actorTok.StringClaim("sub"); {
		case f.actor == "":
			r.Notes = append(r.Notes, fmt.Sprintf("the subject token's may_act names %s as a party that may act for its subject; no actor token is sent, so this exchange asks for no delegation (RFC 8693 §4.4)", m))
		case actor != "" && actor != m:
			r.Notes = append(r.Notes, fmt.Sprintf("the subject token's may_act names %s, but the actor token's sub is %s: a server that honours may_act refuses the exchange (RFC 8693 §4.4)", m, clip(actor, 80)))
		}
	}
	return r
}

// decodeGiven decodes one token given to the exchange as typ, adding its
// inspection to r, and says what it names and what might be wrong with
// it: a token type that does not match what it looks like, an exp
// already past.
func (f *TokenExchange) decodeGiven(r *Result, label, raw, typ string) (*inspect.Token, []string) {
	t, err := inspect.Decode(raw)
	in := Inspection{Label: label, Token: t, DecodeErr: err}
	r.Inspections = append(r.Inspections, in)
	switch {
	case errors.Is(err, inspect.ErrOpaque):
		return nil, []string{fmt.Sprintf("the %s is opaque, not a JWT: only its issuer can read it, and will look it up when it judges the exchange", label)}
	case err != nil:
		return nil, []string{fmt.Sprintf("the %s could not be decoded (%s): a server that expects a JWT of type %s refuses it with invalid_request", label, err.Error(), typeName(typ))}
	case t.Kind != inspect.KindJWS:
		return nil, []string{fmt.Sprintf("the %s is encrypted (JWE): only its recipient can read it", label)}
	}
	var notes []string
	who := "sub " + clip(t.StringClaim("sub"), 80)
	if c := t.StringClaim("client_id"); c != "" {
		who += ", client_id " + clip(c, 80)
	}
	notes = append(notes, fmt.Sprintf("the %s names %s; sent as %s", label, who, typeName(typ)))
	if exp, ok := t.Claim("exp"); ok && exp.Time != nil && !exp.Time.After(f.opts.now()) {
		notes = append(notes, fmt.Sprintf("the %s expired %s: the server refuses an expired token (invalid_request, RFC 8693 §2.2.2)", label, inspect.Relative(*exp.Time, f.opts.now())))
	}
	if looks := looksLike(t); looks != "" && looks != typ && typ != TokenTypeJWT {
		notes = append(notes, fmt.Sprintf("the %s looks like %s but is sent as %s: the server may refuse it with invalid_request; set the type to what the token is", label, typeName(looks), typeName(typ)))
	}
	return t, notes
}

// looksLike guesses a JWT's token type from its content: typ at+jwt is an
// access token (RFC 9068 §2.1); a nonce or at_hash is an ID token's
// (OIDC Core §2, §3.1.3.6). "" when it cannot tell.
func looksLike(t *inspect.Token) string {
	if t == nil {
		return ""
	}
	if c, ok := lookupHeader(t, "typ"); ok && strings.EqualFold(c, "at+jwt") {
		return TokenTypeAccessToken
	}
	if _, ok := t.Claim("nonce"); ok {
		return TokenTypeIDToken
	}
	if _, ok := t.Claim("at_hash"); ok {
		return TokenTypeIDToken
	}
	return ""
}

// lookupHeader returns the string header parameter called name.
func lookupHeader(t *inspect.Token, name string) (string, bool) {
	for _, c := range t.Header {
		if c.Name == name {
			s, ok := c.Value.(string)
			return s, ok
		}
	}
	return "", false
}

// verify checks the issued token as the other grants check an access
// token, then says whether it is a delegation token (act names the actor)
// or an impersonation token (no act), with a check of its own on the
// Claims tab (RFC 8693 §1.1, §4.1).
func (f *TokenExchange) verify(ctx context.Context) Result {
	r := verifyAccessToken(ctx, f.client, f.rec, f.md, f.provider, f.tok, f.opts)
	if len(r.Inspections) == 0 {
		return r
	}
	in := &r.Inspections[0]
	in.Label = issuedLabel(f.issuedType)
	if in.Token == nil || in.Token.Kind != inspect.KindJWS {
		return r
	}
	c := actCheck(in.Token, f.subjectTok, f.actorTok, f.actor != "")
	if in.Verification != nil {
		in.Verification.Checks = append(in.Verification.Checks, c)
	}
	r.Notes = append(r.Notes, c.Detail)
	if sub, was := in.Token.StringClaim("sub"), f.subjectTok.StringClaim("sub"); f.subjectTok != nil && sub != was {
		r.Notes = append(r.Notes, fmt.Sprintf("the issued token's sub is %s where the subject token's was %s: the server mapped the subject to another identifier (RFC 8693 §2.1 leaves it to its policy)", clip(sub, 80), clip(was, 80)))
	}
	return r
}

// issuedLabel names the issued token on the Claims tab by its
// issued_token_type (RFC 8693 §2.2.1).
func issuedLabel(issued string) string {
	switch issued {
	case TokenTypeAccessToken, "":
		return "issued access token"
	case TokenTypeIDToken:
		return "issued ID token"
	case TokenTypeJWT:
		return "issued JWT"
	}
	return "issued token"
}

// actCheck says whether the issued token t is a delegation token or an
// impersonation token (RFC 8693 §1.1), against what was sent: with an
// actor token, act should name the actor token's subject (§4.1); without
// one, no act means the client may pass for the subject. A mismatch is a
// warning, not a failure: the server's policy decides.
func actCheck(t, subject, actor *inspect.Token, actorSent bool) inspect.Check {
	c := inspect.Check{Name: "act", Status: inspect.StatusPass}
	sub := clip(t.StringClaim("sub"), 80)
	act, hasAct := t.Claim("act")
	chain := actorChain(act.Value)
	switch {
	case hasAct && len(chain) == 0:
		c.Status = inspect.StatusWarn
		c.Detail = "act is present but names no sub: an actor claim must identify the actor (RFC 8693 §4.1)"
	case hasAct:
		c.Detail = fmt.Sprintf("delegation: %s acts on behalf of %s; the token says both, so the API can tell who is acting (RFC 8693 §1.1, §4.1)", chain[0], sub)
		if len(chain) > 1 {
			c.Detail += fmt.Sprintf("; before it, %s acted (nested act: the chain of delegation, newest first)", strings.Join(chain[1:], ", then "))
		}
		if want := actor.StringClaim("sub"); actorSent && want != "" && want != chain[0] {
			c.Status = inspect.StatusWarn
			c.Detail += fmt.Sprintf("; the actor token's sub was %s, not %s", clip(want, 80), chain[0])
		}
		if !actorSent {
			c.Detail += "; no actor token was sent: the server named the actor itself (often the client)"
		}
	case actorSent:
		c.Status = inspect.StatusWarn
		c.Detail = fmt.Sprintf("impersonation: an actor token was sent but the issued token has no act, so whoever presents it passes for %s and the API cannot tell who acts (RFC 8693 §1.1, §4.1)", sub)
	default:
		c.Detail = fmt.Sprintf("impersonation: no act claim, so whoever presents the token passes for %s and the API cannot tell that someone else acts; send an actor token for delegation (RFC 8693 §1.1)", sub)
	}
	if subject != nil {
		if _, had := subject.Claim("act"); had && !hasAct {
			c.Status = inspect.StatusWarn
			c.Detail += "; the subject token carried an act that the issued token dropped"
		}
	}
	return c
}

// actorChain returns the sub of an act claim's value and of the acts
// nested in it, outermost (the current actor) first (RFC 8693 §4.1).
func actorChain(v any) []string {
	var out []string
	for depth := 0; depth < 16; depth++ {
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		s, _ := m["sub"].(string)
		if s == "" {
			break
		}
		out = append(out, clip(s, 80))
		v = m["act"]
	}
	return out
}

// mayAct returns the sub of t's may_act claim (RFC 8693 §4.4), "" when
// there is none.
func mayAct(t *inspect.Token) string {
	c, ok := t.Claim("may_act")
	if !ok {
		return ""
	}
	if chain := actorChain(c.Value); len(chain) > 0 {
		return chain[0]
	}
	return ""
}

// typeName shortens an RFC 8693 §3 token type URN to its last part
// ("access_token"); another value is returned clipped.
func typeName(urn string) string {
	if s, ok := strings.CutPrefix(urn, "urn:ietf:params:oauth:token-type:"); ok {
		return s
	}
	return clip(urn, 80)
}

// issuedNotes say what the answer issued (RFC 8693 §2.2.1): the type in
// issued_token_type, which may differ from what was asked, and a
// token_type of N_A for a token that is not an access token.
func issuedNotes(requested, issued string, tr *TokenResponse) []string {
	var notes []string
	switch issued {
	case "":
		notes = append(notes, "the response has no issued_token_type, which RFC 8693 §2.2.1 requires: what the access_token member holds is not said; it is taken for an access token")
	case TokenTypeAccessToken:
		notes = append(notes, "issued_token_type is access_token: the access_token member holds an access token for the target asked (RFC 8693 §2.2.1)")
	default:
		notes = append(notes, fmt.Sprintf("issued_token_type is %s: the access_token member holds that token, not an access token; RFC 8693 §2.2.1 names the member so whatever it holds", typeName(issued)))
	}
	if requested != "" && issued != "" && requested != issued {
		notes = append(notes, fmt.Sprintf("asked for %s, the server issued %s: requested_token_type is a wish the server may not grant (RFC 8693 §2.1)", typeName(requested), typeName(issued)))
	}
	switch {
	case tr.TokenType == "N_A" && issued == TokenTypeAccessToken:
		notes = append(notes, "token_type is N_A though an access token was issued: N_A is for a token that is not presented as an access token (RFC 8693 §2.2.1)")
	case tr.TokenType == "N_A":
		notes = append(notes, "token_type is N_A (not applicable): the issued token is not an access token and is not sent in an Authorization header (RFC 8693 §2.2.1)")
	}
	if tr.RefreshToken != "" {
		notes = append(notes, "a refresh token came with the exchange: the client can renew the issued token without the subject token (RFC 8693 §2.2.1)")
	}
	return notes
}
