package flows

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The steps of the implicit grant (RFC 6749 §4.2; OIDC Core §3.2) after
// discovery; the access token is then checked by VerifyAccessToken.
var (
	IMAuthRequest = StepInfo{ID: "authorize", Title: "Authorization request", From: Client, To: AuthorizationServer, FrontChannel: true,
		Summary: "send the user's browser to the authorization endpoint asking for tokens directly (response_type token), with state and nonce", Explain: imAuthRequestExplain}
	IMLogin = StepInfo{ID: "login", Title: "Login and relay", From: ResourceOwner, To: AuthorizationServer, Waits: true,
		Summary: "the user logs in and approves; the tokens come back in the URL's fragment, which a page's script posts to the listener", Explain: imLoginExplain}
	IMCallback = StepInfo{ID: "callback", Title: "Callback", From: AuthorizationServer, To: Client, FrontChannel: true,
		Summary: "check the state, then read the access token (and ID token) from the fragment: there is no token request (RFC 6749 §4.2.2)", Explain: imCallbackExplain}
	IMIDToken = StepInfo{ID: "id_token", Title: "ID token", From: Client, To: AuthorizationServer,
		Summary: "verify the ID token: signature from the JWKS, iss, aud, exp, nonce, and at_hash against the access token", Explain: imIDTokenExplain}
)

// Implicit is the implicit grant: the authorization endpoint returns the
// tokens themselves in the redirect URI's fragment. A loopback listener
// cannot see a fragment, so it serves a page that posts it back (see
// callback_fragment.go), and a user may paste the address instead. It is
// here because old systems still use it; RFC 9700 §2.1.2 says not to.
// Call Close when done with it.
type Implicit struct {
	stepper
	listener *CallbackListener
	live     atomic.Pointer[CallbackListener]
	expect   CallbackExpect
	paste    chan Callback
	state    string
	nonce    string
	redirect string
	cb       *Callback
}

// NewImplicit prepares the grant for p.
func NewImplicit(p providers.Provider, opts Options) *Implicit {
	f := &Implicit{stepper: newStepper(p, opts), paste: make(chan Callback, 1)}
	f.setPlan(f.Close,
		f.discovery(FlowIDImplicit),
		plannedStep{info: IMAuthRequest, run: f.authorize, stops: true},
		plannedStep{info: IMLogin, run: f.wait, stops: true},
		plannedStep{info: IMCallback, run: f.checkCallback, stops: true},
		plannedStep{info: IMIDToken, run: func(ctx context.Context) Result { return f.verifyIDTokenNonce(ctx, f.nonce) }},
		plannedStep{info: VerifyAccessToken, run: f.verify},
	)
	return f
}

// Name implements Flow.
func (f *Implicit) Name() string { return "Implicit" }

// Secrets implements Flow.
func (f *Implicit) Secrets() []string {
	s := append([]string{f.provider.ClientSecret}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close stops the callback listener and the document server.
func (f *Implicit) Close() error {
	err := f.closeDocument()
	if f.listener != nil {
		return errors.Join(f.listener.Close(), err)
	}
	return err
}

// Paste hands the flow the address the browser landed on, with its
// fragment (or the fragment alone), for when the browser cannot reach
// the listener. It is safe to call while Next waits.
func (f *Implicit) Paste(input string) error {
	cb, err := ParseCallback(input)
	if err != nil {
		return err
	}
	if cb.Code != "" && cb.Code == cb.URL {
		return errNoFragment
	}
	select {
	case f.paste <- cb:
		return nil
	default:
		return errors.New("a callback is already on its way")
	}
}

// Strays reports the requests the listener ignored so far; it is safe to
// call while Next waits.
func (f *Implicit) Strays() Strays {
	if l := f.live.Load(); l != nil {
		return l.Strays()
	}
	return Strays{}
}

func (f *Implicit) timeout() time.Duration {
	if f.opts.CallbackTimeout > 0 {
		return f.opts.CallbackTimeout
	}
	return DefaultCallbackTimeout
}

// responseType is what the request asks for: an ID token beside the
// access token when it is an OpenID Connect request (OIDC Core §3.2.2.1).
func (f *Implicit) responseType() string {
	if slices.Contains(f.provider.Scopes, "openid") {
		return "id_token token"
	}
	return "token"
}

func (f *Implicit) authorize(context.Context) Result {
	r := Result{}
	p := f.provider
	if f.md == nil || f.md.AuthorizationEndpoint == "" {
		return failed(r, errors.New("authorization request: the provider has no authorization endpoint (none discovered, none given)"))
	}
	if err := CheckRedirectURI(p.RedirectURI); err != nil {
		return failed(r, fmt.Errorf("authorization request: %w", err))
	}
	f.state, f.nonce = randomString(24), randomString(24)
	f.expect = CallbackExpect{State: f.state, Issuer: f.md.Issuer, Fragment: true}
	f.redirect = p.RedirectURI
	pasteOnly := f.redirect != "" && !IsLoopbackRedirect(f.redirect)
	if !pasteOnly {
		l, err := ListenCallback(p.RedirectURI, f.expect, f.opts.Now)
		if err != nil {
			return failed(r, fmt.Errorf("callback listener: %w", err))
		}
		f.listener = l
		f.live.Store(l)
		f.redirect = l.RedirectURI()
	}
	cfg := &oauth2.Config{ClientID: p.ClientID, Endpoint: oauth2.Endpoint{AuthURL: f.md.AuthorizationEndpoint}, RedirectURL: f.redirect, Scopes: p.Scopes}
	rt := f.responseType()
	opts := []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("response_type", rt), oauth2.SetAuthURLParam("nonce", f.nonce)}
	if p.Audience != "" {
		opts = append(opts, oauth2.SetAuthURLParam("audience", p.Audience))
	}
	if p.Resource != "" {
		opts = append(opts, oauth2.SetAuthURLParam("resource", p.Resource))
	}
	for k, vs := range p.AuthParams {
		for _, v := range vs {
			opts = append(opts, oauth2.SetAuthURLParam(k, v))
		}
	}
	ar := &AuthRequest{URL: cfg.AuthCodeURL(f.state, opts...)}
	ar.Params = ExplainParams(ar.URL)
	pr := LoginPrompt(ar.URL, f.redirect, !pasteOnly, f.timeout(), f.opts.now())
	pr.Ref = "RFC 6749 §4.2.1"
	pr.PasteHint, pr.PasteExample = "the address with its #fragment", pasteExample(f.redirect, "#access_token=…&state=…")
	pr.Keeps = "Nothing stays here but state and nonce: the tokens come back in the address's fragment, through the browser."
	if f.opts.OpenBrowser != nil {
		if err := f.opts.OpenBrowser(ar.URL); err != nil {
			pr.BrowserErr = err
		} else {
			pr.BrowserOpened = true
		}
	}
	r.AuthRequest, r.Prompt, r.Status = ar, pr, Done
	if pasteOnly {
		r.Notes = append(r.Notes, "the redirect URI "+f.redirect+" is not a loopback address this program can listen on: after approving, copy the whole address the browser lands on (its fragment holds the tokens) and paste it")
	} else {
		r.Notes = append(r.Notes, "the callback listener waits on "+f.redirect+"; it will serve a page that posts the fragment back")
	}
	if md := f.md; len(md.ResponseTypesSupported) > 0 && !providers.Supports(md.ResponseTypesSupported, rt) {
		r.Notes = append(r.Notes, fmt.Sprintf("the server does not list %q in response_types_supported: expect unsupported_response_type", rt))
	}
	return r
}

func (f *Implicit) wait(ctx context.Context) Result {
	r := Result{}
	timer := time.NewTimer(f.timeout())
	defer timer.Stop()
	var callbacks <-chan Callback
	if f.listener != nil {
		callbacks = f.listener.Callbacks()
	}
	select {
	case cb := <-callbacks:
		f.cb = &cb
		if cb.Relay != nil {
			r.Exchanges = append(r.Exchanges, *cb.Relay)
		}
		r.Exchanges = append(r.Exchanges, cb.Exchange)
		r.Status = Done
		r.Notes = append(r.Notes, "the browser came back to the listener, and the page's script posted the fragment to it")
	case cb := <-f.paste:
		f.cb = &cb
		r.Status = Done
		r.Notes = append(r.Notes, "the redirect was pasted by hand")
	case <-timer.C:
		r = failed(r, &CallbackTimeoutError{After: f.timeout(), RedirectURI: f.redirect, AuthURL: f.md.AuthorizationEndpoint,
			PortChosen: f.listener != nil && f.listener.PortChosen()})
	case <-ctx.Done():
		r = failed(r, fmt.Errorf("callback: waiting cancelled: %w", context.Cause(ctx)))
		r.Diagnosis.Causes = []string{"the wait was stopped before the browser came back"}
		r.Diagnosis.Try = []string{"run the flow again and finish the login in the browser, or paste the address it lands on ({setting:manual})"}
	}
	if s := f.Strays(); s.Count > 0 {
		r.Strays = &s
		r.Notes = append(r.Notes, s.Note())
	}
	return r
}

// checkCallback judges the answer and reads the tokens from it: in this
// grant the callback is the token response (RFC 6749 §4.2.2).
func (f *Implicit) checkCallback(context.Context) Result {
	r := Result{Status: Done}
	cb := f.cb
	if cb == nil {
		return failed(r, errors.New("callback: none received"))
	}
	r.Callback = cb
	notes, err := judgeFragment(*cb, f.expect)
	r.Notes = append(r.Notes, notes...)
	if err != nil {
		r = failed(r, err)
		if d := implicitDiagnosis(err); d != nil {
			r.Diagnosis = Masker{}.Diagnosis(d)
		}
		return r
	}
	tr := fragmentToken(rawParams(cb.URL), f.opts.now())
	r.Token, r.Tokens = tr, f.keep(IMCallback.ID, tr)
	if err := checkTokenResponse("authorization endpoint", tr); err != nil {
		return failed(r, err)
	}
	if !strings.EqualFold(tr.TokenType, "bearer") {
		r.Notes = append(r.Notes, fmt.Sprintf("token_type is %q, not Bearer (RFC 6749 §4.2.2 requires it)", tr.TokenType))
	}
	if tr.RefreshToken != "" {
		r.Notes = append(r.Notes, "the fragment carries a refresh_token, which RFC 6749 §4.2.2 forbids in this grant")
	} else {
		r.Notes = append(r.Notes, "no refresh token: the implicit grant never issues one (RFC 6749 §4.2.2); a new token means another trip through the browser")
	}
	if f.responseType() == "id_token token" && tr.IDToken == "" {
		r.Notes = append(r.Notes, "no id_token in the fragment, though response_type id_token token asked for one (OIDC Core §3.2.2.5)")
	}
	if n := scopeNote(f.provider.Scopes, tr.Scope, false); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return r
}

// verify runs the Verify token step on the access token obtained.
func (f *Implicit) verify(ctx context.Context) Result {
	return verifyAccessToken(ctx, f.client, f.rec, f.md, f.provider, f.tok, f.opts)
}

// rawParams returns the parameters of a redirect as they were written:
// the escaped fragment of a URL, or its query when it has none, or a bare
// parameter string.
func rawParams(raw string) string {
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err == nil && strings.Contains(raw, "://") {
		if u.Fragment != "" {
			return u.EscapedFragment()
		}
		return u.RawQuery
	}
	return strings.TrimPrefix(strings.TrimPrefix(raw, "#"), "?")
}

// fragmentToken reads the token response of an implicit grant from the
// fragment's parameters (RFC 6749 §4.2.2), keeping their order.
func fragmentToken(params string, now time.Time) *TokenResponse {
	fields, js := orderedFields("application/x-www-form-urlencoded", []byte(params))
	tr := &TokenResponse{
		AccessToken: stringField(fields, "access_token"), TokenType: stringField(fields, "token_type"),
		RefreshToken: stringField(fields, "refresh_token"), IDToken: stringField(fields, "id_token"),
		Scope: stringField(fields, "scope"), Obtained: now, Fields: fields, JSON: js,
	}
	tr.ExpiresIn = expiresIn(fields)
	if tr.ExpiresIn > 0 {
		tr.Expiry = now.Add(time.Duration(tr.ExpiresIn) * time.Second)
	}
	return tr
}
