package flows

import (
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// Param is one parameter of a request, with what it is for.
type Param struct {
	Name, Value string
	// Explain says what the parameter does, citing its specification.
	Explain string
}

// paramHelp explains the authorization request parameters (RFC 6749 §4.1.1,
// RFC 7636 §4.3, OpenID Connect Core §3.1.2.1, RFC 8707 §2).
var paramHelp = lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"response_type":         "code: ask for an authorization code, to be exchanged for tokens at the token endpoint (RFC 6749 §4.1.1)",
		"client_id":             "which registered application is asking (RFC 6749 §2.2)",
		"redirect_uri":          "where the browser is sent back with the code; must match the registration exactly, any port for loopback (RFC 6749 §3.1.2, RFC 8252 §7.3)",
		"scope":                 "what access is asked for; openid makes it an OpenID Connect request that returns an ID token (RFC 6749 §3.3, OIDC Core §3.1.2.1)",
		"state":                 "a random value the client checks on the callback, so that a response it did not ask for (CSRF) is refused (RFC 6749 §10.12)",
		"nonce":                 "a random value the server copies into the ID token, so that a replayed ID token is refused (OIDC Core §3.1.2.1)",
		"code_challenge":        "SHA-256 of the secret code_verifier; only whoever holds the verifier can redeem the code (PKCE, RFC 7636 §4.2)",
		"code_challenge_method": "S256: the challenge is a SHA-256 hash, never the plain verifier (RFC 7636 §4.3)",
		"prompt":                "whether the server must show login (login), consent (consent), or nothing (none) (OIDC Core §3.1.2.1)",
		"login_hint":            "prefills the user name at the login page (OIDC Core §3.1.2.1)",
		"max_age":               "the longest time in seconds since the user last logged in; older sessions must log in again (OIDC Core §3.1.2.1)",
		"audience":              "which API the access token is for (Auth0 and others; not in RFC 6749)",
		"resource":              "the protected resource the token is for (resource indicator, RFC 8707 §2)",
		"access_type":           "offline asks Google for a refresh token (Google-specific)",
		"response_mode":         "how the response comes back: query, fragment or form_post (OAuth 2.0 Multiple Response Types)",
		"authorization_details": "what is asked for in detail beyond scopes, as a JSON array of typed objects (Rich Authorization Requests, RFC 9396 §2)",
		"request":               "the authorization request as a JWT the client signed (a request object); the server takes the parameters from it alone (JAR, RFC 9101 §5.1)",
		"request_uri":           "the reference the pushed authorization request endpoint returned; the server looks up the parameters pushed under it, once (PAR, RFC 9126 §4)",
	}
}}

// ExplainParams lists the query parameters of an authorization URL in their
// order, each explained.
func ExplainParams(rawURL string) []Param {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	var out []Param
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		name, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || name == "" {
			continue
		}
		help := paramHelp.Get()[name]
		if help == "" {
			help = "an extra parameter, sent as given"
		}
		out = append(out, Param{Name: name, Value: val, Explain: help})
	}
	return out
}
