package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Target is the token a token action acts on: one the user already holds,
// obtained in another run or elsewhere. Its value is a secret: the action's
// Secrets returns it.
type Target struct {
	// Token is the token itself.
	Token string
	// Hint is the token_type_hint sent with it (RFC 7662 §2.1, RFC 7009
	// §2.1): HintAccessToken, HintRefreshToken or empty. It only helps the
	// server look the token up; a server that guesses wrong searches on.
	Hint string
}

// The token_type_hint values of RFC 7009 §4.1.2 (the registry RFC 7662
// §2.1 reuses).
const (
	HintAccessToken  = "access_token"
	HintRefreshToken = "refresh_token"
)

// HintFor returns the token_type_hint to send with a token the user
// brought, as DecodeToken read it: HintAccessToken when it reads as a JWT
// access token (typ at+jwt, RFC 9068 §2.1; or the client_id, scope or scp
// claims of one and none of an ID token's nonce and at_hash), else "". A
// refresh token is most often opaque and cannot be told from an opaque
// access token: no hint is better than a wrong one, since the server then
// searches every kind of token it issues (RFC 7009 §2.1, RFC 7662 §2.1).
func HintFor(t *inspect.Token) string {
	if t == nil || t.Kind != inspect.KindJWS {
		return ""
	}
	switch strings.ToLower(t.Typ) {
	case "at+jwt", "application/at+jwt":
		return HintAccessToken
	}
	has := func(name string) bool { _, ok := t.Claim(name); return ok }
	if has("nonce") || has("at_hash") {
		return ""
	}
	if has("client_id") || has("scope") || has("scp") {
		return HintAccessToken
	}
	return ""
}

// TokenAction declares one thing done to a token the user holds rather
// than a grant that obtains one: introspection (RFC 7662), revocation
// (RFC 7009), userinfo (OIDC Core §5.3). They are not in Grants: they need
// a token to start from, which the TUI's flow picker has no input for, and
// they send no grant_type. The commands introspect, revoke and userinfo
// are built from this list.
type TokenAction struct {
	// ID is the command's name, e.g. "introspect".
	ID string
	// Name is the action's name as a person says it.
	Name string
	// Summary says in a line what it is for, with its specification.
	Summary string
	// Endpoint names the endpoint it calls, as the metadata names it
	// (RFC 8414 §2), and Flag the flag that gives it by hand.
	Endpoint, Flag string
	// ClientAuth is set when the client authenticates at the endpoint as
	// at the token endpoint (RFC 7662 §2.1, RFC 7009 §2.1); userinfo takes
	// the token itself as its credential.
	ClientAuth bool
	// New prepares a run of the action on t at p.
	New func(p providers.Provider, opts Options, t Target) Flow
	// applies says whether the action makes sense on t, given what the
	// run that obtained it holds (AppliesTo); nil: always.
	applies func(t Target, held []*Result) bool
}

// AppliesTo reports whether the action makes sense on t, given the results
// of the run that obtained it (held; nil for a token brought from
// elsewhere, which is taken as it comes): userinfo needs an access token
// issued for a user, which a client credentials token is not (OIDC Core
// §5.3: the userinfo endpoint returns claims about the authenticated end
// user).
func (a TokenAction) AppliesTo(t Target, held []*Result) bool {
	return a.applies == nil || a.applies(t, held)
}

// forUser reports whether t may be an access token issued for a user: not
// a refresh token (OIDC Core §5.3.1 presents an access token), and, when
// the run that obtained it holds token responses, one of them carried an
// ID token or was granted the openid scope (OIDC Core §3.1.2.1). A token
// from elsewhere (held nil, or no token response) is given the benefit of
// the doubt: the server's answer says.
func forUser(t Target, held []*Result) bool {
	if t.Hint == HintRefreshToken {
		return false
	}
	seen := false
	user := func(tr *TokenResponse) bool {
		seen = true
		return tr.IDToken != "" || slices.Contains(strings.Fields(tr.Scope), "openid")
	}
	for _, r := range held {
		if r == nil {
			continue
		}
		if r.Tokens != nil {
			for _, st := range r.Tokens.Responses {
				if st.Response != nil && user(st.Response) {
					return true
				}
			}
			if r.Tokens.IDToken != "" {
				return true
			}
		}
		if r.Token != nil && user(r.Token) {
			return true
		}
	}
	return !seen
}

// Token action identifiers, as the command line names them.
const (
	ActionIntrospect = "introspect"
	ActionRevoke     = "revoke"
	ActionUserinfo   = "userinfo"
)

// TokenActions lists the token actions, in the order they are offered. It
// returns a new slice at each call.
func TokenActions() []TokenAction {
	return []TokenAction{{
		ID:         ActionIntrospect,
		Name:       "Token introspection",
		Summary:    "ask the authorization server whether a token is active, and what it grants (RFC 7662)",
		Endpoint:   "introspection_endpoint",
		Flag:       "introspection-url",
		ClientAuth: true,
		New:        func(p providers.Provider, o Options, t Target) Flow { return NewIntrospect(p, o, t) },
	}, {
		ID:         ActionRevoke,
		Name:       "Token revocation",
		Summary:    "tell the authorization server a token is no longer needed, then check that it is dead (RFC 7009)",
		Endpoint:   "revocation_endpoint",
		Flag:       "revocation-url",
		ClientAuth: true,
		New:        func(p providers.Provider, o Options, t Target) Flow { return NewRevoke(p, o, t) },
	}, {
		ID:       ActionUserinfo,
		Name:     "Userinfo",
		Summary:  "present an access token at the userinfo endpoint and read the claims about its user (OIDC Core §5.3)",
		Endpoint: "userinfo_endpoint",
		Flag:     "userinfo-url",
		New:      func(p providers.Provider, o Options, t Target) Flow { return NewUserinfo(p, o, t) },
		applies:  forUser,
	}}
}

// TokenActionByID returns the token action called id.
func TokenActionByID(id string) (TokenAction, bool) {
	as := TokenActions()
	i := slices.IndexFunc(as, func(a TokenAction) bool { return a.ID == id })
	if i < 0 {
		return TokenAction{}, false
	}
	return as[i], true
}

// Answer is a JSON object an endpoint answered with, other than a token
// response: its members in the order received, and the object as sent.
type Answer struct {
	Fields []Field
	JSON   json.RawMessage
}

// Field returns the raw value of the member called name, nil if absent.
func (a *Answer) Field(name string) json.RawMessage {
	if a == nil {
		return nil
	}
	for _, f := range a.Fields {
		if f.Name == name {
			return f.Raw
		}
	}
	return nil
}

// readAnswer reads the JSON object of a 200 answer of endpoint, recorded
// as ex: anything else (another status, HTML, a cut or malformed body, a
// JSON value that is not an object) is an *HTTPError saying so.
func readAnswer(endpoint string, ex *Exchange, doc string) (*Answer, error) {
	m := ex.Response
	problem := func(p string) error {
		return &HTTPError{Endpoint: endpoint, HTTPStatus: m.StatusCode, Status: m.Status, ContentType: m.Header.Get("Content-Type"), Problem: p}
	}
	if m.Truncated {
		return nil, problem(fmt.Sprintf("the response was larger than %d bytes and was cut", MaxBody))
	}
	ct, _, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if !isJSON(m.Header.Get("Content-Type"), m.Body) || !json.Valid(m.Body) {
		return nil, problem(fmt.Sprintf("answered %s with %s where JSON (%s) was expected", m.Status, describeBody(ct, m.Body), doc))
	}
	fields, err := objectFields(m.Body)
	if err != nil {
		return nil, problem(fmt.Sprintf("answered %s with JSON that is not an object; %s is a JSON object", m.Status, doc))
	}
	return &Answer{Fields: fields, JSON: json.RawMessage(strings.TrimSpace(string(m.Body)))}, nil
}

// postForm sends form to endpoint at u, the client authenticating as at
// the token endpoint (RFC 6749 §2.3.1, which RFC 7662 §2.1 and RFC 7009
// §2.1 refer to): with client_secret_basic its id and secret, each
// form-urlencoded, in a Basic Authorization header; with
// client_secret_post in the form; with none only its client_id in the
// form. It returns the recorded exchange's error, classified, or nil.
func (s *stepper) postForm(ctx context.Context, endpoint, u string, form url.Values) error {
	p := s.provider
	switch p.AuthMethod {
	case providers.AuthBasic:
	case providers.AuthPost:
		form.Set("client_id", p.ClientID)
		form.Set("client_secret", p.ClientSecret)
	default:
		form.Set("client_id", p.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("%s: %w", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if p.AuthMethod == providers.AuthBasic {
		req.SetBasicAuth(url.QueryEscape(p.ClientID), url.QueryEscape(p.ClientSecret))
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// endpointRefusal turns a non-200 answer of a client-authenticated
// endpoint into an error: an OAuth error body (RFC 6749 §5.2, which RFC
// 7662 §2.3 and RFC 7009 §2.2.1 use) becomes an *OAuthError, anything
// else an *HTTPError.
func endpointRefusal(endpoint string, ex *Exchange) error {
	m := ex.Response
	var body struct {
		Error       any `json:"error"`
		Description any `json:"error_description"`
		URI         any `json:"error_uri"`
	}
	if isJSON(m.Header.Get("Content-Type"), m.Body) && json.Unmarshal(m.Body, &body) == nil {
		if code, ok := body.Error.(string); ok && code != "" {
			desc, _ := body.Description.(string)
			uri, _ := body.URI.(string)
			oe := &OAuthError{Endpoint: endpoint, HTTPStatus: m.StatusCode, Code: code, Description: desc, URI: uri}
			oe.readRequest(ex)
			return oe
		}
	}
	return responseProblem(endpoint, m.StatusCode, m.Status, m.Header.Get("Content-Type"), m.Body)
}

// actionDiscovery is the discovery step of a token action: the provider's
// scopes play no part in it, so they are not checked against the server's.
func (s *stepper) actionDiscovery(id string) plannedStep {
	return plannedStep{info: Discovery, stops: true, run: func(ctx context.Context) Result {
		p := s.provider
		p.Scopes = nil
		if id == ActionUserinfo {
			// The token is the credential; the client does not authenticate.
			p.AuthMethod, p.ClientSecret = "", ""
		}
		r := discover(ctx, s.client, s.rec, p, id, s.opts)
		s.md = r.Metadata
		s.assertion.setMetadata(r.Metadata)
		s.useMTLSAliases(&r)
		return r
	}}
}

// authMethodWarning warns when the client authentication method is not
// among those the server lists for the endpoint (RFC 8414 §2: absent
// means client_secret_basic).
func authMethodWarning(endpoint, member string, listed []string, method string) []Warning {
	if len(listed) == 0 {
		listed = []string{providers.AuthBasic}
	}
	if method == "" || slices.Contains(listed, method) {
		return nil
	}
	msg := fmt.Sprintf("the server does not list %s in %s (%s): expect invalid_client; switch {setting:auth-method}", method, member, strings.Join(listed, ", "))
	if method == providers.AuthNone {
		msg = fmt.Sprintf("the %s wants an authenticated caller (%s lists %s), and this client sends no secret: expect invalid_client or HTTP 401", endpoint, member, strings.Join(listed, ", "))
	}
	return []Warning{{Check: "auth_method", Message: msg, Ref: "RFC 8414 §2; RFC 7662 §2.1; RFC 7009 §2.1"}}
}

// noEndpoint is the failure of a token action whose server publishes no
// endpoint for it.
func noEndpoint(r Result, endpoint, member, flag string) Result {
	e := &NoEndpointError{Endpoint: endpoint, Member: member, Setting: flag}
	r = failed(r, e)
	r.Diagnosis = Masker{}.Diagnosis(e.diagnosis())
	return r
}

// NoEndpointError is a token action on a server that publishes no endpoint
// for it (RFC 8414 §2) and none given by hand.
type NoEndpointError struct {
	// Endpoint names it ("introspection endpoint"), Member is its metadata
	// member and Setting the setting that gives it by hand.
	Endpoint, Member, Setting string
}

func (e *NoEndpointError) Error() string {
	return fmt.Sprintf("no %s: the discovery document has no %s and none was given", e.Endpoint, e.Member)
}

// diagnosis explains a missing endpoint.
func (e *NoEndpointError) diagnosis() *Diagnosis {
	return &Diagnosis{Code: "no_endpoint", What: e.Error(),
		Causes: []string{"the server does not offer it, or offers it without announcing it in its metadata (RFC 8414 §2 makes every endpoint but the token endpoint optional)"},
		Try:    []string{"give the endpoint by hand with {setting:" + e.Setting + "}, from the provider's documentation", "check the issuer: another tenant or realm may publish it"},
		Ref:    "RFC 8414 §2"}
}
