package flows

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// labRun runs the authorization code grant of client against srv to the
// end and returns its results by step ID.
func labRun(t *testing.T, srv *demo.Server, client string) map[string]Result {
	t.Helper()
	f := NewAuthCode(authCodeProvider(t, srv, client), Options{})
	ar := startAuth(t, f)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	results := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		results[r.Step.ID] = r
		if r.Status != Done {
			t.Fatalf("step %s: %v %v", r.Step.Title, r.Status, r.Err)
		}
	}
	return results
}

// freshCode starts another authorization of client and returns the code
// the server issued, never exchanged, the verifier it was issued for and
// the redirect_uri of its authorization request (each run listens on its
// own port).
func freshCode(t *testing.T, srv *demo.Server, client string) (code, verifier, redirectURI string) {
	t.Helper()
	f := NewAuthCode(authCodeProvider(t, srv, client), Options{})
	ar := startAuth(t, f)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(redirect)
	if err != nil {
		t.Fatal(err)
	}
	au, err := url.Parse(ar.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("code"), f.verifier, au.Query().Get("redirect_uri")
}

// labOf takes the last exchange of r apart for the lab.
func labOf(t *testing.T, r Result) LabRequest {
	t.Helper()
	lr, err := NewLabRequest(r.Exchanges[len(r.Exchanges)-1])
	if err != nil {
		t.Fatal(err)
	}
	return lr
}

// wantProtection sends edited and checks the refusal and the protection
// named.
func wantProtection(t *testing.T, original, edited LabRequest, wantCode, wantRef string) Result {
	t.Helper()
	res := Resend(context.Background(), edited, Options{})
	_, code, desc := LabAnswer(res)
	if res.Status != Failed || code != wantCode {
		t.Fatalf("answer %v %q (%s), want %s", res.Status, code, desc, wantCode)
	}
	what, ref := Protection(original, edited, res)
	if ref != wantRef {
		t.Fatalf("protection %q (%s), want %s", what, ref, wantRef)
	}
	if res.Step.Title != "Lab: "+original.Title || len(res.Exchanges) != 1 || res.Exchanges[0].Step != res.Step.Title {
		t.Errorf("step %q, exchanges %d", res.Step.Title, len(res.Exchanges))
	}
	if res.Diagnosis == nil || res.Diagnosis.What == "" {
		t.Errorf("diagnosis %+v", res.Diagnosis)
	}
	return res
}

func TestLabAuthCodeProtections(t *testing.T) {
	srv := demotest.Start(t)
	results := labRun(t, srv, "demo-public")
	orig := labOf(t, results["token"])
	if orig.Endpoint != "token endpoint" || orig.Get(LabForm, "grant_type") != "authorization_code" {
		t.Fatalf("lab request %+v", orig)
	}

	t.Run("same code twice", func(t *testing.T) {
		wantProtection(t, orig, orig, "invalid_grant", protSingleUse[1])
	})
	t.Run("code_verifier dropped", func(t *testing.T) {
		code, _, ru := freshCode(t, srv, "demo-public")
		edited := orig.Set(LabForm, "code", code).Set(LabForm, "redirect_uri", ru).Remove(LabForm, "code_verifier")
		wantProtection(t, orig, edited, "invalid_grant", protPKCEGone[1])
	})
	t.Run("another client's verifier", func(t *testing.T) {
		code, _, ru := freshCode(t, srv, "demo-public")
		edited := orig.Set(LabForm, "code", code).Set(LabForm, "redirect_uri", ru)
		wantProtection(t, orig, edited, "invalid_grant", protPKCEWrong[1])
	})
	t.Run("redirect_uri changed", func(t *testing.T) {
		code, verifier, _ := freshCode(t, srv, "demo-public")
		edited := orig.Set(LabForm, "code", code).Set(LabForm, "code_verifier", verifier).
			Set(LabForm, "redirect_uri", "http://127.0.0.1:1/elsewhere")
		wantProtection(t, orig, edited, "invalid_grant", protRedirect[1])
	})
	t.Run("refresh token reused", func(t *testing.T) {
		rt := labOf(t, withForm(t, results["refresh"], "grant_type=refresh_token"))
		wantProtection(t, rt, rt, "invalid_grant", protRotation[1])
	})
	t.Run("claim altered without re-signing", func(t *testing.T) {
		api := labOf(t, results["api"])
		i := partIndex(api, LabHeader, "Authorization")
		if !api.HasJWTAt(i) {
			t.Fatalf("the API request's token is not a JWT: %q", api.Parts[i].Value)
		}
		edited, err := api.EditClaimAt(i, "scope", "api.read api.write api.admin")
		if err != nil {
			t.Fatal(err)
		}
		res := wantProtection(t, api, edited, "invalid_token", protSignature[1])
		if res.Step.To != ResourceServer {
			t.Errorf("to %v", res.Step.To)
		}
		// As sent, the API answers as before: nothing but the edit refuses.
		if ok := Resend(context.Background(), api, Options{}); ok.Status != Done {
			t.Errorf("the unedited API request: %v %v", ok.Status, ok.Err)
		}
	})
	t.Run("token removed", func(t *testing.T) {
		api := labOf(t, results["api"])
		wantProtection(t, api, api.Remove(LabHeader, "Authorization"), "invalid_token", protNoToken[1])
	})
}

func TestLabClientCredentialsScope(t *testing.T) {
	srv := demotest.Start(t)
	rs := runAll(NewClientCredentials(demoProvider(t, srv, "demo-service-post"), Options{}))
	orig := labOf(t, rs[1])
	wantProtection(t, orig, orig.Set(LabForm, "scope", "api.read api.write"), "invalid_scope", protScope[1])
	wantProtection(t, orig, orig.Set(LabForm, "client_secret", "wrong"), "invalid_client", protClientAuth[1])
}

// TestLabExpiredToken models a resource server that refuses an expired
// token as RFC 6750 §3.1 says: 401 with error="invalid_token".
func TestLabExpiredToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="the access token expired"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	// exp 1000000000 is in 2001.
	tok := "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjEwMDAwMDAwMDAsInN1YiI6ImRlbW8ifQ.c2ln"
	ex := Exchange{Step: "API call", Request: Message{Method: "GET", URL: srv.URL + "/api/reports",
		Header: http.Header{"Authorization": {"Bearer " + tok}}}}
	lr, err := NewLabRequest(ex)
	if err != nil {
		t.Fatal(err)
	}
	wantProtection(t, lr, lr, "invalid_token", protExpired[1])
}

// TestLabDPoPProofReplayed models a token endpoint that refuses a DPoP
// proof it has seen (RFC 9449 §11.1).
func TestLabDPoPProofReplayed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_dpop_proof","error_description":"DPoP proof jti was used before"}`))
	}))
	defer srv.Close()
	ex := Exchange{Step: "Token request", Request: Message{Method: "POST", URL: srv.URL + "/token",
		Header: http.Header{"Dpop": {"eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.c2ln"}, "Content-Type": {"application/x-www-form-urlencoded"}},
		Body:   []byte("grant_type=client_credentials")}}
	lr, err := NewLabRequest(ex)
	if err != nil {
		t.Fatal(err)
	}
	wantProtection(t, lr, lr, "invalid_dpop_proof", protDPoPReplay[1])
}

func TestLabRefusesTheBrowsersRequests(t *testing.T) {
	ex := Exchange{Step: ACCallback.Title, Request: Message{Method: "GET", URL: "http://127.0.0.1:8765/callback?code=x&state=y"}}
	if _, err := NewLabRequest(ex); err == nil || !strings.Contains(err.Error(), "browser") {
		t.Errorf("callback: %v", err)
	}
}

func TestEditJWTClaimKeepsTheSignature(t *testing.T) {
	tok := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2ln"
	out, err := EditJWTClaim(tok, "sub", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if !alteredUnsigned(tok, out) || !strings.HasPrefix(out, "eyJhbGciOiJSUzI1NiJ9.") || !strings.HasSuffix(out, ".c2ln") {
		t.Errorf("edited %q", out)
	}
	payload := func(tok string) string {
		b, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
		return string(b)
	}
	two := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"demo","exp":1}`)) + ".c2ln"
	for _, tc := range []struct{ claim, value, want string }{
		{"exp", "5", `{"sub":"demo","exp":5}`},
		{"sub", "admin", `{"sub":"admin","exp":1}`},
		{"sub", "", `{"exp":1}`},
		{"scope", "api.admin", `{"sub":"demo","exp":1,"scope":"api.admin"}`},
		{"roles", `["admin"]`, `{"sub":"demo","exp":1,"roles":["admin"]}`},
	} {
		out, err := EditJWTClaim(two, tc.claim, tc.value)
		if err != nil || payload(out) != tc.want {
			t.Errorf("%s=%s: %s %v, want %s", tc.claim, tc.value, payload(out), err, tc.want)
		}
	}
	lr := LabRequest{Parts: []LabPart{{Kind: LabHeader, Name: "Authorization", Value: "Bearer " + two}}}
	if c := lr.ClaimsAt(0); len(c) != 2 || c[0] != [2]string{"sub", `"demo"`} {
		t.Errorf("claims %v", c)
	}
	if _, err := EditJWTClaim("opaque", "sub", "x"); err == nil {
		t.Error("an opaque token was edited")
	}
}

func partIndex(lr LabRequest, kind LabPartKind, name string) int {
	for i, p := range lr.Parts {
		if p.Kind == kind && strings.EqualFold(p.Name, name) {
			return i
		}
	}
	return -1
}

// withForm is r with only its exchange whose body holds form.
func withForm(t *testing.T, r Result, form string) Result {
	t.Helper()
	for _, ex := range r.Exchanges {
		if strings.Contains(string(ex.Request.Body), form) {
			r.Exchanges = []Exchange{ex}
			return r
		}
	}
	t.Fatalf("no exchange of %s sent %s", r.Step.Title, form)
	return r
}
