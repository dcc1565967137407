package flows

import (
	"context"
	"errors"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The steps of the revocation action after discovery.
var (
	RevocationRequest = StepInfo{
		ID:      "revoke",
		Title:   "Revocation",
		From:    Client,
		To:      AuthorizationServer,
		Summary: "the client authenticates and tells the server the token is no longer needed (RFC 7009 §2.1)",
		Explain: revokeExplain,
	}
	RevocationCheck = StepInfo{
		ID:      "check",
		Title:   "Check revocation",
		From:    Client,
		To:      AuthorizationServer,
		Summary: "show the token dead: a refresh token is refused at the token endpoint, an access token introspects as active: false",
		Explain: revokeCheckExplain,
	}
)

// Revoke revokes a token (RFC 7009) and then shows it dead: the server's
// 200 alone proves nothing, since it answers the same for a token it never
// knew (§2.2).
type Revoke struct {
	stepper
	target Target
	// revoked is set once the server accepted the revocation.
	revoked bool
}

// NewRevoke prepares the revocation of t at p, with p's client: a server
// revokes only the tokens issued to the client that asks (RFC 7009 §2.1).
func NewRevoke(p providers.Provider, opts Options, t Target) *Revoke {
	f := &Revoke{stepper: newStepper(p, opts), target: t}
	f.setPlan(nil,
		f.actionDiscovery(ActionRevoke),
		plannedStep{info: RevocationRequest, run: f.revoke, stops: true},
		plannedStep{info: RevocationCheck, run: f.check},
	)
	return f
}

// Name implements Flow.
func (f *Revoke) Name() string { return "Token revocation" }

// Secrets implements Flow: the client secret, the token, and any token
// the check obtained.
func (f *Revoke) Secrets() []string {
	s := append([]string{f.provider.ClientSecret, f.target.Token}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow; the action holds nothing open.
func (f *Revoke) Close() error { return nil }

func (f *Revoke) revoke(ctx context.Context) Result {
	const endpoint = "revocation endpoint"
	r := Result{}
	if f.md == nil || f.md.RevocationEndpoint == "" {
		return noEndpoint(r, endpoint, "revocation_endpoint", "revocation-url")
	}
	r.Warnings = authMethodWarning(endpoint, "revocation_endpoint_auth_methods_supported", f.md.RevocationEndpointAuthMethodsSupported, f.provider.AuthMethod)
	form := url.Values{"token": {f.target.Token}}
	if f.target.Hint != "" {
		form.Set("token_type_hint", f.target.Hint)
	}
	err := f.postForm(ctx, endpoint, f.md.RevocationEndpoint, form)
	r, ok := f.answered(r, endpoint, err)
	if !ok {
		return r
	}
	ex := lastExchange(r.Exchanges)
	if ex.Response.StatusCode != 200 {
		return failed(r, endpointRefusal(endpoint, ex))
	}
	f.revoked = true
	r.Status = Done
	r.Notes = append(r.Notes, "200: the server accepted the revocation; it answers the same for a token that was already invalid or that it never issued (RFC 7009 §2.2), so the next step checks")
	if f.target.Hint == HintRefreshToken {
		r.Notes = append(r.Notes, "revoking a refresh token should also revoke the access tokens of the same grant (RFC 7009 §2.1); a JWT access token may still pass a resource server's local checks until its exp")
	}
	return r
}

// check shows the token dead: a refresh token by spending it, which must
// now fail with invalid_grant (RFC 6749 §5.2); any other token by
// introspection, which must now answer active: false (RFC 7662 §2.2).
func (f *Revoke) check(ctx context.Context) Result {
	switch {
	case f.target.Hint == HintRefreshToken:
		return f.useRefreshToken(ctx)
	case f.md.IntrospectionEndpoint != "" && f.provider.AuthMethod != providers.AuthNone:
		r, in := introspectToken(ctx, &f.stepper, f.target)
		r.Step = RevocationCheck
		if in != nil && in.Active {
			return failed(r, errors.New("the token still introspects as active: true after the server accepted its revocation: it did not revoke it (some servers revoke only refresh tokens; RFC 7009 §2.2 lets the answer be 200 all the same)"))
		}
		if r.Status == Done {
			r.Notes = append([]string{"the token is dead: introspection answers active: false after the revocation"}, r.Notes[1:]...)
		}
		return r
	}
	why := "the server has no introspection endpoint"
	if f.md.IntrospectionEndpoint != "" {
		why = "this client cannot introspect: a public client does not authenticate, and introspection needs a client that does (RFC 7662 §2.1)"
	}
	return Result{Status: Skipped, Notes: []string{"nothing to check with: " + why + ", and the token is not marked as a refresh token ({setting:token-type-hint} refresh_token tries it at the token endpoint)"}}
}

// useRefreshToken tries the revoked refresh token at the token endpoint
// (RFC 6749 §6). A refusal is the expected outcome; new tokens mean the
// revocation did not take.
func (f *Revoke) useRefreshToken(ctx context.Context) Result {
	const endpoint = "token endpoint"
	r := Result{}
	if f.md.TokenEndpoint == "" {
		return Result{Status: Skipped, Notes: []string{"no token endpoint to try the refresh token at"}}
	}
	secret := f.provider.SecretSent()
	cfg := oauth2.Config{ClientID: f.provider.ClientID, ClientSecret: secret,
		Endpoint: oauth2.Endpoint{TokenURL: f.md.TokenEndpoint, AuthStyle: authStyle(f.provider.AuthMethod)}}
	ts := cfg.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, f.client), &oauth2.Token{RefreshToken: f.target.Token})
	tok, err := ts.Token()
	r.Exchanges = f.rec.Take()
	if err == nil {
		tr, _, _ := readToken(endpoint, tok, nil, lastExchange(r.Exchanges), f.opts.now())
		if tr != nil {
			r.Token, r.Tokens = tr, f.keep(RevocationCheck.ID, tr)
		}
		return failed(r, errors.New("token endpoint: the revoked refresh token still works: the server issued new tokens for it, so the revocation did not take"))
	}
	err = classify(endpoint, err, lastExchange(r.Exchanges))
	var oe *OAuthError
	if errors.As(err, &oe) && oe.Code == "invalid_grant" {
		r.Status = Done
		r.Notes = append(r.Notes, "the refresh token is dead: the token endpoint refuses it with invalid_grant, as it must after a revocation (RFC 7009 §2.1, RFC 6749 §5.2)")
		return r
	}
	return failed(r, err)
}
