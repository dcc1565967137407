package demo

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// APIAudience is the audience ("aud") of every access token the demo
// provider issues: the protected demo API under /api/ (RFC 9068 §3).
const APIAudience = "demo-api"

const (
	authRequestLifetime  = 30 * time.Minute // time to log in and consent
	codeLifetime         = 5 * time.Minute  // RFC 6749 §4.1.2: short-lived
	refreshTokenLifetime = 24 * time.Hour
)

// storage keeps the provider's state in memory. It implements op.Storage,
// op.ClientCredentialsStorage, op.CanGetPrivateClaimsFromRequest,
// op.CanSetUserinfoFromRequest and op.DeviceAuthorizationStorage; the token
// half lives in tokens.go. Every method is safe for concurrent use.
type storage struct {
	issuer    string
	key       signingKey
	accessTTL time.Duration

	mu            sync.Mutex
	authRequests  map[string]*authRequest  // by ID
	codes         map[string]string        // authorization code → auth request ID
	accessTokens  map[string]*accessToken  // by jti
	refreshTokens map[string]*refreshToken // by token value
	devices       map[string]*deviceGrant  // by device_code
	userCodes     map[string]string        // user_code → device_code
}

var (
	_ op.Storage                        = (*storage)(nil)
	_ op.ClientCredentialsStorage       = (*storage)(nil)
	_ op.CanGetPrivateClaimsFromRequest = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest      = (*storage)(nil)
	_ op.DeviceAuthorizationStorage     = (*storage)(nil)
)

func newStorage(issuer string, key *rsa.PrivateKey, accessTTL time.Duration) *storage {
	return &storage{
		issuer:        issuer,
		key:           signingKey{id: rand.Text(), key: key},
		accessTTL:     accessTTL,
		authRequests:  make(map[string]*authRequest),
		codes:         make(map[string]string),
		accessTokens:  make(map[string]*accessToken),
		refreshTokens: make(map[string]*refreshToken),
		devices:       make(map[string]*deviceGrant),
		userCodes:     make(map[string]string),
	}
}

// signingKey is the provider's RSA key; it implements op.SigningKey and
// op.Key. The private key lives only in memory.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Algorithm() jose.SignatureAlgorithm          { return jose.RS256 }
func (k signingKey) ID() string                                  { return k.id }
func (k signingKey) Use() string                                 { return "sig" }
func (k signingKey) Key() any                                    { return k.key }

// publicKey is the public half of signingKey, published at the JWKS endpoint.
type publicKey struct{ signingKey }

func (k publicKey) Key() any { return &k.key.PublicKey }

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

func (s *storage) Health(context.Context) error { return nil }

// GetClientByClientID returns the demo client; op uses it where no
// redirect_uri has to be checked (the authorize endpoint uses
// oidcServer.VerifyAuthRequest instead).
func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	c, ok := ClientByID(id)
	if !ok {
		return nil, fmt.Errorf("unknown client_id %q", id)
	}
	return &opClient{Client: c}, nil
}

// AuthorizeClientIDSecret checks a confidential client's secret (RFC 6749 §2.3.1).
func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	c, ok := ClientByID(id)
	if !ok || c.public() || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		return errors.New("client authentication failed")
	}
	return nil
}

// GetKeyByIDAndClientID belongs to op's own JWT profile checks, which the
// demo does not use: oidcServer.verifyAssertion checks client assertions
// (private_key_jwt), jti replay included, which op leaves out.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("the demo provider checks client assertions in oidcServer.verifyAssertion")
}

// ValidateJWTProfileScopes belongs to op's JWT bearer grant, which the
// demo replaces: oidcServer.JWTProfile checks the assertion and the scopes.
func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("the demo provider checks JWT bearer grants in oidcServer.JWTProfile")
}

// authRequest is an authorization request (RFC 6749 §4.1.1) waiting for the
// user's login and consent; it implements op.AuthRequest (the redirect_uri,
// state, response_type and response_mode getters come from the embedded
// oidc.AuthRequest). Storage hands out copies, so a caller never races with
// the login page.
type authRequest struct {
	oidc.AuthRequest
	id         string
	created    time.Time
	subject    string
	authTime   time.Time
	done       bool
	codeIssued time.Time
	// details are the authorization_details asked for (RFC 9396 §2),
	// nil when none.
	details json.RawMessage
	// resources are the resource indicators asked for (RFC 8707 §2),
	// which the tokens' aud names beside the demo API.
	resources []string
}

var _ op.AuthRequest = (*authRequest)(nil)

func (a *authRequest) GetID() string          { return a.id }
func (a *authRequest) GetACR() string         { return "" }
func (a *authRequest) GetAudience() []string  { return audience(a.resources) }
func (a *authRequest) GetAuthTime() time.Time { return a.authTime }
func (a *authRequest) GetClientID() string    { return a.ClientID }
func (a *authRequest) GetNonce() string       { return a.Nonce }
func (a *authRequest) GetScopes() []string    { return a.Scopes }
func (a *authRequest) GetSubject() string     { return a.subject }
func (a *authRequest) Done() bool             { return a.done }

func (a *authRequest) GetAMR() []string {
	if a.done {
		return []string{"pwd"}
	}
	return nil
}

func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.CodeChallenge, Method: a.CodeChallengeMethod}
}

// snapshot returns a copy of a that is safe to use without the lock.
func (a *authRequest) snapshot() *authRequest {
	c := *a
	c.Scopes = append(oidc.SpaceDelimitedArray(nil), a.Scopes...)
	return &c
}

func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(time.Now())
	a := &authRequest{AuthRequest: *req, id: rand.Text(), created: time.Now(), details: detailsFrom(ctx), resources: resourcesFrom(ctx)}
	a.Scopes = append(oidc.SpaceDelimitedArray(nil), req.Scopes...)
	s.authRequests[a.id] = a
	return a.snapshot(), nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	a, err := s.authRequest(id)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// authRequest returns a copy of the pending auth request with the given ID.
func (s *storage) authRequest(id string) (*authRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok || time.Since(a.created) > authRequestLifetime {
		return nil, oidc.ErrInvalidRequest().WithDescription("unknown or expired authorization request; start the flow again")
	}
	return a.snapshot(), nil
}

// completeAuthRequest records that the demo user logged in and approved.
func (s *storage) completeAuthRequest(id, subject string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return errors.New("unknown or expired authorization request; start the flow again")
	}
	a.subject, a.authTime, a.done = subject, time.Now(), true
	return nil
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return oidc.ErrInvalidRequest().WithDescription("unknown authorization request")
	}
	a.codeIssued = time.Now()
	s.codes[code] = id
	return nil
}

// AuthRequestByCode redeems an authorization code. The code is removed on
// the first attempt, successful or not, so it can be used once only
// (RFC 6749 §4.1.2, §10.5).
func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.codes[code]
	delete(s.codes, code)
	a, found := s.authRequests[id]
	if !ok || !found || !a.done || time.Since(a.codeIssued) > codeLifetime {
		return nil, oidc.ErrInvalidGrant().WithDescription("authorization code is unknown, expired or already used")
	}
	return a.snapshot(), nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteAuthRequestLocked(id)
	return nil
}

func (s *storage) deleteAuthRequestLocked(id string) {
	delete(s.authRequests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
}

// takeAuthRequest removes a pending auth request and returns it, for a
// denial.
func (s *storage) takeAuthRequest(id string) (*authRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return nil, errors.New("unknown or expired authorization request; start the flow again")
	}
	s.deleteAuthRequestLocked(id)
	return a.snapshot(), nil
}

// deviceGrant is a pending device authorization (RFC 8628 §3.2).
type deviceGrant struct {
	state    op.DeviceAuthorizationState
	userCode string
}

func (s *storage) StoreDeviceAuthorization(_ context.Context, clientID, deviceCode, userCode string, expires time.Time, scopes []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(time.Now())
	if _, dup := s.userCodes[userCode]; dup {
		return op.ErrDuplicateUserCode
	}
	s.devices[deviceCode] = &deviceGrant{userCode: userCode, state: op.DeviceAuthorizationState{
		ClientID: clientID, Audience: []string{APIAudience}, Scopes: append([]string(nil), scopes...), Expires: expires,
	}}
	s.userCodes[userCode] = deviceCode
	return nil
}

// GetDeviceAuthorizatonState reports the state of a device authorization.
// Once it is approved or denied the device_code is consumed, so it yields
// tokens once only.
func (s *storage) GetDeviceAuthorizatonState(_ context.Context, clientID, deviceCode string) (*op.DeviceAuthorizationState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.devices[deviceCode]
	if !ok || g.state.ClientID != clientID {
		return nil, errors.New("unknown device_code")
	}
	st := g.state
	st.Scopes = append([]string(nil), st.Scopes...)
	st.Audience = append([]string(nil), st.Audience...)
	if st.Done || st.Denied {
		delete(s.devices, deviceCode)
		delete(s.userCodes, g.userCode)
	}
	return &st, nil
}

// deviceByUserCode returns the pending device authorization for a user_code.
func (s *storage) deviceByUserCode(userCode string) (op.DeviceAuthorizationState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.devices[s.userCodes[userCode]]
	if !ok || g.state.Done || g.state.Denied || time.Now().After(g.state.Expires) {
		return op.DeviceAuthorizationState{}, false
	}
	return g.state, true
}

// decideDevice records the user's decision on a device authorization.
func (s *storage) decideDevice(userCode, subject string, approve bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.devices[s.userCodes[userCode]]
	if !ok || g.state.Done || g.state.Denied || time.Now().After(g.state.Expires) {
		return errors.New("unknown, expired or already used user code")
	}
	if !approve {
		g.state.Denied = true
		return nil
	}
	g.state.Done, g.state.Subject, g.state.AuthTime, g.state.AMR = true, subject, time.Now(), []string{"pwd"}
	return nil
}

// pruneLocked forgets what has expired. It runs on inserts, so the maps stay
// small without a background goroutine.
func (s *storage) pruneLocked(now time.Time) {
	for id, a := range s.authRequests {
		if now.Sub(a.created) > authRequestLifetime {
			s.deleteAuthRequestLocked(id)
		}
	}
	for id, t := range s.accessTokens {
		if now.After(t.expiration) {
			delete(s.accessTokens, id)
		}
	}
	for tok, t := range s.refreshTokens {
		if now.After(t.expiration) {
			delete(s.refreshTokens, tok)
		}
	}
	for code, g := range s.devices {
		if now.After(g.state.Expires.Add(time.Minute)) {
			delete(s.devices, code)
			delete(s.userCodes, g.userCode)
		}
	}
}
