package flows

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestHostileKeySets serves broken JWKS documents: the access token from
// the demo provider must fail its signature check with a reason, and the
// token itself must stay available.
func TestHostileKeySets(t *testing.T) {
	demoSrv := demotest.Start(t)
	svc := demoProvider(t, demoSrv, "demo-service")

	// The demo's real key, to build duplicates and mismatches from.
	resp, err := http.Get(demoSrv.Endpoints().JWKS)
	if err != nil {
		t.Fatal(err)
	}
	var real jose.JSONWebKeySet
	json.NewDecoder(resp.Body).Decode(&real)
	resp.Body.Close()
	if len(real.Keys) == 0 {
		t.Fatal("the demo JWKS has no key")
	}
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other := jose.JSONWebKey{Key: &ec.PublicKey, KeyID: real.Keys[0].KeyID, Algorithm: "ES256", Use: "sig"}
	mismatch := real.Keys[0]
	mismatch.Algorithm = "ES256"

	cases := []struct {
		name string
		set  any
	}{
		{"no keys", map[string]any{"keys": []any{}}},
		{"only unusable keys", map[string]any{"keys": []any{map[string]any{"kty": "OKP", "crv": "X448", "x": "AAAA", "kid": "x"}}}},
		{"duplicate kid with the wrong key first", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{other}}},
		{"alg mismatch", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{mismatch}}},
		{"not JSON", "<html>keys</html>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(tc.set)
			if s, ok := tc.set.(string); ok {
				body = []byte(s)
			}
			var last Result
			var tok *TokenResponse
			r := runHostile(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write(body)
			}), func(u string, opts Options) Flow {
				p := svc
				p.JWKSURL = u + "/keys"
				f := NewClientCredentials(p, opts)
				return tokenSpy{f, &tok}
			})
			last = r
			checkFailure(t, last, "verify", "signature")
			if tok == nil || tok.AccessToken == "" {
				t.Error("the token was lost")
			}
			if v := last.Inspections[0].Verification; v == nil || v.Valid {
				t.Error("the signature was not flagged")
			} else {
				for _, c := range v.Checks {
					if c.Name == "signature" && (c.Status != inspect.StatusFail || c.Detail == "") {
						t.Errorf("signature check %v %q", c.Status, c.Detail)
					}
				}
			}
		})
	}
}

// tokenSpy keeps the token a flow returned, to check that a later failure
// does not lose it.
type tokenSpy struct {
	Flow
	tok **TokenResponse
}

func (s tokenSpy) Next(ctx context.Context) Result {
	r := s.Flow.Next(ctx)
	if r.Token != nil {
		*s.tok = r.Token
	}
	return r
}

func TestDiscoveryIssuerMismatch(t *testing.T) {
	demoSrv := demotest.Start(t)
	r := runHostile(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A copy of the demo's metadata, served from another address.
		resp, err := http.Get(demoSrv.Endpoints().Discovery)
		if err != nil {
			w.WriteHeader(500)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", "application/json")
		io.Copy(w, resp.Body)
	}), func(u string, opts Options) Flow {
		return NewClientCredentials(providers.Provider{Issuer: u, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}, opts)
	})
	checkFailure(t, r, "discovery", "mix-up")
}

func TestHostileCallbacks(t *testing.T) {
	l, err := ListenCallback("", CallbackExpect{State: "s"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// An oversized query is refused before it reaches the flow.
	resp, err := http.Get(l.RedirectURI() + "?code=" + strings.Repeat("a", 100<<10) + "&state=s")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversized query answered %d", resp.StatusCode)
	}
	select {
	case cb := <-l.Callbacks():
		t.Fatalf("an oversized callback was delivered: %.40q", cb.URL)
	default:
	}
	// An error callback is delivered as an error, with its description.
	q := url.Values{"error": {"access_denied"}, "error_description": {"the user said no"}, "state": {"s"}}
	resp, err = http.Get(l.RedirectURI() + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cb := <-l.Callbacks()
	if cb.Error != "access_denied" || cb.ErrorDescription != "the user said no" {
		t.Errorf("error callback %+v", cb)
	}
}
