package flows

import (
	"net/url"
	"strings"
)

// readRequest fills in what the refused token request was, from the
// recorded exchange ex (nil leaves e as it is).
func (e *OAuthError) readRequest(ex *Exchange) {
	if ex == nil {
		return
	}
	e.URL = ex.Request.URL
	e.ClientCert = ex.ClientCert
	form, _ := url.ParseQuery(string(ex.Request.Body))
	e.GrantType = form.Get("grant_type")
	e.Audiences, e.Resources = form["audience"], form["resource"]
	switch auth := ex.Request.Header.Get("Authorization"); {
	case len(auth) > 6 && strings.EqualFold(auth[:6], "basic "):
		e.ClientAuth = "client_secret_basic"
	case form.Get("client_secret") != "":
		e.ClientAuth = "client_secret_post"
	case form.Has("client_assertion"):
		e.ClientAuth = assertionMethod(form.Get("client_assertion"))
	default:
		e.ClientAuth = "none"
	}
}

// atTokenEndpoint tells whether e answers a token request, where no user
// takes part: the client speaks to the server directly (RFC 6749 §3.2).
func (e *OAuthError) atTokenEndpoint() bool {
	return e.GrantType != "" || e.Endpoint == "token endpoint"
}

// secretSent tells whether the refused request carried a client secret;
// unknown (no request recorded) counts as sent.
func (e *OAuthError) secretSent() bool {
	return e.ClientAuth != "none"
}

// authenticated tells whether the refused request is known to have
// authenticated the client: a secret, an assertion or a TLS certificate.
func (e *OAuthError) authenticated() bool {
	return e.ClientAuth != "" && (e.ClientAuth != "none" || e.ClientCert != nil)
}

// host returns the lower-case host of the endpoint's URL, "" if unknown.
func (e *OAuthError) host() string {
	u, err := url.Parse(e.URL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// path returns the path of the endpoint's URL.
func (e *OAuthError) path() string {
	u, err := url.Parse(e.URL)
	if err != nil {
		return ""
	}
	return u.Path
}
