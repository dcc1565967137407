package flows

import (
	"fmt"
	"net/url"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// TokenCheckError is a token that failed one check of its verification
// (OIDC Core §3.1.3.7 for an ID token, RFC 9068 §4 for a JWT access
// token).
type TokenCheckError struct {
	// Token names the token: "ID token", "access token".
	Token string
	// Check is the failed check's name, as inspect.Check.Name: "signature",
	// "alg", "iss", "aud", "azp", "exp", "nbf", "iat", "nonce", "at_hash".
	Check string
	// Detail is the check's explanation.
	Detail string
	// GraphNonce is set when the token is a Microsoft Graph access token
	// with a nonce in its header, whose signature only Graph can check.
	GraphNonce bool
	// Problem is the check's inspect.Problem… ("kid_unknown"), "" when
	// the check has none.
	Problem string
	// Err is the error behind a check that could not run (the JWKS fetch).
	Err error
}

func (e *TokenCheckError) Error() string {
	return fmt.Sprintf("%s check %s failed: %s", e.Token, e.Check, e.Detail)
}

func (e *TokenCheckError) Unwrap() error { return e.Err }

// CallbackTimeoutError is a wait for the browser's callback that ended
// without one.
type CallbackTimeoutError struct {
	After       time.Duration
	RedirectURI string
	// AuthURL is the authorization endpoint the browser was sent to: it
	// names the provider whose error page the browser may be showing.
	AuthURL string
	// PortChosen is set when the listener picked the port (no redirect
	// URI given, or one without a port): registering the URI with that
	// port would not help the next run, which picks another.
	PortChosen bool
	// RequestURI is set when the browser carried a pushed request_uri
	// (RFC 9126 §4), which the server may have refused on its own page.
	RequestURI bool
}

func (e *CallbackTimeoutError) Error() string {
	return fmt.Sprintf("callback: no callback within %s: the login was not finished in the browser, or the browser could not reach %s; paste the redirect URL instead ({setting:manual}), or raise the timeout", e.After, e.RedirectURI)
}

// registerAdvice says which redirect URI to register: the one used, or,
// when the listener chose its port, a loopback URI without a port (which
// RFC 8252 §7.3 lets the server accept on any port) or a fixed one given
// with {setting:redirect-uri}.
func (e *CallbackTimeoutError) registerAdvice() string {
	if !e.PortChosen {
		return "register the exact redirect URI " + e.RedirectURI + " for the client, or pass the registered one with {setting:redirect-uri}"
	}
	u, err := url.Parse(e.RedirectURI)
	if err != nil {
		return "register a loopback redirect URI for the client and pass it with {setting:redirect-uri}"
	}
	u.Host = u.Hostname()
	return "the port of " + e.RedirectURI + " was picked for this run: register " + u.String() + " without a port where the server lets loopback ports vary (RFC 8252 §7.3), or register a fixed port and pass that URI with {setting:redirect-uri}"
}

// ListenerError is a callback listener that could not start: a redirect
// URI it cannot serve, or a port it cannot bind.
type ListenerError struct {
	RedirectURI string
	// Problem is the message, a sentence.
	Problem string
	// Err is the bind failure, nil when the redirect URI is the problem.
	Err error
}

func (e *ListenerError) Error() string { return e.Problem }

func (e *ListenerError) Unwrap() error { return e.Err }

func diagnoseListener(e *ListenerError) *Diagnosis {
	if e.Err != nil {
		return &Diagnosis{Code: "listener_port", What: e.Problem,
			Causes: []string{"another program, or an earlier run still open, uses the port of the redirect URI"},
			Try:    []string{"close the other program, or register a redirect URI with another port and pass it with {setting:redirect-uri}", "leave {setting:redirect-uri} empty to use a free port, if the server lets loopback ports vary"},
			Ref:    "RFC 8252 §7.3"}
	}
	return &Diagnosis{Code: "listener_redirect", What: e.Problem,
		Causes: []string{"the redirect URI is not an http loopback URI (an https web address, another host, a private-use scheme), so this tool's loopback listener cannot receive the callback"},
		Try:    []string{"register a loopback redirect URI such as http://127.0.0.1:8400/callback for the client (a native or desktop app client type) and pass it with {setting:redirect-uri}", "or leave {setting:redirect-uri} empty to use a free loopback port"},
		Ref:    "RFC 8252 §7.3, §8.3"}
}

func diagnoseCallbackTimeout(e *CallbackTimeoutError) *Diagnosis {
	d := &Diagnosis{Code: "callback_timeout", What: e.Error(),
		Causes: []string{
			"an error page in the browser usually means a redirect URI mismatch: the authorization server must not redirect to a redirect URI it does not recognise (RFC 6749 §4.1.2.1), so it shows its error in the browser and the listener never hears of it (an unknown client_id or a bad parameter ends there too)",
			"the login or consent was not finished in time",
			"the browser runs on another machine or outside this container and cannot reach " + e.RedirectURI,
		},
		Try: []string{
			"look at the browser tab: the server's error names the problem (e.g. redirect_uri_mismatch, AADSTS50011)",
			e.registerAdvice(),
			"copy the address the browser ended on and paste it ({setting:manual})",
			"raise {setting:callback-timeout}",
		},
		Ref: "RFC 6749 §4.1.2.1, §3.1.2.2; RFC 8252 §7.3"}
	if e.RequestURI {
		d.Causes = append([]string{"the request_uri was refused at the authorization endpoint (expired after expires_in, already used, or unknown: RFC 9126 §4, §7.3) and the server said so on its own page, since it could not trust a redirect URI it no longer knew"}, d.Causes...)
		d.Try = append([]string{"run the flow again: every run pushes a fresh request_uri, which must be opened once, within its expires_in"}, d.Try...)
	}
	// Google never redirects this error: it exists only on its page.
	if hostIn((&OAuthError{URL: e.AuthURL}).host(), "accounts.google.com") {
		d.Try = append([]string{"Google shows \"Error 400: redirect_uri_mismatch\" and, under error details, the redirect_uri it received: add exactly that URI to the OAuth client's Authorized redirect URIs, or use a Desktop app client (any loopback port)"}, d.Try...)
	}
	return d
}

// checkAdvice explains why each check fails and what to change. Read-only
// after initialisation.
var checkAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		dpopCheckName: dpopCheckAdvice,
		"signature": {
			causes: []string{"no key in the JWKS has the token's kid: the server rotated its keys, or the JWKS belongs to another issuer or tenant", "the token was altered, or signed by someone else", "the token is HMAC-signed with a secret a JWKS never holds"},
			try:    []string{"compare the kid in the token's header with the kids the JWKS fetch returned ({view:response})", "check that the token comes from this issuer (its iss claim)"},
			ref:    "RFC 7515 §5.2; OIDC Core §10.1.1 (key rotation)",
		},
		"alg": {
			causes: []string{"the token is unsigned (alg none) or uses an algorithm the provider does not advertise: a forged token, or a provider misconfiguration"},
			try:    []string{"never accept the token; compare its alg with id_token_signing_alg_values_supported"},
			ref:    "OIDC Core §3.1.3.7 step 7; RFC 8725 §3.1",
		},
		"iss": {
			causes: []string{"the token comes from another issuer: another tenant, realm or environment", "the issuer differs by a detail (trailing slash; Entra v1 sts.windows.net vs v2 login.microsoftonline.com)"},
			try:    []string{"use the issuer the token names, if you trust it; otherwise get a token from this issuer"},
			ref:    "OIDC Core §3.1.3.7 step 2; RFC 9068 §4",
		},
		"aud": {
			causes: []string{"the token was issued for another audience: an access token for another API (no or a wrong audience/resource parameter was sent), or an ID token for another client_id"},
			try:    []string{"ask for a token for this API: set {setting:audience} (or {setting:resource}, or the API's scope prefix in Entra) to the identifier the API expects", "for an ID token, check the client_id"},
			ref:    "OIDC Core §3.1.3.7 step 3; RFC 9068 §4; RFC 8707 §2",
		},
		"azp": {
			causes: []string{"the token was issued to another client (azp names it)"},
			try:    []string{"use a token issued to this client"},
			ref:    "OIDC Core §2, §3.1.3.7",
		},
		"exp": {
			causes: []string{"the token has expired: it was obtained too long ago or cached", "the clock of this machine is ahead"},
			try:    []string{"get a new token (or refresh)", "check this machine's clock (NTP)"},
			ref:    "RFC 7519 §4.1.4",
		},
		"nbf": {
			causes: []string{"the token is not valid yet: the clock of this machine is behind the server's"},
			try:    []string{"check this machine's clock (NTP)"},
			ref:    "RFC 7519 §4.1.5",
		},
		"iat": {
			causes: []string{"the iat claim is unusable, or the token was issued in the future by this machine's clock"},
			try:    []string{"check this machine's clock (NTP)"},
			ref:    "RFC 7519 §4.1.6; OIDC Core §3.1.3.7 step 10",
		},
		"nonce": {
			causes: []string{"the ID token answers another authentication request (another tab, an older attempt) or is replayed", "the provider ignores the nonce parameter"},
			try:    []string{"run the flow again in a single tab"},
			ref:    "OIDC Core §3.1.3.7 step 11, §15.5.2",
		},
		"at_hash": {
			causes: []string{"the ID token and the access token come from different responses", "the provider computes at_hash with another hash than the ID token's alg implies"},
			try:    []string{"use the ID token and the access token of the same token response"},
			ref:    "OIDC Core §3.1.3.6",
		},
	}
}}

func diagnoseTokenCheck(e *TokenCheckError) *Diagnosis {
	// A Graph token's signature fails for a reason no key problem names:
	// only Graph can check it.
	graph := e.Check == "signature" && e.GraphNonce
	if d := diagnoseKeyProblem(e); d != nil && !graph {
		return d
	}
	a, ok := checkAdvice.Get()[e.Check]
	if graph {
		a, ok = graphSignatureAdvice, true
	}
	if !ok {
		a = advice{causes: []string{"the token failed a check"}, ref: "OIDC Core §3.1.3.7; RFC 9068 §4"}
	}
	d := a.diagnosis("token_check_"+e.Check, e.Error())
	d.Try = append(append([]string(nil), d.Try...), "read {view:claims}: each check says why")
	return d
}
