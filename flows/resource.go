package flows

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// FlowIDResource is the --flow value of the grant that starts from a
// protected resource's URL.
const FlowIDResource = "resource"

// resourceURLInput is the resource grant's one input: the API to call.
var resourceURLInput = Input{
	Name:    "resource-url",
	Label:   "Resource URL",
	Help:    "The protected API to call, e.g. https://api.example.com/me: its 401 answer and metadata (RFC 9728) say which authorization server issues its tokens. Left empty: the provider's API URL (the demo's /api/whoami).",
	Flag:    "resource-url",
	Check:   checkResourceURL,
	Locator: true,
}

// checkResourceURL accepts an absolute http(s) URL without a fragment: a
// resource identifier (RFC 9728 §1.2, RFC 8707 §2).
func checkResourceURL(v string) error {
	_, err := providers.ResourceMetadataURL(v)
	return err
}

// The steps of the resource grant before and after the authorization code
// grant's own.
var (
	RSCall = StepInfo{ID: "resource_call", Title: "Resource call", From: Client, To: ResourceServer,
		Summary: "call the API with no token: its 401 challenge says what it wants and where its metadata is (RFC 6750 §3, RFC 9728 §5.1)", Explain: rsCallExplain}
	RSMetadata = StepInfo{ID: "resource_metadata", Title: "Resource metadata", From: Client, To: ResourceServer,
		Summary: "read the API's protected resource metadata and check that it is about this API (RFC 9728 §3.3)", Explain: rsMetadataExplain}
	RSAuthServer = StepInfo{ID: "authorization_server", Title: "Authorization server", From: Client, To: AuthorizationServer,
		Summary: "pick the authorization server the API names and discover it (RFC 8414, OIDC Discovery)", Explain: rsAuthServerExplain}
	RSCallAgain = StepInfo{ID: "resource_call_again", Title: "Resource call again", From: Client, To: ResourceServer,
		Summary: "call the API again, now with the access token issued for it (RFC 6750 §2.1, RFC 8707)", Explain: rsCallAgainExplain}
)

// Resource starts from a protected resource's URL and finds its way to a
// token for it: the resource's challenge, its metadata (RFC 9728), its
// authorization server, then the authorization code grant with PKCE for
// that resource (RFC 8707), and the call again. It runs AuthCode's steps
// rather than copies of them.
type Resource struct {
	*AuthCode
	// url is the resource identifier: the URL given, the one the
	// metadata must name (RFC 9728 §3.3) and the resource indicator sent.
	url       string
	challenge *providers.Challenge
	rmd       *providers.ResourceMetadata
	// bare, when set, makes the first call's request instead of a GET:
	// a grant built on this one calls its resource its own way (the mcp
	// grant posts an MCP initialize).
	bare func(ctx context.Context) (*http.Request, error)
}

// NewResource prepares the grant for p; p's client is the one used at the
// authorization server the resource names (see clientFor).
func NewResource(p providers.Provider, opts Options) *Resource {
	f := &Resource{AuthCode: NewAuthCode(p, opts), url: cmp.Or(strings.TrimSpace(opts.input(resourceURLInput)), p.APIURL)}
	plan := []plannedStep{
		{info: RSCall, run: f.callBare, stops: true},
		{info: RSMetadata, run: f.metadata, stops: true},
	}
	for _, st := range f.AuthCode.plan {
		switch st.info.ID {
		case Discovery.ID:
			plan = append(plan, plannedStep{info: RSAuthServer, run: f.authServer(st.run), stops: true})
			// The client is registered (or its document used) at the server
			// the resource names, so only once it is discovered (RFC 7591
			// §3): right after it.
			plan = append(plan, f.clientSteps()...)
			continue
		case ClientRegistration.ID, ClientDocument.ID:
			// AuthCode's own client steps, placed above instead.
			continue
		case ACAPICall.ID:
			st = plannedStep{info: RSCallAgain, run: f.callAgain}
		}
		plan = append(plan, st)
	}
	f.setPlan(f.Close, plan...)
	return f
}

// Name implements Flow.
func (f *Resource) Name() string { return "Start from an API URL" }

// callBare calls the resource with no token and reads its challenge.
func (f *Resource) callBare(ctx context.Context) Result {
	r := Result{Status: Done}
	if f.url == "" {
		return failed(r, errors.New("resource URL: no API to start from: give one with {setting:resource-url}"))
	}
	if err := checkResourceURL(f.url); err != nil {
		return failed(r, fmt.Errorf("resource URL: %w", err))
	}
	req, err := f.bareRequest(ctx)
	if err != nil {
		return failed(r, fmt.Errorf("resource: %w", err))
	}
	resp, err := f.client.Do(req)
	r, ok := f.answered(r, "resource", err)
	if !ok {
		return r
	}
	resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		return failed(r, &ResourceError{Kind: ResourceNotProtected, URL: f.url})
	}
	values := resp.Header.Values("WWW-Authenticate")
	if len(values) == 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("the resource answered %s with no WWW-Authenticate challenge, which RFC 6750 §3 requires of a 401; the next step tries the well-known metadata URL (RFC 9728 §3.1)", resp.Status))
		return r
	}
	cs, perr := providers.ParseChallenges(values...)
	if perr != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("the challenge is malformed (%v); what came before the fault is used", perr))
	}
	for _, c := range cs {
		r.Notes = append(r.Notes, fmt.Sprintf("challenge: scheme %q with %s", c.Scheme, describeParams(c)))
	}
	c, ok := providers.Bearer(cs)
	if !ok {
		r.Notes = append(r.Notes, "no Bearer or DPoP challenge: this resource may not take OAuth access tokens; the well-known metadata URL is tried next")
		return r
	}
	f.challenge = &c
	r.Notes = append(r.Notes, challengeNotes(c)...)
	return r
}

// bareRequest is the first call's request: bare's, or a GET asking for JSON.
func (f *Resource) bareRequest(ctx context.Context) (*http.Request, error) {
	if f.bare != nil {
		return f.bare(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.url, nil)
	if err == nil {
		req.Header.Set("Accept", "application/json")
	}
	return req, err
}

// describeParams lists a challenge's parameters, values quoted.
func describeParams(c providers.Challenge) string {
	if c.Token68 != "" {
		return fmt.Sprintf("token68 %q", c.Token68)
	}
	if len(c.Params) == 0 {
		return "no parameters"
	}
	var ps []string
	for _, p := range c.Params {
		ps = append(ps, fmt.Sprintf("%s=%q", p.Name, p.Value))
	}
	return strings.Join(ps, ", ")
}

// challengeNotes says what the Bearer challenge's parameters mean.
func challengeNotes(c providers.Challenge) []string {
	var notes []string
	if v, ok := c.Param("resource_metadata"); ok {
		notes = append(notes, fmt.Sprintf("resource_metadata points to the resource's metadata at %q (RFC 9728 §5.1): read next", v))
	} else {
		notes = append(notes, "no resource_metadata in the challenge: the well-known URL is tried (RFC 9728 §3.1)")
	}
	if v, ok := c.Param("error"); ok {
		notes = append(notes, fmt.Sprintf("error %q (RFC 6750 §3.1); with no token sent a server usually leaves error out", v))
	} else {
		notes = append(notes, "no error parameter: no token was sent, so there is nothing wrong with one (RFC 6750 §3.1)")
	}
	if v, ok := c.Param("scope"); ok {
		notes = append(notes, fmt.Sprintf("scope %q: the scopes the resource wants a token to have (RFC 6750 §3)", v))
	}
	return notes
}

// metadata reads the resource's metadata: from the challenge's
// resource_metadata, or from the well-known URL, or both when the first
// fails; then checks it (RFC 9728 §3.3).
func (f *Resource) metadata(ctx context.Context) Result {
	r := Result{Status: Done}
	from := ""
	if f.challenge != nil {
		from, _ = f.challenge.Param("resource_metadata")
	}
	md, tried, err := providers.FetchResourceMetadata(ctx, f.client, f.url, from)
	var mismatch *providers.ResourceMismatchError
	if err != nil && from != "" && !errors.As(err, &mismatch) && !errors.Is(err, providers.ErrNoAuthorizationServers) {
		var more []providers.ResourceAttempt
		md, more, err = providers.FetchResourceMetadata(ctx, f.client, f.url, "")
		tried = append(tried, more...)
	}
	r.Exchanges = append(r.Exchanges, f.rec.Take()...)
	for _, a := range tried {
		r.Notes = append(r.Notes, fmt.Sprintf("tried %s (%s): %s", a.URL, a.From, attemptOutcome(a.Attempt)))
	}
	if err != nil {
		re := &ResourceError{Kind: ResourceNoMetadata, URL: f.url, Tried: tried, Challenged: f.challenge != nil, Err: err}
		switch {
		case errors.As(err, &mismatch):
			re.Kind, re.Published = ResourceMismatch, mismatch.Published
		case errors.Is(err, providers.ErrNoAuthorizationServers):
			re.Kind = ResourceNoServers
		}
		return failed(r, re)
	}
	f.rmd = md
	r.Notes = append(r.Notes,
		fmt.Sprintf("resource %q is the URL the metadata was fetched for: the §3.3 check passes (RFC 9728 §3.3)", md.Resource),
		fmt.Sprintf("authorization_servers: %s", strings.Join(md.AuthorizationServers, ", ")))
	if len(md.ScopesSupported) > 0 {
		r.Notes = append(r.Notes, "scopes_supported: "+strings.Join(md.ScopesSupported, " "))
	}
	switch {
	case len(md.BearerMethodsSupported) == 0:
		r.Notes = append(r.Notes, "no bearer_methods_supported: the token goes in the Authorization header, the method every resource must take (RFC 6750 §2.1)")
	case !slices.Contains(md.BearerMethodsSupported, "header"):
		r.Notes = append(r.Notes, "bearer_methods_supported does not list header ("+strings.Join(md.BearerMethodsSupported, " ")+"); this program sends the token in the Authorization header only (RFC 6750 §2.1)")
	default:
		r.Notes = append(r.Notes, "bearer_methods_supported: "+strings.Join(md.BearerMethodsSupported, " "))
	}
	return r
}

// attemptOutcome says what a metadata URL answered.
func attemptOutcome(a providers.Attempt) string {
	switch {
	case a.Err != nil && a.Status == 0:
		return "no answer: " + a.Err.Error()
	case a.Err != nil:
		return fmt.Sprintf("HTTP %d: %v", a.Status, a.Err)
	}
	return fmt.Sprintf("HTTP %d, a metadata document", a.Status)
}

// authServer wraps the authorization code grant's discovery: it first
// points the run at the authorization server the metadata names and at
// the client to use there, and asks for a token for the resource.
func (f *Resource) authServer(discover func(context.Context) Result) func(context.Context) Result {
	return func(ctx context.Context) Result {
		as := f.rmd.AuthorizationServers[0]
		p, notes, err := clientFor(f.provider, as, f.registering())
		if err != nil {
			return failed(Result{Status: Done}, err)
		}
		if n := f.clientChoice(as); n != "" {
			notes = []string{n}
		}
		p.Issuer, p.Resource = as, f.rmd.Resource
		chosen := len(p.Scopes) == 0
		if chosen {
			var why string
			p.Scopes, why = f.resourceScopes()
			notes = append(notes, why)
		}
		f.provider = p
		pre := []string{"the authorization server is " + as + ", the first the resource lists"}
		if others := f.rmd.AuthorizationServers[1:]; len(others) > 0 {
			pre = append(pre, "the resource lists others too, not used: "+strings.Join(others, ", ")+" (RFC 9728 §2 leaves the choice to the client)")
		}
		pre = append(pre, notes...)
		pre = append(pre, "resource="+p.Resource+" goes in the authorization and token requests, so that the token is issued for this API (RFC 8707 §2)")
		r := discover(ctx)
		if chosen && r.Metadata != nil && slices.Contains(r.Metadata.ScopesSupported, "openid") && !slices.Contains(f.provider.Scopes, "openid") {
			f.provider.Scopes = append([]string{"openid"}, f.provider.Scopes...)
			r.Notes = append(r.Notes, "openid added to the scopes: the authorization server lists it, so the run also gets an ID token to show (OIDC Core §3.1.2.1)")
		}
		r.Notes = append(pre, r.Notes...)
		return r
	}
}

// resourceScopes chooses the scopes to ask for when none are given, as
// the MCP authorization specification's scope selection does: the
// challenge's scope, else the resource metadata's scopes_supported (RFC
// 9728 §2), else none; it says which.
func (f *Resource) resourceScopes() ([]string, string) {
	if f.challenge != nil {
		if s, ok := f.challenge.Param("scope"); ok && strings.TrimSpace(s) != "" {
			return strings.Fields(s), "no scopes given: those of the challenge's scope, " + strings.Join(strings.Fields(s), " ") + " (RFC 6750 §3)"
		}
	}
	if len(f.rmd.ScopesSupported) > 0 {
		return slices.Clone(f.rmd.ScopesSupported), "no scopes given and none in the challenge: the resource metadata's scopes_supported, " + strings.Join(f.rmd.ScopesSupported, " ") + " (RFC 9728 §2)"
	}
	return nil, "no scopes given, none in the challenge nor in the resource metadata: the request names none, and the server applies its default (RFC 6749 §3.3)"
}

// clientFor obtains the client to use at the authorization server issuer:
// the client of the provider's settings or, when registering, the one the
// registration step after discovery obtains there (RFC 7591), which then
// replaces the provider's ClientID (and secret).
func clientFor(p providers.Provider, issuer string, registering bool) (providers.Provider, []string, error) {
	switch {
	case registering && p.ClientID == "":
		return p, []string{"no client id given: a client is registered at " + issuer + " once it is discovered, if its metadata lists a registration_endpoint (RFC 7591)"}, nil
	case registering:
		return p, []string{"register is on: a client registered at " + issuer + " replaces client " + p.ClientID + " of the settings (RFC 7591)"}, nil
	case p.ClientID == "":
		return p, nil, &ResourceError{Kind: ResourceNoClient, URL: issuer}
	}
	notes := []string{"client " + p.ClientID + " from the provider's settings is used at " + issuer}
	if p.Issuer != "" && strings.TrimSuffix(p.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
		notes = append(notes, "the settings name issuer "+p.Issuer+", not "+issuer+": the client is registered there, and may be unknown here")
	}
	return p, notes, nil
}

// registering tells whether the run registers a client at the
// authorization server it finds: when register is on, and when no client
// id is given at all.
func (f *Resource) registering() bool {
	return f.registers() || strings.TrimSpace(f.provider.ClientID) == ""
}

// registerAtServer registers the run's client at the authorization server
// just discovered. With no client id given and register off, it does so
// only when the server lists a registration_endpoint, and otherwise says
// that there is no client to use.
func (f *Resource) registerAtServer(ctx context.Context) Result {
	var pre []string
	if !f.registers() && f.provider.ClientID != "" {
		return Result{Status: Skipped, Notes: []string{"the client ID metadata document gave the run its client_id: no registration"}}
	}
	if !f.registers() {
		if f.md == nil || f.md.RegistrationEndpoint == "" {
			return failed(Result{Step: ClientRegistration, Status: Done}, &ResourceError{Kind: ResourceNoClient, URL: f.provider.Issuer})
		}
		pre = append(pre, "no client id given: registering one (RFC 7591) at "+f.md.RegistrationEndpoint+", which the authorization server's metadata lists")
	}
	r := f.registerClient(ctx)
	r.Notes = append(pre, r.Notes...)
	return r
}

// callAgain calls the resource with the access token.
func (f *Resource) callAgain(ctx context.Context) Result {
	if f.tok == nil {
		return Result{Status: Skipped, Notes: []string{"no access token to call the resource with"}}
	}
	r := Result{Status: Done}
	aud, jwt := accessAudience(f.tok.AccessToken)
	missing := jwt && !slices.Contains(aud, f.rmd.Resource)
	switch {
	case !jwt:
		r.Notes = append(r.Notes, "the access token is opaque: only the resource (or introspection) can tell whom it is for")
	case missing:
		r.Notes = append(r.Notes, fmt.Sprintf("the access token's aud [%s] does not name %s, the resource asked for (RFC 8707 §2)", strings.Join(aud, " "), f.rmd.Resource))
	default:
		r.Notes = append(r.Notes, fmt.Sprintf("the access token's aud names %s, the resource asked for (RFC 8707 §2)", f.rmd.Resource))
	}
	r = f.bearerGetWith(ctx, r, "resource", f.url, f.tok.AccessToken)
	if r.Status != Failed {
		r.Notes = append(r.Notes, "the resource accepted the token")
		return r
	}
	ex := lastExchange(r.Exchanges)
	if ex == nil || ex.Response == nil || (ex.Response.StatusCode != http.StatusUnauthorized && ex.Response.StatusCode != http.StatusForbidden) {
		return r
	}
	re := &ResourceError{Kind: ResourceStillRefused, URL: f.url, Resource: f.rmd.Resource, Status: ex.Response.StatusCode, Aud: aud, Err: r.Err}
	if missing {
		re.Kind = ResourceAudMissing
	}
	if cs, _ := providers.ParseChallenges(ex.Response.Header.Values("WWW-Authenticate")...); len(cs) > 0 {
		if c, ok := providers.Bearer(cs); ok {
			re.Code, _ = c.Param("error")
			re.Description, _ = c.Param("error_description")
			re.Scope, _ = c.Param("scope")
		}
	}
	r.Err, r.Diagnosis = re, Diagnose(re)
	return r
}
