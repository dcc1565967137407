package flows

import (
	"errors"
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// passwordAdvice explains the token endpoint's refusals of the password
// grant (RFC 6749 §4.3.3, §5.2): invalid_grant is the user's credentials,
// not a code or a refresh token. Read-only after initialisation.
var passwordAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"invalid_grant": {
			causes: []string{
				"the username or the password is wrong: to the token endpoint the user's credentials are the grant (RFC 6749 §4.3.2)",
				"the account is locked, disabled, or must first change its password, accept terms or set up a second factor: none of that can happen in this request",
				"the account signs in through another provider (federation) or with a passkey, and has no password the server can check",
			},
			try: []string{
				"check {setting:username} and {setting:password}; the embedded demo's user is demo, password demo",
				"log in once in the browser with the authorization code grant: it can show what the account must do first",
			},
			ref: "RFC 6749 §4.3.2, §5.2; RFC 9700 §2.4",
		},
		"unsupported_grant_type": {
			causes: []string{
				"the server does not offer the password grant: RFC 9700 §2.4 says it MUST NOT be used, and many servers have removed it or never had it (OAuth 2.1 drops it)",
				"the grant is a feature to switch on at the server (Keycloak: Direct Access Grants on the client)",
			},
			try: []string{
				"look for password in grant_types_supported of the discovery document (the pre-flight check warns when it is missing)",
				"use the authorization code grant with PKCE instead, or the device grant for a device without a browser",
			},
			ref: "RFC 6749 §5.2; RFC 9700 §2.4; RFC 8414 §2",
		},
		"unauthorized_client": {
			causes: []string{
				"the server offers the password grant, but this client is not allowed it: it must be registered for grant type password",
			},
			try: []string{
				"allow the password grant for the client at the server, or use a client registered for it (the embedded demo's demo-legacy)",
				"better: move the client to the authorization code grant with PKCE",
			},
			ref: "RFC 6749 §5.2; RFC 9700 §2.4",
		},
	}
}}

// passwordDiagnosis explains oe when it refuses a password grant with a
// code passwordAdvice knows, else returns nil.
func passwordDiagnosis(oe *OAuthError, what string) *Diagnosis {
	if oe.GrantType != passwordGrantType {
		return nil
	}
	a, ok := passwordAdvice.Get()[oe.Code]
	if !ok {
		return nil
	}
	return serverWordsFirst(a.diagnosis(oe.Code, what), oe.Description, oe.GrantType)
}

// implicitAdvice explains the authorization endpoint's refusals of an
// implicit request (RFC 6749 §4.2.2.1).
var implicitAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"unsupported_response_type": {
			causes: []string{
				"the server does not issue tokens from the authorization endpoint: RFC 9700 §2.1.2 advises against the implicit grant and many servers have switched it off (OAuth 2.1 drops it)",
				"the server serves id_token token (OpenID Connect) but not plain token, or the other way round: the scope decides which is asked (openid asks for id_token token)",
			},
			try: []string{
				"look at response_types_supported in the discovery document",
				"use the authorization code grant with PKCE: it works for browser apps too",
			},
			ref: "RFC 6749 §4.2.2.1; RFC 9700 §2.1.2; OIDC Core §3.2.2.1",
		},
		"unauthorized_client": {
			causes: []string{
				"this client is not allowed the implicit grant: it must be registered for it (grant type implicit, response types token or id_token token)",
			},
			try: []string{
				"allow the implicit grant for the client at the server, or use a client registered for it (the embedded demo's demo-legacy)",
				"better: move the client to the authorization code grant with PKCE",
			},
			ref: "RFC 6749 §4.2.2.1; RFC 9700 §2.1.2",
		},
	}
}}

// implicitDiagnosis explains an error the implicit grant's answer
// carried when implicitAdvice knows its code, else returns nil.
func implicitDiagnosis(err error) *Diagnosis {
	var oe *OAuthError
	var ce *CallbackError
	if !errors.As(err, &oe) || errors.As(err, &ce) {
		return nil
	}
	a, ok := implicitAdvice.Get()[oe.Code]
	if !ok {
		return nil
	}
	what := fmt.Sprintf("The %s refused the request with %q", oe.Endpoint, oe.Code)
	if oe.Description != "" {
		what += ": " + firstLine(oe.Description)
	}
	return serverWordsFirst(a.diagnosis(oe.Code, what), oe.Description, oe.GrantType)
}
