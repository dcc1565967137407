package flows

import (
	"errors"
	"fmt"
	"net/url"

	"golang.org/x/oauth2"
)

// prepare builds the authorization request once, for whichever step needs
// it first (the PAR step, or the authorization request itself): the
// random state, nonce and PKCE verifier, the callback listener, the
// x/oauth2 configuration and the request's URL. It returns the request's
// parameters, which PAR posts instead (RFC 9126 §2.1).
func (f *AuthCode) prepare() (url.Values, error) {
	if f.authURL != "" {
		return paramsOf(f.authURL), nil
	}
	p := f.provider
	if f.md == nil || f.md.AuthorizationEndpoint == "" || f.md.TokenEndpoint == "" {
		return nil, errors.New("authorization request: the provider has no authorization or token endpoint (none discovered, none given)")
	}
	if err := authorizationDetailsInput.Validate(f.details); err != nil {
		return nil, fmt.Errorf("authorization request: %w", err)
	}
	redirectURI := p.RedirectURI
	if err := CheckRedirectURI(redirectURI); err != nil {
		return nil, fmt.Errorf("authorization request: %w", err)
	}
	f.state, f.nonce, f.verifier = randomString(24), randomString(24), oauth2.GenerateVerifier()
	f.expect = CallbackExpect{State: f.state, Issuer: f.md.Issuer, RequireIss: f.md.AuthorizationResponseIssParameterSupported}
	f.pasteOnly = redirectURI != "" && !IsLoopbackRedirect(redirectURI)
	if !f.pasteOnly {
		l, err := ListenCallback(p.RedirectURI, f.expect, f.opts.Now)
		if err != nil {
			return nil, fmt.Errorf("callback listener: %w", err)
		}
		f.listener = l
		f.live.Store(l)
		redirectURI = l.RedirectURI()
	}
	f.cfg = &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: p.SecretSent(),
		Endpoint:     oauth2.Endpoint{AuthURL: f.md.AuthorizationEndpoint, TokenURL: f.md.TokenEndpoint, AuthStyle: authStyle(p.AuthMethod)},
		RedirectURL:  redirectURI,
		Scopes:       p.Scopes,
	}
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(f.verifier), oauth2.SetAuthURLParam("nonce", f.nonce)}
	if p.Audience != "" {
		opts = append(opts, oauth2.SetAuthURLParam("audience", p.Audience))
	}
	if p.Resource != "" {
		opts = append(opts, oauth2.SetAuthURLParam("resource", p.Resource))
	}
	if f.details != "" {
		opts = append(opts, oauth2.SetAuthURLParam("authorization_details", f.details))
	}
	for k, vs := range p.AuthParams {
		for _, v := range vs {
			opts = append(opts, oauth2.SetAuthURLParam(k, v))
		}
	}
	authURL, err := f.requestObjectURL(f.cfg.AuthCodeURL(f.state, opts...))
	if err != nil {
		return nil, fmt.Errorf("authorization request: %w", err)
	}
	f.authURL = authURL
	return paramsOf(f.authURL), nil
}

// paramsOf returns the query parameters of rawURL.
func paramsOf(rawURL string) url.Values {
	u, err := url.Parse(rawURL)
	if err != nil {
		return url.Values{}
	}
	return u.Query()
}
