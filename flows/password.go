package flows

import (
	"context"
	"errors"
	"net/url"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// passwordGrantType is the grant_type of the resource owner password
// credentials grant (RFC 6749 §4.3.2).
const passwordGrantType = "password"

// The inputs of the password grant: the user's own credentials, which
// the client sees, and which is why the grant is gone (RFC 9700 §2.4).
// The password is a secret: the command line reads it from its
// environment variable or stdin, never from an argument, which ps shows.
var (
	usernameInput = Input{
		Name:     "username",
		Label:    "Username",
		Help:     "The resource owner's username, sent to the token endpoint by the client itself (RFC 6749 §4.3.2 username).",
		Required: true,
		Flag:     "username",
	}
	passwordInput = Input{
		Name:     "password",
		Label:    "Password",
		Help:     "The resource owner's password: the client holds it and sends it in the token request, which RFC 9700 §2.4 forbids (RFC 6749 §4.3.2 password).",
		Secret:   true,
		Required: true,
		Env:      "OAUTH_EXPLORER_PASSWORD",
	}
	passwordInputs = []Input{usernameInput, passwordInput}
)

// The steps of the password grant after discovery.
var (
	PWToken = StepInfo{ID: "token", Title: "Token request", From: Client, To: AuthorizationServer,
		Summary: "the client sends the user's username and password, with its own credentials, for tokens (RFC 6749 §4.3.2)", Explain: pwTokenExplain}
	PWIDToken = StepInfo{ID: "id_token", Title: "ID token", From: Client, To: AuthorizationServer,
		Summary: "verify the ID token, if any: signature from the JWKS, iss, aud, exp, at_hash (no nonce: there was no authentication request)", Explain: pwIDTokenExplain}
)

// Password is the resource owner password credentials grant (RFC 6749
// §4.3): the client collects the user's credentials and trades them for
// tokens. It is here because old systems still use it; RFC 9700 §2.4 says
// it MUST NOT be used.
type Password struct {
	stepper
	username, password string
}

// NewPassword prepares the grant for p with the username and password in
// opts.Inputs.
func NewPassword(p providers.Provider, opts Options) *Password {
	f := &Password{stepper: newStepper(p, opts), username: opts.input(usernameInput), password: opts.input(passwordInput)}
	f.setPlan(nil,
		f.discovery(FlowIDPassword),
		plannedStep{info: PWToken, run: f.requestToken, stops: true},
		plannedStep{info: PWIDToken, run: func(ctx context.Context) Result { return f.verifyIDTokenNonce(ctx, "") }},
		plannedStep{info: VerifyAccessToken, run: f.verify},
	)
	return f
}

// Name implements Flow.
func (f *Password) Name() string { return "Resource owner password" }

// Secrets implements Flow: the user's password is the first of them.
func (f *Password) Secrets() []string {
	s := append([]string{f.password, f.provider.ClientSecret}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow: it stops the document server of client-id-url serve.
func (f *Password) Close() error { return f.closeDocument() }

// requestToken sends the password grant's token request (RFC 6749
// §4.3.2) on x/oauth2's client credentials request with its grant_type
// replaced, as token exchange does, so that the audience, resource and
// extra parameters go with it as with the other grants.
func (f *Password) requestToken(ctx context.Context) Result {
	r := Result{}
	switch {
	case f.username == "" || f.password == "":
		return failed(r, errors.New("token request: the password grant needs the user's username and password: give them with {setting:username} and {setting:password}"))
	case f.md == nil || f.md.TokenEndpoint == "":
		return failed(r, errors.New("token request: no token endpoint: the discovery document has none and none was given"))
	}
	own := url.Values{"grant_type": {passwordGrantType}, "username": {f.username}, "password": {f.password}}
	r, ok := f.postGrant(ctx, r, PWToken.ID, own)
	if !ok {
		return r
	}
	r.Status = Done
	r.Notes = append(r.Notes, "the client saw the user's password and sent it on: the server cannot tell this app from a phishing one, and no second factor or consent screen took part (RFC 9700 §2.4)")
	return f.userTokenNotes(r)
}

// verify runs the Verify token step on the access token obtained.
func (f *Password) verify(ctx context.Context) Result {
	return verifyAccessToken(ctx, f.client, f.rec, f.md, f.provider, f.tok, f.opts)
}
