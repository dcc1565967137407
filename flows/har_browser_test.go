package flows

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// browserCapture drives a browser session against a demo provider and
// explains its capture.
func browserCapture(t *testing.T, spa demotest.SPA, edit func([]byte) []byte) *Capture {
	t.Helper()
	srv := demotest.Start(t)
	b, err := demotest.BrowserHAR(context.Background(), srv, spa)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		b = edit(b)
	}
	c, err := ExplainHAR(context.Background(), bytes.NewReader(b), CaptureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stepOf returns the first result of c whose step has id.
func stepOf(t *testing.T, c *Capture, id string) Result {
	t.Helper()
	for _, r := range c.Run.Results {
		if r.Step.ID == id {
			return r
		}
	}
	dump(t, c)
	t.Fatalf("no step %s", id)
	return Result{}
}

// captureNote tells whether r has a note containing s.
func captureNote(r Result, s string) bool {
	for _, n := range r.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func TestExplainBrowserHAR(t *testing.T) {
	c := browserCapture(t, demotest.SPA{}, nil)
	var ids []string
	for _, r := range c.Run.Results {
		ids = append(ids, r.Step.ID)
		if r.Status == Failed {
			t.Errorf("step %s failed: %v", r.Step.Title, r.Err)
		}
	}
	want := "discovery authorize login callback token jwks userinfo api"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("steps %q, want %q", got, want)
	}
	if c.Own || c.Skipped != 3 || c.Run.GrantID != FlowIDAuthCode {
		t.Errorf("own %v skipped %d grant %q", c.Own, c.Skipped, c.Run.GrantID)
	}
	tok := stepOf(t, c, "token")
	if !captureNote(tok, "PKCE checks out") {
		t.Errorf("no PKCE note: %q", tok.Notes)
	}
	var verified bool
	for _, in := range tok.Inspections {
		if in.Label == "ID token" && in.Verification != nil && in.Verification.Valid {
			verified = true
			for _, ch := range in.Verification.Checks {
				if ch.Status != inspect.StatusPass && ch.Name != "nbf" {
					t.Errorf("check %s: %s %s", ch.Name, ch.Status, ch.Detail)
				}
			}
		}
	}
	if !verified {
		dump(t, c)
		t.Fatal("the ID token was not verified from the capture's JWKS")
	}
	if cb := stepOf(t, c, "callback"); !captureNote(cb, "state matches") || cb.Callback == nil {
		t.Errorf("callback: %q", cb.Notes)
	}
	if ui := stepOf(t, c, "userinfo"); ui.Userinfo == nil {
		t.Error("userinfo not read")
	}
	if len(c.Secrets) == 0 {
		t.Error("no secrets collected")
	}
}

func TestExplainBrowserHARStateMismatch(t *testing.T) {
	c := browserCapture(t, demotest.SPA{}, func(b []byte) []byte {
		return bytes.Replace(b, []byte("/callback?code="), []byte("/callback?state=forged&code="), -1)
	})
	cb := stepOf(t, c, "callback")
	var ce *CallbackError
	if cb.Status != Failed || !errors.As(cb.Err, &ce) || cb.Diagnosis == nil {
		t.Fatalf("callback %v %v", cb.Status, cb.Err)
	}
}

func TestExplainBrowserHARCodeReused(t *testing.T) {
	c := browserCapture(t, demotest.SPA{TokenTwice: true}, nil)
	var refused *Result
	for i, r := range c.Run.Results {
		if r.Step.ID == "token" && r.Status == Failed {
			refused = &c.Run.Results[i]
		}
	}
	if refused == nil {
		dump(t, c)
		t.Fatal("the second token request is not failed")
	}
	var oe *OAuthError
	if !errors.As(refused.Err, &oe) || oe.Code != "invalid_grant" || refused.Diagnosis == nil || len(refused.Diagnosis.Causes) < 2 {
		t.Fatalf("err %v diagnosis %+v", refused.Err, refused.Diagnosis)
	}
	// The capture knows the code was redeemed before; the demo's words
	// ("unknown, expired or already used") do not say which.
	causes := refused.Diagnosis.Causes
	if !strings.HasPrefix(causes[0], "the capture shows the authorization code was already redeemed") ||
		!strings.HasPrefix(causes[1], "the server says the authorization code is unknown, expired or already used, without saying which") {
		t.Errorf("causes %q", causes)
	}
}

// TestExplainBrowserHARCallbackFromLocation: a capture without the
// browser's request to the redirect URI (a native app's loopback) still
// shows the callback, read from the redirect that sent the browser there.
func TestExplainBrowserHARCallbackFromLocation(t *testing.T) {
	srv := demotest.Start(t)
	b, err := demotest.BrowserHAR(context.Background(), srv, demotest.SPA{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadHAR(bytes.NewReader(b), 0)
	if err != nil {
		t.Fatal(err)
	}
	var kept []HAREntry
	for _, e := range h.Log.Entries {
		if !strings.Contains(e.Request.URL, "/callback?code=") || strings.Contains(e.Request.URL, "/authorize/") {
			kept = append(kept, e)
		}
	}
	if len(kept) != len(h.Log.Entries)-1 {
		t.Fatalf("kept %d of %d", len(kept), len(h.Log.Entries))
	}
	h.Log.Entries = kept
	c, err := ExplainCapture(context.Background(), h, CaptureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cb := stepOf(t, c, "callback")
	if cb.Status != Done || len(cb.Exchanges) != 0 || cb.Callback == nil || cb.Callback.Code == "" || !captureNote(cb, "state matches") || !captureNote(cb, "Location header") {
		t.Errorf("callback %v %q", cb.Status, cb.Notes)
	}
	if tok := stepOf(t, c, "token"); !captureNote(tok, "PKCE checks out") {
		t.Errorf("token notes %q", tok.Notes)
	}
}

// TestExplainBrowserHARKeysGiven: a capture without the JWKS leaves the
// ID token unverified, unless the keys are given, as a JWK Set or through
// the issuer's discovery (fetched, and the fetch shown).
func TestExplainBrowserHARKeysGiven(t *testing.T) {
	srv := demotest.Start(t)
	b, err := demotest.BrowserHAR(context.Background(), srv, demotest.SPA{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadHAR(bytes.NewReader(b), 0)
	if err != nil {
		t.Fatal(err)
	}
	var kept []HAREntry
	var jwks []byte
	for _, e := range h.Log.Entries {
		if e.Request.URL == srv.Endpoints().JWKS {
			jwks = []byte(e.Response.Content.Text)
			continue
		}
		kept = append(kept, e)
	}
	h.Log.Entries = kept
	idToken := func(opts CaptureOptions) (Result, *Inspection) {
		c, err := ExplainCapture(context.Background(), h, opts)
		if err != nil {
			t.Fatal(err)
		}
		tok := stepOf(t, c, "token")
		for i, in := range tok.Inspections {
			if in.Label == "ID token" {
				return tok, &tok.Inspections[i]
			}
		}
		t.Fatal("no ID token")
		return tok, nil
	}
	if tok, in := idToken(CaptureOptions{}); in.Verification != nil || !captureNote(tok, "decoded but not verified") {
		t.Errorf("verified without keys: %q", tok.Notes)
	}
	if tok, in := idToken(CaptureOptions{JWKS: jwks}); in.Verification == nil || !in.Verification.Valid || !captureNote(tok, "the keys given") {
		t.Errorf("with the JWKS given: %q", tok.Notes)
	}
	tok, in := idToken(CaptureOptions{Issuer: srv.Issuer()})
	if in.Verification == nil || !in.Verification.Valid || in.Verification.Checks[0].Name != "discovery" || !captureNote(tok, "keys fetched now") {
		t.Errorf("with the issuer: %q", tok.Notes)
	}
	var fetched bool
	for _, ex := range tok.Exchanges {
		fetched = fetched || ex.Request.URL == srv.Endpoints().JWKS
	}
	if !fetched {
		t.Error("the JWKS fetch is not among the step's exchanges")
	}
}
