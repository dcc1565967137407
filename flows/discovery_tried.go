package flows

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Tried is one metadata URL discovery asked and what it answered, in a
// few words: "404 Not Found", "200 OK with an HTML page ("My App")", "no
// answer from HOST within 3s".
type Tried struct {
	URL    string
	Answer string
	// Status is the HTTP status, 0 when no response arrived.
	Status int
	// NotMetadata is set for a 200 whose body is not a metadata document:
	// the URL is served, but by something else than the authorization
	// server.
	NotMetadata bool
}

// NoMetadataError is a discovery that found no metadata document at any
// of the URLs the issuer gives (OpenID Connect Discovery 1.0 §4, RFC 8414
// §3): it lists each URL tried with its answer, because the first
// answer usually tells more than the last (an HTML page at the OpenID
// URL says that a web application sits at the issuer URL, the 404s after
// it say nothing).
type NoMetadataError struct {
	Issuer string
	Tried  []Tried
	// Last is the last URL's failure, classified (*HTTPError or
	// *TransportError).
	Last error
}

func (e *NoMetadataError) Error() string {
	parts := make([]string, len(e.Tried))
	for i, t := range e.Tried {
		parts[i] = t.URL + " answered " + t.Answer
	}
	if len(e.Tried) > 0 && e.Tried[len(e.Tried)-1].Status == 0 {
		parts[len(parts)-1] = e.Tried[len(e.Tried)-1].URL + ": " + e.Tried[len(e.Tried)-1].Answer
	}
	return fmt.Sprintf("discovery: no metadata found for issuer %s; tried %s", redact.Userinfo(e.Issuer), strings.Join(parts, "; "))
}

func (e *NoMetadataError) Unwrap() error { return e.Last }

// classifyDiscovery turns Discover's error into a *NoMetadataError that
// lists what each URL answered, from the exchanges the recorder kept
// (every request, redirects included). Other errors (an issuer that is not
// a URL, a mismatched issuer, a cancelled run) are returned as they are.
func classifyDiscovery(err error, exs []Exchange) error {
	var de *providers.DiscoveryError
	if !errors.As(err, &de) || len(exs) == 0 || errors.Is(err, context.Canceled) {
		return err
	}
	ne := &NoMetadataError{Issuer: de.Issuer}
	// Discover stops at the first URL without an answer, so only the last
	// exchange can have failed; err (net/http's error, in the attempt)
	// says whether it timed out, which the transport's own may not.
	for i := range exs {
		cause := exs[i].Err
		if i == len(exs)-1 {
			cause = err
		}
		ne.Tried = append(ne.Tried, triedAnswer(&exs[i], cause))
	}
	last := &exs[len(exs)-1]
	switch {
	case last.Err != nil || last.Response == nil:
		ne.Last = exchangeError("discovery", last, err)
		if len(exs) == 1 {
			// One URL that gave no answer: the transport error says
			// everything.
			return ne.Last
		}
	default:
		r := last.Response
		ne.Last = &HTTPError{Endpoint: "discovery", HTTPStatus: r.StatusCode, Status: r.Status,
			ContentType: mediaType(r.Header.Get("Content-Type")),
			Problem:     "answered " + ne.Tried[len(ne.Tried)-1].Answer + " at " + redact.Userinfo(last.Request.URL) + ": is the issuer URL right?"}
	}
	return ne
}

// triedAnswer says in a few words what one discovery request got; cause
// is the error of a request without a complete answer.
func triedAnswer(ex *Exchange, cause error) Tried {
	t := Tried{URL: redact.Userinfo(ex.Request.URL)}
	r := ex.Response
	if ex.Err != nil || r == nil {
		te := exchangeError("discovery", ex, cause)
		t.Answer = Phrase(te.sentence(), PlainWords{})
		if r != nil {
			t.Status = r.StatusCode
		}
		return t
	}
	t.Status = r.StatusCode
	ct := mediaType(r.Header.Get("Content-Type"))
	switch {
	case r.StatusCode >= 300 && r.StatusCode < 400:
		t.Answer = r.Status
		if loc := r.Header.Get("Location"); loc != "" {
			t.Answer += ", to " + redact.Userinfo(loc)
		}
	case r.StatusCode != http.StatusOK:
		t.Answer = r.Status
		if kind := describeBody(ct, r.Body); strings.HasPrefix(kind, "an HTML page") {
			t.Answer += " with " + kind
		}
	case r.Truncated:
		t.Answer, t.NotMetadata = r.Status+fmt.Sprintf(" with more than %d bytes", providers.MaxMetadataSize), true
	default:
		if _, err := providers.ParseMetadata(r.Body); err != nil {
			t.NotMetadata = true
			t.Answer = r.Status + " with " + describeBody(ct, r.Body)
			if isJSON(ct, r.Body) {
				t.Answer = r.Status + " with JSON that is not a metadata document (" + err.Error() + ")"
			}
		} else {
			t.Answer = r.Status + " with a metadata document"
		}
	}
	return t
}

func mediaType(contentType string) string {
	ct, _, _ := mime.ParseMediaType(contentType)
	return ct
}

// diagnoseNoMetadata explains a discovery that found nothing, by the most
// telling answer: a URL served by something else than the authorization
// server, then the last failure.
func diagnoseNoMetadata(e *NoMetadataError) *Diagnosis {
	var d *Diagnosis
	notMetadata := ""
	for _, t := range e.Tried {
		if t.NotMetadata && notMetadata == "" {
			notMetadata = t.URL
		}
	}
	switch {
	case notMetadata != "":
		d = &Diagnosis{Code: "discovery_not_metadata",
			Causes: []string{"the issuer URL leads to a web application or another service that answers its paths itself (a single-page app, a login portal, an API gateway), not to the authorization server: " + notMetadata + " answered, but not with metadata", "the issuer URL lacks its tenant or realm path (…/realms/NAME, …/TENANT/v2.0, …/oauth2/default)"},
			Try:    []string{"open the first URL tried in a browser and compare it with the provider's documentation of its issuer", "if the server has no discovery, set its endpoints by hand ({setting:token-url})"},
			Ref:    "OpenID Connect Discovery 1.0 §4; RFC 8414 §3"}
	default:
		d = diagnose(e.Last)
		if he, ok := e.Last.(*HTTPError); ok && he.HTTPStatus >= 400 && he.HTTPStatus < 500 {
			d = diagnoseHTTP(&HTTPError{Endpoint: "discovery", HTTPStatus: 404, Status: he.Status, Problem: he.Problem})
		}
	}
	d.What = "Discovery found no metadata for the issuer " + redact.Userinfo(e.Issuer) + ": " + triedList(e.Tried)
	return d
}

func triedList(tried []Tried) string {
	parts := make([]string, len(tried))
	for i, t := range tried {
		parts[i] = t.URL + " answered " + t.Answer
		if t.Status == 0 {
			parts[i] = t.URL + ": " + t.Answer
		}
	}
	return strings.Join(parts, "; ")
}
