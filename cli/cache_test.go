package cli

import (
	"encoding/base64"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/tokencache"
)

// TestCacheListScope: cache list shows the scope granted, from the
// token response, else from the access token's scope or scp claim, and
// the scope asked for beside it only when it is another.
func TestCacheListScope(t *testing.T) {
	jwt := func(payload string) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"RS256","typ":"at+jwt"}`)) + "." + enc([]byte(payload)) + ".c2ln"
	}
	for name, c := range map[string]struct {
		e    tokencache.Entry
		want string
	}{
		"from the response":              {tokencache.Entry{GrantedScope: "api.read api.write", AccessToken: "opaque"}, "api.read api.write"},
		"asked the same, in other order": {tokencache.Entry{Scope: "api.write api.read", GrantedScope: "api.read api.write"}, "api.read api.write"},
		"narrower than asked":            {tokencache.Entry{Scope: "api.read api.write", GrantedScope: "api.read"}, "api.read (asked: api.read api.write)"},
		"from the scope claim":           {tokencache.Entry{AccessToken: jwt(`{"scope":"api.read api.write"}`)}, "api.read api.write"},
		"from Okta's scp array":          {tokencache.Entry{AccessToken: jwt(`{"scp":["openid","email"]}`)}, "openid email"},
		"only asked":                     {tokencache.Entry{Scope: "api.read", AccessToken: "opaque"}, "api.read (asked)"},
		"nothing known":                  {tokencache.Entry{AccessToken: "opaque"}, "-"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := scopeCell(listed(tokencache.Listed{Entry: c.e}, c.e.Obtained)); got != c.want {
				t.Errorf("SCOPE %q, want %q", got, c.want)
			}
		})
	}
}
