package flows

import (
	"encoding/json"
	"errors"
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Where says where a Pair travelled; it decides how a Masker hides its
// value.
type Where int

// Where a Pair travelled.
const (
	// InQuery is a parameter of a URL's query: a request's, the
	// authorization request's.
	InQuery Where = iota + 1
	// InForm is a field of a form-encoded body (RFC 6749 Appendix B).
	InForm
	// InJSON is a member of a JSON object.
	InJSON
	// InHeader is an HTTP header. Its Pair's Name may name the scheme
	// after the header's name ("Authorization: Basic").
	InHeader
	// InURL is the URL requested, under the name of the term it stands for
	// (a discovery path, jwks_uri).
	InURL
	// InCallback is a parameter of the redirect back to the client (RFC
	// 6749 §4.1.2).
	InCallback
)

// Pair is a request parameter or a response field as it went over the
// wire, in the order it came, with its explanation.
type Pair struct {
	Name string
	// Value is as sent or received, unmasked: show it through
	// Masker.Pair. A JSON member reads as people read it (a string
	// unquoted, an array's items joined); Raw has it as written.
	Value string
	Raw   []byte
	Where Where
	// Meaning and Ref explain Name, from the step's Explanation (or, for
	// the authorization request, its parameter help); both are empty for
	// a name the explanation does not list.
	Meaning, Ref string
}

// Pair returns p's value masked as its name and place require.
func (m Masker) Pair(p Pair) string {
	switch p.Where {
	case InURL:
		return m.URL(p.Value)
	case InHeader:
		name, _, _ := strings.Cut(p.Name, ":")
		return m.Header(name, p.Value)
	}
	return m.Value(p.Name, p.Value)
}

// splitQuery reads a query or a form-encoded body in order, each
// occurrence of a name with its own value; a pair that cannot be
// unescaped, or has no name, is left out.
func splitQuery(q string) [][2]string {
	var out [][2]string
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		name, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 == nil && err2 == nil && name != "" {
			out = append(out, [2]string{name, val})
		}
	}
	return out
}

// Complete fills what flows reads from a step's record, so that a screen
// only renders: Sent and Received from its exchanges, authorization
// request and callback, explained by r.Step.Explain, and Decoded from
// Token when the step did not fill it. md is the server's metadata known so
// far, whose endpoints name the URLs requested. The stepper calls it after
// every step; a Flow written elsewhere (a test's fake) calls it before
// returning a Result.
func Complete(r *Result, md *providers.Metadata) {
	ex := r.Step.Explain
	if ex == nil {
		ex = &Explanation{}
	}
	r.Sent = sentPairs(r, ex, md)
	r.Received = receivedPairs(r, ex)
	if r.Token != nil && r.Decoded == nil {
		r.Decoded = decodeUnverified(r.Token)
	}
}

// sentPairs lists what the step sent: the authorization request's
// parameters, the callback's, then for each HTTP request the URL asked for
// where a term names it (a path, or an endpoint of the metadata), its query
// parameters, the fields of its form or JSON body and the scheme of its
// credentials header.
func sentPairs(r *Result, ex *Explanation, md *providers.Metadata) []Pair {
	var out []Pair
	add := func(name, value string, where Where, help string) {
		p := Pair{Name: name, Value: value, Where: where, Meaning: help}
		if t, ok := ex.Param(name); ok {
			p.Meaning, p.Ref = t.Meaning, t.Ref
		}
		out = append(out, p)
	}
	if ar := r.AuthRequest; ar != nil {
		for _, p := range ar.Params {
			add(p.Name, p.Value, InQuery, p.Explain)
		}
	}
	if r.Callback != nil {
		for _, p := range r.Callback.Pairs() {
			add(p.Name, p.Value, InCallback, "")
		}
	}
	endpoints := endpointsOf(md)
	for _, x := range r.Exchanges {
		req := x.Request
		if u, err := url.Parse(req.URL); err == nil {
			bare := *u
			bare.RawQuery, bare.Fragment = "", ""
			for _, t := range ex.Params {
				if strings.HasPrefix(t.Name, "/") && strings.HasSuffix(u.Path, t.Name) ||
					endpoints[t.Name] != "" && endpoints[t.Name] == bare.String() {
					add(t.Name, req.URL, InURL, "")
				}
			}
			if u.RawQuery != "" {
				for _, kv := range splitQuery(u.RawQuery) {
					add(kv[0], kv[1], InQuery, "")
				}
			}
		}
		switch ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); ct {
		case "application/x-www-form-urlencoded":
			for _, kv := range splitQuery(string(req.Body)) {
				add(kv[0], kv[1], InForm, clientAuthTerms.Get()[kv[0]].Meaning)
				if _, ok := decodedFields.Get()[kv[0]]; ok {
					out = append(out, assertionPairs(kv[0], kv[1], x.Start)...)
				}
			}
		case "application/json":
			members, _ := jsonobject.Read(req.Body)
			for _, m := range members {
				add(m.Name, describe(m), InJSON, "")
				out[len(out)-1].Raw = m.Raw
			}
		}
		for _, t := range ex.Params {
			// The request headers the explanation names (the MCP calls'),
			// the credentials header aside.
			if h := req.Header.Get(t.Name); h != "" && (strings.Contains(t.Name, "-") || t.Name == "Accept") {
				add(t.Name, h, InHeader, "")
			}
		}
		if auth := req.Header.Get("Authorization"); auth != "" {
			scheme, _, _ := strings.Cut(auth, " ")
			add("Authorization: "+scheme, auth, InHeader, dpopHeaderTerms.Get()["Authorization: "+scheme].Meaning)
		}
		out = append(out, dpopPairs(req.Header.Get("DPoP"), x.Start)...)
	}
	return out
}

// endpointsOf returns the URLs of the server's metadata by member name.
func endpointsOf(md *providers.Metadata) map[string]string {
	if md == nil {
		return nil
	}
	return map[string]string{"authorization_endpoint": md.AuthorizationEndpoint, "token_endpoint": md.TokenEndpoint,
		"jwks_uri": md.JWKSURI, "userinfo_endpoint": md.UserinfoEndpoint}
}

// receivedPairs lists what the step received: the response headers the
// explanation names (WWW-Authenticate), the members of the JSON object the
// newest response carried and, when that is a JWK Set, the members of the
// key that signed the step's first token (or of the first key).
func receivedPairs(r *Result, ex *Explanation) []Pair {
	var out []Pair
	add := func(name, value string, raw []byte, where Where) {
		p := Pair{Name: name, Value: value, Raw: raw, Where: where}
		if t, ok := ex.Field(name); ok {
			p.Meaning, p.Ref = t.Meaning, t.Ref
		}
		out = append(out, p)
	}
	for _, x := range r.Exchanges {
		if x.Response == nil {
			continue
		}
		for _, t := range ex.ResponseFields() {
			if h := x.Response.Header.Get(t.Name); h != "" && strings.Contains(t.Name, "-") {
				add(t.Name, h, nil, InHeader)
			}
		}
		if p, ok := dpopNoncePair(x.Response); ok {
			out = append(out, p)
		}
	}
	for i := len(r.Exchanges) - 1; i >= 0; i-- {
		resp := r.Exchanges[i].Response
		if resp == nil || !jsonobject.IsObject(resp.Body) {
			continue
		}
		members, ok := objectMembers(resp.Body)
		if !ok {
			continue
		}
		for _, m := range members {
			add(m.Name, describe(m), m.Raw, InJSON)
		}
		for _, m := range members {
			if m.Name == "keys" {
				for _, k := range signingKey(m.Raw, firstKid(r)) {
					add(k.Name, describe(k), k.Raw, InJSON)
				}
				break
			}
		}
		break
	}
	return out
}

// objectMembers reads a JSON object body; what follows the object does
// not matter here, as the Response tab shows the body as it came.
func objectMembers(body []byte) ([]jsonobject.Member, bool) {
	members, err := jsonobject.Read(body)
	var je *jsonobject.Error
	if err != nil && !(errors.As(err, &je) && je.Problem == jsonobject.Trailing) {
		return nil, false
	}
	return members, true
}

// describe renders a member's value as inspect renders a claim's.
func describe(m jsonobject.Member) string {
	return inspect.Claim{Name: m.Name, Raw: m.Raw}.Describe(time.Time{})
}

// firstKid is the key ID in the header of the step's first token, "" when
// none.
func firstKid(r *Result) string {
	if len(r.Inspections) > 0 && r.Inspections[0].Token != nil {
		return r.Inspections[0].Token.Kid
	}
	return ""
}

// signingKey returns the members of the key in a JWK Set's keys array
// whose kid is kid, or of the first key.
func signingKey(keys []byte, kid string) []jsonobject.Member {
	var first []jsonobject.Member
	for i, k := range arrayItems(keys) {
		members, ok := objectMembers(k)
		if !ok {
			continue
		}
		if i == 0 {
			first = members
		}
		for _, m := range members {
			if kid != "" && m.Name == "kid" && jsonobject.Text(m.Raw) == kid {
				return members
			}
		}
	}
	return first
}

// arrayItems returns the items of a JSON array as written, nil when raw is
// not one.
func arrayItems(raw []byte) []json.RawMessage {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	return items
}

// decodeUnverified decodes the signed JWTs of a token response, the ID
// token first, without verifying them.
func decodeUnverified(t *TokenResponse) []Inspection {
	var out []Inspection
	for _, tk := range [][2]string{{"ID token", t.IDToken}, {"access token", t.AccessToken}} {
		if tk[1] == "" {
			continue
		}
		if d, err := inspect.Decode(tk[1]); err == nil && d.Kind == inspect.KindJWS {
			out = append(out, Inspection{Label: tk[0], Token: d})
		}
	}
	return out
}

// Pairs lists the parameters of the redirect back as received, in order,
// read as ParseCallback reads a paste: the query of a URL (or its fragment
// when it has no query), a bare query string, or a bare code.
func (cb Callback) Pairs() []Pair {
	raw := strings.TrimSpace(cb.URL)
	if raw == "" {
		return nil
	}
	query := raw
	if u, err := url.Parse(raw); err == nil && strings.Contains(raw, "://") {
		query = u.RawQuery
		if query == "" {
			query = u.Fragment
		}
	}
	if !strings.Contains(query, "=") {
		return []Pair{{Name: "code", Value: raw, Where: InCallback}}
	}
	var out []Pair
	for _, kv := range splitQuery(strings.TrimPrefix(query, "?")) {
		out = append(out, Pair{Name: kv[0], Value: kv[1], Where: InCallback})
	}
	return out
}
