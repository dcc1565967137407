package providers

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// The presets for identity products: Auth0, Okta, Keycloak, AWS Cognito,
// Zitadel, Ory, Dex.

func auth0Preset() Preset {
	return Preset{
		ID: "auth0", Name: "Auth0", OIDC: true,
		Fields: []PresetField{{
			Name: "domain", Flag: "domain", Label: "Domain", Required: true,
			Example: "dev-abc123.us.auth0.com",
			Help:    "the Domain on the application's Settings page (the tenant's domain, or a custom domain)",
		}},
		ConsoleHelp: "Auth0 Dashboard → Applications → Applications → your application → Settings: Domain, Client ID and Client Secret. " +
			"Native is a public client (Credentials → authentication method None), Regular Web Application a confidential one; Machine to Machine is for client credentials and must be authorized for an API (Applications → APIs; its Identifier is the audience).",
		RedirectHelp: "Add the exact URI, port included, to Allowed Callback URLs (e.g. http://127.0.0.1:8400/callback) and pass the same with --redirect-uri.",
		Quirks: []string{
			"Without an audience the access token is opaque (or encrypted) and good only for /userinfo; set audience to an API's Identifier to get a JWT access token for that API.",
			"Client credentials require an audience, and the application must be authorized for that API.",
			"The issuer ends with a slash (https://DOMAIN/), and so does the iss claim.",
			"A refresh token needs the offline_access scope and Allow Offline Access on the API.",
		},
		Docs:   "https://auth0.com/docs/get-started/applications/application-settings",
		Scopes: []string{"openid", "profile", "email", "offline_access"},
		build: func(f map[string]string) (Provider, error) {
			base, err := hostOnly("domain", f["domain"])
			if err != nil {
				return Provider{}, err
			}
			return Provider{Issuer: base + "/"}, nil
		},
	}
}

func oktaPreset() Preset {
	return Preset{
		ID: "okta", Name: "Okta", OIDC: true,
		Fields: []PresetField{{
			Name: "url", Flag: "url", Label: "Org URL", Required: true,
			Example: "https://dev-123456.okta.com",
			Help:    "your Okta org URL (the Admin Console's address without -admin)",
		}, {
			Name: "authorization_server", Flag: "authorization-server", Label: "Authorization server", Default: "default",
			Example: "aus1a2b3c4d5e6f7g8h9",
			Help:    "the authorization server's ID under Security → API → Authorization Servers (\"default\" on developer orgs), or \"org\" for the org authorization server",
		}},
		ConsoleHelp: "Okta Admin Console → Applications → Applications → Create App Integration → OIDC - OpenID Connect: Native Application for a public client, Web Application for a confidential one, API Services for client credentials. " +
			"The General tab shows the Client ID and the secret; Assignments must include the user.",
		RedirectHelp: "Add the exact URI, port included, under Sign-in redirect URIs (e.g. http://127.0.0.1:8400/callback) and pass the same with --redirect-uri.",
		Quirks: []string{
			"The org authorization server (issuer = the org URL) issues access tokens only for Okta's own APIs, which you cannot validate; a custom one (/oauth2/default…) issues JWTs you can.",
			"Client credentials work only with a custom authorization server and a custom scope defined on it.",
			"The application must be assigned to the user (Assignments tab), or the login fails.",
			"Custom authorization servers publish RFC 8414 metadata appended after their path (/oauth2/default/.well-known/oauth-authorization-server), not inserted.",
		},
		Docs:   "https://developer.okta.com/docs/concepts/auth-servers/",
		Scopes: []string{"openid", "profile", "email", "offline_access"},
		build: func(f map[string]string) (Provider, error) {
			base, err := hostOnly("url", f["url"])
			if err != nil {
				return Provider{}, err
			}
			if strings.Contains(base, "-admin.") {
				return Provider{}, fmt.Errorf("url %q is the Admin Console's address: use the org URL without -admin (%s)", f["url"], strings.Replace(base, "-admin.", ".", 1))
			}
			as := f["authorization_server"]
			if as == "org" {
				return Provider{Issuer: base}, nil
			}
			if err := pathSegment("authorization_server", as); err != nil {
				return Provider{}, err
			}
			return Provider{Issuer: base + "/oauth2/" + as}, nil
		},
	}
}

func keycloakPreset() Preset {
	return Preset{
		ID: "keycloak", Name: "Keycloak", OIDC: true,
		Fields: []PresetField{{
			Name: "url", Flag: "url", Label: "Server URL", Required: true,
			Example: "https://sso.example.com",
			Help:    "the Keycloak server's base URL (Keycloak 16 and older: with /auth)",
		}, {
			Name: "realm", Flag: "realm", Label: "Realm", Required: true,
			Example: "myrealm",
			Help:    "the realm's name, shown top left in the admin console (case-sensitive)",
		}},
		ConsoleHelp: "Keycloak admin console → your realm → Clients → Create client (OpenID Connect). Client authentication On makes it confidential, with the secret on the Credentials tab; " +
			"Standard flow enables the authorization code flow, Service accounts roles client credentials, OAuth 2.0 Device Authorization Grant the device flow.",
		RedirectHelp: "Valid redirect URIs on the client: the exact URI (http://127.0.0.1:8400/callback, passed with --redirect-uri) or a pattern ending in *, such as http://127.0.0.1:8400/*.",
		Quirks: []string{
			"Realm names are case-sensitive; an issuer that differs in case fails the issuer check.",
			"The issuer follows the hostname Keycloak is configured with; behind a proxy it can differ from the URL you reach.",
			"Access tokens are JWTs whose aud is \"account\" unless an audience mapper adds your API.",
		},
		Docs:   "https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients",
		Scopes: []string{"openid", "profile", "email"},
		build: func(f map[string]string) (Provider, error) {
			u, err := baseURL("url", f["url"])
			if err != nil {
				return Provider{}, err
			}
			realm := f["realm"]
			if realm == "" || strings.ContainsAny(realm, "/?#") {
				return Provider{}, fmt.Errorf("realm %q must be a single name, without slashes", realm)
			}
			return Provider{Issuer: u.String() + "/realms/" + url.PathEscape(realm)}, nil
		},
	}
}

var cognitoPoolRE = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$`) }}

func cognitoPreset() Preset {
	return Preset{
		ID: "cognito", Name: "Amazon Cognito", OIDC: true,
		Fields: []PresetField{{
			Name: "user_pool_id", Flag: "user-pool-id", Label: "User pool ID", Required: true,
			Example: "eu-west-1_AbCdEf123",
			Help:    "the User pool ID on the user pool's Overview",
		}, {
			Name: "region", Flag: "region", Label: "Region",
			Example: "eu-west-1",
			Help:    "the pool's AWS region; default: the part of the user pool ID before the underscore",
		}, {
			Name: "domain", Flag: "domain", Label: "Domain",
			Example: "my-app.auth.eu-west-1.amazoncognito.com",
			Help:    "the pool's domain (Branding → Domain): a prefix or a custom domain; default: the endpoints discovery names",
		}},
		ConsoleHelp:  "AWS console → Amazon Cognito → User pools → your pool: the Overview shows the User pool ID; App clients lists each client's ID and, for a confidential one, its secret; Branding → Domain shows the domain the endpoints live on.",
		RedirectHelp: "Allowed callback URLs on the app client are matched exactly and must be https except for http://localhost: register http://localhost:8400/callback (this preset's default).",
		Quirks: []string{
			"The authorization and token endpoints live on the pool's domain, not on the issuer's host; discovery names them only once a domain is set up.",
			"Access tokens carry client_id, not aud; ID tokens carry aud = the client id.",
			"Client credentials need an app client with a secret and custom scopes of a resource server (resource-server-id/scope).",
		},
		Docs:        "https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html",
		Scopes:      []string{"openid", "email", "profile"},
		RedirectURI: "http://localhost:8400/callback",
		build: func(f map[string]string) (Provider, error) {
			pool := f["user_pool_id"]
			m := cognitoPoolRE.Get().FindStringSubmatch(pool)
			if m == nil {
				return Provider{}, fmt.Errorf("user_pool_id %q is not a user pool ID (REGION_ID, e.g. eu-west-1_AbCdEf123)", pool)
			}
			region := f["region"]
			if region == "" {
				region = m[1]
			}
			if err := pathSegment("region", region); err != nil {
				return Provider{}, err
			}
			p := Provider{Issuer: "https://cognito-idp." + region + ".amazonaws.com/" + pool}
			if d := f["domain"]; d != "" {
				if !strings.ContainsAny(d, ".:/") {
					d = d + ".auth." + region + ".amazoncognito.com"
				}
				base, err := hostOnly("domain", d)
				if err != nil {
					return Provider{}, err
				}
				p.AuthURL, p.TokenURL, p.UserinfoURL = base+"/oauth2/authorize", base+"/oauth2/token", base+"/oauth2/userInfo"
			}
			return p, nil
		},
	}
}

func zitadelPreset() Preset {
	return Preset{
		ID: "zitadel", Name: "Zitadel", OIDC: true, AnyPort: true,
		Fields: []PresetField{{
			Name: "domain", Flag: "domain", Label: "Instance domain", Required: true,
			Example: "my-instance-abc123.zitadel.cloud",
			Help:    "the instance's domain (the Zitadel Cloud customer portal, or ExternalDomain of a self-hosted instance)",
		}},
		ConsoleHelp: "Zitadel console → Projects → your project → New application: Native for a public client with PKCE, Web for a confidential one. " +
			"The client ID (and secret, shown once) appear after creation. For client credentials, create a service user and generate its client secret (Actions → Generate client secret).",
		RedirectHelp: "For a Native application, register http://127.0.0.1/callback: Zitadel accepts a loopback redirect URI on any port when the path matches. A Web application needs the exact URI (or Development mode for http).",
		Quirks: []string{
			"To get your project's id in the access token's aud, ask for the scope urn:zitadel:iam:org:project:id:PROJECT_ID:aud.",
			"Access tokens are opaque unless the application's token type is set to JWT.",
			"A refresh token needs offline_access and the Refresh Token grant ticked on the application.",
		},
		Docs:   "https://zitadel.com/docs/apis/openidoauth/endpoints",
		Scopes: []string{"openid", "profile", "email", "offline_access"},
		build: func(f map[string]string) (Provider, error) {
			base, err := hostOnly("domain", f["domain"])
			if err != nil {
				return Provider{}, err
			}
			return Provider{Issuer: base}, nil
		},
	}
}

var orySlugRE = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`) }}

func oryPreset() Preset {
	return Preset{
		ID: "ory", Name: "Ory Network / Ory Hydra", OIDC: true,
		Fields: []PresetField{{
			Name: "project", Flag: "project", Label: "Project", Required: true,
			Example: "affectionate-lamport-abc123",
			Help:    "the project slug (Ory Console → Project settings), or the project's URL (a custom domain, or a self-hosted Hydra's public URL)",
		}},
		ConsoleHelp:  "Ory Console → OAuth2 → OAuth2 Clients → Create OAuth2 Client (or ory create oauth2-client): the client ID and secret are shown after creation, the secret only once.",
		RedirectHelp: "Register the exact URI, port included, among the client's redirect URIs (e.g. http://127.0.0.1:8400/callback) and pass the same with --redirect-uri.",
		Quirks: []string{
			"A refresh token needs the offline_access (or offline) scope, allowed on the client.",
			"Access tokens are opaque (ory_at_…) unless the JWT access token strategy is enabled.",
			"Clients default to client_secret_basic; a public client needs token_endpoint_auth_method none on the client.",
		},
		Docs:   "https://www.ory.sh/docs/oauth2-oidc",
		Scopes: []string{"openid", "offline_access"},
		build: func(f map[string]string) (Provider, error) {
			v := f["project"]
			if orySlugRE.Get().MatchString(v) {
				return Provider{Issuer: "https://" + v + ".projects.oryapis.com"}, nil
			}
			u, err := baseURL("project", v)
			if err != nil {
				return Provider{}, err
			}
			return Provider{Issuer: u.String()}, nil
		},
	}
}

func dexPreset() Preset {
	return Preset{
		ID: "dex", Name: "Dex", OIDC: true,
		Fields: []PresetField{{
			Name: "url", Flag: "url", Label: "Issuer URL", Required: true,
			Example: "https://dex.example.com/dex",
			Help:    "Dex's issuer exactly as its config's issuer: line, path included",
		}},
		ConsoleHelp:  "Dex has no console: clients are staticClients in its config file (id, secret, redirectURIs, public: true for a public client) or are created through its gRPC API.",
		RedirectHelp: "A public client accepts http://localhost and http://127.0.0.1 on any port; a confidential one needs the exact URI in redirectURIs (pass it with --redirect-uri).",
		Quirks: []string{
			"A refresh token needs the offline_access scope.",
			"Dex federates other identity providers through connectors (LDAP, GitHub, SAML…); the ID token's sub encodes the connector and the upstream user id.",
			"The groups claim needs the groups scope, and only some connectors fill it.",
		},
		Docs:   "https://dexidp.io/docs/",
		Scopes: []string{"openid", "profile", "email", "offline_access"},
		build:  issuerFromURL,
	}
}
