package flows

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestDPoPResourceNonce: a resource server that asks for a nonce (401
// with a DPoP use_dpop_nonce challenge and DPoP-Nonce, RFC 9449 §9) gets
// the request once more with a proof carrying it; both exchanges are
// recorded and a note says why. The demo shares its nonces between its
// token endpoint and its API, so an httptest server plays the resource.
func TestDPoPResourceNonce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := inspect.Decode(r.Header.Get("DPoP"))
		if p == nil || p.StringClaim("nonce") != "rs-nonce-1" {
			w.Header().Set("DPoP-Nonce", "rs-nonce-1")
			w.Header().Set("WWW-Authenticate", `DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	rec := &Recorder{}
	dt := newDPoPTransport(rec, providers.Provider{}, Options{Inputs: dpopOn})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/x?q=1", nil)
	req.Header.Set("Authorization", "DPoP the-access-token")
	resp, err := (&http.Client{Transport: dt}).Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	resp.Body.Close()
	exs := rec.Take()
	if len(exs) != 2 || exs[0].Response.StatusCode != 401 {
		t.Fatalf("%d exchanges", len(exs))
	}
	p, _ := inspect.Decode(exs[1].Request.Header.Get("DPoP"))
	if p.StringClaim("htu") != srv.URL+"/api/x" || p.StringClaim("htm") != "GET" || p.StringClaim("ath") != "uby9Z8Gb_H_x4fPjwNzgu794b860ifwPsbwnlfNiCFs" {
		t.Errorf("proof: %s", p.ClaimsJSON)
	}
	if n := dt.takeNotes(); len(n) != 1 || !strings.Contains(n[0], "RFC 9449 §9") {
		t.Errorf("notes %v", n)
	}
}

// TestDPoPIgnoredByServer: a server that answers token_type Bearer to a
// request with a proof did not bind the token: a note says so (RFC 9449
// §5), and the token is then presented as Bearer.
func TestDPoPIgnoredByServer(t *testing.T) {
	dt := newDPoPTransport(nil, providers.Provider{}, Options{Inputs: dpopOn})
	tr := &TokenResponse{AccessToken: "opaque-token-value", TokenType: "Bearer"}
	r := Result{Status: Done, Token: tr}
	dt.review(&r)
	if r.Status != Done || !strings.Contains(strings.Join(r.Notes, " "), "ignored DPoP") {
		t.Errorf("status %v, notes %v", r.Status, r.Notes)
	}
	if s := dt.scheme(tr); s != "Bearer" {
		t.Errorf("scheme %s", s)
	}
	if s := dt.scheme(&TokenResponse{TokenType: "DPoP"}); s != "DPoP" {
		t.Errorf("scheme %s", s)
	}
}
