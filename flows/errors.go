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
	"time"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
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
	// Audiences and Resources are the audience and resource parameters
	// of the refused token request (RFC 8693 §2.1, RFC 8707 §2), which
	// an invalid_target names as refused.
	Audiences, Resources []string
	// ClientCert is the TLS client certificate presented with the
	// refused request (RFC 8705 §2), nil when none was.
	ClientCert *CertInfo
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

// TransportError is a request that got no complete HTTP response: DNS,
// refused connection, TLS, a timeout, or a body that stopped before its
// end.
type TransportError struct {
	Endpoint string
	URL      string
	// Kind is "dns", "refused", "tls", "timeout" or "network".
	Kind string
	Err  error
	// Limit is the time limit that ran out (Kind "timeout"), zero when
	// unknown.
	Limit time.Duration
	// Answer is the status line of a response whose body did not arrive
	// whole, "" when no response began; Received counts the body bytes
	// that did arrive.
	Answer   string
	Received int64
}

func (e *TransportError) Error() string {
	if e.Answer != "" {
		return e.sentence()
	}
	return fmt.Sprintf("%s: %s", e.Endpoint, e.sentence())
}

// sentence says what happened. A timeout names its limit and the setting
// that sets it: a server that starts its answer and stops is slow or
// stuck, which no reading of the few bytes it sent can explain.
func (e *TransportError) sentence() string {
	host := redact.Userinfo(e.URL)
	if u, err := url.Parse(e.URL); err == nil && u.Host != "" {
		host = u.Host
	}
	limit := "before the time limit ({setting:timeout})"
	if e.Limit > 0 {
		limit = fmt.Sprintf("within %s ({setting:timeout})", e.Limit)
	}
	if e.Answer != "" {
		name := e.Endpoint
		if name == "discovery" {
			name = "metadata URL " + redact.Userinfo(e.URL)
		}
		if e.Kind == "timeout" {
			return fmt.Sprintf("the %s did not finish its answer %s: it answered %s, and %d bytes of the body had arrived when the time ran out", name, limit, e.Answer, e.Received)
		}
		return fmt.Sprintf("the %s's answer broke off: it answered %s and sent %d bytes of the body, then the connection failed (%v)", name, e.Answer, e.Received, innermost(e.Err))
	}
	switch e.Kind {
	case "dns":
		return fmt.Sprintf("cannot resolve the host of %s", host)
	case "refused":
		return fmt.Sprintf("connection to %s refused: nothing listens there", host)
	case "timeout":
		return fmt.Sprintf("no answer from %s %s", host, limit)
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
	if ke := (*ClientKeyError)(nil); errors.As(err, &ke) {
		return ke
	}
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
	if ex != nil && ex.Err != nil {
		// No response, or one whose body stopped: either way what did
		// arrive is not the server's answer and must not be read as one.
		return exchangeError(endpoint, ex, err)
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
		if ex != nil {
			return exchangeError(endpoint, ex, err)
		}
		return transportError(endpoint, "", err)
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

// exchangeError is the TransportError of an exchange that got no complete
// response; err is the caller's error (net/http's, which replaces the
// transport's on a client timeout), ex.Err the transport's own.
func exchangeError(endpoint string, ex *Exchange, err error) *TransportError {
	if err == nil {
		err = ex.Err
	}
	te := transportError(endpoint, ex.Request.URL, err)
	if te.Kind == "network" && ex.Err != nil {
		// The client's error may hide the cause ("request canceled");
		// the transport's names it.
		te = transportError(endpoint, ex.Request.URL, ex.Err)
	}
	te.Limit = ex.Timeout
	if ex.Response != nil {
		te.Answer, te.Received = ex.Response.Status, ex.Response.Size
	}
	return te
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

var htmlTitle = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`) }}

// expectedDocument names what an endpoint should answer with, for the
// messages of responseProblem.
func expectedDocument(endpoint string) string {
	switch endpoint {
	case "userinfo endpoint":
		return "userinfo response"
	case deviceEndpoint:
		return "device authorization response"
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
		if m := htmlTitle.Get().FindStringSubmatch(trimmed); m != nil {
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

// failed marks r failed with err and its diagnosis.
func failed(r Result, err error) Result {
	r.Status, r.Err, r.Diagnosis = Failed, err, Diagnose(err)
	return r
}

// lastExchange returns the newest of exs, nil when there is none.
func lastExchange(exs []Exchange) *Exchange {
	if len(exs) == 0 {
		return nil
	}
	return &exs[len(exs)-1]
}
