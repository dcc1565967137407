package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// op v3.52.0 reads a request object (OpenID Connect Core §6.1) only in
// the VerifyAuthRequest the demo replaces, merges it with the query
// instead of using it alone, and checks neither exp nor jti. The demo
// takes signed request objects (RFC 9101) itself: jarAuthorize, in front
// of the authorization endpoint, verifies the request object of a
// request by value (§5.1) and puts its parameters in place of the query;
// the PAR endpoint does the same for one pushed (RFC 9126 §3).

// maxRequestObjectLife is the longest validity the demo accepts for a
// request object (FAPI 2.0 allows an hour).
const maxRequestObjectLife = time.Hour

// registeredClaims are the claims of a request object that are not
// authorization parameters (RFC 9101 §4).
var registeredClaims = []string{"iss", "aud", "exp", "iat", "nbf", "jti"}

// verifyRequestObject checks the request object raw sent for client
// clientID (RFC 9101 §6): the signature with the client's registered key,
// iss = client_id, aud naming this server's issuer, exp in the future but
// not far, client_id (when present) the one of the request, a jti not seen
// before. It returns the authorization parameters it carries, and why it
// must be refused; nil parameters when it cannot be read at all, or names
// another client, so that no redirect URI in it may be trusted.
func (s *oidcServer) verifyRequestObject(clientID, raw string, now time.Time) (url.Values, string) {
	tok, err := jwt.ParseSigned(raw, assertionAlgs)
	if err != nil {
		return nil, fmt.Sprintf("the request object is not a JWT signed with %v: %v (RFC 9101 section 6.2)", assertionAlgs, err)
	}
	var all map[string]any
	var std jwt.Claims
	if tok.UnsafeClaimsWithoutVerification(&all, &std) != nil {
		return nil, "the request object's claims do not parse (RFC 9101 section 4)"
	}
	if cid, ok := all["client_id"].(string); ok && cid != clientID {
		return nil, "the request object's client_id differs from the request's (RFC 9101 section 5)"
	}
	params := url.Values{}
	for k, v := range all {
		if slices.Contains(registeredClaims, k) {
			continue
		}
		if s, ok := v.(string); ok {
			params.Set(k, s)
		} else if b, err := json.Marshal(v); err == nil {
			params.Set(k, string(b))
		}
	}
	params.Set("client_id", clientID)
	c, _ := ClientByID(clientID)
	if c.AuthMethod != "private_key_jwt" {
		return params, fmt.Sprintf("client %s has no registered public key to verify a request object with (RFC 9101 section 6.2)", clientID)
	}
	if err := tok.Claims(jwtClientPublicKey().Key, &std); err != nil {
		return params, fmt.Sprintf("the request object's signature does not verify with the public key registered for client %s: was it signed with another key? (RFC 9101 section 6.2)", clientID)
	}
	switch {
	case std.Issuer != clientID:
		return params, fmt.Sprintf("the request object's iss '%s' must be the client_id %s (RFC 9101 section 4)", std.Issuer, clientID)
	case !slices.Contains(std.Audience, s.issuer):
		return params, fmt.Sprintf("the request object's aud %v must name this server's issuer %s (RFC 9101 section 4)", []string(std.Audience), s.issuer)
	case std.Expiry == nil:
		return params, "the request object has no exp (RFC 9101 section 10.2)"
	case now.After(std.Expiry.Time()):
		return params, fmt.Sprintf("the request object expired at %s (RFC 9101 section 10.2)", std.Expiry.Time().UTC().Format(time.RFC3339))
	case std.Expiry.Time().Sub(now) > maxRequestObjectLife:
		return params, fmt.Sprintf("the request object is valid for %s: the demo accepts at most %s", std.Expiry.Time().Sub(now).Round(time.Second), maxRequestObjectLife)
	case std.NotBefore != nil && now.Before(std.NotBefore.Time()):
		return params, "the request object is not valid yet (nbf)"
	case std.ID != "" && !s.jtis.use("request "+clientID, std.ID, std.Expiry.Time(), now):
		return params, fmt.Sprintf("the request object's jti %s was already used (replay, RFC 9101 section 10.2)", std.ID)
	}
	return params, ""
}

// jarKey is the context key under which jarAuthorize tells Authorize
// that the request came as a request object: a *jarUse.
type jarKey struct{}

// jarUse is a request that came signed; problem is why its request
// object must be refused, "" when it may be used.
type jarUse struct{ problem string }

// jarAuthorize puts the parameters of a request object sent by value in
// place of the query (RFC 9101 §5.1: the server uses only those). A
// request object refused is answered by Authorize with
// invalid_request_object at the redirect URI it names (a loopback one,
// which the demo accepts for any client); one that cannot be read gets an
// error page.
func jarAuthorize(authPath string, verify func(clientID, raw string, now time.Time) (url.Values, string), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != authPath || r.Method != http.MethodGet || !q.Has("request") {
			next.ServeHTTP(w, r)
			return
		}
		params, problem := verify(q.Get("client_id"), q.Get("request"), time.Now())
		if params == nil {
			message(w, http.StatusBadRequest, "invalid_request_object", "The request object cannot be used: "+problem)
			return
		}
		r2 := r.Clone(context.WithValue(r.Context(), jarKey{}, &jarUse{problem: problem}))
		r2.URL.RawQuery = params.Encode()
		r2.RequestURI = r2.URL.RequestURI()
		r2.Form = nil
		next.ServeHTTP(w, r2)
	})
}

// jarFrom returns how the authorization request in ctx came: nil when not
// as a request object by value.
func jarFrom(ctx context.Context) *jarUse {
	u, _ := ctx.Value(jarKey{}).(*jarUse)
	return u
}

// checkSigned refuses a request object found wanting, and a plain request
// from a client that must sign its requests (RFC 9101 §10.5); pushed says
// whether the request was pushed with a request object verified then.
func checkSigned(ctx context.Context, c Client, pushedSigned bool) error {
	switch ju := jarFrom(ctx); {
	case ju != nil && ju.problem != "":
		return &oidc.Error{ErrorType: "invalid_request_object", Description: ju.problem}
	case ju == nil && !pushedSigned && c.RequireSignedRequestObject:
		return errorf(oidc.ErrInvalidRequest,
			"client %s must send its authorization requests as signed request objects, in request or pushed (RFC 9101 section 10.5)", c.ID)
	}
	return nil
}

// JARClientID is the demo client that must sign its authorization
// requests (RFC 9101 §10.5); it signs them, and authenticates with
// private_key_jwt, with the published key of demo-jwt-client.
const JARClientID = "demo-jar"
