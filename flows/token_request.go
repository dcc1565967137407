package flows

import (
	"context"
	"net/url"
	"slices"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// postGrant sends a token request for a grant x/oauth2 has no call of its
// own for (password, JWT bearer, token exchange): the grant's own
// parameters, grant_type among them, plus the provider's audience,
// resource and extra token parameters, which never replace the grant's
// own (nor scope, nor any name in reserved), with the client
// authenticated as at every token request. x/oauth2's client credentials
// request carries it, so that it is recorded, masked and answered as the
// other grants' are; the answer goes through tokenAnswered for step.
func (s *stepper) postGrant(ctx context.Context, r Result, step string, own url.Values, reserved ...string) (Result, bool) {
	p := s.provider
	params := url.Values{}
	for k, vs := range own {
		params[k] = vs
	}
	if p.Audience != "" && !params.Has("audience") {
		params.Set("audience", p.Audience)
	}
	if p.Resource != "" && !params.Has("resource") {
		params.Set("resource", p.Resource)
	}
	for k, vs := range p.TokenParams {
		if _, taken := params[k]; !taken && k != "scope" && !slices.Contains(reserved, k) {
			params[k] = vs
		}
	}
	cfg := clientcredentials.Config{
		ClientID:       p.ClientID,
		ClientSecret:   p.SecretSent(),
		TokenURL:       s.md.TokenEndpoint,
		Scopes:         p.Scopes,
		EndpointParams: params,
		AuthStyle:      authStyle(p.AuthMethod),
	}
	tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, s.client))
	return s.tokenAnswered(r, step, tok, err)
}
