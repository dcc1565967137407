package providers

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// endpoints is what a preset derives from its fields.
type endpoints struct {
	Issuer, AuthURL, TokenURL, JWKSURL, UserinfoURL, DeviceAuthURL, APIURL string
}

func endpointsOf(p Provider) endpoints {
	return endpoints{p.Issuer, p.AuthURL, p.TokenURL, p.JWKSURL, p.UserinfoURL, p.DeviceAuthURL, p.APIURL}
}

func TestPresetEndpoints(t *testing.T) {
	const ms = "https://login.microsoftonline.com"
	for _, tc := range []struct {
		name   string
		preset string
		fields map[string]string
		want   endpoints
	}{
		{"google", "google", nil, endpoints{Issuer: "https://accounts.google.com"}},
		{"entra tenant id", "entra", map[string]string{"tenant": "72F988BF-86F1-41AF-91AB-2D7CD011DB47"},
			endpoints{Issuer: ms + "/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", APIURL: "https://graph.microsoft.com/v1.0/me"}},
		{"entra multi-tenant", "entra", map[string]string{"tenant": "organizations"}, endpoints{
			AuthURL: ms + "/organizations/oauth2/v2.0/authorize", TokenURL: ms + "/organizations/oauth2/v2.0/token",
			JWKSURL: ms + "/organizations/discovery/v2.0/keys", DeviceAuthURL: ms + "/organizations/oauth2/v2.0/devicecode",
			UserinfoURL: "https://graph.microsoft.com/oidc/userinfo", APIURL: "https://graph.microsoft.com/v1.0/me"}},
		{"github.com", "github", nil, endpoints{
			AuthURL: "https://github.com/login/oauth/authorize", TokenURL: "https://github.com/login/oauth/access_token",
			DeviceAuthURL: "https://github.com/login/device/code", APIURL: "https://api.github.com/user"}},
		{"github enterprise server", "github", map[string]string{"url": "github.example.com/"}, endpoints{
			AuthURL: "https://github.example.com/login/oauth/authorize", TokenURL: "https://github.example.com/login/oauth/access_token",
			DeviceAuthURL: "https://github.example.com/login/device/code", APIURL: "https://github.example.com/api/v3/user"}},
		{"github ghe.com", "github", map[string]string{"url": "https://octo.ghe.com"}, endpoints{
			AuthURL: "https://octo.ghe.com/login/oauth/authorize", TokenURL: "https://octo.ghe.com/login/oauth/access_token",
			DeviceAuthURL: "https://octo.ghe.com/login/device/code", APIURL: "https://api.octo.ghe.com/user"}},
		{"gitlab.com", "gitlab", nil, endpoints{Issuer: "https://gitlab.com", APIURL: "https://gitlab.com/api/v4/user"}},
		{"gitlab self-managed under a path", "gitlab", map[string]string{"url": "https://example.com/gitlab/"},
			endpoints{Issuer: "https://example.com/gitlab", APIURL: "https://example.com/gitlab/api/v4/user"}},
		{"auth0", "auth0", map[string]string{"domain": "dev-abc123.us.auth0.com"}, endpoints{Issuer: "https://dev-abc123.us.auth0.com/"}},
		{"auth0 given as URL", "auth0", map[string]string{"domain": "https://login.example.com/"}, endpoints{Issuer: "https://login.example.com/"}},
		{"okta default server", "okta", map[string]string{"url": "https://dev-123456.okta.com"}, endpoints{Issuer: "https://dev-123456.okta.com/oauth2/default"}},
		{"okta custom server", "okta", map[string]string{"url": "dev-123456.okta.com", "authorization_server": "aus1a2b3c"},
			endpoints{Issuer: "https://dev-123456.okta.com/oauth2/aus1a2b3c"}},
		{"okta org server", "okta", map[string]string{"url": "https://dev-123456.okta.com", "authorization_server": "org"},
			endpoints{Issuer: "https://dev-123456.okta.com"}},
		{"keycloak", "keycloak", map[string]string{"url": "https://sso.example.com", "realm": "myrealm"},
			endpoints{Issuer: "https://sso.example.com/realms/myrealm"}},
		{"keycloak 16 under /auth", "keycloak", map[string]string{"url": "https://sso.example.com/auth/", "realm": "My Realm"},
			endpoints{Issuer: "https://sso.example.com/auth/realms/My%20Realm"}},
		{"keycloak on loopback", "keycloak", map[string]string{"url": "http://127.0.0.1:8080", "realm": "dev"},
			endpoints{Issuer: "http://127.0.0.1:8080/realms/dev"}},
		{"cognito", "cognito", map[string]string{"user_pool_id": "eu-west-1_AbCdEf123"},
			endpoints{Issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"}},
		{"cognito with a domain prefix", "cognito", map[string]string{"user_pool_id": "us-east-1_Xy9", "domain": "my-app"}, endpoints{
			Issuer:  "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Xy9",
			AuthURL: "https://my-app.auth.us-east-1.amazoncognito.com/oauth2/authorize", TokenURL: "https://my-app.auth.us-east-1.amazoncognito.com/oauth2/token",
			UserinfoURL: "https://my-app.auth.us-east-1.amazoncognito.com/oauth2/userInfo"}},
		{"cognito with a custom domain", "cognito", map[string]string{"user_pool_id": "us-east-1_Xy9", "region": "us-east-1", "domain": "auth.example.com"}, endpoints{
			Issuer:  "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Xy9",
			AuthURL: "https://auth.example.com/oauth2/authorize", TokenURL: "https://auth.example.com/oauth2/token",
			UserinfoURL: "https://auth.example.com/oauth2/userInfo"}},
		{"zitadel", "zitadel", map[string]string{"domain": "my-instance-abc123.zitadel.cloud"}, endpoints{Issuer: "https://my-instance-abc123.zitadel.cloud"}},
		{"ory slug", "ory", map[string]string{"project": "affectionate-lamport-abc123"}, endpoints{Issuer: "https://affectionate-lamport-abc123.projects.oryapis.com"}},
		{"ory hydra url", "ory", map[string]string{"project": "http://127.0.0.1:4444/"}, endpoints{Issuer: "http://127.0.0.1:4444"}},
		{"dex", "dex", map[string]string{"url": "https://dex.example.com/dex"}, endpoints{Issuer: "https://dex.example.com/dex"}},
		{"salesforce", "salesforce", nil, endpoints{Issuer: "https://login.salesforce.com"}},
		{"salesforce my domain", "salesforce", map[string]string{"url": "https://acme.my.salesforce.com"}, endpoints{Issuer: "https://acme.my.salesforce.com"}},
		{"slack", "slack", nil, endpoints{Issuer: "https://slack.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr, ok := PresetByID(tc.preset)
			if !ok {
				t.Fatalf("no preset %s", tc.preset)
			}
			p, err := pr.Build(tc.fields)
			if err != nil {
				t.Fatal(err)
			}
			if got := endpointsOf(p); got != tc.want {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
			if p.Name != tc.preset || p.Preset != tc.preset || !slices.Equal(p.Quirks, pr.Quirks) || !slices.Equal(p.Scopes, pr.Scopes) {
				t.Errorf("name %q preset %q quirks/scopes not copied", p.Name, p.Preset)
			}
		})
	}
}

// TestPresetsComplete checks every preset against what the TUI, the
// command line and the README rely on.
func TestPresetsComplete(t *testing.T) {
	flagName := map[string]string{}
	ids := map[string]bool{}
	for _, pr := range Presets() {
		if ids[pr.ID] || pr.ID == "demo" || pr.ID == "custom" {
			t.Errorf("preset id %q repeated or reserved", pr.ID)
		}
		ids[pr.ID] = true
		if pr.Name == "" || pr.ConsoleHelp == "" || pr.RedirectHelp == "" || len(pr.Quirks) == 0 || pr.Docs == "" || len(pr.Scopes) == 0 {
			t.Errorf("%s: missing documentation", pr.ID)
		}
		if pr.OIDC != slices.Contains(pr.Scopes, "openid") {
			t.Errorf("%s: OIDC %v but scopes %v", pr.ID, pr.OIDC, pr.Scopes)
		}
		fields := map[string]string{}
		for _, f := range pr.Fields {
			if f.Name == "" || f.Flag == "" || f.Label == "" || f.Help == "" || f.Example == "" || (f.Required && f.Default != "") {
				t.Errorf("%s: field %+v incomplete", pr.ID, f)
			}
			if slices.Contains(entryKeys, f.Name) {
				t.Errorf("%s: field %s clashes with a providers file key", pr.ID, f.Name)
			}
			if n, seen := flagName[f.Flag]; seen && n != f.Name {
				t.Errorf("flag --%s means %s in one preset and %s in %s", f.Flag, n, f.Name, pr.ID)
			}
			flagName[f.Flag] = f.Name
			fields[f.Name] = f.Example
		}
		p, err := pr.Build(fields)
		if err != nil {
			t.Errorf("%s with example fields: %v", pr.ID, err)
			continue
		}
		p.ClientID = "client"
		p.DefaultAuthMethod()
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", pr.ID, err)
		}
		if !pr.OIDC && p.Issuer != "" {
			t.Errorf("%s is not OpenID Connect but has an issuer", pr.ID)
		}
	}
}

func TestPresetFieldErrors(t *testing.T) {
	for _, tc := range []struct {
		preset string
		fields map[string]string
		want   string
	}{
		{"entra", nil, "--tenant"},
		{"keycloak", map[string]string{"url": "https://sso.example.com"}, "--realm"},
		{"entra", map[string]string{"tenant": "a/b"}, "single name"},
		{"okta", map[string]string{"url": "https://dev-123-admin.okta.com"}, "https://dev-123.okta.com"},
		{"keycloak", map[string]string{"url": "http://sso.example.com", "realm": "x"}, "use https"},
		{"auth0", map[string]string{"domain": "https://x.auth0.com/path"}, "without a path"},
		{"cognito", map[string]string{"user_pool_id": "AbCdEf123"}, "not a user pool ID"},
		{"dex", map[string]string{"url": "https://dex.example.com/?x=1"}, "without a query"},
	} {
		pr, _ := PresetByID(tc.preset)
		_, err := pr.Build(tc.fields)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want it to mention %q", tc.preset, tc.fields, err, tc.want)
		}
	}
	pr, _ := PresetByID("entra")
	_, err := pr.Build(nil)
	var mf *MissingFieldError
	if !errors.As(err, &mf) || mf.Field.Name != "tenant" {
		t.Errorf("error %v is not a MissingFieldError for tenant", err)
	}
}
