package masktest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Fake returns a secret-looking value for label: 43 characters of
// base64url, the same on every run, and no fragment of it is ordinary text.
func Fake(label string) string {
	sum := sha256.Sum256([]byte("masktest " + label))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// FieldNames are the parameter and field names whose values are secrets
// (RFC 6749 §2.3.1, §4.1.2, §5.1, RFC 7636 §4.1, RFC 8628 §3.2, RFC 8693
// §2.1-2.2, RFC 7523 §2.2).
var FieldNames = []string{
	"access_token", "refresh_token", "id_token", "client_secret", "code", "code_verifier",
	"device_code", "assertion", "client_assertion", "subject_token", "actor_token",
	"password", "token", "issued_token",
}

// opaqueFields are masked whole; the others keep a short prefix.
var opaqueFields = map[string]bool{"client_secret": true, "code_verifier": true, "password": true}

// Field returns the value v of the field name as an audited secret: a
// client secret, a verifier or a password may show nothing, a token or a
// code its prefix.
func Field(what, name, v string) Secret {
	if opaqueFields[name] {
		return Opaque(what, v)
	}
	return Token(what, v)
}

// URL userinfo used by the audits: a user and a password in an issuer or
// endpoint URL.
var (
	User     = "Rk4op5Tq9u"
	Password = Fake("userinfo password")
)

// WithUserinfo returns raw ("http://host/…") with User and Password as
// its userinfo.
func WithUserinfo(raw string) string {
	scheme, rest, _ := strings.Cut(raw, "://")
	return scheme + "://" + User + ":" + Password + "@" + rest
}

// UserinfoSecrets are User and Password as audited secrets.
func UserinfoSecrets() []Secret {
	return []Secret{Opaque("URL userinfo user", User), Opaque("URL userinfo password", Password)}
}

// Exchange is an HTTP exchange as flows.Exchange records it, without
// importing flows (whose tests import this package).
type Exchange struct {
	Method, URL string
	ReqHeader   http.Header
	ReqBody     []byte
	Status      int // 0: no response
	RespHeader  http.Header
	RespBody    []byte
	Err         error
}

// Exchanges returns exchanges that carry every kind of secret the masking
// must recognise by meaning alone (no literal value known to the masker):
// every secret field in a query, a fragment, a form, a JSON body (nested,
// in arrays, in a JSON document held in a string) and a text/plain form;
// Authorization, Proxy-Authorization, Cookie, Set-Cookie, DPoP; URL
// userinfo in the request URL and in Location and Referer. It returns the
// secrets they hold.
func Exchanges() ([]Exchange, []Secret) {
	var secrets []Secret
	val := func(where, name string) string {
		v := Fake(where + " " + name)
		secrets = append(secrets, Field(where+" "+name, name, v))
		return v
	}
	fields := func(where string) (url.Values, map[string]any) {
		form, obj := url.Values{}, map[string]any{}
		for i, n := range FieldNames {
			form.Set(n, val(where+" form", n))
			// Alternate the shapes: top level, nested, in an array.
			switch i % 3 {
			case 0:
				obj[n] = val(where+" json", n)
			case 1:
				obj["nested_"+n] = map[string]any{"deeper": map[string]any{n: val(where+" json", n)}}
			default:
				obj["list_"+n] = []any{map[string]any{n: []any{val(where+" json", n)}}}
			}
		}
		inner, _ := json.Marshal(map[string]string{"refresh_token": val(where+" json-in-string", "refresh_token")})
		obj["error_detail"] = string(inner)
		return form, obj
	}
	tok := func(what string) string {
		v := Fake(what)
		secrets = append(secrets, Token(what, v))
		return v
	}
	opaque := func(what string) string {
		v := Fake(what)
		secrets = append(secrets, Opaque(what, v))
		return v
	}
	secrets = append(secrets, UserinfoSecrets()...)

	reqForm, reqJSON := fields("request")
	respForm, respJSON := fields("response")
	query := url.Values{"state": {"af0ifjsldkj"}, "code": {val("query", "code")}, "access_token": {val("query", "access_token")}}
	fragment := "access_token=" + val("fragment", "access_token") + "&token_type=Bearer"
	proxy := base64.StdEncoding.EncodeToString([]byte("proxy-user:" + opaque("proxy password")))
	secrets = append(secrets, Opaque("Proxy-Authorization credential", proxy))
	reqJSONBody, _ := json.MarshalIndent(reqJSON, "", "  ")
	respJSONBody, _ := json.Marshal(respJSON)

	return []Exchange{
		{
			Method: http.MethodPost, URL: WithUserinfo("https://as.example/token?" + query.Encode()),
			ReqHeader: http.Header{
				"Authorization":       {"Bearer " + tok("bearer token")},
				"Proxy-Authorization": {"Basic " + proxy},
				"Cookie":              {"a=" + opaque("cookie a") + "; b=" + opaque("cookie b") + "; c=" + opaque("cookie c")},
				"Dpop":                {tok("DPoP proof")},
				"Referer":             {WithUserinfo("https://app.example/cb?code=" + val("referer", "code") + "#" + fragment)},
				"Content-Type":        {"application/x-www-form-urlencoded"},
			},
			ReqBody: []byte(reqForm.Encode()),
			Status:  http.StatusFound,
			RespHeader: http.Header{
				"Set-Cookie": {"SESSIONID=" + opaque("Set-Cookie SESSIONID") + "; Path=/; HttpOnly",
					"csrf=" + opaque("Set-Cookie csrf") + "; Path=/; Secure; SameSite=Lax"},
				"Location":     {WithUserinfo("http://127.0.0.1:8400/callback?code=" + val("location", "code") + "&state=af0ifjsldkj")},
				"Content-Type": {"application/json"},
			},
			RespBody: respJSONBody,
		},
		{
			Method: http.MethodPost, URL: "https://as.example/token-exchange",
			ReqHeader:  http.Header{"Authorization": {"DPoP " + tok("DPoP-bound token")}, "Content-Type": {"application/json"}},
			ReqBody:    reqJSONBody,
			Status:     http.StatusOK,
			RespHeader: http.Header{"Content-Type": {"text/plain"}},
			RespBody:   []byte(respForm.Encode()),
		},
		{
			Method: http.MethodGet, URL: WithUserinfo("https://as.example/.well-known/openid-configuration"),
			ReqHeader: http.Header{"Accept": {"application/json"}},
			// As net/http reports it: the password replaced, the user kept.
			Err: &url.Error{Op: "Get", URL: "https://" + User + ":***@as.example/.well-known/openid-configuration", Err: errors.New("connection reset by peer")},
		},
	}, secrets
}
