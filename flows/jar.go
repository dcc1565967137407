package flows

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The values of the request-object input: whether the authorization
// request travels as a signed request object (RFC 9101).
const (
	JAROn   = "on"
	JAROff  = "off"
	JARAuto = "auto"
)

// RequestObjectLifetime is how long a request object is valid: the
// authorization endpoint reads it when the browser arrives, which may be
// a while after the URL is shown.
const RequestObjectLifetime = 5 * time.Minute

// requestObjectType is the typ of a request object (RFC 9101 §10.8).
const requestObjectType = "oauth-authz-req+jwt"

// requestObjectInput chooses whether the authorization code grant signs
// its authorization request (RFC 9101): auto does when the server's
// metadata requires it (require_signed_request_object, RFC 9101 §10.5).
var requestObjectInput = Input{
	Name:    "request-object",
	Label:   "Request object",
	Help:    "Send the authorization request as a JWT signed with the client key (the key of private_key_jwt), in request or, with PAR, pushed: on, off, or auto (when the server's metadata requires it) (RFC 9101).",
	Default: JARAuto,
	Flag:    "request-object",
	Choices: []string{JARAuto, JAROn, JAROff},
}

// useJAR decides whether this run signs its authorization request: on
// always, auto when the server requires it (RFC 9101 §10.5).
func (f *AuthCode) useJAR() bool {
	switch f.jar {
	case JAROn:
		return true
	case JARAuto:
		return f.md != nil && f.md.RequireSignedRequestObject
	}
	return false
}

// requestObjectURL turns the authorization request authURL into one by
// value (RFC 9101 §5.1): its parameters go into a request object signed
// with the client's key (§4: iss the client, aud the server's issuer,
// with exp, iat, nbf and jti), and the URL keeps only client_id and
// request. With the input off it returns authURL.
func (f *AuthCode) requestObjectURL(authURL string) (string, error) {
	if !f.useJAR() {
		return authURL, nil
	}
	p := f.provider
	q := p
	q.AuthMethod = providers.AuthPrivateKeyJWT
	key, err := loadClientKey(q)
	if err != nil {
		return "", &ClientKeyError{Method: "signed request object (RFC 9101)", File: q.ClientKeyFile, Err: err}
	}
	claims := map[string]any{}
	params := paramsOf(authURL)
	for k, vs := range params {
		claims[k] = vs[0]
	}
	now := f.opts.now()
	claims["iss"], claims["aud"], claims["jti"] = p.ClientID, f.md.Issuer, randomString(16)
	claims["iat"], claims["nbf"], claims["exp"] = now.Unix(), now.Unix(), now.Add(RequestObjectLifetime).Unix()
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	if f.requestObject, err = key.SignType(payload, requestObjectType); err != nil {
		return "", &ClientKeyError{Method: "signed request object (RFC 9101)", File: q.ClientKeyFile, Err: err}
	}
	u, err := url.Parse(f.md.AuthorizationEndpoint)
	if err != nil {
		return "", err
	}
	out := u.Query()
	out.Set("client_id", p.ClientID)
	out.Set("request", f.requestObject)
	u.RawQuery = out.Encode()
	return u.String(), nil
}

// requestObjectParams are the request object's claims as parameters of
// the authorization request, named request.NAME and explained, for the
// Request tab; nil when the request was not signed, or was pushed (the
// PAR step shows it then).
func (f *AuthCode) requestObjectParams(sent time.Time) []Param {
	if f.requestObject == "" || f.requestURI != "" {
		return nil
	}
	var out []Param
	for _, p := range assertionPairs("request", f.requestObject, sent) {
		out = append(out, Param{Name: p.Name, Value: p.Value, Explain: strings.TrimSpace(p.Meaning + " (" + p.Ref + ")")})
	}
	return out
}

// jarNotes say how the request travelled, and what the request object
// says in short; the Request tab has every claim.
func (f *AuthCode) jarNotes() []string {
	if f.requestObject == "" {
		return nil
	}
	var out []string
	if f.requestURI != "" {
		out = append(out, "the request object was pushed (RFC 9126 §3): the server verified its signature at the push, and the browser carries only request_uri")
	} else {
		out = append(out, "the parameters travel inside request, a JWT the client signed (RFC 9101 §5.1): the browser cannot change them unnoticed, and the server knows they come from the client")
	}
	if t, err := inspect.Decode(f.requestObject); err == nil {
		var params []string
		for _, c := range t.Claims {
			if _, registered := map[string]bool{"iss": true, "aud": true, "exp": true, "iat": true, "nbf": true, "jti": true}[c.Name]; !registered {
				params = append(params, c.Name)
			}
		}
		exp := ""
		if e, ok := t.Claim("exp"); ok && e.Time != nil {
			exp = ", expires " + inspect.Relative(*e.Time, f.opts.now())
		}
		out = append(out, fmt.Sprintf("request object (%s, typ %s): iss %s, aud %s%s; it carries %s (RFC 9101 §4)",
			clip(stringHeader(t, "alg"), 20), clip(stringHeader(t, "typ"), 40), clip(t.StringClaim("iss"), 80), clip(t.StringClaim("aud"), 120), exp, strings.Join(params, ", ")))
	}
	return out
}

// stringHeader returns the string header member name of t, "" when none.
func stringHeader(t *inspect.Token, name string) string {
	s, _ := lookupHeader(t, name)
	return s
}

// requestObjectMeanings explain the claims of a signed request object
// (RFC 9101 §4) and its header; an authorization parameter inside it has
// the meaning paramHelp gives it.
var requestObjectMeanings = lazy.Value[map[string]Term]{New: func() map[string]Term {
	m := map[string]Term{
		"alg": {"alg", "how it is signed: with the client's private key (RS256, PS256, ES256, EdDSA), never none", "RFC 9101 §4; RFC 7518 §3.1"},
		"kid": {"kid", "which of the client's registered public keys verifies it", "RFC 7515 §4.1.4"},
		"typ": {"typ", "oauth-authz-req+jwt: a request object, which cannot be taken for another kind of JWT", "RFC 9101 §4, §10.8"},
		"iss": {"iss", "who signed it: the client, by its client_id", "RFC 9101 §4; RFC 7519 §4.1.1"},
		"aud": {"aud", "the server it is for: its issuer identifier; a server refuses a request object meant for another", "RFC 9101 §4"},
		"exp": {"exp", "when it stops being accepted: the browser must reach the server before then", "RFC 9101 §4, §10.2; RFC 7519 §4.1.4"},
		"iat": {"iat", "when the client made it", "RFC 7519 §4.1.6"},
		"nbf": {"nbf", "not before: accepted only from this moment", "RFC 7519 §4.1.5"},
		"jti": {"jti", "a unique id: a server that remembers it refuses the same request object twice (replay)", "RFC 9101 §10.2; RFC 7519 §4.1.7"},
	}
	var names []string
	for n := range paramHelp.Get() {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, own := m[n]; !own {
			help, ref := paramHelp.Get()[n], ""
			if i := strings.LastIndex(help, " ("); i > 0 && strings.HasSuffix(help, ")") {
				help, ref = help[:i], help[i+2:len(help)-1]
			}
			m[n] = Term{n, help, ref}
		}
	}
	return m
}}
