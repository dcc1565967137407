package demo

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The mutual-TLS client authentication methods (RFC 8705 §2.1.1, §2.2.1).
const (
	authTLS           oidc.AuthMethod = "tls_client_auth"
	authSelfSignedTLS oidc.AuthMethod = "self_signed_tls_client_auth"
)

// MTLSEndpoints are the demo's mutual-TLS endpoint aliases (RFC 8705 §5):
// the same endpoints served on a second listener, over TLS, where the
// client presents its certificate. The listener's certificate is issued
// by the demo CA (CACertPEM).
type MTLSEndpoints struct {
	Base                string // https://127.0.0.1:PORT
	Token               string
	Introspection       string
	Revocation          string
	Userinfo            string
	DeviceAuthorization string
	API                 string // base URL of the demo API there
}

// aliases lists the endpoints as mtls_endpoint_aliases names them.
func (m MTLSEndpoints) aliases() map[string]string {
	return map[string]string{
		"token_endpoint": m.Token, "introspection_endpoint": m.Introspection,
		"revocation_endpoint": m.Revocation, "userinfo_endpoint": m.Userinfo,
		"device_authorization_endpoint": m.DeviceAuthorization,
	}
}

// mtlsEndpointsAt returns the aliases of op's endpoints on base.
func mtlsEndpointsAt(base string, ep *op.Endpoints) MTLSEndpoints {
	return MTLSEndpoints{Base: base, Token: base + ep.Token.Relative(), Introspection: base + ep.Introspection.Relative(),
		Revocation: base + ep.Revocation.Relative(), Userinfo: base + ep.Userinfo.Relative(),
		DeviceAuthorization: base + ep.DeviceAuthorization.Relative(), API: base + "/api"}
}

// mtlsServer is the second listener: TLS with the demo CA's server
// certificate, asking every client for a certificate (RFC 8705 §2).
type mtlsServer struct {
	http   *http.Server
	ln     net.Listener
	served chan struct{}
}

// listenMTLS listens on host:0 (a free port) for TLS.
func listenMTLS(ctx context.Context, addr string) (*mtlsServer, error) {
	p, err := demoPKI()
	if err != nil {
		return nil, fmt.Errorf("demo: mTLS certificates: %w", err)
	}
	host, _, _ := net.SplitHostPort(addr)
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, fmt.Errorf("demo: listen (mTLS): %w", err)
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{p.server},
		// Ask, but let the token endpoint judge: a missing certificate
		// is then an invalid_client it can explain (RFC 8705 §2).
		ClientAuth:            tls.RequestClientCert,
		VerifyPeerCertificate: p.acceptClientCert,
	}
	return &mtlsServer{ln: tls.NewListener(ln, cfg), served: make(chan struct{})}, nil
}

// acceptClientCert refuses, in the handshake (a bad_certificate alert), a
// client certificate that is neither issued by the demo CA nor the
// registered self-signed one: no client could be authenticated by it.
func (p *pki) acceptClientCert(raw [][]byte, _ [][]*x509.Certificate) error {
	if len(raw) == 0 {
		return nil
	}
	leaf, err := x509.ParseCertificate(raw[0])
	if err != nil {
		return err
	}
	if p.issued(leaf) || x5tS256(leaf) == x5tS256(p.clients[MTLSSelfClientID].cert) {
		return nil
	}
	return errors.New("demo: client certificate neither issued by the demo CA nor registered")
}

// issued reports whether the demo CA issued cert for client use.
func (p *pki) issued(cert *x509.Certificate) bool {
	_, err := cert.Verify(x509.VerifyOptions{Roots: p.pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return err == nil
}

// serve serves handler on the listener, with the TLS state of each
// request in its context (op's handlers see only the context).
func (m *mtlsServer) serve(handler http.Handler) {
	m.http = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			handler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tlsStateKey{}, r.TLS)))
		}),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10, ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(m.served)
		_ = m.http.Serve(m.ln)
	}()
}

// close shuts the listener down.
func (m *mtlsServer) close(ctx context.Context) {
	if m == nil || m.http == nil {
		return
	}
	if err := m.http.Shutdown(ctx); err != nil {
		_ = m.http.Close()
	}
	<-m.served
}

type tlsStateKey struct{}

// peerCert returns the client certificate of the request ctx belongs to,
// and whether the request came over the mTLS listener at all.
func peerCert(ctx context.Context) (*x509.Certificate, bool) {
	st, _ := ctx.Value(tlsStateKey{}).(*tls.ConnectionState)
	if st == nil {
		return nil, false
	}
	if len(st.PeerCertificates) == 0 {
		return nil, true
	}
	return st.PeerCertificates[0], true
}

// isMTLS reports whether c authenticates with a TLS certificate.
func (c Client) isMTLS() bool {
	return c.AuthMethod == string(authTLS) || c.AuthMethod == string(authSelfSignedTLS)
}

// authenticateTLS authenticates a client registered for mutual TLS by the
// certificate of the connection (RFC 8705 §2); the others as authenticate
// does.
func (s *oidcServer) authenticateTLS(ctx context.Context, cc *op.ClientCredentials, h http.Header, u *url.URL) (Client, error) {
	c, ok := ClientByID(cc.ClientID)
	if !ok || !c.isMTLS() || cc.ClientAssertion != "" {
		return s.authenticate(cc, h, u)
	}
	if auth := h.Get("Authorization"); cc.ClientSecret != "" || len(auth) > 6 && strings.EqualFold(auth[:6], "basic ") {
		return Client{}, invalidClient("client %s is registered for %s: it authenticates with its TLS client certificate alone; send only client_id, no secret (RFC 8705 section 2)", c.ID, c.AuthMethod)
	}
	cert, overTLS := peerCert(ctx)
	p, err := demoPKI()
	switch {
	case err != nil:
		return Client{}, invalidClient("the demo has no certificates: %s", err)
	case !overTLS:
		return Client{}, invalidClient("client %s authenticates with a TLS client certificate (%s), but this request came over plain HTTP, where none can be presented: "+
			"send it to the mTLS endpoint alias, %s (mtls_endpoint_aliases, RFC 8705 section 5)", c.ID, c.AuthMethod, s.mtls.Base+u.Path)
	case cert == nil:
		return Client{}, invalidClient("client %s authenticates with a TLS client certificate (%s), but none was presented in the TLS handshake (RFC 8705 section 2)", c.ID, c.AuthMethod)
	}
	switch c.AuthMethod {
	case string(authTLS):
		if !p.issued(cert) {
			return Client{}, invalidClient("the certificate presented (subject %s, issuer %s) was not issued by the CA this client is registered with (the demo CA): tls_client_auth trusts a CA, then matches the subject (RFC 8705 section 2.1)",
				cert.Subject, cert.Issuer)
		}
		if cert.Subject.String() != mtlsSubjectDN {
			return Client{}, invalidClient("the certificate presented has subject %s; client %s is registered with tls_client_auth_subject_dn %s (RFC 8705 section 2.1.2)", cert.Subject, c.ID, mtlsSubjectDN)
		}
	default:
		if want := x5tS256(p.clients[c.ID].cert); x5tS256(cert) != want {
			return Client{}, invalidClient("the certificate presented (x5t#S256 %s) is not the one registered for client %s (x5t#S256 %s): self_signed_tls_client_auth matches the registered certificate exactly (RFC 8705 section 2.2)",
				x5tS256(cert), c.ID, want)
		}
	}
	return c, nil
}

// bindToCertificate adds cnf x5t#S256 to the claims of an access token
// issued over a connection with a client certificate: the token is then
// bound to it (RFC 8705 §3.1), and the demo API refuses it without it.
func bindToCertificate(ctx context.Context, claims map[string]any) {
	cert, _ := peerCert(ctx)
	if cert == nil {
		return
	}
	cnf, _ := claims["cnf"].(map[string]any)
	if cnf == nil {
		cnf = map[string]any{}
	}
	cnf["x5t#S256"] = x5tS256(cert)
	claims["cnf"] = cnf
}

// certBindingProblem checks a verified access token's cnf x5t#S256
// against the certificate of the connection it came over (RFC 8705
// §3.2); "" when the token is not bound or the certificate matches.
// mtlsAPI names where to call instead over plain HTTP.
func certBindingProblem(raw string, st *tls.ConnectionState, where string) string {
	want := boundThumbprint(raw)
	switch {
	case want == "":
		return ""
	case st == nil:
		return fmt.Sprintf("the token is bound to a TLS client certificate (cnf x5t#S256 %s), but this request came over plain HTTP without one: call %s over mutual TLS with that certificate (RFC 8705 section 3)", want, where)
	case len(st.PeerCertificates) == 0:
		return fmt.Sprintf("the token is bound to a TLS client certificate (cnf x5t#S256 %s), but none was presented on this connection (RFC 8705 section 3)", want)
	}
	if got := x5tS256(st.PeerCertificates[0]); got != want {
		return fmt.Sprintf("the token is bound to another certificate: cnf x5t#S256 is %s, the certificate presented has %s (RFC 8705 section 3)", want, got)
	}
	return ""
}

// boundThumbprint returns the cnf x5t#S256 of an access token the
// verifier accepted, "" when it has none.
func boundThumbprint(raw string) string {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return ""
	}
	var c struct {
		Cnf map[string]any `json:"cnf"`
	}
	if tok.UnsafeClaimsWithoutVerification(&c) != nil {
		return ""
	}
	x5t, _ := c.Cnf["x5t#S256"].(string)
	return x5t
}

// addMTLSMetadata lists the mTLS methods and says that access tokens are
// bound (RFC 8705 §2.1.1, §2.2.1, §3.3).
func addMTLSMetadata(d *oidc.DiscoveryConfiguration) {
	d.TokenEndpointAuthMethodsSupported = append(d.TokenEndpointAuthMethodsSupported, authTLS, authSelfSignedTLS)
	d.RevocationEndpointAuthMethodsSupported = d.TokenEndpointAuthMethodsSupported
	d.IntrospectionEndpointAuthMethodsSupported = append(d.IntrospectionEndpointAuthMethodsSupported, authTLS, authSelfSignedTLS)
}

// discoveryWithMTLS is the discovery document with the mTLS members
// (RFC 8705 §3.3, §5).
type discoveryWithMTLS struct {
	discoveryWithPAR
	MTLSEndpointAliases                   map[string]string `json:"mtls_endpoint_aliases"`
	TLSClientCertificateBoundAccessTokens bool              `json:"tls_client_certificate_bound_access_tokens"`
}
