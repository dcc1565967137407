package flows

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The steps of the authorization code grant (RFC 6749 §4.1) with PKCE
// (RFC 7636), after discovery.
var (
	ACAuthRequest = StepInfo{ID: "authorize", Title: "Authorization request", From: Client, To: AuthorizationServer, FrontChannel: true,
		Summary: "send the user's browser to the authorization endpoint with a PKCE challenge, state and nonce", Explain: acAuthRequestExplain}
	ACLogin = StepInfo{ID: "login", Title: "Login and consent", From: ResourceOwner, To: AuthorizationServer, Waits: true,
		Summary: "in the browser, the user logs in and approves what the client asks for", Explain: acLoginExplain}
	ACCallback = StepInfo{ID: "callback", Title: "Callback", From: AuthorizationServer, To: Client, FrontChannel: true,
		Summary: "the browser brings the code back to the client's redirect URI; state and iss are checked", Explain: acCallbackExplain}
	ACToken = StepInfo{ID: "token", Title: "Token request", From: Client, To: AuthorizationServer,
		Summary: "the client exchanges the code and its code_verifier for tokens (RFC 6749 §4.1.3)", Explain: acTokenExplain}
	ACIDToken = StepInfo{ID: "id_token", Title: "ID token", From: Client, To: AuthorizationServer,
		Summary: "verify the ID token: signature from the JWKS, iss, aud, exp, nonce, at_hash", Explain: acIDTokenExplain}
	ACUserinfo = StepInfo{ID: "userinfo", Title: "Userinfo", From: Client, To: AuthorizationServer,
		Summary: "ask the userinfo endpoint about the user with the access token (OIDC Core §5.3)", Explain: acUserinfoExplain}
	ACAPICall = StepInfo{ID: "api", Title: "API call", From: Client, To: ResourceServer,
		Summary: "call the protected API with the access token as a bearer token (RFC 6750)", Explain: acAPIExplain}
	ACRefresh = StepInfo{ID: "refresh", Title: "Refresh", From: Client, To: AuthorizationServer,
		Summary: "use the refresh token for a new access token and see what rotated (RFC 6749 §6)", Explain: acRefreshExplain}
)

// DefaultCallbackTimeout bounds the wait for the browser's callback.
const DefaultCallbackTimeout = 5 * time.Minute

// AuthRequest is the authorization request as built and sent to the
// browser (RFC 6749 §4.1.1): its URL and parameters. What the user must do
// with it is the Prompt on the same Result.
type AuthRequest struct {
	URL    string
	Params []Param
}

// StrayReporter is a flow whose callback listener ignores requests that do
// not carry the state sent; Strays is safe to call while Next waits.
type StrayReporter interface {
	Strays() Strays
}

// Paster is a flow that accepts a pasted redirect URL while it waits for
// the browser.
type Paster interface {
	Paste(input string) error
}

// AuthCode is the authorization code grant with PKCE: the user approves in
// a browser, the code comes back to a loopback listener, the client
// redeems it. Call Close when done with it.
type AuthCode struct {
	stepper

	cfg      *oauth2.Config
	listener *CallbackListener
	// live is the listener for Strays, which may be called while Next
	// runs in another goroutine.
	live     atomic.Pointer[CallbackListener]
	expect   CallbackExpect
	paste    chan Callback
	state    string
	nonce    string
	verifier string
	cb       *Callback
	// par is the par input; details the authorization_details input,
	// compacted (RFC 9396 §2).
	par, details string
	// authURL is the authorization request built by prepare, and
	// pasteOnly tells that no listener waits for its answer.
	authURL   string
	pasteOnly bool
	// requestURI is the PAR step's answer (RFC 9126 §2.2), and
	// requestURIExpiry when it expires; empty when nothing was pushed.
	requestURI       string
	requestURIExpiry time.Time
	// jar is the request-object input; requestObject the signed request
	// object sent (RFC 9101 §4), empty when the request was not signed.
	jar, requestObject string
}

// NewAuthCode prepares the grant for p.
func NewAuthCode(p providers.Provider, opts Options) *AuthCode {
	f := &AuthCode{stepper: newStepper(p, opts), paste: make(chan Callback, 1),
		par: opts.input(parInput), details: compactJSON(opts.input(authorizationDetailsInput)), jar: opts.input(requestObjectInput)}
	plan := []plannedStep{f.discovery(FlowIDAuthCode)}
	if f.par != PAROff {
		plan = append(plan, plannedStep{info: ACPushed, run: f.push, stops: true})
	}
	plan = append(plan,
		plannedStep{info: ACAuthRequest, run: f.authorize, stops: true},
		plannedStep{info: ACLogin, run: f.wait, stops: true},
		plannedStep{info: ACCallback, run: f.checkCallback, stops: true},
		plannedStep{info: ACToken, run: f.exchange, stops: true},
		plannedStep{info: ACIDToken, run: f.verifyIDToken},
		plannedStep{info: ACUserinfo, run: f.userinfo},
		plannedStep{info: ACAPICall, run: f.callAPI},
		plannedStep{info: ACRefresh, run: f.refresh},
	)
	f.setPlan(f.Close, plan...)
	return f
}

// Name implements Flow.
func (f *AuthCode) Name() string { return "Authorization code + PKCE" }

// Secrets implements Flow.
func (f *AuthCode) Secrets() []string {
	s := append([]string{f.provider.ClientSecret, f.verifier}, userinfoSecrets(f.provider)...)
	if f.cb != nil {
		s = append(s, f.cb.Code)
	}
	return append(s, f.set.secrets()...)
}

// Close stops the callback listener and the document server.
func (f *AuthCode) Close() error {
	err := f.closeDocument()
	if f.listener != nil {
		return errors.Join(f.listener.Close(), err)
	}
	return err
}

// Paste hands the flow a redirect URL (or a bare code) that the user copied
// from the browser, for when the browser cannot reach the listener (SSH,
// containers). It is safe to call while Next waits.
func (f *AuthCode) Paste(input string) error {
	cb, err := ParseCallback(input)
	if err != nil {
		return err
	}
	select {
	case f.paste <- cb:
		return nil
	default:
		return errors.New("a callback is already on its way")
	}
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (f *AuthCode) timeout() time.Duration {
	if f.opts.CallbackTimeout > 0 {
		return f.opts.CallbackTimeout
	}
	return DefaultCallbackTimeout
}

func (f *AuthCode) authorize(context.Context) Result {
	r := Result{}
	if _, err := f.prepare(); err != nil {
		return failed(r, err)
	}
	redirectURI := f.cfg.RedirectURL
	ar := &AuthRequest{URL: f.authURL}
	if f.requestURI != "" {
		ar.URL = pushedURL(f.md, f.provider.ClientID, f.requestURI)
	}
	ar.Params = append(ExplainParams(ar.URL), f.requestObjectParams(f.opts.now())...)
	// The wait, which starts right after, ends at the prompt's deadline.
	pr := LoginPrompt(ar.URL, redirectURI, !f.pasteOnly, f.timeout(), f.opts.now())
	if f.opts.OpenBrowser != nil {
		if err := f.opts.OpenBrowser(ar.URL); err != nil {
			pr.BrowserErr = err
		} else {
			pr.BrowserOpened = true
		}
	}
	r.AuthRequest, r.Prompt = ar, pr
	r.Status = Done
	if f.requestURI != "" {
		r.Notes = append(r.Notes, "the parameters were pushed first (RFC 9126): the URL holds only client_id and request_uri, so nothing of the request can be read or changed in the browser")
	}
	if f.pasteOnly {
		r.Notes = append(r.Notes, "the redirect URI "+redirectURI+" is not a loopback address this program can listen on: after approving, copy the address the browser lands on (it holds code and state) and paste it")
	} else {
		r.Notes = append(r.Notes, "the callback listener waits on "+redirectURI)
	}
	if !providers.Supports(f.md.CodeChallengeMethodsSupported, "S256") {
		r.Notes = append(r.Notes, "the server does not list S256 in code_challenge_methods_supported; PKCE is sent anyway (RFC 9700 §2.1.1)")
	}
	r.Notes = append(r.Notes, f.detailsTypeNotes()...)
	r.Notes = append(r.Notes, f.jarNotes()...)
	return r
}

// LoginPrompt is the prompt of the authorization request with PKCE
// (RFC 6749 §4.1.1, RFC 7636): log in at authURL in a browser; the answer
// comes back to redirectURI, where a listener waits unless listening is
// false (then the user pastes it), until expiresIn from now.
func LoginPrompt(authURL, redirectURI string, listening bool, expiresIn time.Duration, now time.Time) *Prompt {
	return &Prompt{
		Kind:        PromptBrowser,
		Title:       "Log in and approve in your browser",
		Waiting:     "Waiting for the login in the browser",
		Where:       "in the browser",
		URLName:     "Authorization URL",
		URL:         authURL,
		ExpiresIn:   expiresIn,
		Deadline:    now.Add(expiresIn),
		Paste:       true,
		RedirectURI: redirectURI,
		Listening:   listening,
		Ref:         "RFC 6749 §4.1.1",
		Keeps:       "The code_verifier stays here: only its hash, code_challenge, is in the URL.",

		PasteHint:    "the redirect URL (or the code)",
		PasteExample: pasteExample(redirectURI, "?code=…&state=…"),
	}
}

func (f *AuthCode) wait(ctx context.Context) Result {
	r := Result{}
	timer := time.NewTimer(f.timeout())
	defer timer.Stop()
	// With no listener (paste-only mode) the nil channel never delivers.
	var callbacks <-chan Callback
	if f.listener != nil {
		callbacks = f.listener.Callbacks()
	}
	select {
	case cb := <-callbacks:
		f.cb = &cb
		r.Exchanges = []Exchange{cb.Exchange}
		r.Status = Done
		r.Notes = append(r.Notes, "the browser came back to the listener")
	case cb := <-f.paste:
		f.cb = &cb
		r.Status = Done
		r.Notes = append(r.Notes, "the redirect was pasted by hand")
	case <-timer.C:
		r = failed(r, &CallbackTimeoutError{After: f.timeout(), RedirectURI: f.cfg.RedirectURL, AuthURL: f.cfg.Endpoint.AuthURL,
			PortChosen: f.listener != nil && f.listener.PortChosen(), RequestURI: f.requestURI != ""})
	case <-ctx.Done():
		r = failed(r, fmt.Errorf("callback: waiting cancelled: %w", context.Cause(ctx)))
		r.Diagnosis.Causes = []string{"the wait was stopped before the browser came back"}
		r.Diagnosis.Try = []string{"run the flow again and finish the login in the browser, or paste the redirect URL ({setting:manual})"}
	}
	f.noteStrays(&r)
	return r
}

// Strays reports the requests the callback listener ignored so far:
// requests without the state sent, which do not end the wait. Unlike the
// other methods it is safe to call while Next waits for the callback, so
// that a screen can count them as they come.
func (f *AuthCode) Strays() Strays {
	if l := f.live.Load(); l != nil {
		return l.Strays()
	}
	return Strays{}
}

// noteStrays puts the ignored requests on the login step's result.
func (f *AuthCode) noteStrays(r *Result) {
	s := f.Strays()
	if s.Count == 0 {
		return
	}
	r.Strays = &s
	r.Notes = append(r.Notes, s.Note())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (f *AuthCode) checkCallback(context.Context) Result {
	r := Result{Status: Done}
	cb := f.cb
	if cb == nil {
		return failed(r, errors.New("callback: none received"))
	}
	r.Callback = cb
	// The listener checked the state already; a pasted redirect is
	// checked here, and the path only for what reached the listener.
	path := ""
	if !cb.Pasted && f.listener != nil {
		path = f.listener.path
	}
	notes, err := judgeCallback(*cb, f.expect, path)
	r.Notes = append(r.Notes, notes...)
	if err != nil {
		return failed(r, err)
	}
	return r
}
