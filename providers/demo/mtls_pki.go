package demo

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"sync"
	"time"
)

// The demo clients that authenticate with a TLS client certificate
// (RFC 8705 §2).
const (
	// MTLSClientID uses tls_client_auth: a certificate the demo CA issued,
	// matched by its subject DN (RFC 8705 §2.1).
	MTLSClientID = "demo-mtls"
	// MTLSSelfClientID uses self_signed_tls_client_auth: a self-signed
	// certificate registered by its thumbprint (RFC 8705 §2.2).
	MTLSSelfClientID = "demo-mtls-self"
)

// mtlsSubjectDN is the tls_client_auth_subject_dn registered for
// demo-mtls (RFC 8705 §2.1.2).
const mtlsSubjectDN = "CN=demo-mtls,O=oauth-explorer demo"

// pki is the demo's certificate authority and what it issued: the TLS
// listener's certificate and the mTLS clients' certificates and keys. It
// is made in memory once per process, on first use, so that the clients
// the TUI lists and every demo server of the process agree; nothing is
// written unless demo-server --write-mtls asks.
type pki struct {
	ca     *x509.Certificate
	caPEM  string
	pool   *x509.CertPool
	server tls.Certificate
	// clients holds each mTLS client's certificate and key PEM.
	clients map[string]clientCert
}

// clientCert is a client's certificate, with its PEM and its key's.
type clientCert struct {
	cert            *x509.Certificate
	certPEM, keyPEM string
}

// demoPKI returns the process's demo PKI, making it on first use.
var demoPKI = sync.OnceValues(newPKI)

// certLifetime is how long the demo's certificates are valid.
const certLifetime = 30 * 24 * time.Hour

func newPKI() (*pki, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now().Add(-time.Minute)
	caTmpl := &x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: "oauth-explorer demo CA", Organization: []string{"oauth-explorer demo"}},
		NotBefore: now, NotAfter: now.Add(certLifetime), IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("demo CA: %w", err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	p := &pki{ca: ca, caPEM: string(pemCert(caDER)), pool: x509.NewCertPool(), clients: map[string]clientCert{}}
	p.pool.AddCert(ca)

	server, err := issue(&x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: "127.0.0.1", Organization: []string{"oauth-explorer demo"}},
		NotBefore: now, NotAfter: now.Add(certLifetime), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}, DNSNames: []string{"localhost"},
	}, ca, caKey)
	if err != nil {
		return nil, err
	}
	if p.server, err = tls.X509KeyPair([]byte(server.certPEM), []byte(server.keyPEM)); err != nil {
		return nil, err
	}
	clientTmpl := func(cn string) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber: serial(), Subject: pkix.Name{CommonName: cn, Organization: []string{"oauth-explorer demo"}},
			NotBefore: now, NotAfter: now.Add(certLifetime), KeyUsage: x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		}
	}
	if p.clients[MTLSClientID], err = issue(clientTmpl(MTLSClientID), ca, caKey); err != nil {
		return nil, err
	}
	// Self-signed: its own issuer, trusted by registration alone.
	if p.clients[MTLSSelfClientID], err = issue(clientTmpl(MTLSSelfClientID), nil, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// issue makes a P-256 key and a certificate for it from tmpl, signed by
// ca's key, or self-signed when ca is nil.
func issue(tmpl, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (clientCert, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return clientCert{}, err
	}
	parent, signer := ca, caKey
	if ca == nil {
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		return clientCert{}, fmt.Errorf("demo certificate %s: %w", tmpl.Subject.CommonName, err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return clientCert{}, err
	}
	cert, _ := x509.ParseCertificate(der)
	return clientCert{cert: cert, certPEM: string(pemCert(der)),
		keyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))}, nil
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	return n
}

// x5tS256 is a certificate's SHA-256 thumbprint, base64url (RFC 8705 §3.1).
func x5tS256(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// CACertPEM returns the demo CA's certificate (PEM): trust it to reach the
// demo's mTLS endpoints, whose server certificate it issued. "" if the
// PKI could not be made.
func CACertPEM() string {
	p, err := demoPKI()
	if err != nil {
		return ""
	}
	return p.caPEM
}

// MTLSCredentials returns the certificate and private key (PEM) of the
// demo mTLS client id (MTLSClientID or MTLSSelfClientID), made in memory
// for this process: published demo values, like the secrets.
func MTLSCredentials(id string) (certPEM, keyPEM string, err error) {
	p, err := demoPKI()
	if err != nil {
		return "", "", err
	}
	c, ok := p.clients[id]
	if !ok {
		return "", "", fmt.Errorf("demo: %s is not an mTLS client", id)
	}
	return c.certPEM, c.keyPEM, nil
}
