package flows

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
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
	first := f.tok.IDToken
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
		r = f.verifyStepUpIDToken(ctx, r, first)
	}
	return r
}

// verifyStepUpIDToken verifies the step-up login's ID token as the first
// login's was verified, with the step-up's own nonce (OIDC Core
// §3.1.3.7), and checks that it is the same user's: the same iss and sub
// as the first ID token (OIDC Core §2: a user is iss and sub together).
// The MCP session the retry goes on with is the first user's.
func (f *MCP) verifyStepUpIDToken(ctx context.Context, r Result, first string) Result {
	v := f.verifyIDTokenNonce(ctx, f.nonce)
	r.Exchanges = append(r.Exchanges, v.Exchanges...)
	r.Inspections = append(r.Inspections, v.Inspections...)
	r.Notes = append(r.Notes, v.Notes...)
	if v.Status == Failed {
		r.Status, r.Err, r.Diagnosis = Failed, v.Err, v.Diagnosis
		return r
	}
	if first == "" {
		r.Notes = append(r.Notes, "the first login brought no ID token: whether the step-up's user is the same one only the MCP server can tell")
		return r
	}
	if err := sameUser(first, f.tok.IDToken); err != nil {
		return failed(r, err)
	}
	r.Notes = append(r.Notes, "the new ID token passed its checks with the step-up's nonce, and names the same user as the first (iss and sub): the MCP session can go on")
	return r
}

// sameUser returns an error when the ID token now names another user
// than the ID token first: another iss or sub (OIDC Core §2).
func sameUser(first, now string) error {
	was, err := inspect.Decode(first)
	if err != nil {
		return fmt.Errorf("step-up: the first ID token: %w", err)
	}
	is, err := inspect.Decode(now)
	if err != nil {
		return fmt.Errorf("step-up: the new ID token: %w", err)
	}
	if was.StringClaim("iss") != is.StringClaim("iss") || was.StringClaim("sub") != is.StringClaim("sub") {
		return fmt.Errorf("step-up: the new ID token is another user's (iss %s, sub %s), not the first login's (iss %s, sub %s), whose MCP session this is: log in again as the first user",
			serverQuoted(is.StringClaim("iss")), serverQuoted(is.StringClaim("sub")), serverQuoted(was.StringClaim("iss")), serverQuoted(was.StringClaim("sub")))
	}
	return nil
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

// endSession ends the MCP session with an HTTP DELETE of its id (MCP
// basic/transports, Session Management: a client that no longer needs a
// session should). A server that ends sessions on its own may answer 405.
func (f *MCP) endSession(ctx context.Context) Result {
	if f.session == "" || f.tok == nil {
		return Result{Status: Skipped, Notes: []string{"no MCP session was opened: there is none to end"}}
	}
	r := Result{Status: Done}
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, f.url, nil)
	if err != nil {
		return failed(r, fmt.Errorf("%s: %w", mcpEndpoint, err))
	}
	req.Header.Set("Mcp-Session-Id", f.session)
	req.Header.Set("MCP-Protocol-Version", f.version)
	req.Header.Set("Authorization", f.dpop.scheme(f.tok)+" "+f.tok.AccessToken)
	resp, err := f.client.Do(req)
	r, ok := f.answered(r, mcpEndpoint, err)
	if !ok {
		return r
	}
	resp.Body.Close()
	switch c := resp.StatusCode; {
	case c/100 == 2:
		r.Notes = append(r.Notes, fmt.Sprintf("HTTP %d: the server ended the session; a request with its id would now get 404", c))
	case c == http.StatusMethodNotAllowed:
		r.Notes = append(r.Notes, "HTTP 405: this server does not let clients end sessions, which MCP allows: it ends them itself")
	case c == http.StatusNotFound:
		r.Notes = append(r.Notes, "HTTP 404: the server no longer knows the session: it had ended it already")
	default:
		return failed(r, &MCPError{Kind: MCPHTTPError, Method: "session end (DELETE)", Status: c, Session: true})
	}
	// The id is kept among the secrets: the transcript still holds it.
	f.spent, f.session = append(f.spent, f.session), ""
	return r
}
