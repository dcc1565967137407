package flows

import (
	"errors"
	"strings"
)

// mtlsDiagnosis explains the failures of mutual TLS (RFC 8705): a
// certificate that could not be loaded, a server that refused it in the
// handshake or at the token endpoint, a token bound to another
// certificate. nil when err is none of them.
func mtlsDiagnosis(err error) *Diagnosis {
	var (
		ce  *ClientCertError
		te  *TransportError
		oe  *OAuthError
		tce *TokenCheckError
	)
	switch {
	case errors.As(err, &ce):
		return &Diagnosis{Code: "client_cert", What: "The TLS client certificate could not be loaded, so nothing was sent: " + ce.Error(),
			Causes: []string{"the certificate or key file is missing or unreadable, holds no PEM block of its kind, or the key is encrypted", "the key is not the certificate's: they must be a pair"},
			Try: []string{"give the certificate's PEM file with {setting:" + InputClientCert + "} and its private key with {setting:" + InputClientKey + "} (one file may hold both)",
				"for the demo: the demo server writes a matching pair on request (see its help)"},
			Ref: "RFC 8705 §2"}
	case errors.As(err, &te) && te.Kind == "tls" && strings.Contains(te.Err.Error(), "remote error"):
		return &Diagnosis{Code: "tls_client_cert_refused",
			What: "The server ended the TLS handshake at " + te.URL + " with an alert: it refused the client certificate presented (" + te.Err.Error() + ").",
			Causes: []string{"the certificate is not issued by a CA the server trusts for clients, nor registered with it (self-signed)",
				"the certificate has expired, or is not meant for client authentication (extended key usage)",
				"the server requires a certificate and none was presented"},
			Try: []string{"present the certificate registered for the client: {setting:" + InputClientCert + "} and {setting:" + InputClientKey + "}",
				"read the certificate presented below the request in {view:request}"},
			Ref: "RFC 8705 §2; RFC 8446 §4.4.2"}
	case errors.As(err, &tce) && tce.Check == "cnf":
		return &Diagnosis{Code: "token_check_cnf", What: tce.Error(),
			Causes: []string{"the server bound the token to the certificate of the connection it was issued over (cnf x5t#S256), and that is not the certificate this client presents now",
				"the token was issued to a client that presented a certificate, and is used by one that presents none"},
			Try: []string{"call the API with the same certificate as the token request: the same {setting:" + InputClientCert + "} and {setting:" + InputClientKey + "}", "read {view:claims}: the cnf check names both thumbprints"},
			Ref: "RFC 8705 §3.1"}
	case errors.As(err, &oe) && oe.Code == "invalid_client" && (oe.ClientCert != nil || mentionsCert(oe.Description)):
		d := &Diagnosis{Code: "invalid_client_mtls", What: diagnoseOAuth(oe).What,
			Causes: []string{"no certificate was presented: the request went to an endpoint that does not ask for one (not the mTLS alias), or over plain HTTP",
				"the certificate presented is not the one registered: tls_client_auth matches the subject DN (and the CA that issued it), self_signed_tls_client_auth the certificate itself",
				"the request also sent a client secret or assertion: an mTLS client sends only client_id"},
			Try: []string{"use the server's mtls_endpoint_aliases (discovery lists them), and do not set the token URL by hand to the ordinary endpoint",
				"compare the certificate presented, below the request in {view:request}, with the client's registration"},
			Ref: "RFC 8705 §2, §5"}
		if oe.ClientCert == nil {
			d.Causes = d.Causes[:1:1]
			d.Causes = append(d.Causes, "the server's words above say what it expected")
		}
		return d
	case errors.As(err, &oe) && oe.Code == "invalid_token" && mentionsCert(oe.Description):
		return &Diagnosis{Code: "invalid_token_cnf", What: diagnoseOAuth(oe).What,
			Causes: []string{"the access token is bound to a TLS client certificate (cnf x5t#S256), and the request did not present that certificate: over plain HTTP, over a connection without one, or with another"},
			Try:    []string{"call the resource at its mTLS address with the certificate the token was issued for", "read {view:claims}: cnf x5t#S256 is the thumbprint it wants"},
			Ref:    "RFC 8705 §3"}
	}
	return nil
}

// mentionsCert tells whether a server's description speaks of a TLS
// client certificate.
func mentionsCert(desc string) bool {
	d := strings.ToLower(desc)
	return strings.Contains(d, "certificate") || strings.Contains(d, "tls_client_auth") || strings.Contains(d, "x5t#s256")
}
