package flows

import (
	"context"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// verify decodes the tokens of every token response in results and
// verifies them as the client should have: each ID token (OIDC Core
// §3.1.3.7) against the issuer of the capture's metadata, the client that
// asked, the nonce it sent and the access token that came with it; a JWT
// access token (RFC 9068) for its signature, issuer and times. The keys
// are those the capture holds (no network), or those opts name; the
// clock is the capture's.
func (an *analyst) verify(ctx context.Context, results []Result) {
	for i := range results {
		r := &results[i]
		if r.Token == nil || an.capture.Masked {
			continue
		}
		tr := r.Token
		at := tr.Obtained
		if at.IsZero() {
			at = an.now()
		}
		clock := func() time.Time { return at }
		if tr.IDToken != "" {
			exp := an.expects[tr]
			vo := inspect.VerifyOptions{ClientID: exp.clientID, Nonce: exp.nonce, AccessToken: tr.AccessToken, Now: clock}
			if exp.clientID != "" {
				vo.Audience = []string{exp.clientID}
			}
			an.check(ctx, r, "ID token", tr.IDToken, vo)
		}
		if t, err := inspect.Decode(tr.AccessToken); err == nil && t.Kind == inspect.KindJWS {
			an.check(ctx, r, "access token", tr.AccessToken, inspect.VerifyOptions{JWTAccessToken: true, Now: clock})
		}
		r.Decoded = r.Inspections
	}
}

// check decodes the token raw, labelled label, verifies it with vo and the
// keys found, and adds it to r's inspections; a failed check of an ID
// token fails r.
func (an *analyst) check(ctx context.Context, r *Result, label, raw string, vo inspect.VerifyOptions) {
	in := Inspection{Label: label}
	t, err := inspect.Decode(raw)
	in.Token = t
	if err != nil {
		in.DecodeErr = err
		r.Inspections = append(r.Inspections, in)
		*r = failed(*r, fmt.Errorf("%s: %w", label, err))
		return
	}
	at := vo.Now().UTC().Format(time.RFC3339)
	md := an.metadataBefore(*r)
	var v inspect.Verification
	switch keys, where := an.captureKeys(t.Kid); {
	case keys != nil:
		vo.Keys, vo.JWKSURL = keys, where
		if md != nil {
			vo.Issuer, vo.SupportedAlgs = md.Issuer, md.IDTokenSigningAlgValuesSupported
		}
		v = inspect.Verify(ctx, t, vo)
		source := "the keys the capture holds (" + where + ")"
		if where == givenKeys {
			source = givenKeys
		}
		r.Notes = append(r.Notes, label+" verified offline with "+source+", as of the capture's time "+at)
	case an.opts.Issuer != "" || an.opts.JWKSURL != "":
		rec := &Recorder{}
		client := Options{Transport: an.opts.Transport, Timeout: an.opts.Timeout}.client(rec)
		rec.SetStep("Verify token")
		if md != nil && an.opts.Issuer == "" {
			vo.Issuer = md.Issuer
		}
		v = inspect.Verification{Checks: VerifyWithIssuer(ctx, client, t, an.opts.Issuer, an.opts.JWKSURL, vo)}
		r.Exchanges = append(r.Exchanges, rec.Take()...)
		r.Notes = append(r.Notes, label+" verified with keys fetched now, as of the capture's time "+at)
	default:
		r.Notes = append(r.Notes, "the "+label+" is decoded but not verified: the capture holds no JWK Set with its key ("+orNone(t.Kid)+"); give the issuer ({setting:issuer}) or the keys ({setting:jwks})")
		r.Inspections = append(r.Inspections, in)
		return
	}
	v.Valid = true
	for _, c := range v.Checks {
		if c.Status == inspect.StatusFail {
			v.Valid = false
		}
	}
	in.Verification = &v
	r.Inspections = append(r.Inspections, in)
	if n := checksNote(label, v); n != "" {
		r.Notes = append(r.Notes, n)
	}
	if e, expired := t.Expired(an.now()); expired && v.Valid {
		r.Notes = append(r.Notes, "the "+label+" has expired since the capture (exp "+e.UTC().Format(time.RFC3339)+"): valid when it was issued, refused now")
	}
	if label != "ID token" {
		return
	}
	if err := firstFailure(label, t, v); err != nil && r.Status != Failed {
		*r = failed(*r, err)
	}
}

// captureKeys returns the keys to verify a token signed with kid: the
// JWK Set at the jwks_uri of the capture's metadata, else one in the
// capture that holds kid, else the keys the options gave; where names
// them.
func (an *analyst) captureKeys(kid string) (inspect.KeySource, string) {
	var withKid *jose.JSONWebKeySet
	var withKidURL string
	for _, k := range an.keys {
		if md := an.metadataBefore(Result{}); md != nil && md.JWKSURI == k.url {
			s := inspect.StaticKeys(*k.set)
			return &s, k.url
		}
		if withKid == nil && hasKid(k.set, kid) {
			withKid, withKidURL = k.set, k.url
		}
	}
	if withKid != nil {
		s := inspect.StaticKeys(*withKid)
		return &s, withKidURL
	}
	if len(an.opts.JWKS) > 0 {
		if set, err := inspect.ParseKeySet(an.opts.JWKS); err == nil {
			s := inspect.StaticKeys(*set)
			return &s, givenKeys
		}
	}
	return nil, ""
}

// givenKeys names the keys of CaptureOptions.JWKS.
const givenKeys = "the keys given"

// hasKid tells whether set holds a key with ID kid.
func hasKid(set *jose.JSONWebKeySet, kid string) bool {
	return kid != "" && len(set.Key(kid)) > 0
}

// capturedKeys is a JWK Set the capture holds, with its URL.
type capturedKeys struct {
	url string
	set *jose.JSONWebKeySet
}

// tokenExpects is what a token response's ID token is checked against:
// the client that asked for it and the nonce of its authorization
// request.
type tokenExpects struct {
	clientID, nonce string
}

// expectations notes what the ID token of tr must carry, from the token
// request it answers.
func (an *analyst) expectations(it *captureItem, tr *TokenResponse) {
	e := tokenExpects{clientID: clientOf(it)}
	ar := an.requestFor(it)
	if cb := an.callbacks[it.form.Get("code")]; cb != nil {
		ar = an.requestFor(cb)
	}
	if ar != nil {
		e.nonce = ar.query.Get("nonce")
		if e.clientID == "" {
			e.clientID = ar.query.Get("client_id")
		}
	}
	an.expects[tr] = e
}
