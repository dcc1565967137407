package flows

import (
	"context"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// ccToken returns an access token of the demo's client credentials grant.
func ccToken(t *testing.T, p providers.Provider) string {
	t.Helper()
	f := NewClientCredentials(p, Options{})
	var tok string
	for _, r := range runAll(f) {
		if r.Tokens != nil {
			tok = r.Tokens.AccessToken
		}
	}
	if tok == "" {
		t.Fatal("no access token from the demo")
	}
	return tok
}

// userTokens logs the demo user in with client and returns the tokens held.
func userTokens(t *testing.T, srv *demo.Server, client string) *TokenSet {
	t.Helper()
	f := NewAuthCode(authCodeProvider(t, srv, client), Options{KeepRefreshToken: true})
	ar := startAuth(t, f)
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	var set *TokenSet
	for _, r := range runAll(f) {
		if r.Tokens != nil {
			set = r.Tokens
		}
	}
	if set == nil || set.RefreshToken == "" {
		t.Fatalf("no refresh token from the demo: %+v", set)
	}
	return set
}

// last runs f to its end and returns its last result, failing the test on
// a failed step before it.
func last(t *testing.T, f Flow) Result {
	t.Helper()
	rs := runAll(f)
	for _, r := range rs[:len(rs)-1] {
		if r.Status != Done && r.Status != Skipped {
			t.Fatalf("step %s: %v %v", r.Step.ID, r.Status, r.Err)
		}
	}
	return rs[len(rs)-1]
}

// TestIntrospectRevokeIntrospect is issue 11's acceptance: on the demo,
// introspection shows a fresh token active, revocation is accepted and
// checked, and introspection then shows it inactive, explained.
func TestIntrospectRevokeIntrospect(t *testing.T) {
	srv := demotest.Start(t)
	for _, client := range []string{"demo-service", "demo-service-post"} {
		t.Run(client, func(t *testing.T) {
			p := demoProvider(t, srv, client)
			target := Target{Token: ccToken(t, p), Hint: HintAccessToken}

			r := last(t, NewIntrospect(p, Options{}, target))
			if r.Status != Done || r.Introspection == nil || !r.Introspection.Active {
				t.Fatalf("first introspection: %v %v %+v", r.Status, r.Err, r.Introspection)
			}
			for _, m := range []string{"active", "scope", "client_id", "token_type", "exp", "iat", "sub", "aud", "iss", "jti"} {
				if r.Introspection.Field(m) == nil {
					t.Errorf("active introspection lacks %s: %s", m, r.Introspection.JSON)
				}
			}
			if r.Introspection.Expiry.IsZero() {
				t.Error("exp not read as a time")
			}

			rs := runAll(NewRevoke(p, Options{}, target))
			if len(rs) != 3 || rs[1].Status != Done || rs[2].Status != Done {
				t.Fatalf("revocation: %+v", rs)
			}
			if rs[2].Step.ID != RevocationCheck.ID || rs[2].Introspection == nil || rs[2].Introspection.Active {
				t.Fatalf("the check did not find the token inactive: %+v", rs[2])
			}

			r = last(t, NewIntrospect(p, Options{}, target))
			if r.Status != Done || r.Introspection == nil || r.Introspection.Active {
				t.Fatalf("second introspection: %v %v %+v", r.Status, r.Err, r.Introspection)
			}
			if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "revoked") || !strings.Contains(r.Notes[0], "another client") {
				t.Errorf("active: false not explained: %q", r.Notes)
			}
		})
	}
}

// TestRevokedRefreshTokenFails revokes a refresh token and shows it
// refused at the token endpoint afterwards (RFC 7009 §2.1).
func TestRevokedRefreshTokenFails(t *testing.T) {
	srv := demotest.Start(t)
	set := userTokens(t, srv, "demo-confidential")
	p := authCodeProvider(t, srv, "demo-confidential")
	rs := runAll(NewRevoke(p, Options{}, Target{Token: set.RefreshToken, Hint: HintRefreshToken}))
	if len(rs) != 3 || rs[1].Status != Done {
		t.Fatalf("revocation: %+v", rs)
	}
	check := rs[2]
	if check.Status != Done || check.Token != nil {
		t.Fatalf("the revoked refresh token was not refused: %v %v", check.Status, check.Err)
	}
	ex := lastExchange(check.Exchanges)
	if ex == nil || !strings.Contains(string(ex.Request.Body), "grant_type=refresh_token") || !strings.Contains(string(ex.Response.Body), "invalid_grant") {
		t.Fatalf("the check did not try the refresh token: %+v", ex)
	}
	// The access tokens of the grant went with it (RFC 7009 §2.1).
	r := last(t, NewUserinfo(p, Options{}, Target{Token: set.AccessToken}))
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_token" {
		t.Fatalf("userinfo after the grant's revocation: %v %+v", r.Status, r.Diagnosis)
	}
}

// TestUserinfoValidThenRevoked calls userinfo with a user's access token,
// revokes it, and calls again: the second call is refused with
// invalid_token.
func TestUserinfoValidThenRevoked(t *testing.T) {
	srv := demotest.Start(t)
	set := userTokens(t, srv, "demo-public")
	p := authCodeProvider(t, srv, "demo-public")
	target := Target{Token: set.AccessToken}
	r := last(t, NewUserinfo(p, Options{}, target))
	if r.Status != Done || r.Userinfo == nil || r.Userinfo.Field("sub") == nil || r.Userinfo.Field("email") == nil {
		t.Fatalf("userinfo: %v %v %+v", r.Status, r.Err, r.Userinfo)
	}
	// A public client revokes its own token with its client_id alone
	// (RFC 7009 §2.1); it cannot introspect, so the check is skipped.
	rs := runAll(NewRevoke(p, Options{}, target))
	if rs[1].Status != Done || rs[2].Status != Skipped {
		t.Fatalf("revocation by a public client: %v %v / %v", rs[1].Status, rs[1].Err, rs[2].Status)
	}
	r = last(t, NewUserinfo(p, Options{}, target))
	if r.Status != Failed || r.Diagnosis.Code != "invalid_token" {
		t.Fatalf("userinfo with a revoked token: %v %+v", r.Status, r.Diagnosis)
	}
}

// TestIntrospectionRefusesPublicClient shows the demo's refusal of a
// caller that does not authenticate (RFC 7662 §2.1) diagnosed as such.
func TestIntrospectionRefusesPublicClient(t *testing.T) {
	srv := demotest.Start(t)
	p := authCodeProvider(t, srv, "demo-public")
	rs := runAll(NewIntrospect(p, Options{}, Target{Token: "whatever"}))
	r := rs[len(rs)-1]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Ref != "RFC 7662 §2.1, §2.3, §4" || !strings.Contains(r.Diagnosis.Causes[0], "a public client cannot introspect") {
		t.Fatalf("refusal: %v %+v", r.Status, r.Diagnosis)
	}
	if len(rs[0].Warnings) != 0 || len(r.Warnings) == 0 {
		t.Errorf("the auth method warning should come with the introspection step: %+v / %+v", rs[0].Warnings, r.Warnings)
	}
}

// TestTokenActionsCoverTheWire checks that every parameter sent and every
// member received by the token actions on the demo is explained.
func TestTokenActionsCoverTheWire(t *testing.T) {
	srv := demotest.Start(t)
	seen := map[string]bool{}
	set := userTokens(t, srv, "demo-confidential")
	for _, client := range []string{"demo-service", "demo-service-post", "demo-confidential"} {
		p := authCodeProvider(t, srv, client)
		target := Target{Token: set.AccessToken, Hint: HintAccessToken}
		if client != "demo-confidential" {
			p = demoProvider(t, srv, client)
			target = Target{Token: ccToken(t, p)}
		}
		for _, f := range []Flow{NewIntrospect(p, Options{}, target), NewUserinfo(p, Options{}, target), NewRevoke(p, Options{}, target)} {
			for _, r := range runAll(f) {
				if r.Step.ID == Discovery.ID {
					continue
				}
				if r.Status == Failed && f.Name() != "Userinfo" {
					t.Fatalf("%s %s: %v", client, r.Step.ID, r.Err)
				}
				checkWire(t, seen, r.Step, r.Exchanges, true)
			}
		}
	}
	for _, n := range []string{"token", "token_type_hint", "client_secret", "Authorization: Basic", "Authorization: Bearer", "active", "scope", "client_id", "exp", "iat", "nbf", "jti", "email"} {
		if !seen[n] {
			t.Errorf("%q was never seen on the wire: the test no longer checks it", n)
		}
	}
}

func TestTokenActionsDeclared(t *testing.T) {
	for _, a := range TokenActions() {
		if _, ok := GrantByID(a.ID); ok {
			t.Errorf("%s is both a grant and a token action", a.ID)
		}
		if got, ok := TokenActionByID(a.ID); !ok || got.Endpoint != a.Endpoint {
			t.Errorf("TokenActionByID(%s)", a.ID)
		}
		f := a.New(providers.Provider{Issuer: "https://id.example", ClientID: "c", ClientSecret: "s3cr3t-value"}, Options{}, Target{Token: "the-token-value"})
		if f.Steps()[0].ID != Discovery.ID || len(f.Steps()) < 2 {
			t.Errorf("%s: steps %+v", a.ID, f.Steps())
		}
		secrets := strings.Join(f.Secrets(), " ")
		if !strings.Contains(secrets, "the-token-value") {
			t.Errorf("%s: Secrets() lacks the token", a.ID)
		}
	}
}
