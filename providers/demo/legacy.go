package demo

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	httphelper "github.com/zitadel/oidc/v3/pkg/http"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The legacy grants the demo serves for learners who meet them in old
// systems: the resource owner password credentials grant (RFC 6749 §4.3),
// which op does not implement, and the implicit grant (RFC 6749 §4.2,
// OIDC Core §3.2), which op does. RFC 9700 §2.4 and §2.1.2 say not to use
// them; only the demo-legacy client is registered for them.
const (
	grantPassword = "password"
	grantImplicit = string(oidc.GrantTypeImplicit)
)

// errUnsupportedResponseType is RFC 6749 §4.2.2.1's
// unsupported_response_type, which op does not define.
func errUnsupportedResponseType() *oidc.Error {
	return &oidc.Error{ErrorType: "unsupported_response_type"}
}

// passwordGrant answers the token endpoint's password grant requests in
// front of op, which answers them unsupported_grant_type; every other
// request goes on to next. Tokens are made by op from the demo's storage,
// as for the other grants.
type passwordGrant struct {
	path     string
	issuer   string
	provider *op.Provider
	next     http.Handler
	// auth authenticates the client as at every other token request
	// (oidcServer.authenticate: secrets and client assertions).
	auth func(cc *op.ClientCredentials, h http.Header, u *url.URL) (Client, error)
}

func (g *passwordGrant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != g.path || r.Method != http.MethodPost || r.ParseForm() != nil || r.PostForm.Get("grant_type") != grantPassword {
		g.next.ServeHTTP(w, r)
		return
	}
	resp, err := g.token(op.ContextWithIssuer(r.Context(), g.issuer), r)
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		op.WriteError(w, r, err, nil)
		return
	}
	httphelper.MarshalJSON(w, resp)
}

// token checks the client (authenticated, registered for the password
// grant), the user's credentials and the scope (RFC 6749 §4.3.2), then
// issues tokens: a refresh token with offline_access, an ID token with
// openid.
func (g *passwordGrant) token(ctx context.Context, r *http.Request) (*oidc.AccessTokenResponse, error) {
	cc := &op.ClientCredentials{ClientID: r.PostForm.Get("client_id"), ClientSecret: r.PostForm.Get("client_secret"),
		ClientAssertion: r.PostForm.Get("client_assertion"), ClientAssertionType: r.PostForm.Get("client_assertion_type")}
	if id, secret, ok := r.BasicAuth(); ok {
		cc.ClientID, _ = url.QueryUnescape(id)
		cc.ClientSecret, _ = url.QueryUnescape(secret)
	}
	c, err := g.auth(cc, r.Header, r.URL)
	if err != nil {
		return nil, err
	}
	if !c.allows(grantPassword) {
		return nil, errorf(oidc.ErrUnauthorizedClient,
			"client %s is not registered for grant_type password; its grants: %s", c.ID, strings.Join(c.Grants, " "))
	}
	user, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	if user == "" || password == "" {
		return nil, errorf(oidc.ErrInvalidRequest, "username and password are required (RFC 6749 section 4.3.2)")
	}
	if !checkPassword(user, password) {
		return nil, errorf(oidc.ErrInvalidGrant, "the username or password is wrong")
	}
	scopes := strings.Fields(r.PostForm.Get("scope"))
	if err := scopeError(c, scopes); err != nil {
		return nil, err
	}
	if len(scopes) == 0 {
		scopes = c.Scopes
	}
	client := &opClient{Client: c}
	req := passwordRequest{clientID: c.ID, scopes: scopes, authTime: time.Now()}
	var tr op.IDTokenRequest = &req
	if slices.Contains(scopes, oidc.ScopeOfflineAccess) && c.allows(grantRefresh) {
		// op issues a refresh token for a refresh request: one that
		// spends no old token starts a new grant.
		tr = &refreshRequest{refreshToken: refreshToken{clientID: c.ID, subject: demoSubject,
			audience: req.GetAudience(), scopes: scopes, amr: req.GetAMR(), authTime: req.authTime}}
	}
	if slices.Contains(scopes, oidc.ScopeOpenID) {
		return op.CreateTokenResponse(ctx, tr, client, g.provider, true, "", "")
	}
	access, refresh, validity, err := op.CreateAccessToken(ctx, tr, client.AccessTokenType(), g.provider, client, "")
	if err != nil {
		return nil, err
	}
	return &oidc.AccessTokenResponse{AccessToken: access, RefreshToken: refresh, TokenType: oidc.BearerToken,
		ExpiresIn: uint64(validity.Seconds()), Scope: scopes}, nil
}

// passwordRequest is a password grant's token request for the demo user
// (op.IDTokenRequest).
type passwordRequest struct {
	clientID string
	scopes   []string
	authTime time.Time
}

func (r *passwordRequest) GetAMR() []string       { return []string{"pwd"} }
func (r *passwordRequest) GetAudience() []string  { return []string{APIAudience} }
func (r *passwordRequest) GetAuthTime() time.Time { return r.authTime }
func (r *passwordRequest) GetClientID() string    { return r.clientID }
func (r *passwordRequest) GetScopes() []string    { return r.scopes }
func (r *passwordRequest) GetSubject() string     { return demoSubject }

// checkImplicit refuses an implicit request the demo will not serve:
// plain response_type token, which op would answer in the query with an
// ID token it was not asked for (the demo serves OpenID Connect's id_token
// token and id_token), and a request without the nonce OIDC Core §3.2.2.1
// requires. The error goes back in the fragment.
func checkImplicit(req *oidc.AuthRequest) error {
	switch req.ResponseType {
	case oidc.ResponseTypeCode, oidc.ResponseTypeIDToken, oidc.ResponseTypeIDTokenOnly:
	case "token":
		req.ResponseMode = oidc.ResponseModeFragment
		return errorf(errUnsupportedResponseType,
			"the demo provider serves the implicit grant as OpenID Connect does: response_type id_token token, with the openid scope (OIDC Core section 3.2.2.1)")
	default:
		return errorf(errUnsupportedResponseType, "response_type %s is not served by the demo provider", req.ResponseType)
	}
	if req.ResponseType != oidc.ResponseTypeCode && req.Nonce == "" {
		return errorf(oidc.ErrInvalidRequest, "nonce is required with response_type %s (OIDC Core section 3.2.2.1)", req.ResponseType)
	}
	return nil
}
