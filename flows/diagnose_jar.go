package flows

import "strings"

// jarDiagnosis explains the refusals that signed request objects (RFC
// 9101) bring, or returns nil for another error: a request object the
// server would not accept, a server that takes none, and a client that
// must sign its requests and did not.
func jarDiagnosis(oe *OAuthError, what string) *Diagnosis {
	desc := strings.ToLower(oe.Description)
	switch {
	case oe.Code == "invalid_request_object":
		return jarInvalidAdvice.diagnosis(oe.Code, what)
	case oe.Code == "request_not_supported":
		return jarNotSupportedAdvice.diagnosis(oe.Code, what)
	case !oe.atTokenEndpoint() && oe.Code == "invalid_request" &&
		(strings.Contains(desc, "signed request object") || strings.Contains(desc, "rfc 9101")):
		return jarRequiredAdvice.diagnosis("jar_required", what)
	}
	return nil
}

var jarInvalidAdvice = advice{
	causes: []string{
		"the signature does not verify with the public key the server holds for the client: the request object was signed with another key than the one registered (the client key of private_key_jwt signs it here)",
		"aud is not the server's issuer, or iss is not the client_id (RFC 9101 §4)",
		"the request object expired (exp) before the browser reached the server, or its jti was seen before (replay)",
		"it was signed with an algorithm the server does not list in request_object_signing_alg_values_supported",
	},
	try: []string{
		"read the error_description: servers name the check that failed",
		"give the key whose public half is registered for the client with {setting:client-key} ({setting:client-key-id} for its kid)",
		"compare the request.* claims in {view:request} with the server's issuer",
		"run the flow again and open the URL at once: each run signs a fresh request object",
	},
	ref: "RFC 9101 §4, §6.2, §6.3; OpenID Connect Core §3.1.2.6",
}

var jarNotSupportedAdvice = advice{
	causes: []string{
		"the server does not accept request objects by value (request_parameter_supported is false or absent in its metadata)",
	},
	try: []string{
		"set {setting:request-object} to off",
		"or push the request with {setting:par} on: some servers take request objects only through PAR",
	},
	ref: "RFC 9101 §6; OpenID Connect Core §3.1.2.6; OpenID Connect Discovery 1.0 §3",
}

var jarRequiredAdvice = advice{
	causes: []string{
		"the server requires this client to sign its authorization requests (require_signed_request_object in the client's registration or the server's metadata, RFC 9101 §10.5), and the request was sent in plain parameters",
		"the server's metadata may not say so: a per-client requirement is visible only in the client's registration",
	},
	try: []string{
		"set {setting:request-object} to on, with the client's key in {setting:client-key}",
	},
	ref: "RFC 9101 §10.5",
}
