package flows

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
)

// OAuthError is an error response from an authorization server
// (RFC 6749 §5.2 for the token endpoint, §4.1.2.1 for the authorization
// endpoint).
type OAuthError struct {
	// Endpoint names where it came from: "token endpoint", "callback".
	Endpoint    string
	HTTPStatus  int
	Code        string
	Description string
	URI         string
	// URL is the endpoint's URL, and GrantType and ClientAuth say what
	// the refused token request was: its grant_type (RFC 6749 §4.1.3,
	// §4.4.2, §6) and how the client authenticated ("client_secret_basic",
	// "client_secret_post", or "none": no secret sent; RFC 6749 §2.3.1).
	// They are read from the recorded request, and are empty for an error
	// that did not come from a token request. A diagnosis needs them: the
	// same code means another thing from another provider or grant
	// (access_denied at the token endpoint has no user behind it).
	URL, GrantType, ClientAuth string
}

func (e *OAuthError) Error() string {
	s := e.Endpoint + ": " + e.Code
	if e.Description != "" {
		s += ": " + e.Description
	}
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.HTTPStatus)
	}
	return s
}

// HTTPError is a response that is not what the protocol expects: a status
// without an OAuth error body, HTML where JSON was due, a redirect.
type HTTPError struct {
	Endpoint    string
	HTTPStatus  int
	Status      string
	ContentType string
	// Problem says what is wrong in a sentence.
	Problem string
}

func (e *HTTPError) Error() string {
	return e.Endpoint + ": " + e.Problem
}

// TransportError is a request that got no HTTP response: DNS, refused
// connection, TLS, timeout.
type TransportError struct {
	Endpoint string
	URL      string
	// Kind is "dns", "refused", "tls", "timeout" or "network".
	Kind string
	Err  error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s: %s", e.Endpoint, e.sentence())
}

func (e *TransportError) sentence() string {
	host := redact.Userinfo(e.URL)
	if u, err := url.Parse(e.URL); err == nil && u.Host != "" {
		host = u.Host
	}
	switch e.Kind {
	case "dns":
		return fmt.Sprintf("cannot resolve the host of %s", host)
	case "refused":
		return fmt.Sprintf("connection to %s refused: nothing listens there", host)
	case "timeout":
		return fmt.Sprintf("no answer from %s before the timeout", host)
	case "tls":
		return fmt.Sprintf("TLS with %s failed: %v", host, innermost(e.Err))
	}
	return fmt.Sprintf("request to %s failed: %v", host, innermost(e.Err))
}

func (e *TransportError) Unwrap() error { return e.Err }

func innermost(err error) error {
	for {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
			continue
		}
		return err
	}
}

// classify turns an error from an HTTP call (possibly through x/oauth2) and
// the exchange it made into one of the typed errors above.
func classify(endpoint string, err error, ex *Exchange) error {
	if err == nil {
		return nil
	}
	redactURLError(err)
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		if re.ErrorCode != "" {
			// x/oauth2 reads an "error" member whatever the status: GitHub
			// answers its errors with 200 (RFC 6749 §5.2 says 400).
			oe := &OAuthError{Endpoint: endpoint, HTTPStatus: status, Code: re.ErrorCode, Description: re.ErrorDescription, URI: re.ErrorURI}
			oe.readRequest(ex)
			return oe
		}
		if re.Response != nil {
			return responseProblem(endpoint, re.Response.StatusCode, re.Response.Status, re.Response.Header.Get("Content-Type"), re.Body)
		}
	}
	if ex != nil && ex.Response == nil && ex.Err != nil {
		return transportError(endpoint, ex.Request.URL, err)
	}
	if ex != nil && ex.Response != nil {
		r := ex.Response
		if r.StatusCode != 200 || !isJSON(r.Header.Get("Content-Type"), r.Body) || r.Truncated || !json.Valid(r.Body) {
			he := responseProblem(endpoint, r.StatusCode, r.Status, r.Header.Get("Content-Type"), r.Body)
			if r.Truncated {
				he.Problem = fmt.Sprintf("the response was larger than %d bytes and was cut; no OAuth server sends that much", MaxBody)
			}
			return he
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) || errors.Is(err, context.DeadlineExceeded) {
		u := ""
		if ex != nil {
			u = ex.Request.URL
		}
		return transportError(endpoint, u, err)
	}
	return fmt.Errorf("%s: %w", endpoint, err)
}

// redactURLError hides the userinfo in the URL of a *url.Error in err's
// chain: net/http replaces only the password, by "***", and keeps the user.
// The error is ours (our request failed), so it is changed in place and
// its chain is kept.
func redactURLError(err error) {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redact.Userinfo(ue.URL)
	}
}

func transportError(endpoint, u string, err error) *TransportError {
	te := &TransportError{Endpoint: endpoint, URL: u, Kind: "network", Err: err}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var unk x509.UnknownAuthorityError
	var host x509.HostnameError
	var inv x509.CertificateInvalidError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		te.Kind = "dns"
	case errors.As(err, &unk), errors.As(err, &host), errors.As(err, &inv),
		strings.Contains(err.Error(), "tls:"):
		te.Kind = "tls"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		te.Kind = "timeout"
	case errors.As(err, &opErr) && strings.Contains(opErr.Err.Error(), "refused"):
		te.Kind = "refused"
	}
	return te
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// expectedDocument names what an endpoint should answer with, for the
// messages of responseProblem.
func expectedDocument(endpoint string) string {
	if endpoint == "userinfo endpoint" {
		return "userinfo response"
	}
	return "token response"
}

func responseProblem(endpoint string, code int, status, contentType string, body []byte) *HTTPError {
	ct, _, _ := mime.ParseMediaType(contentType)
	he := &HTTPError{Endpoint: endpoint, HTTPStatus: code, Status: status, ContentType: ct}
	kind := describeBody(ct, body)
	doc := expectedDocument(endpoint)
	switch {
	case code >= 300 && code < 400:
		he.Problem = fmt.Sprintf("answered %s, a redirect, instead of a %s", status, doc)
	case code >= 400:
		he.Problem = fmt.Sprintf("answered %s with %s and no OAuth error code", status, kind)
	case len(body) == 0:
		he.Problem = fmt.Sprintf("answered %s with an empty body; a %s is a JSON object", status, doc)
	default:
		he.Problem = fmt.Sprintf("answered %s with %s where a JSON %s was expected", status, kind, doc)
	}
	return he
}

func describeBody(ct string, body []byte) string {
	trimmed := strings.TrimSpace(string(body))
	switch {
	case len(trimmed) == 0:
		return "an empty body"
	case ct == "text/html" || strings.HasPrefix(strings.ToLower(trimmed), "<!doctype html") || strings.HasPrefix(strings.ToLower(trimmed), "<html"):
		if m := htmlTitle.FindStringSubmatch(trimmed); m != nil {
			return fmt.Sprintf("an HTML page (%q)", strings.TrimSpace(m[1]))
		}
		return "an HTML page"
	case strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["):
		return "JSON that cannot be read (cut short or malformed)"
	}
	if ct == "" {
		return "a body without a content type"
	}
	return "a " + ct + " body"
}

func isJSON(contentType string, body []byte) bool {
	ct, _, _ := mime.ParseMediaType(contentType)
	return ct == "application/json" || strings.HasSuffix(ct, "+json") ||
		(ct == "" && strings.HasPrefix(strings.TrimSpace(string(body)), "{"))
}
