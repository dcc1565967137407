package flows

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Role is one of the four parties of OAuth 2.0 (RFC 6749 §1.1).
type Role string

// The roles, as the timeline and the explanations name them.
const (
	ResourceOwner       Role = "Resource owner"
	Client              Role = "Client"
	AuthorizationServer Role = "Authorization server"
	ResourceServer      Role = "Resource server"
)

// Status is where a step stands.
type Status int

// Step states.
const (
	Pending Status = iota
	Running
	Done
	Failed
	Skipped
)

// String names the status in lower case.
func (s Status) String() string {
	return [...]string{"pending", "running", "done", "failed", "skipped"}[s]
}

// StepInfo describes a step before it runs: the timeline shows these.
type StepInfo struct {
	ID    string
	Title string
	// From and To are the roles that talk in this step.
	From, To Role
	// Summary says in one line what the step does.
	Summary string
	// Waits is set on the step that waits for the user to do what an
	// earlier step's Result.Prompt asked (log in, enter a code): its Next
	// blocks until the user has, the prompt expires or the context ends.
	Waits bool
	// FrontChannel is set on a step that the user's browser carries
	// between client and server (the authorization request, the callback:
	// RFC 6749 §1.2), though its roles are not the resource owner's.
	FrontChannel bool
	// Explain teaches the step: its purpose, the parties, every parameter
	// and response field, what to notice and the references. Every step of
	// every flow has one; it is shared, read-only data.
	Explain *Explanation
}

// Inspection is a token decoded and, where it could be, verified.
type Inspection struct {
	// Label names the token: "access token", "ID token".
	Label string
	Token *inspect.Token
	// DecodeErr is set when the token is not a JWT we can read (an opaque
	// token is not an error: Token.Kind says so).
	DecodeErr error
	// Verification is nil when the token was not checked.
	Verification *inspect.Verification
}

// Result is what running one step produced.
type Result struct {
	Step      StepInfo
	Status    Status
	Exchanges []Exchange
	// Metadata is set by the discovery step.
	Metadata *providers.Metadata
	// Token is set by steps that obtain tokens: the response obtained.
	Token *TokenResponse
	// Tokens is set with Token: what the client holds after this step,
	// this response merged with the earlier ones (RFC 6749 §6).
	Tokens *TokenSet
	// Introspection is set by the steps that introspect a token
	// (RFC 7662 §2.2), Userinfo by the userinfo step of the userinfo
	// action (OIDC Core §5.3.2): the answer's members, in order.
	Introspection *Introspection
	Userinfo      *Answer
	// Inspections holds the tokens decoded in this step.
	Inspections []Inspection
	// Decoded holds the JWTs of Token (the ID token, then the access
	// token), decoded but not verified, for a screen to show when no later
	// step verifies them (a refresh at the end of the run).
	Decoded []Inspection
	// Sent lists what the step sent, in order and explained: the
	// authorization request's parameters, the callback's, the URLs, query
	// parameters, body fields and credentials header of its requests. The
	// stepper fills it (see Complete).
	Sent []Pair
	// Received lists what the step received, in order and explained: the
	// response headers its explanation names, the members of the newest
	// JSON object answered and of the key that signed the step's token.
	Received []Pair
	// AuthRequest is set by the authorization request step.
	AuthRequest *AuthRequest
	// Prompt is set by a step that needs the user: what they must do. The
	// next step declared with StepInfo.Waits waits for it.
	Prompt *Prompt
	// Callback is set by the step that checks what came back to the
	// redirect URI: the redirect as the listener received it (with its
	// exchange) or as the user pasted it, even when the check fails.
	Callback *Callback
	// Strays is set by the step that waits for the callback when its
	// listener ignored requests that did not carry the state sent.
	Strays *Strays
	// Notes are facts worth telling the user ("the token is opaque").
	Notes []string
	// Warnings are the pre-flight checks that found something, set by the
	// discovery step (see Preflight). They do not stop the flow.
	Warnings []Warning
	// Err is set when the step failed; Diagnosis explains it.
	Err       error
	Diagnosis *Diagnosis
}

// Flow is a grant run as a sequence of steps. The TUI runs one step per
// command; the token command loops until Done. A Flow is not safe for
// concurrent use: run one step at a time.
type Flow interface {
	// Name is the grant's name, e.g. "Client credentials".
	Name() string
	// Steps lists every step of the flow in order.
	Steps() []StepInfo
	// Next runs the next step and returns what it produced. After a failed
	// step that leaves nothing to go on, the flow is Done.
	Next(ctx context.Context) Result
	// Done reports whether no step is left to run.
	Done() bool
	// Secrets returns the secret values known to the flow so far (client
	// secret, tokens), for a Masker.
	Secrets() []string
	// Close releases what the flow holds open (a callback listener).
	Close() error
}

// SettingRefresh is the setting that lifts KeepRefreshToken: the token
// command's --refresh, which the TUI has no field for (it runs the Refresh
// step always). A setting, named in {setting:…} placeholders, not the
// refresh grant.
const SettingRefresh = "refresh"

// Options are the settings every flow shares.
type Options struct {
	// Transport carries the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Timeout bounds each HTTP exchange, body included; zero means 30s.
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OpenBrowser opens a URL for the user; nil means the user opens it.
	OpenBrowser func(url string) error
	// CallbackTimeout bounds the wait for the browser's callback; zero
	// means DefaultCallbackTimeout.
	CallbackTimeout time.Duration
	// KeepRefreshToken skips the steps that would spend the refresh token
	// (RFC 6749 §6; a rotating server invalidates it on use): the token
	// command sets it unless --refresh is given, so that the user keeps
	// the refresh token they came for. The TUI runs the Refresh step: it
	// teaches.
	KeepRefreshToken bool
	// Inputs are the values of the grant's own inputs (Grant.Inputs), by
	// name; an input not given takes its default.
	Inputs Inputs
	// Sleep waits d or until ctx ends, returning ctx's cause then: the
	// wait between two polls of the device grant (RFC 8628 §3.4). Nil
	// means a real timer; tests pass one that returns at once, so that no
	// test waits out a server's interval.
	Sleep func(ctx context.Context, d time.Duration) error
	// DefaultScopes lets the Discovery step choose the scopes when the
	// provider's settings give none: DefaultScopes of the metadata read,
	// with a note saying so. The token command sets it unless --scope is
	// given; the TUI prefills the scope row instead, where it is seen.
	DefaultScopes bool
}

// DefaultTimeout bounds each HTTP exchange unless Options.Timeout is set.
const DefaultTimeout = 30 * time.Second

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// sleep waits d as Options.Sleep says, or on a real timer.
func (o Options) sleep(ctx context.Context, d time.Duration) error {
	if o.Sleep != nil {
		return o.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// client returns an HTTP client that records through rec, applies the
// timeout and follows redirects only for GET requests: a token endpoint that
// redirects a POST is a misconfiguration to show, not to follow.
func (o Options) client(rec *Recorder) *http.Client {
	rec.Base = o.Transport
	rec.Now = o.Now
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rec.Timeout = timeout
	return &http.Client{
		Transport: rec,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if via[0].Method != http.MethodGet || len(via) >= 5 {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
}

// plannedStep is one row of a flow's plan: the step as the timeline shows
// it, what runs it, and whether its failure leaves nothing to go on.
type plannedStep struct {
	info StepInfo
	run  func(context.Context) Result
	// stops is set when a failure ends the flow. A token that fails a
	// check, or an API that refuses it, still lets the following steps
	// teach something.
	stops bool
}

// stepper holds what every flow shares: the provider, the options, the
// recorder and its client, the plan of steps and how far the run is. A
// grant builds its plan in its constructor (setPlan) and gets Next, Steps
// and Done from here.
type stepper struct {
	provider providers.Provider
	opts     Options
	rec      *Recorder
	client   *http.Client
	plan     []plannedStep
	steps    []StepInfo
	// release frees what the grant holds open; nil when it holds nothing.
	release func() error
	next    int
	failed  bool
	md      *providers.Metadata
	tok     *TokenResponse
	set     TokenSet
	// assertion authenticates the client with a JWT when its method is
	// private_key_jwt or client_secret_jwt; nil otherwise.
	assertion *assertionTransport
	// dpop proves possession of the run's key (RFC 9449) when the DPoP
	// option is on; nil otherwise.
	dpop *dpopTransport
	// flowID is the grant discovery is for; registered the client registered (RFC 7591).
	flowID     string
	registered *Registration
	// documentServer serves the run's client ID metadata document when
	// client-id-url is serve (cimd.go); nil otherwise.
	documentServer *http.Server
}

func newStepper(p providers.Provider, opts Options) stepper {
	rec := &Recorder{}
	opts.Transport = tlsTransport(opts.Transport, p)
	s := stepper{provider: p, opts: opts, rec: rec, client: opts.client(rec)}
	if at := newAssertionTransport(rec, p, opts.Now); at != nil {
		s.assertion, s.client.Transport = at, at
	}
	if dt := newDPoPTransport(s.client.Transport, p, opts); dt != nil {
		s.dpop, s.client.Transport = dt, dt
	}
	return s
}

// setPlan sets the steps the flow runs, in order, and release, the grant's
// close hook (nil when it holds nothing open), which Next calls once the
// flow is done.
func (s *stepper) setPlan(release func() error, plan ...plannedStep) {
	plan = s.withClientDocument(s.withRegistration(plan))
	s.release, s.plan = func() error {
		err := s.closeDocument()
		if release != nil {
			return errors.Join(release(), err)
		}
		return err
	}, plan
	s.steps = make([]StepInfo, len(plan))
	for i, p := range plan {
		s.steps[i] = p.info
	}
}

// discovery is the first step of every grant's plan: it reads the
// provider's metadata for the grant flowID and keeps it for the steps
// after.
func (s *stepper) discovery(flowID string) plannedStep {
	s.flowID = flowID
	return plannedStep{info: Discovery, stops: true, run: func(ctx context.Context) Result {
		r := discover(ctx, s.client, s.rec, s.provider, flowID, s.opts)
		s.md = r.Metadata
		s.assertion.setMetadata(r.Metadata)
		s.dpop.setMetadata(r.Metadata)
		s.chooseAuthMethod(&r, flowID)
		s.useMTLSAliases(&r)
		if s.opts.DefaultScopes && len(s.provider.Scopes) == 0 && r.Metadata != nil {
			if scopes, why := DefaultScopes(r.Metadata, flowID); len(scopes) > 0 {
				s.provider.Scopes = scopes
				r.Notes = append(r.Notes, why+" Give {setting:scope} to choose others.")
				r.Warnings = slices.DeleteFunc(r.Warnings, func(w Warning) bool { return w.Check == "scope" })
			}
		}
		return r
	}}
}

// Steps implements Flow.
func (s *stepper) Steps() []StepInfo { return s.steps }

// Done implements Flow.
func (s *stepper) Done() bool { return s.failed || s.next >= len(s.plan) }

// Next implements Flow: it runs the next step of the plan, labelling what
// the recorder sees with the step's title. A failure of a step that stops
// the flow leaves it done; a done flow is closed.
func (s *stepper) Next(ctx context.Context) Result {
	if s.Done() {
		return Result{Status: Skipped}
	}
	st := s.plan[s.next]
	s.next++
	s.rec.SetStep(st.info.Title)
	r := st.run(ctx)
	r.Step = st.info
	s.dpop.review(&r)
	Complete(&r, s.md)
	if r.Status == Failed && st.stops {
		s.failed = true
	}
	if s.Done() && s.release != nil {
		_ = s.release()
	}
	return r
}

// Token returns the newest token response, nil before the token step.
func (s *stepper) Token() *TokenResponse { return s.tok }

// keep merges the token response step obtained into the flow's token set
// and returns a copy of the set for the step's Result.
func (s *stepper) keep(step string, tr *TokenResponse) *TokenSet {
	s.tok = tr
	s.set = s.set.with(step, tr)
	set := s.set
	return &set
}

// answered finishes a step's request to endpoint: the exchanges the
// recorder took go on r and, when the request failed, r is returned failed
// with err classified against the last exchange, and false.
func (s *stepper) answered(r Result, endpoint string, err error) (Result, bool) {
	r.Exchanges = append(r.Exchanges, s.rec.Take()...)
	if err != nil {
		return failed(r, classify(endpoint, err, lastExchange(r.Exchanges))), false
	}
	return r, true
}

// tokenAnswered finishes a request to the token endpoint as answered does,
// reading the token the way readToken does; a token read is kept under the
// step's ID and its format notes added. It returns r failed, and false,
// when the request failed or the token is not one to use.
func (s *stepper) tokenAnswered(r Result, step string, tok *oauth2.Token, err error) (Result, bool) {
	const endpoint = "token endpoint"
	r.Exchanges = append(r.Exchanges, s.rec.Take()...)
	tr, notes, err := readToken(endpoint, tok, err, lastExchange(r.Exchanges), s.opts.now())
	if err != nil {
		return failed(r, err), false
	}
	r.Token, r.Tokens = tr, s.keep(step, tr)
	r.Notes = append(r.Notes, notes...)
	if err := checkTokenResponse(endpoint, tr); err != nil {
		return failed(r, err), false
	}
	return r, true
}
