package flows

import (
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// exchangeAdvice explains the token endpoint's refusals of a token
// exchange (RFC 8693 §2.2.2), which mean more than RFC 6749's words say:
// invalid_request is also the answer to a subject or actor token the
// server will not take, and invalid_target to a target it will not issue
// for. Read-only after initialisation.
var exchangeAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"invalid_request": {
			causes: []string{
				"the subject_token (or actor_token) is not one the server accepts: expired, revoked, issued by another server, or by an earlier run of the embedded demo provider, whose keys and tokens are new at each start",
				"subject_token_type (or actor_token_type) does not say what the token is: an ID token sent as an access token, a type the server does not take",
				"a parameter is missing or repeated: subject_token_type without a subject_token, actor_token without actor_token_type",
				"the server's policy refuses this exchange: this client may not exchange for this subject, or the subject token's may_act does not name the actor (RFC 8693 §4.4)",
			},
			try: []string{
				"read the error_description: servers name the parameter they refused",
				"get a fresh subject token from the same issuer, and exchange it at once ({view:claims} of the Subject token step shows its iss and exp)",
				"set {setting:subject-token-type} to the type the token really is",
				"try without the actor token: if that works, the server refuses this actor (delegation policy, may_act)",
			},
			ref: "RFC 8693 §2.2.2, §2.1",
		},
		"invalid_target": {
			causes: []string{
				"the server does not know the audience or resource asked for, or will not issue a token for it to this client",
				"the audience is the API's name at another server, or the resource its URL with a different path or a trailing slash",
			},
			try: []string{
				"ask for a target the server knows: set {setting:audience} (or the resource) to the API's identifier as the server registers it",
				"leave audience and resource empty to let the server choose the target",
				"allow this client to exchange tokens for that target in the server's configuration",
			},
			ref: "RFC 8693 §2.2.2; RFC 8707 §2",
		},
		"unsupported_grant_type": {
			causes: []string{
				"the server does not implement token exchange: RFC 8693 is an extension, and many servers do not offer it or offer it under their own name (Entra ID's on-behalf-of flow uses the JWT bearer grant instead)",
				"token exchange is a feature to switch on: in Keycloak, enable standard token exchange on the client",
			},
			try: []string{
				"look for urn:ietf:params:oauth:grant-type:token-exchange in grant_types_supported of the discovery document (the pre-flight check warns when it is missing)",
				"enable token exchange at the server, or pick another flow",
			},
			ref: "RFC 8693 §2.1; RFC 6749 §5.2; RFC 8414 §2",
		},
		"unauthorized_client": {
			causes: []string{
				"the client is not allowed the token exchange grant",
				"the client may use token exchange, but not for this subject token's client or user, nor for this target",
			},
			try: []string{
				"enable token exchange for the client in the server's configuration, or use a client registered for it",
				"check which clients' tokens this client may exchange",
			},
			ref: "RFC 8693 §2.2.2; RFC 6749 §5.2",
		},
		"invalid_scope": {
			causes: []string{
				"a scope asked is not in the subject token: servers let an exchange narrow the scope, rarely widen it",
				"the client may not ask for one of the scopes at all",
			},
			try: []string{
				"ask for a part of the subject token's scope ({view:claims} of the Subject token step), or for no scope to get the server's choice",
			},
			ref: "RFC 8693 §2.1, §2.2.2; RFC 6749 §3.3",
		},
		"invalid_grant": {
			causes: []string{
				"some servers answer invalid_grant for a subject token they refuse (expired, revoked, for another audience), where RFC 8693 §2.2.2 says invalid_request",
			},
			try: []string{
				"get a fresh subject token from the same issuer and exchange it at once",
			},
			ref: "RFC 8693 §2.2.2; RFC 6749 §5.2",
		},
	}
}}

// exchangeDiagnosis explains oe when it refuses a token exchange with a
// code exchangeAdvice knows, else returns nil. An invalid_target names the
// audience and resource sent.
func exchangeDiagnosis(oe *OAuthError, what string) *Diagnosis {
	if oe.GrantType != tokenExchangeGrantType {
		return nil
	}
	a, ok := exchangeAdvice.Get()[oe.Code]
	if !ok {
		return nil
	}
	d := serverWordsFirst(a.diagnosis(oe.Code, what), oe.Description, oe.GrantType)
	if oe.Code == "invalid_target" {
		var sent []string
		for _, v := range oe.Audiences {
			sent = append(sent, "audience "+clip(v, 80))
		}
		for _, v := range oe.Resources {
			sent = append(sent, "resource "+clip(v, 80))
		}
		if len(sent) == 0 {
			sent = []string{"no audience or resource (the server's default target was refused)"}
		}
		d.Causes = prepend(d.Causes, "the server refused the target sent: "+strings.Join(sent, ", "))
	}
	return d
}
