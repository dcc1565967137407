package flows

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func TestDefaultScopes(t *testing.T) {
	cases := []struct {
		name string
		md   *providers.Metadata
		flow string
		want string
		why  string
	}{
		{"OpenID provider listing them", &providers.Metadata{Kind: providers.KindOpenID, ScopesSupported: []string{"openid", "email", "profile", "offline_access", "api"}}, FlowIDAuthCode, "openid profile email offline_access", "openid, and profile, email and offline_access as the discovery document lists them"},
		{"OpenID provider listing some", &providers.Metadata{Kind: providers.KindOpenID, ScopesSupported: []string{"openid", "email"}}, FlowIDAuthCode, "openid email", "openid, and email as"},
		{"OpenID provider listing none of them", &providers.Metadata{Kind: providers.KindOpenID, ScopesSupported: []string{"openid", "api"}}, FlowIDAuthCode, "openid", "none of profile"},
		{"OpenID provider without scopes_supported", &providers.Metadata{Kind: providers.KindOpenID}, FlowIDAuthCode, "openid", "lists no scopes_supported"},
		{"RFC 8414 server listing openid", &providers.Metadata{Kind: providers.KindOAuth, ScopesSupported: []string{"openid", "offline_access"}}, FlowIDAuthCode, "openid offline_access", "openid, and offline_access as"},
		{"RFC 8414 server with its own scopes", &providers.Metadata{Kind: providers.KindOAuth, ScopesSupported: []string{"repo", "read:user"}}, FlowIDAuthCode, "", "lists repo read:user"},
		{"RFC 8414 server without scopes_supported", &providers.Metadata{Kind: providers.KindOAuth}, FlowIDAuthCode, "", "not an OpenID provider"},
		{"no discovery", &providers.Metadata{Kind: providers.KindStatic}, FlowIDAuthCode, "", "without discovery"},
		{"discovery failed", nil, FlowIDAuthCode, "", "could not be read"},
		{"client credentials", &providers.Metadata{Kind: providers.KindOpenID, ScopesSupported: []string{"openid", "api"}}, FlowIDClientCredentials, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, why := DefaultScopes(tc.md, tc.flow)
			if strings.Join(got, " ") != tc.want {
				t.Errorf("scopes %q, want %q", got, tc.want)
			}
			if !strings.Contains(why, tc.why) || (tc.why == "") != (why == "") {
				t.Errorf("why %q, want it to say %q", why, tc.why)
			}
		})
	}
}

// TestReadMetadataDefaults reads real documents: the demo provider's
// (OpenID, every optional scope listed) and an RFC 8414 document listing
// scopes of its own, which the demo cannot serve.
func TestReadMetadataDefaults(t *testing.T) {
	srv := demotest.Start(t)
	md, err := ReadMetadata(context.Background(), srv.Issuer(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := DefaultScopes(md, FlowIDAuthCode); strings.Join(got, " ") != "openid profile email offline_access" {
		t.Errorf("demo provider: %q", got)
	}

	var oauthSrv *httptest.Server
	oauthSrv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/oauth-authorization-server" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"issuer":"` + oauthSrv.URL + `","authorization_endpoint":"` + oauthSrv.URL + `/authorize","token_endpoint":"` + oauthSrv.URL + `/token","response_types_supported":["code"],"scopes_supported":["repo","read:user"]}`))
	}))
	defer oauthSrv.Close()
	md, err = ReadMetadata(context.Background(), oauthSrv.URL, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, why := DefaultScopes(md, FlowIDAuthCode); len(got) != 0 || !strings.Contains(why, "repo read:user") {
		t.Errorf("RFC 8414 server: %q, %q", got, why)
	}
}
