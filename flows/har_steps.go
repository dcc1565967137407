package flows

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// analyst explains the exchanges of one capture, keeping what a later
// step needs from an earlier one: the authorization requests (for the
// callback's state and the token request's code_verifier), the tokens
// held, the keys.
type analyst struct {
	capture *Capture
	cl      *classifier
	opts    CaptureOptions
	// authorizations are the authorization requests seen so far, oldest
	// first; callbacks the codes they brought back, by code.
	authorizations []*captureItem
	callbacks      map[string]*captureItem
	set            TokenSet
	// grantTypes are the grant types of the token requests, in order;
	// firstResponseType the response_type of the first authorization
	// request.
	grantTypes        []string
	firstResponseType string
	// keys are the JWK Sets the capture holds; expects what each token
	// response's ID token is checked against.
	keys    []capturedKeys
	expects map[*TokenResponse]tokenExpects
	// redeemed are the codes sent to the token endpoint so far.
	redeemed map[string]bool
	// byRedirect holds the newest authorization request per redirect URI;
	// accessTokens the access tokens obtained; lastCallback the index of
	// the last callback item per URL.
	byRedirect   map[string][]*captureItem
	accessTokens map[string]bool
	lastCallback map[string]int
}

// step explains the exchanges of one step: each by its kind, their
// findings merged into one Result.
func (an *analyst) step(info StepInfo, group []*captureItem) Result {
	r := Result{Step: info, Status: Done}
	for _, it := range group {
		if it.synthetic {
			r.Notes = append(r.Notes, "read from the redirect's Location header: the capture does not hold the browser's arrival at the redirect URI (a native app's loopback or custom scheme, a fragment, or a page left out)")
		} else {
			r.Exchanges = append(r.Exchanges, it.ex)
		}
		if it.ex.Err != nil && it.ex.Response == nil {
			if !it.frontChannel() {
				r = failed(r, exchangeError(endpointName(it.kind), &it.ex, it.ex.Err))
				continue
			}
			// The browser's navigation to a redirect URI it cannot load
			// (a custom scheme, a loopback that closed) has no answer; its
			// URL is what counts.
			r.Notes = append(r.Notes, "the browser recorded no answer to this request ("+it.ex.Err.Error()+"); what it carried is read all the same")
		}
		one := an.explain(it)
		r.Notes = append(r.Notes, one.Notes...)
		r.Inspections = append(r.Inspections, one.Inspections...)
		if one.Metadata != nil {
			r.Metadata = one.Metadata
		}
		if one.Token != nil {
			r.Token, r.Tokens = one.Token, one.Tokens
		}
		if one.Introspection != nil {
			r.Introspection = one.Introspection
		}
		if one.Userinfo != nil {
			r.Userinfo = one.Userinfo
		}
		if one.AuthRequest != nil {
			r.AuthRequest = one.AuthRequest
		}
		if one.Callback != nil {
			r.Callback = one.Callback
		}
		if pending, ok := pendingPoll(it, one); ok {
			r.Notes = append(r.Notes, pending)
			continue
		}
		if one.Status == Failed && r.Status != Failed {
			r.Status, r.Err, r.Diagnosis = Failed, one.Err, one.Diagnosis
		}
	}
	if len(group) > 0 && group[0].kind == kindLogin {
		r.Notes = append([]string{fmt.Sprintf("%d %s of the browser to the authorization server's own pages: the user logs in and consents there, between the user and the server; the client sees none of it", len(group), plural(len(group), "request", "requests"))}, r.Notes...)
	}
	return r
}

// endpointName names the endpoint an exchange of kind k went to, as
// diagnoses name it.
func endpointName(k captureKind) string {
	switch k {
	case kindDiscovery:
		return "discovery"
	case kindToken:
		return "token endpoint"
	case kindUserinfo:
		return "userinfo endpoint"
	case kindIntrospect:
		return "introspection endpoint"
	case kindRevoke:
		return "revocation endpoint"
	case kindPAR:
		return parEndpoint
	case kindDevice:
		return "device authorization endpoint"
	case kindRegister:
		return "registration endpoint"
	case kindJWKS:
		return "JWKS"
	case kindAPI:
		return "API"
	}
	return "authorization endpoint"
}

// explain reads one exchange by its kind.
func (an *analyst) explain(it *captureItem) Result {
	switch it.kind {
	case kindDiscovery:
		return an.discovery(it)
	case kindJWKS:
		return an.jwks(it)
	case kindAuthorize:
		return an.authorize(it)
	case kindCallback:
		return an.callback(it)
	case kindToken:
		return an.token(it)
	case kindUserinfo, kindAPI:
		return an.bearerCall(it)
	case kindIntrospect, kindRevoke, kindPAR, kindDevice, kindRegister:
		return an.answer(it)
	}
	return an.plain(it)
}

// plain reads an exchange that needs no more than its status: a login
// page, a resource's metadata.
func (an *analyst) plain(it *captureItem) Result {
	r := Result{Status: Done}
	if resp := it.ex.Response; resp != nil && resp.StatusCode >= 400 {
		return failed(r, responseProblem(endpointName(it.kind), resp.StatusCode, resp.Status, resp.Header.Get("Content-Type"), resp.Body))
	}
	return r
}

// discovery reads a discovery document (OIDC Discovery §4, RFC 8414 §3).
func (an *analyst) discovery(it *captureItem) Result {
	r := Result{Status: Done}
	md := readMetadata(it.ex)
	if md == nil {
		resp := it.ex.Response
		return failed(r, &HTTPError{Endpoint: "discovery", HTTPStatus: resp.StatusCode, Status: resp.Status,
			Problem: fmt.Sprintf("answered %s with %s where a JSON metadata document was expected", resp.Status, describeBody(resp.Header.Get("Content-Type"), resp.Body))})
	}
	r.Metadata = md
	r.Notes = append(r.Notes, fmt.Sprintf("the server's metadata: issuer %s, authorization endpoint %s, token endpoint %s, keys at %s",
		orNone(md.Issuer), orNone(md.AuthorizationEndpoint), orNone(md.TokenEndpoint), orNone(md.JWKSURI)))
	return r
}

// orNone is s, or "(none)".
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// maxCapturedKeySets caps the JWK Sets kept to verify the capture's
// tokens with.
const maxCapturedKeySets = 32

// jwks reads a JWK Set (RFC 7517 §5): its keys, by kid and alg.
func (an *analyst) jwks(it *captureItem) Result {
	r := an.plain(it)
	if r.Status == Failed {
		return r
	}
	ks, err := inspect.ParseKeySet(it.ex.Response.Body)
	if err != nil {
		r.Notes = append(r.Notes, "the answer is not a JWK Set that can be read: "+err.Error())
		return r
	}
	if len(an.keys) < maxCapturedKeySets {
		// Enough for any flow; a capture of thousands must not make each
		// token's search for its key long.
		an.keys = append(an.keys, capturedKeys{url: it.bare, set: ks})
	}
	var names []string
	for _, k := range ks.Keys {
		names = append(names, fmt.Sprintf("%s (%s, %s)", orNone(k.KeyID), orNone(k.Algorithm), orNone(k.Use)))
	}
	r.Notes = append(r.Notes, fmt.Sprintf("%d public %s, by kid (alg, use): %s; a token's header names the kid that signed it", len(ks.Keys), plural(len(ks.Keys), "key", "keys"), strings.Join(names, ", ")))
	return r
}

// authorize reads an authorization request (RFC 6749 §4.1.1): what it
// asks for, and whether PKCE, state and nonce protect it.
func (an *analyst) authorize(it *captureItem) Result {
	r := Result{Status: Done, AuthRequest: &AuthRequest{URL: it.ex.Request.URL, Params: ExplainParams(it.ex.Request.URL)}}
	an.authorizations = append(an.authorizations, it)
	if ru := redirectOf(it); ru != "" {
		// The newest request for a redirect URI is the one its
		// callback answers; the older ones are not needed.
		an.byRedirect[ru] = append(an.byRedirect[ru][:0], it)
	}
	q := it.query
	if an.firstResponseType == "" {
		an.firstResponseType = q.Get("response_type")
	}
	switch m := q.Get("code_challenge_method"); {
	case q.Has("request_uri"):
		r.Notes = append(r.Notes, "the parameters were pushed before (PAR, RFC 9126): this request carries only client_id and request_uri")
	case !q.Has("code_challenge"):
		r.Notes = append(r.Notes, "no code_challenge: the request does not use PKCE, so a code stolen on its way back can be redeemed by whoever took it (RFC 7636 §1; RFC 9700 §2.1.1 requires PKCE)")
	case m == "" || m == "plain":
		r.Notes = append(r.Notes, "PKCE with the plain method: the challenge is the verifier itself; use S256 (RFC 7636 §4.2, RFC 9700 §2.1.1)")
	default:
		r.Notes = append(r.Notes, "PKCE with "+m+": only the holder of the code_verifier can redeem the code (RFC 7636)")
	}
	if q.Get("state") == "" && !q.Has("request_uri") {
		r.Notes = append(r.Notes, "no state: the client cannot tell its own callback from a forged one (CSRF), unless PKCE covers it (RFC 6749 §10.12, RFC 9700 §2.1)")
	} else if q.Has("state") {
		r.Notes = append(r.Notes, "state sent: the callback must bring it back unchanged")
	}
	if strings.Contains(" "+q.Get("scope")+" ", " openid ") && q.Get("nonce") == "" {
		r.Notes = append(r.Notes, "an OpenID Connect request without nonce: a replayed ID token would not be noticed (OIDC Core §3.1.2.1; required for the implicit and hybrid flows)")
	}
	if resp := it.ex.Response; resp != nil && resp.StatusCode >= 400 {
		return failed(r, responseProblem("authorization endpoint", resp.StatusCode, resp.Status, resp.Header.Get("Content-Type"), resp.Body))
	}
	return r
}

// callback reads the browser's arrival at the redirect URI (RFC 6749
// §4.1.2): checked against the authorization request that named that
// redirect URI, as the client should have checked it.
func (an *analyst) callback(it *captureItem) Result {
	r := Result{Status: Done}
	raw := it.ex.Request.URL
	if it.ex.Request.Method == "POST" {
		raw = it.bare + "?" + string(it.ex.Request.Body)
	}
	in := raw
	if u, err := url.Parse(raw); err == nil && !strings.Contains(raw, "://") {
		// A custom scheme's URL (com.example.app:/cb?code=…): its query.
		in = u.RawQuery
		if in == "" {
			in = u.Fragment
		}
	}
	cb, err := ParseCallback(in)
	if err != nil {
		return failed(r, &CallbackError{Code: "callback_incomplete", Problem: err.Error(), Ref: "RFC 6749 §4.1.2"})
	}
	if !it.synthetic {
		cb.Exchange = it.ex
	}
	r.Callback = &cb
	if cb.Code != "" {
		an.callbacks[cb.Code] = it
	}
	ar := an.requestFor(it)
	if ar == nil {
		if an.capture.Own {
			r.Notes = append(r.Notes, "the authorization request went to the browser, not through this program's recorder, so the capture does not hold it; the run compared the state when the callback came")
		} else {
			r.Notes = append(r.Notes, "the authorization request is not in the capture: the state cannot be compared with what was sent")
		}
		if pe := cb.providerError(); pe != nil {
			return failed(r, pe)
		}
		return r
	}
	want := CallbackExpect{State: ar.query.Get("state")}
	if len(an.cl.metadata) > 0 {
		want.Issuer = an.cl.metadata[0].Issuer
		want.RequireIss = an.cl.metadata[0].AuthorizationResponseIssParameterSupported
	}
	path := ""
	if u, err := url.Parse(ar.query.Get("redirect_uri")); err == nil && u.Path != "" {
		path, cb.Path = u.Path, pathOf(it.bare)
	}
	if want.State == "" {
		r.Notes = append(r.Notes, "the authorization request sent no state, so there is none to compare")
		want.State = cb.State
		if cb.State == "" {
			want.State, cb.State = "-", "-"
		}
	}
	notes, err := judgeCallback(cb, want, path)
	r.Notes = append(r.Notes, notes...)
	if err != nil {
		return failed(r, err)
	}
	return r
}

// pathOf returns the path of a URL.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Path
}

// requestFor finds the authorization request a callback answers: the
// newest one before it whose redirect_uri it came to, else the newest.
func (an *analyst) requestFor(it *captureItem) *captureItem {
	if list := an.byRedirect[it.bare]; len(list) > 0 {
		return list[len(list)-1]
	}
	if n := len(an.authorizations); n > 0 {
		return an.authorizations[n-1]
	}
	return nil
}

// redirectOf is the redirect_uri an authorization request names, without
// query or fragment, as a callback's URL is compared with it.
func redirectOf(ar *captureItem) string {
	u, err := url.Parse(ar.query.Get("redirect_uri"))
	if err != nil {
		return ""
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// pendingPoll tells whether one is a device grant's poll answered
// authorization_pending or slow_down (RFC 8628 §3.5): not a failure but
// the wait for the user, said in a note.
func pendingPoll(it *captureItem, one Result) (string, bool) {
	var oe *OAuthError
	if it.kind != kindToken || it.form.Get("grant_type") != deviceGrantType || !errors.As(one.Err, &oe) {
		return "", false
	}
	switch oe.Code {
	case "authorization_pending":
		return "a poll answered authorization_pending: the user has not approved yet; the client waits its interval and asks again (RFC 8628 §3.5)", true
	case "slow_down":
		return "a poll answered slow_down: the client polls too often and must add 5 seconds to its interval (RFC 8628 §3.5)", true
	}
	return "", false
}
