package flows

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"sync"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// CertInfo describes a TLS client certificate: subject, issuer, validity
// and its SHA-256 thumbprint (x5t#S256).
type CertInfo = clientkey.CertInfo

// tlsTransport returns the transport a flow for p sends through: base
// itself, or a clone of it (of http.DefaultTransport when nil) that also
// trusts p.CACerts and, for the mutual-TLS methods (RFC 8705 §2), presents
// the client's certificate to a server that asks for one. Verification of
// the server stays as base has it. A base that is not an *http.Transport
// (a test's) is kept as it is.
func tlsTransport(base http.RoundTripper, p providers.Provider) http.RoundTripper {
	if p.CACerts == "" && !providers.MutualTLS(p.AuthMethod) {
		return base
	}
	var tr *http.Transport
	switch b := base.(type) {
	case nil:
		tr = http.DefaultTransport.(*http.Transport).Clone()
	case *http.Transport:
		tr = b.Clone()
	default:
		return base
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if tr.TLSClientConfig != nil {
		cfg = tr.TLSClientConfig.Clone()
	}
	if p.CACerts != "" {
		pool := cfg.RootCAs
		if pool == nil {
			pool, _ = x509.SystemCertPool()
		}
		if pool == nil {
			pool = x509.NewCertPool()
		} else {
			pool = pool.Clone()
		}
		pool.AppendCertsFromPEM([]byte(p.CACerts))
		cfg.RootCAs = pool
	}
	tr.TLSClientConfig = cfg
	if !providers.MutualTLS(p.AuthMethod) {
		return tr
	}
	t := &mtlsTransport{tr: tr, cfg: cfg, p: p}
	tr.DialTLSContext = t.dialTLS
	return t
}

// mtlsTransport presents the client's certificate in the TLS handshake of
// every connection whose server asks for one (RFC 8446 §4.3.2), and tells
// the Recorder which certificate went on each request's connection.
type mtlsTransport struct {
	tr  *http.Transport
	cfg *tls.Config
	p   providers.Provider

	once sync.Once
	cert tls.Certificate
	info CertInfo
	err  error
	// asked holds the connections whose server asked for the
	// certificate, which was then sent.
	asked sync.Map
}

// load reads the certificate and key once.
func (t *mtlsTransport) load() error {
	t.once.Do(func() {
		t.cert, t.err = loadClientCert(t.p)
		if t.err == nil && t.cert.Leaf == nil {
			t.cert.Leaf, t.err = x509.ParseCertificate(t.cert.Certificate[0])
		}
		if t.err == nil {
			t.info = clientkey.DescribeCert(t.cert.Leaf)
		}
	})
	return t.err
}

// loadClientCert reads p's TLS client certificate and key: from
// ClientKey when it holds both (the demo's, in memory), else from the
// files.
func loadClientCert(p providers.Provider) (tls.Certificate, error) {
	keyPEM := []byte(p.ClientKey)
	if len(keyPEM) == 0 {
		if p.ClientKeyFile == "" {
			return tls.Certificate{}, &ClientCertError{Method: p.AuthMethod, Err: errors.New("no client key file given")}
		}
		b, err := os.ReadFile(p.ClientKeyFile)
		if err != nil {
			return tls.Certificate{}, &ClientCertError{Method: p.AuthMethod, File: p.ClientKeyFile, Err: err}
		}
		keyPEM = b
	}
	certPEM := keyPEM
	if p.ClientCertFile != "" {
		b, err := os.ReadFile(p.ClientCertFile)
		if err != nil {
			return tls.Certificate{}, &ClientCertError{Method: p.AuthMethod, File: p.ClientCertFile, Err: err}
		}
		certPEM = b
	}
	pair, err := clientkey.LoadKeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, &ClientCertError{Method: p.AuthMethod, File: p.ClientCertFile, Err: err}
	}
	return pair, nil
}

// RoundTrip implements http.RoundTripper.
func (t *mtlsTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.load(); err != nil {
		return nil, err
	}
	if slot, ok := req.Context().Value(certSlotKey{}).(*certSlot); ok {
		trace := &httptrace.ClientTrace{GotConn: func(ci httptrace.GotConnInfo) {
			if tc, ok := ci.Conn.(*tls.Conn); ok {
				if _, asked := t.asked.Load(tc); asked {
					slot.set(t.info)
				}
			}
		}}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	}
	return t.tr.RoundTrip(req)
}

// dialTLS makes a TLS connection that presents the certificate when the
// server asks, and remembers that it did.
func (t *mtlsTransport) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	cfg := t.cfg.Clone()
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		cfg.ServerName = host
	}
	cfg.NextProtos = []string{"http/1.1"}
	var asked bool
	cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		asked = true
		return &t.cert, nil
	}
	conn, err := (&tls.Dialer{Config: cfg}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*tls.Conn); ok && asked {
		t.asked.Store(tc, true)
	}
	return conn, nil
}

// certSlotKey is the context key of the slot a Recorder gives a request,
// which the mTLS transport fills with the certificate it presented.
type certSlotKey struct{}

type certSlot struct {
	mu   sync.Mutex
	info *CertInfo
}

func (s *certSlot) set(info CertInfo) {
	s.mu.Lock()
	s.info = &info
	s.mu.Unlock()
}

func (s *certSlot) get() *CertInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// withCertSlot gives req a slot for the certificate presented.
func withCertSlot(req *http.Request) (*http.Request, *certSlot) {
	slot := &certSlot{}
	return req.WithContext(context.WithValue(req.Context(), certSlotKey{}, slot)), slot
}

// formatClientCert writes the certificate presented on the request's
// connection, after the request: the Request tab and the -v transcript
// show which certificate authenticated the client.
func formatClientCert(b *strings.Builder, c *CertInfo) {
	if c == nil {
		return
	}
	b.WriteString("\n")
	writeLine(b, "TLS client certificate presented in the handshake (RFC 8705 §2):")
	self := ""
	if c.SelfSigned {
		self = " (self-signed)"
	}
	for _, row := range [][2]string{
		{"subject", c.Subject},
		{"issuer", c.Issuer + self},
		{"valid", c.NotBefore.UTC().Format("2006-01-02 15:04 MST") + " to " + c.NotAfter.UTC().Format("2006-01-02 15:04 MST")},
		{"x5t#S256", c.X5tS256 + "  · SHA-256 thumbprint: a bound token's cnf names it"},
	} {
		writeLine(b, fmt.Sprintf("  %-9s %s", row[0], row[1]))
	}
}

// ClientCertError is a TLS client certificate that could not be loaded:
// a file missing or unreadable, no certificate or key in it, a key that
// is not the certificate's. Nothing was sent.
type ClientCertError struct {
	Method, File string
	Err          error
}

func (e *ClientCertError) Error() string {
	if e.File != "" {
		return fmt.Sprintf("%s: client certificate %s: %v", e.Method, e.File, e.Err)
	}
	return fmt.Sprintf("%s: client certificate: %v", e.Method, e.Err)
}

func (e *ClientCertError) Unwrap() error { return e.Err }
