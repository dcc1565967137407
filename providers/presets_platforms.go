package providers

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// The presets for platforms whose identity service comes with the product:
// Google, Microsoft, GitHub, GitLab, Salesforce, Slack.

func googlePreset() Preset {
	return Preset{
		ID: "google", Name: "Google", OIDC: true, AnyPort: true,
		ConsoleHelp: "Google Cloud console → APIs & Services → Credentials → Create credentials → OAuth client ID (set up the OAuth consent screen first, and add yourself as a test user while the app is in testing). " +
			"The client ID ends in .apps.googleusercontent.com; the secret is shown beside it.",
		RedirectHelp: "Make the client of type Desktop app: it accepts http://127.0.0.1 on any port with nothing to register. " +
			"A Web application client needs the exact URI, port included, under Authorized redirect URIs (e.g. http://127.0.0.1:8400/callback), passed with --redirect-uri.",
		Quirks: []string{
			"A refresh token comes only with access_type=offline (this preset sets it) and only at the first consent; add prompt=consent to get another.",
			"Access tokens are opaque (ya29.…), not JWTs: they cannot be checked with the JWKS.",
			"A Desktop app's secret is not confidential, but Google still requires it at the token endpoint.",
			"No client credentials grant: service accounts sign a JWT assertion instead (RFC 7523).",
		},
		Docs:       "https://developers.google.com/identity/protocols/oauth2/native-app",
		Scopes:     []string{"openid", "email", "profile"},
		AuthParams: url.Values{"access_type": {"offline"}},
		build: func(map[string]string) (Provider, error) {
			return Provider{Issuer: "https://accounts.google.com"}, nil
		},
	}
}

var guidRE = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
}}

// entraHost is Microsoft Entra ID's global-cloud login host.
const entraHost = "https://login.microsoftonline.com"

func entraPreset() Preset {
	return Preset{
		ID: "entra", Name: "Microsoft Entra ID (Azure AD)", OIDC: true, AnyPort: true,
		Fields: []PresetField{{
			Name: "tenant", Flag: "tenant", Label: "Tenant", Required: true,
			Example: "00000000-0000-0000-0000-000000000000",
			Help:    "the Directory (tenant) ID on the app registration's Overview page; or common, organizations or consumers for a multi-tenant app",
		}},
		ConsoleHelp: "Microsoft Entra admin center (or Azure portal) → App registrations → New registration. " +
			"The Overview shows the Application (client) ID and the Directory (tenant) ID; Certificates & secrets → New client secret makes a secret (copy its Value, not its ID).",
		RedirectHelp: "Authentication → Add a platform → Mobile and desktop applications → custom redirect URI http://localhost/callback. " +
			"Entra ignores the port of a loopback redirect URI, so any port works; 127.0.0.1 URIs can be added only in the app manifest, hence this preset's default http://localhost:8400/callback.",
		Quirks: []string{
			"With common, organizations, consumers or a domain name as tenant, the issuer depends on the user's tenant (the discovery document names the template https://login.microsoftonline.com/{tenantid}/v2.0), so the preset sets the endpoints instead of discovering them and the ID token's issuer cannot be pinned; give the tenant ID for discovery and issuer checks.",
			"expires_in (and ext_expires_in) can arrive as strings on older endpoints; x/oauth2 reads both forms.",
			"Access tokens for Microsoft Graph (the default audience) are not for your app to validate: their header carries a nonce and the signature does not verify with the JWKS.",
			"Refresh tokens need the offline_access scope. Client credentials need scope RESOURCE/.default (e.g. https://graph.microsoft.com/.default), not individual scopes.",
			"A Mobile and desktop client is public (auth method none): sending a secret is refused; a Web client must send one.",
		},
		Docs:        "https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc",
		Scopes:      []string{"openid", "profile", "email", "offline_access", "User.Read"},
		APIURL:      "https://graph.microsoft.com/v1.0/me",
		RedirectURI: "http://localhost:8400/callback",
		build: func(f map[string]string) (Provider, error) {
			t := f["tenant"]
			if err := pathSegment("tenant", t); err != nil {
				return Provider{}, err
			}
			if guidRE.Get().MatchString(t) {
				return Provider{Issuer: entraHost + "/" + strings.ToLower(t) + "/v2.0"}, nil
			}
			base := entraHost + "/" + t
			return Provider{
				AuthURL:       base + "/oauth2/v2.0/authorize",
				TokenURL:      base + "/oauth2/v2.0/token",
				JWKSURL:       base + "/discovery/v2.0/keys",
				DeviceAuthURL: base + "/oauth2/v2.0/devicecode",
				UserinfoURL:   "https://graph.microsoft.com/oidc/userinfo",
			}, nil
		},
	}
}

func githubPreset() Preset {
	return Preset{
		ID: "github", Name: "GitHub (OAuth app)", OIDC: false, AnyPort: true,
		Fields: []PresetField{{
			Name: "url", Flag: "url", Label: "GitHub URL", Default: "https://github.com",
			Example: "https://github.example.com",
			Help:    "https://github.com, or your GitHub Enterprise Server (or SUBDOMAIN.ghe.com) URL",
		}},
		ConsoleHelp: "GitHub → Settings → Developer settings → OAuth Apps → New OAuth App (for an organization: its Settings → Developer settings). " +
			"The app's page shows the Client ID; Generate a new client secret there (it is shown once). Tick Enable Device Flow to use the device flow.",
		RedirectHelp: "Set the Authorization callback URL to http://127.0.0.1/callback: GitHub accepts a loopback redirect_uri on any port when host and path match.",
		Quirks: []string{
			"Not OpenID Connect: no discovery, no ID token, no JWKS. The preset sets the endpoints; who the user is comes from the REST API (GET /user), which the preset calls as its API step.",
			"The token endpoint answers application/x-www-form-urlencoded unless the request sends Accept: application/json; x/oauth2 sends no Accept header and reads both forms.",
			"Errors such as bad_verification_code come back with status 200 and an error member; x/oauth2 still reports them as errors.",
			"Access tokens are opaque (gho_…) and an OAuth app's do not expire; refresh tokens exist only for GitHub Apps with expiring user tokens.",
			"Scopes are GitHub's own (repo, read:user, user:email…); the response's scope lists the granted ones separated by commas, not spaces.",
			"No client credentials grant.",
		},
		Docs:   "https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps",
		Scopes: []string{"read:user"},
		build: func(f map[string]string) (Provider, error) {
			u, err := baseURL("url", f["url"])
			if err != nil {
				return Provider{}, err
			}
			base := u.String()
			api := base + "/api/v3/user"
			switch {
			case u.Host == "github.com":
				api = "https://api.github.com/user"
			case strings.HasSuffix(u.Host, ".ghe.com"):
				api = "https://api." + u.Host + "/user"
			}
			return Provider{
				AuthURL:       base + "/login/oauth/authorize",
				TokenURL:      base + "/login/oauth/access_token",
				DeviceAuthURL: base + "/login/device/code",
				APIURL:        api,
			}, nil
		},
	}
}

func gitlabPreset() Preset {
	return Preset{
		ID: "gitlab", Name: "GitLab", OIDC: true,
		Fields: []PresetField{{
			Name: "url", Flag: "url", Label: "GitLab URL", Default: "https://gitlab.com",
			Example: "https://gitlab.example.com",
			Help:    "https://gitlab.com, or your self-managed GitLab's URL",
		}},
		ConsoleHelp: "GitLab → Edit profile → Applications → Add new application (or a group's Settings → Applications, or Admin area → Applications). " +
			"Tick the openid, profile, email and read_user scopes; untick Confidential for a public client. The Application ID is the client id; the Secret is shown once.",
		RedirectHelp: "Register the exact URI, port included, e.g. http://127.0.0.1:8400/callback, and pass the same with --redirect-uri.",
		Quirks: []string{
			"Only the scopes ticked on the application may be asked for; others give invalid_scope.",
			"Access tokens are opaque and expire after two hours; ID tokens are RS256 JWTs.",
			"The API call (GET /api/v4/user) needs the read_user or api scope.",
		},
		Docs:   "https://docs.gitlab.com/integration/openid_connect_provider/",
		Scopes: []string{"openid", "profile", "email", "read_user"},
		build: func(f map[string]string) (Provider, error) {
			p, err := issuerFromURL(f)
			if err != nil {
				return p, err
			}
			p.APIURL = p.Issuer + "/api/v4/user"
			return p, nil
		},
	}
}

func salesforcePreset() Preset {
	return Preset{
		ID: "salesforce", Name: "Salesforce", OIDC: true,
		Fields: []PresetField{{
			Name: "url", Flag: "url", Label: "Login URL", Default: "https://login.salesforce.com",
			Example: "https://example.my.salesforce.com",
			Help:    "https://login.salesforce.com for production, https://test.salesforce.com for a sandbox, or your My Domain URL",
		}},
		ConsoleHelp: "Setup → App Manager → New Connected App (or External Client App Manager): Enable OAuth Settings, set the Callback URL and the scopes (openid, refresh_token, api…). " +
			"Manage Consumer Details shows the Consumer Key (the client id) and Consumer Secret. Changes can take minutes to apply.",
		RedirectHelp: "The Callback URL is matched exactly; http is accepted for localhost, so register http://localhost:8400/callback (this preset's default).",
		Quirks: []string{
			"The token response has no expires_in; it carries instance_url (the org's API base), id (the identity URL), issued_at and signature.",
			"Access tokens are opaque session ids unless JWT-based access tokens are enabled on the app.",
			"A refresh token needs the refresh_token (or offline_access) scope, allowed on the app.",
			"Client credentials need Enable Client Credentials Flow, a run-as user, and the My Domain URL rather than login.salesforce.com.",
		},
		Docs:        "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm",
		Scopes:      []string{"openid", "profile", "email", "refresh_token"},
		RedirectURI: "http://localhost:8400/callback",
		build:       issuerFromURL,
	}
}

func slackPreset() Preset {
	return Preset{
		ID: "slack", Name: "Slack (Sign in with Slack)", OIDC: true,
		ConsoleHelp: "api.slack.com/apps → Create New App → OAuth & Permissions: add the redirect URL; Basic Information → App Credentials shows the Client ID and Client Secret.",
		RedirectHelp: "Slack accepts only https redirect URLs, so the loopback listener cannot receive the callback: register an https URL, give it as redirect URI, and paste " +
			"the address the browser was sent to after approving (the page need not load).",
		Quirks: []string{
			"Redirect URLs must be https, even for testing.",
			"The token endpoint reports errors with status 200 and {\"ok\": false, \"error\": …}; x/oauth2 then sees only a missing access_token, so read the response body.",
			"Access tokens are opaque (xoxp-…); the ID token carries Slack's team and user ids in https://slack.com/… claims.",
			"No refresh token unless token rotation is turned on for the app.",
		},
		Docs:   "https://api.slack.com/authentication/sign-in-with-slack",
		Scopes: []string{"openid", "profile", "email"},
		build: func(map[string]string) (Provider, error) {
			return Provider{Issuer: "https://slack.com"}, nil
		},
	}
}
