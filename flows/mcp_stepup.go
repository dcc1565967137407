package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// stepUpSkipped is the Result of a step-up step when none is needed.
func (f *MCP) stepUpSkipped() (Result, bool) {
	switch {
	case f.tok == nil:
		return Result{Status: Skipped, Notes: []string{"no access token: nothing to step up from"}}, true
	case f.refused == nil:
		return Result{Status: Skipped, Notes: []string{"no step-up needed: the MCP server did not refuse a call for want of scope"}}, true
	}
	return Result{}, false
}

// heldScopes returns the scopes the token holds: its scope, or the scopes
// asked for when the token response did not say (RFC 6749 §5.1).
func (f *MCP) heldScopes() []string {
	if s := strings.Fields(f.tok.Scope); len(s) > 0 {
		return s
	}
	return f.provider.Scopes
}

// stepUpAuthorize asks again, with the scopes held and those the
// challenge names (MCP basic/authorization, Scope Challenge Handling):
// a new authorization request with its own state, nonce and PKCE pair.
func (f *MCP) stepUpAuthorize(ctx context.Context) Result {
	if r, skip := f.stepUpSkipped(); skip {
		return r
	}
	held := f.heldScopes()
	want := strings.Fields(f.refused.scope)
	from := "the challenge's scope"
	if !f.refused.hasScope {
		from = "the metadata's scopes_supported, as the challenge names no scope"
		if f.rmd != nil {
			want = f.rmd.ScopesSupported
		}
	}
	scopes := union(held, want)
	if len(scopes) == len(held) {
		return failed(Result{Status: Done}, &MCPError{Kind: MCPNoScope, Method: f.refused.method, Status: f.refused.status, Challenge: f.refused.code, Scope: serverText(f.refused.scope), Held: held})
	}
	added := slices.DeleteFunc(slices.Clone(scopes), func(s string) bool { return slices.Contains(held, s) })
	f.spent = append(f.spent, f.again(scopes)...)
	pre := []string{
		fmt.Sprintf("scopes held: %s; asked for now: %s (the union of those held and %s, so that nothing granted is lost)", serverText(strings.Join(held, " ")), serverText(strings.Join(scopes, " ")), from),
		"new: " + serverText(strings.Join(added, " ")),
		"a new state, nonce and PKCE code_verifier: each authorization request has its own (RFC 9700 §2.1.1, §4.7)",
	}
	var pushed []Exchange
	if f.usePAR() {
		pr := f.push(ctx)
		pr.Notes = append(pre, pr.Notes...)
		if pr.Status == Failed {
			return pr
		}
		pre = append(pr.Notes, "the step-up's parameters were pushed first (RFC 9126)")
		pushed = pr.Exchanges
	}
	r := f.authorize(ctx)
	if r.Prompt != nil {
		r.Prompt.Title = "Log in again: approve the larger scope"
	}
	r.Notes = append(pre, r.Notes...)
	r.Exchanges = append(pushed, r.Exchanges...)
	return r
}

// stepUpLogin waits for the browser to come back, then checks the
// callback as the first login's Callback step did.
func (f *MCP) stepUpLogin(ctx context.Context) Result {
	if r, skip := f.stepUpSkipped(); skip {
		return r
	}
	r := f.wait(ctx)
	if r.Status == Failed {
		return r
	}
	c := f.checkCallback(ctx)
	r.Callback, r.Notes = c.Callback, append(r.Notes, c.Notes...)
	if c.Status == Failed {
		r.Status, r.Err, r.Diagnosis = Failed, c.Err, c.Diagnosis
	}
	return r
}

// stepUpToken redeems the step-up's code for the larger token.
func (f *MCP) stepUpToken(ctx context.Context) Result {
	if r, skip := f.stepUpSkipped(); skip {
		return r
	}
	r := f.exchangeAs(ctx, MCPStepUpToken.ID)
	if r.Status != Done {
		return r
	}
	f.stepped = true
	if f.refused.hasScope {
		got := strings.Fields(f.tok.Scope)
		for _, s := range strings.Fields(f.refused.scope) {
			if len(got) > 0 && !slices.Contains(got, s) {
				r.Notes = append(r.Notes, fmt.Sprintf("the token's scope lacks %s, which the MCP server asked for: the user or the server did not grant it", serverText(s)))
			}
		}
	}
	if f.tok.IDToken != "" {
		r.Notes = append(r.Notes, "the new ID token is not checked again here: the ID token step checked the first login's, for the same user")
	}
	return r
}

// retry repeats the refused call with the new token: initialize and
// tools/list when initialize was refused, tools/list alone otherwise.
func (f *MCP) retry(ctx context.Context) Result {
	switch {
	case f.refused == nil:
		return Result{Status: Skipped, Notes: []string{"no step-up was needed: tools/list answered above"}}
	case !f.stepped:
		return Result{Status: Skipped, Notes: []string{"the step-up did not obtain a token"}}
	}
	r := Result{Status: Done}
	r.Notes = append(r.Notes, f.audienceNote()...)
	if f.refused.method == "initialize" {
		r.Notes = append(r.Notes, "initialize was refused: the session is opened now, then the tools listed")
		if r = f.doInitialize(ctx, r); r.Status == Failed || f.version == "" {
			return r
		}
	}
	if f.session != "" {
		r.Notes = append(r.Notes, "the same session goes on with the new token: it is the same user's")
	}
	return f.doToolsList(ctx, r)
}
