package flows

import (
	"crypto/subtle"
	"fmt"
)

// CallbackExpect is what tells the authorization response to this flow's
// request from any other request: the state sent (RFC 6749 §4.1.1,
// §10.12) and the issuer it must name (RFC 9207).
type CallbackExpect struct {
	// State is the state sent in the authorization request. The listener
	// takes only a request that carries exactly this state; an empty
	// State matches nothing.
	State string
	// Issuer is the issuer identifier the flow talks to; a response whose
	// iss differs is refused (RFC 9207 §2.4). Empty when unknown (no
	// discovery).
	Issuer string
	// RequireIss is set when the server's metadata says
	// authorization_response_iss_parameter_supported: true; a response
	// without iss is then refused (RFC 9207 §2.4, §3).
	RequireIss bool
	// Fragment is set when the response comes in the redirect URI's
	// fragment (the implicit grant, RFC 6749 §4.2.2), which a browser
	// never sends: the listener serves a page that posts the fragment
	// back, and takes only a POST that carries State (see
	// callback_fragment.go).
	Fragment bool
}

// stateMatches compares a received state with the one sent, in constant
// time. An empty state on either side never matches: a request without
// state must not skip the comparison.
func stateMatches(got, want string) bool {
	if got == "" || want == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// CallbackError is a callback that must be refused.
type CallbackError struct {
	Problem string
	Ref     string
	// Code names the diagnosis: "callback" (state), "callback_path",
	// "iss_mismatch", "iss_missing", "callback_incomplete".
	Code string
	// Provider is the error response the callback carried, if any, so
	// that what the provider said is not lost behind our refusal.
	Provider *OAuthError
	// Causes and Try, when set, replace the generic advice.
	Causes, Try []string
}

func (e *CallbackError) Error() string { return "callback: " + e.Problem }

// Unwrap returns the provider's error response carried by the callback.
func (e *CallbackError) Unwrap() error {
	if e.Provider == nil {
		return nil
	}
	return e.Provider
}

func diagnoseCallback(ce *CallbackError) *Diagnosis {
	d := &Diagnosis{Code: ce.Code, What: ce.Problem, Ref: ce.Ref, Causes: ce.Causes, Try: ce.Try}
	if d.Code == "" {
		d.Code = "callback"
	}
	if len(d.Causes) == 0 {
		d.Causes = []string{"the redirect came from another attempt, another tab, or someone else", "the redirect URL was copied incompletely"}
	}
	if len(d.Try) == 0 {
		d.Try = []string{"start the flow again and finish it in one browser tab", "when pasting, copy the whole address bar"}
	}
	return d
}

// providerError returns the error response a callback carries, or nil
// (RFC 6749 §4.1.2.1).
func (cb Callback) providerError() *OAuthError {
	if cb.Error == "" {
		return nil
	}
	return &OAuthError{Endpoint: "authorization endpoint", Code: cb.Error, Description: cb.ErrorDescription, URI: cb.ErrorURI}
}

// andProvider appends what the provider answered to a refusal's sentence.
func andProvider(problem string, pe *OAuthError) string {
	if pe == nil {
		return problem
	}
	s := fmt.Sprintf("%s; the provider answered %q", problem, pe.Code)
	if pe.Description != "" {
		s += fmt.Sprintf(": %q", firstLine(pe.Description))
	}
	return s
}

// judgeCallback checks an authorization response (RFC 6749 §4.1.2) in the
// order that keeps a forged one from steering the flow: the state first
// (an error without the right state is nobody's answer to us), then the
// path it came to (when path is set: the listener's), then iss
// (RFC 9207 §2.4), then the provider's error, then the code. It returns
// what passed as notes, and the first refusal.
func judgeCallback(cb Callback, want CallbackExpect, path string) ([]string, error) {
	var notes []string
	pe := cb.providerError()
	bare := cb.Pasted && cb.State == "" && cb.Code != "" && cb.Code == cb.URL
	switch {
	case bare:
		notes = append(notes, "state could not be checked: a bare code was pasted")
	case !stateMatches(cb.State, want.State):
		return notes, &CallbackError{Ref: "RFC 6749 §10.12", Provider: pe,
			Problem: andProvider("state mismatch: the callback's state is not the one this flow sent; it may be a forged request (CSRF) or a response to an older attempt in another tab", pe)}
	default:
		notes = append(notes, "state matches what was sent")
	}
	if path != "" && cb.Path != path {
		return notes, &CallbackError{Code: "callback_path", Ref: "RFC 6749 §3.1.2, §4.1.2; RFC 8252 §7.3", Provider: pe,
			Problem: andProvider(fmt.Sprintf("the authorization response came back to path %q, but the redirect URI sent has path %q", cb.Path, path), pe),
			Causes: []string{
				fmt.Sprintf("the provider redirected to the redirect URI registered for the client (path %q), not to the one in the request (path %q): the two differ", cb.Path, path),
				"some providers send an error such as redirect_uri_mismatch to the registered redirect URI",
			},
			Try: []string{
				fmt.Sprintf("pass the registered redirect URI (same port, path %q) with {setting:redirect-uri}", cb.Path),
				fmt.Sprintf("or register the redirect URI with path %q for the client", path),
			}}
	}
	if cb.Iss != "" && want.Issuer != "" && cb.Iss != want.Issuer {
		return notes, &CallbackError{Code: "iss_mismatch", Ref: "RFC 9207 §2.4", Provider: pe,
			Problem: andProvider(fmt.Sprintf("iss mismatch: the callback names issuer %q, this flow talks to %q; this is the mix-up attack RFC 9207 guards against", cb.Iss, want.Issuer), pe),
			Causes:  []string{"the response came from another authorization server than the one this flow sent the user to (a mix-up attack), or was altered on the way", "the issuer configured differs from the one the server names in its responses"},
			Try:     []string{"do not use this response; start the flow again", "check that the issuer configured is the server's exact issuer identifier"}}
	}
	switch {
	case cb.Iss == "" && want.RequireIss && bare:
		notes = append(notes, "iss could not be checked: a bare code was pasted, and the server sends iss with its responses (RFC 9207)")
	case cb.Iss == "" && want.RequireIss:
		return notes, &CallbackError{Code: "iss_missing", Ref: "RFC 9207 §2.4", Provider: pe,
			Problem: andProvider("the callback has no iss, but the server's metadata says authorization_response_iss_parameter_supported: true, so every response it sends carries one; a response without it must be refused (mix-up defence)", pe),
			Causes:  []string{"the response did not come from this server (a mix-up attack), or a proxy dropped the parameter", "the redirect URL was copied without its iss parameter"},
			Try:     []string{"start the flow again; when pasting, copy the whole address bar"}}
	}
	if pe != nil {
		return notes, pe
	}
	if cb.Code == "" {
		return notes, &CallbackError{Code: "callback_incomplete", Ref: "RFC 6749 §4.1.2",
			Problem: "the callback has no code and no error: the redirect URL is incomplete"}
	}
	if cb.Iss != "" && want.Issuer != "" {
		notes = append(notes, "iss matches the issuer (RFC 9207)")
	}
	return notes, nil
}
