// Package demo is oauth-explorer's embedded demo OpenID provider: an OAuth
// 2.0 authorization server and OpenID Connect provider built with
// github.com/zitadel/oidc/v3/pkg/op, plus a small protected API, all served
// in memory on a loopback address, so that a learner sees all four roles of
// RFC 6749 §1.1 (resource owner, client, authorization server, resource
// server) on one machine.
//
// It offers discovery, JWKS, the authorization code grant with PKCE
// (RFC 6749 §4.1, RFC 7636) behind an HTML login and consent page for the
// demo user (demo / demo), refresh tokens with rotation (RFC 6749 §6), the
// client credentials grant (RFC 6749 §4.4), the device authorization grant
// (RFC 8628), token exchange (RFC 8693, delegation with act when an actor
// token is given), the legacy grants RFC 9700 forbids, for learners
// (resource owner password, RFC 6749 §4.3, and implicit, OIDC Core §3.2,
// for the demo-legacy client only), userinfo (OpenID Connect Core §5.3), introspection (RFC 7662),
// revocation (RFC 7009) and RP-initiated logout. Access tokens are RS256
// JWTs (RFC 9068) for the audience [APIAudience], accepted by the demo API
// under /api/ with bearer-token errors as in RFC 6750 §3.
//
// Clients must use loopback redirect URIs (RFC 8252 §7.3); any port and path
// is accepted. The signing key is generated at Start and lives only in
// memory; the client secrets are published demo values (see [Clients]).
//
// op logs through the process-wide log/slog default logger; a program that
// owns the terminal should point slog somewhere harmless before Start.
package demo

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// Options configure Start. The zero value is a good default.
type Options struct {
	// Addr is the listen address; default "127.0.0.1:0" (random port). It
	// must be a loopback address (127.0.0.1, [::1] or localhost); others
	// are refused.
	Addr string
	// AccessTokenLifetime is the lifetime of access tokens; default 1h.
	AccessTokenLifetime time.Duration
	// APIRateLimit is how many demo API requests a token may make per 10 s
	// window before the API answers 429 (RFC 6585 §4); default 5.
	APIRateLimit int
	// DevicePollInterval is the interval the device authorization grant's
	// answer gives (RFC 8628 §3.2), in whole seconds; default 5 s. Tests
	// of a program that waits it out for real set 1 s.
	DevicePollInterval time.Duration
	// OnRequest, when set, is told of every request after it is answered:
	// its method, its request target (path and query, as sent: it may
	// hold a code or a token) and the status sent. demo-server -v logs
	// with it.
	OnRequest func(method, target string, status int)
	// RequirePAR makes every authorization request go through the pushed
	// authorization request endpoint first, and says so in the discovery
	// document (require_pushed_authorization_requests, RFC 9126 §5).
	RequirePAR bool
	// RegistrationToken, when set, is the initial access token the
	// registration endpoint requires as a Bearer token (RFC 7591 §3);
	// empty means open registration.
	RegistrationToken string
	// NoClientIDDocuments turns client ID metadata documents off: the
	// discovery document says client_id_metadata_document_supported
	// false and a client_id that is a URL is unknown, as at servers that
	// do not implement the draft.
	NoClientIDDocuments bool
}

// Endpoints are the absolute URLs the demo provider serves, as published
// in its discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414 §2).
type Endpoints struct {
	Issuer              string // the issuer identifier ("iss")
	Discovery           string // /.well-known/openid-configuration
	JWKS                string // the public signing keys (RFC 7517)
	Authorization       string // RFC 6749 §3.1
	Token               string // RFC 6749 §3.2
	Userinfo            string // OpenID Connect Core §5.3
	Introspection       string // RFC 7662 §2
	Revocation          string // RFC 7009 §2
	EndSession          string // OpenID Connect RP-Initiated Logout §2
	DeviceAuthorization string // RFC 8628 §3.1
	PushedAuthorization string // RFC 9126 §2
	Registration        string // RFC 7591 §3
	API                 string // base URL of the demo API: append /whoami or /reports
	MCP                 string // the MCP endpoint (Streamable HTTP), MCPPath
	// MTLS are the mutual-TLS endpoint aliases (RFC 8705 §5), on a second
	// listener over TLS.
	MTLS MTLSEndpoints
}

// Server is a running demo provider. Stop it with Close.
type Server struct {
	endpoints Endpoints
	store     *storage
	http      *http.Server
	mtls      *mtlsServer
	register  *registrationEndpoint
	served    chan struct{} // closed when Serve has returned
	stop      func() bool   // detaches from the Start context
	once      sync.Once
	err       error
}

// Start generates an RSA-2048 signing key in memory (it is never written
// to disk), listens on opts.Addr and serves in a goroutine. The server
// runs until Close is called or ctx is cancelled.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.AccessTokenLifetime <= 0 {
		opts.AccessTokenLifetime = time.Hour
	}
	if opts.APIRateLimit <= 0 {
		opts.APIRateLimit = 5
	}
	if err := checkLoopback(opts.Addr); err != nil {
		return nil, err
	}
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("demo: listen: %w", err)
	}
	issuer := "http://" + ln.Addr().String()
	mtls, err := listenMTLS(ctx, ln.Addr().String())
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	reg := &registrationEndpoint{token: opts.RegistrationToken}
	if !opts.NoClientIDDocuments {
		reg.docs = newClientDocuments()
	}
	handler, store, endpoints, err := newHandler(reg, issuer, "https://"+mtls.ln.Addr().String(), opts)
	if err != nil {
		_ = ln.Close()
		_ = mtls.ln.Close()
		return nil, err
	}
	if opts.OnRequest != nil {
		handler = logRequests(handler, opts.OnRequest)
	}
	mtls.serve(handler)
	s := &Server{
		endpoints: endpoints,
		store:     store,
		register:  reg,
		http: &http.Server{
			Handler:           handler,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          log.New(io.Discard, "", 0),
		},
		served: make(chan struct{}),
		mtls:   mtls,
	}
	go func() {
		defer close(s.served)
		_ = s.http.Serve(ln)
	}()
	s.stop = context.AfterFunc(ctx, func() { _ = s.Close() })
	return s, nil
}

// checkLoopback refuses listen addresses that are not loopback.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("demo: invalid listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("demo: listen address %q is not a loopback address; the demo provider binds only 127.0.0.1, [::1] or localhost (e.g. 127.0.0.1:9999)", addr)
}

// newHandler builds the provider: key, storage, op's server, the login and
// device pages and the demo API.
func newHandler(reg *registrationEndpoint, issuer, mtlsBase string, opts Options) (http.Handler, *storage, Endpoints, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, Endpoints{}, fmt.Errorf("demo: generate signing key: %w", err)
	}
	store := newStorage(issuer, key, opts.AccessTokenLifetime)
	config := &op.Config{
		DefaultLogoutRedirectURI: loggedOutPath,
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		GrantTypeRefreshToken:    true,
		SupportedScopes:          []string{"openid", "profile", "email", "offline_access", "api.read", "api.write", MCPScope, MCPToolsScope},
		SupportedClaims: []string{"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "nonce", "amr", "azp",
			"at_hash", "c_hash", "client_id", "scope", "name", "given_name", "family_name", "preferred_username",
			"email", "email_verified"},
		DeviceAuthorization: op.DeviceAuthorizationConfig{
			Lifetime:     10 * time.Minute,
			PollInterval: cmp.Or(opts.DevicePollInterval, 5*time.Second),
			UserFormPath: devicePath,
			UserCode:     op.UserCodeBase20,
		},
	}
	// The key that encrypts op's authorization codes.
	_, _ = rand.Read(config.CryptoKey[:])
	provider, err := op.NewProvider(config, store, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, nil, Endpoints{}, fmt.Errorf("demo: create provider: %w", err)
	}
	ep := provider.Endpoints()
	v := &verifier{issuer: issuer, kid: store.key.id, key: &key.PublicKey, store: store}
	legacy := op.NewLegacyServer(provider, ep)
	srv := &oidcServer{LegacyServer: legacy, store: store, verifier: v,
		issuer: issuer, tokenURL: ep.Token.Absolute(issuer), jtis: &jtiCache{}, requirePAR: opts.RequirePAR,
		mtls: mtlsEndpointsAt(mtlsBase, &ep), docs: reg.docs}
	oidcHandler := op.RegisterLegacyServer(srv, op.AuthorizeCallbackHandler(provider))
	pars := newPARStore()

	proofs := &dpopChecker{}
	guard := &resourceGuard{issuer: issuer, verifier: v, dpop: proofs}

	mux := http.NewServeMux()
	mux.Handle("/", dpopToken(ep.Token.Relative(), issuer, proofs, dpopUserinfo(ep.Userinfo.Relative(), guard,
		challenge(ep.Userinfo.Relative(), parAuthorize(ep.Authorization.Relative(), pars,
			jarAuthorize(ep.Authorization.Relative(), srv.verifyRequestObject,
				&passwordGrant{path: ep.Token.Relative(), issuer: issuer, provider: provider, next: oidcHandler, auth: srv.authenticate}))))))
	mux.Handle(registerPath, reg)
	mux.Handle(parPath, &parEndpoint{pars: pars, auth: srv.authenticate, verify: srv.verifyRequestObject})
	mux.Handle(loginPath, &loginPage{store: store, callback: ep.Authorization.Relative() + "/callback", encoder: provider.Encoder()})
	mux.Handle(devicePath, &devicePage{store: store})
	mux.HandleFunc(loggedOutPath, loggedOut)
	mux.Handle(ResourceMetadataPath, &resourceMetadata{issuer: issuer})
	mux.Handle(ResourceMetadataPath+"/", &resourceMetadata{issuer: issuer})
	mux.Handle(MCPPath, &mcpServer{issuer: issuer, guard: guard})
	mux.Handle("/api/", &api{guard: guard, mtlsAPI: srv.mtls.API, issuer: issuer, limiter: &rateLimiter{
		limit: opts.APIRateLimit, window: apiRateWindow, seen: make(map[string]rateWindow),
	}})

	return mux, store, Endpoints{
		Issuer:              issuer,
		Discovery:           issuer + "/.well-known/openid-configuration",
		JWKS:                ep.JwksURI.Absolute(issuer),
		Authorization:       ep.Authorization.Absolute(issuer),
		Token:               ep.Token.Absolute(issuer),
		Userinfo:            ep.Userinfo.Absolute(issuer),
		Introspection:       ep.Introspection.Absolute(issuer),
		Revocation:          ep.Revocation.Absolute(issuer),
		EndSession:          ep.EndSession.Absolute(issuer),
		DeviceAuthorization: ep.DeviceAuthorization.Absolute(issuer),
		PushedAuthorization: issuer + parPath,
		Registration:        issuer + registerPath,
		API:                 issuer + "/api",
		MCP:                 issuer + MCPPath,
		MTLS:                srv.mtls,
	}, nil
}

// Issuer returns the issuer identifier, e.g. "http://127.0.0.1:41234".
func (s *Server) Issuer() string { return s.endpoints.Issuer }

// Endpoints returns the provider's endpoint URLs.
func (s *Server) Endpoints() Endpoints { return s.endpoints }

// Done is closed once the server has stopped serving: after Close, or
// after the context given to Start ends.
func (s *Server) Done() <-chan struct{} { return s.served }

// Close shuts the server down, waiting briefly for requests in flight, and
// returns once its goroutines have ended. It may be called more than once.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.stop()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if err := s.http.Shutdown(ctx); err != nil {
			s.err = fmt.Errorf("demo: shutdown: %w", err)
			_ = s.http.Close()
		}
		s.mtls.close(ctx)
		<-s.served
		s.register.forget()
	})
	return s.err
}
