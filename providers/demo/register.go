package demo

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// registerPath is the dynamic client registration endpoint (RFC 7591 §3),
// published as registration_endpoint in the discovery document.
const registerPath = "/register"

// registry holds the clients registered at run time (RFC 7591), by
// client_id. It is shared by ClientByID, which every endpoint calls
// without knowing the server, so it is package-wide; each Server forgets
// the clients it registered when it closes, and client_ids are random, so
// two demo servers in one process never see each other's clients by
// accident.
var registry = struct {
	sync.RWMutex
	clients map[string]Client
}{clients: map[string]Client{}}

// registeredClient returns the client registered at run time with id.
func registeredClient(id string) (Client, bool) {
	registry.RLock()
	defer registry.RUnlock()
	c, ok := registry.clients[id]
	return c, ok
}

// registrationEndpoint answers client registration requests (RFC 7591 §3):
// open registration of public native clients and confidential clients,
// or, with token set, only requests that carry it as a Bearer initial
// access token (RFC 7591 §3, "initial access token").
type registrationEndpoint struct {
	token string
	now   func() time.Time
	// docs keeps the clients of client ID metadata documents (cimd.go),
	// forgotten with the registered ones.
	docs *clientDocuments

	mu  sync.Mutex
	ids []string
}

// registrationRequest is the client metadata the demo reads (RFC 7591
// §2); other members are ignored, as §2 allows.
type registrationRequest struct {
	RedirectURIs            []string `json:"redirect_uris"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	ClientName              string   `json:"client_name"`
	Scope                   string   `json:"scope"`
}

// registrationResponse is the client information response (RFC 7591
// §3.2.1).
type registrationResponse struct {
	ClientID                string   `json:"client_id"`
	ClientSecret            string   `json:"client_secret,omitempty"`
	ClientIDIssuedAt        int64    `json:"client_id_issued_at"`
	ClientSecretExpiresAt   *int64   `json:"client_secret_expires_at,omitempty"`
	RedirectURIs            []string `json:"redirect_uris,omitempty"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	ClientName              string   `json:"client_name,omitempty"`
	Scope                   string   `json:"scope"`
}

// registrableGrants are the grant types a registered client may have.
var registrableGrants = []string{grantCode, grantRefresh, grantClientCredentials, grantDevice}

func (e *registrationEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		registrationError(w, http.StatusMethodNotAllowed, "invalid_request", "the registration endpoint takes POST only (RFC 7591 section 3.1)")
		return
	}
	if e.token != "" {
		auth := r.Header.Get("Authorization")
		if len(auth) < 7 || !strings.EqualFold(auth[:7], "bearer ") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="registration"`)
			registrationError(w, http.StatusUnauthorized, "invalid_token", "this server requires an initial access token as a Bearer token to register a client (RFC 7591 section 3)")
			return
		}
		if subtle.ConstantTimeCompare([]byte(auth[7:]), []byte(e.token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="registration", error="invalid_token"`)
			registrationError(w, http.StatusUnauthorized, "invalid_token", "the initial access token is not valid")
			return
		}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		registrationError(w, http.StatusBadRequest, "invalid_client_metadata", "the client metadata must be sent as application/json (RFC 7591 section 3.1)")
		return
	}
	var req registrationRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil {
		registrationError(w, http.StatusBadRequest, "invalid_client_metadata", "the body is not a JSON object of client metadata")
		return
	}
	c, resp, code, err := e.register(req)
	if err != nil {
		registrationError(w, http.StatusBadRequest, code, err.Error())
		return
	}
	registry.Lock()
	registry.clients[c.ID] = c
	registry.Unlock()
	e.mu.Lock()
	e.ids = append(e.ids, c.ID)
	e.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(resp)
}

// register validates the metadata (RFC 7591 §2, §3.2.2) and makes the
// client; it returns the error code of a refusal.
func (e *registrationEndpoint) register(req registrationRequest) (Client, registrationResponse, string, error) {
	const badMeta, badRedirect = "invalid_client_metadata", "invalid_redirect_uri"
	if len(req.GrantTypes) == 0 {
		req.GrantTypes = []string{grantCode} // RFC 7591 §2
	}
	for _, g := range req.GrantTypes {
		if !slices.Contains(registrableGrants, g) {
			return Client{}, registrationResponse{}, badMeta, fmt.Errorf("grant type %s cannot be registered here; the demo registers %s", g, strings.Join(registrableGrants, " "))
		}
	}
	code := slices.Contains(req.GrantTypes, grantCode)
	if len(req.ResponseTypes) == 0 && code {
		req.ResponseTypes = []string{"code"}
	}
	for _, rt := range req.ResponseTypes {
		if rt != "code" || !code {
			return Client{}, registrationResponse{}, badMeta, fmt.Errorf("response type %s does not go with the grant types %s (RFC 7591 section 2.1)", rt, strings.Join(req.GrantTypes, " "))
		}
	}
	if code && len(req.RedirectURIs) == 0 {
		return Client{}, registrationResponse{}, badRedirect, errors.New("redirect_uris is required for the authorization_code grant (RFC 7591 section 2)")
	}
	for _, u := range req.RedirectURIs {
		if why := registrableRedirect(u); why != "" {
			return Client{}, registrationResponse{}, badRedirect, fmt.Errorf("redirect URI %s is refused because %s; register a loopback http URI (http://127.0.0.1:PORT/PATH, RFC 8252 section 7.3) or an https URI", u, why)
		}
	}
	method := req.TokenEndpointAuthMethod
	if method == "" {
		method = "client_secret_basic" // RFC 7591 §2
	}
	if !slices.Contains([]string{"none", "client_secret_basic", "client_secret_post"}, method) {
		return Client{}, registrationResponse{}, badMeta, fmt.Errorf("token_endpoint_auth_method %s cannot be registered here; the demo registers none, client_secret_basic and client_secret_post", method)
	}
	if method == "none" && slices.Contains(req.GrantTypes, grantClientCredentials) {
		return Client{}, registrationResponse{}, badMeta, errors.New("a public client (token_endpoint_auth_method none) cannot use the client_credentials grant (RFC 6749 section 4.4)")
	}
	allowed := []string{"api.read", "api.write"}
	if code || slices.Contains(req.GrantTypes, grantDevice) {
		allowed = slices.Concat(userScopes(), []string{"api.write"})
	}
	scopes := strings.Fields(req.Scope)
	if len(scopes) == 0 {
		scopes = allowed
	}
	for _, s := range scopes {
		if !slices.Contains(allowed, s) && !(code && slices.Contains(mcpScopes, s)) {
			return Client{}, registrationResponse{}, badMeta, fmt.Errorf("scope %s cannot be registered for these grant types; the demo allows %s", s, strings.Join(allowed, " "))
		}
	}
	name := req.ClientName
	if len(name) > 100 {
		name = name[:100]
	}
	c := Client{ID: "dyn-" + randomText(12), AuthMethod: method, Grants: req.GrantTypes, Scopes: scopes,
		RedirectURIs: req.RedirectURIs, Description: "registered at run time (RFC 7591)"}
	now := time.Now()
	if e.now != nil {
		now = e.now()
	}
	resp := registrationResponse{ClientID: c.ID, ClientIDIssuedAt: now.Unix(), RedirectURIs: req.RedirectURIs,
		TokenEndpointAuthMethod: method, GrantTypes: req.GrantTypes, ResponseTypes: req.ResponseTypes,
		ClientName: name, Scope: strings.Join(scopes, " ")}
	if resp.ResponseTypes == nil {
		resp.ResponseTypes = []string{}
	}
	if method != "none" {
		c.Secret = randomText(30)
		var never int64
		resp.ClientSecret, resp.ClientSecretExpiresAt = c.Secret, &never
	}
	return c, resp, "", nil
}

// registrableRedirect says why raw may not be registered, "" when it
// may: a loopback http URI (RFC 8252 §7.3) or an https URI, with no
// fragment (RFC 6749 §3.1.2).
func registrableRedirect(raw string) string {
	u, err := url.Parse(raw)
	if err == nil && u.Scheme == "https" && u.Host != "" && u.Fragment == "" && !strings.Contains(raw, "#") {
		return ""
	}
	if ok, why := loopbackRedirect(raw); !ok {
		return why
	}
	return ""
}

// forget removes the clients this endpoint registered: the server closes.
func (e *registrationEndpoint) forget() {
	if e.docs != nil {
		e.docs.forget()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	registry.Lock()
	defer registry.Unlock()
	for _, id := range e.ids {
		delete(registry.clients, id)
	}
	e.ids = nil
}

// registrationError writes an RFC 7591 §3.2.2 error response.
func registrationError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}

// randomText returns n random bytes, base64url: a client_id's or a
// secret's random part.
func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
