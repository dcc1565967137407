package demo

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
	"sync"
	"syscall"
	"time"
)

// Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document,
// "the draft" below; the MCP authorization specification 2025-11-25 uses
// them): a client_id that is a URL names a JSON document of client metadata
// (RFC 7591 §2) that the server fetches, instead of a registration.

const (
	// cimdMaxBytes is the most of a document read: the draft's §8.7
	// recommends 5 kilobytes; a longer answer is refused, not cut.
	cimdMaxBytes = 5 << 10
	// cimdTimeout bounds one fetch, connection and body.
	cimdTimeout = 5 * time.Second
	// cimdCacheFor is how long the token endpoint trusts a document the
	// authorization endpoint fetched. The draft's §5.2 lets a server cache
	// documents with bounds of its own and forbids caching errors and
	// invalid documents; the demo re-fetches at every authorization
	// request (so an edited document shows at once, §5 "SHOULD
	// periodically re-fetch") and keeps the accepted copy this long for
	// the token, revocation and device endpoints.
	cimdCacheFor = 10 * time.Minute
)

// discoveryWithCIMD is the discovery document with the member that says
// the server takes client ID metadata documents (the draft's §6).
type discoveryWithCIMD struct {
	discoveryWithMTLS
	ClientIDMetadataDocumentSupported bool `json:"client_id_metadata_document_supported"`
}

// isClientIDURL tells whether a client_id is meant as a client
// identifier URL (the draft's §3): the demo's own client_ids never start
// with a scheme, as §7.1 asks of servers that have both kinds.
func isClientIDURL(id string) bool {
	return strings.HasPrefix(id, "https://") || strings.HasPrefix(id, "http://")
}

// clientDocuments fetches, checks and keeps the clients that client ID
// metadata documents describe. The accepted ones go into the registry
// under their URL, so that every endpoint finds them by client_id.
type clientDocuments struct {
	client *http.Client
	now    func() time.Time

	mu      sync.Mutex
	fetched map[string]time.Time // when each URL in the registry was fetched
}

// newClientDocuments returns a fetcher that follows no redirect (the
// draft's §5), connects only to loopback or public addresses (§8.6, with
// its loopback exception for a development server on loopback, which the
// demo always is) and gives up after cimdTimeout.
func newClientDocuments() *clientDocuments {
	dialer := &net.Dialer{Timeout: cimdTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() && (ip.IsPrivate() || !ip.IsGlobalUnicast()) {
			return fmt.Errorf("address %s is a special-use address the demo does not fetch from (draft section 8.6)", host)
		}
		return nil
	}}
	return &clientDocuments{
		client: &http.Client{
			Timeout:       cimdTimeout,
			Transport:     &http.Transport{DialContext: dialer.DialContext, Proxy: nil, MaxResponseHeaderBytes: 16 << 10, DisableKeepAlives: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		now:     time.Now,
		fetched: map[string]time.Time{},
	}
}

// cimdDocument is the part of a client ID metadata document the demo
// reads (RFC 7591 §2 names); the credentials are read only to refuse them
// (the draft's §4.1).
type cimdDocument struct {
	ClientID                string          `json:"client_id"`
	ClientName              string          `json:"client_name"`
	RedirectURIs            []string        `json:"redirect_uris"`
	GrantTypes              []string        `json:"grant_types"`
	ResponseTypes           []string        `json:"response_types"`
	TokenEndpointAuthMethod *string         `json:"token_endpoint_auth_method"`
	Scope                   string          `json:"scope"`
	ClientSecret            json.RawMessage `json:"client_secret"`
	ClientSecretExpiresAt   json.RawMessage `json:"client_secret_expires_at"`
	JWKS                    json.RawMessage `json:"jwks"`
	JWKSURI                 json.RawMessage `json:"jwks_uri"`
}

// resolve fetches the document at id and returns the client it
// describes, kept in the registry. fresh forces a fetch (the
// authorization endpoint); otherwise a copy younger than cimdCacheFor is
// used. A refusal removes any copy kept (the draft's §5.2).
func (d *clientDocuments) resolve(ctx context.Context, id string, fresh bool) (Client, error) {
	d.mu.Lock()
	at, kept := d.fetched[id]
	d.mu.Unlock()
	if c, ok := registeredClient(id); ok && kept && !fresh && d.now().Sub(at) < cimdCacheFor {
		return c, nil
	}
	c, err := d.fetch(ctx, id)
	d.mu.Lock()
	defer d.mu.Unlock()
	registry.Lock()
	defer registry.Unlock()
	if err != nil {
		if _, ok := d.fetched[id]; ok {
			delete(registry.clients, id)
			delete(d.fetched, id)
		}
		return Client{}, fmt.Errorf("client ID metadata document %s: %w", plain(id, 200), err)
	}
	registry.clients[id] = c
	d.fetched[id] = d.now()
	return c, nil
}

// fetch GETs the document and checks it.
func (d *clientDocuments) fetch(ctx context.Context, id string) (Client, error) {
	if why := clientIDURLProblem(id); why != "" {
		return Client{}, errors.New(why)
	}
	ctx, cancel := context.WithTimeout(ctx, cimdTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, id, nil)
	if err != nil {
		return Client{}, fmt.Errorf("cannot request it: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return Client{}, fmt.Errorf("fetching it failed: %v (draft section 5.1)", errors.Unwrap(err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode/100 == 3:
		return Client{}, fmt.Errorf("it answered HTTP %d, a redirect, which the server must not follow (draft section 5): serve the document at the client_id URL itself", resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return Client{}, fmt.Errorf("it answered HTTP %d; the document must be served with 200 OK (draft section 5)", resp.StatusCode)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "application/json" && !(strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return Client{}, fmt.Errorf("it is served as %s, not application/json (draft section 4)", plain(mt, 60))
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, cimdMaxBytes+1))
	if err != nil {
		return Client{}, fmt.Errorf("reading it failed: %v", err)
	}
	if len(raw) > cimdMaxBytes {
		return Client{}, fmt.Errorf("it is larger than %d bytes, the most the demo reads (draft section 8.7)", cimdMaxBytes)
	}
	var doc cimdDocument
	if err := json.Unmarshal(raw, &doc); err != nil {
		return Client{}, errors.New("it is not a JSON object of client metadata (draft section 4, RFC 7591 section 2)")
	}
	return documentClient(id, doc)
}

// clientIDURLProblem says why id cannot be a client identifier URL here
// (the draft's §3), "" when it can: https, or http on loopback, which the
// demo allows as a development server on loopback (§8.6).
func clientIDURLProblem(id string) string {
	u, err := url.Parse(id)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return "the client_id is not an absolute URL (draft section 3)"
	case len(id) > 2048:
		return "the client_id URL is longer than 2048 characters"
	case u.Scheme != "https" && u.Scheme != "http":
		return "the client_id URL must use https (draft section 3)"
	case u.User != nil:
		return "the client_id URL must not carry a user name or password (draft section 3)"
	case strings.Contains(id, "#"):
		return "the client_id URL must not have a fragment (draft section 3)"
	case u.EscapedPath() == "":
		return "the client_id URL must have a path, e.g. /client.json (draft section 3)"
	}
	for seg := range strings.SplitSeq(u.EscapedPath(), "/") {
		if seg == "." || seg == ".." || strings.EqualFold(seg, "%2e") || strings.EqualFold(seg, "%2e%2e") {
			return "the client_id URL must not have . or .. path segments (draft section 3)"
		}
	}
	if u.Scheme == "http" {
		host := u.Hostname()
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return "the client_id URL uses http on " + plain(host, 100) + ", which is not loopback: real servers require https (draft section 3); the demo takes http only on 127.0.0.1, [::1] or localhost (section 8.6)"
		}
	}
	return ""
}

// documentClient checks doc as the document at id and returns its client:
// a public client (the demo does not verify private_key_jwt from a
// document's keys) for the authorization code grant.
func documentClient(id string, doc cimdDocument) (Client, error) {
	switch {
	case doc.ClientID != id:
		return Client{}, fmt.Errorf("its client_id is %s, not the URL it was fetched from; they must be equal, character for character (draft section 4)", plain(doc.ClientID, 200))
	case doc.ClientSecret != nil || doc.ClientSecretExpiresAt != nil:
		return Client{}, errors.New("it contains client_secret or client_secret_expires_at, which a client ID metadata document must not use: nothing shares a secret with its server (draft section 4.1)")
	}
	method := "none"
	if doc.TokenEndpointAuthMethod != nil {
		method = *doc.TokenEndpointAuthMethod
	}
	switch {
	case strings.HasPrefix(method, "client_secret_"):
		return Client{}, fmt.Errorf("its token_endpoint_auth_method is %s, a shared-secret method, which a client ID metadata document must not name (draft section 4.1); use none", plain(method, 40))
	case method == "private_key_jwt":
		return Client{}, errors.New("its token_endpoint_auth_method is private_key_jwt; the draft allows it with jwks or jwks_uri (section 8.2), but the demo takes only public clients from documents: use none")
	case method != "none":
		return Client{}, fmt.Errorf("its token_endpoint_auth_method %s is not one the demo takes from a document; use none", plain(method, 40))
	}
	grants := doc.GrantTypes
	if len(grants) == 0 {
		grants = []string{grantCode} // RFC 7591 §2
	}
	for _, g := range grants {
		if !slices.Contains([]string{grantCode, grantRefresh}, g) {
			return Client{}, fmt.Errorf("its grant_types name %s; the demo takes documents of public clients for authorization_code and refresh_token only", plain(g, 80))
		}
	}
	for _, rt := range doc.ResponseTypes {
		if rt != "code" {
			return Client{}, fmt.Errorf("its response_types name %s; the demo takes code only", plain(rt, 40))
		}
	}
	if len(doc.RedirectURIs) == 0 {
		return Client{}, errors.New("it has no redirect_uris; the server registers the redirect URIs from the document and an authorization request must name one exactly (draft section 4.2)")
	}
	for _, u := range doc.RedirectURIs {
		if why := registrableRedirect(u); why != "" {
			return Client{}, fmt.Errorf("its redirect URI %s is refused because %s", plain(u, 200), why)
		}
	}
	allowed := slices.Concat(userScopes(), []string{"api.write"})
	scopes := strings.Fields(doc.Scope)
	for _, s := range scopes {
		// A document client acts for a user, as a registered code client
		// does: the MCP scopes are open to it too (clients.go).
		if !slices.Contains(allowed, s) && !slices.Contains(mcpScopes, s) {
			return Client{}, fmt.Errorf("its scope names %s; the demo allows %s", plain(s, 60), strings.Join(slices.Concat(allowed, mcpScopes), " "))
		}
	}
	if len(scopes) == 0 {
		scopes = allowed
	}
	host := ""
	if u, err := url.Parse(id); err == nil {
		host = u.Host
	}
	desc := "client ID metadata document at " + plain(host, 100)
	if doc.ClientName != "" {
		desc += ", client_name " + plain(doc.ClientName, 60)
	}
	return Client{ID: id, AuthMethod: "none", Grants: grants, Scopes: scopes, RedirectURIs: doc.RedirectURIs, Description: desc}, nil
}

// forget removes the clients of documents this server accepted: it closes.
func (d *clientDocuments) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	registry.Lock()
	defer registry.Unlock()
	for id := range d.fetched {
		delete(registry.clients, id)
	}
	clear(d.fetched)
}

// plain quotes outside text for an error description, which RFC 6749
// §5.2 restricts to printable ASCII without double quotes (and which the
// consent page shows): at most n characters in single quotes, every other
// character a question mark.
func plain(s string, n int) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i, r := range s {
		if i >= n {
			b.WriteString("...")
			break
		}
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			r = '?'
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}
