package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document,
// "the draft"; the MCP authorization specification 2025-11-25 uses them):
// the run's client_id is an https URL whose JSON document of client
// metadata the server fetches, with no registration endpoint and no
// secret. Declared once here, as a client option.
const (
	// InputClientIDURL is the URL to use as the client_id, or
	// ClientIDURLServe.
	InputClientIDURL = "client-id-url"
	// ClientIDURLServe makes the run host the document itself on a
	// loopback listener, for a server on loopback (the demo).
	ClientIDURLServe = "serve"
	// ClientDocumentPath is the path the run serves its document at.
	ClientDocumentPath = "/oauth-client.json"
	// ClientDocumentMaxBytes is the size the draft's §8.7 recommends
	// servers read at most (5 kilobytes).
	ClientDocumentMaxBytes = 5 << 10
)

var clientIDURLInput = Input{Name: InputClientIDURL, Label: "Client ID URL", Flag: "client-id-url", Check: checkClientIDURLInput,
	Help: "an https URL to use as the client_id, where you host the client ID metadata document the server fetches (draft-ietf-oauth-client-id-metadata-document §3); " +
		"real servers require https and fetch it from the internet. serve: the run hosts it itself on loopback, which works with a server on loopback such as the demo"}

// checkClientIDURLInput accepts serve or a client identifier URL.
func checkClientIDURLInput(v string) error {
	if v = strings.TrimSpace(v); v == "" || v == ClientIDURLServe {
		return nil
	}
	return CheckClientIDURL(v)
}

// CheckClientIDURL says what keeps raw from being a client identifier URL
// (the draft's §3): https (or http on loopback, for a server on this
// machine, §8.6), no user name or password, a path, no . or .. segment,
// no fragment.
func CheckClientIDURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return errors.New("not an absolute URL such as https://app.example/oauth-client.json (draft §3)")
	case u.Scheme != "https" && u.Scheme != "http":
		return errors.New("the client_id URL must use https (draft §3)")
	case u.User != nil:
		return errors.New("the client_id URL must not carry a user name or password (draft §3)")
	case strings.Contains(raw, "#"):
		return errors.New("the client_id URL must not have a fragment (draft §3)")
	case u.EscapedPath() == "" || u.EscapedPath() == "/":
		return errors.New("the client_id URL needs a path, e.g. /oauth-client.json (draft §3)")
	}
	for seg := range strings.SplitSeq(u.EscapedPath(), "/") {
		if seg == "." || seg == ".." || strings.EqualFold(seg, "%2e") || strings.EqualFold(seg, "%2e%2e") {
			return errors.New("the client_id URL must not have . or .. path segments (draft §3)")
		}
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return errors.New("the client_id URL must use https (draft §3); http works only on loopback, with a server on this machine")
	}
	return nil
}

// isLoopbackHost tells whether host is 127.0.0.1, ::1 (any loopback
// address) or localhost.
func isLoopbackHost(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// ClientDocument is the step that sets the run's client_id to the URL of
// a client ID metadata document, placed where registration goes.
var ClientDocument = StepInfo{
	ID:      "client_document",
	Title:   "Client ID document",
	From:    Client,
	To:      AuthorizationServer,
	Summary: "the client_id is a URL whose metadata document the server fetches: the client builds the document, fetches it as the server will and compares (draft-ietf-oauth-client-id-metadata-document §3, §4)",
	Explain: clientDocumentExplain,
}

// ClientIDDocument is a client ID metadata document: the client_id and
// RFC 7591 §2 client metadata (the draft's §4).
type ClientIDDocument struct {
	ClientID string `json:"client_id"`
	ClientMetadata
}

// NewClientIDDocument returns the document of a public native client
// with clientID, redirect URIs, grant types (default authorization_code
// and refresh_token) and name: what `client-document` prints and what a
// run serves.
func NewClientIDDocument(clientID, name string, redirectURIs, grantTypes []string) ClientIDDocument {
	if len(grantTypes) == 0 {
		grantTypes = []string{"authorization_code", "refresh_token"}
	}
	d := ClientIDDocument{ClientID: clientID, ClientMetadata: ClientMetadata{RedirectURIs: redirectURIs, GrantTypes: grantTypes,
		TokenEndpointAuthMethod: providers.AuthNone, ClientName: name}}
	if slices.Contains(grantTypes, "authorization_code") {
		d.ResponseTypes = []string{"code"}
	}
	return d
}

// documentURL is the client-id-url input, "" when not given.
func (s *stepper) documentURL() string { return strings.TrimSpace(s.opts.input(clientIDURLInput)) }

// documents tells whether the run uses a client ID metadata document
// given by the user: register on wins over it.
func (s *stepper) documents() bool { return s.documentURL() != "" && !s.registers() }

// withClientDocument puts the client document step after discovery when
// the user gave a client-id-url (and register is off).
func (s *stepper) withClientDocument(plan []plannedStep) []plannedStep {
	if len(plan) == 0 || plan[0].info.ID != Discovery.ID || !s.documents() ||
		slices.ContainsFunc(plan, func(st plannedStep) bool { return st.info.ID == ClientDocument.ID }) {
		return plan
	}
	return slices.Insert(plan, 1, plannedStep{info: ClientDocument, stops: true, run: func(ctx context.Context) Result {
		return s.useClientDocument(ctx, s.documentURL())
	}})
}

// useClientDocument makes the run's client_id the URL raw (or a URL it
// serves itself, for serve): it builds the document the run needs, fetches
// the URL as the server will, compares, and switches the run to that
// public client.
func (s *stepper) useClientDocument(ctx context.Context, raw string) Result {
	r := Result{Status: Done}
	g, _ := GrantByID(s.flowID)
	meta, err := s.clientMetadata()
	if err != nil {
		return failed(r, err)
	}
	target, serve := raw, raw == ClientIDURLServe
	var ln net.Listener
	if serve {
		if ln, target, err = listenDocument(); err != nil {
			return failed(r, err)
		}
	} else if err := CheckClientIDURL(target); err != nil {
		return failed(r, &ClientDocumentError{URL: target, Problems: []string{err.Error()}})
	}
	want := NewClientIDDocument(target, "oauth-explorer", meta.RedirectURIs, meta.GrantTypes)
	want.ResponseTypes, want.Scope = meta.ResponseTypes, meta.Scope
	if serve {
		s.serveDocument(ln, want)
		r.Notes = append(r.Notes, "serve: the run hosts its document at "+target+" on a loopback listener of its own, closed when the run ends; only a server on this machine can fetch it")
	}
	wantJSON, _ := json.Marshal(want)
	r.Notes = append(r.Notes, "the document the server must find at "+target+": "+string(wantJSON))
	got, problems, err := s.fetchDocument(ctx, target)
	r.Exchanges = append(r.Exchanges, s.rec.Take()...)
	if err != nil {
		return failed(r, &ClientDocumentError{URL: target, Unreachable: true, Problems: []string{err.Error()}, Want: string(wantJSON)})
	}
	if got != nil {
		problems = append(problems, compareDocument(*got, want, g.Browser)...)
	}
	if len(problems) > 0 {
		return failed(r, &ClientDocumentError{URL: target, Problems: problems, Want: string(wantJSON)})
	}
	r.Notes = append(r.Notes, "fetched as the server will (no redirects followed, draft §5): the document matches what this run needs")
	switch {
	case s.md == nil:
	case s.md.ClientIDMetadataDocumentSupported:
		r.Notes = append(r.Notes, "the server's metadata says client_id_metadata_document_supported: true (draft §6)")
	default:
		r.Notes = append(r.Notes, "the server's metadata does not say client_id_metadata_document_supported (draft §6): it will likely refuse this client_id as unknown; give {setting:register} on, or a {setting:client-id} registered there")
	}
	if u, _ := url.Parse(target); u != nil && u.Scheme == "http" {
		r.Notes = append(r.Notes, "real servers require https (draft §3) and fetch the document from the internet; a loopback http URL works only with a server on this machine, such as the demo")
	}
	s.provider.ClientID, s.provider.ClientSecret = target, ""
	s.provider.ClientKey, s.provider.ClientKeyFile = "", ""
	s.provider.AuthMethod, s.provider.AuthAuto = providers.AuthNone, false
	s.dropAssertion()
	r.Notes = append(r.Notes, "the run now uses client_id "+target+", a public client: token_endpoint_auth_method none, no secret (draft §4.1)")
	return r
}

// dropAssertion removes the client assertion of the client given before:
// a client from registration or a document authenticates with a secret
// or none.
func (s *stepper) dropAssertion() {
	if s.assertion == nil {
		return
	}
	s.assertion = nil
	if s.dpop != nil {
		s.dpop.base = s.rec
	} else {
		s.client.Transport = s.rec
	}
}

// fetchDocument GETs target as a server would: no redirects followed, at
// most MaxBody read. It returns the document when the answer is one,
// else the problems found; err when there was no answer.
func (s *stepper) fetchDocument(ctx context.Context, target string) (*ClientIDDocument, []string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", "application/json")
	c := &http.Client{Transport: s.rec, Timeout: s.client.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return nil, nil, err
	}
	switch {
	case resp.StatusCode/100 == 3:
		return nil, []string{fmt.Sprintf("the URL answers HTTP %d, a redirect, which servers must not follow (draft §5): serve the document at the URL itself", resp.StatusCode)}, nil
	case resp.StatusCode != http.StatusOK:
		return nil, []string{fmt.Sprintf("the URL answers HTTP %d; the document must be served with 200 OK (draft §5)", resp.StatusCode)}, nil
	}
	var problems []string
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" && !(strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		problems = append(problems, fmt.Sprintf("it is served as %.60q, not application/json (draft §4)", mt))
	}
	if len(raw) > ClientDocumentMaxBytes {
		problems = append(problems, fmt.Sprintf("it is %d bytes, more than the 5 kilobytes servers are advised to read (draft §8.7)", len(raw)))
	}
	var probe map[string]json.RawMessage
	var doc ClientIDDocument
	if json.Unmarshal(raw, &probe) != nil || json.Unmarshal(raw, &doc) != nil {
		return nil, append(problems, "it is not a JSON object of client metadata (draft §4)"), nil
	}
	if _, ok := probe["client_secret"]; ok {
		problems = append(problems, "it contains client_secret, which a client ID metadata document must not (draft §4.1)")
	}
	return &doc, problems, nil
}

// compareDocument lists how got differs from what the run needs.
func compareDocument(got, want ClientIDDocument, browser bool) []string {
	var problems []string
	if got.ClientID != want.ClientID {
		problems = append(problems, fmt.Sprintf("its client_id is %.200q, not the URL %s; they must be equal character for character (draft §4)", got.ClientID, want.ClientID))
	}
	for _, uri := range want.RedirectURIs {
		if browser && !slices.Contains(got.RedirectURIs, uri) {
			problems = append(problems, "its redirect_uris do not list "+uri+", the redirect URI of this run: the server will refuse the authorization request (draft §4.2)")
		}
	}
	switch m := got.TokenEndpointAuthMethod; {
	case m == "":
		// RFC 7591's default, client_secret_basic, cannot apply (§4.1).
	case m != providers.AuthNone:
		problems = append(problems, fmt.Sprintf("its token_endpoint_auth_method is %.40q; this run is a public client: none (draft §4.1, §8.2)", m))
	}
	for _, gt := range want.GrantTypes {
		if len(got.GrantTypes) > 0 && !slices.Contains(got.GrantTypes, gt) {
			problems = append(problems, "its grant_types do not list "+gt+", the grant this run uses (RFC 7591 §2)")
		}
	}
	return problems
}

// listenDocument opens the run's own loopback listener for its document
// (127.0.0.1, a free port) and returns the document's URL there.
func listenDocument() (net.Listener, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", &ListenerError{Problem: "no free loopback port to serve the client ID metadata document: " + err.Error()}
	}
	return ln, "http://" + ln.Addr().String() + ClientDocumentPath, nil
}

// serveDocument serves doc on ln at ClientDocumentPath, GET only, until
// closeDocument.
func (s *stepper) serveDocument(ln net.Listener, doc ClientIDDocument) {
	body, _ := json.MarshalIndent(doc, "", "  ")
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path != ClientDocumentPath:
			http.NotFound(w, r)
		case r.Method != http.MethodGet:
			w.Header().Set("Allow", http.MethodGet)
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write(append(body, '\n'))
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	s.documentServer = srv
}

// closeDocument stops the run's document server, if it serves one.
func (s *stepper) closeDocument() error {
	if s.documentServer == nil {
		return nil
	}
	err := s.documentServer.Close()
	s.documentServer = nil
	return err
}
