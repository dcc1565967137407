package flows

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// replayRequest is a recorded request as the curl and .http exports
// write it: secrets as variables, and why it cannot simply be sent again.
type replayRequest struct {
	ex      exported
	method  string
	url     tmpl
	headers []replayHeader
	// form holds the parameters of a form body; body any other body.
	form []replayParam
	body tmpl
	// noReplay says why sending it again would fail or do harm ("" when
	// it can be); such a request is written commented out.
	noReplay string
	// mtls is set when the request went with a TLS client certificate
	// (RFC 8705), which the replay must be given by hand.
	mtls bool
}

// mtlsNote is the comment on a request that went with a TLS client
// certificate.
const mtlsNote = "It went with a TLS client certificate (mutual TLS, RFC 8705): give the client your certificate and key to send it again."

// replayHeader is a header line of a replayed request.
type replayHeader struct {
	name  string
	value tmpl
}

// replayParam is a form parameter of a replayed request.
type replayParam struct {
	name  string
	value tmpl
}

// skippedHeaders are set by the HTTP client that replays the request
// (curl, the editors' clients) from the request itself.
var skippedHeaders = lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"Content-Length": true, "Connection": true, "Transfer-Encoding": true, "Accept-Encoding": true,
	}
}}

// replayOf builds the replay of ex, naming its secrets in sv.
func replayOf(ex exported, sv *secretVars) replayRequest {
	req := ex.Request
	rr := replayRequest{ex: ex, method: req.Method, url: replayURL(req.URL, sv, ex.step.Title), mtls: ex.ClientCert != nil}
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		if !skippedHeaders.Get()[http.CanonicalHeaderKey(k)] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range req.Header[k] {
			rr.headers = append(rr.headers, replayHeader{name: k, value: headerTmpl(k, v, sv)})
		}
	}
	if isForm(req) {
		for _, p := range formPairs(string(req.Body)) {
			rr.form = append(rr.form, replayParam{name: p.name, value: paramTmpl(p, sv)})
		}
	} else if len(req.Body) > 0 {
		rr.body = sv.split(string(req.Body))
	}
	rr.noReplay = whyNoReplay(ex)
	if req.Truncated {
		rr.noReplay = "its body was cut at the recorder's limit; the request as written is not the one sent"
	}
	return rr
}

// replayURL writes a request's URL (its fragment dropped: it is not sent)
// with its secret query parameters as variables.
func replayURL(raw string, sv *secretVars, step string) tmpl {
	raw = stripFragment(raw)
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return sv.split(raw)
	}
	out := sv.split(base + "?")
	for i, part := range strings.Split(query, "&") {
		if i > 0 {
			out = out.plus(lit("&"))
		}
		k, v, hasValue := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		val, verr := url.QueryUnescape(v)
		if hasValue && err == nil && verr == nil && IsSecretName(name) && val != "" {
			out = out.plus(lit(k+"="), ref(sv.name(name, val, name+" sent in step "+step)))
			continue
		}
		out = out.plus(sv.split(part))
	}
	return out
}

// headerTmpl writes a header value, its credentials as variables.
func headerTmpl(name, v string, sv *secretVars) tmpl {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization":
		scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
		if ok {
			return lit(scheme + " ").plus(ref(sv.name(authVarHint(scheme), cred, "")))
		}
	case "Dpop":
		return ref(sv.name("dpop_proof", v, ""))
	case "Cookie":
		return ref(sv.name("cookie", v, ""))
	}
	return sv.split(v)
}

// paramTmpl writes a form parameter's value: a secret parameter's value
// is its variable, others have the secrets in them replaced.
func paramTmpl(p pair, sv *secretVars) tmpl {
	if IsSecretName(p.name) && p.value != "" {
		return ref(sv.name(p.name, p.value, ""))
	}
	return sv.split(p.value)
}

// whyNoReplay says why sending ex again would fail or do harm: what it
// carried was for one use, or it went to the run's own listener.
func whyNoReplay(ex exported) string {
	if ex.Exchange.Step == ACCallback.Title && isLoopback(ex.Request.URL) {
		return "the browser made this request to the run's loopback callback listener, which is closed now; the code it carried is for one use"
	}
	form := url.Values{}
	if isForm(ex.Request) {
		for _, p := range formPairs(string(ex.Request.Body)) {
			form.Add(p.name, p.value)
		}
	}
	switch form.Get("grant_type") {
	case "authorization_code":
		return "the authorization code was spent by the run: a code is for one use, and a server may revoke the tokens issued for it when it comes again (RFC 6749 §4.1.2)"
	case "refresh_token":
		return "the refresh token may be spent: a server that rotates refresh tokens refuses it again and may revoke the whole grant when it sees it reused (RFC 9700 §4.14.2)"
	case "urn:ietf:params:oauth:grant-type:device_code":
		return "the device code was spent or expired: it is for one authorization (RFC 8628 §3.5)"
	}
	if ex.Request.Header.Get("DPoP") != "" {
		return "its DPoP proof is for one use (its jti) and dated (its iat): a server refuses it again (RFC 9449 §11.1); run the flow again for a fresh proof"
	}
	if form.Get("client_assertion") != "" || form.Get("assertion") != "" {
		return "its assertion is short-lived and its jti may be accepted once (RFC 7523 §3): a server may refuse it again"
	}
	return ""
}

// isLoopback reports whether raw is a URL on a loopback host.
func isLoopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
}

// unsafeLiteral reports the first literal text of the templates that a
// file cannot hold as it is: a control character (newlines and tabs are
// allowed where layout says so) or text that is not UTF-8.
func unsafeLiteral(keepLayout bool, ts ...tmpl) bool {
	for _, t := range ts {
		for _, s := range t {
			if s.lit == "" {
				continue
			}
			if keepLayout && !safetext.IsSafe(s.lit) || !keepLayout && safetext.Line(s.lit) != s.lit {
				return true
			}
		}
	}
	return false
}

// unsafeReason says why rr cannot be written as a request: a control
// character in its request line, a header or its body.
func (rr replayRequest) unsafeReason() string {
	line := []tmpl{lit(rr.method), rr.url}
	for _, h := range rr.headers {
		line = append(line, lit(h.name), h.value)
	}
	for _, p := range rr.form {
		line = append(line, lit(p.name), p.value)
	}
	if unsafeLiteral(false, line...) || unsafeLiteral(true, rr.body) {
		return "it holds control characters, which this file does not carry raw"
	}
	return ""
}

// refs lists the variables rr refers to.
func (rr replayRequest) refs() []string {
	out := rr.url.vars()
	for _, h := range rr.headers {
		out = append(out, h.value.vars()...)
	}
	for _, p := range rr.form {
		out = append(out, p.value.vars()...)
	}
	return append(out, rr.body.vars()...)
}

// replayHeadline is the one-line title of a request: "2. Token request:
// POST https://id.example.com/token (answered 200 OK)", terminal-safe.
func replayHeadline(n int, rr replayRequest, m Masker) string {
	answer := "no response"
	if r := rr.ex.Response; r != nil {
		answer = "answered " + r.Status
	} else if rr.ex.Err != nil {
		answer = "no response: " + m.Text(rr.ex.Err.Error())
	}
	return safetext.Line(strings.Join([]string{
		strconv.Itoa(n) + ". " + rr.ex.step.Title + ": " + rr.method + " " + m.URL(stripFragment(rr.ex.Request.URL)), "(" + answer + ")",
	}, " "))
}

// browserLeg says, for a step whose request the user's browser made (the
// authorization request, RFC 6749 §4.1.1) and so recorded no exchange,
// where the browser was sent; "" for any other step. The replay exports
// write it as a comment, so that the run's order stays whole.
func browserLeg(r Result, m Masker) string {
	if r.Prompt == nil || r.Prompt.URL == "" || len(r.Exchanges) > 0 {
		return ""
	}
	return safetext.Line(r.Step.Title + ": made by the browser, not replayed here; the user opened " + m.URL(r.Prompt.URL))
}

// forEachReplay calls write with every exchange of run in order, numbered
// from 1, and note with the browser's legs between them.
func forEachReplay(run Run, m Masker, note func(string), write func(n int, ex exported)) {
	n := 0
	for _, r := range run.Results {
		if leg := browserLeg(r, m); leg != "" {
			note(leg)
		}
		for _, ex := range r.Exchanges {
			n++
			write(n, exported{Exchange: ex, step: r.Step, status: r.Status})
		}
	}
}
