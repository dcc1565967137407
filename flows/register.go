package flows

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Dynamic client registration (RFC 7591): the request option that makes
// a run register its own client before it starts, declared once here.
const (
	// InputRegister turns registration on ("on") or off.
	InputRegister = "register"
	// InputInitialAccessToken is the initial access token a server may
	// require to register (RFC 7591 §3).
	InputInitialAccessToken = "initial-access-token"
	// EnvInitialAccessToken is where the command line reads it from.
	EnvInitialAccessToken = "OAUTH_EXPLORER_INITIAL_ACCESS_TOKEN"
	// RegisterOn is the register input's value that registers.
	RegisterOn = "on"
)

var registerInput = Input{Name: InputRegister, Label: "Register", Flag: "register", Choices: []string{"off", RegisterOn},
	Help: "on: register a new client at the server's registration_endpoint first and run the flow with it, whatever client is set (RFC 7591 §3)"}

var initialAccessTokenInput = Input{Name: InputInitialAccessToken, Label: "Initial token", Secret: true, Env: EnvInitialAccessToken, Under: InputRegister,
	Help: "the initial access token some servers (Okta, Keycloak) require to register a client, sent as a Bearer token (RFC 7591 §3)"}

// ClientOptions are the inputs about where a run's client comes from,
// declared once: Grants adds them to every grant that starts with its
// own client (all but the refresh grant, whose refresh token belongs to
// the client it was issued to).
func ClientOptions() []Input {
	return []Input{registerInput, initialAccessTokenInput, clientIDURLInput}
}

// withClientOptions adds ClientOptions to the grants that take them.
func withClientOptions(gs []Grant) []Grant {
	for i := range gs {
		if gs[i].ID != FlowIDRefresh {
			gs[i].Inputs = slices.Concat(gs[i].Inputs, ClientOptions())
		}
	}
	return gs
}

// ClientRegistration is the step that registers the run's client.
var ClientRegistration = StepInfo{
	ID:      "register",
	Title:   "Client registration",
	From:    Client,
	To:      AuthorizationServer,
	Summary: "the client registers itself at the registration endpoint and gets a client_id (RFC 7591 §3)",
	Explain: registerExplain,
}

// ClientMetadata is what a registration request asks for (RFC 7591 §2).
type ClientMetadata struct {
	RedirectURIs            []string `json:"redirect_uris,omitempty"`
	GrantTypes              []string `json:"grant_types,omitempty"`
	ResponseTypes           []string `json:"response_types,omitempty"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method,omitempty"`
	ClientName              string   `json:"client_name,omitempty"`
	Scope                   string   `json:"scope,omitempty"`
}

// Registration is a registration endpoint's answer (RFC 7591 §3.2.1).
type Registration struct {
	ClientID                string `json:"client_id"`
	ClientSecret            string `json:"client_secret,omitempty"`
	ClientIDIssuedAt        int64  `json:"client_id_issued_at,omitempty"`
	ClientSecretExpiresAt   int64  `json:"client_secret_expires_at,omitempty"`
	RegistrationAccessToken string `json:"registration_access_token,omitempty"`
	RegistrationClientURI   string `json:"registration_client_uri,omitempty"`
	TokenEndpointAuthMethod string `json:"token_endpoint_auth_method,omitempty"`
}

// Apply returns p set to use the registered client: its client_id, its
// secret and the authentication method the answer names (requested is
// the one asked for, used when the answer names none).
func (reg Registration) Apply(p providers.Provider, requested string) providers.Provider {
	p.ClientID, p.ClientSecret = reg.ClientID, reg.ClientSecret
	p.ClientKey, p.ClientKeyFile = "", ""
	p.AuthMethod, p.AuthAuto = cmp.Or(reg.TokenEndpointAuthMethod, requested, providers.AuthBasic), false
	return p
}

// RegistrationError is a registration the server refused or could not be
// made (RFC 7591 §3.2.2).
type RegistrationError struct {
	// NoEndpoint is set when the metadata names no registration_endpoint.
	NoEndpoint bool
	// HTTPStatus is the status answered; Code and Description the error
	// response's members.
	HTTPStatus        int
	Code, Description string
	// TokenSent tells whether an initial access token went.
	TokenSent bool
}

func (e *RegistrationError) Error() string {
	switch {
	case e.NoEndpoint:
		return "client registration: the server's metadata names no registration_endpoint"
	case e.Code != "":
		s := fmt.Sprintf("client registration: the registration endpoint refused the request with %q (HTTP %d)", e.Code, e.HTTPStatus)
		if e.Description != "" {
			s += ": " + firstLine(e.Description)
		}
		return s
	}
	return fmt.Sprintf("client registration: the registration endpoint answered HTTP %d", e.HTTPStatus)
}

// registers tells whether the run registers its client first.
func (s *stepper) registers() bool {
	g, ok := GrantByID(s.flowID)
	return ok && s.opts.input(registerInput) == RegisterOn &&
		slices.ContainsFunc(g.Inputs, func(in Input) bool { return in.Name == InputRegister })
}

// withRegistration puts the registration step after discovery when the
// run registers its client. A grant whose plan does not start with
// discovery (the resource grant, which discovers its server later) places
// the step itself, after the step that discovers.
func (s *stepper) withRegistration(plan []plannedStep) []plannedStep {
	if len(plan) == 0 || plan[0].info.ID != Discovery.ID || !s.registers() ||
		slices.ContainsFunc(plan, func(st plannedStep) bool { return st.info.ID == ClientRegistration.ID }) {
		return plan
	}
	return slices.Insert(plan, 1, plannedStep{info: ClientRegistration, stops: true, run: s.registerClient})
}

// registerClient registers a client for the run's grant at the registration
// endpoint of the metadata read (RFC 7591 §3.1) and makes the run use it.
// Another grant may call it as a step of its own plan after discovery.
func (s *stepper) registerClient(ctx context.Context) Result {
	r := Result{Step: ClientRegistration}
	if s.md == nil || s.md.RegistrationEndpoint == "" {
		return failed(r, &RegistrationError{NoEndpoint: true})
	}
	meta, err := s.clientMetadata()
	if err != nil {
		return failed(r, err)
	}
	reg, err := s.register(ctx, s.md.RegistrationEndpoint, meta, s.opts.input(initialAccessTokenInput))
	if re := (*RegistrationError)(nil); errors.As(err, &re) {
		r.Exchanges = append(r.Exchanges, s.rec.Take()...)
		return failed(r, re)
	}
	r, ok := s.answered(r, "registration endpoint", err)
	if !ok {
		return r
	}
	r.Status = Done
	s.provider = reg.Apply(s.provider, meta.TokenEndpointAuthMethod)
	s.registered = reg
	if s.assertion != nil {
		// A registered client authenticates with a secret or none: the
		// assertion of the client given before goes.
		s.assertion = nil
		if s.dpop != nil {
			s.dpop.base = s.rec
		} else {
			s.client.Transport = s.rec
		}
	}
	r.Notes = append(r.Notes, fmt.Sprintf("The run now uses the registered client %s, authenticating with %s.", reg.ClientID, s.provider.AuthMethod))
	if reg.ClientSecretExpiresAt > 0 {
		r.Notes = append(r.Notes, "The client secret expires at "+time.Unix(reg.ClientSecretExpiresAt, 0).UTC().Format(time.RFC3339)+" (client_secret_expires_at).")
	}
	return r
}

// Registered returns the client the run registered, nil when it registered
// none: the commands keep it for later runs, or save it.
func (s *stepper) Registered() *Registration { return s.registered }

// clientMetadata is what the run asks to register: its grant's grant and
// response types, the loopback redirect of a browser grant, its scopes,
// and an authentication method (none for a public native client).
func (s *stepper) clientMetadata() (ClientMetadata, error) {
	g, _ := GrantByID(s.flowID)
	p := s.provider
	m := ClientMetadata{GrantTypes: g.GrantTypes, ClientName: "oauth-explorer", Scope: strings.Join(p.Scopes, " ")}
	if slices.Contains(g.GrantTypes, "authorization_code") {
		m.ResponseTypes = []string{"code"}
	}
	if slices.Contains(g.GrantTypes, "implicit") {
		m.GrantTypes, m.ResponseTypes = []string{"implicit"}, []string{"id_token token"}
	}
	if g.Browser {
		uri, err := s.runRedirect()
		if err != nil {
			return m, err
		}
		m.RedirectURIs = []string{uri}
	}
	switch {
	case !p.AuthAuto && slices.Contains([]string{providers.AuthNone, providers.AuthBasic, providers.AuthPost}, p.AuthMethod):
		m.TokenEndpointAuthMethod = p.AuthMethod
	case slices.Contains([]string{"client_credentials", tokenExchangeGrantType, jwtBearerGrantType}, grantType(s.flowID)):
		m.TokenEndpointAuthMethod = providers.AuthBasic
		if s.md != nil && len(s.md.TokenEndpointAuthMethodsSupported) > 0 &&
			!slices.Contains(s.md.TokenEndpointAuthMethodsSupported, providers.AuthBasic) &&
			slices.Contains(s.md.TokenEndpointAuthMethodsSupported, providers.AuthPost) {
			m.TokenEndpointAuthMethod = providers.AuthPost
		}
	default:
		m.TokenEndpointAuthMethod = providers.AuthNone
	}
	return m, nil
}

// runRedirect returns the redirect URI the run's listener will use: the
// one given, or a free loopback port chosen now (RFC 8252 §7.3), which the
// run then keeps, since the registered URI must be the one sent.
func (s *stepper) runRedirect() (string, error) {
	if s.provider.RedirectURI != "" {
		return s.provider.RedirectURI, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", &ListenerError{Problem: "no free loopback port for the redirect URI to register: " + err.Error()}
	}
	uri := "http://" + ln.Addr().String() + "/callback"
	_ = ln.Close()
	s.provider.RedirectURI = uri
	return uri, nil
}

// register POSTs meta to endpoint as JSON (RFC 7591 §3.1), with token as a
// Bearer initial access token when given, and reads the answer (§3.2).
func (s *stepper) register(ctx context.Context, endpoint string, meta ClientMetadata, token string) (*Registration, error) {
	body, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		re := &RegistrationError{HTTPStatus: resp.StatusCode, TokenSent: token != ""}
		var oe struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(raw, &oe) == nil {
			re.Code, re.Description = oe.Error, oe.Description
		}
		if re.Code == "" && resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
			return nil, responseProblem("registration endpoint", resp.StatusCode, resp.Status, resp.Header.Get("Content-Type"), raw)
		}
		return nil, re
	}
	var reg Registration
	if err := json.Unmarshal(raw, &reg); err != nil || reg.ClientID == "" {
		return nil, errors.New("client registration: the answer is not a client information response with a client_id (RFC 7591 §3.2.1)")
	}
	return &reg, nil
}

// Registrar is a flow that may register its own client (RFC 7591): every
// grant's flow is one. The commands keep or save the client it registered.
type Registrar interface {
	// RegisteredClient returns the provider's settings with the client the
	// run registered, and the registration; nil when it registered none.
	RegisteredClient() (providers.Provider, *Registration)
}

// RegisteredClient implements Registrar.
func (s *stepper) RegisteredClient() (providers.Provider, *Registration) {
	if s.registered == nil {
		return providers.Provider{}, nil
	}
	return s.provider, s.registered
}

// CheckSettings checks p's settings as a run will use them
// (providers.Provider.Validate): a grant that finds its server
// (Grant.FindsServer) needs no issuer, and a run that gets its client
// itself (ObtainsClient, or such a grant given no client id, which gets
// one where it finds its server) needs no client settings. Every surface
// checks through it before anything is sent.
func CheckSettings(p providers.Provider, findsServer bool, in Inputs) error {
	if findsServer && p.Issuer == "" && p.TokenURL == "" {
		// The issuer is found by the run; one given is still checked.
		p.Issuer = "https://issuer.invalid"
	}
	if ObtainsClient(in) || (findsServer && p.ClientID == "") {
		p.ClientID, p.ClientSecret, p.AuthMethod = "obtained-by-the-run", "", providers.AuthNone
		p.ClientKey, p.ClientKeyFile = "", ""
	}
	return p.Validate()
}

// ObtainsClient reports whether a run with these inputs gets its client
// itself, by registering one (RFC 7591) or by naming a client ID metadata
// document, so that no client id need be given beforehand.
func ObtainsClient(in Inputs) bool {
	return in[InputRegister] == RegisterOn || strings.TrimSpace(in[InputClientIDURL]) != ""
}
