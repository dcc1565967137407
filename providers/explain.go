package providers

import "github.com/oauth-explorer/oauth-explorer/internal/lazy"

// Explain returns a one-line explanation of a metadata member (RFC 8414 §2,
// OpenID Connect Discovery 1.0 §3 and the RFCs that register members since),
// or "" for a member it does not know.
func Explain(field string) string {
	return explanations.Get()[field]
}

// explanations is built on first use and read-only after.
var explanations = lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		// RFC 8414 §2 and OpenID Connect Discovery 1.0 §3.
		"issuer":                                "the server's identifier; tokens carry it as \"iss\" and it must equal the issuer the client was configured with (RFC 8414 §2)",
		"authorization_endpoint":                "where the browser is sent to log the user in and approve the client (RFC 6749 §3.1)",
		"token_endpoint":                        "where the client trades a grant (code, refresh token, its own credentials) for tokens (RFC 6749 §3.2)",
		"jwks_uri":                              "the server's public signing keys (JWK Set, RFC 7517) used to verify ID tokens and JWT access tokens",
		"userinfo_endpoint":                     "returns claims about the logged-in user for an access token (OpenID Connect Core §5.3)",
		"registration_endpoint":                 "lets clients register themselves dynamically (RFC 7591)",
		"scopes_supported":                      "scopes the server announces; it may accept others (RFC 8414 §2)",
		"response_types_supported":              "what the authorization endpoint can return: \"code\" is the authorization code flow (RFC 6749 §3.1.1)",
		"response_modes_supported":              "how the authorization response is delivered: query, fragment, form_post (OAuth 2.0 Multiple Response Types)",
		"grant_types_supported":                 "grants the token endpoint accepts; absent means authorization_code and implicit (RFC 8414 §2)",
		"token_endpoint_auth_methods_supported": "how clients may authenticate at the token endpoint: client_secret_basic, client_secret_post, private_key_jwt, none… (RFC 8414 §2); absent means client_secret_basic",
		"token_endpoint_auth_signing_alg_values_supported":         "signing algorithms accepted for client assertions (private_key_jwt, client_secret_jwt; RFC 7523)",
		"service_documentation":                                    "human-readable documentation for developers",
		"ui_locales_supported":                                     "languages the login pages can be shown in (BCP 47 tags)",
		"op_policy_uri":                                            "the server's policy on how clients may use the data it provides",
		"op_tos_uri":                                               "the server's terms of service",
		"revocation_endpoint":                                      "where a client revokes a token it no longer needs (RFC 7009)",
		"revocation_endpoint_auth_methods_supported":               "how clients authenticate at the revocation endpoint (RFC 8414 §2)",
		"revocation_endpoint_auth_signing_alg_values_supported":    "signing algorithms for client assertions at the revocation endpoint (RFC 8414 §2)",
		"introspection_endpoint":                                   "where a resource server asks whether a token is active and what it grants (RFC 7662)",
		"introspection_endpoint_auth_methods_supported":            "how callers authenticate at the introspection endpoint (RFC 8414 §2)",
		"introspection_endpoint_auth_signing_alg_values_supported": "signing algorithms for client assertions at the introspection endpoint (RFC 8414 §2)",
		"introspection_signing_alg_values_supported":               "algorithms for signed JWT introspection responses (RFC 9701)",
		"code_challenge_methods_supported":                         "PKCE methods accepted: S256 hashes the verifier, plain sends it as is (RFC 7636 §4.2); absent means PKCE may not be supported",
		"signed_metadata":                                          "the metadata as a signed JWT, vouched for by the issuer (RFC 8414 §2.1)",

		// OpenID Connect Discovery 1.0 §3.
		"acr_values_supported":                           "authentication context classes (assurance levels) the server can satisfy",
		"subject_types_supported":                        "\"public\" gives every client the same \"sub\" for a user, \"pairwise\" a different one per client (OpenID Connect Core §8)",
		"id_token_signing_alg_values_supported":          "algorithms the server signs ID tokens with; RS256 is always among them (OpenID Connect Discovery 1.0 §3)",
		"id_token_encryption_alg_values_supported":       "key-management algorithms for encrypted ID tokens (JWE)",
		"id_token_encryption_enc_values_supported":       "content-encryption algorithms for encrypted ID tokens (JWE)",
		"userinfo_signing_alg_values_supported":          "algorithms for signed userinfo responses (a JWT instead of JSON)",
		"userinfo_encryption_alg_values_supported":       "key-management algorithms for encrypted userinfo responses",
		"userinfo_encryption_enc_values_supported":       "content-encryption algorithms for encrypted userinfo responses",
		"request_object_signing_alg_values_supported":    "algorithms accepted for signed request objects (RFC 9101)",
		"request_object_encryption_alg_values_supported": "key-management algorithms accepted for encrypted request objects",
		"request_object_encryption_enc_values_supported": "content-encryption algorithms accepted for encrypted request objects",
		"display_values_supported":                       "how the login page can be shown: page, popup, touch, wap",
		"claim_types_supported":                          "normal, aggregated or distributed claims (OpenID Connect Core §5.6)",
		"claims_supported":                               "claims the server may return about a user; a hint, not a promise",
		"claims_locales_supported":                       "languages claim values can be returned in",
		"claims_parameter_supported":                     "whether the client may ask for individual claims with the \"claims\" parameter (OpenID Connect Core §5.5)",
		"request_parameter_supported":                    "whether the authorization request may be passed as a JWT in \"request\" (RFC 9101)",
		"request_uri_parameter_supported":                "whether the authorization request may be passed by reference in \"request_uri\" (RFC 9101)",
		"require_request_uri_registration":               "whether request_uri values must be registered in advance",
		"require_signed_request_object":                  "whether authorization requests must be signed request objects (RFC 9101 §10.5)",
		"prompt_values_supported":                        "values accepted for \"prompt\": none, login, consent, select_account, create",

		// Session management and logout.
		"end_session_endpoint":                  "where the client sends the browser to log the user out (OpenID Connect RP-Initiated Logout 1.0)",
		"check_session_iframe":                  "an iframe that tells the client whether the login session changed (OpenID Connect Session Management 1.0)",
		"frontchannel_logout_supported":         "the server can log clients out by loading their logout page in the browser (OpenID Connect Front-Channel Logout 1.0)",
		"frontchannel_logout_session_supported": "front-channel logout requests carry iss and sid",
		"backchannel_logout_supported":          "the server can tell clients directly, server to server, that a user logged out (OpenID Connect Back-Channel Logout 1.0)",
		"backchannel_logout_session_supported":  "back-channel logout tokens carry sid",

		// Later RFCs and extensions.
		"device_authorization_endpoint":                                   "where a device without a browser gets a user code for the user to enter elsewhere (RFC 8628 §3.1)",
		"pushed_authorization_request_endpoint":                           "where the client posts its authorization request first and gets a request_uri for the browser (PAR, RFC 9126)",
		"require_pushed_authorization_requests":                           "whether authorization requests must go through PAR first (RFC 9126 §5)",
		"authorization_response_iss_parameter_supported":                  "the callback carries \"iss\", so the client can detect a mix-up attack (RFC 9207)",
		"dpop_signing_alg_values_supported":                               "algorithms accepted for DPoP proofs, which bind tokens to a key the client holds (RFC 9449)",
		"tls_client_certificate_bound_access_tokens":                      "access tokens can be bound to the client's TLS certificate (RFC 8705 §3)",
		"mtls_endpoint_aliases":                                           "endpoints to use when authenticating with a TLS client certificate (RFC 8705 §5)",
		"client_id_metadata_document_supported":                           "the server takes a client_id that is an https URL, whose client metadata document it fetches (draft-ietf-oauth-client-id-metadata-document §6)",
		"authorization_details_types_supported":                           "types of fine-grained authorization_details accepted (RAR, RFC 9396)",
		"authorization_signing_alg_values_supported":                      "algorithms for JWT-secured authorization responses (JARM)",
		"authorization_encryption_alg_values_supported":                   "key-management algorithms for encrypted JARM responses",
		"authorization_encryption_enc_values_supported":                   "content-encryption algorithms for encrypted JARM responses",
		"backchannel_authentication_endpoint":                             "where a client starts a decoupled login on the user's own device (CIBA)",
		"backchannel_token_delivery_modes_supported":                      "how CIBA tokens reach the client: poll, ping or push",
		"backchannel_authentication_request_signing_alg_values_supported": "algorithms for signed CIBA requests",
		"backchannel_user_code_parameter_supported":                       "whether CIBA requests may carry a user code",
		"protected_resources":                                             "resource servers that accept this server's tokens (RFC 9728 §4)",
	}
}}
