package flows

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// seg is a piece of a value in a replay export: literal text, or a
// reference to the variable named v that holds a secret.
type seg struct{ lit, v string }

// tmpl is a value written as literal text and variable references.
type tmpl []seg

// lit is a template of literal text only.
func lit(s string) tmpl { return tmpl{{lit: s}} }

// ref is a template of one variable reference.
func ref(name string) tmpl { return tmpl{{v: name}} }

// plus joins templates.
func (t tmpl) plus(more ...tmpl) tmpl {
	out := append(tmpl(nil), t...)
	for _, m := range more {
		out = append(out, m...)
	}
	return out
}

// merged joins t's adjacent literals.
func (t tmpl) merged() tmpl {
	var out tmpl
	for _, s := range t {
		if n := len(out); n > 0 && s.v == "" && out[n-1].v == "" {
			out[n-1].lit += s.lit
			continue
		}
		out = append(out, s)
	}
	return out
}

// vars lists the variables t refers to.
func (t tmpl) vars() []string {
	var out []string
	for _, s := range t {
		if s.v != "" {
			out = append(out, s.v)
		}
	}
	return out
}

// secretVar is one secret of a replay export.
type secretVar struct {
	name, value string
	// what says where the value was first seen, for the file's comments.
	what string
}

// secretVars names the secrets of a run for the curl and .http exports:
// every secret value becomes a variable, named after what it is
// (CLIENT_SECRET, CODE, ACCESS_TOKEN, BASIC_CREDENTIALS…), the same value
// always the same variable.
type secretVars struct {
	byValue map[string]string
	vars    []secretVar
	taken   map[string]bool
	// used records the variables the active (not commented-out) requests
	// refer to: the only ones the file requires; mentioned those the
	// commented-out ones refer to.
	used, mentioned map[string]bool
}

// minSecretLen is the shortest secret replaced wherever it appears by
// value (Masker.Text's limit too): a shorter one would mangle text.
const minSecretLen = 8

// newSecretVars returns an empty set of variables.
func newSecretVars() *secretVars {
	return &secretVars{byValue: map[string]string{}, taken: map[string]bool{}, used: map[string]bool{}, mentioned: map[string]bool{}}
}

// name returns the variable of value, naming a new one after hint (a
// parameter or header name) and recording what it is.
func (sv *secretVars) name(hint, value, what string) string {
	if n, ok := sv.byValue[value]; ok {
		return n
	}
	base := varName(hint)
	n := base
	for i := 2; sv.taken[n]; i++ {
		n = base + "_" + strconv.Itoa(i)
	}
	sv.taken[n] = true
	sv.byValue[value] = n
	sv.vars = append(sv.vars, secretVar{name: n, value: value, what: what})
	return n
}

// varName makes a shell and .http variable name of hint: upper case
// letters, digits and underscores, starting with a letter.
func varName(hint string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(hint) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9' && b.Len() > 0:
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	n := strings.Trim(b.String(), "_")
	if n == "" {
		return "SECRET"
	}
	return n
}

// split writes s as a template: every known secret of minSecretLen or
// more, as it is or URL-encoded, becomes its variable; the longest
// secrets are looked for first.
func (sv *secretVars) split(s string) tmpl {
	type form struct{ text, name string }
	var forms []form
	for _, v := range sv.vars {
		if len(v.value) < minSecretLen {
			continue
		}
		forms = append(forms, form{v.value, v.name})
		if q := url.QueryEscape(v.value); q != v.value {
			forms = append(forms, form{q, v.name})
		}
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].text) > len(forms[j].text) })
	var out tmpl
	for s != "" {
		at, which := -1, form{}
		for _, f := range forms {
			if i := strings.Index(s, f.text); i >= 0 && (at < 0 || i < at) {
				at, which = i, f
			}
		}
		if at < 0 {
			out = append(out, seg{lit: s})
			break
		}
		if at > 0 {
			out = append(out, seg{lit: s[:at]})
		}
		out = append(out, seg{v: which.name})
		s = s[at+len(which.text):]
	}
	return out
}

// collect names the secrets of run before anything is written, so that a
// value gets the name of what it first was: the parameters and headers
// that carry secrets in the requests, the secret members of the JSON
// responses (the access token a later request sends), then the values the
// masker knows of that are left (SECRET, SECRET_2…).
func (sv *secretVars) collect(run Run, m Masker) {
	for _, ex := range run.exchanges() {
		where := " sent in step " + ex.step.Title
		if u, err := url.Parse(ex.Request.URL); err == nil {
			sv.namedPairs(formPairs(u.RawQuery), where)
		}
		sv.credentialHeaders(ex.Request.Header, where)
		if isForm(ex.Request) {
			sv.namedPairs(formPairs(string(ex.Request.Body)), where)
		}
		if ex.Response != nil {
			sv.jsonSecrets(ex.Response.Body, " answered in step "+ex.step.Title)
		}
	}
	if run.clientSecret != "" {
		sv.name("client_secret", run.clientSecret, "the client secret")
	}
	for _, s := range m.Secrets {
		if len(s) >= minSecretLen {
			sv.name("secret", s, "a secret of the run")
		}
	}
}

// namedPairs names the values of the secret parameters among ps.
func (sv *secretVars) namedPairs(ps []pair, where string) {
	for _, p := range ps {
		if IsSecretName(p.name) && p.value != "" {
			sv.name(p.name, p.value, p.name+where)
		}
	}
}

// credentialHeaders names the credentials a request's headers carry.
func (sv *secretVars) credentialHeaders(h http.Header, where string) {
	for _, v := range h.Values("Authorization") {
		scheme, cred, _ := strings.Cut(strings.TrimSpace(v), " ")
		what := "the " + scheme + " credentials" + where
		if strings.EqualFold(scheme, "basic") {
			what += " (base64 of client_id:client_secret, RFC 6749 2.3.1)"
		}
		sv.name(authVarHint(scheme), cred, what)
	}
	for _, v := range h.Values("Dpop") {
		sv.name("dpop_proof", v, "the DPoP proof"+where)
	}
	for _, v := range h.Values("Cookie") {
		sv.name("cookie", v, "the cookies"+where)
	}
}

// authVarHint names the variable of an Authorization credential by its
// scheme (RFC 9110 §11.4).
func authVarHint(scheme string) string {
	switch strings.ToLower(scheme) {
	case "basic":
		return "basic_credentials"
	case "bearer", "dpop":
		return "access_token"
	}
	return "authorization"
}

// jsonSecrets names the values of the secret members of a JSON object
// body (a token response, a registration response).
func (sv *secretVars) jsonSecrets(body []byte, where string) {
	var obj map[string]any
	if json.Unmarshal(body, &obj) != nil {
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s, ok := obj[k].(string); ok && IsSecretName(k) && s != "" {
			sv.name(k, s, k+where)
		}
	}
}

// note records the variables of a request written: used when it is
// active, mentioned when it is commented out.
func (sv *secretVars) note(rr replayRequest, active bool) {
	for _, v := range rr.refs() {
		if active {
			sv.used[v] = true
		} else {
			sv.mentioned[v] = true
		}
	}
}

// written lists the variables the requests written refer to, in the
// order they were named.
func (sv *secretVars) written() []secretVar {
	var out []secretVar
	for _, v := range sv.vars {
		if sv.used[v.name] || sv.mentioned[v.name] {
			out = append(out, v)
		}
	}
	return out
}

// isForm reports whether a request's body is a form.
func isForm(msg Message) bool {
	return strings.Contains(msg.Header.Get("Content-Type"), "x-www-form-urlencoded")
}
