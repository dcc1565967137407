package flows

import (
	"context"
	"errors"
	"net/url"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// FlowIDTokenExchange is the --flow value of token exchange.
const FlowIDTokenExchange = "token-exchange"

// tokenExchangeGrantType is the grant_type of a token exchange request
// (RFC 8693 §2.1).
const tokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange"

// The token type identifiers of RFC 8693 §3, which subject_token_type,
// actor_token_type, requested_token_type and issued_token_type take.
const (
	TokenTypeAccessToken  = "urn:ietf:params:oauth:token-type:access_token"
	TokenTypeRefreshToken = "urn:ietf:params:oauth:token-type:refresh_token"
	TokenTypeIDToken      = "urn:ietf:params:oauth:token-type:id_token"
	TokenTypeSAML1        = "urn:ietf:params:oauth:token-type:saml1"
	TokenTypeSAML2        = "urn:ietf:params:oauth:token-type:saml2"
	TokenTypeJWT          = "urn:ietf:params:oauth:token-type:jwt"
)

// The inputs of token exchange beyond the provider's settings; the
// audience, resource and scope are the provider's, as for the other
// grants. The tokens are secrets: the command line reads them from stdin
// or their environment variables, never from an argument, which ps shows.
var (
	subjectTokenInput = Input{
		Name:     "subject-token",
		Label:    "Subject token",
		Help:     "The token of the party the new token is for: a token a run obtained (its a menu fills this in) or one pasted; the server validates it (RFC 8693 §2.1 subject_token).",
		Secret:   true,
		Required: true,
		Env:      "OAUTH_EXPLORER_SUBJECT_TOKEN",
		Takes:    HintAccessToken,
	}
	subjectTokenTypeInput = Input{
		Name:     "subject-token-type",
		Label:    "Subject type",
		Help:     "What the subject token is, as an RFC 8693 §3 URN: urn:ietf:params:oauth:token-type:access_token, refresh_token, id_token or jwt (RFC 8693 §2.1 subject_token_type).",
		Required: true,
		Default:  TokenTypeAccessToken,
		Flag:     "subject-token-type",
	}
	actorTokenInput = Input{
		Name:   "actor-token",
		Label:  "Actor token",
		Help:   "Optional: a token of the party that will act for the subject; with it the server can issue a delegation token whose act claim names that party (RFC 8693 §2.1, §4.1).",
		Secret: true,
		Env:    "OAUTH_EXPLORER_ACTOR_TOKEN",
	}
	actorTokenTypeInput = Input{
		Name:    "actor-token-type",
		Label:   "Actor type",
		Help:    "What the actor token is, as an RFC 8693 §3 URN; sent only with an actor token (RFC 8693 §2.1 actor_token_type).",
		Default: TokenTypeAccessToken,
		Flag:    "actor-token-type",
	}
	requestedTokenTypeInput = Input{
		Name:  "requested-token-type",
		Label: "Requested type",
		Help:  "Optional: the type of token wanted, as an RFC 8693 §3 URN; empty lets the server choose, usually an access token (RFC 8693 §2.1 requested_token_type).",
		Flag:  "requested-token-type",
	}
	tokenExchangeInputs = []Input{subjectTokenInput, subjectTokenTypeInput, actorTokenInput, actorTokenTypeInput, requestedTokenTypeInput}
)

// The steps of token exchange after discovery.
var (
	TXSubject = StepInfo{ID: "subject_token", Title: "Subject token", From: Client, To: Client,
		Summary: "decode the token to exchange (and the actor token) to see whom it names before the server judges it (RFC 8693 §2.1)", Explain: txSubjectExplain}
	TXExchange = StepInfo{ID: "exchange", Title: "Token exchange", From: Client, To: AuthorizationServer,
		Summary: "the client authenticates and trades the subject token for a new token, for a target it names (RFC 8693 §2.1, §2.2)", Explain: txExchangeExplain}
	TXVerify = StepInfo{ID: "verify", Title: "Verify token", From: Client, To: AuthorizationServer,
		Summary: "fetch the server's keys and check the issued token; act says delegation, its absence impersonation (RFC 8693 §4.1)", Explain: txVerifyExplain}
)

// TokenExchange is OAuth 2.0 Token Exchange (RFC 8693): a client that
// holds a token (a user's it received, its own) trades it at the token
// endpoint for another one, for another audience or resource, with less
// scope, of another type, or with an actor named (delegation). The
// request is written by hand on x/oauth2's client credentials request,
// whose grant_type may be replaced, so that it is sent and recorded as
// the other grants' are.
type TokenExchange struct {
	stepper
	subject, subjectType string
	actor, actorType     string
	requested            string
	// subjectTok and actorTok are the tokens given, decoded (nil when
	// not a JWT), for the issued token to be compared with.
	subjectTok, actorTok *inspect.Token
	// issuedType is the issued_token_type answered (RFC 8693 §2.2.1).
	issuedType string
}

// NewTokenExchange prepares the grant for p with the tokens and types
// given in opts.Inputs.
func NewTokenExchange(p providers.Provider, opts Options) *TokenExchange {
	f := &TokenExchange{
		stepper:     newStepper(p, opts),
		subject:     opts.input(subjectTokenInput),
		subjectType: opts.input(subjectTokenTypeInput),
		actor:       opts.input(actorTokenInput),
		actorType:   opts.input(actorTokenTypeInput),
		requested:   opts.input(requestedTokenTypeInput),
	}
	f.setPlan(nil,
		f.discovery(FlowIDTokenExchange),
		plannedStep{info: TXSubject, run: f.inspectGiven},
		plannedStep{info: TXExchange, run: f.exchange, stops: true},
		plannedStep{info: TXVerify, run: f.verify},
	)
	return f
}

// Name implements Flow.
func (f *TokenExchange) Name() string { return "Token exchange" }

// Secrets implements Flow: the subject and actor tokens given are
// secrets, as the tokens issued are.
func (f *TokenExchange) Secrets() []string {
	s := append([]string{f.provider.ClientSecret, f.subject, f.actor}, userinfoSecrets(f.provider)...)
	return append(s, f.set.secrets()...)
}

// Close implements Flow: it stops the document server of client-id-url serve.
func (f *TokenExchange) Close() error { return f.closeDocument() }

// exchange sends the token exchange request (RFC 8693 §2.1) and reads
// the answer (§2.2.1), or the error (§2.2.2).
func (f *TokenExchange) exchange(ctx context.Context) Result {
	r := Result{}
	p := f.provider
	switch {
	case f.subject == "":
		return failed(r, errors.New("token exchange: no subject token was given: give one with {setting:subject-token}"))
	case f.md == nil || f.md.TokenEndpoint == "":
		return failed(r, errors.New("token exchange: no token endpoint: the discovery document has none and none was given"))
	}
	r, ok := f.postGrant(ctx, r, TXExchange.ID, f.params(), "actor_token_type")
	if !ok {
		return r
	}
	r.Status = Done
	f.issuedType = stringField(r.Token.Fields, "issued_token_type")
	r.Notes = append(r.Notes, issuedNotes(f.requested, f.issuedType, r.Token)...)
	if n := scopeNote(p.Scopes, r.Token.Scope, r.Token.RefreshToken != ""); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return r
}

// params are the grant's own form parameters (RFC 8693 §2.1):
// actor_token_type goes only with an actor token (postGrant keeps an
// extra --param from adding one), audience and resource are the
// provider's, added by postGrant.
func (f *TokenExchange) params() url.Values {
	v := url.Values{
		"grant_type":         {tokenExchangeGrantType},
		"subject_token":      {f.subject},
		"subject_token_type": {f.subjectType},
	}
	if f.actor != "" {
		v.Set("actor_token", f.actor)
		v.Set("actor_token_type", f.actorType)
	}
	if f.requested != "" {
		v.Set("requested_token_type", f.requested)
	}
	return v
}
