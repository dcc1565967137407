package flows

import "strings"

// parDiagnosis explains the refusals that pushed authorization requests
// (RFC 9126) and rich authorization requests (RFC 9396) bring, or returns
// nil for another error.
func parDiagnosis(oe *OAuthError, what string) *Diagnosis {
	desc := strings.ToLower(oe.Description)
	switch {
	case oe.Code == "invalid_request_uri":
		return parRequestURIAdvice.diagnosis(oe.Code, what)
	case oe.Code == "invalid_authorization_details":
		return rarAdvice.diagnosis(oe.Code, what)
	case oe.Endpoint == parEndpoint && oe.Code == "invalid_request":
		return parInvalidRequestAdvice.diagnosis(oe.Code, what)
	case oe.Endpoint != parEndpoint && !oe.atTokenEndpoint() && oe.Code == "invalid_request" &&
		(strings.Contains(desc, "pushed authorization") || strings.Contains(desc, "rfc 9126")):
		return parRequiredAdvice.diagnosis("par_required", what)
	}
	return nil
}

var parRequestURIAdvice = advice{
	causes: []string{
		"the request_uri was already used: the server accepts a pushed request once, so opening the same authorization URL again (a second tab, the back button, a reload, a copied link) fails",
		"the request_uri expired: it lives expires_in seconds (often a minute) from the push, and the browser reached the authorization endpoint later",
		"the request_uri is unknown to the server, or was pushed by another client_id than the one in the URL",
	},
	try: []string{
		"run the flow again: each run pushes a fresh request_uri; open its URL once, soon",
		"compare the client_id of the authorization URL with the client that pushed the request",
	},
	ref: "RFC 9126 §4, §7.3; RFC 9101 §7 (invalid_request_uri)",
}

var parInvalidRequestAdvice = advice{
	causes: []string{
		"the pushed authorization request endpoint refused a parameter, just as the authorization endpoint would: the error_description names it (a redirect_uri, a scope, response_type, PKCE)",
		"the pushed request itself carried a request_uri, which RFC 9126 §2.1 forbids",
	},
	try: []string{
		"read the error_description in {view:response}",
		"compare the form in {view:request} with what the client is registered for",
	},
	ref: "RFC 9126 §2.1, §2.3",
}

var parRequiredAdvice = advice{
	causes: []string{
		"the server requires this client to push its authorization requests first (require_pushed_authorization_requests in the client's registration, RFC 9126 §6), and the request came through the browser instead",
		"the server's metadata may not say so: a per-client requirement is visible only in the client's registration",
	},
	try: []string{
		"set {setting:par} to on",
	},
	ref: "RFC 9126 §5, §6",
}

var rarAdvice = advice{
	causes: []string{
		"an authorization_details object has a type the server does not know (see authorization_details_types_supported in its metadata), or a member its type does not allow",
		"the client is not allowed to ask for that type, or the values (an amount, a location) are refused by policy",
	},
	try: []string{
		"compare the types in {setting:authorization-details} with the server's authorization_details_types_supported (the Discovery step)",
		"read the error_description: servers name the object or the member at fault",
	},
	ref: "RFC 9396 §5, §10",
}

// diagnosis explains a pushed authorization request that could not be made.
func (e *PARError) diagnosis() *Diagnosis {
	d := &Diagnosis{Code: e.Code, What: e.Error(), Ref: "RFC 9126 §5; RFC 8414 §2"}
	switch {
	case e.Code == "par_no_endpoint" && e.Required:
		d.Causes = []string{"the server's metadata requires PAR but names no endpoint for it: its metadata is incomplete"}
		d.Try = []string{"look up the endpoint in the provider's documentation; the authorization request cannot go through the browser alone"}
	case e.Code == "par_no_endpoint":
		d.Causes = []string{"the server does not support pushed authorization requests (RFC 9126), or does not announce its endpoint"}
		d.Try = []string{"set {setting:par} to auto or off, so that the authorization request goes through the browser"}
	default:
		d.Causes = []string{"the server answered the push without the request_uri the authorization request needs"}
		d.Try = []string{"read {view:response}", "set {setting:par} to off if the server's PAR support is broken"}
		d.Ref = "RFC 9126 §2.2"
	}
	return d
}
