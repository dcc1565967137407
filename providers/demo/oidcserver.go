package demo

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"github.com/go-jose/go-jose/v4"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// oidcServer is op's LegacyServer with the steps where the demo wants
// stricter checks or clearer errors overridden. Error descriptions use
// plain ASCII without double quotes, as RFC 6749 §5.2 requires.
type oidcServer struct {
	*op.LegacyServer
	store    *storage
	verifier *verifier
	// issuer and tokenURL are what a client assertion's aud may name;
	// jtis the assertions seen (replay).
	issuer, tokenURL string
	jtis             *jtiCache
	// requirePAR: every authorization request must be pushed first
	// (Options.RequirePAR, RFC 9126 §5).
	requirePAR bool
	// mtls are the mTLS endpoint aliases (RFC 8705 §5).
	mtls MTLSEndpoints
	// docs resolves client_ids that are URLs of client ID metadata
	// documents (cimd.go).
	docs *clientDocuments
}

// errorf returns an OAuth error of the given kind with a description.
func errorf(kind func() *oidc.Error, format string, args ...any) *oidc.Error {
	return kind().WithDescription(format, args...)
}

// invalidClient is a 401 invalid_client error (RFC 6749 §5.2).
func invalidClient(format string, args ...any) error {
	return op.NewStatusError(errorf(oidc.ErrInvalidClient, format, args...), http.StatusUnauthorized)
}

// invalidToken is a 401 invalid_token error (RFC 6750 §3.1).
func invalidToken(description string) error {
	return op.NewStatusError(&oidc.Error{ErrorType: "invalid_token", Description: description}, http.StatusUnauthorized)
}

// clientOf returns the demo client behind an op.Client.
func clientOf(c op.Client) Client {
	if oc, ok := c.(*opClient); ok {
		return oc.Client
	}
	dc, _ := ClientByID(c.GetID())
	return dc
}

// Discovery trims op's defaults to what the demo really serves
// (OpenID Connect Discovery 1.0 §3).
func (s *oidcServer) Discovery(ctx context.Context, r *op.Request[struct{}]) (*op.Response, error) {
	resp, err := s.LegacyServer.Discovery(ctx, r)
	if err != nil {
		return nil, err
	}
	if d, ok := resp.Data.(*oidc.DiscoveryConfiguration); ok {
		d.ResponseTypesSupported = []string{string(oidc.ResponseTypeCode), string(oidc.ResponseTypeIDToken), string(oidc.ResponseTypeIDTokenOnly)}
		d.GrantTypesSupported = []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken,
			oidc.GrantTypeClientCredentials, oidc.GrantTypeDeviceCode, oidc.GrantTypeTokenExchange,
			oidc.GrantTypeImplicit, grantPassword, oidc.GrantTypeBearer}
		d.TokenEndpointAuthMethodsSupported = []oidc.AuthMethod{oidc.AuthMethodNone, oidc.AuthMethodBasic, oidc.AuthMethodPost, oidc.AuthMethodPrivateKeyJWT, SecretJWTAuth}
		d.RevocationEndpointAuthMethodsSupported = d.TokenEndpointAuthMethodsSupported
		d.IntrospectionEndpointAuthMethodsSupported = []oidc.AuthMethod{oidc.AuthMethodBasic, oidc.AuthMethodPost, oidc.AuthMethodPrivateKeyJWT, SecretJWTAuth}
		algs := make([]string, len(assertionAlgs))
		for i, a := range assertionAlgs {
			algs[i] = string(a)
		}
		// Client assertions may also be HS256 (client_secret_jwt);
		// request objects are signed with the client's key only.
		clientAlgs := append(slices.Clone(algs), string(jose.HS256))
		d.TokenEndpointAuthSigningAlgValuesSupported = clientAlgs
		d.RevocationEndpointAuthSigningAlgValuesSupported = clientAlgs
		d.IntrospectionEndpointAuthSigningAlgValuesSupported = clientAlgs
		addMTLSMetadata(d)
		d.RegistrationEndpoint = s.issuer + registerPath
		d.RequestParameterSupported = true
		d.RequestObjectSigningAlgValuesSupported = algs
		d.RequestURIParameterSupported = false
		resp.Data = discoveryWithPAR{DiscoveryConfiguration: d,
			PushedAuthorizationRequestEndpoint: s.issuer + parPath, RequirePushedAuthorizationRequests: s.requirePAR,
			AuthorizationDetailsTypesSupported: detailsTypes, DPoPSigningAlgValuesSupported: strings.Fields(algNames())}
		resp.Data = discoveryWithMTLS{discoveryWithPAR: resp.Data.(discoveryWithPAR), MTLSEndpointAliases: s.mtls.aliases(), TLSClientCertificateBoundAccessTokens: true}
		resp.Data = discoveryWithCIMD{discoveryWithMTLS: resp.Data.(discoveryWithMTLS), ClientIDMetadataDocumentSupported: s.docs != nil}
	}
	return resp, nil
}

// VerifyAuthRequest finds the client and checks the redirect_uri before
// anything can be redirected to it (RFC 6749 §4.1.2.1). The demo accepts
// any loopback redirect URI (RFC 8252 §7.3). Errors here are shown to the
// user, never redirected.
func (s *oidcServer) VerifyAuthRequest(ctx context.Context, r *op.Request[oidc.AuthRequest]) (*op.ClientRequest[oidc.AuthRequest], error) {
	c, ok := ClientByID(r.Data.ClientID)
	if isClientIDURL(r.Data.ClientID) && s.docs != nil {
		var err error
		if c, err = s.docs.resolve(ctx, r.Data.ClientID, true); err != nil {
			return nil, errorf(oidc.ErrInvalidRequestRedirectURI, "%s; no redirect_uri is trusted without the document, so this error is shown here instead of being sent back to the client", err)
		}
		ok = true
	}
	if !ok {
		return nil, errorf(oidc.ErrInvalidRequestRedirectURI, "unknown client_id '%s'", r.Data.ClientID)
	}
	if !c.allows(grantCode) && !c.allows(grantImplicit) {
		return nil, errorf(oidc.ErrUnauthorizedClient,
			"client %s is not registered for the authorization_code or implicit grant; its grants: %s (RFC 6749 section 4.1.2.1)",
			c.ID, strings.Join(c.Grants, " "))
	}
	if r.Data.RedirectURI == "" {
		return nil, errorf(oidc.ErrInvalidRequestRedirectURI, "redirect_uri is missing")
	}
	if ok, why := loopbackRedirect(r.Data.RedirectURI); !ok {
		return nil, errorf(oidc.ErrInvalidRequestRedirectURI,
			"redirect_uri %s is refused because %s; the demo accepts loopback redirects only: "+
				"http://127.0.0.1:PORT/PATH, http://[::1]:PORT/PATH or http://localhost:PORT/PATH (RFC 8252 section 7.3)",
			r.Data.RedirectURI, why)
	}
	if len(c.RedirectURIs) > 0 && !slices.Contains(c.RedirectURIs, r.Data.RedirectURI) {
		return nil, errorf(oidc.ErrInvalidRequestRedirectURI,
			"redirect_uri %s is not one of the redirect URIs registered for client %s (RFC 7591 section 2)", r.Data.RedirectURI, c.ID)
	}
	return &op.ClientRequest[oidc.AuthRequest]{Request: r, Client: &opClient{Client: c, redirectURI: r.Data.RedirectURI}}, nil
}

// Authorize refuses scopes the client may not request (RFC 6749 §3.3),
// prompt=none (there is no login session to reuse) and PKCE other than S256
// (RFC 7636 §4.3; required for public clients), then stores the request and
// sends the browser to the login page. Its errors are redirected to the
// client.
func (s *oidcServer) Authorize(ctx context.Context, r *op.ClientRequest[oidc.AuthRequest]) (*op.Redirect, error) {
	c := clientOf(r.Client)
	if err := checkImplicit(r.Data); err != nil {
		return nil, err
	}
	if err := scopeError(c, r.Data.Scopes); err != nil {
		return nil, err
	}
	if slices.Contains(r.Data.Prompt, oidc.PromptNone) {
		return nil, errorf(oidc.ErrLoginRequired,
			"the demo provider keeps no login session, so prompt=none cannot succeed (OpenID Connect Core section 3.1.2.6)")
	}
	if r.Data.ResponseType == oidc.ResponseTypeCode && r.Data.CodeChallenge == "" && c.public() {
		return nil, errorf(oidc.ErrInvalidRequest,
			"PKCE is required for public client %s: send code_challenge and code_challenge_method=S256 (RFC 7636 section 4.3)", c.ID)
	}
	if r.Data.CodeChallenge != "" && r.Data.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, errorf(oidc.ErrInvalidRequest,
			"code_challenge_method must be S256; plain is not accepted (RFC 7636 section 4.2)")
	}
	switch pu := parFrom(ctx); {
	case pu != nil && pu.problem != "":
		return nil, &oidc.Error{ErrorType: "invalid_request_uri", Description: pu.problem}
	case pu == nil && (s.requirePAR || c.RequirePAR):
		return nil, errorf(oidc.ErrInvalidRequest,
			"client %s must use pushed authorization requests: post the request to %s first and send only client_id and request_uri (RFC 9126 section 6)", c.ID, parPath)
	}
	if err := checkSigned(ctx, c, parFrom(ctx) != nil && parFrom(ctx).signed); err != nil {
		return nil, err
	}
	if d := r.Form.Get("authorization_details"); d != "" {
		details, oe := readDetails(d)
		if oe != nil {
			return nil, oe
		}
		ctx = withDetails(ctx, details)
	}
	ctx, err := withResources(ctx, s.issuer, r.Form)
	if err != nil {
		return nil, err
	}
	return s.LegacyServer.Authorize(ctx, r)
}

// VerifyClient authenticates the client at the token, revocation and
// device authorization endpoints (RFC 6749 §2.3) and checks that it is
// registered for the grant type (RFC 6749 §5.2, unauthorized_client).
func (s *oidcServer) VerifyClient(ctx context.Context, r *op.Request[op.ClientCredentials]) (op.Client, error) {
	c, err := s.authenticateTLS(ctx, r.Data, r.Header, r.URL)
	if err != nil {
		return nil, err
	}
	if gt := r.Form.Get("grant_type"); gt != "" && !c.allows(gt) {
		return nil, errorf(oidc.ErrUnauthorizedClient,
			"client %s is not registered for grant_type %s; its grants: %s", c.ID, gt, strings.Join(c.Grants, " "))
	}
	return &opClient{Client: c}, nil
}

// authenticate checks client credentials: public clients send only their
// client_id, confidential ones their secret by the registered method,
// client_secret_basic or client_secret_post (RFC 6749 §2.3.1), or a
// client assertion (private_key_jwt, RFC 7523 §2.2) checked by
// verifyAssertion. u is the URL the request came to.
func (s *oidcServer) authenticate(cc *op.ClientCredentials, h http.Header, u *url.URL) (Client, error) {
	if cc.ClientAssertion != "" {
		endpoint := ""
		if u != nil {
			endpoint = s.issuer + u.Path
		}
		return s.verifyAssertion(cc, endpoint)
	}
	c, ok := ClientByID(cc.ClientID)
	if isClientIDURL(cc.ClientID) && s.docs != nil {
		var err error
		if c, err = s.docs.resolve(context.Background(), cc.ClientID, false); err != nil {
			return Client{}, invalidClient("%s", err)
		}
		ok = true
	}
	if !ok {
		return Client{}, invalidClient("unknown client_id '%s'", cc.ClientID)
	}
	method := "none"
	if auth := h.Get("Authorization"); len(auth) > 6 && strings.EqualFold(auth[:6], "basic ") {
		method = "client_secret_basic"
	} else if cc.ClientSecret != "" {
		method = "client_secret_post"
	}
	switch {
	case c.public() && method != "none":
		return Client{}, invalidClient("client %s is a public client without a secret (token_endpoint_auth_method none), "+
			"but the request used %s; send only client_id in the form body", c.ID, method)
	case c.public():
		return c, nil
	case method == "none":
		return Client{}, invalidClient("client %s is confidential and must authenticate with %s (RFC 6749 section 2.3.1)", c.ID, c.AuthMethod)
	case c.AuthMethod == "private_key_jwt":
		return Client{}, invalidClient("client %s is registered for private_key_jwt: send client_assertion_type and a client_assertion signed with its key, not %s (RFC 7523 section 2.2)", c.ID, method)
	case c.AuthMethod == SecretJWTAuth:
		return Client{}, invalidClient("client %s is registered for client_secret_jwt: send client_assertion_type and a client_assertion signed with HS256 and its secret, not the secret itself (%s; OpenID Connect Core section 9)", c.ID, method)
	case method != c.AuthMethod:
		return Client{}, invalidClient("client %s is registered for %s but authenticated with %s", c.ID, c.AuthMethod, method)
	case subtle.ConstantTimeCompare([]byte(cc.ClientSecret), []byte(c.Secret)) != 1:
		return Client{}, invalidClient("client authentication failed: wrong client_secret for client %s", c.ID)
	}
	return c, nil
}

// CodeExchange redeems an authorization code (RFC 6749 §4.1.3). Unlike op's
// default it verifies PKCE whenever the authorization request carried a
// code_challenge, for confidential clients too (RFC 7636 §4.6).
func (s *oidcServer) CodeExchange(ctx context.Context, r *op.ClientRequest[oidc.AccessTokenRequest]) (*op.Response, error) {
	req, err := s.store.AuthRequestByCode(ctx, r.Data.Code)
	if err != nil {
		return nil, err
	}
	switch challenge := req.GetCodeChallenge(); {
	case req.GetClientID() != r.Client.GetID():
		return nil, errorf(oidc.ErrInvalidGrant, "the authorization code was issued to another client")
	case r.Data.RedirectURI != req.GetRedirectURI():
		return nil, errorf(oidc.ErrInvalidGrant, "redirect_uri differs from the one in the authorization request (RFC 6749 section 4.1.3)")
	case challenge == nil && r.Data.CodeVerifier != "":
		return nil, errorf(oidc.ErrInvalidRequest, "code_verifier sent, but the authorization request had no code_challenge")
	case challenge != nil && r.Data.CodeVerifier == "":
		return nil, errorf(oidc.ErrInvalidGrant, "code_verifier is missing; the authorization request carried a code_challenge (RFC 7636 section 4.5)")
	case challenge != nil && !oidc.VerifyCodeChallenge(challenge, r.Data.CodeVerifier):
		return nil, errorf(oidc.ErrInvalidGrant, "code_verifier does not match the code_challenge (RFC 7636 section 4.6)")
	}
	resp, err := op.CreateTokenResponse(ctx, req, r.Client, s.Provider(), true, r.Data.Code, "")
	if err != nil {
		return nil, err
	}
	if a, ok := req.(*authRequest); ok && a.details != nil {
		// RFC 9396 §7: the details granted, here all that was asked.
		return op.NewResponse(tokenWithDetails{AccessTokenResponse: resp, AuthorizationDetails: a.details}), nil
	}
	return op.NewResponse(resp), nil
}

// RefreshToken exchanges a refresh token (RFC 6749 §6) and rotates it.
func (s *oidcServer) RefreshToken(ctx context.Context, r *op.ClientRequest[oidc.RefreshTokenRequest]) (*op.Response, error) {
	req, err := s.store.TokenRequestByRefreshToken(ctx, r.Data.RefreshToken)
	if err != nil {
		return nil, err
	}
	if req.GetClientID() != r.Client.GetID() {
		return nil, errorf(oidc.ErrInvalidGrant, "the refresh token was issued to another client")
	}
	if len(r.Data.Scopes) > 0 {
		for _, sc := range r.Data.Scopes {
			if !slices.Contains(req.GetScopes(), sc) {
				return nil, errorf(oidc.ErrInvalidScope, "scope %s was not granted originally (granted: %s; RFC 6749 section 6)",
					sc, strings.Join(req.GetScopes(), " "))
			}
		}
		req.SetCurrentScopes(r.Data.Scopes)
	}
	resp, err := op.CreateTokenResponse(ctx, req, r.Client, s.Provider(), true, "", r.Data.RefreshToken)
	if err != nil {
		return nil, err
	}
	return op.NewResponse(resp), nil
}

// DeviceAuthorization starts the device flow (RFC 8628 §3.1) after checking
// the client's grant and scopes.
func (s *oidcServer) DeviceAuthorization(ctx context.Context, r *op.ClientRequest[oidc.DeviceAuthorizationRequest]) (*op.Response, error) {
	c := clientOf(r.Client)
	if !c.allows(grantDevice) {
		return nil, errorf(oidc.ErrUnauthorizedClient, "client %s is not registered for the device authorization grant (RFC 8628)", c.ID)
	}
	if err := scopeError(c, r.Data.Scopes); err != nil {
		return nil, err
	}
	return s.LegacyServer.DeviceAuthorization(ctx, r)
}

// Introspect answers token introspection (RFC 7662 §2) for an
// authenticated confidential client. Access tokens and refresh tokens are
// both recognised; anything else is {"active": false}.
func (s *oidcServer) Introspect(ctx context.Context, r *op.Request[op.IntrospectionRequest]) (*op.Response, error) {
	c, err := s.authenticateTLS(ctx, r.Data.ClientCredentials, r.Header, r.URL)
	if err != nil {
		return nil, err
	}
	if c.public() {
		return nil, invalidClient("token introspection needs an authenticated client (RFC 7662 section 2.1); %s is public", c.ID)
	}
	resp := new(oidc.IntrospectionResponse)
	if claims, err := s.verifier.verify(r.Data.Token, ""); err == nil {
		resp.Active = s.store.SetIntrospectionFromToken(ctx, resp, claims.ID, claims.Subject, c.ID) == nil
	} else {
		resp.Active = s.store.introspectRefreshToken(r.Data.Token, resp)
	}
	return op.NewResponse(resp), nil
}

// UserInfo answers the userinfo endpoint (OpenID Connect Core §5.3) with
// RFC 6750 errors.
func (s *oidcServer) UserInfo(ctx context.Context, r *op.Request[oidc.UserInfoRequest]) (*op.Response, error) {
	claims, err := s.verifier.verify(r.Data.AccessToken, "")
	if err != nil {
		return nil, invalidToken(err.Error())
	}
	st, _ := ctx.Value(tlsStateKey{}).(*tls.ConnectionState)
	if desc := certBindingProblem(r.Data.AccessToken, st, s.mtls.Userinfo); desc != "" {
		return nil, invalidToken(desc)
	}
	if !slices.Contains(strings.Fields(claims.Scope), oidc.ScopeOpenID) {
		return nil, op.NewStatusError(&oidc.Error{ErrorType: "insufficient_scope",
			Description: "userinfo needs an access token with scope openid"}, http.StatusForbidden)
	}
	info := new(oidc.UserInfo)
	if err := s.store.SetUserinfoFromToken(ctx, info, claims.ID, claims.Subject, ""); err != nil {
		return nil, invalidToken(err.Error())
	}
	return op.NewResponse(info), nil
}

// challenge adds the WWW-Authenticate header that RFC 6749 §5.2 (client
// authentication) and RFC 6750 §3 (userinfo) ask for on 401 and 403
// answers from op's endpoints.
func challenge(userinfoPath string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&challengeWriter{ResponseWriter: w, userinfo: r.URL.Path == userinfoPath}, r)
	})
}

type challengeWriter struct {
	http.ResponseWriter
	userinfo bool
}

func (w *challengeWriter) WriteHeader(status int) {
	h := w.Header()
	if h.Get("WWW-Authenticate") == "" {
		switch {
		case w.userinfo && status == http.StatusUnauthorized:
			h.Set("WWW-Authenticate", `Bearer realm="demo", error="invalid_token"`)
		case w.userinfo && status == http.StatusForbidden:
			h.Set("WWW-Authenticate", `Bearer realm="demo", error="insufficient_scope", scope="openid"`)
		case status == http.StatusUnauthorized:
			h.Set("WWW-Authenticate", `Basic realm="demo"`)
		}
	}
	w.ResponseWriter.WriteHeader(status)
}
