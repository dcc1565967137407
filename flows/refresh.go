package flows

import (
	"context"
	"errors"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// refreshTokenInput is the refresh grant's one input: the refresh token
// the user already holds. It is a secret: the command line reads it from
// stdin or its environment variable, never from an argument, which ps
// shows.
var refreshTokenInput = Input{
	Name:     "refresh-token",
	Label:    "Refresh token",
	Help:     "The refresh token you hold, from an earlier token response; it is spent if the server rotates refresh tokens (RFC 6749 §6).",
	Secret:   true,
	Required: true,
	Env:      "OAUTH_EXPLORER_REFRESH_TOKEN",
	Takes:    HintRefreshToken,
}

// RTRefresh is the refresh grant's request, after discovery.
var RTRefresh = StepInfo{
	ID:      "refresh",
	Title:   "Refresh request",
	From:    Client,
	To:      AuthorizationServer,
	Summary: "the client spends a refresh token it holds for new tokens, and sees what rotated (RFC 6749 §6)",
	Explain: rtRefreshExplain,
}

// Refresh is the refresh token grant on its own (RFC 6749 §6): starting
// from a refresh token the user brings, the client authenticates as the
// other grants do and asks for new tokens. The notes say whether the
// refresh token rotated; an ID token that comes back is verified.
type Refresh struct {
	stepper
	held string
}

// NewRefresh prepares the grant for p with the refresh token given in
// opts.Inputs.
func NewRefresh(p providers.Provider, opts Options) *Refresh {
	f := &Refresh{stepper: newStepper(p, opts), held: opts.input(refreshTokenInput)}
	f.setPlan(nil,
		f.discovery(FlowIDRefresh),
		plannedStep{info: RTRefresh, run: f.refresh, stops: true},
		plannedStep{info: VerifyAccessToken, run: f.verify},
	)
	return f
}

// Name implements Flow.
func (f *Refresh) Name() string { return "Refresh token" }

// Secrets implements Flow: the refresh token brought is one, spent or not.
func (f *Refresh) Secrets() []string {
	s := append([]string{f.provider.ClientSecret, f.held}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow; the grant holds nothing open.
func (f *Refresh) Close() error { return nil }

func (f *Refresh) refresh(ctx context.Context) Result {
	r := Result{Step: RTRefresh}
	p := f.provider
	switch {
	case f.held == "":
		return failed(r, errors.New("refresh request: no refresh token was given: give one with {setting:refresh-token}"))
	case f.md == nil || f.md.TokenEndpoint == "":
		return failed(r, errors.New("refresh request: no token endpoint: the discovery document has none and none was given"))
	}
	cfg := &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: p.SecretSent(),
		Endpoint:     oauth2.Endpoint{TokenURL: f.md.TokenEndpoint, AuthStyle: authStyle(p.AuthMethod)},
	}
	if len(p.Scopes) > 0 {
		// x/oauth2 sends grant_type and refresh_token only.
		r.Notes = append(r.Notes, "{setting:scope} is not sent with a refresh: the server grants the scope of the original grant (RFC 6749 §6)")
	}
	return f.spend(ctx, r, cfg, f.held, RTRefresh.ID)
}

// verify runs the Verify token step on the new access token.
func (f *Refresh) verify(ctx context.Context) Result {
	return verifyAccessToken(ctx, f.client, f.rec, f.md, f.provider, f.tok, f.opts)
}
