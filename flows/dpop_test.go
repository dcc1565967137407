package flows

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

var dpopOn = Inputs{InputDPoP: "on"}

// resultsByID runs f to its end, keyed by step ID.
func resultsByID(f Flow) map[string]Result {
	out := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		out[r.Step.ID] = r
	}
	return out
}

// TestDPoPClientCredentials: against the demo, the first token request
// is refused with use_dpop_nonce and retried once with the nonce; the
// token is DPoP-bound to this run's key, and the checklist says so.
func TestDPoPClientCredentials(t *testing.T) {
	srv := demotest.Start(t)
	f := NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{Inputs: dpopOn})
	res := resultsByID(f)
	tok := res[CCTokenRequest.ID]
	if tok.Status != Done {
		t.Fatalf("token step: %v %v", tok.Status, tok.Err)
	}
	if n := len(tok.Exchanges); n != 2 {
		t.Fatalf("token exchanges: %d, want 2 (use_dpop_nonce, then the retry)", n)
	}
	first, second := tok.Exchanges[0], tok.Exchanges[1]
	if first.Response.StatusCode != 400 || !strings.Contains(string(first.Response.Body), "use_dpop_nonce") || first.Response.Header.Get("DPoP-Nonce") == "" {
		t.Errorf("first answer: %s %s", first.Response.Status, first.Response.Body)
	}
	nonce := first.Response.Header.Get("DPoP-Nonce")
	p1, _ := inspect.Decode(first.Request.Header.Get("DPoP"))
	p2, _ := inspect.Decode(second.Request.Header.Get("DPoP"))
	if p1 == nil || p2 == nil {
		t.Fatal("a token request carried no DPoP proof")
	}
	if p1.StringClaim("nonce") != "" || p2.StringClaim("nonce") != nonce || p1.StringClaim("jti") == p2.StringClaim("jti") {
		t.Errorf("proofs: nonce %q then %q (server gave %q), jti %q then %q", p1.StringClaim("nonce"), p2.StringClaim("nonce"), nonce, p1.StringClaim("jti"), p2.StringClaim("jti"))
	}
	if p2.StringClaim("htm") != "POST" || p2.StringClaim("htu") != srv.Endpoints().Token || p2.StringClaim("ath") != "" {
		t.Errorf("proof claims: %s", p2.ClaimsJSON)
	}
	if tok.Token.TokenType != "DPoP" {
		t.Errorf("token_type %q", tok.Token.TokenType)
	}
	notes := strings.Join(tok.Notes, "\n")
	for _, want := range []string{"use_dpop_nonce", "token_type is DPoP", "thumbprint"} {
		if !strings.Contains(notes, want) {
			t.Errorf("token notes lack %q:\n%s", want, notes)
		}
	}
	names := map[string]bool{}
	for _, p := range tok.Sent {
		names[p.Name] = p.Meaning != ""
	}
	for _, n := range []string{"DPoP", "DPoP.htm", "DPoP.htu", "DPoP.iat", "DPoP.jti", "DPoP.nonce", "DPoP.jwk", "DPoP.typ"} {
		if explained, ok := names[n]; !ok || !explained {
			t.Errorf("Sent lacks %s explained (%v)", n, ok)
		}
	}
	text := FormatRequest(second, Masker{})
	if !strings.Contains(text, "DPoP proof decoded") || !strings.Contains(text, "htu") || !strings.Contains(text, "thumbprint") {
		t.Errorf("request transcript:\n%s", text)
	}
	v := res[VerifyAccessToken.ID]
	if v.Status != Done || len(v.Inspections) == 0 {
		t.Fatalf("verify: %v %v", v.Status, v.Err)
	}
	var found bool
	for _, c := range v.Inspections[0].Verification.Checks {
		if c.Name == "cnf.jkt" {
			found = true
			if c.Status != inspect.StatusPass {
				t.Errorf("cnf.jkt: %v %s", c.Status, c.Detail)
			}
		}
	}
	if !found {
		t.Error("the access token's checklist has no cnf.jkt check")
	}
}

// TestDPoPAuthCodeAPICall: the authorization code grant with DPoP calls
// userinfo and the API with Authorization: DPoP and a proof with ath;
// the demo accepts them.
func TestDPoPAuthCodeAPICall(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-confidential"), Options{Inputs: dpopOn, KeepRefreshToken: true})
	ar := startAuth(t, f)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Paste(redirect); err != nil {
		t.Fatal(err)
	}
	res := resultsByID(f)
	for _, id := range []string{ACToken.ID, "userinfo", ACAPICall.ID} {
		if r := res[id]; r.Status != Done {
			t.Fatalf("step %s: %v %v", id, r.Status, r.Err)
		}
	}
	api := res[ACAPICall.ID]
	ex := api.Exchanges[len(api.Exchanges)-1]
	if ex.Response.StatusCode != 200 || !strings.HasPrefix(ex.Request.Header.Get("Authorization"), "DPoP ") {
		t.Fatalf("API call: %s, Authorization %.10s", ex.Response.Status, ex.Request.Header.Get("Authorization"))
	}
	p, _ := inspect.Decode(ex.Request.Header.Get("DPoP"))
	if p == nil || p.StringClaim("ath") == "" || p.StringClaim("htm") != "GET" || p.StringClaim("htu") != srv.Endpoints().API+"/reports" {
		t.Errorf("API proof: %v", p)
	}
}

// TestDPoPWrongHTU: a proof made for another URL is refused with
// invalid_dpop_proof, and the diagnosis names htu.
func TestDPoPWrongHTU(t *testing.T) {
	srv := demotest.Start(t)
	f := NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{Inputs: dpopOn})
	f.dpop.tamper = func(c *dpopClaims) { c.Htu = "https://elsewhere.example/token" }
	r := resultsByID(f)[CCTokenRequest.ID]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_dpop_proof" {
		t.Fatalf("status %v, diagnosis %+v", r.Status, r.Diagnosis)
	}
	if !strings.Contains(r.Diagnosis.What, "htu") || !strings.Contains(r.Diagnosis.Causes[0], "htu") {
		t.Errorf("diagnosis does not name htu: %+v", r.Diagnosis)
	}
}

// TestDPoPReplay: a proof sent twice is refused the second time: its jti
// was seen.
func TestDPoPReplay(t *testing.T) {
	srv := demotest.Start(t)
	f := NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{Inputs: dpopOn})
	var jti string
	f.dpop.tamper = func(c *dpopClaims) {
		if jti == "" || c.Nonce == "" {
			jti = c.Jti
			return
		}
		c.Jti = jti
	}
	// The first run fixes jti on the nonce retry, which is accepted; a
	// second token request with the same jti is a replay.
	if r := resultsByID(f)[CCTokenRequest.ID]; r.Status != Done {
		t.Fatalf("first token request: %v %v", r.Status, r.Err)
	}
	g := NewClientCredentials(demoProvider(t, srv, "demo-service"), Options{Inputs: dpopOn})
	g.dpop.tamper = func(c *dpopClaims) { c.Jti = jti }
	r := resultsByID(g)[CCTokenRequest.ID]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_dpop_proof" || !strings.Contains(r.Diagnosis.Causes[0], "jti") {
		t.Fatalf("replay: status %v, diagnosis %+v", r.Status, r.Diagnosis)
	}
}
