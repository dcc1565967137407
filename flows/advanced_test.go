package flows

import (
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestAdvancedRoundTrip: the advanced options read from a provider's
// settings and applied again give the same settings; prompt, login_hint
// and max_age go into the authorization parameters; an emptied row
// clears its setting; each check refuses what the request could not carry.
func TestAdvancedRoundTrip(t *testing.T) {
	p := providers.Provider{Resource: "https://api.example.com", APIURL: "https://api.example.com/me",
		AuthParams:  url.Values{"prompt": {"login"}, "access_type": {"offline"}},
		TokenParams: url.Values{"audience": {"x"}}}
	in := AdvancedValues(p)
	if in["prompt"] != "login" || in["auth-param"] != "access_type=offline" || in["param"] != "audience=x" {
		t.Fatalf("values: %v", in)
	}
	var q providers.Provider
	if err := ApplyAdvanced(&q, in); err != nil {
		t.Fatal(err)
	}
	if q.Resource != p.Resource || q.APIURL != p.APIURL || q.AuthParams.Encode() != p.AuthParams.Encode() || q.TokenParams.Encode() != p.TokenParams.Encode() {
		t.Errorf("round trip: %+v", q)
	}
	in["login-hint"], in["max-age"], in["resource"] = "demo", "60", ""
	if err := ApplyAdvanced(&q, in); err != nil || q.AuthParams.Get("login_hint") != "demo" || q.AuthParams.Get("max_age") != "60" || q.Resource != "" {
		t.Errorf("login hint, max age, emptied resource: %+v %v", q, err)
	}
	bad := map[string]string{"resource": "api#x", "api-url": "ftp://x", "prompt": "always", "max-age": "-1", "auth-param": "=x", "param": "%zz"}
	for _, o := range AdvancedOptions() {
		v, ok := bad[o.Name]
		if !ok {
			continue
		}
		if err := o.Validate(v); err == nil || strings.Contains(err.Error(), "--") {
			t.Errorf("%s %q: %v", o.Name, v, err)
		}
	}
}
