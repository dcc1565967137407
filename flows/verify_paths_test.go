package flows

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestOneVerificationPath feeds the same tokens and key sets through every
// entry point that verifies a token: the flow's ID token step (what a grant
// runs), the client credentials grant's access token step, and
// VerifyWithIssuer as the decode command (--issuer, --jwks) and the TUI's
// decoder call it. Each case is served by its own issuer on a loopback
// server; every check must have the same name, status and detail on every
// path (iss and alg are skipped with --jwks alone, which knows no issuer).
func TestOneVerificationPath(t *testing.T) {
	const clientID, nonce, accessToken = "web-app", "n-0S6_WzA2Mj", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
	now := time.Date(2026, 11, 27, 1, 14, 10, 0, time.UTC)
	clock := func() time.Time { return now }
	key, other := newTestRSAKey(t), newTestRSAKey(t)
	sigKey := func(kid, alg, use string) jose.JSONWebKey {
		return jose.JSONWebKey{Key: &key.PublicKey, KeyID: kid, Algorithm: alg, Use: use}
	}
	good := []jose.JSONWebKey{sigKey("k1", "RS256", "sig")}

	type claims = map[string]any
	cases := []struct {
		name   string
		keys   []jose.JSONWebKey
		signer *rsa.PrivateKey // nil: key
		kid    string          // "": k1
		change func(c claims)
		want   map[string]inspect.Status // checks that do not pass
		detail map[string]string         // substrings of details
	}{
		{name: "good token", keys: good},
		{name: "key alg mismatch", keys: []jose.JSONWebKey{sigKey("k1", "RS512", "sig")},
			want:   map[string]inspect.Status{"signature": inspect.StatusFail},
			detail: map[string]string{"signature": `key "k1" is declared for RS512 but the token says RS256`}},
		{name: "key use enc", keys: []jose.JSONWebKey{sigKey("k1", "", "enc")},
			want:   map[string]inspect.Status{"signature": inspect.StatusFail},
			detail: map[string]string{"signature": `key "k1" has use "enc"`}},
		{name: "unknown kid", keys: good, signer: other, kid: "k9",
			want:   map[string]inspect.Status{"signature": inspect.StatusFail},
			detail: map[string]string{"signature": `No key with kid "k9" in the JWKS at`}},
		{name: "wrong iss", keys: good, change: func(c claims) { c["iss"] = "https://evil.example" },
			want:   map[string]inspect.Status{"iss": inspect.StatusFail},
			detail: map[string]string{"iss": `iss is "https://evil.example"`}},
		{name: "wrong aud", keys: good, change: func(c claims) { c["aud"] = "other-app" },
			want:   map[string]inspect.Status{"aud": inspect.StatusFail},
			detail: map[string]string{"aud": `none of the expected audiences ("web-app")`}},
		{name: "azp missing with several aud", keys: good, change: func(c claims) { delete(c, "azp") },
			want:   map[string]inspect.Status{"azp": inspect.StatusWarn},
			detail: map[string]string{"azp": "for 2 audiences but has no azp"}},
		{name: "expired", keys: good, change: func(c claims) { c["exp"] = now.Add(-time.Hour).Unix() },
			want:   map[string]inspect.Status{"exp": inspect.StatusFail},
			detail: map[string]string{"exp": "expired 1h ago"}},
		{name: "nbf in the future", keys: good, change: func(c claims) { c["nbf"] = now.Add(time.Hour).Unix() },
			want:   map[string]inspect.Status{"nbf": inspect.StatusFail},
			detail: map[string]string{"nbf": "not valid yet"}},
		{name: "iat in the future", keys: good, change: func(c claims) { c["iat"] = now.Add(time.Hour).Unix() },
			want:   map[string]inspect.Status{"iat": inspect.StatusWarn},
			detail: map[string]string{"iat": "in the future"}},
		{name: "nonce mismatch", keys: good, change: func(c claims) { c["nonce"] = "replayed" },
			want:   map[string]inspect.Status{"nonce": inspect.StatusFail},
			detail: map[string]string{"nonce": `nonce is "replayed"`}},
		{name: "at_hash mismatch", keys: good, change: func(c claims) { c["at_hash"] = "77QmUPtjPfzWtF2AnpK9RQ-wrong" },
			want:   map[string]inspect.Status{"at_hash": inspect.StatusFail},
			detail: map[string]string{"at_hash": "was not issued with this access token"}},
	}

	// One loopback server; case i is issuer /c/i with its own JWKS.
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	issuerOf := func(i int) string { return fmt.Sprintf("%s/c/%d", srv.URL, i) }
	for i, tc := range cases {
		iss := issuerOf(i)
		doc := map[string]any{
			"issuer": iss, "authorization_endpoint": iss + "/authorize", "token_endpoint": iss + "/token",
			"jwks_uri": iss + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256", "ES256"},
		}
		serveJSON(mux, fmt.Sprintf("/c/%d/.well-known/openid-configuration", i), doc)
		serveJSON(mux, fmt.Sprintf("/c/%d/jwks", i), jose.JSONWebKeySet{Keys: tc.keys})
	}

	ctx := context.Background()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			iss := issuerOf(i)
			c := claims{
				"iss": iss, "sub": "alice", "aud": []string{clientID, "api"}, "azp": clientID,
				"exp": now.Add(time.Hour).Unix(), "iat": now.Add(-time.Minute).Unix(), "nbf": now.Add(-time.Minute).Unix(),
				"nonce": nonce, "at_hash": leftHalfSHA256(accessToken),
			}
			if tc.change != nil {
				tc.change(c)
			}
			signer, kid := key, "k1"
			if tc.signer != nil {
				signer, kid = tc.signer, tc.kid
			}
			raw := signRS256(t, signer, kid, c)
			tok, err := inspect.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			p := providers.Provider{Issuer: iss, ClientID: clientID}
			opts := Options{Transport: srv.Client().Transport, Now: clock}

			// The flow: discovery, then the ID token step of the grant.
			f := NewAuthCode(p, opts)
			d := discover(ctx, f.client, f.rec, p, FlowIDAuthCode, opts)
			if d.Status != Done {
				t.Fatalf("discovery: %v %v", d.Status, d.Err)
			}
			f.md, f.nonce = d.Metadata, nonce
			f.tok = &TokenResponse{AccessToken: accessToken, IDToken: raw}
			r := f.verifyIDToken(ctx)
			if len(r.Inspections) == 0 || r.Inspections[0].Verification == nil {
				t.Fatalf("the ID token step verified nothing: %+v", r)
			}
			flow := r.Inspections[0].Verification.Checks
			if !recorded(r.Exchanges, iss+"/jwks") {
				t.Errorf("the flow's recorder did not see the JWKS exchange: %d exchanges", len(r.Exchanges))
			}
			failing := tc.want["signature"] == inspect.StatusFail || tc.want["iss"] == inspect.StatusFail ||
				tc.want["aud"] == inspect.StatusFail || tc.want["exp"] == inspect.StatusFail || tc.want["nbf"] == inspect.StatusFail ||
				tc.want["nonce"] == inspect.StatusFail || tc.want["at_hash"] == inspect.StatusFail
			if (r.Status == Failed) != failing {
				t.Errorf("flow step status %v (err %v), want failed=%v", r.Status, r.Err, failing)
			}
			checkStatuses(t, "flow", flow, tc.want, tc.detail)

			// decode --issuer, and the TUI's decoder.
			client := &http.Client{Transport: srv.Client().Transport}
			vo := inspect.VerifyOptions{Audience: []string{clientID}, ClientID: clientID, Nonce: nonce, AccessToken: accessToken, Now: clock}
			byIssuer := VerifyWithIssuer(ctx, client, tok, iss, "", vo)
			if len(byIssuer) == 0 || byIssuer[0].Name != "discovery" || byIssuer[0].Status != inspect.StatusPass {
				t.Fatalf("decode --issuer: discovery %+v", byIssuer)
			}
			sameChecks(t, "decode --issuer", flow, byIssuer[1:], nil)

			// decode --jwks: no issuer, so iss and alg have nothing to compare.
			byJWKS := VerifyWithIssuer(ctx, client, tok, "", iss+"/jwks", vo)
			sameChecks(t, "decode --jwks", flow, byJWKS, map[string]bool{"iss": true, "alg": true})

			// The client credentials grant's access token step runs the
			// same code without the ID token's expectations.
			ccRec := &Recorder{}
			cc := verifyAccessToken(ctx, opts.client(ccRec), ccRec, d.Metadata, p, &TokenResponse{AccessToken: raw}, opts)
			if len(cc.Inspections) == 0 || cc.Inspections[0].Verification == nil {
				t.Fatalf("the access token step verified nothing: %+v", cc)
			}
			// nonce and at_hash are ID-token checks, left out for an
			// access token; so is azp when the token has none.
			_, hasAzp := tok.Claim("azp")
			accessFlow := slices.DeleteFunc(slices.Clone(flow), func(c inspect.Check) bool {
				return c.Name == "nonce" || c.Name == "at_hash" || (c.Name == "azp" && !hasAzp)
			})
			sameChecks(t, "access token step", accessFlow, cc.Inspections[0].Verification.Checks, map[string]bool{"aud": true, "azp": true})
		})
	}
}

// checkStatuses says whether every check has the status want gives it
// (pass when not named), and whether the named details hold their text.
func checkStatuses(t *testing.T, path string, got []inspect.Check, want map[string]inspect.Status, detail map[string]string) {
	t.Helper()
	names := []string{"signature", "alg", "iss", "aud", "azp", "exp", "nbf", "iat", "nonce", "at_hash"}
	if len(got) != len(names) {
		t.Fatalf("%s: %d checks, want %d: %+v", path, len(got), len(names), got)
	}
	for i, c := range got {
		w, ok := want[c.Name]
		if !ok {
			w = inspect.StatusPass
		}
		if c.Name != names[i] || c.Status != w {
			t.Errorf("%s: check %d is %s %v (%s), want %s %v", path, i, c.Name, c.Status, c.Detail, names[i], w)
		}
		if sub := detail[c.Name]; sub != "" && !strings.Contains(c.Detail, sub) {
			t.Errorf("%s: %s detail %q lacks %q", path, c.Name, c.Detail, sub)
		}
	}
}

// sameChecks compares two paths' checks name by name, status and detail;
// a check in unchecked, which the second path has no expectation for,
// must be skipped (or warn that a value went unchecked) instead.
func sameChecks(t *testing.T, path string, flow, got []inspect.Check, unchecked map[string]bool) {
	t.Helper()
	if len(got) != len(flow) {
		t.Fatalf("%s: %d checks, the flow has %d: %+v", path, len(got), len(flow), got)
	}
	for i, c := range got {
		f := flow[i]
		switch {
		case c.Name != f.Name:
			t.Errorf("%s: check %d is %s, the flow's is %s", path, i, c.Name, f.Name)
		case unchecked[c.Name]:
			if c.Status != inspect.StatusSkip && c.Status != inspect.StatusWarn {
				t.Errorf("%s: %s is %v (%s), want skip or warn: nothing was expected", path, c.Name, c.Status, c.Detail)
			}
		case c.Status != f.Status || c.Detail != f.Detail:
			t.Errorf("%s: %s is %v (%s), the flow's is %v (%s)", path, c.Name, c.Status, c.Detail, f.Status, f.Detail)
		}
	}
}

func recorded(exs []Exchange, url string) bool {
	for _, ex := range exs {
		if ex.Request.URL == url && ex.Response != nil {
			return true
		}
	}
	return false
}

func serveJSON(mux *http.ServeMux, path string, v any) {
	body, _ := json.Marshal(v)
	mux.HandleFunc("GET "+path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
}

func newTestRSAKey(tb testing.TB) *rsa.PrivateKey {
	tb.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func signRS256(tb testing.TB, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	tb.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		tb.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := s.Sign(payload)
	if err != nil {
		tb.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// leftHalfSHA256 is at_hash for an RS256 token (OIDC Core §3.1.3.6).
func leftHalfSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}
