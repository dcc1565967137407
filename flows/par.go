package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The values of the par input: whether the authorization request is
// pushed to the server first (RFC 9126).
const (
	PAROn   = "on"
	PAROff  = "off"
	PARAuto = "auto"
)

// parEndpoint names the pushed authorization request endpoint in errors and
// diagnoses.
const parEndpoint = "pushed authorization request endpoint"

// parInput chooses whether the authorization code grant pushes its
// authorization request first (RFC 9126): auto does when the server's
// metadata requires it (require_pushed_authorization_requests, §5).
var parInput = Input{
	Name:    "par",
	Label:   "PAR",
	Help:    "Push the authorization request to the server first and send the browser only a request_uri: on, off, or auto (when the server's metadata requires it) (RFC 9126).",
	Default: PARAuto,
	Flag:    "par",
	Choices: []string{PARAuto, PAROn, PAROff},
}

// ACPushed is the pushed authorization request (RFC 9126 §2): planned
// between discovery and the authorization request unless the par input is
// off, and skipped when auto finds the server does not require it.
var ACPushed = StepInfo{ID: "par", Title: "Pushed authorization request", From: Client, To: AuthorizationServer,
	Summary: "the client posts the authorization request to the server, authenticated, and gets a one-time request_uri for the browser (RFC 9126 §2)", Explain: acPARExplain}

// PARError is a pushed authorization request that cannot be made: the
// server has no endpoint for it, or did not answer with a request_uri.
type PARError struct {
	// Code names the problem for Diagnosis.Code: "par_no_endpoint",
	// "par_response".
	Code    string
	Problem string
	// Required is set when the server's metadata requires PAR.
	Required bool
}

func (e *PARError) Error() string { return "pushed authorization request: " + e.Problem }

// usePAR decides whether this run pushes its authorization request: on
// always, auto when the server requires it (RFC 9126 §5).
func (f *AuthCode) usePAR() bool {
	switch f.par {
	case PAROn:
		return true
	case PARAuto:
		return f.md != nil && f.md.RequirePushedAuthorizationRequests
	}
	return false
}

// push is the PAR step: it prepares the authorization request and posts
// its parameters to the PAR endpoint, the client authenticating as at the
// token endpoint (RFC 9126 §2.1), and keeps the request_uri answered
// (§2.2) for the authorization request.
func (f *AuthCode) push(ctx context.Context) Result {
	r := Result{}
	if !f.usePAR() {
		r.Status = Skipped
		r.Notes = append(r.Notes, "the server's metadata does not require pushed authorization requests (require_pushed_authorization_requests), so the authorization request goes through the browser as usual; {setting:par} on pushes it first")
		return r
	}
	if f.md == nil || f.md.PushedAuthorizationRequestEndpoint == "" {
		e := &PARError{Code: "par_no_endpoint", Required: f.md != nil && f.md.RequirePushedAuthorizationRequests,
			Problem: "the server publishes no pushed_authorization_request_endpoint"}
		if e.Required {
			e.Problem += ", yet its metadata says require_pushed_authorization_requests: true"
		}
		return failed(r, e)
	}
	params, err := f.prepare()
	if err != nil {
		return failed(r, err)
	}
	form := url.Values{}
	for k, vs := range params {
		form[k] = append([]string(nil), vs...)
	}
	err = f.postForm(ctx, parEndpoint, f.md.PushedAuthorizationRequestEndpoint, form)
	r, ok := f.answered(r, parEndpoint, err)
	if !ok {
		return r
	}
	ex := lastExchange(r.Exchanges)
	if c := ex.Response.StatusCode; c != 201 && c != 200 {
		return failed(r, endpointRefusal(parEndpoint, ex))
	}
	a, err := readAnswer(parEndpoint, ex, "a pushed authorization response (RFC 9126 §2.2)")
	if err != nil {
		return failed(r, err)
	}
	var uri string
	var expires json.Number
	if json.Unmarshal(a.Field("request_uri"), &uri) != nil || uri == "" {
		return failed(r, &PARError{Code: "par_response", Problem: "the answer has no request_uri string (RFC 9126 §2.2)"})
	}
	if json.Unmarshal(a.Field("expires_in"), &expires) != nil {
		r.Notes = append(r.Notes, "the answer has no expires_in number, which RFC 9126 §2.2 requires")
	}
	f.requestURI = uri
	r.Status = Done
	if ex.Response.StatusCode == 200 {
		r.Notes = append(r.Notes, "the server answered 200; RFC 9126 §2.2 says 201 Created")
	}
	r.Notes = append(r.Notes, "the browser gets only client_id and request_uri; the parameters stay with the server, which uses request_uri once")
	if secs, err := expires.Int64(); err == nil && secs > 0 {
		f.requestURIExpiry = f.opts.now().Add(time.Duration(secs) * time.Second)
		r.Notes = append(r.Notes, fmt.Sprintf("request_uri expires in %d s: the browser must reach the authorization endpoint before then", secs))
	}
	return r
}

// pushedURL is the authorization request of RFC 9126 §4: the
// authorization endpoint with only client_id and the request_uri.
func pushedURL(md *providers.Metadata, clientID, requestURI string) string {
	u, err := url.Parse(md.AuthorizationEndpoint)
	if err != nil {
		return md.AuthorizationEndpoint
	}
	q := u.Query()
	q.Set("client_id", clientID)
	q.Set("request_uri", requestURI)
	u.RawQuery = q.Encode()
	return u.String()
}
