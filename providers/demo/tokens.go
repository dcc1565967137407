package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// accessToken is what the provider remembers of an issued JWT access token,
// for introspection (RFC 7662), revocation (RFC 7009) and userinfo.
type accessToken struct {
	id, clientID, subject string
	audience, scopes      []string
	issuedAt, expiration  time.Time
	grant                 string // shared by the tokens of one authorization grant
}

// refreshToken is an opaque refresh token (RFC 6749 §1.5). It is rotated on
// every use: the old value stops working (RFC 9700 §4.14.2).
type refreshToken struct {
	clientID, subject, grant string
	audience, scopes, amr    []string
	authTime, expiration     time.Time
}

// refreshRequest implements op.RefreshTokenRequest.
type refreshRequest struct {
	refreshToken
	current []string // scopes asked for in this refresh (RFC 6749 §6), if narrowed
}

func (r *refreshRequest) GetAMR() []string            { return r.amr }
func (r *refreshRequest) GetAudience() []string       { return r.audience }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.authTime }
func (r *refreshRequest) GetClientID() string         { return r.clientID }
func (r *refreshRequest) GetSubject() string          { return r.subject }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.current = s }

func (r *refreshRequest) GetScopes() []string {
	if r.current != nil {
		return r.current
	}
	return r.scopes
}

// clientCredentialsRequest implements op.TokenRequest for the client
// credentials grant (RFC 6749 §4.4): the client acts for itself, so it is
// the subject.
type clientCredentialsRequest struct {
	clientID string
	scopes   []string
}

func (r *clientCredentialsRequest) GetSubject() string    { return r.clientID }
func (r *clientCredentialsRequest) GetAudience() []string { return []string{APIAudience} }
func (r *clientCredentialsRequest) GetScopes() []string   { return r.scopes }
func (r *clientCredentialsRequest) GetClientID() string   { return r.clientID }

// ClientCredentials is not used by oidcServer, which authenticates clients
// itself; it is here for op.ClientCredentialsStorage.
func (s *storage) ClientCredentials(ctx context.Context, id, secret string) (op.Client, error) {
	if err := s.AuthorizeClientIDSecret(ctx, id, secret); err != nil {
		return nil, err
	}
	return s.GetClientByClientID(ctx, id)
}

// ClientCredentialsTokenRequest checks the requested scopes (RFC 6749 §3.3);
// without a scope parameter the client gets all its registered scopes.
func (s *storage) ClientCredentialsTokenRequest(_ context.Context, clientID string, scopes []string) (op.TokenRequest, error) {
	c, ok := ClientByID(clientID)
	if !ok {
		return nil, oidc.ErrInvalidClient().WithDescription("unknown client_id %q", clientID)
	}
	if err := scopeError(c, scopes); err != nil {
		return nil, err
	}
	if len(scopes) == 0 {
		scopes = c.Scopes
	}
	return &clientCredentialsRequest{clientID: clientID, scopes: slices.Clone(scopes)}, nil
}

// scopeError is an invalid_scope error naming the scopes c may not request
// (RFC 6749 §5.2), or nil.
func scopeError(c Client, scopes []string) *oidc.Error {
	bad := c.disallowedScopes(scopes)
	if len(bad) == 0 {
		return nil
	}
	return oidc.ErrInvalidScope().WithDescription("client %s may not request scope %q; it may request: %s",
		c.ID, strings.Join(bad, " "), strings.Join(c.Scopes, " "))
}

// grantInfo extracts what a token records from any of op's token requests.
func grantInfo(req op.TokenRequest) (clientID string, authTime time.Time, amr []string) {
	switch r := req.(type) {
	case *authRequest:
		return r.GetClientID(), r.authTime, r.GetAMR()
	case *refreshRequest:
		return r.clientID, r.authTime, r.amr
	case *op.DeviceAuthorizationState:
		return r.ClientID, r.AuthTime, r.AMR
	case interface{ GetClientID() string }:
		return r.GetClientID(), time.Time{}, nil
	}
	return "", time.Time{}, nil
}

// issueAccessLocked records a new access token and returns it.
func (s *storage) issueAccessLocked(req op.TokenRequest, grant string) *accessToken {
	now := time.Now()
	s.pruneLocked(now)
	clientID, _, _ := grantInfo(req)
	t := &accessToken{
		id: rand.Text(), clientID: clientID, subject: req.GetSubject(),
		audience: slices.Clone(req.GetAudience()), scopes: slices.Clone(req.GetScopes()),
		issuedAt: now, expiration: now.Add(s.accessTTL), grant: grant,
	}
	s.accessTokens[t.id] = t
	return t
}

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.issueAccessLocked(req, rand.Text())
	return t.id, t.expiration, nil
}

// CreateAccessAndRefreshTokens issues an access token and a new refresh
// token. With currentRefreshToken set it rotates: the old refresh token is
// removed in the same critical section, so a reused one fails.
func (s *storage) CreateAccessAndRefreshTokens(_ context.Context, req op.TokenRequest, currentRefreshToken string) (string, string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	clientID, authTime, amr := grantInfo(req)
	rt := refreshToken{
		clientID: clientID, subject: req.GetSubject(), grant: rand.Text(),
		audience: slices.Clone(req.GetAudience()), scopes: slices.Clone(req.GetScopes()),
		amr: amr, authTime: authTime,
	}
	if currentRefreshToken != "" {
		old, ok := s.refreshTokens[currentRefreshToken]
		if !ok || time.Now().After(old.expiration) {
			return "", "", time.Time{}, errRefreshInvalid()
		}
		delete(s.refreshTokens, currentRefreshToken)
		// RFC 6749 §6: the new refresh token keeps the original scope.
		rt.grant, rt.scopes = old.grant, old.scopes
	}
	at := s.issueAccessLocked(req, rt.grant)
	rt.expiration = time.Now().Add(refreshTokenLifetime)
	value := rand.Text() + rand.Text()
	s.refreshTokens[value] = &rt
	return at.id, value, at.expiration, nil
}

func errRefreshInvalid() *oidc.Error {
	return oidc.ErrInvalidGrant().WithDescription("refresh token is unknown, expired, revoked or already used (refresh tokens are rotated: each works once)")
}

// TokenRequestByRefreshToken looks a refresh token up without using it.
func (s *storage) TokenRequestByRefreshToken(_ context.Context, token string) (op.RefreshTokenRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.refreshTokens[token]
	if !ok || time.Now().After(t.expiration) {
		return nil, errRefreshInvalid()
	}
	rt := *t
	rt.scopes = slices.Clone(t.scopes)
	return &refreshRequest{refreshToken: rt}, nil
}

func (s *storage) GetRefreshTokenInfo(_ context.Context, _ string, token string) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.refreshTokens[token]
	if !ok {
		return "", "", op.ErrInvalidRefreshToken
	}
	return t.subject, token, nil
}

// RevokeToken revokes an access token (by jti) or a refresh token (by
// value). Revoking a refresh token also revokes the access tokens of its
// grant (RFC 7009 §2.1). Unknown tokens are not an error (RFC 7009 §2.2).
func (s *storage) RevokeToken(_ context.Context, tokenOrID, _ string, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.accessTokens[tokenOrID]; ok {
		if t.clientID != clientID {
			return oidc.ErrUnauthorizedClient().WithDescription("the token was issued to another client")
		}
		delete(s.accessTokens, tokenOrID)
		return nil
	}
	t, ok := s.refreshTokens[tokenOrID]
	if !ok {
		return nil
	}
	if t.clientID != clientID {
		return oidc.ErrUnauthorizedClient().WithDescription("the token was issued to another client")
	}
	delete(s.refreshTokens, tokenOrID)
	for id, at := range s.accessTokens {
		if at.grant == t.grant {
			delete(s.accessTokens, id)
		}
	}
	return nil
}

// TerminateSession ends the demo user's session with a client (RP-initiated
// logout): its tokens are revoked.
func (s *storage) TerminateSession(_ context.Context, userID, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.accessTokens {
		if t.subject == userID && t.clientID == clientID {
			delete(s.accessTokens, id)
		}
	}
	for v, t := range s.refreshTokens {
		if t.subject == userID && t.clientID == clientID {
			delete(s.refreshTokens, v)
		}
	}
	return nil
}

// activeAccessToken returns a copy of the live access token with this jti.
func (s *storage) activeAccessToken(jti string) (accessToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.accessTokens[jti]
	if !ok {
		return accessToken{}, errors.New("the token was revoked or is unknown to this provider")
	}
	if time.Now().After(t.expiration) {
		return accessToken{}, errors.New("the token expired")
	}
	return *t, nil
}

// GetPrivateClaimsFromRequest adds the "scope" claim to JWT access tokens
// (RFC 9068 §2.2.3); op sets iss, sub, aud, exp, iat, nbf, jti and client_id.
func (s *storage) GetPrivateClaimsFromRequest(ctx context.Context, req op.TokenRequest, _ []string) (map[string]any, error) {
	claims := map[string]any{"scope": strings.Join(req.GetScopes(), " ")}
	// RFC 9449 §6.1: a token asked for with a DPoP proof is bound to its key.
	if jkt := jktFrom(ctx); jkt != "" {
		claims["cnf"] = map[string]any{"jkt": jkt}
	}
	// RFC 8705 §3.1: bound to the client certificate presented, if any
	// (into the same cnf).
	bindToCertificate(ctx, claims)
	// RFC 9396 §9.1: the details granted, in the JWT access token.
	if a, ok := req.(*authRequest); ok && a.details != nil {
		claims["authorization_details"] = a.details
	}
	return claims, nil
}

// GetPrivateClaimsFromScopes is op's fallback for GetPrivateClaimsFromRequest.
func (s *storage) GetPrivateClaimsFromScopes(_ context.Context, _, _ string, scopes []string) (map[string]any, error) {
	return map[string]any{"scope": strings.Join(scopes, " ")}, nil
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does the work.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's user claims.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if !setUserinfo(info, req.GetSubject(), scopes) {
		return fmt.Errorf("unknown user %q", req.GetSubject())
	}
	return nil
}

// SetUserinfoFromToken answers the userinfo endpoint (OpenID Connect Core §5.3).
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	t, err := s.activeAccessToken(tokenID)
	if err != nil {
		return err
	}
	if t.subject != subject || !setUserinfo(info, subject, t.scopes) {
		return errors.New("the token does not represent a user (client_credentials tokens have no userinfo)")
	}
	return nil
}

// SetIntrospectionFromToken answers token introspection (RFC 7662 §2.2) for
// a live access token; op then sets "active": true.
func (s *storage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, _ string) error {
	t, err := s.activeAccessToken(tokenID)
	if err != nil || t.subject != subject {
		return errors.New("inactive token")
	}
	info := new(oidc.UserInfo)
	if setUserinfo(info, subject, t.scopes) {
		resp.SetUserInfo(info)
	}
	resp.Subject = t.subject
	resp.Scope = t.scopes
	resp.ClientID = t.clientID
	resp.TokenType = oidc.BearerToken
	resp.Expiration = oidc.FromTime(t.expiration)
	resp.IssuedAt = oidc.FromTime(t.issuedAt)
	resp.NotBefore = oidc.FromTime(t.issuedAt)
	resp.Audience = t.audience
	resp.Issuer = s.issuer
	resp.JWTID = t.id
	return nil
}

// introspectRefreshToken describes a live refresh token (RFC 7662 §2.2).
func (s *storage) introspectRefreshToken(token string, resp *oidc.IntrospectionResponse) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.refreshTokens[token]
	if !ok || time.Now().After(t.expiration) {
		return false
	}
	resp.Subject, resp.ClientID, resp.Issuer = t.subject, t.clientID, s.issuer
	resp.Scope = slices.Clone(t.scopes)
	resp.Expiration = oidc.FromTime(t.expiration)
	return true
}
