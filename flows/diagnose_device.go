package flows

import "github.com/oauth-explorer/oauth-explorer/internal/lazy"

// deviceAdvice explains the token endpoint's answers to a device grant's
// poll (RFC 8628 §3.5), which mean what the RFC says at any provider: its
// access_denied is a user pressing Deny on the verification page, unlike
// the other grants' at the token endpoint, where no user takes part.
// Read-only after initialisation.
var deviceAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"access_denied": {
			causes: []string{"the user pressed Deny on the verification page", "a policy at the server refused this user or device (the user is not assigned to the application, conditional access)"},
			try:    []string{"run the flow again and approve on the verification page", "check the user's assignment to the application"},
			ref:    "RFC 8628 §3.5",
		},
		"expired_token": {
			causes: []string{"the user did not enter and approve the code within the device code's expires_in", "the code was entered at another server or tenant than the one polled"},
			try:    []string{"run the flow again and enter the new code sooner", "open the verification URI shown, which carries the server's own address"},
			ref:    "RFC 8628 §3.5, §3.2",
		},
		"authorization_pending": {
			causes: []string{"the user has not finished at the verification URI yet; this answer should only make the device poll again"},
			try:    []string{"enter the code and approve, then let the device poll"},
			ref:    "RFC 8628 §3.5",
		},
		"slow_down": {
			causes: []string{"the device polled faster than the interval; it must add 5 seconds to it"},
			try:    []string{"poll less often: every interval plus 5 seconds per slow_down"},
			ref:    "RFC 8628 §3.5",
		},
	}
}}

// deviceDiagnosis explains oe when it answers a device grant's poll with a
// code RFC 8628 §3.5 defines, else returns nil.
func deviceDiagnosis(oe *OAuthError, what string) *Diagnosis {
	if oe.GrantType != deviceGrantType {
		return nil
	}
	a, ok := deviceAdvice.Get()[oe.Code]
	if !ok {
		return nil
	}
	return a.diagnosis(oe.Code, what)
}

// noDeviceEndpoint explains a server that publishes no device
// authorization endpoint (RFC 8414 §2 via RFC 8628 §4).
func noDeviceEndpoint(e *NoEndpointError) *Diagnosis {
	return &Diagnosis{Code: "no_endpoint", What: e.Error(),
		Causes: []string{"the server does not offer the device authorization grant, or offers it without announcing device_authorization_endpoint in its metadata (RFC 8628 §4)"},
		Try: []string{"give the endpoint by hand (device_authorization_url in the providers file), from the provider's documentation",
			"enable the device flow for the application in the provider's console (GitHub: Enable Device Flow; Keycloak: OAuth 2.0 Device Authorization Grant)"},
		Ref: "RFC 8628 §4; RFC 8414 §2"}
}
