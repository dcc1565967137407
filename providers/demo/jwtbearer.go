package demo

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// grantJWTBearer is the grant_type of the JWT bearer grant (RFC 7523 §2.1).
const grantJWTBearer = string(oidc.GrantTypeBearer)

// op v3.52.0 checks a JWT bearer assertion's aud (the issuer only), exp,
// iat and signature, but wants sub = iss, answers invalid_request where
// RFC 7523 §3.1 says invalid_grant, and keeps no jti. The demo checks the
// assertion itself, as it does client assertions (verifyAssertion).

// bearerIssuerKey returns the public key of a trusted assertion issuer
// (RFC 7523 §3 item 1): a demo client registered for the grant with a
// published key (demo-jwt-client) vouches for itself and for the demo
// user.
func bearerIssuerKey(iss string) (jose.JSONWebKey, bool) {
	c, ok := ClientByID(iss)
	if !ok || c.AuthMethod != "private_key_jwt" || !c.allows(grantJWTBearer) {
		return jose.JSONWebKey{}, false
	}
	return jwtClientPublicKey(), true
}

// bearerIssuers names the trusted issuers, for an error description.
func bearerIssuers() string {
	var ids []string
	for _, c := range Clients() {
		if _, ok := bearerIssuerKey(c.ID); ok {
			ids = append(ids, c.ID)
		}
	}
	return strings.Join(ids, " ")
}

// JWTProfile answers the JWT bearer grant (RFC 7523 §2.1): the client,
// when it identifies itself, is authenticated and must be registered for
// the grant (client authentication is optional, §3.1); the assertion is
// checked (verifyBearer); the token issued is for the assertion's sub.
func (s *oidcServer) JWTProfile(ctx context.Context, r *op.Request[oidc.JWTProfileGrantRequest]) (*op.Response, error) {
	form := r.Form
	cc := &op.ClientCredentials{ClientID: form.Get("client_id"), ClientSecret: form.Get("client_secret"),
		ClientAssertion: form.Get("client_assertion"), ClientAssertionType: form.Get("client_assertion_type")}
	h := r.Header
	var client *Client
	if cc.ClientID != "" || cc.ClientAssertion != "" || h.Get("Authorization") != "" {
		if id, secret, ok := (&http.Request{Header: h}).BasicAuth(); ok {
			cc.ClientID, _ = url.QueryUnescape(id)
			cc.ClientSecret, _ = url.QueryUnescape(secret)
		}
		c, err := s.authenticate(cc, h, r.URL)
		if err != nil {
			return nil, err
		}
		if !c.allows(grantJWTBearer) {
			return nil, errorf(oidc.ErrUnauthorizedClient,
				"client %s is not registered for grant_type %s; its grants: %s", c.ID, grantJWTBearer, strings.Join(c.Grants, " "))
		}
		client = &c
	}
	iss, sub, err := s.verifyBearer(r.Data.Assertion, time.Now())
	if err != nil {
		return nil, err
	}
	if client == nil {
		// No client named itself: the issuer is the client (RFC 7523 §3.1).
		c, _ := ClientByID(iss)
		client = &c
	}
	scopes := []string(r.Data.Scope)
	if oe := scopeError(*client, scopes); oe != nil {
		return nil, oe
	}
	if len(scopes) == 0 {
		scopes = client.Scopes
	}
	oc := &opClient{Client: *client}
	tr := &bearerRequest{clientID: client.ID, subject: sub, scopes: slices.Clone(scopes)}
	access, _, validity, err := op.CreateAccessToken(ctx, tr, oc.AccessTokenType(), s.Provider(), oc, "")
	if err != nil {
		return nil, err
	}
	return op.NewResponse(&oidc.AccessTokenResponse{AccessToken: access, TokenType: oidc.BearerToken,
		ExpiresIn: uint64(validity.Seconds()), Scope: scopes}), nil
}

// verifyBearer checks a JWT bearer assertion as RFC 7523 §3 says: the
// signature with the key of a trusted issuer, aud naming this server (its
// issuer or token endpoint), exp in the future but not far, a sub the
// issuer may vouch for (the demo user, or the issuer itself), and a jti
// not seen before. Every refusal is invalid_grant (§3.1).
func (s *oidcServer) verifyBearer(assertion string, now time.Time) (iss, sub string, err error) {
	tok, perr := jwt.ParseSigned(assertion, assertionAlgs)
	if perr != nil {
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion is not a JWT signed with %v: %v (RFC 7523 section 3)", assertionAlgs, perr)
	}
	var claims jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&claims); err != nil {
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion's claims do not parse: %v", err)
	}
	pub, ok := bearerIssuerKey(claims.Issuer)
	if !ok {
		return "", "", errorf(oidc.ErrInvalidGrant, "iss '%s' is not an assertion issuer the demo trusts; it trusts: %s (RFC 7523 section 3 item 1)", claims.Issuer, bearerIssuers())
	}
	if err := tok.Claims(pub.Key, &claims); err != nil {
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion's signature does not verify with the public key registered for %s: was it signed with another key? (RFC 7523 section 3 item 9)", claims.Issuer)
	}
	switch {
	case !slices.ContainsFunc(claims.Audience, func(a string) bool { return a == s.issuer || a == s.tokenURL }):
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion's aud %v does not name this server: use its token endpoint %s or its issuer %s (RFC 7523 section 3 item 3)", []string(claims.Audience), s.tokenURL, s.issuer)
	case claims.Expiry == nil:
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion has no exp (RFC 7523 section 3 item 4)")
	case now.After(claims.Expiry.Time()):
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion expired at %s, %s ago: make a new one for each request (RFC 7523 section 3 item 4)",
			claims.Expiry.Time().UTC().Format(time.RFC3339), now.Sub(claims.Expiry.Time()).Round(time.Second))
	case claims.Expiry.Time().Sub(now) > maxAssertionLife:
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion's lifetime is %s: the demo accepts at most %s (RFC 7523 section 3 item 4)", claims.Expiry.Time().Sub(now).Round(time.Second), maxAssertionLife)
	case claims.Subject != demoSubject && claims.Subject != claims.Issuer:
		return "", "", errorf(oidc.ErrInvalidGrant, "sub '%s' is not a subject %s may vouch for: the demo knows its user %s, and the issuer itself (RFC 7523 section 3 item 2)", claims.Subject, claims.Issuer, demoSubject)
	case claims.ID == "":
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion has no jti, so a replay could not be told apart (RFC 7523 section 3 item 7)")
	case !s.jtis.use("bearer "+claims.Issuer, claims.ID, claims.Expiry.Time(), now):
		return "", "", errorf(oidc.ErrInvalidGrant, "the assertion's jti %s was already used: an assertion is accepted once (replay; RFC 7523 section 3 item 7)", claims.ID)
	}
	return claims.Issuer, claims.Subject, nil
}

// bearerRequest is a JWT bearer grant's token request (op.TokenRequest):
// the token is for the assertion's subject, issued to clientID.
type bearerRequest struct {
	clientID, subject string
	scopes            []string
}

func (r *bearerRequest) GetSubject() string    { return r.subject }
func (r *bearerRequest) GetAudience() []string { return []string{APIAudience} }
func (r *bearerRequest) GetScopes() []string   { return r.scopes }
func (r *bearerRequest) GetClientID() string   { return r.clientID }
