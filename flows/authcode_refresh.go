package flows

import (
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// refresh runs the Refresh step (RFC 6749 §6): the refresh token held is
// spent for new tokens, which are merged into the flow's token set, and
// an ID token that comes with them is verified (OIDC Core §12.2).
func (f *AuthCode) refresh(ctx context.Context) Result {
	r := Result{Status: Done}
	held := f.set.RefreshToken
	switch {
	case held == "":
		r.Status = Skipped
		r.Notes = append(r.Notes, "no refresh token was issued, so there is nothing to refresh: ask for offline_access, or the provider does not give this client refresh tokens")
		return r
	case f.opts.KeepRefreshToken:
		r.Status = Skipped
		r.Notes = append(r.Notes, "the refresh token was not spent (a server that rotates refresh tokens invalidates one on use): {setting:"+SettingRefresh+"} runs this step")
		return r
	}
	return f.spend(ctx, r, f.cfg, held, ACRefresh.ID)
}

// spend runs a refresh request (RFC 6749 §6) with cfg's client and
// endpoint: the refresh token held is spent for new tokens, which are
// merged into the flow's token set under the step step, the notes say what
// rotated, and an ID token that comes with them is verified against the
// one held before, if any (OIDC Core §12.2). The authorization code grant's
// Refresh step and the refresh grant share it.
func (s *stepper) spend(ctx context.Context, r Result, cfg *oauth2.Config, held, step string) Result {
	prev := s.set
	ts := cfg.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, s.client), &oauth2.Token{RefreshToken: held})
	tok, err := ts.Token()
	r, ok := s.tokenAnswered(r, step, tok, err)
	if !ok {
		return r
	}
	r.Status = Done
	nt := r.Token
	switch nt.RefreshToken {
	case "":
		r.Notes = append(r.Notes, "the refresh token was kept: the response carried none, so the one held stays valid (RFC 6749 §6); this server does not rotate refresh tokens (Google, and Auth0 without rotation, answer so)")
	case held:
		r.Notes = append(r.Notes, "the refresh token was kept: the response carried the same one; this server does not rotate refresh tokens")
	default:
		r.Notes = append(r.Notes, "the refresh token rotated: the old one is now spent; keep the new one (RFC 9700 §4.14.2)")
	}
	if nt.AccessToken != prev.AccessToken {
		r.Notes = append(r.Notes, "a new access token was issued")
	}
	if nt.IDToken == "" {
		return r
	}
	in := s.verifyRefreshedIDToken(ctx, prev.IDToken, nt)
	r.Exchanges = append(r.Exchanges, s.rec.Take()...)
	r.Inspections = append(r.Inspections, in)
	if in.DecodeErr != nil {
		return failed(r, fmt.Errorf("ID token of the refresh response: %w", in.DecodeErr))
	}
	if err := firstFailure("ID token of the refresh response", in.Token, *in.Verification); err != nil {
		return failed(r, err)
	}
	if prev.IDToken == "" {
		r.Notes = append(r.Notes, "a new ID token came with it and passed its checks; with no earlier ID token held, it could not be compared with one (OIDC Core §12.2)")
		return r
	}
	r.Notes = append(r.Notes, "a new ID token came with it and passed its checks, with the same iss, sub and aud as the first (OIDC Core §12.2)")
	return r
}

// verifyRefreshedIDToken checks the ID token of a refresh response as the
// first one was checked (signature, alg, iss, aud, azp, exp, iat, at_hash)
// and against the first one as OIDC Core §12.2 requires: the same iss,
// sub, aud and azp, the same auth_time (a refresh is not a new login),
// an iat of its own issue, and a nonce that is absent or the first's.
func (s *stepper) verifyRefreshedIDToken(ctx context.Context, first string, nt *TokenResponse) Inspection {
	in := Inspection{Label: "ID token"}
	t, err := inspect.Decode(nt.IDToken)
	in.Token = t
	if err != nil {
		in.DecodeErr = err
		return in
	}
	v := verifyToken(ctx, s.client, t, s.md, s.provider.Issuer, inspect.VerifyOptions{
		Audience:    []string{s.provider.ClientID},
		ClientID:    s.provider.ClientID,
		AccessToken: nt.AccessToken,
		Now:         s.opts.Now,
	})
	var orig *inspect.Token
	if first != "" {
		orig, _ = inspect.Decode(first)
	}
	v.Checks = sameAsFirst(v.Checks, t, orig, first == nt.IDToken, nt.Obtained)
	v.Valid = !slices.ContainsFunc(v.Checks, func(c inspect.Check) bool { return c.Status == inspect.StatusFail })
	in.Verification = &v
	return in
}

// sameAsFirst adds OIDC Core §12.2's comparisons with the first ID token
// to the checks of a refreshed one: into the check of the same claim when
// that passed, as checks of their own for sub and auth_time. orig is nil
// when there is no first ID token to compare with.
func sameAsFirst(checks []inspect.Check, t, orig *inspect.Token, resent bool, received time.Time) []inspect.Check {
	const ref = " (OIDC Core §12.2)"
	if orig == nil || orig.Kind != inspect.KindJWS {
		for i, c := range checks {
			if c.Name == "nonce" && c.Status == inspect.StatusWarn {
				checks[i].Status, checks[i].Detail = inspect.StatusPass, "The token carries a nonce; there is no first ID token to compare it with, and a refreshed ID token need not have one"+ref+"."
			}
		}
		return append(checks, inspect.Check{Name: "sub", Status: inspect.StatusSkip,
			Detail: "No earlier ID token is held (the first token response had none, or the refresh token came from elsewhere), so iss, sub and aud could not be compared with one" + ref + "."})
	}
	merge := func(name string, same bool, got, want string) {
		for i, c := range checks {
			if c.Name != name || c.Status == inspect.StatusFail {
				continue
			}
			if same {
				checks[i].Detail += " It is the same as in the first ID token" + ref + "."
			} else {
				checks[i].Status = inspect.StatusFail
				checks[i].Detail = fmt.Sprintf("%s is %s but the first ID token's is %s: a refreshed ID token must keep it%s.", name, got, want, ref)
			}
		}
	}
	merge("iss", t.StringClaim("iss") == orig.StringClaim("iss"), quoted(t.StringClaim("iss")), quoted(orig.StringClaim("iss")))
	audNew, audOld := sortedCopy(t.Audience()), sortedCopy(orig.Audience())
	merge("aud", slices.Equal(audNew, audOld), fmt.Sprintf("%q", audNew), fmt.Sprintf("%q", audOld))
	merge("azp", t.StringClaim("azp") == orig.StringClaim("azp"), quoted(t.StringClaim("azp")), quoted(orig.StringClaim("azp")))
	checks = append(checks, sameSub(t, orig), sameAuthTime(t, orig))
	for i, c := range checks {
		switch c.Name {
		case "iat":
			checks[i] = freshIat(c, t, orig, resent, received)
		case "nonce":
			checks[i] = refreshNonce(t, orig)
		case "at_hash":
			if resent {
				checks[i] = inspect.Check{Name: "at_hash", Status: inspect.StatusSkip,
					Detail: "This is the first ID token sent again: its at_hash is the first access token's, not the new one's."}
			}
		}
	}
	return checks
}

func quoted(s string) string {
	if s == "" {
		return "absent"
	}
	return fmt.Sprintf("%q", s)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func sameSub(t, orig *inspect.Token) inspect.Check {
	c := inspect.Check{Name: "sub", Status: inspect.StatusPass}
	got, want := t.StringClaim("sub"), orig.StringClaim("sub")
	if got == "" || got != want {
		c.Status = inspect.StatusFail
		c.Detail = fmt.Sprintf("sub is %s but the first ID token's is %s: the refresh answered about another user; nothing in it may be used (OIDC Core §12.2).", quoted(got), quoted(want))
		return c
	}
	c.Detail = "sub is the same as in the first ID token: the same user (OIDC Core §12.2)."
	return c
}

func sameAuthTime(t, orig *inspect.Token) inspect.Check {
	c := inspect.Check{Name: "auth_time"}
	got, has := t.Claim("auth_time")
	want, had := orig.Claim("auth_time")
	switch {
	case !has:
		c.Status, c.Detail = inspect.StatusSkip, "The token has no auth_time claim."
	case !had:
		c.Status, c.Detail = inspect.StatusSkip, "The first ID token had no auth_time claim to compare with."
	case string(got.Raw) != string(want.Raw):
		c.Status, c.Detail = inspect.StatusFail, fmt.Sprintf("auth_time is %s but the first ID token's is %s: it must stay the time of the original login, a refresh is not one (OIDC Core §12.2).", got.Raw, want.Raw)
	default:
		c.Status, c.Detail = inspect.StatusPass, "auth_time is the time of the original login, as in the first ID token (OIDC Core §12.2)."
	}
	return c
}

// freshIat judges iat: a refreshed ID token is a new one, issued at the
// refresh (OIDC Core §12.2).
func freshIat(c inspect.Check, t, orig *inspect.Token, resent bool, received time.Time) inspect.Check {
	if c.Status == inspect.StatusFail {
		return c
	}
	iat, ok := t.Claim("iat")
	first, ok2 := orig.Claim("iat")
	switch {
	case resent:
		c.Status, c.Detail = inspect.StatusWarn, "The server sent the first ID token again: a refreshed ID token should be a new one, with the iat of its issue (OIDC Core §12.2)."
	case !ok || !ok2 || iat.Time == nil || first.Time == nil:
	case iat.Time.Before(*first.Time):
		c.Status, c.Detail = inspect.StatusFail, fmt.Sprintf("iat (%s) is before the first ID token's (%s): this is not a token issued at the refresh (OIDC Core §12.2).", inspect.FormatUTC(*iat.Time), inspect.FormatUTC(*first.Time))
	case !received.IsZero() && received.Sub(*iat.Time) > inspect.DefaultLeeway:
		c.Status, c.Detail = inspect.StatusWarn, fmt.Sprintf("iat (%s) is more than %s before the refresh response arrived: a refreshed ID token should carry the time of its issue (OIDC Core §12.2), or the clocks differ.", inspect.FormatUTC(*iat.Time), inspect.DefaultLeeway)
	default:
		c.Detail += " It was issued at the refresh, not before the first ID token (OIDC Core §12.2)."
	}
	return c
}

// refreshNonce replaces the nonce check: a refreshed ID token SHOULD omit
// the nonce and, when it carries one, it is the first ID token's.
func refreshNonce(t, orig *inspect.Token) inspect.Check {
	c := inspect.Check{Name: "nonce", Status: inspect.StatusPass}
	got, has := t.Claim("nonce")
	want, _ := orig.Claim("nonce")
	switch {
	case !has:
		c.Detail = "No nonce, as OIDC Core §12.2 recommends for a refreshed ID token."
	case string(got.Raw) == string(want.Raw):
		c.Detail = "The nonce is the first ID token's; OIDC Core §12.2 allows it, though it recommends leaving it out."
	default:
		c.Status, c.Detail = inspect.StatusFail, "The nonce differs from the first ID token's: the token answers another authentication request (OIDC Core §12.2)."
	}
	return c
}
