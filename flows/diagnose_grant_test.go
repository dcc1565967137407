package flows

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// grantWords are words that belong to one grant's causes only: a
// diagnosis of another grant's refusal must not use them. (A try may
// name another grant: log in again with the authorization code flow for
// a new refresh token.)
var grantWords = map[string][]string{
	"authorization_code": {"authorization code was", "authorization code is", "authorization code expired", "code_verifier", "redirect_uri"},
	"refresh_token":      {"refresh token"},
	deviceGrantType:      {"device code"},
}

// foreignWords fails when d's causes speak of another grant than grant.
func foreignWords(t *testing.T, d *Diagnosis, grant string) {
	t.Helper()
	all := strings.ToLower(strings.Join(d.Causes, " | "))
	for g, words := range grantWords {
		if g == grant {
			continue
		}
		for _, w := range words {
			if strings.Contains(all, w) {
				t.Errorf("a diagnosis of a %s request speaks of %q:\n%s", grant, w, all)
			}
		}
	}
}

// TestInvalidGrantByGrant: invalid_grant gets the causes of the grant the
// refused request carried, and none of the other grants'; a request not
// recorded gets every grant's.
func TestInvalidGrantByGrant(t *testing.T) {
	for _, tc := range []struct {
		grant string
		says  []string
	}{
		{"authorization_code", []string{"already used", "expired", "not one this server issued", "another client", "redirect_uri", "code_verifier"}},
		{"refresh_token", []string{"already spent", "rotat", "revoked", "another client"}},
		{deviceGrantType, []string{"device code was already redeemed", "expired_token", "client_id"}},
		{passwordGrantType, []string{"username or the password is wrong"}},
		{jwtBearerGrantType, []string{"jti", "aud"}},
		{tokenExchangeGrantType, []string{"subject token"}},
		{"client_credentials", []string{"no code or token to refuse", "secret"}},
		{"urn:example:custom-grant", []string{"grant_type urn:example:custom-grant"}},
		{"", []string{"authorization code", "refresh token"}},
	} {
		t.Run(tc.grant, func(t *testing.T) {
			d := Diagnose(&OAuthError{Endpoint: "token endpoint", HTTPStatus: 400, Code: "invalid_grant", GrantType: tc.grant})
			all := strings.Join(d.Causes, " | ")
			for _, w := range tc.says {
				if !strings.Contains(all, w) {
					t.Errorf("causes lack %q: %s", w, all)
				}
			}
			if tc.grant != "" {
				foreignWords(t, d, tc.grant)
			}
			if tc.grant == "authorization_code" && strings.Contains(strings.Join(d.Try, " "), "refresh") {
				t.Errorf("a code exchange told about refresh tokens: %q", d.Try)
			}
			if d.Code != "invalid_grant" || len(d.Try) == 0 || d.Ref == "" {
				t.Errorf("diagnosis %+v", d)
			}
		})
	}
}

// TestServerWordsNameSeveralStates: a description that lists several
// states ("unknown, expired or already used") is not read as one of them:
// the diagnosis says the server named several without saying which, then
// gives the causes of those states, in the server's order, then the
// grant's others. A description naming one state keeps its claim, and
// RFC 6749's own definition of invalid_grant is not the server's words.
func TestServerWordsNameSeveralStates(t *testing.T) {
	const rfc = "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	code := codeInvalidGrant.advice().causes
	refresh := refreshInvalidGrant.advice().causes
	for _, tc := range []struct {
		name, grant, url, desc string
		first                  string   // the first cause
		next                   []string // the causes right after it
		not                    string   // a claim no cause may make
	}{
		// The demo, for an unknown code (providers/demo/storage.go,
		// AuthRequestByCode).
		{name: "demo code", grant: "authorization_code", desc: "authorization code is unknown, expired or already used",
			first: "the server says the authorization code is unknown, expired or already used, without saying which",
			next:  []string{code[2], code[1], code[0]}, not: "was already redeemed"},
		// Okta's words for a code it refuses, quoted in
		// https://github.com/oktadev/okta-smartfhir-docs/issues/13 and
		// https://github.com/omniauth/omniauth-okta/issues/29.
		{name: "Okta code", grant: "authorization_code", url: "https://dev-1.okta.com/oauth2/default/v1/token", desc: "The authorization code is invalid or has expired.",
			first: "the server says the authorization code is invalid or has expired, without saying which",
			next:  []string{code[1]}, not: "the server says the authorization code has expired"},
		// Okta's words for a refresh token it refuses, quoted in
		// https://github.com/okta/okta-react-native/issues/287.
		{name: "Okta refresh", grant: "refresh_token", url: "https://dev-1.okta.com/oauth2/default/v1/token", desc: "The refresh token is invalid or expired.",
			first: "the server says the refresh token is invalid or expired, without saying which",
			next:  []string{refresh[1]}, not: "the server says the refresh token has expired"},
		// The demo, for a refresh token it does not hold
		// (providers/demo/tokens.go).
		{name: "demo refresh", grant: "refresh_token", desc: "refresh token is unknown, expired, revoked or already used (refresh tokens are rotated: each works once)",
			first: "the server says the refresh token is unknown, expired, revoked or already used, without saying which",
			next:  []string{refresh[2], refresh[1], refresh[0]}},
		// Ory fosite (Hydra) sends RFC 6749 §5.2's definition alone for a
		// code it does not hold (handler/oauth2/flow_generic_code_token.go:
		// ErrNotFound becomes ErrInvalidGrant without a hint): it names no
		// cause, so the grant's own causes stand.
		{name: "fosite unknown code", grant: "authorization_code", desc: rfc,
			first: code[0], next: code[1:], not: "the server says"},
		// …and the definition then a hint for a code used twice (the same
		// file: "The authorization code has already been used.").
		{name: "fosite code used", grant: "authorization_code", desc: rfc + " The authorization code has already been used.",
			first: "the server says the authorization code was already redeemed"},
		// A claim of one state stays one.
		{name: "one state", grant: "authorization_code", desc: "The authorization code has expired",
			first: "the server says the authorization code has expired"},
		// A code's words are not read into another grant's refusal.
		{name: "code words at a device poll", grant: deviceGrantType, desc: "code already used",
			first: deviceInvalidGrant.causes[0].text, not: "authorization code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Diagnose(&OAuthError{Endpoint: "token endpoint", HTTPStatus: 400, Code: "invalid_grant", Description: tc.desc, GrantType: tc.grant, URL: tc.url})
			if len(d.Causes) < 1+len(tc.next) || !strings.HasPrefix(d.Causes[0], tc.first) {
				t.Fatalf("first cause %q, want %q", d.Causes, tc.first)
			}
			if got := d.Causes[1 : 1+len(tc.next)]; !slices.Equal(got, tc.next) {
				t.Errorf("after the first cause:\n%q\nwant\n%q", got, tc.next)
			}
			if all := strings.Join(d.Causes, " | "); tc.not != "" && strings.Contains(all, tc.not) {
				t.Errorf("a cause claims %q: %s", tc.not, all)
			}
			foreignWords(t, d, tc.grant)
		})
	}
}

// TestPastedGarbageCodeAgainstDemo: a code the demo never issued, pasted
// as the TUI lets one paste it, is refused with the demo's "unknown,
// expired or already used"; the diagnosis does not pick one of the three,
// and speaks of the code only (no refresh token).
func TestPastedGarbageCodeAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	f := NewAuthCode(authCodeProvider(t, srv, "demo-public"), Options{})
	startAuth(t, f)
	if err := f.Paste("garbage"); err != nil {
		t.Fatal(err)
	}
	var r Result
	for !f.Done() {
		if r = f.Next(context.Background()); r.Status == Failed {
			break
		}
	}
	d := r.Diagnosis
	if r.Step.ID != ACToken.ID || d == nil || d.Code != "invalid_grant" {
		t.Fatalf("step %s: %v %+v", r.Step.ID, r.Err, d)
	}
	if !strings.HasPrefix(d.Causes[0], "the server says the authorization code is unknown, expired or already used, without saying which") {
		t.Errorf("first cause %q", d.Causes[0])
	}
	if !strings.Contains(d.Causes[1], "mistyped or cut when pasted") {
		t.Errorf("the unknown code's cause is not next: %q", d.Causes)
	}
	foreignWords(t, d, "authorization_code")
}

// TestRefreshInvalidGrantAgainstDemo: a refresh token the demo does not
// hold gets the refresh grant's causes, none of a code exchange's.
func TestRefreshInvalidGrantAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	res, _ := runRefresh(t, authCodeProvider(t, srv, "demo-public"), "garbage-refresh-token")
	r := res[RTRefresh.ID]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_grant" {
		t.Fatalf("%v %+v", r.Err, r.Diagnosis)
	}
	if !strings.HasPrefix(r.Diagnosis.Causes[0], "the server says the refresh token is unknown, expired, revoked or already used") {
		t.Errorf("first cause %q", r.Diagnosis.Causes[0])
	}
	foreignWords(t, r.Diagnosis, "refresh_token")
}

// TestDeviceInvalidGrant: a poll refused with invalid_grant is explained
// by the device code, not by a code exchange's or a refresh's causes.
func TestDeviceInvalidGrant(t *testing.T) {
	p := deviceServer(t, 600, 5, "invalid_grant")
	s := &sleeper{now: time.Now()}
	poll := byStep(runAll(NewDevice(p, s.options())))["device_poll"]
	if poll.Status != Failed || poll.Diagnosis == nil || poll.Diagnosis.Code != "invalid_grant" {
		t.Fatalf("poll: %v %v %+v", poll.Status, poll.Err, poll.Diagnosis)
	}
	if !strings.Contains(poll.Diagnosis.Causes[0], "device code") {
		t.Errorf("causes %q", poll.Diagnosis.Causes)
	}
	foreignWords(t, poll.Diagnosis, deviceGrantType)
}
