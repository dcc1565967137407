package flows

import (
	"errors"
	"fmt"
	"strings"
)

// Diagnosis explains a failure: what happened, why it usually happens,
// what to change, and where the rule is written.
type Diagnosis struct {
	What   string
	Causes []string
	Try    []string
	Ref    string
}

type advice struct {
	causes []string
	try    []string
	ref    string
}

// oauthAdvice holds the advice for each OAuth error code (RFC 6749 §4.1.2.1,
// §5.2; OpenID Connect Core §3.1.2.6; RFC 8628 §3.5; RFC 8707 §2).
var oauthAdvice = map[string]advice{
	"invalid_client": {
		causes: []string{"the client secret is wrong, expired or rotated", "the client id does not exist at this server (or in this tenant/realm)", "the client authentication method differs from the one registered (client_secret_basic vs client_secret_post)", "a public client sent no secret to a server that expects one"},
		try:    []string{"copy the secret again from the provider's console", "switch the auth method between client_secret_basic and client_secret_post", "check that the client id belongs to this issuer"},
		ref:    "RFC 6749 §5.2, §2.3.1",
	},
	"invalid_grant": {
		causes: []string{"the authorization code was already used, expired, or was issued to another client", "the code_verifier does not match the code_challenge (PKCE)", "the redirect_uri differs from the one in the authorization request", "the refresh token was revoked, expired or already rotated"},
		try:    []string{"start the flow again to get a fresh code", "check the clock of this machine", "for refresh: use the newest refresh token the server returned"},
		ref:    "RFC 6749 §5.2, RFC 7636 §4.6",
	},
	"invalid_scope": {
		causes: []string{"a requested scope is unknown to the server", "the client is not allowed to request one of the scopes"},
		try:    []string{"remove scopes one by one to find the refused one", "grant the scope to the client in the provider's console", "compare with scopes_supported in the discovery document"},
		ref:    "RFC 6749 §3.3, §5.2",
	},
	"unauthorized_client": {
		causes: []string{"the client is not registered for this grant type (e.g. client credentials disabled for the app)"},
		try:    []string{"enable the grant for the client in the provider's console", "use a client registered for this flow"},
		ref:    "RFC 6749 §5.2",
	},
	"unsupported_grant_type": {
		causes: []string{"the server does not implement this grant", "grant_type was misspelled or sent in the wrong place"},
		try:    []string{"check grant_types_supported in the discovery document", "pick another flow"},
		ref:    "RFC 6749 §5.2",
	},
	"invalid_request": {
		causes: []string{"a required parameter is missing or repeated", "a parameter value is malformed", "the body was not form-encoded"},
		try:    []string{"read the error_description: servers name the parameter", "compare the Request tab with the spec's parameter list"},
		ref:    "RFC 6749 §5.2, §4.1.2.1",
	},
	"access_denied": {
		causes: []string{"the user pressed Deny on the consent page", "a policy at the server refused this user or client"},
		try:    []string{"run the flow again and approve", "check the user's assignment to the application"},
		ref:    "RFC 6749 §4.1.2.1",
	},
	"consent_required": {
		causes: []string{"prompt=none was sent but the user has not consented to the scopes"},
		try:    []string{"run without prompt=none, or with prompt=consent"},
		ref:    "OpenID Connect Core §3.1.2.6",
	},
	"login_required": {
		causes: []string{"prompt=none was sent but the user has no session at the server"},
		try:    []string{"run without prompt=none so the user can log in"},
		ref:    "OpenID Connect Core §3.1.2.6",
	},
	"interaction_required": {
		causes: []string{"prompt=none was sent but the server needs the user (consent, MFA, account choice)"},
		try:    []string{"run without prompt=none"},
		ref:    "OpenID Connect Core §3.1.2.6",
	},
	"invalid_target": {
		causes: []string{"the resource or audience parameter names an API the server does not know or the client may not use"},
		try:    []string{"check the audience/resource value against the API's identifier in the provider's console"},
		ref:    "RFC 8707 §2",
	},
	"authorization_pending": {
		causes: []string{"the user has not finished the device authorization yet"},
		try:    []string{"keep polling at the given interval"},
		ref:    "RFC 8628 §3.5",
	},
	"slow_down": {
		causes: []string{"the client polled faster than the interval"},
		try:    []string{"increase the polling interval by 5 seconds"},
		ref:    "RFC 8628 §3.5",
	},
	"expired_token": {
		causes: []string{"the device code expired before the user finished"},
		try:    []string{"start the device flow again"},
		ref:    "RFC 8628 §3.5",
	},
	"server_error": {
		causes: []string{"the server failed while handling the request"},
		try:    []string{"try again; if it persists, check the server's logs"},
		ref:    "RFC 6749 §4.1.2.1",
	},
	"temporarily_unavailable": {
		causes: []string{"the server is overloaded or under maintenance"},
		try:    []string{"try again later"},
		ref:    "RFC 6749 §4.1.2.1",
	},
}

// OAuthErrorCodes lists the error codes that have a diagnosis.
func OAuthErrorCodes() []string {
	out := make([]string, 0, len(oauthAdvice))
	for k := range oauthAdvice {
		out = append(out, k)
	}
	return out
}

// Diagnose explains err. It always returns a diagnosis; for an unknown error
// it says what is known.
func Diagnose(err error) *Diagnosis {
	if err == nil {
		return nil
	}
	var oe *OAuthError
	var he *HTTPError
	var te *TransportError
	var ce *CallbackError
	switch {
	case errors.As(err, &ce):
		return &Diagnosis{What: ce.Problem, Causes: []string{"the redirect came from another attempt, another tab, or someone else", "the redirect URL was copied incompletely"},
			Try: []string{"start the flow again and finish it in one browser tab", "when pasting, copy the whole address bar"}, Ref: ce.Ref}
	case errors.As(err, &oe):
		d := &Diagnosis{What: fmt.Sprintf("The %s refused the request with %q", oe.Endpoint, oe.Code)}
		if oe.Description != "" {
			d.What += ": " + oe.Description
		}
		if a, ok := oauthAdvice[oe.Code]; ok {
			d.Causes, d.Try, d.Ref = a.causes, a.try, a.ref
		} else {
			d.Causes = []string{"a provider-specific error code; its error_description and error_uri say more"}
			d.Ref = "RFC 6749 §5.2"
		}
		if oe.URI != "" {
			d.Try = append(d.Try, "read "+oe.URI)
		}
		return d
	case errors.As(err, &he):
		d := &Diagnosis{What: fmt.Sprintf("The %s %s", he.Endpoint, he.Problem), Ref: "RFC 6749 §5.1, §5.2"}
		switch {
		case he.HTTPStatus >= 300 && he.HTTPStatus < 400:
			d.Causes = []string{"the token URL is wrong (http instead of https, a missing path, a trailing slash)", "a proxy or login gateway sits in front of the server"}
			d.Try = []string{"use the token_endpoint from the discovery document exactly"}
		case he.HTTPStatus >= 500:
			d.Causes = []string{"the server failed or a gateway in front of it did"}
			d.Try = []string{"try again; check the server's status page or logs"}
		case strings.Contains(he.Problem, "HTML"):
			d.Causes = []string{"the URL points at a web page (a login page, a proxy's error page), not at the token endpoint", "the issuer or token URL has a wrong path"}
			d.Try = []string{"check the token URL against the discovery document", "open the Response tab to read the page"}
		default:
			d.Causes = []string{"the server does not speak OAuth 2.0 at this URL", "the response was cut short"}
			d.Try = []string{"check the token URL", "open the Response tab to see what came back"}
		}
		return d
	case errors.As(err, &te):
		d := &Diagnosis{What: te.sentence()}
		switch te.Kind {
		case "dns":
			d.Causes = []string{"the host name is misspelled", "no network or DNS"}
			d.Try = []string{"check the issuer URL"}
		case "refused":
			d.Causes = []string{"the server is not running or listens on another port"}
			d.Try = []string{"check the port of the issuer URL", "start the server (for the demo: oauth-explorer demo-server)"}
		case "timeout":
			d.Causes = []string{"the server is slow or unreachable (a firewall dropping packets)"}
			d.Try = []string{"raise --timeout", "check that the host is reachable"}
		case "tls":
			d.Causes = []string{"the certificate is self-signed or from a private CA", "the certificate does not name this host", "the server speaks plain http on this port"}
			d.Try = []string{"check the URL's scheme and host", "trust the CA of your organisation"}
			d.Ref = "RFC 6749 §1.6"
		default:
			d.Causes = []string{"a network failure"}
			d.Try = []string{"try again"}
		}
		return d
	}
	return &Diagnosis{What: err.Error(), Try: []string{"open the Request and Response tabs to see the exchange"}}
}
