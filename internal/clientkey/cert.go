package clientkey

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CertInfo describes a certificate as a person checks it: who it names,
// who vouches for it, when it is valid and its SHA-256 thumbprint.
type CertInfo struct {
	// Subject and Issuer are the distinguished names, RFC 4514 strings
	// (the form tls_client_auth_subject_dn registers, RFC 8705 §2.1.2).
	Subject, Issuer string
	// SelfSigned is set when the subject vouches for itself.
	SelfSigned bool
	// NotBefore and NotAfter bound its validity.
	NotBefore, NotAfter time.Time
	// X5tS256 is the SHA-256 of its DER encoding, base64url without
	// padding: the cnf "x5t#S256" of a token bound to it (RFC 8705 §3.1).
	X5tS256 string
}

// CertX5tS256 is the x5t#S256 thumbprint of cert (RFC 8705 §3.1, RFC 7515
// §4.1.8): SHA-256 of its DER, base64url without padding.
func CertX5tS256(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// DescribeCert returns what a person checks of cert.
func DescribeCert(cert *x509.Certificate) CertInfo {
	return CertInfo{
		Subject: cert.Subject.String(), Issuer: cert.Issuer.String(),
		SelfSigned: cert.Subject.String() == cert.Issuer.String() && cert.CheckSignatureFrom(cert) == nil,
		NotBefore:  cert.NotBefore, NotAfter: cert.NotAfter, X5tS256: CertX5tS256(cert),
	}
}

// LoadKeyPair reads a TLS client certificate and its private key from PEM
// texts (a single text may hold both: it is then given twice). It says
// which part is missing or that the key is not the certificate's.
func LoadKeyPair(certPEM, keyPEM []byte) (tls.Certificate, error) {
	if !hasBlock(certPEM, "CERTIFICATE") {
		return tls.Certificate{}, errors.New("no CERTIFICATE block in the certificate file")
	}
	if !hasBlock(keyPEM, "PRIVATE KEY") {
		return tls.Certificate{}, errors.New("no PRIVATE KEY block in the key file (PKCS#8, PKCS#1 or EC, unencrypted)")
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		if strings.Contains(err.Error(), "does not match") {
			return tls.Certificate{}, errors.New("the private key is not the certificate's: give the key the certificate was issued for")
		}
		return tls.Certificate{}, fmt.Errorf("certificate or key: %w", err)
	}
	return pair, nil
}

// hasBlock reports whether text holds a PEM block whose type ends in
// suffix ("PRIVATE KEY" matches "EC PRIVATE KEY" and "RSA PRIVATE KEY").
func hasBlock(text []byte, suffix string) bool {
	for rest := text; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return false
		}
		if strings.HasSuffix(b.Type, suffix) {
			return true
		}
	}
}
