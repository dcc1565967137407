package demo

import (
	"context"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// grantTokenExchange is the grant_type of token exchange (RFC 8693 §2.1).
const grantTokenExchange = string(oidc.GrantTypeTokenExchange)

var _ op.TokenExchangeStorage = (*storage)(nil)

// exchangeAudiences are the audiences the demo issues exchanged tokens
// for (RFC 8693 §2.1 audience): the demo API alone. Anything else is
// refused with invalid_target (RFC 8693 §2.2.2).
func exchangeAudiences() []string { return []string{APIAudience} }

// TokenExchange checks what the exchange asks for before op reads the
// tokens: the audience and resource must name the demo API, or the
// answer is invalid_target naming the value refused (RFC 8693 §2.2.2). A
// resource (RFC 8707) is the API's URL, which the token's aud names as
// APIAudience; with neither, the token is for the demo API too, so that
// an exchanged token works there as the others do.
func (s *oidcServer) TokenExchange(ctx context.Context, r *op.ClientRequest[oidc.TokenExchangeRequest]) (*op.Response, error) {
	api := s.store.issuer + "/api"
	for _, a := range r.Data.Audience {
		if !slices.Contains(exchangeAudiences(), a) {
			return nil, errorf(errInvalidTarget, "audience %s is unknown to the demo provider; it issues exchanged tokens for: %s (RFC 8693 section 2.2.2)",
				a, strings.Join(exchangeAudiences(), " "))
		}
	}
	for _, res := range r.Data.Resource {
		if res != api && !strings.HasPrefix(res, api+"/") {
			return nil, errorf(errInvalidTarget, "resource %s is not a resource of the demo provider; its API is %s (RFC 8707 section 2, RFC 8693 section 2.2.2)", res, api)
		}
	}
	if len(r.Data.Audience) == 0 {
		r.Data.Audience = oidc.Audience{APIAudience}
	}
	if r.Data.RequestedTokenType == oidc.JWTTokenType {
		return nil, errorf(oidc.ErrInvalidRequest, "requested_token_type %s is not issued by the demo provider; ask for %s, %s or %s",
			oidc.JWTTokenType, oidc.AccessTokenType, oidc.RefreshTokenType, oidc.IDTokenType)
	}
	return s.LegacyServer.TokenExchange(ctx, r)
}

// errInvalidTarget is RFC 8693 §2.2.2's invalid_target (also RFC 8707 §2),
// which op does not define.
func errInvalidTarget() *oidc.Error {
	return &oidc.Error{ErrorType: "invalid_target"}
}

// ValidateTokenExchangeRequest checks a token exchange (RFC 8693 §2.1)
// after op verified the signatures of the subject and actor tokens: each
// must still be live here (not revoked, not expired), the scope asked for
// may only narrow the subject token's (no escalation), and the actor
// must be one the subject token's may_act allows (RFC 8693 §4.4). Without
// requested_token_type an access token is issued.
func (s *storage) ValidateTokenExchangeRequest(_ context.Context, req op.TokenExchangeRequest) error {
	if err := s.liveExchangeToken("subject_token", req.GetExchangeSubjectTokenType(), req.GetExchangeSubjectTokenIDOrToken()); err != nil {
		return err
	}
	if req.GetExchangeActor() != "" {
		if err := s.liveExchangeToken("actor_token", req.GetExchangeActorTokenType(), req.GetExchangeActorTokenIDOrToken()); err != nil {
			return err
		}
		if may := actorSub(req.GetExchangeSubjectTokenClaims()["may_act"]); may != "" && may != req.GetExchangeActor() {
			return errorf(oidc.ErrInvalidRequest, "the subject token's may_act allows %s to act for it, not %s (RFC 8693 section 4.4)", may, req.GetExchangeActor())
		}
	}
	if req.GetRequestedTokenType() == "" {
		req.SetRequestedTokenType(oidc.AccessTokenType)
	}
	held := s.subjectScopes(req)
	c, _ := ClientByID(req.GetClientID())
	if err := scopeError(c, req.GetScopes()); err != nil {
		return err
	}
	if len(req.GetScopes()) == 0 {
		req.SetCurrentScopes(held)
		return nil
	}
	for _, sc := range req.GetScopes() {
		if !slices.Contains(held, sc) {
			return errorf(oidc.ErrInvalidScope, "scope %s is not in the subject token's scope (%s): an exchange may narrow the scope, never widen it",
				sc, strings.Join(held, " "))
		}
	}
	return nil
}

// liveExchangeToken refuses a subject or actor token the demo issued that
// was revoked or expired since; op checked its signature only. RFC 8693
// §2.2.2 answers an invalid token with invalid_request.
func (s *storage) liveExchangeToken(param string, typ oidc.TokenType, idOrToken string) error {
	if typ != oidc.AccessTokenType {
		return nil // refresh tokens are looked up live by op; ID tokens are not tracked
	}
	if _, err := s.activeAccessToken(idOrToken); err != nil {
		return errorf(oidc.ErrInvalidRequest, "%s is not active: %s (RFC 8693 section 2.2.2)", param, err.Error())
	}
	return nil
}

// subjectScopes returns the scope the subject token carries: the scope
// claim of an access token, the grant's scope of a refresh token; an ID
// token carries none, so its holder may ask for the exchange client's.
func (s *storage) subjectScopes(req op.TokenExchangeRequest) []string {
	switch req.GetExchangeSubjectTokenType() {
	case oidc.AccessTokenType:
		if t, err := s.activeAccessToken(req.GetExchangeSubjectTokenIDOrToken()); err == nil {
			return slices.Clone(t.scopes)
		}
	case oidc.RefreshTokenType:
		s.mu.Lock()
		defer s.mu.Unlock()
		if t, ok := s.refreshTokens[req.GetExchangeSubjectTokenIDOrToken()]; ok {
			return slices.Clone(t.scopes)
		}
		return nil
	}
	c, _ := ClientByID(req.GetClientID())
	return slices.Clone(c.Scopes)
}

// actorSub returns the sub of an act or may_act claim value (RFC 8693
// §4.1, §4.4), "" when there is none.
func actorSub(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	s, _ := m["sub"].(string)
	return s
}

// CreateTokenExchangeRequest keeps nothing: the tokens issued are recorded
// as every token is (issueAccessLocked), which is what introspection and
// revocation need.
func (s *storage) CreateTokenExchangeRequest(context.Context, op.TokenExchangeRequest) error {
	return nil
}

// GetPrivateClaimsFromTokenExchangeRequest adds scope and, when an actor
// token was given, the act claim of delegation (RFC 8693 §4.1): the actor
// is the actor token's subject, and an act the subject token carried
// (an earlier delegation) is nested inside it, the newest actor
// outermost. Without an actor token the issued token has no act: the
// client impersonates the subject (RFC 8693 §1.1).
func (s *storage) GetPrivateClaimsFromTokenExchangeRequest(_ context.Context, req op.TokenExchangeRequest) (map[string]any, error) {
	claims := map[string]any{"scope": strings.Join(req.GetScopes(), " ")}
	if actor := req.GetExchangeActor(); actor != "" {
		act := map[string]any{"sub": actor}
		if prior, ok := req.GetExchangeSubjectTokenClaims()["act"].(map[string]any); ok {
			act["act"] = prior
		}
		claims["act"] = act
	}
	return claims, nil
}

// SetUserinfoFromTokenExchangeRequest fills the claims of an ID token
// asked for with requested_token_type id_token; only the demo user has
// any.
func (s *storage) SetUserinfoFromTokenExchangeRequest(_ context.Context, info *oidc.UserInfo, req op.TokenExchangeRequest) error {
	if !setUserinfo(info, req.GetSubject(), req.GetScopes()) {
		return errorf(oidc.ErrInvalidRequest, "an ID token describes a user, and the subject %s is not one (a client_credentials token?); ask for an access token", req.GetSubject())
	}
	return nil
}
