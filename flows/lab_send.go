package flows

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// LabStepID is the ID of the step of a request sent from the lab.
const LabStepID = "lab"

// labExplain teaches the lab's step.
var labExplain = &Explanation{
	Purpose: "A request of the run, edited and sent by hand to see which check of the server refuses it. The run is not changed: its tokens and steps stay as they were.",
	Notice:  []string{"Each edit shows what one protection of the protocol is for: a code used twice, a missing code_verifier, a token altered without its signature."},
}

// Resend sends lr as edited, through a Recorder like any request of a
// run, and returns its Result: the Step is "Lab: " and the original
// step's title, the Exchanges the one made, and a refusal is read and
// diagnosed the way the flows read the endpoint's answers (an OAuth error
// body at the token, introspection and revocation endpoints, RFC 6749
// §5.2; a WWW-Authenticate challenge at a protected resource, RFC 6750
// §3). It is sent only when the user asks: nothing calls it otherwise.
// Give it LabOptions' options so that it trusts what the run trusted and
// presents the client's TLS certificate as the run did (RFC 8705).
func Resend(ctx context.Context, lr LabRequest, opts Options) Result {
	to := AuthorizationServer
	if lr.bearer() != "" {
		to = ResourceServer
	}
	step := StepInfo{ID: LabStepID, Title: "Lab: " + lr.Title, From: Client, To: to,
		Summary: "a request edited and sent by hand; the run is not changed", Explain: labExplain}
	r := Result{Step: step, Status: Done}
	rec := &Recorder{}
	client := opts.client(rec)
	rec.SetStep(step.Title)
	req, err := lr.httpRequest(ctx)
	if err != nil {
		return failed(r, fmt.Errorf("%s: %w", lr.Endpoint, err))
	}
	resp, err := client.Do(req)
	r.Exchanges = rec.Take()
	defer Complete(&r, nil)
	if err != nil {
		r = failed(r, classify(lr.Endpoint, err, lastExchange(r.Exchanges)))
		return r
	}
	resp.Body.Close()
	ex := lastExchange(r.Exchanges)
	if resp.StatusCode/100 == 2 || ex == nil || ex.Response == nil {
		return r
	}
	if lr.bearer() != "" || lr.Endpoint == "API" || lr.Endpoint == "userinfo endpoint" {
		r = failed(r, bearerError(lr.Endpoint, resp))
		return r
	}
	r = failed(r, endpointRefusal(lr.Endpoint, ex))
	return r
}

// LabOptions are opts for lab requests to p's servers: the transport
// also trusts p's CA certificates and, for the mutual-TLS methods (RFC
// 8705 §2), presents the client's certificate, as the run's did.
func LabOptions(p providers.Provider, opts Options) Options {
	opts.Transport = tlsTransport(opts.Transport, p)
	return opts
}

// LabAnswer reads what the server answered a lab request: the status
// line, and the error code and description of a refusal (the OAuth error
// body, or the WWW-Authenticate challenge); all "" when nothing arrived.
// The texts are the server's: show them through the sanitizer.
func LabAnswer(res Result) (status, code, description string) {
	if ex := lastExchange(res.Exchanges); ex != nil && ex.Response != nil {
		status = ex.Response.Status
	}
	var oe *OAuthError
	if errors.As(res.Err, &oe) {
		return status, oe.Code, oe.Description
	}
	var he *HTTPError
	if errors.As(res.Err, &he) {
		return status, "", he.Problem
	}
	if res.Err != nil && status == "" {
		return "no answer", "", res.Err.Error()
	}
	return status, "", ""
}

// labStatus is the HTTP status code of res's answer, 0 when none came.
func labStatus(res Result) int {
	if ex := lastExchange(res.Exchanges); ex != nil && ex.Response != nil {
		return ex.Response.StatusCode
	}
	return 0
}

// refused reports whether the server refused the request.
func refused(res Result) bool {
	s := labStatus(res)
	return res.Status == Failed && s >= http.StatusBadRequest || s == http.StatusUnauthorized
}
