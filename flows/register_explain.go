package flows

import (
	"fmt"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// registerExplain explains the client registration step (RFC 7591 §3).
var registerExplain = &Explanation{
	Purpose: "The client registers itself with the authorization server and gets a client_id (and, for a confidential client, a client_secret), instead of someone creating it by hand in a console. The run then uses that client.",
	Parties: "The client POSTs its metadata as JSON to the server's registration_endpoint (published in the discovery document). No user takes part; a server that does not allow open registration requires an initial access token, given to the developer out of band.",
	Params: []Term{
		{"redirect_uris", "where the browser may bring the answer back: here the loopback redirect of this run (RFC 8252 §7.3); required for the authorization code grant", "RFC 7591 §2"},
		{"grant_types", "the grant types the client will use, from the grant's declaration", "RFC 7591 §2, §2.1"},
		{"response_types", "the response types of its authorization requests: code for the authorization code grant", "RFC 7591 §2, §2.1"},
		{"token_endpoint_auth_method", "how the client will authenticate at the token endpoint: none for a public native client (PKCE protects its code), client_secret_basic for a confidential one", "RFC 7591 §2"},
		{"client_name", "a name for people, shown on the consent page", "RFC 7591 §2"},
		{"scope", "the scopes the client may ask for, space-separated", "RFC 7591 §2"},
		{"Authorization", "Bearer and the initial access token, when the server requires one to register", "RFC 7591 §3; RFC 6750 §2.1"},
	},
	Fields: []Term{
		{"client_id", "the new client's identifier: the run uses it from here on", "RFC 7591 §3.2.1"},
		{"client_secret", "the new client's secret, for a confidential client only: store it like a password", "RFC 7591 §3.2.1"},
		{"client_id_issued_at", "when the client_id was issued, in seconds since 1970", "RFC 7591 §3.2.1"},
		{"client_secret_expires_at", "when the secret expires, in seconds since 1970; 0 means never. Required when a secret is issued", "RFC 7591 §3.2.1"},
		{"registration_access_token", "a token for reading, changing or deleting this registration later at registration_client_uri (RFC 7592); a secret", "RFC 7591 §3.2.1; RFC 7592 §3"},
		{"registration_client_uri", "where the registration can be managed with the registration_access_token", "RFC 7591 §3.2.1; RFC 7592 §2"},
		{"token_endpoint_auth_method", "the method the server registered, which may differ from the one asked for: the run uses this one", "RFC 7591 §3.2.1"},
		{"redirect_uris", "the redirect URIs registered", "RFC 7591 §2"},
		{"grant_types", "the grant types registered", "RFC 7591 §2"},
		{"response_types", "the response types registered", "RFC 7591 §2"},
		{"client_name", "the name registered", "RFC 7591 §2"},
		{"scope", "the scopes registered", "RFC 7591 §2"},
	},
	Notice: []string{
		"The server answers 201 Created with every metadata value it registered: it may change what was asked (fewer scopes, another authentication method); the client must use what it got.",
		"A public native client registers token_endpoint_auth_method none and gets no secret: a secret in an app anyone can download would not stay secret.",
		"Open registration lets anyone create clients; many servers (Okta, Keycloak by default) require an initial access token, or allow only some metadata.",
		"Errors are JSON: invalid_redirect_uri or invalid_client_metadata, with an error_description saying which value was refused.",
	},
	Refs: []string{"RFC 7591 §2, §3.1, §3.2.1, §3.2.2", "RFC 7592 (managing the registration)", "RFC 8252 §7.3, §8.4"},
}

// registrationAdvice holds the advice for each registration error code
// (RFC 7591 §3.2.2).
var registrationAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"invalid_redirect_uri": {
			causes: []string{"a redirect URI is refused: the server allows only some schemes or hosts (https, or loopback http for native apps)", "the grant needs a redirect URI and none was sent"},
			try:    []string{"give {setting:redirect-uri} as http://127.0.0.1:PORT/callback, or leave it empty for a free loopback port", "read error_description: it says which URI was refused"},
			ref:    "RFC 7591 §3.2.2, §2; RFC 8252 §7.3",
		},
		"invalid_client_metadata": {
			causes: []string{"a metadata value is refused: a grant type, response type, authentication method or scope the server does not register", "the values contradict each other (e.g. client_credentials with token_endpoint_auth_method none)"},
			try:    []string{"read error_description: it names the value refused", "choose another flow or {setting:auth-method}", "compare with grant_types_supported and token_endpoint_auth_methods_supported in the discovery document"},
			ref:    "RFC 7591 §3.2.2, §2",
		},
		"invalid_software_statement": {
			causes: []string{"the server requires a signed software statement, which this program does not send"},
			try:    []string{"register the client in the provider's console instead"},
			ref:    "RFC 7591 §3.2.2, §2.3",
		},
	}
}}

// diagnosis explains a refused or impossible registration.
func (e *RegistrationError) diagnosis() *Diagnosis {
	switch {
	case e.NoEndpoint:
		return &Diagnosis{Code: "registration_unsupported", What: e.Error(), Ref: "RFC 7591 §3; RFC 8414 §2",
			Causes: []string{"the server does not offer dynamic client registration, or not to everyone (Google, GitHub and Entra ID have none)", "registration is switched off for this tenant or realm"},
			Try:    []string{"register a client in the provider's console and give {setting:client-id}", "turn {setting:register} off"}}
	case e.HTTPStatus == 401 || e.HTTPStatus == 403:
		d := &Diagnosis{Code: "registration_unauthorized", What: e.Error(), Ref: "RFC 7591 §3; RFC 6750 §3.1"}
		if e.TokenSent {
			d.Causes = []string{"the initial access token is wrong, expired or already used (Keycloak's are single-use by default)", "the token is not allowed to register clients of this kind"}
			d.Try = []string{"get a fresh initial access token from the provider's console and give it in " + EnvInitialAccessToken}
		} else {
			d.Causes = []string{"the server does not allow open registration: it requires an initial access token (Okta, Keycloak)"}
			d.Try = []string{"get an initial access token from the provider's console and give it in " + EnvInitialAccessToken + " or on stdin"}
		}
		return d
	}
	if a, ok := registrationAdvice.Get()[e.Code]; ok {
		return a.diagnosis(e.Code, e.Error())
	}
	return &Diagnosis{Code: "registration_refused", What: e.Error(), Ref: "RFC 7591 §3.2.2",
		Try: []string{"read the error_description in {view:response}", fmt.Sprintf("the server answered HTTP %d", e.HTTPStatus)}}
}
