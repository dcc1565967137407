package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// firstFailure returns the first failed check of v, the verification of t,
// as a *TokenCheckError, or nil when none failed.
func firstFailure(label string, t *inspect.Token, v inspect.Verification) error {
	for _, c := range v.Checks {
		if c.Status == inspect.StatusFail {
			return &TokenCheckError{Token: label, Check: c.Name, Detail: c.Detail, GraphNonce: isGraphNonceToken(t), Problem: c.Problem, Err: c.Err}
		}
	}
	return nil
}

func (f *AuthCode) exchange(ctx context.Context) Result {
	return f.exchangeAs(ctx, ACToken.ID)
}

// exchangeAs redeems the code as exchange does, keeping the token under
// the step ID step: a step-up's login redeems its own code (see MCP).
func (f *AuthCode) exchangeAs(ctx context.Context, step string) Result {
	r := Result{}
	// The extra token parameters (--param) go with the code as with
	// client credentials.
	opts := []oauth2.AuthCodeOption{oauth2.VerifierOption(f.verifier)}
	for k, vs := range f.provider.TokenParams {
		for _, v := range vs {
			opts = append(opts, oauth2.SetAuthURLParam(k, v))
		}
	}
	tok, err := f.cfg.Exchange(context.WithValue(ctx, oauth2.HTTPClient, f.client), f.cb.Code, opts...)
	r, ok := f.tokenAnswered(r, step, tok, err)
	if !ok {
		return r
	}
	r.Status = Done
	if n := f.detailsTokenNote(); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return f.userTokenNotes(r)
}

// userTokenNotes adds what a token response obtained for a user lacks or
// changed: no ID token (plain OAuth 2.0), no refresh token and why, a
// scope granted other than asked, an access token the client cannot read.
func (s *stepper) userTokenNotes(r Result) Result {
	if s.tok.IDToken == "" {
		r.Notes = append(r.Notes, "no id_token in the response: this is plain OAuth 2.0 (ask for the openid scope for OpenID Connect)")
	}
	if s.tok.RefreshToken == "" {
		r.Notes = append(r.Notes, noRefreshNote(s.provider))
	}
	for _, n := range []string{scopeNote(s.provider.Scopes, s.tok.Scope, s.tok.RefreshToken != ""), accessTokenNote(s.provider, s.tok.AccessToken)} {
		if n != "" {
			r.Notes = append(r.Notes, n)
		}
	}
	return r
}

func (f *AuthCode) verifyIDToken(ctx context.Context) Result {
	return f.verifyIDTokenNonce(ctx, f.nonce)
}

// verifyIDTokenNonce verifies the ID token of the newest token response
// (OIDC Core §3.1.3.7), expecting nonce, or none when nonce is "" (a grant
// without an authentication request, as the device grant).
func (f *stepper) verifyIDTokenNonce(ctx context.Context, nonce string) Result {
	r := Result{Status: Done}
	if f.tok == nil || f.tok.IDToken == "" {
		r.Status = Skipped
		r.Notes = append(r.Notes, "no ID token to verify: the server answered as a plain OAuth 2.0 server (no openid scope, or not an OpenID provider); the access token is for APIs, not proof of who the user is")
		return r
	}
	in := Inspection{Label: "ID token"}
	t, err := inspect.Decode(f.tok.IDToken)
	in.Token = t
	if err != nil {
		in.DecodeErr = err
		r.Inspections = append(r.Inspections, in)
		return failed(r, fmt.Errorf("ID token: %w", err))
	}
	v := verifyToken(ctx, f.client, t, f.md, f.provider.Issuer, inspect.VerifyOptions{
		Audience:    []string{f.provider.ClientID},
		ClientID:    f.provider.ClientID,
		Nonce:       nonce,
		AccessToken: f.tok.AccessToken,
		Now:         f.opts.Now,
	})
	in.Verification = &v
	r.Inspections = append(r.Inspections, in)
	r.Exchanges = f.rec.Take()
	r.Notes = append(r.Notes, checksNote("ID token", v))
	if err := firstFailure("ID token", t, v); err != nil {
		r = failed(r, err)
	}
	// The access token may be a JWT too: show it beside the ID token.
	if at, err := inspect.Decode(f.tok.AccessToken); err == nil && at.Kind == inspect.KindJWS {
		r.Inspections = append(r.Inspections, Inspection{Label: "access token", Token: at})
	}
	return r
}

// bearerGet calls url with the access token held as a bearer token (RFC
// 6750 §2.1).
func (f *stepper) bearerGet(ctx context.Context, endpoint, url string) Result {
	return f.bearerGetWith(ctx, Result{Status: Done}, endpoint, url, f.tok.AccessToken)
}

// bearerGetWith calls url with token as a bearer token (RFC 6750 §2.1),
// adding to r; a refusal is read from its challenge (RFC 6750 §3).
func (f *stepper) bearerGetWith(ctx context.Context, r Result, endpoint, url, token string) Result {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return failed(r, fmt.Errorf("%s: %w", endpoint, err))
	}
	req.Header.Set("Authorization", f.dpop.scheme(f.tok)+" "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := f.client.Do(req)
	r, ok := f.answered(r, endpoint, err)
	if !ok {
		return r
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return failed(r, bearerError(endpoint, resp))
	}
	return r
}

// bearerError reads an RFC 6750 §3 refusal: the WWW-Authenticate challenge
// names the error.
func bearerError(endpoint string, resp *http.Response) error {
	ch := resp.Header.Get("WWW-Authenticate")
	code := challengeParam(ch, "error")
	if code == "" {
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			code = "invalid_token"
		case http.StatusTooManyRequests:
			code = "rate_limited"
		}
	}
	desc := challengeParam(ch, "error_description")
	if resp.StatusCode == http.StatusTooManyRequests {
		desc = "too many requests; Retry-After: " + resp.Header.Get("Retry-After") + "s"
	}
	if code == "" {
		return &HTTPError{Endpoint: endpoint, HTTPStatus: resp.StatusCode, Status: resp.Status, Problem: "answered " + resp.Status}
	}
	return &OAuthError{Endpoint: endpoint, HTTPStatus: resp.StatusCode, Code: code, Description: desc}
}

func challengeParam(ch, name string) string {
	i := strings.Index(ch, name+`="`)
	if i < 0 {
		return ""
	}
	rest := ch[i+len(name)+2:]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}

func (f *stepper) userinfo(ctx context.Context) Result {
	if f.tok == nil || f.md == nil || f.md.UserinfoEndpoint == "" {
		return Result{Status: Skipped, Notes: []string{"the server publishes no userinfo endpoint"}}
	}
	r := f.bearerGet(ctx, "userinfo endpoint", f.md.UserinfoEndpoint)
	ex := lastExchange(r.Exchanges)
	if r.Status != Done || ex == nil || ex.Response == nil {
		return r
	}
	if !userinfoBody(ex.Response) {
		return failed(r, responseProblem("userinfo endpoint", ex.Response.StatusCode, ex.Response.Status, ex.Response.Header.Get("Content-Type"), ex.Response.Body))
	}
	body := ex.Response.Body
	if strings.HasPrefix(ex.Response.Header.Get("Content-Type"), "application/jwt") {
		// A signed response still names its subject, which must be the
		// ID token's like a JSON one's (OIDC Core §5.3.2).
		jwt, err := inspect.Decode(string(body))
		if err != nil || jwt.Kind != inspect.KindJWS {
			r.Notes = append(r.Notes, "the userinfo response is an encrypted or unreadable JWT (OIDC Core §5.3.2): its sub could not be compared with the ID token's")
			return r
		}
		r.Notes = append(r.Notes, "the userinfo response is a signed JWT (OIDC Core §5.3.2)")
		body = jwt.ClaimsJSON
	}
	var claims struct {
		Sub any `json:"sub"`
	}
	_ = json.Unmarshal(body, &claims)
	sub, ok := claims.Sub.(string)
	if !ok || sub == "" {
		return failed(r, &HTTPError{Endpoint: "userinfo endpoint", HTTPStatus: ex.Response.StatusCode, Status: ex.Response.Status,
			Problem: "answered without a sub claim (a string): a userinfo response must name its subject (OIDC Core §5.3.2)"})
	}
	if f.tok.IDToken == "" {
		return r
	}
	if t, err := inspect.Decode(f.tok.IDToken); err == nil {
		if idSub := t.StringClaim("sub"); idSub != sub {
			return failed(r, &TokenCheckError{Token: "userinfo", Check: "sub",
				Detail: fmt.Sprintf("userinfo names sub %q but the ID token names %q: the response is about someone else and must not be used (OIDC Core §5.3.2)", sub, idSub)})
		}
		r.Notes = append(r.Notes, "sub matches the ID token's (OIDC Core §5.3.2)")
	}
	return r
}

// userinfoBody tells whether a userinfo response is a JSON object or a
// signed JWT (OIDC Core §5.3.2).
func userinfoBody(m *Message) bool {
	if strings.HasPrefix(m.Header.Get("Content-Type"), "application/jwt") {
		return len(bytes.TrimSpace(m.Body)) > 0
	}
	var obj map[string]any
	return !m.Truncated && json.Unmarshal(m.Body, &obj) == nil && obj != nil
}

func (f *stepper) callAPI(ctx context.Context) Result {
	if f.tok == nil || apiURL(f.provider) == "" {
		return Result{Status: Skipped, Notes: []string{"no API URL set: give one with {setting:api-url} to call it with the access token"}}
	}
	return f.bearerGet(ctx, "API", apiURL(f.provider))
}
