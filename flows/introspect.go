package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// IntrospectionRequest is the step that asks the authorization server
// about a token (RFC 7662 §2.1).
var IntrospectionRequest = StepInfo{
	ID:      "introspect",
	Title:   "Introspection",
	From:    ResourceServer,
	To:      AuthorizationServer,
	Summary: "the caller authenticates and asks whether the token is active and what it grants (RFC 7662 §2.1)",
	Explain: introspectExplain,
}

// Introspection is an introspection response (RFC 7662 §2.2): whether the
// token is active and, when it is, what the server says about it.
type Introspection struct {
	// Answer holds every member as the server sent it, in order.
	Answer
	// Active is the "active" member; it is true only for the JSON value
	// true (a string "true" is not a boolean and counts as inactive).
	Active bool
	// Expiry, IssuedAt and NotBefore are exp, iat and nbf read as times;
	// zero when absent or not a number.
	Expiry, IssuedAt, NotBefore time.Time
}

// Introspect asks the authorization server about a token (RFC 7662): the
// call a resource server makes when it cannot read a token itself.
type Introspect struct {
	stepper
	target Target
	// Result is the last introspection read, nil before.
	result *Introspection
}

// NewIntrospect prepares the introspection of t at p. The client
// authenticates with p's credentials: the server decides which callers
// may introspect (RFC 7662 §2.1, §4).
func NewIntrospect(p providers.Provider, opts Options, t Target) *Introspect {
	f := &Introspect{stepper: newStepper(p, opts), target: t}
	f.setPlan(nil,
		f.actionDiscovery(ActionIntrospect),
		plannedStep{info: IntrospectionRequest, run: f.introspect, stops: true},
	)
	return f
}

// Name implements Flow.
func (f *Introspect) Name() string { return "Token introspection" }

// Secrets implements Flow: the client secret and the token.
func (f *Introspect) Secrets() []string {
	return append([]string{f.provider.ClientSecret, f.target.Token}, userinfoSecrets(f.provider)...)
}

// Close implements Flow; the action holds nothing open.
func (f *Introspect) Close() error { return nil }

// Introspection returns the last introspection response read, nil before.
func (f *Introspect) Introspection() *Introspection { return f.result }

func (f *Introspect) introspect(ctx context.Context) Result {
	r, in := introspectToken(ctx, &f.stepper, f.target)
	f.result = in
	return r
}

// introspectToken runs an introspection request for t with s's client and
// reads the answer. It serves the Introspection step and the check after a
// revocation.
func introspectToken(ctx context.Context, s *stepper, t Target) (Result, *Introspection) {
	const endpoint = "introspection endpoint"
	r := Result{Step: IntrospectionRequest}
	if s.md == nil || s.md.IntrospectionEndpoint == "" {
		return noEndpoint(r, endpoint, "introspection_endpoint", "introspection-url"), nil
	}
	r.Warnings = authMethodWarning(endpoint, "introspection_endpoint_auth_methods_supported", s.md.IntrospectionEndpointAuthMethodsSupported, s.provider.AuthMethod)
	form := url.Values{"token": {t.Token}}
	if t.Hint != "" {
		form.Set("token_type_hint", t.Hint)
	}
	err := s.postForm(ctx, endpoint, s.md.IntrospectionEndpoint, form)
	r, ok := s.answered(r, endpoint, err)
	if !ok {
		return r, nil
	}
	ex := lastExchange(r.Exchanges)
	if ex.Response.StatusCode != 200 {
		return introspectionRefused(r, endpointRefusal(endpoint, ex)), nil
	}
	a, err := readAnswer(endpoint, ex, "an introspection response")
	if err != nil {
		return failed(r, err), nil
	}
	in, err := readIntrospection(a)
	r.Introspection = in
	if err != nil {
		return failed(r, &HTTPError{Endpoint: endpoint, HTTPStatus: ex.Response.StatusCode, Status: ex.Response.Status, Problem: err.Error()}), in
	}
	r.Status = Done
	r.Notes = append(r.Notes, introspectionNotes(in, s.provider, s.opts.now())...)
	return r, in
}

// readIntrospection reads the members RFC 7662 §2.2 defines. "active" is
// required and must be a JSON boolean: a server that sends the string
// "true" breaks the clients that decode it strictly, and one that omits it
// says nothing; both are errors, with the answer kept for display.
func readIntrospection(a *Answer) (*Introspection, error) {
	in := &Introspection{Answer: *a}
	raw := a.Field("active")
	switch v := strings.TrimSpace(string(raw)); {
	case raw == nil:
		return in, fmt.Errorf("answered without the required member active (RFC 7662 §2.2)")
	case v == "true":
		in.Active = true
	case v == "false":
	default:
		return in, fmt.Errorf("answered active as %s, not a JSON boolean true or false (RFC 7662 §2.2): strict clients fail to read it, lenient ones may take a string \"false\" for true", v)
	}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"exp", &in.Expiry}, {"iat", &in.IssuedAt}, {"nbf", &in.NotBefore}} {
		var n json.Number
		if err := json.Unmarshal(a.Field(t.name), &n); err == nil {
			if secs, err := n.Int64(); err == nil {
				*t.dst = time.Unix(secs, 0)
			} else if f, err := n.Float64(); err == nil {
				*t.dst = time.Unix(int64(f), 0)
			}
		}
	}
	return in, nil
}

// introspectionNotes says what an answer means: for an inactive token the
// reasons RFC 7662 §2.2 leaves unsaid, for an active one whose client and
// scope it carries and when it ends.
func introspectionNotes(in *Introspection, p providers.Provider, now time.Time) []string {
	if !in.Active {
		n := []string{"active: false — the server will not say why (RFC 7662 §2.2 asks it to tell nothing more about an inactive token): it expired, was revoked, is unknown to this server (another issuer or environment, a typo, a token cut when pasted), or was issued to another client or resource server and this caller may not see it (§4)"}
		if len(in.Fields) > 1 {
			n = append(n, "the server sent more than active for an inactive token: RFC 7662 §2.2 says it should not, since the members would tell an attacker about a token that is no longer valid")
		}
		return n
	}
	var n []string
	if !in.Expiry.IsZero() {
		if in.Expiry.Before(now) {
			n = append(n, fmt.Sprintf("active: true but exp %s has passed: the server's clock is ahead of this machine's, or it does not check exp itself", in.Expiry.UTC().Format(time.RFC3339)))
		} else {
			n = append(n, fmt.Sprintf("active: true, until exp %s (%s)", in.Expiry.UTC().Format(time.RFC3339), inspect.Relative(in.Expiry, now)))
		}
	} else {
		n = append(n, "active: true, with no exp: the server does not say when the token ends")
	}
	var cid string
	if json.Unmarshal(in.Field("client_id"), &cid) == nil && cid != "" && cid != p.ClientID {
		n = append(n, fmt.Sprintf("the token was issued to client %s, not to %s, the caller: a resource server sees the tokens of every client that calls it", cid, p.ClientID))
	}
	return n
}

// introspectionRefused fails r with err and adds what a refusal of the
// introspection endpoint usually means: the caller is not one the server
// lets introspect (RFC 7662 §2.1 requires authorization, §4 lets the
// server limit who sees which tokens).
func introspectionRefused(r Result, err error) Result {
	r = failed(r, err)
	d := *r.Diagnosis
	var oe *OAuthError
	if status := r.Exchanges[len(r.Exchanges)-1].Response.StatusCode; status == 401 || status == 403 || errors.As(err, &oe) && oe.Code == "invalid_client" {
		d.Causes = []string{
			"the introspection endpoint is for resource servers: it wants the credentials of a client (or a resource server registration) allowed to introspect (RFC 7662 §2.1)",
			"the credentials are wrong or sent by a method the endpoint does not take (some servers take only client_secret_basic here, or a bearer token of their own)",
		}
		d.Try = []string{
			"use the client id and secret of a confidential client or resource server registered for introspection, and check {setting:auth-method}",
			"read the server's documentation on who may introspect: some let a client introspect only its own tokens",
		}
		if oe != nil && !oe.secretSent() {
			d.Causes = append([]string{"no client secret was sent ({setting:auth-method} none): a public client cannot introspect, since the endpoint must not answer whoever asks (RFC 7662 §2.1, §4)"}, d.Causes...)
		}
		d.Ref = "RFC 7662 §2.1, §2.3, §4"
	}
	r.Diagnosis = &d
	return r
}
