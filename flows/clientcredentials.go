package flows

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The steps of the client credentials grant after discovery.
var (
	CCTokenRequest = StepInfo{
		ID:      "token",
		Title:   "Token request",
		From:    Client,
		To:      AuthorizationServer,
		Summary: "the client authenticates itself and asks for an access token (RFC 6749 §4.4.2)",
		Explain: ccTokenExplain,
	}
	VerifyAccessToken = StepInfo{
		ID:      "verify",
		Title:   "Verify token",
		From:    Client,
		To:      AuthorizationServer,
		Summary: "fetch the server's keys (JWKS) and check the access token's signature and claims",
		Explain: verifyAccessExplain,
	}
)

// ClientCredentials is the client credentials grant (RFC 6749 §4.4): a
// confidential client obtains a token for itself, with no user involved.
type ClientCredentials struct {
	stepper
}

// NewClientCredentials prepares the grant for p; p.TokenParams are added to
// the token request.
func NewClientCredentials(p providers.Provider, opts Options) *ClientCredentials {
	f := &ClientCredentials{newStepper(p, opts)}
	f.setPlan(nil,
		f.discovery(FlowIDClientCredentials),
		plannedStep{info: CCTokenRequest, run: f.requestToken, stops: true},
		plannedStep{info: VerifyAccessToken, run: f.verify},
	)
	return f
}

// Name implements Flow.
func (f *ClientCredentials) Name() string { return "Client credentials" }

// Secrets implements Flow.
func (f *ClientCredentials) Secrets() []string {
	s := append([]string{f.provider.ClientSecret}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow: it stops the document server of client-id-url serve.
func (f *ClientCredentials) Close() error { return f.closeDocument() }

// authStyle maps a client authentication method to x/oauth2's style, set
// explicitly: auto-detection caches its first guess per Config.
func authStyle(method string) oauth2.AuthStyle {
	if method == providers.AuthBasic {
		return oauth2.AuthStyleInHeader
	}
	return oauth2.AuthStyleInParams
}

func (f *ClientCredentials) requestToken(ctx context.Context) Result {
	r := Result{Step: CCTokenRequest}
	p := f.provider
	if f.md == nil || f.md.TokenEndpoint == "" {
		return failed(r, errors.New("token request: no token endpoint: the discovery document has none and none was given"))
	}
	params := url.Values{}
	if p.Audience != "" {
		params.Set("audience", p.Audience)
	}
	if p.Resource != "" {
		params.Set("resource", p.Resource)
	}
	for k, v := range p.TokenParams {
		params[k] = v
	}
	secret := p.SecretSent()
	cfg := clientcredentials.Config{
		ClientID:       p.ClientID,
		ClientSecret:   secret,
		TokenURL:       f.md.TokenEndpoint,
		Scopes:         p.Scopes,
		EndpointParams: params,
		AuthStyle:      authStyle(p.AuthMethod),
	}
	tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, f.client))
	r, ok := f.tokenAnswered(r, CCTokenRequest.ID, tok, err)
	if !ok {
		return r
	}
	r.Status = Done
	if n := scopeNote(p.Scopes, f.tok.Scope, f.tok.RefreshToken != ""); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return r
}

// verify runs the Verify token step on the token obtained.
func (f *ClientCredentials) verify(ctx context.Context) Result {
	return verifyAccessToken(ctx, f.client, f.rec, f.md, f.provider, f.tok, f.opts)
}

// verifyAccessToken decodes the access token and, when it is a JWT, checks
// it against the server's JWKS. An opaque token is not a failure: only its
// issuer can read it (by introspection, RFC 7662).
func verifyAccessToken(ctx context.Context, client *http.Client, rec *Recorder, md *providers.Metadata, p providers.Provider, tok *TokenResponse, opts Options) Result {
	r := Result{Step: VerifyAccessToken, Status: Done}
	rec.SetStep(VerifyAccessToken.Title)
	if tok == nil {
		r.Status = Skipped
		return r
	}
	in := Inspection{Label: "access token"}
	t, err := inspect.Decode(tok.AccessToken)
	in.Token = t
	if err != nil {
		in.DecodeErr = err
		if errors.Is(err, inspect.ErrOpaque) {
			r.Notes = append(r.Notes, "the access token is opaque, not a JWT: only the authorization server can read it (introspection, RFC 7662); the resource server treats it as a handle")
		} else {
			r.Notes = append(r.Notes, "the access token could not be decoded: "+err.Error())
		}
		r.Inspections = append(r.Inspections, in)
		return r
	}
	if t.Kind == inspect.KindJWE {
		// Encrypted for the resource server: like an opaque token, not
		// the client's to read (Auth0 access tokens for an API with JSON
		// Web Encryption, RFC 7516).
		r.Inspections = append(r.Inspections, in)
		r.Notes = append(r.Notes, "the access token has 5 parts: it is encrypted (JWE), so only the resource server can read it; for a JWT this tool can check, ask for a token for your API with {setting:audience}")
		return r
	}
	if md == nil || md.JWKSURI == "" {
		r.Notes = append(r.Notes, "the server publishes no jwks_uri: the signature cannot be checked")
	}
	vo := inspect.VerifyOptions{Now: opts.Now, JWTAccessToken: true}
	if p.Audience != "" {
		vo.Audience = []string{p.Audience}
	}
	v := withCertBinding(verifyToken(ctx, client, t, md, p.Issuer, vo), t, p)
	in.Verification = &v
	r.Inspections = append(r.Inspections, in)
	r.Exchanges = rec.Take()
	r.Notes = append(r.Notes, checksNote("access token", v))
	if err := firstFailure("access token", t, v); err != nil {
		r = failed(r, err)
	}
	return r
}
