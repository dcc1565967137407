package demo_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// docRedirect is the redirect URI the documents of these tests register.
const docRedirect = "http://127.0.0.1:49152/callback"

// hostDocument serves body (as JSON, with status) at /client.json on a
// loopback server playing the client that hosts its client ID metadata
// document (draft-ietf-oauth-client-id-metadata-document §3), and returns
// the document's URL. A body of nil is made by doc from that URL.
func hostDocument(t *testing.T, status int, contentType string, doc func(url string) any) string {
	t.Helper()
	var self string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/client.json" {
			http.Redirect(w, r, self, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(doc(self))
	}))
	t.Cleanup(srv.Close)
	self = srv.URL + "/client.json"
	return self
}

// publicDoc is a valid document for url: a public native client.
func publicDoc(url string) map[string]any {
	return map[string]any{"client_id": url, "client_name": "test app", "redirect_uris": []string{docRedirect},
		"grant_types": []string{"authorization_code", "refresh_token"}, "response_types": []string{"code"},
		"token_endpoint_auth_method": "none"}
}

func TestClientIDMetadataDocumentAccepted(t *testing.T) {
	s := demotest.Start(t)
	ctx, hc := testContext(t)
	provider, err := oidc.NewProvider(ctx, s.Issuer())
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Supported bool `json:"client_id_metadata_document_supported"`
	}
	if err := provider.Claims(&claims); err != nil || !claims.Supported {
		t.Fatalf("discovery: client_id_metadata_document_supported = %v (%v), want true (draft section 6)", claims.Supported, err)
	}
	id := hostDocument(t, http.StatusOK, "application/json", func(u string) any { return publicDoc(u) })
	cfg := codeConfig(s, id, "")
	verifier := oauth2.GenerateVerifier()
	q := authorize(t, ctx, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier), oidc.Nonce("n")), true)
	if q.Get("code") == "" {
		t.Fatalf("no code in the redirect: %v", q)
	}
	tok, err := cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("token request with client_id %s: %v", id, err)
	}
	if c := jwtClaims(t, tok.AccessToken); c["client_id"] != id {
		t.Errorf("access token client_id = %v, want the document's URL %s", c["client_id"], id)
	}
	// The refresh token belongs to the same client (RFC 6749 §6).
	if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
		t.Errorf("refresh with client_id %s: %v", id, err)
	}
	// A redirect URI the document does not list is refused, not followed.
	other := *cfg
	other.RedirectURL = "http://127.0.0.1:49153/elsewhere"
	r := do(t, noRedirect(hc), http.MethodGet, other.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), nil, nil)
	if r.status != http.StatusBadRequest || r.header.Get("Location") != "" || !strings.Contains(r.raw, "not one of the redirect URIs") {
		t.Errorf("unlisted redirect_uri: HTTP %d, Location %q, body %s; want 400 naming the registered URIs", r.status, r.header.Get("Location"), r.raw)
	}
}

func TestClientIDMetadataDocumentRefused(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	with := func(change func(m map[string]any)) func(string) any {
		return func(u string) any {
			m := publicDoc(u)
			change(m)
			return m
		}
	}
	for _, tc := range []struct {
		name   string
		id     func(t *testing.T) string
		reason string
	}{
		{"client_id differs", func(t *testing.T) string {
			return hostDocument(t, 200, "application/json", with(func(m map[string]any) { m["client_id"] = "https://app.example/client.json" }))
		}, "not the URL it was fetched from"},
		{"no redirect_uris", func(t *testing.T) string {
			return hostDocument(t, 200, "application/json", with(func(m map[string]any) { delete(m, "redirect_uris") }))
		}, "no redirect_uris"},
		{"client_secret", func(t *testing.T) string {
			return hostDocument(t, 200, "application/json", with(func(m map[string]any) { m["client_secret"] = "s3cret" }))
		}, "client_secret"},
		{"shared-secret method", func(t *testing.T) string {
			return hostDocument(t, 200, "application/json", with(func(m map[string]any) { m["token_endpoint_auth_method"] = "client_secret_basic" }))
		}, "shared-secret method"},
		{"private_key_jwt", func(t *testing.T) string {
			return hostDocument(t, 200, "application/json", with(func(m map[string]any) { m["token_endpoint_auth_method"] = "private_key_jwt" }))
		}, "only public clients"},
		{"too big", func(t *testing.T) string {
			return hostDocument(t, 200, "application/json", with(func(m map[string]any) { m["client_name"] = strings.Repeat("x", 6000) }))
		}, "larger than 5120 bytes"},
		{"not JSON", func(t *testing.T) string {
			return hostDocument(t, 200, "text/html", func(u string) any { return publicDoc(u) })
		}, "not application/json"},
		{"not found", func(t *testing.T) string {
			return hostDocument(t, 404, "application/json", func(u string) any { return publicDoc(u) })
		}, "HTTP 404"},
		{"redirect", func(t *testing.T) string {
			// The document's server redirects every other path to the
			// document: the demo must not follow (draft section 5).
			return strings.Replace(hostDocument(t, 200, "application/json", func(u string) any { return publicDoc(u) }), "/client.json", "/moved", 1)
		}, "a redirect"},
		{"http not on loopback", func(*testing.T) string { return "http://app.example/client.json" }, "not loopback"},
		{"no path", func(*testing.T) string { return "https://app.example" }, "must have a path"},
		{"dot segment", func(*testing.T) string { return "https://app.example/a/../client.json" }, ". or .. path segments"},
		{"fragment", func(*testing.T) string { return "https://app.example/client.json#x" }, "fragment"},
		{"credentials", func(*testing.T) string { return "https://user:pw@app.example/client.json" }, "user name or password"},
		{"special-use address", func(*testing.T) string { return "https://10.1.2.3/client.json" }, "special-use address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := tc.id(t)
			cfg := codeConfig(s, id, "")
			r := do(t, noRedirect(hc), http.MethodGet, cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), nil, nil)
			if r.status != http.StatusBadRequest || r.header.Get("Location") != "" || !strings.Contains(r.raw, tc.reason) {
				t.Errorf("authorization endpoint: HTTP %d, Location %q, body %s; want 400, no redirect, naming %q", r.status, r.header.Get("Location"), r.raw, tc.reason)
			}
			form := url.Values{"grant_type": {"authorization_code"}, "code": {"x"}, "client_id": {id}, "redirect_uri": {docRedirect}, "code_verifier": {"v"}}
			r = do(t, hc, http.MethodPost, s.Endpoints().Token, form, nil)
			if r.status != http.StatusUnauthorized || r.body["error"] != "invalid_client" || !strings.Contains(r.raw, tc.reason) {
				t.Errorf("token endpoint: HTTP %d, body %s; want 401 invalid_client naming %q", r.status, r.raw, tc.reason)
			}
		})
	}
}

// TestClientIDMetadataDocumentNotCached checks that a refused document is
// not kept (draft section 5.2): once fixed, the next request takes it,
// and once broken again, the authorization endpoint fetches it afresh.
func TestClientIDMetadataDocumentNotCached(t *testing.T) {
	s := demotest.Start(t)
	_, hc := testContext(t)
	var broken atomic.Bool
	id := hostDocument(t, http.StatusOK, "application/json", func(u string) any {
		m := publicDoc(u)
		if broken.Load() {
			delete(m, "redirect_uris")
		}
		return m
	})
	cfg := codeConfig(s, id, "")
	authURL := cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	for i, want := range []int{http.StatusBadRequest, http.StatusFound, http.StatusBadRequest} {
		broken.Store(i != 1)
		if r := do(t, noRedirect(hc), http.MethodGet, authURL, nil, nil); r.status != want {
			t.Errorf("request %d (document broken %v): HTTP %d, want %d; body %s", i, i != 1, r.status, want, r.raw)
		}
	}
	if _, ok := demo.ClientByID(id); ok {
		t.Errorf("the refused document's client is still known")
	}
}
