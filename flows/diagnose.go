package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Diagnosis explains a failure: what happened, why it usually happens,
// what to change, and where the rule is written.
type Diagnosis struct {
	What   string
	Causes []string
	Try    []string
	Ref    string
	// Code names the diagnosis: the OAuth error code ("invalid_client"),
	// a provider's code ("AADSTS50011", "redirect_uri_mismatch"), or one of
	// ours ("tls_unknown_authority", "http_html", "token_check_aud",
	// "callback_timeout"…). It is stable, for tests and for tools.
	Code string
}

type advice struct {
	causes []string
	try    []string
	ref    string
}

func (a advice) diagnosis(code, what string) *Diagnosis {
	return &Diagnosis{Code: code, What: what, Causes: a.causes, Try: a.try, Ref: a.ref}
}

// Diagnose explains err. It always returns a diagnosis for a non-nil err;
// for an error it does not know it says what is known. A diagnosis quotes
// error texts, which may name a URL given with userinfo: that is hidden
// here, whichever renderer shows it (secrets by value are the renderer's
// Masker's).
func Diagnose(err error) *Diagnosis {
	return Masker{}.Diagnosis(diagnose(err))
}

func diagnose(err error) *Diagnosis {
	if err == nil {
		return nil
	}
	if d := mtlsDiagnosis(err); d != nil {
		return d
	}
	var rse *ResourceError
	if errors.As(err, &rse) {
		return rse.diagnosis()
	}
	var me *MCPError
	if errors.As(err, &me) {
		return me.diagnosis()
	}
	var (
		oe  *OAuthError
		he  *HTTPError
		te  *TransportError
		ce  *CallbackError
		rue *RedirectURIError
		cte *CallbackTimeoutError
		le  *ListenerError
		tce *TokenCheckError
		de  *inspect.DecodeError
		nme *NoMetadataError
		pe  *PARError
		ke  *ClientKeyError
		ae  *AssertionError
		rge *RegistrationError
		cde *ClientDocumentError
	)
	switch {
	case errors.As(err, &rge):
		return rge.diagnosis()
	case errors.As(err, &cde):
		return cde.diagnosis()
	case errors.As(err, &ke):
		return ke.diagnosis()
	case errors.As(err, &ae):
		return ae.diagnosis()
	case errors.As(err, &ce):
		return diagnoseCallback(ce)
	case errors.As(err, &rue):
		return rue.diagnosis()
	case errors.As(err, &cte):
		return diagnoseCallbackTimeout(cte)
	case errors.As(err, &le):
		return diagnoseListener(le)
	case errors.As(err, &oe):
		return diagnoseOAuth(oe)
	case errors.As(err, &nme):
		return diagnoseNoMetadata(nme)
	case errors.As(err, &pe):
		return pe.diagnosis()
	case errors.As(err, &tce):
		return diagnoseTokenCheck(tce)
	case errors.As(err, &de):
		return diagnoseDecode(err, de)
	case errors.As(err, &he):
		return diagnoseHTTP(he)
	case errors.As(err, &te):
		return diagnoseTransport(te)
	case errors.Is(err, providers.ErrIssuerMismatch):
		return &Diagnosis{Code: "issuer_mismatch", What: err.Error(),
			Causes: []string{"the issuer URL differs from the one the server publishes: a trailing slash, http vs https, a missing tenant or realm path, a different host name", "a proxy or another server answers at this address"},
			Try:    []string{"set the issuer to the exact \"issuer\" value of the server's metadata document", "for Microsoft Entra ID use https://login.microsoftonline.com/TENANT/v2.0, for Keycloak https://HOST/realms/REALM"},
			Ref:    "RFC 8414 §3.3; OpenID Connect Discovery 1.0 §4.3; RFC 9700 §4.4"}
	case errors.Is(err, context.Canceled):
		return &Diagnosis{Code: "cancelled", What: err.Error(), Causes: []string{"the run was cancelled (Ctrl+C, or the step was left)"}, Try: []string{"run the flow again"}}
	}
	return &Diagnosis{Code: "unknown", What: err.Error(), Try: []string{"look at the exchange itself: {view:request} and {view:response}"}}
}

// diagnoseOAuth explains an error response, most specific first: a
// provider's own code (Entra's AADSTS numbers, Google's codes and
// messages), a redirect URI mismatch, then the standard codes.
func diagnoseOAuth(oe *OAuthError) *Diagnosis {
	what := fmt.Sprintf("The %s refused the request with %q", oe.Endpoint, oe.Code)
	if oe.Description != "" {
		what += ": " + firstLine(oe.Description)
	}
	var d *Diagnosis
	pd := deviceDiagnosis(oe, what)
	if pd == nil {
		pd = parDiagnosis(oe, what)
	}
	if pd == nil {
		pd = dpopDiagnosis(oe, what)
	}
	if pd == nil {
		pd = providerDiagnosis(oe, what)
	}
	if pd == nil {
		pd = exchangeDiagnosis(oe, what)
	}
	if pd == nil {
		pd = jwtBearerDiagnosis(oe, what)
	}
	if pd == nil {
		pd = jarDiagnosis(oe, what)
	}
	if pd == nil {
		pd = passwordDiagnosis(oe, what)
	}
	if pd != nil {
		d = pd
	} else if isRedirectMismatch(oe) {
		d = redirectMismatchAdvice.diagnosis("redirect_uri_mismatch", what)
	} else {
		d = standardAdvice(oe).diagnosis(oe.Code, what)
	}
	if pd == nil {
		d = serverWordsFirst(d, oe.Description, oe.GrantType)
	}
	if oe.URI != "" {
		d.Try = append(append([]string(nil), d.Try...), "read "+oe.URI)
	}
	return d
}

// standardAdvice returns the advice of RFC 6749 and its extensions for
// oe's code, as it applies where oe came from: access_denied at the token
// endpoint has no user behind it, and invalid_grant is about the grant
// the refused request carried (diagnose_grant.go). A code the
// specifications do not define gets the usual causes of a refusal at that
// endpoint.
func standardAdvice(oe *OAuthError) advice {
	if oe.Code == "access_denied" && oe.atTokenEndpoint() {
		return tokenAccessDenied
	}
	if oe.Code == "invalid_client" && !oe.secretSent() {
		return invalidClientNoSecret
	}
	if g, ok := invalidGrantAdvice(oe.GrantType); ok && oe.Code == "invalid_grant" {
		return g.advice()
	}
	if oe.Code == "unauthorized_client" && oe.authenticated() {
		// The client proved who it is: not a public client.
		a := oauthAdvice.Get()[oe.Code]
		a.causes = slices.DeleteFunc(slices.Clone(a.causes), func(c string) bool { return strings.HasPrefix(c, "a public client") })
		return a
	}
	if oe.Code == "invalid_request" && !oe.atTokenEndpoint() {
		return authInvalidRequest
	}
	if a, ok := oauthAdvice.Get()[oe.Code]; ok {
		return a
	}
	a := advice{ref: "RFC 6749 §5.2",
		causes: []string{oe.Code + " is a provider-specific error code, not one of RFC 6749's; its error_description and error_uri say more"},
		try:    []string{"read the error_description in {view:response}", "search the provider's documentation for the code"}}
	switch {
	case oe.HTTPStatus == 401:
		a.causes = append(a.causes, "HTTP 401 means the client's authentication failed: a wrong client id or secret, or an authentication method the client is not registered for")
		a.try = append(a.try, "check the client id and secret, and {setting:auth-method}")
	case oe.atTokenEndpoint():
		a.causes = append(a.causes, "at the token endpoint a refusal is most often about the client's credentials (secret, authentication method), the grant (a code used or expired, a refresh token revoked) or a parameter (scope, audience or resource, redirect_uri)")
		a.try = append(a.try, "check the client id and secret, and {setting:auth-method}")
		if oe.GrantType == "authorization_code" {
			a.try = append(a.try, "start the flow again for a fresh code")
		}
	default:
		a.causes = append(a.causes, "at the authorization endpoint a refusal is most often about the client (unknown client_id, redirect URI not registered), a parameter (scope, response_type), or the user (a policy, a declined consent)")
		a.try = append(a.try, "compare {view:request} with the client's registration")
	}
	return a
}

// authInvalidRequest explains invalid_request at the authorization
// endpoint (RFC 6749 §4.1.2.1), which is about the authorization request
// the browser carried, not a token request's body.
var authInvalidRequest = advice{
	causes: []string{
		"a parameter of the authorization request is missing or malformed: many servers require a scope; response_type, client_id and redirect_uri are required by RFC 6749",
		"PKCE is required for this client and code_challenge was missing, or its method is not supported",
	},
	try: []string{
		"read the error_description: servers name the parameter",
		"compare {view:request} of the authorization request with what the client is registered for",
	},
	ref: "RFC 6749 §4.1.2.1",
}

// tokenAccessDenied explains access_denied at the token endpoint, where
// RFC 6749 §5.2 does not define it and no user takes part: the server
// refuses the client itself.
var tokenAccessDenied = advice{
	causes: []string{
		"the server refused to issue a token to this client: it is not authorized for the API, audience or scopes asked, or a server policy (a rule, an access policy) refused it",
		"some servers (Auth0 among them) answer access_denied when the client's credentials are wrong: the client secret, or the authentication method",
	},
	try: []string{
		"check the client id and secret, and {setting:auth-method}",
		"authorize the client for the API in the provider's console, and check {setting:audience} or {setting:scope}",
		"read the server's logs: they name the policy or the reason",
	},
	ref: "RFC 6749 §5.2, §4.4.2",
}

// invalidClientNoSecret explains invalid_client when the refused request
// carried no client authentication (ClientAuth "none"): the secret cannot
// be wrong if it was not sent, and a secret typed with the auth method none
// is the usual slip.
var invalidClientNoSecret = advice{
	causes: []string{
		"no client secret was sent (client authentication none): the server registered the client as confidential and requires its secret; a secret given while {setting:auth-method} is none is not sent",
		"the client id does not exist at this server, or in this tenant or realm",
	},
	try: []string{
		"give the secret with {setting:client-secret} and set {setting:auth-method} to client_secret_basic or client_secret_post",
		"for a client registered with a key instead of a secret: give the private key with {setting:client-key} and set {setting:auth-method} to private_key_jwt",
		"or register the client as public (no secret, PKCE) at the provider",
		"check that the client id belongs to this issuer",
	},
	ref: "RFC 6749 §5.2, §2.3.1; RFC 7523 §2.2",
}

// firstLine keeps the first line of a description: Entra appends trace
// and correlation IDs on the following lines.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// isRedirectMismatch tells whether an error response is about the
// redirect URI, whatever the code: servers answer invalid_request,
// invalid_grant or their own code, and name the parameter in the
// description.
func isRedirectMismatch(oe *OAuthError) bool {
	if oe.Code == "redirect_uri_mismatch" {
		return true
	}
	d := strings.ToLower(oe.Description)
	return strings.Contains(d, "redirect_uri") || strings.Contains(d, "redirect uri") || strings.Contains(d, "reply url")
}

var redirectMismatchAdvice = advice{
	causes: []string{
		"the redirect URI sent is not registered for this client exactly as written: scheme, host (127.0.0.1 is not localhost), port, path and trailing slash all count",
		"the token request's redirect_uri differs from the one in the authorization request",
		"the server does not let the port of a loopback redirect URI vary, and the listener picked a random port",
	},
	try: []string{
		"register the exact redirect URI shown in {view:request} for the client in the provider's console",
		"or set {setting:redirect-uri} to the URI already registered (e.g. http://127.0.0.1:8400/callback), so the listener uses that port and path",
	},
	ref: "RFC 6749 §3.1.2.2, §4.1.3; RFC 8252 §7.3; RFC 9700 §2.1",
}

// diagnoseDecode explains a token that is not a readable JWT.
func diagnoseDecode(err error, de *inspect.DecodeError) *Diagnosis {
	d := &Diagnosis{Code: "token_malformed", What: err.Error(), Ref: "RFC 7519 §7.2; OIDC Core §2",
		Causes: []string{"the server sent a token that is not a signed JWT (opaque, or encrypted for a key this client does not hold)", "the token was cut or altered on the way"},
		Try:    []string{"read {view:response}: the raw id_token is there", "if the ID token is encrypted (JWE), the client must register and hold the decryption key"}}
	if errors.Is(de, inspect.ErrOpaque) {
		d.Code = "token_opaque"
	}
	return d
}
