package flows

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Parameter and field names whose values are secrets (RFC 6749 §2.3.1,
// §4.1.2, §5.1, RFC 7636 §4.1, RFC 8628 §3.2, RFC 8693 §2.1, RFC 7523 §2.2,
// RFC 7591 §3.2.1).
var secretNames = lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"client_secret": true, "code": true, "code_verifier": true,
		"access_token": true, "refresh_token": true, "id_token": true,
		"assertion": true, "client_assertion": true, "subject_token": true,
		"actor_token": true, "password": true, "device_code": true,
		"token": true, "issued_token": true, "registration_access_token": true,
	}
}}

// Names whose values are secrets a user never needs to recognise: hidden
// completely, where a token keeps a short prefix to tell it apart.
var opaqueSecretNames = lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"client_secret": true, "code_verifier": true, "password": true,
	}
}}

// IsSecretName reports whether a parameter or JSON field with this name
// carries a secret.
func IsSecretName(name string) bool { return secretNames.Get()[strings.ToLower(name)] }

// userinfoSecrets returns the users and passwords in the userinfo of p's
// URLs, for a flow's Secrets: they are credentials, and net/http sends
// them as a Basic Authorization header.
func userinfoSecrets(p providers.Provider) []string {
	var out []string
	for _, raw := range []string{p.Issuer, p.TokenURL, p.AuthURL, p.JWKSURL, p.UserinfoURL, p.DeviceAuthURL, p.IntrospectionURL, p.RevocationURL, p.APIURL} {
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			continue
		}
		out = append(out, u.User.Username())
		if pw, ok := u.User.Password(); ok {
			out = append(out, pw)
		}
	}
	return out
}

// Masker hides secrets in what is shown or exported: by meaning (the
// parameters, fields and headers that carry secrets, whatever their value),
// by value (Secrets: a client secret, tokens just obtained, wherever they
// appear, in error texts and diagnoses too), and the userinfo of every URL.
// The zero value masks by meaning only. With Reveal set it changes nothing.
type Masker struct {
	Reveal  bool
	Secrets []string
	// many, when set (NewMaskerForMany), replaces Secrets in one pass.
	many *strings.Replacer
}

// hidePrefix is how many characters of a long token Hide keeps.
const hidePrefix = 6

// Hide masks one secret value. Tokens keep their first six characters so that
// the user can tell them apart ("eyJhbG…" is a JWT); the rest is replaced by
// its length.
func Hide(v string) string {
	if v == "" {
		return ""
	}
	if len(v) < 24 {
		return "••••••"
	}
	return v[:hidePrefix] + "…[" + strconv.Itoa(len(v)) + " chars hidden]"
}

// HideAll masks a value completely, keeping only its length.
func HideAll(v string) string {
	if v == "" {
		return ""
	}
	return "••••••[" + strconv.Itoa(len(v)) + " chars hidden]"
}

func hideNamed(name, v string) string {
	if opaqueSecretNames.Get()[strings.ToLower(name)] {
		return HideAll(v)
	}
	return Hide(v)
}

// Value masks v unless m reveals; name is the parameter it belongs to.
func (m Masker) Value(name, v string) string {
	if m.Reveal || !IsSecretName(name) {
		return v
	}
	return hideNamed(name, v)
}

// Text hides the userinfo of URLs in s and replaces every literal secret of
// m, as it is or as it is written in a URL, a form or a JSON string: a
// server may echo a secret it received in its error_description.
func (m Masker) Text(s string) string {
	if m.Reveal {
		return s
	}
	s = redact.Userinfo(s)
	if m.many != nil {
		return m.many.Replace(s)
	}
	for _, sec := range m.Secrets {
		if len(sec) < 8 {
			continue // too short to replace without mangling text
		}
		for _, form := range []string{sec, url.QueryEscape(sec), url.PathEscape(sec), jsonInner(sec)} {
			s = strings.ReplaceAll(s, form, HideAll(sec))
		}
	}
	return s
}

// jsonInner is s as written inside a JSON string.
func jsonInner(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// URL masks secret query and fragment parameters (code, tokens) of a URL
// and its userinfo.
func (m Masker) URL(raw string) string {
	if m.Reveal {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return m.Text(raw)
	}
	if u.RawQuery != "" {
		u.RawQuery = m.Form(u.RawQuery)
	}
	// The fragment is masked as written: u.String would escape the mask.
	frag := u.EscapedFragment()
	u.Fragment, u.RawFragment = "", ""
	out := u.String()
	if frag != "" {
		out += "#" + m.Form(frag)
	}
	return m.Text(out)
}

// Form masks secret parameters of an application/x-www-form-urlencoded
// string, keeping the parameters' order.
func (m Masker) Form(s string) string {
	if m.Reveal {
		return s
	}
	parts := strings.Split(s, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil || !IsSecretName(name) {
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			val = v
		}
		parts[i] = k + "=" + hideNamed(name, val)
	}
	return m.Text(strings.Join(parts, "&"))
}

// JSON masks the values of secret fields anywhere in a JSON document:
// nested objects, arrays, and values that are objects or arrays themselves.
func (m Masker) JSON(s string) string {
	if m.Reveal {
		return s
	}
	return m.Text(maskJSON(s))
}

// Header masks the credentials in an HTTP header value, by what the header
// means: an Authorization or Proxy-Authorization value keeps its scheme
// (RFC 9110 §11.4), a Cookie keeps its names (RFC 6265 §4.2), a Set-Cookie
// its name and attributes (RFC 6265 §4.1), and the URLs of Location,
// Referer and the like are masked as URLs.
func (m Masker) Header(name, v string) string {
	if m.Reveal {
		return v
	}
	switch http.CanonicalHeaderKey(name) {
	case "Authorization":
		return m.Text(m.credentials(v, true))
	case "Proxy-Authorization":
		return m.Text(m.credentials(v, false))
	case "Cookie":
		return m.Text(maskCookies(v))
	case "Set-Cookie":
		return m.Text(maskSetCookie(v))
	case "Dpop":
		// A DPoP proof (RFC 9449 §4) is a JWT; its prefix tells that.
		return Hide(v)
	case "Location", "Content-Location", "Referer", "Origin", "Link":
		return m.URL(v)
	}
	return m.Text(v)
}

// credentials masks an Authorization value. A Basic credential of the
// client (withClientID) is shown as the client id it names with the secret
// hidden, so a learner still sees who authenticated (RFC 6749 §2.3.1);
// not when the id is one of m's Secrets: net/http sends a URL's userinfo
// as a Basic credential too, and its user is not shown.
func (m Masker) credentials(v string, withClientID bool) string {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok {
		return HideAll(v)
	}
	if !strings.EqualFold(scheme, "Basic") {
		return scheme + " " + Hide(cred)
	}
	if withClientID {
		if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
			if id, _, ok := strings.Cut(string(dec), ":"); ok {
				if uid, err := url.QueryUnescape(id); err == nil {
					id = uid
				}
				if slices.Contains(m.Secrets, id) {
					return scheme + " " + HideAll(cred)
				}
				return scheme + " " + HideAll(cred) + " (client_id " + id + ", secret hidden)"
			}
		}
	}
	return scheme + " " + HideAll(cred)
}

// maskCookies masks every value of a Cookie header, keeping the names.
func maskCookies(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		parts[i] = maskCookiePair(p)
	}
	return strings.Join(parts, ";")
}

// maskSetCookie masks the value of a Set-Cookie header and keeps its
// attributes (Path, Domain, Expires, HttpOnly…), which are not secret and
// say how the cookie is protected.
func maskSetCookie(v string) string {
	pair, attrs, found := strings.Cut(v, ";")
	if !found {
		return maskCookiePair(pair)
	}
	return maskCookiePair(pair) + ";" + attrs
}

// maskCookiePair masks "name=value", keeping the white space around it; a
// pair without "=" is all value.
func maskCookiePair(p string) string {
	lead := p[:len(p)-len(strings.TrimLeft(p, " \t"))]
	name, val, ok := strings.Cut(strings.TrimLeft(p, " \t"), "=")
	if !ok {
		if name == "" {
			return p
		}
		return lead + HideAll(name)
	}
	return lead + name + "=" + HideAll(val)
}

// Body masks a body according to its content type; a body without one is
// read as JSON or as a form when it looks like one.
func (m Masker) Body(contentType string, body []byte) string {
	s := string(body)
	if m.Reveal {
		return s
	}
	trimmed := strings.TrimSpace(s)
	switch {
	case strings.Contains(contentType, "x-www-form-urlencoded"):
		return m.Form(s)
	case strings.Contains(contentType, "json"), strings.HasPrefix(trimmed, "{"), strings.HasPrefix(trimmed, "["):
		return m.JSON(s)
	case looksLikeForm(trimmed):
		// Some servers (GitHub's token endpoint, by default) answer a
		// token response as a form under text/plain.
		return m.Form(s)
	}
	return m.Text(s)
}

// looksLikeForm reports whether s is one line of name=value pairs.
func looksLikeForm(s string) bool {
	return strings.Contains(s, "=") && !strings.ContainsAny(s, " \t\r\n<>")
}

// Diagnosis returns a copy of d with the masking of Text applied to every
// sentence: a diagnosis quotes error texts, which may echo a secret.
func (m Masker) Diagnosis(d *Diagnosis) *Diagnosis {
	if d == nil || m.Reveal {
		return d
	}
	out := *d
	out.What = m.Text(d.What)
	out.Causes = m.texts(d.Causes)
	out.Try = m.texts(d.Try)
	out.Ref = m.Text(d.Ref)
	return &out
}

func (m Masker) texts(in []string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = m.Text(s)
	}
	return out
}
