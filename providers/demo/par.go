package demo

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// op v3.52.0 has no pushed authorization requests (RFC 9126), so the demo
// adds them around it: parEndpoint takes the authenticated push and keeps
// its parameters under a one-time request_uri, and parAuthorize, in front
// of op's authorization endpoint, puts them back in place of client_id and
// request_uri before op reads the request.

const (
	// parPath is the pushed authorization request endpoint.
	parPath = "/par"
	// parLifetime is the request_uri's expires_in (RFC 9126 §2.2: "short").
	parLifetime = 60 * time.Second
	// requestURIPrefix starts every request_uri (RFC 9126 §2.2).
	requestURIPrefix = "urn:ietf:params:oauth:request_uri:"
)

// pushed is an authorization request pushed by an authenticated client.
type pushed struct {
	clientID string
	params   url.Values
	expires  time.Time
	used     bool
	// signed: the parameters came in a request object verified at the
	// push (RFC 9126 §3).
	signed bool
}

// parStore holds the pushed requests. A used or expired one is kept until
// a while after it expires so that a replay is told as such.
type parStore struct {
	mu   sync.Mutex
	reqs map[string]*pushed
	// now is the clock; tests move it instead of waiting.
	now func() time.Time
}

func newPARStore() *parStore {
	return &parStore{reqs: make(map[string]*pushed), now: time.Now}
}

// push stores params for clientID and returns the request_uri.
func (s *parStore) push(clientID string, params url.Values, signed bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, p := range s.reqs {
		if now.Sub(p.expires) > 10*parLifetime {
			delete(s.reqs, k)
		}
	}
	uri := requestURIPrefix + rand.Text()
	s.reqs[uri] = &pushed{clientID: clientID, params: params, expires: now.Add(parLifetime), signed: signed}
	return uri
}

// take uses the request pushed under uri by clientID, once (RFC 9126 §4).
// It returns the parameters pushed and, when the request_uri may not be
// used (already used, expired), why; nil parameters when the request_uri
// is unknown or belongs to another client, whose redirect URI must not be
// trusted.
func (s *parStore) take(clientID, uri string) (url.Values, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.reqs[uri]
	switch {
	case !ok || p.clientID != clientID:
		return nil, "unknown", false
	case p.used:
		return p.params, "the request_uri was already used; a pushed request is good for one authorization request (RFC 9126 section 4)", p.signed
	case s.now().After(p.expires):
		p.used = true
		return p.params, "the request_uri expired; it was good for 60 seconds (RFC 9126 section 2.2)", p.signed
	}
	p.used = true
	return p.params, "", p.signed
}

// parEndpoint is the pushed authorization request endpoint (RFC 9126 §2).
type parEndpoint struct {
	pars *parStore
	// auth authenticates the client as at the token endpoint
	// (oidcServer.authenticate), as RFC 9126 §2 requires.
	auth func(cc *op.ClientCredentials, h http.Header, u *url.URL) (Client, error)
	// verify checks a pushed request object (oidcServer.verifyRequestObject).
	verify func(clientID, raw string, now time.Time) (url.Values, string)
}

func (e *parEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		parError(w, http.StatusMethodNotAllowed, oidc.ErrInvalidRequest().WithDescription("the pushed authorization request endpoint takes POST only (RFC 9126 section 2.1)"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		parError(w, http.StatusBadRequest, oidc.ErrInvalidRequest().WithDescription("the body is not a form"))
		return
	}
	form := r.PostForm
	cc := &op.ClientCredentials{ClientID: form.Get("client_id"), ClientSecret: form.Get("client_secret"),
		ClientAssertion: form.Get("client_assertion"), ClientAssertionType: form.Get("client_assertion_type")}
	if id, secret, ok := r.BasicAuth(); ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		if cc.ClientID != "" && cc.ClientID != id {
			parError(w, http.StatusBadRequest, oidc.ErrInvalidRequest().WithDescription("client_id in the form differs from the one authenticated"))
			return
		}
		cc.ClientID, cc.ClientSecret = id, secret
	}
	c, err := e.auth(cc, r.Header, r.URL)
	if err != nil {
		oe := oidc.ErrInvalidClient().WithDescription("client authentication failed")
		_ = errors.As(err, &oe)
		w.Header().Set("WWW-Authenticate", `Basic realm="demo"`)
		parError(w, http.StatusUnauthorized, oe)
		return
	}
	signed := form.Has("request")
	if signed {
		// RFC 9126 §3: the request object holds the parameters.
		params, problem := e.verify(c.ID, form.Get("request"), time.Now())
		if problem != "" {
			parError(w, http.StatusBadRequest, &oidc.Error{ErrorType: "invalid_request_object", Description: problem})
			return
		}
		form = params
	}
	if oe := checkPushed(c, form); oe != nil {
		parError(w, http.StatusBadRequest, oe)
		return
	}
	params := url.Values{}
	for k, vs := range form {
		if k != "client_secret" {
			params[k] = vs
		}
	}
	params.Set("client_id", c.ID)
	uri := e.pars.push(c.ID, params, signed)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"request_uri": uri, "expires_in": int(parLifetime / time.Second)})
}

// checkPushed validates a pushed request as the authorization endpoint
// would before anything is stored (RFC 9126 §2.1); op checks the rest when
// the request_uri is used.
func checkPushed(c Client, form url.Values) *oidc.Error {
	switch {
	case form.Has("request_uri"):
		return oidc.ErrInvalidRequest().WithDescription("a pushed request must not carry request_uri (RFC 9126 section 2.1)")
	case !c.allows(grantCode):
		return oidc.ErrUnauthorizedClient().WithDescription("client %s is not registered for the authorization_code grant", c.ID)
	case form.Get("response_type") != string(oidc.ResponseTypeCode):
		return oidc.ErrInvalidRequest().WithDescription("response_type must be code")
	}
	if ok, why := loopbackRedirect(form.Get("redirect_uri")); !ok {
		return oidc.ErrInvalidRequest().WithDescription("redirect_uri is refused because %s; the demo accepts loopback redirects only (RFC 8252 section 7.3)", why)
	}
	if oe := scopeError(c, strings.Fields(form.Get("scope"))); oe != nil {
		return oe
	}
	if d := form.Get("authorization_details"); d != "" {
		if _, oe := readDetails(d); oe != nil {
			return oe
		}
	}
	return nil
}

// parError answers a refused push with a JSON error (RFC 9126 §2.3).
func parError(w http.ResponseWriter, status int, oe *oidc.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": string(oe.ErrorType), "error_description": oe.Description})
}

// parKey is the context key under which parAuthorize tells Authorize how
// the request came: a *parUse, or nothing when it was not pushed.
type parKey struct{}

// parUse is a request that came by request_uri; problem is why the
// request_uri may not be used, "" when it may; signed that it was pushed
// as a request object.
type parUse struct {
	problem string
	signed  bool
}

// parAuthorize puts the pushed parameters back in an authorization
// request that names a request_uri (RFC 9126 §4). A used or expired
// request_uri is refused by Authorize with invalid_request_uri, redirected
// to the redirect URI checked at the push; an unknown one, or one of
// another client, gets an error page: no redirect URI can be trusted.
func parAuthorize(authPath string, pars *parStore, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != authPath || r.Method != http.MethodGet || !q.Has("request_uri") {
			next.ServeHTTP(w, r)
			return
		}
		params, problem, signed := pars.take(q.Get("client_id"), q.Get("request_uri"))
		if params == nil {
			message(w, http.StatusBadRequest, "invalid_request_uri",
				"The request_uri is unknown here, or was pushed by another client than client_id. Push the authorization request again (RFC 9126 section 4).")
			return
		}
		r2 := r.Clone(context.WithValue(r.Context(), parKey{}, &parUse{problem: problem, signed: signed}))
		r2.URL.RawQuery = params.Encode()
		r2.RequestURI = r2.URL.RequestURI()
		r2.Form = nil
		next.ServeHTTP(w, r2)
	})
}

// parFrom returns how the authorization request in ctx came: nil when it
// was not pushed.
func parFrom(ctx context.Context) *parUse {
	u, _ := ctx.Value(parKey{}).(*parUse)
	return u
}
