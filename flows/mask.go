package flows

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Parameter and field names whose values are secrets (RFC 6749 §2.3.1,
// §4.1.2, §5.1, RFC 7636 §4.1, RFC 8628 §3.2, RFC 8693 §2.1, RFC 7523 §2.2).
var secretNames = map[string]bool{
	"client_secret": true, "code": true, "code_verifier": true,
	"access_token": true, "refresh_token": true, "id_token": true,
	"assertion": true, "client_assertion": true, "subject_token": true,
	"actor_token": true, "password": true, "device_code": true,
	"token": true, "issued_token": true,
}

// Names whose values are secrets a user never needs to recognise: hidden
// completely, where a token keeps a short prefix to tell it apart.
var opaqueSecretNames = map[string]bool{
	"client_secret": true, "code_verifier": true, "password": true,
}

// IsSecretName reports whether a parameter or JSON field with this name
// carries a secret.
func IsSecretName(name string) bool { return secretNames[strings.ToLower(name)] }

var secretHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Cookie": true,
	"Set-Cookie": true, "Dpop": true,
}

// Masker hides secrets in what is shown or exported. The zero value masks
// by name only; Secrets adds literal values (a client secret, tokens just
// obtained) to hide wherever they appear. With Reveal set it changes nothing.
type Masker struct {
	Reveal  bool
	Secrets []string
}

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
	return v[:6] + "…[" + strconv.Itoa(len(v)) + " chars hidden]"
}

// HideAll masks a value completely, keeping only its length.
func HideAll(v string) string {
	if v == "" {
		return ""
	}
	return "••••••[" + strconv.Itoa(len(v)) + " chars hidden]"
}

func hideNamed(name, v string) string {
	if opaqueSecretNames[strings.ToLower(name)] {
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

// Text replaces every literal secret of m in s.
func (m Masker) Text(s string) string {
	if m.Reveal {
		return s
	}
	for _, sec := range m.Secrets {
		if len(sec) < 8 {
			continue // too short to replace without mangling text
		}
		s = strings.ReplaceAll(s, sec, HideAll(sec))
	}
	return s
}

// URL masks secret query parameters (code, tokens) of a URL.
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
	if u.Fragment != "" {
		u.Fragment = m.Form(u.Fragment)
	}
	return m.Text(u.String())
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

var jsonSecretField = regexp.MustCompile(`"(client_secret|code|code_verifier|access_token|refresh_token|id_token|assertion|client_assertion|subject_token|actor_token|password|device_code|token|issued_token)"(\s*:\s*)"((?:[^"\\]|\\.)*)"`)

// JSON masks string values of secret fields anywhere in a JSON document.
func (m Masker) JSON(s string) string {
	if m.Reveal {
		return s
	}
	s = jsonSecretField.ReplaceAllStringFunc(s, func(match string) string {
		sub := jsonSecretField.FindStringSubmatch(match)
		return `"` + sub[1] + `"` + sub[2] + `"` + hideNamed(sub[1], sub[3]) + `"`
	})
	return m.Text(s)
}

// Header masks credentials in an HTTP header value. A Basic credential is
// shown as the client id it names with the secret hidden, so a learner still
// sees who authenticated.
func (m Masker) Header(name, v string) string {
	if m.Reveal {
		return v
	}
	if !secretHeaders[http.CanonicalHeaderKey(name)] {
		return m.Text(v)
	}
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok {
		return HideAll(v)
	}
	if strings.EqualFold(scheme, "Basic") {
		if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
			if id, _, ok := strings.Cut(string(dec), ":"); ok {
				if uid, err := url.QueryUnescape(id); err == nil {
					id = uid
				}
				return scheme + " " + HideAll(cred) + " (client_id " + id + ", secret hidden)"
			}
		}
		return scheme + " " + HideAll(cred)
	}
	return scheme + " " + Hide(cred)
}

// Body masks a body according to its content type.
func (m Masker) Body(contentType string, body []byte) string {
	s := string(body)
	if m.Reveal {
		return s
	}
	switch {
	case strings.Contains(contentType, "x-www-form-urlencoded"):
		return m.Form(s)
	case strings.Contains(contentType, "json"), strings.HasPrefix(strings.TrimSpace(s), "{"):
		return m.JSON(s)
	}
	return m.Text(s)
}
