package flows

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Each provider-shaped server below answers as the provider's
// documentation, or a public issue quoting the provider, shows; the
// comment of each case cites it.

// answer is a token endpoint that answers every request with status,
// contentType and body.
func answer(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// ccAgainst runs the client credentials grant against h, serving the token
// endpoint at tokenPath, and returns the failed step.
func ccAgainst(t *testing.T, h http.Handler, tokenPath string, edit func(*providers.Provider)) Result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	p := providers.Provider{Name: "shaped", TokenURL: srv.URL + tokenPath, ClientID: "my-client", ClientSecret: "a-wrong-secret", AuthMethod: providers.AuthPost}
	if edit != nil {
		edit(&p)
	}
	f := NewClientCredentials(p, Options{Timeout: 5 * time.Second})
	for !f.Done() {
		if r := f.Next(context.Background()); r.Status == Failed {
			return r
		}
	}
	t.Fatal("the flow did not fail")
	return Result{}
}

// codeAgainst runs the authorization code flow up to the code exchange
// against h, serving the token endpoint at tokenPath: the redirect is
// pasted, as a user does with an https redirect URI.
func codeAgainst(t *testing.T, h http.Handler, tokenPath string, edit func(*providers.Provider)) Result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	p := providers.Provider{Name: "shaped", AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + tokenPath,
		ClientID: "my-app", ClientSecret: "a-secret", AuthMethod: providers.AuthPost, RedirectURI: "https://app.example/cb"}
	if edit != nil {
		edit(&p)
	}
	f := NewAuthCode(p, Options{Timeout: 5 * time.Second})
	t.Cleanup(func() { f.Close() })
	// Without an issuer, discovery is skipped: the endpoints are given.
	for r := f.Next(context.Background()); r.AuthRequest == nil; r = f.Next(context.Background()) {
		if r.Status == Failed || f.Done() {
			t.Fatalf("step %s: %v %v", r.Step.ID, r.Status, r.Err)
		}
	}
	if err := f.Paste(p.RedirectURI + "?code=the-code&state=" + f.state); err != nil {
		t.Fatal(err)
	}
	for !f.Done() {
		if r := f.Next(context.Background()); r.Status == Failed {
			return r
		}
	}
	t.Fatal("the flow did not fail")
	return Result{}
}

// said returns everything the diagnosis says, as the command line says it.
func said(d *Diagnosis) string {
	d = d.Phrased(testWords{})
	return d.What + " | " + strings.Join(d.Causes, " | ") + " | " + strings.Join(d.Try, " | ") + " | " + d.Ref
}

// userWords are the words of a diagnosis that blames a user.
var userWords = regexp.MustCompile(`(?i)\buser|\bdeny\b|\bdenied\b|\bapprove|consent page|pressed`)

// noUser fails when the causes or tries of a client credentials diagnosis
// speak of a user or of a Deny button: in that grant the client talks to
// the server alone (RFC 6749 §4.4), and the server's own words (in What)
// are not held against it.
func noUser(t *testing.T, d *Diagnosis) {
	t.Helper()
	p := d.Phrased(testWords{})
	if m := userWords.FindString(strings.Join(append(p.Causes, p.Try...), " | ")); m != "" {
		t.Errorf("a client credentials diagnosis speaks of %q: %s", m, said(d))
	}
}

// TestAuth0WrongSecret is the acceptance: client credentials with
// a wrong secret to an Auth0-shaped server, which answers 401
// access_denied "Unauthorized" (Auth0's Standard Error Responses,
// https://auth0.com/docs/api/authentication#standard-error-responses; the
// answer quoted in https://github.com/auth0/node-auth0/issues/682 and
// https://github.com/auth0-samples/auth0-angular-samples/issues/201). The
// diagnosis is about the client's credentials, without a word of a user.
func TestAuth0WrongSecret(t *testing.T) {
	r := ccAgainst(t, answer(401, "application/json", `{"error":"access_denied","error_description":"Unauthorized"}`), "/oauth/token", nil)
	d := r.Diagnosis
	if d == nil || d.Code != "access_denied" {
		t.Fatalf("diagnosis %+v", d)
	}
	if !strings.Contains(d.Causes[0], "could not authenticate the client") || !strings.Contains(d.Causes[0], "client secret is wrong") {
		t.Errorf("the first cause is not the client's credentials: %q", d.Causes)
	}
	if !strings.Contains(said(d), "--auth-method") {
		t.Errorf("no word of the authentication method: %s", said(d))
	}
	noUser(t, d)
}

// TestAccessDeniedAtTheTokenEndpoint: whoever answers access_denied to a
// token request, no user pressed anything; at the authorization endpoint
// one did.
func TestAccessDeniedAtTheTokenEndpoint(t *testing.T) {
	for _, oe := range []*OAuthError{
		{Endpoint: "token endpoint", HTTPStatus: 403, Code: "access_denied", GrantType: "client_credentials", URL: "https://id.example/token"},
		{Endpoint: "token endpoint", HTTPStatus: 400, Code: "access_denied", Description: "not allowed", GrantType: "client_credentials", URL: "https://id.example/token"},
		{Endpoint: "token endpoint", HTTPStatus: 403, Code: "access_denied", Description: "Forbidden", URL: "https://tenant.eu.auth0.com/oauth/token", GrantType: "client_credentials"},
		{Endpoint: "token endpoint", HTTPStatus: 401, Code: "access_denied", Description: "Unauthorized", URL: "https://login.example.com/oauth/token", GrantType: "client_credentials"},
	} {
		d := Diagnose(oe)
		if d.Code != "access_denied" || len(d.Causes) == 0 {
			t.Errorf("%+v: %+v", oe, d)
		}
		noUser(t, d)
	}
	d := Diagnose(&OAuthError{Endpoint: "authorization endpoint", Code: "access_denied"})
	if !strings.Contains(said(d), "Deny") {
		t.Errorf("at the authorization endpoint the user's Deny is the first suspect: %s", said(d))
	}
}

// TestProviderShapedServers runs grants against servers answering as the
// providers do.
func TestProviderShapedServers(t *testing.T) {
	cases := []struct {
		name, path string
		h          http.Handler
		code       bool // the authorization code flow, else client credentials
		edit       func(*providers.Provider)
		want       string // the diagnosis code
		says       string // a fragment of its causes or tries, as the CLI says them
	}{
		// Auth0, client credentials without audience: 403 access_denied
		// (https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow;
		// the text in https://github.com/hashicorp/terraform-provider-auth0/issues/24).
		{name: "Auth0 without audience", path: "/oauth/token",
			h:    answer(403, "application/json", `{"error":"access_denied","error_description":"No audience parameter was provided, and no default audience has been configured"}`),
			want: "access_denied", says: "--audience"},
		// Auth0, an application without a client grant for the API
		// (https://github.com/auth0/auth0-python/issues/173).
		{name: "Auth0 without a client grant", path: "/oauth/token",
			h:    answer(403, "application/json", `{"error":"access_denied","error_description":"Client is not authorized to access \"https://api.example\". You might probably want to create a \"client-grant\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"}`),
			want: "access_denied", says: "Machine to Machine Applications"},
		// Auth0, invalid_grant with 403 (Standard Error Responses;
		// https://github.com/auth0/Auth0.swift/issues/819).
		{name: "Auth0 code refused with 403", path: "/oauth/token", code: true,
			h:    answer(403, "application/json", `{"error":"invalid_grant","error_description":"Invalid authorization code"}`),
			want: "invalid_grant", says: "already used"},
		// Entra, client credentials with a delegated scope
		// (https://github.com/MicrosoftDocs/azure-docs/issues/99862).
		{name: "Entra client credentials scope", path: "/tenant/oauth2/v2.0/token",
			h:    answer(400, "application/json", `{"error":"invalid_scope","error_description":"AADSTS1002012: The provided value for scope User.Read.All is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).\r\nTrace ID: 1\r\nCorrelation ID: 2","error_codes":[1002012]}`),
			edit: func(p *providers.Provider) { p.Scopes = []string{"User.Read.All"} },
			want: "AADSTS1002012", says: "--scope to api://API-CLIENT-ID/.default"},
		// Entra, a public client sending a secret
		// (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
		{name: "Entra public client with a secret", path: "/tenant/oauth2/v2.0/token", code: true,
			h:    answer(401, "application/json", `{"error":"invalid_client","error_description":"AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented.\r\nTrace ID: 1"}`),
			want: "AADSTS700025", says: "--auth-method to none"},
		// Entra, PKCE verifier mismatch (error text as Entra sends it,
		// quoted in https://github.com/AzureAD/microsoft-authentication-library-for-python/issues/501).
		{name: "Entra verifier mismatch", path: "/tenant/oauth2/v2.0/token", code: true,
			h:    answer(400, "application/json", `{"error":"invalid_grant","error_description":"AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.\r\nTrace ID: 1"}`),
			want: "AADSTS501481", says: "code_verifier does not match"},
		// GitHub answers errors with 200, as JSON with Accept:
		// application/json and form-encoded without
		// (https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors).
		{name: "GitHub bad code, JSON, HTTP 200", path: "/login/oauth/access_token", code: true,
			h:    answer(200, "application/json; charset=utf-8", `{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired.","error_uri":"https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"}`),
			want: "bad_verification_code", says: "10 minutes"},
		{name: "GitHub bad code, form, HTTP 200", path: "/login/oauth/access_token", code: true,
			h:    answer(200, "application/x-www-form-urlencoded; charset=utf-8", `error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps%2Ftroubleshooting-oauth-app-access-token-request-errors%2F%23bad-verification-code`),
			want: "bad_verification_code", says: "10 minutes"},
		{name: "GitHub redirect mismatch, HTTP 200", path: "/login/oauth/access_token", code: true,
			h:    answer(200, "application/json", `{"error":"redirect_uri_mismatch","error_description":"The redirect_uri MUST match the registered callback URL for this application.","error_uri":"https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch2"}`),
			want: "redirect_uri_mismatch", says: "port vary, not the path"},
		// A PKCE client without its secret: GitHub still wants it.
		{name: "GitHub without a secret", path: "/login/oauth/access_token", code: true,
			h:    answer(200, "application/json", `{"error":"incorrect_client_credentials","error_description":"The client_id and/or client_secret passed are incorrect.","error_uri":"https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials"}`),
			edit: func(p *providers.Provider) { p.ClientSecret, p.AuthMethod = "", providers.AuthNone },
			want: "incorrect_client_credentials", says: "even with PKCE"},
		// Google, a Desktop client without its secret (the answer quoted in
		// https://developers.google.com/identity/protocols/oauth2/native-app
		// step 5, "client_secret: The client secret obtained from the
		// Credentials page", and measured in public projects).
		{name: "Google without a secret", path: "/token", code: true,
			h:    answer(400, "application/json", `{"error":"invalid_request","error_description":"client_secret is missing."}`),
			edit: func(p *providers.Provider) { p.ClientSecret, p.AuthMethod = "", providers.AuthNone },
			want: "invalid_request", says: "even with PKCE"},
		// Google has no client credentials grant.
		{name: "Google client credentials", path: "/token",
			h:    answer(400, "application/json", `{"error":"unsupported_grant_type","error_description":"Invalid grant_type: client_credentials"}`),
			want: "unsupported_grant_type", says: "service account"},
		// Keycloak without a service account
		// (https://github.com/louislam/uptime-kuma/issues/4202).
		{name: "Keycloak service account", path: "/realms/demo/protocol/openid-connect/token",
			h:    answer(400, "application/json", `{"error":"unauthorized_client","error_description":"Client not enabled to retrieve service account"}`),
			want: "unauthorized_client", says: "Service accounts roles"},
		// Keycloak, a code used twice
		// (https://github.com/mauriciovigolo/keycloak-angular/issues/464).
		{name: "Keycloak code not valid", path: "/realms/demo/protocol/openid-connect/token", code: true,
			h:    answer(400, "application/json", `{"error":"invalid_grant","error_description":"Code not valid"}`),
			want: "invalid_grant", says: "Client Login Timeout"},
		// Keycloak, a secret that does not match.
		{name: "Keycloak wrong secret", path: "/realms/demo/protocol/openid-connect/token",
			h:    answer(401, "application/json", `{"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}`),
			want: "invalid_client", says: "Clients → the client → Credentials"},
		// Okta, no access policy rule for the client
		// (https://github.com/okta/okta-spring-boot/issues/602).
		{name: "Okta policy", path: "/oauth2/default/v1/token",
			h:    answer(400, "application/json", `{"error":"access_denied","error_description":"Policy evaluation failed for this request, please check the policy configurations."}`),
			want: "access_denied", says: "Access Policies"},
		// Okta, client credentials asking for openid.
		{name: "Okta client credentials scope", path: "/oauth2/default/v1/token",
			h:    answer(400, "application/json", `{"error":"invalid_scope","error_description":"The authorization server resource does not have any configured default scopes, 'scope' must be provided."}`),
			want: "invalid_scope", says: "custom scopes"},
		// An unknown code still gets the usual causes at that endpoint.
		{name: "an unknown code", path: "/token",
			h:    answer(400, "application/json", `{"error":"weird_error"}`),
			want: "weird_error", says: "client's credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r Result
			if tc.code {
				r = codeAgainst(t, tc.h, tc.path, tc.edit)
			} else {
				r = ccAgainst(t, tc.h, tc.path, tc.edit)
			}
			if r.Step.ID != "token" || r.Diagnosis == nil {
				t.Fatalf("failed at %q: %v %+v", r.Step.ID, r.Err, r.Diagnosis)
			}
			if r.Diagnosis.Code != tc.want {
				t.Errorf("code %q, want %q: %v", r.Diagnosis.Code, tc.want, r.Err)
			}
			if !strings.Contains(said(r.Diagnosis), tc.says) {
				t.Errorf("the diagnosis does not say %q:\n%s", tc.says, said(r.Diagnosis))
			}
			if !tc.code {
				noUser(t, r.Diagnosis)
			}
		})
	}
}

// TestEntraCodes: every AADSTS code issue 10 lists has advice of its own
// and a rule behind it; a code without advice still gets the standard
// advice of its OAuth code. The descriptions are Entra's, as listed in
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes.
func TestEntraCodes(t *testing.T) {
	cases := []struct{ code, desc, says string }{
		{"invalid_request", "AADSTS900144: The request body must contain the following parameter: 'scope'.", "required parameter is missing"},
		{"invalid_scope", "AADSTS1002012: The provided value for scope openid is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", "RESOURCE/.default"},
		{"invalid_client", "AADSTS700025: Client is public so neither 'client_assertion' nor 'client_secret' should be presented.", "public client"},
		{"access_denied", "AADSTS65004: User declined to consent to access the app.", "declined to consent"},
		{"invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.", "secret's ID was copied"},
		{"invalid_client", "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", "Allow public client flows"},
		{"invalid_request", "AADSTS50011: The redirect URI 'http://localhost:8400/callback' specified in the request does not match the redirect URIs configured for the application.", "reply URL mismatch"},
		{"invalid_request", "AADSTS500113: No reply address is registered for the application.", "no redirect URI registered"},
		{"unauthorized_client", "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.", "no application with this client ID"},
		{"invalid_request", "AADSTS90014: The required field 'code' is missing from the credential.", "required field is missing"},
		{"access_denied", "AADSTS53003: Access has been blocked by Conditional Access policies.", "Conditional Access"},
		{"invalid_grant", "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'x'.", "multi-factor"},
		{"invalid_grant", "AADSTS50079: Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access 'x'.", "register for multi-factor"},
		{"invalid_client", "AADSTS700024: Client assertion is not within its valid time range.", "clock"},
		{"invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.", "code_verifier does not match"},
		{"invalid_grant", "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.", "already redeemed"},
		{"invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.", "has expired"},
		{"invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.", "unused for too long"},
	}
	for _, c := range cases {
		num := aadstsCode.Get().FindStringSubmatch(c.desc)[1]
		d := Diagnose(&OAuthError{Endpoint: "token endpoint", HTTPStatus: 400, Code: c.code, Description: c.desc + "\r\nTrace ID: 1", URL: "https://login.microsoftonline.com/t/oauth2/v2.0/token"})
		if d.Code != "AADSTS"+num || !strings.Contains(said(d), c.says) || entraSpec.Get()[num] == "" || !strings.Contains(d.Ref, entraSpec.Get()[num]) {
			t.Errorf("AADSTS%s: %s; want %q and the rule %q", num, said(d), c.says, entraSpec.Get()[num])
		}
	}
	d := Diagnose(&OAuthError{Endpoint: "token endpoint", HTTPStatus: 400, Code: "invalid_grant", Description: "AADSTS99999: Something new."})
	if d.Code != "AADSTS99999" || !strings.Contains(said(d), "error?code=99999") || !strings.Contains(said(d), "already used") {
		t.Errorf("an unknown AADSTS code: %s; want Microsoft's page and invalid_grant's causes", said(d))
	}
}

// TestDialectByHost: the endpoint's host names the provider when the
// error alone does not.
func TestDialectByHost(t *testing.T) {
	cases := []struct {
		oe         OAuthError
		code, says string
	}{
		{OAuthError{Code: "access_denied", HTTPStatus: 403, Description: "Forbidden", URL: "https://tenant.eu.auth0.com/oauth/token", GrantType: "client_credentials"}, "access_denied", "Rule or Action"},
		{OAuthError{Code: "invalid_grant", HTTPStatus: 400, Description: "Token has been expired or revoked.", URL: "https://oauth2.googleapis.com/token", GrantType: "refresh_token"}, "invalid_grant", "Testing"},
		{OAuthError{Code: "redirect_uri_mismatch", HTTPStatus: 400, Description: "Bad Request", URL: "https://oauth2.googleapis.com/token", GrantType: "authorization_code"}, "redirect_uri_mismatch", "Authorized redirect URIs"},
		{OAuthError{Code: "bad_refresh_token", HTTPStatus: 200, Description: "The refresh token passed is incorrect or expired.", URL: "https://github.com/login/oauth/access_token", GrantType: "refresh_token"}, "bad_refresh_token", "six months"},
		{OAuthError{Code: "invalid_client", HTTPStatus: 401, Description: "The client secret supplied for a confidential client is invalid.", URL: "https://dev-1.okta.com/oauth2/default/v1/token", GrantType: "client_credentials"}, "invalid_client", "Okta"},
		{OAuthError{Code: "invalid_grant", HTTPStatus: 400, Description: "Session not active", URL: "https://sso.example/realms/r/protocol/openid-connect/token", GrantType: "refresh_token"}, "invalid_grant", "session"},
	}
	for _, c := range cases {
		c.oe.Endpoint = "token endpoint"
		d := Diagnose(&c.oe)
		if d.Code != c.code || !strings.Contains(said(d), c.says) {
			t.Errorf("%s %q at %s: %s; want %s and %q", c.oe.Code, c.oe.Description, c.oe.URL, said(d), c.code, c.says)
		}
	}
}

// TestCallbackTimeoutNamesTheErrorPage: Google shows redirect_uri_mismatch
// in the browser only (it must not redirect to an unknown redirect URI,
// RFC 6749 §4.1.2.1); when the wait ends, the diagnosis says what an
// error page there usually means, in Google's words for Google.
func TestCallbackTimeoutNamesTheErrorPage(t *testing.T) {
	d := Diagnose(&CallbackTimeoutError{After: time.Minute, RedirectURI: "http://127.0.0.1:5000/callback", AuthURL: "https://accounts.google.com/o/oauth2/v2/auth"})
	if !strings.Contains(d.Causes[0], "error page in the browser usually means a redirect URI mismatch") {
		t.Errorf("first cause: %q", d.Causes[0])
	}
	if !strings.Contains(d.Try[0], "Error 400: redirect_uri_mismatch") {
		t.Errorf("Google's page not named first: %q", d.Try)
	}
	if d := Diagnose(&CallbackTimeoutError{After: time.Minute, RedirectURI: "http://127.0.0.1:5000/callback", AuthURL: "https://id.example/authorize"}); strings.Contains(said(d), "Error 400") {
		t.Errorf("Google's page named for another provider: %s", said(d))
	}
}

func TestRefreshTokenRule(t *testing.T) {
	if r := RefreshTokenRule("https://oauth2.googleapis.com/token"); !strings.Contains(r, "access_type=offline") || !strings.Contains(r, "prompt=consent") {
		t.Errorf("Google: %q", r)
	}
	if r := RefreshTokenRule("https://id.example/token"); r != "" {
		t.Errorf("an unknown provider: %q", r)
	}
}
