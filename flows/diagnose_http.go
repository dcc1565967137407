package flows

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
)

// diagnoseHTTP explains a response that is not what the protocol expects.
func diagnoseHTTP(he *HTTPError) *Diagnosis {
	d := &Diagnosis{What: fmt.Sprintf("The %s %s", he.Endpoint, he.Problem), Ref: "RFC 6749 §5.1, §5.2"}
	discovery := he.Endpoint == "discovery"
	switch {
	case discovery && he.HTTPStatus == 404:
		d.Code = "discovery_not_found"
		d.Causes = []string{"the issuer URL is wrong or incomplete: many servers need a tenant or realm path (…/realms/NAME, …/TENANT/v2.0, …/oauth2/default)", "the server publishes no metadata document (GitHub, some older servers)"}
		d.Try = []string{"open ISSUER/.well-known/openid-configuration in a browser to find the right issuer", "set the endpoints by hand ({setting:token-url}) when the server has no discovery"}
		d.Ref = "OpenID Connect Discovery 1.0 §4; RFC 8414 §3"
	case he.HTTPStatus >= 300 && he.HTTPStatus < 400:
		d.Code = "http_redirect"
		d.Causes = []string{"the URL is wrong: http instead of https, a missing path segment, a trailing slash the server redirects away", "a proxy or single sign-on gateway sits in front of the server and redirects to its login page"}
		d.Try = []string{"use the token_endpoint from the discovery document exactly", "read {view:response}: its Location header says where it wanted to go"}
		d.Ref = "RFC 6749 §3.2"
	case he.HTTPStatus >= 500:
		d.Code = "http_5xx"
		d.Causes = []string{"the server failed or a gateway in front of it did"}
		d.Try = []string{"try again; check the server's status page or logs"}
	case strings.Contains(he.Problem, "Appendix A.12"):
		d.Code = "token_characters"
		d.Causes = []string{"the server (or something between it and this machine) put characters in the access token that a token may not hold: a bug, or text meant to steer the terminal of whoever prints the token"}
		d.Try = []string{"do not paste the token into a terminal or a header: no client can send it as a bearer token", "report it to the server's operator"}
		d.Ref = "RFC 6749 Appendix A.12, §7.1; RFC 6750 §2.1"
	case strings.Contains(he.Problem, "HTML"):
		d.Code = "http_html"
		d.Causes = []string{"the URL points at a web page (a login page, a proxy's error page, a single-page app answering every path), not at the endpoint", "the issuer or token URL has a wrong path"}
		d.Try = []string{"check the URL against the discovery document", "read the page: {view:response}"}
	case he.HTTPStatus == 401:
		d.Code = "http_401"
		d.Causes = []string{"client authentication failed and the server sent no OAuth error body: wrong client id or secret, or the wrong authentication method"}
		d.Try = []string{"check the client id and secret", "switch {setting:auth-method} between client_secret_basic and client_secret_post"}
		d.Ref = "RFC 6749 §5.2, §2.3.1"
	case he.HTTPStatus == 404 || he.HTTPStatus == 405:
		d.Code = fmt.Sprintf("http_%d", he.HTTPStatus)
		d.Causes = []string{"nothing answers this method at this URL: the endpoint URL is wrong"}
		d.Try = []string{"use the endpoint from the discovery document exactly"}
	case he.HTTPStatus == 429:
		d.Code = "http_429"
		d.Causes = []string{"too many requests: the server limits the rate"}
		d.Try = []string{"wait (the Retry-After header says how long) and try again"}
		d.Ref = "RFC 6585 §4"
	case strings.Contains(he.Problem, "was cut"):
		d.Code = "http_truncated"
		d.Causes = []string{"the URL returns something much larger than a token response: a file, a stream, a wrong endpoint"}
		d.Try = []string{"check the URL"}
	case strings.Contains(he.Problem, "empty body"):
		d.Code = "http_empty"
		d.Causes = []string{"the server, or a proxy in front of it, answered without a body"}
		d.Try = []string{"check the URL; the headers in {view:response} may say more"}
	default:
		d.Code = "http_not_json"
		d.Causes = []string{"the server does not speak OAuth 2.0 at this URL", "the response was cut short"}
		d.Try = []string{"check the URL", "see what came back: {view:response}"}
	}
	return d
}

// diagnoseTransport explains a request that got no response. For TLS it
// tells an untrusted certificate from one for another host or one out of
// its validity period.
func diagnoseTransport(te *TransportError) *Diagnosis {
	d := &Diagnosis{What: upperFirst(te.sentence()), Code: te.Kind}
	switch {
	case te.Answer != "" && te.Kind == "timeout":
		d.Code = "timeout_body"
		d.Causes = []string{"the server began its answer and then sent the rest too slowly or not at all: it is overloaded or stuck while writing, or a proxy between buffers or throttles the response", "the URL serves something that is not an OAuth endpoint and streams slowly"}
		d.Try = []string{"read how far the answer got in {view:response}", "raise {setting:timeout} if the server is only slow", "run again later; the server's or proxy's logs say why it stalled"}
		return d
	case te.Answer != "":
		d.Code = "network_body"
		d.Causes = []string{"the connection closed before the body was complete: the server crashed or restarted mid-answer, or a proxy or load balancer cut the connection"}
		d.Try = []string{"run again", "read how far the answer got in {view:response}"}
		return d
	}
	switch te.Kind {
	case "dns":
		d.Causes = []string{"the host name is misspelled", "no network, or DNS does not know the name (a VPN-only host?)"}
		d.Try = []string{"check the host of the issuer URL", "try: nslookup HOST"}
	case "refused":
		d.Causes = []string{"the server is not running, or listens on another port"}
		d.Try = []string{"check the port of the issuer URL", "start the server (for the demo: oauth-explorer demo-server)"}
	case "timeout":
		d.Causes = []string{"the server accepted the request but did not answer in time: it is overloaded or stuck, or a proxy holds the request", "the host is unreachable: a firewall dropping packets, a proxy that is required here (HTTPS_PROXY)"}
		d.Try = []string{"raise {setting:timeout} if the server is only slow", "check that the host is reachable (HTTPS_PROXY if a proxy is needed)"}
	case "tls":
		var unk x509.UnknownAuthorityError
		var host x509.HostnameError
		var inv x509.CertificateInvalidError
		d.Ref = "RFC 6749 §1.6, §3.1, §3.2 (TLS is required)"
		switch {
		case errors.As(te.Err, &unk):
			d.Code = "tls_unknown_authority"
			d.Causes = []string{"the server's certificate is signed by a certificate authority this machine does not trust: self-signed, a private company CA, or a TLS-inspecting proxy"}
			d.Try = []string{"install the organisation's CA certificate in the system trust store (or point SSL_CERT_FILE at it)", "check the issuer URL: a typo may reach another server"}
		case errors.As(te.Err, &host):
			d.Code = "tls_hostname"
			d.Causes = []string{"the certificate is valid but for other host names: the URL uses a name, IP address or alias that the certificate does not list"}
			d.Try = []string{"use the host name the certificate names (the error lists them)", "for a local server, issue its certificate for the name you use"}
		case errors.As(te.Err, &inv) && inv.Reason == x509.Expired:
			d.Code = "tls_expired"
			d.Causes = []string{"the certificate has expired or is not valid yet", "the clock of this machine is wrong"}
			d.Try = []string{"check this machine's date and time", "tell the server's operator the certificate has expired"}
		default:
			d.Causes = []string{"the TLS handshake failed: a certificate problem, or the server speaks plain http on this port"}
			d.Try = []string{"check the URL's scheme and port", "trust the CA of your organisation"}
		}
	default:
		d.Causes = []string{"a network failure"}
		d.Try = []string{"try again"}
	}
	return d
}

// upperFirst capitalises the first letter of a sentence.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
