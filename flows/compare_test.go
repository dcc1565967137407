package flows

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestCompareTokens: two client credentials tokens of the demo, asked
// for with different scopes: scope changed, the times differ as times,
// the issuer is the same; a token that is no JWT is named.
func TestCompareTokens(t *testing.T) {
	srv := demotest.Start(t)
	tokenOf := func(scopes ...string) string {
		p := demoProvider(t, srv, "demo-service")
		p.Scopes = scopes
		run, _ := ccRun(t, p)
		for _, r := range run.Results {
			if r.Token != nil {
				return r.Token.AccessToken
			}
		}
		t.Fatal("no token")
		return ""
	}
	a, b := tokenOf("api.read"), tokenOf("api.read", "api.write")
	changes, err := CompareTokens(a, b)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]ChangeKind{}
	for _, c := range changes {
		kinds[c.Name] = c.Kind
		if c.Name == "scope" && (!strings.Contains(c.After, "api.write") || strings.Contains(c.Before, "api.write") || c.Meaning == "") {
			t.Errorf("scope: %+v", c)
		}
	}
	if kinds["scope"] != ClaimChanged || kinds["iss"] != ClaimSame || kinds["iat"] != ClaimTime && kinds["iat"] != ClaimSame {
		t.Errorf("kinds: %v", kinds)
	}
	if _, err := CompareTokens(a, "not-a-jwt"); err == nil || !strings.Contains(err.Error(), "the second token") {
		t.Errorf("a token that is no JWT: %v", err)
	}
}
