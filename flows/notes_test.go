package flows

import (
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

func TestScopeNote(t *testing.T) {
	for _, tc := range []struct {
		name       string
		asked      string
		granted    string
		refresh    bool
		want, deny string
	}{
		{name: "same set, other order", asked: "openid profile", granted: "profile openid"},
		{name: "none sent means as asked (RFC 6749 §5.1)", asked: "openid profile", granted: ""},
		{name: "dropped", asked: "openid profile api.write", granted: "openid profile", want: "api.write dropped"},
		{name: "added", asked: "api.read", granted: "api.read api.write", want: "api.write added"},
		{name: "server default", asked: "", granted: "api.read", want: "no scope was asked"},
		// Google grants email and profile under their full names:
		// https://developers.google.com/identity/protocols/oauth2/scopes#oauth2
		{name: "google aliases", asked: "openid email profile", granted: "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile"},
		// Entra omits offline_access from scope but sends a refresh token,
		// and lists Graph scopes without their resource:
		// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#successful-response-2
		{name: "entra offline_access honoured", asked: "openid offline_access https://graph.microsoft.com/User.Read", granted: "openid User.Read", refresh: true},
		{name: "offline_access ignored", asked: "openid offline_access", granted: "openid", want: "offline_access dropped"},
		{name: ".default", asked: "https://graph.microsoft.com/.default", granted: "User.Read Mail.Read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scopeNote(strings.Fields(tc.asked), tc.granted, tc.refresh)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("scopeNote = %q, want one with %q", got, tc.want)
			}
		})
	}
}

func TestNoRefreshNote(t *testing.T) {
	consent := url.Values{"prompt": {"consent"}}
	for _, tc := range []struct {
		name string
		p    providers.Provider
		want []string
	}{
		{"not asked", providers.Provider{Scopes: []string{"openid"}}, []string{"none was asked for", "{setting:scope}"}},
		{"asked without consent", providers.Provider{Scopes: []string{"openid", "offline_access"}},
			[]string{"offline_access scope was asked", "Core §11", "prompt=consent ({setting:prompt} consent)"}},
		{"asked with consent", providers.Provider{Scopes: []string{"openid", "offline_access"}, AuthParams: consent},
			[]string{"with prompt=consent", "does not give this client refresh tokens"}},
		{"google by host", providers.Provider{Issuer: "https://accounts.google.com", Scopes: []string{"openid"}},
			[]string{"Google issues a refresh token only when the authorization request has access_type=offline ({setting:auth-param} access_type=offline)"}},
		{"google access_type sent", providers.Provider{Preset: "google", AuthParams: url.Values{"access_type": {"offline"}}},
			[]string{"access_type=offline was sent", "only at the first consent"}},
		{"entra", providers.Provider{Issuer: "https://login.microsoftonline.com/common/v2.0"}, []string{"Microsoft Entra ID issues a refresh token only when {setting:scope} has offline_access"}},
		{"auth0", providers.Provider{Issuer: "https://example.eu.auth0.com/", Scopes: []string{"offline_access"}}, []string{"Allow Offline Access setting"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := noRefreshNote(tc.p)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("noRefreshNote = %q, want %q in it", got, w)
				}
			}
		})
	}
}

func TestAccessTokenNote(t *testing.T) {
	jwe := "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYxMjM0NTY3ODkw.Y2lwaGVy.dGFn"
	auth0 := providers.Provider{Preset: "auth0"}
	for _, tc := range []struct {
		name, token, want string
		p                 providers.Provider
	}{
		{"opaque", "2YotnFZFEjr1zCsicMWpAA", "opaque", providers.Provider{}},
		{"jwe", jwe, "encrypted (JWE", providers.Provider{}},
		{"auth0 without audience", jwe, "give {setting:audience}", auth0},
		{"jws", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "", providers.Provider{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := accessTokenNote(tc.p, tc.token)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("accessTokenNote = %q, want one with %q", got, tc.want)
			}
		})
	}
}

func TestChecksNote(t *testing.T) {
	v := inspect.Verification{Checks: []inspect.Check{
		{Name: "signature", Status: inspect.StatusPass}, {Name: "iss", Status: inspect.StatusFail},
		{Name: "azp", Status: inspect.StatusWarn}, {Name: "nbf", Status: inspect.StatusSkip}, {Name: "exp", Status: inspect.StatusPass},
	}}
	want := "ID token checks: 1 failed (iss), 1 warned (azp), 2 passed (signature, exp), 1 skipped (nbf)"
	if got := checksNote("ID token", v); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
