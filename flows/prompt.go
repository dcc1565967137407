package flows

import "time"

// PromptKind is the kind of thing a step asks the user to do. A screen or
// a command renders every kind; a grant picks one and needs no code of its
// own in either.
type PromptKind int

// The kinds of prompt.
const (
	// PromptBrowser asks the user to open URL in a browser on this machine,
	// log in and approve; the browser is sent back to RedirectURI with the
	// answer, or the user pastes the address it lands on (RFC 6749 §4.1.1,
	// RFC 8252 §7.3).
	PromptBrowser PromptKind = iota + 1
	// PromptDeviceCode asks the user to open URL (the verification_uri) on
	// any device and enter UserCode there, or to open CompleteURI, which
	// carries the code (a QR code of it saves the typing), while the
	// client polls (RFC 8628 §3.3).
	PromptDeviceCode
)

// Prompt is what a step needs the user to do before the flow can go on: it
// is set on the Result of the step that asks, and the step declared with
// StepInfo.Waits is the one that waits for the user to have done it. The
// screen renders it as the waiting panel (with a countdown to Deadline),
// the command line prints it on stderr; neither knows which grant asked.
type Prompt struct {
	Kind PromptKind
	// Title says in a line what to do: "Log in and approve in your browser".
	Title string
	// Waiting says what the flow waits for, for a status line: "Waiting
	// for the login in the browser".
	Waiting string
	// Where says where the user acts, after the waiting step's title on a
	// status line: "in the browser", "on another device".
	Where string
	// URLName names URL: "Authorization URL", "Verification URI".
	URLName string
	// URL is the address the user opens: the authorization request
	// (RFC 6749 §4.1.1) or the verification_uri (RFC 8628 §3.2).
	URL string
	// UserCode is the code the user enters at URL (RFC 8628 §3.2
	// user_code), to be shown large; "" when there is none.
	UserCode string
	// CompleteURI is URL with the user code in it (RFC 8628 §3.3.1
	// verification_uri_complete), the address to draw as a QR code; ""
	// when the server sent none (then URL is the one to draw, if any).
	CompleteURI string
	// ExpiresIn is how long the user has, from when the prompt was made:
	// the wait for the callback, or the device code's expires_in. Deadline
	// is that moment on the flow's clock (Options.Now); both are zero when
	// the wait has no limit.
	ExpiresIn time.Duration
	Deadline  time.Time
	// Paste is set when the flow takes a pasted redirect (or code) while
	// it waits: the flow is then a Paster.
	Paste bool
	// PasteHint says what the user pastes, after "Paste": "the redirect
	// URL (or the code)"; PasteExample is what such a paste looks like:
	// "http://127.0.0.1:8080/callback?code=…&state=…". Both are set
	// with Paste.
	PasteHint    string
	PasteExample string
	// RedirectURI is where the browser brings the answer back (RFC 6749
	// §3.1.2); Listening tells whether a listener on this machine waits
	// there (RFC 8252 §7.3). Without one the user pastes the redirect.
	RedirectURI string
	Listening   bool
	// BrowserOpened tells whether a browser was started at URL; BrowserErr
	// says why none was, when one was tried.
	BrowserOpened bool
	BrowserErr    error
	// Ref cites what the prompt follows: "RFC 6749 §4.1.1".
	Ref string
	// Keeps says what stays on this machine while the user acts, a
	// sentence: "The code_verifier stays here: …".
	Keeps string
}

// pasteExample is what a pasted redirect to redirectURI looks like,
// answer being the query or the fragment that carries the answer.
func pasteExample(redirectURI, answer string) string {
	if redirectURI == "" {
		redirectURI = "http://127.0.0.1:…/callback"
	}
	return redirectURI + answer
}

// PasteOnly reports whether nothing listens for the answer and the user
// must paste it.
func (p *Prompt) PasteOnly() bool { return p.Paste && !p.Listening }

// CodeURI returns the address to draw as a QR code: CompleteURI, else URL
// when the user has a code to enter, else "".
func (p *Prompt) CodeURI() string {
	switch {
	case p.CompleteURI != "":
		return p.CompleteURI
	case p.UserCode != "":
		return p.URL
	}
	return ""
}
