package flows

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// The lab: a request the run made, taken apart so that the user can edit
// a parameter or a header and send it again by hand, to see which check
// of the server refuses it (a code sent twice, a dropped code_verifier, a
// token altered without re-signing it). Nothing here runs on its own: a
// request is sent only by Resend, which a user asks for. The run itself
// is not changed; the edited request is recorded like any other.

// LabPartKind says where a part of a lab request travels.
type LabPartKind int

// The kinds of the parts of a lab request.
const (
	// LabMethod is the request's method (one part, named "method").
	LabMethod LabPartKind = iota + 1
	// LabQuery is a parameter of the URL's query.
	LabQuery
	// LabHeader is a request header.
	LabHeader
	// LabForm is a field of a form-encoded body (RFC 6749 Appendix B).
	LabForm
	// LabBody is a body that is not a form, as one raw value.
	LabBody
)

// String names the kind as the lab lists it.
func (k LabPartKind) String() string {
	switch k {
	case LabMethod:
		return "method"
	case LabQuery:
		return "query"
	case LabHeader:
		return "header"
	case LabForm:
		return "form"
	case LabBody:
		return "body"
	}
	return "?"
}

// LabPart is one editable part of a lab request.
type LabPart struct {
	Kind        LabPartKind
	Name, Value string
}

// LabRequest is a recorded request taken apart into editable parts: its
// method, its URL without the query, and the query parameters, headers
// and form fields (or raw body) as parts, in the order they were sent.
type LabRequest struct {
	// Title is the title of the step that made the original request.
	Title string
	// Endpoint names what the request went to, as the diagnoses name it:
	// "token endpoint", "introspection endpoint", "resource"…
	Endpoint string
	// URL is the request's URL without its query and fragment.
	URL   string
	Parts []LabPart
}

// labSkippedHeaders are set by the HTTP client from the request itself.
var labSkippedHeaders = lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"Content-Length": true, "Connection": true, "Transfer-Encoding": true, "Accept-Encoding": true, "Host": true}
}}

// NewLabRequest takes ex apart for the lab. Only a request this run made
// itself can be: not the browser's request to the run's loopback
// callback listener (the browser made it, and the listener is closed), not
// a request without a recorded method, not one whose body was cut.
func NewLabRequest(ex Exchange) (LabRequest, error) {
	req := ex.Request
	switch {
	case strings.HasPrefix(ex.Step, ACCallback.Title) && isLoopback(req.URL):
		return LabRequest{}, errors.New("the browser made this request to the run's own callback listener, which is closed now; the lab sends only the requests the run itself made")
	case req.Method == "" || req.URL == "":
		return LabRequest{}, errors.New("this exchange recorded no request to send again")
	case req.Truncated:
		return LabRequest{}, errors.New("its body was cut at the recorder's limit: the request recorded is not the one sent")
	}
	raw := stripFragment(req.URL)
	base, query, _ := strings.Cut(raw, "?")
	lr := LabRequest{Title: ex.Step, URL: base, Parts: []LabPart{{Kind: LabMethod, Name: "method", Value: req.Method}}}
	for _, p := range formPairs(query) {
		lr.Parts = append(lr.Parts, LabPart{Kind: LabQuery, Name: p.name, Value: p.value})
	}
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		if !labSkippedHeaders.Get()[http.CanonicalHeaderKey(k)] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range req.Header[k] {
			lr.Parts = append(lr.Parts, LabPart{Kind: LabHeader, Name: http.CanonicalHeaderKey(k), Value: v})
		}
	}
	if isForm(req) {
		for _, p := range formPairs(string(req.Body)) {
			lr.Parts = append(lr.Parts, LabPart{Kind: LabForm, Name: p.name, Value: p.value})
		}
	} else if len(req.Body) > 0 {
		lr.Parts = append(lr.Parts, LabPart{Kind: LabBody, Name: "body", Value: string(req.Body)})
	}
	lr.Endpoint = lr.endpoint()
	return lr, nil
}

// endpoint guesses what the request went to from what it carries, for the
// diagnosis: a grant_type is a token request (RFC 6749 §4.1.3), a token
// parameter introspection or revocation (RFC 7662 §2.1, RFC 7009 §2.1), a
// bearer credential a protected resource (RFC 6750 §2.1).
func (lr LabRequest) endpoint() string {
	switch {
	case lr.Get(LabForm, "grant_type") != "":
		return "token endpoint"
	case lr.Get(LabForm, "token") != "" && strings.Contains(lr.URL, "revo"):
		return "revocation endpoint"
	case lr.Get(LabForm, "token") != "":
		return "introspection endpoint"
	case strings.Contains(strings.ToLower(lr.URL), "userinfo"):
		return "userinfo endpoint"
	case lr.bearer() != "":
		return "API"
	}
	return "endpoint"
}

// Method is the request's method.
func (lr LabRequest) Method() string { return lr.Get(LabMethod, "method") }

// Get returns the value of the first part of kind named name, "" if none.
func (lr LabRequest) Get(kind LabPartKind, name string) string {
	for _, p := range lr.Parts {
		if p.Kind == kind && lr.same(kind, p.Name, name) {
			return p.Value
		}
	}
	return ""
}

// Has reports whether lr has a part of kind named name.
func (lr LabRequest) Has(kind LabPartKind, name string) bool {
	for _, p := range lr.Parts {
		if p.Kind == kind && lr.same(kind, p.Name, name) {
			return true
		}
	}
	return false
}

// same compares names: headers without regard to case (RFC 9110 §5.1).
func (lr LabRequest) same(kind LabPartKind, a, b string) bool {
	if kind == LabHeader {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// Set gives the first part of kind named name the value v, adding the
// part when there is none. The parts are copied: lr is not changed.
func (lr LabRequest) Set(kind LabPartKind, name, v string) LabRequest {
	lr.Parts = append([]LabPart(nil), lr.Parts...)
	for i, p := range lr.Parts {
		if p.Kind == kind && lr.same(kind, p.Name, name) {
			lr.Parts[i].Value = v
			return lr
		}
	}
	lr.Parts = append(lr.Parts, LabPart{Kind: kind, Name: name, Value: v})
	return lr
}

// SetAt gives part i the value v; lr is not changed.
func (lr LabRequest) SetAt(i int, v string) LabRequest {
	if i < 0 || i >= len(lr.Parts) {
		return lr
	}
	lr.Parts = append([]LabPart(nil), lr.Parts...)
	lr.Parts[i].Value = v
	return lr
}

// Remove drops every part of kind named name; lr is not changed.
func (lr LabRequest) Remove(kind LabPartKind, name string) LabRequest {
	out := make([]LabPart, 0, len(lr.Parts))
	for _, p := range lr.Parts {
		if !(p.Kind == kind && lr.same(kind, p.Name, name)) {
			out = append(out, p)
		}
	}
	lr.Parts = out
	return lr
}

// RemoveAt drops part i (not the method, which a request must have); lr
// is not changed.
func (lr LabRequest) RemoveAt(i int) LabRequest {
	if i < 0 || i >= len(lr.Parts) || lr.Parts[i].Kind == LabMethod {
		return lr
	}
	lr.Parts = append(append([]LabPart(nil), lr.Parts[:i]...), lr.Parts[i+1:]...)
	return lr
}

// Add adds a part of kind where the request carries it: a query
// parameter, a header or a form field ("name=value" for the lab's
// prompt is split by the caller).
func (lr LabRequest) Add(kind LabPartKind, name, v string) LabRequest {
	lr.Parts = append(append([]LabPart(nil), lr.Parts...), LabPart{Kind: kind, Name: name, Value: v})
	return lr
}

// AddKind is the kind a new parameter of lr takes: a form field when the
// request has a form body, else a query parameter.
func (lr LabRequest) AddKind() LabPartKind {
	if lr.Method() != http.MethodGet && lr.Method() != http.MethodHead && !lr.hasKind(LabBody) {
		return LabForm
	}
	return LabQuery
}

func (lr LabRequest) hasKind(kind LabPartKind) bool {
	for _, p := range lr.Parts {
		if p.Kind == kind {
			return true
		}
	}
	return false
}

// FullURL is the URL with the query parts.
func (lr LabRequest) FullURL() string {
	q := lr.encode(LabQuery)
	if q == "" {
		return lr.URL
	}
	return lr.URL + "?" + q
}

// encode writes the parts of kind as a query or form, in order.
func (lr LabRequest) encode(kind LabPartKind) string {
	var b strings.Builder
	for _, p := range lr.Parts {
		if p.Kind != kind {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Name) + "=" + url.QueryEscape(p.Value))
	}
	return b.String()
}

// bearer is the token of the request's Authorization header when its
// scheme is Bearer or DPoP (RFC 6750 §2.1, RFC 9449 §7.1), else "".
func (lr LabRequest) bearer() string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(lr.Get(LabHeader, "Authorization")), " ")
	if ok && (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "DPoP")) {
		return strings.TrimSpace(tok)
	}
	return ""
}

// Values lists the values of lr's parts, for a Masker: the lab's edits
// are secrets as much as the run's were.
func (lr LabRequest) Values() []string {
	var out []string
	for _, p := range lr.Parts {
		if p.Kind == LabMethod {
			continue
		}
		v := p.Value
		if p.Kind == LabHeader {
			if _, cred, ok := strings.Cut(v, " "); ok && strings.EqualFold(p.Name, "Authorization") {
				v = cred
			}
		}
		if IsSecretName(p.Name) || p.Kind == LabHeader && strings.EqualFold(p.Name, "Authorization") {
			out = append(out, v)
		}
	}
	return out
}

// httpRequest builds the request to send.
func (lr LabRequest) httpRequest(ctx context.Context) (*http.Request, error) {
	var body *strings.Reader
	switch {
	case lr.hasKind(LabForm):
		body = strings.NewReader(lr.encode(LabForm))
	case lr.hasKind(LabBody):
		body = strings.NewReader(lr.Get(LabBody, "body"))
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, lr.Method(), lr.FullURL(), body)
	} else {
		req, err = http.NewRequestWithContext(ctx, lr.Method(), lr.FullURL(), nil)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range lr.Parts {
		if p.Kind == LabHeader {
			req.Header.Add(p.Name, p.Value)
		}
	}
	return req, nil
}
