package flows

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// bearerCall reads a call that presents a token: userinfo (OIDC Core
// §5.3) or an API (RFC 6750).
func (an *analyst) bearerCall(it *captureItem) Result {
	r := Result{Status: Done}
	scheme, tok := it.bearer()
	if an.obtained(tok) {
		r.Notes = append(r.Notes, "presents the access token obtained in the capture's token response")
	} else if t, err := inspect.Decode(tok); err == nil && t.Kind == inspect.KindJWS {
		r.Inspections = append(r.Inspections, Inspection{Label: "access token", Token: t})
	}
	if scheme != "" && !strings.EqualFold(scheme, "bearer") {
		r.Notes = append(r.Notes, "the token is presented with the "+scheme+" scheme, bound to the client's key (RFC 9449)")
	}
	resp := it.ex.Response
	if resp.StatusCode/100 != 2 {
		hr := &http.Response{StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header}
		return failed(r, bearerError(endpointName(it.kind), hr))
	}
	if it.kind == kindAPI {
		r.Notes = append(r.Notes, "the API accepted the token ("+resp.Status+")")
		return r
	}
	a, err := readAnswer("userinfo endpoint", &it.ex, "a userinfo response")
	if err != nil {
		return failed(r, err)
	}
	r.Userinfo = a
	r.Notes = append(r.Notes, fmt.Sprintf("%d claims about the user; which ones depends on the scopes the token was granted (OIDC Core §5.4)", len(a.Fields)))
	return r
}

// answer reads the JSON answer of a client-authenticated endpoint other
// than the token endpoint; a refusal is diagnosed as the flows diagnose
// it.
func (an *analyst) answer(it *captureItem) Result {
	r := Result{Status: Done}
	resp := it.ex.Response
	endpoint := endpointName(it.kind)
	ok := resp.StatusCode == 200 || resp.StatusCode == 201 && it.kind == kindRegister
	if it.kind == kindPAR {
		ok = resp.StatusCode == 201 || resp.StatusCode == 200
	}
	if !ok {
		err := endpointRefusal(endpoint, &it.ex)
		if it.kind == kindIntrospect {
			return introspectionRefused(r, err)
		}
		return failed(r, err)
	}
	if it.kind == kindRevoke {
		r.Notes = append(r.Notes, "the server answered 200: the token is revoked, or was unknown, which RFC 7009 §2.2 answers the same way")
		return r
	}
	a, err := readAnswer(endpoint, &it.ex, "a JSON object")
	if err != nil {
		return failed(r, err)
	}
	if it.kind == kindIntrospect {
		in, err := readIntrospection(a)
		r.Introspection = in
		if err != nil {
			return failed(r, &HTTPError{Endpoint: endpoint, HTTPStatus: resp.StatusCode, Status: resp.Status, Problem: err.Error()})
		}
		r.Notes = append(r.Notes, introspectionNotes(in, providers.Provider{ClientID: clientOf(it)}, an.now())...)
	}
	return r
}

// clientOf names the client that sent a request: its Basic credentials'
// user, or its client_id parameter.
func clientOf(it *captureItem) string {
	req := &http.Request{Header: it.ex.Request.Header}
	if u, _, ok := req.BasicAuth(); ok {
		if d, err := url.QueryUnescape(u); err == nil {
			return d
		}
		return u
	}
	if id := it.form.Get("client_id"); id != "" {
		return id
	}
	return it.query.Get("client_id")
}

// obtained tells whether tok is a token one of the capture's token
// responses brought.
func (an *analyst) obtained(tok string) bool {
	return tok != "" && an.accessTokens[tok]
}
