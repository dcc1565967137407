package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// The Explain tab teaches a step from its flows.Explanation: the parties,
// every request parameter and response field with its meaning and
// reference, what to notice, the references. Once the step ran, each
// parameter and field shows the value it had in this run, so that the
// words of the specification meet what went over the wire; those the run
// did not use follow, still explained.

// termValues are the values a run gave to protocol words, by name, and the
// names in the order they came.
type termValues struct {
	vals  map[string]string
	order []string
	// help explains names the step's explanation does not list (an
	// extra authorization parameter).
	help map[string]string
}

func (tv *termValues) add(name, value string) {
	if tv.vals == nil {
		tv.vals = map[string]string{}
	}
	if _, ok := tv.vals[name]; !ok {
		tv.order = append(tv.order, name)
	}
	tv.vals[name] = value
}

// explainSections renders the explanation of step i, with the values of
// its result r (nil before it ran).
func (v stepView) explainSections(i int, r *flows.Result) []string {
	ex := v.steps[i].Explain
	if ex == nil {
		return nil
	}
	s, w := v.styles, v.detailsW
	var lines []string
	if len(ex.Params) > 0 {
		lines = append(lines, "", section(s, "Parameters"))
		lines = append(lines, v.termSection(ex.Params, v.sentValues(i, r), "Also sent: ", "Not sent this time")...)
	}
	if len(ex.Fields) > 0 {
		lines = append(lines, "", section(s, "Response fields"))
		lines = append(lines, v.termSection(ex.Fields, v.receivedValues(i, r), "Also received: ", "Not in this response")...)
	}
	if len(ex.Notice) > 0 {
		lines = append(lines, "", section(s, "What to notice"))
		lines = append(lines, bullets(ex.Notice, s.Value, w)...)
	}
	if len(ex.Refs) > 0 {
		lines = append(lines, "", section(s, "References"))
		lines = append(lines, bullets(ex.Refs, s.Value, w)...)
	}
	return lines
}

// termSection renders terms: those with a value in this run first, in the
// explanation's order, then after also the names the run used that the
// explanation does not list, then under the heading unused the terms the
// run did not use. Before the step ran every term is listed plainly.
func (v stepView) termSection(terms []flows.Term, tv termValues, also, unused string) []string {
	s, w := v.styles, v.detailsW
	row := func(t flows.Term) docRow {
		return docRow{name: t.Name, value: shortValue(t.Name, tv.vals[t.Name]), meaning: t.Meaning, ref: t.Ref}
	}
	if len(tv.vals) == 0 {
		rows := make([]docRow, len(terms))
		for i, t := range terms {
			rows[i] = row(t)
		}
		return docRows(s, rows, w)
	}
	var used, rest []docRow
	known := map[string]bool{}
	for _, t := range terms {
		known[t.Name] = true
		if _, ok := tv.vals[t.Name]; ok {
			used = append(used, row(t))
		} else {
			rest = append(rest, row(t))
		}
	}
	for _, name := range tv.order {
		if !known[name] && tv.help[name] != "" {
			used = append(used, docRow{name: name, value: tv.vals[name], meaning: tv.help[name]})
		}
	}
	nw := docNameWidth(append(append([]docRow{}, used...), rest...), w)
	lines := docRowsIn(s, used, nw, w)
	var others []string
	for _, name := range tv.order {
		if !known[name] && tv.help[name] == "" {
			others = append(others, name)
		}
	}
	if len(others) > 0 {
		lines = append(lines, indent(hanging(also+strings.Join(others, ", "), s.Subtle, w-2, 2), 2)...)
	}
	if len(rest) > 0 {
		lines = append(lines, "", "  "+s.Subtle.Render(unused))
		lines = append(lines, docRowsIn(s, rest, nw, w)...)
	}
	return lines
}

// maxTermValue caps a value beside its meaning (a JWK Set, an RSA
// modulus); the Response tab shows it whole. Secrets are never cut: once
// revealed they show whole, to be selected.
const maxTermValue = 120

func shortValue(name, v string) string {
	if flows.IsSecretName(name) {
		return v
	}
	if rs := []rune(v); len(rs) > maxTermValue {
		return fmt.Sprintf("%s… (%d characters; the Response tab has it all)", string(rs[:maxTermValue]), len(rs))
	}
	return v
}

// sentValues collects what step i sent: the authorization request's
// parameters, the query and form parameters and the credentials header of
// its HTTP requests, the parameters of the callback, and the URL asked for
// where a term names it: a path (the discovery documents) or an endpoint
// of the server's metadata (jwks_uri). Secrets are masked.
func (v stepView) sentValues(i int, r *flows.Result) termValues {
	var tv termValues
	if r == nil {
		return tv
	}
	m, params := v.masker(), v.steps[i].Explain.Params
	endpoints := v.endpoints()
	if ar := r.AuthRequest; ar != nil {
		tv.help = map[string]string{}
		for _, p := range ar.Params {
			tv.add(p.Name, m.Value(p.Name, p.Value))
			tv.help[p.Name] = p.Explain
		}
	}
	if v.isCallback(i) {
		addQuery(&tv, v.callbackURL(), m)
	}
	for _, ex := range r.Exchanges {
		req := ex.Request
		if u, err := url.Parse(req.URL); err == nil {
			bare := *u
			bare.RawQuery, bare.Fragment = "", ""
			for _, t := range params {
				if strings.HasPrefix(t.Name, "/") && strings.HasSuffix(u.Path, t.Name) ||
					endpoints[t.Name] != "" && endpoints[t.Name] == bare.String() {
					tv.add(t.Name, m.URL(req.URL))
				}
			}
			addQuery(&tv, req.URL, m)
		}
		if ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
			if form, err := url.ParseQuery(string(req.Body)); err == nil {
				for _, k := range formOrder(string(req.Body)) {
					tv.add(k, m.Value(k, form.Get(k)))
				}
			}
		}
		if auth := req.Header.Get("Authorization"); auth != "" {
			scheme, _, _ := strings.Cut(auth, " ")
			tv.add("Authorization: "+scheme, m.Header("Authorization", auth))
		}
	}
	return tv
}

// endpoints returns the URLs of the server's metadata by member name, from
// the discovery step of this run.
func (v stepView) endpoints() map[string]string {
	for _, r := range v.results {
		if r != nil && r.Metadata != nil {
			md := r.Metadata
			return map[string]string{"authorization_endpoint": md.AuthorizationEndpoint, "token_endpoint": md.TokenEndpoint,
				"jwks_uri": md.JWKSURI, "userinfo_endpoint": md.UserinfoEndpoint}
		}
	}
	return nil
}

// addQuery adds the query parameters of raw, masked.
func addQuery(tv *termValues, raw string, m flows.Masker) {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return
	}
	q := u.Query()
	for _, k := range formOrder(u.RawQuery) {
		tv.add(k, m.Value(k, q.Get(k)))
	}
}

// formOrder returns the names of a query or form body in their order.
func formOrder(q string) []string {
	var out []string
	for _, kv := range strings.Split(q, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if name, err := url.QueryUnescape(k); err == nil && name != "" {
			out = append(out, name)
		}
	}
	return out
}

// receivedValues collects what step i received: the token response's
// members, else the members of the JSON its last response carried, the
// members of the JSON Web Key that signed the token it checked, that
// token's claims, and the response headers the explanation names
// (WWW-Authenticate). Secrets are masked.
func (v stepView) receivedValues(i int, r *flows.Result) termValues {
	var tv termValues
	if r == nil {
		return tv
	}
	m, now := v.masker(), v.now()
	for _, ex := range r.Exchanges {
		if ex.Response == nil {
			continue
		}
		for _, t := range v.steps[i].Explain.Fields {
			if h := ex.Response.Header.Get(t.Name); h != "" && strings.Contains(t.Name, "-") {
				tv.add(t.Name, m.Header(t.Name, h))
			}
		}
	}
	if r.Token != nil {
		for _, kv := range v.tokenRows(r.Token, m) {
			tv.add(kv[0], kv[1])
		}
	} else {
		for i := len(r.Exchanges) - 1; i >= 0; i-- {
			resp := r.Exchanges[i].Response
			if resp == nil {
				continue
			}
			members := jsonMembers(resp.Body)
			if members == nil {
				continue
			}
			for _, c := range members {
				tv.add(c.Name, m.Value(c.Name, c.Describe(now)))
			}
			if keys, ok := memberNamed(members, "keys"); ok {
				var kid string
				if len(r.Inspections) > 0 && r.Inspections[0].Token != nil {
					kid = r.Inspections[0].Token.Kid
				}
				for _, c := range signingKey(keys.Raw, kid) {
					tv.add(c.Name, c.Describe(now))
				}
			}
			break
		}
	}
	for _, in := range r.Inspections {
		if in.Token == nil {
			continue
		}
		for _, c := range in.Token.Claims {
			val := c.Describe(now)
			if c.Time != nil {
				val = inspect.FormatTimeLocal(*c.Time, now, v.loc)
			}
			tv.add(c.Name, val)
		}
		break
	}
	return tv
}

// jsonMembers returns the members of a JSON object in their order, nil
// when body is not one.
func jsonMembers(body []byte) []inspect.Claim {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	out := []inspect.Claim{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		name, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil
		}
		out = append(out, inspect.Claim{Name: name, Raw: raw})
	}
	return out
}

func memberNamed(cs []inspect.Claim, name string) (inspect.Claim, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return inspect.Claim{}, false
}

// signingKey returns the members of the key in a JWK Set's keys array
// whose kid is kid, or of the first key.
func signingKey(keys json.RawMessage, kid string) []inspect.Claim {
	var list []json.RawMessage
	if err := json.Unmarshal(keys, &list); err != nil || len(list) == 0 {
		return nil
	}
	pick := list[0]
	for _, k := range list {
		var probe struct {
			Kid string `json:"kid"`
		}
		if json.Unmarshal(k, &probe) == nil && kid != "" && probe.Kid == kid {
			pick = k
			break
		}
	}
	return jsonMembers(pick)
}
