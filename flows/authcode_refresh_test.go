package flows

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runLoggedIn runs the authorization code flow for p, logging in at the
// demo provider, and returns every step's result by step ID.
func runLoggedIn(t *testing.T, p providers.Provider, opts Options) map[string]Result {
	t.Helper()
	f := NewAuthCode(p, opts)
	ar := startAuth(t, f)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Paste(redirect); err != nil {
		t.Fatal(err)
	}
	results := map[string]Result{}
	for !f.Done() {
		r := f.Next(context.Background())
		results[r.Step.ID] = r
	}
	return results
}

func checkNamed(t *testing.T, in Inspection, name string) inspect.Check {
	t.Helper()
	if in.Verification == nil {
		t.Fatalf("%s was not verified", in.Label)
	}
	for _, c := range in.Verification.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s check among %+v", name, in.Verification.Checks)
	return inspect.Check{}
}

// TestRefreshKeepsRefreshToken: a refresh answer without refresh_token
// (Google, Auth0 without rotation: see demotest.NonRotating) leaves the
// refresh token held valid (RFC 6749 §6): the token set keeps it beside
// the new access token, and the step says it was kept.
func TestRefreshKeepsRefreshToken(t *testing.T) {
	srv := demotest.Start(t)
	nr := demotest.StartNonRotating(t, srv)
	p := authCodeProvider(t, srv, "demo-public")
	p.TokenURL = nr.URL
	res := runLoggedIn(t, p, Options{})
	first, ref := res["token"], res["refresh"]
	if ref.Status != Done || ref.Token == nil || ref.Tokens == nil {
		t.Fatalf("refresh: %v %v", ref.Status, ref.Err)
	}
	if first.Token.RefreshToken == "" {
		t.Fatal("the code exchange gave no refresh token")
	}
	if ref.Token.RefreshToken != "" {
		t.Errorf("the refresh response is shown with a refresh token it did not carry")
	}
	set := ref.Tokens
	if set.RefreshToken != first.Token.RefreshToken || set.RefreshTokenStep != "token" {
		t.Errorf("the set holds refresh token from %q; want the code exchange's", set.RefreshTokenStep)
	}
	if set.AccessToken != ref.Token.AccessToken || set.AccessToken == first.Token.AccessToken {
		t.Error("the set does not hold the newest access token")
	}
	if len(set.Responses) != 2 || set.Responses[0].Step != "token" || set.Responses[1].Step != "refresh" {
		t.Errorf("responses %+v", set.Responses)
	}
	if notes := strings.Join(ref.Notes, "\n"); !strings.Contains(notes, "the refresh token was kept: the response carried none") {
		t.Errorf("notes:\n%s", notes)
	}
	var js struct {
		RefreshToken string `json:"refresh_token"`
		Responses    []struct {
			Step     string         `json:"step"`
			Response map[string]any `json:"response"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(set.JSON(), &js); err != nil {
		t.Fatal(err)
	}
	if js.RefreshToken != first.Token.RefreshToken || len(js.Responses) != 2 || js.Responses[1].Response["refresh_token"] != nil {
		t.Errorf("set JSON: refresh_token kept %v, %d responses", js.RefreshToken == first.Token.RefreshToken, len(js.Responses))
	}
}

// TestRefreshRotates: against the demo, which rotates, the set holds the
// new refresh token and the refreshed ID token passes OIDC Core §12.2's
// checks on the Refresh step's result (the TUI's Claims tab reads it).
func TestRefreshRotates(t *testing.T) {
	srv := demotest.Start(t)
	res := runLoggedIn(t, authCodeProvider(t, srv, "demo-confidential"), Options{})
	ref := res["refresh"]
	if ref.Status != Done || ref.Tokens == nil {
		t.Fatalf("refresh: %v %v", ref.Status, ref.Err)
	}
	if ref.Tokens.RefreshTokenStep != "refresh" || ref.Tokens.RefreshToken != ref.Token.RefreshToken || ref.Token.RefreshToken == res["token"].Token.RefreshToken {
		t.Error("the set does not hold the rotated refresh token")
	}
	if ref.Token.IDToken == "" {
		t.Fatal("the demo sent no ID token with the refresh")
	}
	if len(ref.Inspections) == 0 || ref.Inspections[0].Label != "ID token" {
		t.Fatalf("the refreshed ID token was not inspected: %+v", ref.Inspections)
	}
	in := ref.Inspections[0]
	if !in.Verification.Valid {
		t.Errorf("refreshed ID token: %+v", in.Verification.Checks)
	}
	for _, name := range []string{"signature", "sub", "iss", "aud"} {
		if c := checkNamed(t, in, name); c.Status != inspect.StatusPass {
			t.Errorf("%s: %v %s", name, c.Status, c.Detail)
		}
	}
	if c := checkNamed(t, in, "sub"); !strings.Contains(c.Detail, "same as in the first ID token") {
		t.Errorf("sub: %s", c.Detail)
	}
	if ref.Tokens.IDToken != ref.Token.IDToken || ref.Tokens.IDTokenStep != "refresh" {
		t.Error("the set does not hold the newest ID token")
	}
}

// TestRefreshResentIDToken: a server that answers a refresh with the first
// ID token again gets a warning on iat, not a failure.
func TestRefreshResentIDToken(t *testing.T) {
	srv := demotest.Start(t)
	nr := demotest.StartNonRotating(t, srv)
	nr.ResendFirstIDToken()
	p := authCodeProvider(t, srv, "demo-public")
	p.TokenURL = nr.URL
	ref := runLoggedIn(t, p, Options{})["refresh"]
	if ref.Status != Done || len(ref.Inspections) == 0 {
		t.Fatalf("refresh: %v %v", ref.Status, ref.Err)
	}
	if c := checkNamed(t, ref.Inspections[0], "iat"); c.Status != inspect.StatusWarn || !strings.Contains(c.Detail, "first ID token again") {
		t.Errorf("iat: %v %s", c.Status, c.Detail)
	}
}

// TestKeepRefreshToken: with KeepRefreshToken the Refresh step does not
// spend the refresh token; the set holds the code exchange's tokens.
func TestKeepRefreshToken(t *testing.T) {
	srv := demotest.Start(t)
	res := runLoggedIn(t, authCodeProvider(t, srv, "demo-public"), Options{KeepRefreshToken: true})
	ref := res["refresh"]
	if ref.Status != Skipped || len(ref.Exchanges) != 0 {
		t.Fatalf("refresh: %v, %d exchanges", ref.Status, len(ref.Exchanges))
	}
	if notes := strings.Join(ref.Notes, "\n"); !strings.Contains(notes, "{setting:refresh}") {
		t.Errorf("notes: %s", notes)
	}
	if tok := res["token"]; tok.Tokens == nil || tok.Tokens.RefreshToken == "" || tok.Tokens.RefreshToken != tok.Token.RefreshToken {
		t.Errorf("the code exchange's set: %+v", tok.Tokens)
	}
}

// jwt builds an unsigned-looking JWS with the given claims; the checks of
// sameAsFirst read claims only.
func jwt(t *testing.T, claims map[string]any) *inspect.Token {
	t.Helper()
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	tok, err := inspect.Decode(enc(map[string]string{"alg": "RS256", "kid": "k1"}) + "." + enc(claims) + ".c2ln")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestSameAsFirst: OIDC Core §12.2's comparisons of a refreshed ID token
// with the first one.
func TestSameAsFirst(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	base := func() map[string]any {
		return map[string]any{"iss": "https://id.example.com", "sub": "u1", "aud": "app", "exp": now.Unix() + 3600,
			"iat": now.Unix() - 600, "auth_time": now.Unix() - 700, "nonce": "n1"}
	}
	first := base()
	cases := []struct {
		name   string
		change func(c map[string]any)
		check  string
		status inspect.Status
		detail string
	}{
		{"all the same but a new iat", func(c map[string]any) { c["iat"] = now.Unix(); delete(c, "nonce") }, "sub", inspect.StatusPass, "same as in the first"},
		{"another sub", func(c map[string]any) { c["sub"] = "u2" }, "sub", inspect.StatusFail, `sub is "u2" but the first ID token's is "u1"`},
		{"another aud", func(c map[string]any) { c["aud"] = []string{"app", "other"} }, "aud", inspect.StatusFail, "a refreshed ID token must keep it"},
		{"aud as a one-element list", func(c map[string]any) { c["aud"] = []string{"app"} }, "aud", inspect.StatusPass, "same as in the first"},
		{"azp appears", func(c map[string]any) { c["azp"] = "app" }, "azp", inspect.StatusFail, "the first ID token's is absent"},
		{"auth_time moves", func(c map[string]any) { c["auth_time"] = now.Unix() }, "auth_time", inspect.StatusFail, "time of the original login"},
		{"auth_time kept", func(c map[string]any) {}, "auth_time", inspect.StatusPass, "original login"},
		{"iat before the first", func(c map[string]any) { c["iat"] = now.Unix() - 900 }, "iat", inspect.StatusFail, "before the first ID token's"},
		{"iat stale", func(c map[string]any) {}, "iat", inspect.StatusWarn, "before the refresh response arrived"},
		{"iat fresh", func(c map[string]any) { c["iat"] = now.Unix() }, "iat", inspect.StatusPass, "issued at the refresh"},
		{"no nonce", func(c map[string]any) { delete(c, "nonce") }, "nonce", inspect.StatusPass, "recommends"},
		{"the first nonce", func(c map[string]any) {}, "nonce", inspect.StatusPass, "allows it"},
		{"another nonce", func(c map[string]any) { c["nonce"] = "n2" }, "nonce", inspect.StatusFail, "differs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			claims := base()
			tc.change(claims)
			tok := jwt(t, claims)
			v := inspect.Verify(context.Background(), tok, inspect.VerifyOptions{Issuer: "https://id.example.com", Audience: []string{"app"}, ClientID: "app", Now: func() time.Time { return now }})
			checks := sameAsFirst(v.Checks, tok, jwt(t, first), false, now)
			for _, c := range checks {
				if c.Name != tc.check {
					continue
				}
				if c.Status != tc.status || !strings.Contains(c.Detail, tc.detail) {
					t.Errorf("%s: %v %q; want %v with %q", c.Name, c.Status, c.Detail, tc.status, tc.detail)
				}
				return
			}
			t.Errorf("no %s check in %+v", tc.check, checks)
		})
	}
	t.Run("no first ID token", func(t *testing.T) {
		tok := jwt(t, base())
		v := inspect.Verify(context.Background(), tok, inspect.VerifyOptions{Now: func() time.Time { return now }})
		checks := sameAsFirst(v.Checks, tok, nil, false, now)
		if c := checks[len(checks)-1]; c.Name != "sub" || c.Status != inspect.StatusSkip {
			t.Errorf("last check %+v", c)
		}
	})
}
