package flows

import (
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenActionAppliesTo: userinfo is offered only on an access token
// that may have been issued for a user; introspection and revocation on
// any token.
func TestTokenActionAppliesTo(t *testing.T) {
	userinfo, _ := TokenActionByID(ActionUserinfo)
	introspect, _ := TokenActionByID(ActionIntrospect)
	access := Target{Token: "at", Hint: HintAccessToken}
	tok := func(tr TokenResponse) []*Result { return []*Result{{Step: Discovery}, {Token: &tr}} }
	for _, tc := range []struct {
		name string
		t    Target
		held []*Result
		want bool
	}{
		{"client credentials: no ID token, no openid", access, tok(TokenResponse{AccessToken: "at", Scope: "api.read"}), false},
		{"an ID token came with it", access, tok(TokenResponse{AccessToken: "at", IDToken: "x.y.z"}), true},
		{"openid granted", access, tok(TokenResponse{AccessToken: "at", Scope: "openid profile"}), true},
		{"openid only as part of a word", access, tok(TokenResponse{AccessToken: "at", Scope: "openidish"}), false},
		{"the set holds an ID token of an earlier response", access,
			[]*Result{{Tokens: &TokenSet{AccessToken: "at", IDToken: "x.y.z"}, Token: &TokenResponse{AccessToken: "at"}}}, true},
		{"a token from elsewhere", Target{Token: "at"}, nil, true},
		{"a run without token responses", access, []*Result{{Step: Discovery}}, true},
		{"a refresh token", Target{Token: "rt", Hint: HintRefreshToken}, tok(TokenResponse{AccessToken: "at", IDToken: "x.y.z"}), false},
	} {
		if got := userinfo.AppliesTo(tc.t, tc.held); got != tc.want {
			t.Errorf("userinfo, %s: %v, want %v", tc.name, got, tc.want)
		}
		if !introspect.AppliesTo(tc.t, tc.held) {
			t.Errorf("introspect, %s: not offered", tc.name)
		}
	}
}

// TestUserinfoNotForClientCredentials runs the demo's client credentials
// grant: its token has no user, and userinfo does not apply to it.
func TestUserinfoNotForClientCredentials(t *testing.T) {
	srv := demotest.Start(t)
	p := demoProvider(t, srv, "demo-service")
	var held []*Result
	var at string
	for _, r := range runAll(NewClientCredentials(p, Options{})) {
		held = append(held, &r)
		if r.Token != nil {
			at = r.Token.AccessToken
		}
	}
	userinfo, _ := TokenActionByID(ActionUserinfo)
	if at == "" || userinfo.AppliesTo(Target{Token: at, Hint: HintAccessToken}, held) {
		t.Fatalf("userinfo applies to a client credentials token (%q)", at)
	}
}
