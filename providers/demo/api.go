package demo

import (
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// apiRateWindow is the window of the demo API's per-token rate limit.
const apiRateWindow = 10 * time.Second

// tokenClaims are the claims of the provider's JWT access tokens (RFC 9068 §2.2).
type tokenClaims struct {
	jwt.Claims
	Scope    string `json:"scope"`
	ClientID string `json:"client_id"`
	// Cnf binds a DPoP-bound token to its key (RFC 9449 §6.1).
	Cnf *struct {
		JKT string `json:"jkt"`
	} `json:"cnf,omitempty"`
}

// verifier validates the provider's own access tokens as a resource server
// would (RFC 9068 §4): signature with the provider's public key, iss, aud,
// exp and nbf. Because the API runs inside the provider it also honours
// revocation (RFC 7009), which a remote resource server could only learn by
// introspection.
type verifier struct {
	issuer string
	kid    string
	key    *rsa.PublicKey
	store  *storage
}

// verify checks raw and explains a failure in one ASCII line. audience, if
// set, must be among the token's aud values.
func (v *verifier) verify(raw, audience string) (*tokenClaims, error) {
	if raw == "" {
		return nil, fmt.Errorf("empty access token")
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		if strings.Count(raw, ".") != 2 {
			return nil, fmt.Errorf("malformed token: not a JWT (a JWT has three base64url parts separated by dots)")
		}
		return nil, fmt.Errorf("malformed token: %s", err)
	}
	if len(tok.Headers) != 1 {
		return nil, fmt.Errorf("malformed token: expected exactly one signature")
	}
	if kid := tok.Headers[0].KeyID; kid != v.kid {
		return nil, fmt.Errorf("bad signature: the token names key %s, which is not this provider's signing key", kid)
	}
	var c tokenClaims
	if err := tok.Claims(v.key, &c); err != nil {
		return nil, fmt.Errorf("bad signature: the token was not signed by this provider's key or its claims are not JSON")
	}
	now := time.Now()
	switch {
	case c.Issuer != v.issuer:
		return nil, fmt.Errorf("wrong issuer: iss is %s, expected %s", c.Issuer, v.issuer)
	case audience != "" && !slices.Contains([]string(c.Audience), audience):
		return nil, fmt.Errorf("wrong audience: aud is [%s], this API accepts only tokens for %s",
			strings.Join(c.Audience, " "), audience)
	case c.Expiry == nil:
		return nil, fmt.Errorf("the token has no exp claim")
	case !now.Before(c.Expiry.Time()):
		return nil, fmt.Errorf("the token expired at %s (%s ago)",
			c.Expiry.Time().UTC().Format(time.RFC3339), now.Sub(c.Expiry.Time()).Round(time.Second))
	case c.NotBefore != nil && now.Before(c.NotBefore.Time()):
		return nil, fmt.Errorf("the token is not valid before %s", c.NotBefore.Time().UTC().Format(time.RFC3339))
	}
	if c.ID == "" {
		return nil, fmt.Errorf("the JWT has no jti, so it is not an access token of this provider (an ID token? send the access_token)")
	}
	if _, err := v.store.activeAccessToken(c.ID); err != nil {
		return nil, err
	}
	return &c, nil
}

// rateLimiter allows limit requests per key in each fixed window.
type rateLimiter struct {
	limit  int
	window time.Duration

	mu   sync.Mutex
	seen map[string]rateWindow
}

type rateWindow struct {
	start time.Time
	count int
}

// allow counts a request for key and, when over the limit, says how long
// until the window ends.
func (l *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 1024 {
		for k, w := range l.seen {
			if now.Sub(w.start) >= l.window {
				delete(l.seen, k)
			}
		}
	}
	w, ok := l.seen[key]
	if !ok || now.Sub(w.start) >= l.window {
		w = rateWindow{start: now}
	}
	w.count++
	l.seen[key] = w
	if w.count > l.limit {
		return false, w.start.Add(l.window).Sub(now)
	}
	return true, 0
}

// api is the protected demo API, the resource server of RFC 6749 §1.1.
// It accepts bearer tokens in the Authorization header (RFC 6750 §2.1),
// and DPoP-bound tokens only with their proof (RFC 9449 §7.1).
type api struct {
	guard   *resourceGuard
	limiter *rateLimiter
	// mtlsAPI is the API's mTLS address, where a certificate-bound token
	// is accepted (RFC 8705 §3).
	mtlsAPI string
	// issuer is where the resource's metadata is served (RFC 9728 §3).
	issuer string
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var need string // the scope the path requires
	switch r.URL.Path {
	case "/api/whoami":
	case "/api/reports":
		need = "api.read"
	default:
		writeJSON(w, http.StatusNotFound, apiError("not_found", "no such API path; try /api/whoami or /api/reports"))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, apiError("method_not_allowed", "use GET"))
		return
	}
	claims, refused := a.guard.present(r, APIAudience, "demo-api")
	if refused != nil {
		refused.metadata = a.issuer + ResourceMetadataPath + r.URL.Path
		refused.write(w)
		return
	}
	_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if desc := certBindingProblem(strings.TrimSpace(token), r.TLS, a.mtlsAPI+strings.TrimPrefix(r.URL.Path, "/api")); desc != "" {
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="demo-api", error="invalid_token", error_description="%s"`, headerSafe(desc)))
		writeJSON(w, http.StatusUnauthorized, apiError("invalid_token", desc))
		return
	}
	if ok, wait := a.limiter.allow(claims.ID, time.Now()); !ok {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", fmt.Sprint(secs))
		writeJSON(w, http.StatusTooManyRequests, apiError("rate_limited", fmt.Sprintf(
			"more than %d requests with this token in %s; retry after %d s (RFC 6585 section 4)", a.limiter.limit, a.limiter.window, secs)))
		return
	}
	scopes := strings.Fields(claims.Scope)
	if need != "" && !slices.Contains(scopes, need) {
		desc := fmt.Sprintf("this endpoint needs scope %s; the token has scope [%s]", need, claims.Scope)
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="demo-api", error="insufficient_scope", scope="%s", error_description="%s"`, need, headerSafe(desc)))
		writeJSON(w, http.StatusForbidden, map[string]any{"error": "insufficient_scope", "error_description": desc, "scope": need})
		return
	}
	if r.URL.Path == "/api/reports" {
		writeJSON(w, http.StatusOK, map[string]any{
			"reports": []map[string]any{
				{"id": 1, "title": "Quarterly sign-ins", "value": 1284},
				{"id": 2, "title": "Tokens issued", "value": 5120},
				{"id": 3, "title": "Refresh tokens rotated", "value": 377},
			},
			"message": "read with scope api.read",
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sub": claims.Subject, "client_id": claims.ClientID, "scope": claims.Scope, "aud": claims.Audience,
		"message": "the demo API (resource server) accepted your access token",
	})
}

// apiError is the JSON body of an API error.
func apiError(code, description string) map[string]string {
	return map[string]string{"error": code, "error_description": description}
}

// headerSafe makes s fit a quoted-string parameter of WWW-Authenticate
// (RFC 6750 §3: printable ASCII without double quote and backslash).
func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"' || r == '\\':
			return '\''
		case r < 0x20 || r > 0x7e:
			return -1
		}
		return r
	}, s)
}

// writeJSON writes v as an indented JSON body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
