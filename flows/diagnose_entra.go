package flows

import (
	"regexp"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// Microsoft Entra ID names every refusal with an AADSTS number at the start
// of its error_description ("AADSTS50011: The redirect URI …"), and
// appends trace and correlation IDs on the following lines. Microsoft's
// reference: https://learn.microsoft.com/entra/identity-platform/reference-error-codes

// aadstsCode finds Microsoft Entra ID's error number in an
// error_description.
var aadstsCode = lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`\bAADSTS(\d+)\b`) }}

const entraErrors = "https://learn.microsoft.com/entra/identity-platform/reference-error-codes"

var entraDialect = dialect{
	name: "Microsoft Entra ID",
	is: func(oe *OAuthError) bool {
		return aadstsCode.Get().MatchString(oe.Description) ||
			hostIn(oe.host(), "login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn", "login.microsoft.com", "login.windows.net", "sts.windows.net")
	},
	advise: func(oe *OAuthError) (string, advice, bool) {
		m := aadstsCode.Get().FindStringSubmatch(oe.Description)
		if m == nil {
			return "", advice{}, false
		}
		num := m[1]
		a, known := entraAdvice.Get()[num]
		if !known {
			// Microsoft's page explains the number; the standard advice
			// for the OAuth code still applies.
			a = withStandard(oe, advice{
				causes: []string{"Microsoft Entra ID error AADSTS" + num + "; Microsoft's error page explains it"},
				try:    []string{"open https://login.microsoftonline.com/error?code=" + num}})
		}
		a.ref = joinRefs("Microsoft Entra ID: https://login.microsoftonline.com/error?code="+num+"; "+entraErrors, entraSpec.Get()[num])
		return "AADSTS" + num, a, true
	},
}

// entraAdvice explains the AADSTS codes met most when setting up a client.
// It is read-only after initialisation.
var entraAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"50011": {
			causes: []string{"AADSTS50011: the redirect URI in the request is not one registered for the application (reply URL mismatch): scheme, host, path and trailing slash must match", "the URI is registered under another platform (Web vs Single-page application vs Mobile and desktop)"},
			try:    []string{"add the exact redirect URI from {view:request} under App registrations → Authentication, on the Mobile and desktop applications platform for this tool (http://localhost ports may vary there)", "or set {setting:redirect-uri} to a URI already registered"},
		},
		"500113": {
			causes: []string{"AADSTS500113: the application has no redirect URI registered at all"},
			try:    []string{"add one under App registrations → Authentication → Add a platform → Mobile and desktop applications: http://localhost (Entra lets the port vary for it)", "then set {setting:redirect-uri} to it, or leave it empty"},
		},
		"700016": {
			causes: []string{"AADSTS700016: no application with this client ID exists in this tenant: a typo in the client ID, the wrong tenant in the issuer URL, or a single-tenant app used through /common or /organizations"},
			try:    []string{"copy the Application (client) ID from the app registration's overview", "use the issuer of the tenant where the app is registered: https://login.microsoftonline.com/TENANT-ID/v2.0"},
		},
		"7000215": {
			causes: []string{"AADSTS7000215: the client secret is invalid; most often the secret's ID was copied instead of its Value, or the secret has expired"},
			try:    []string{"create a new client secret under Certificates & secrets and copy its Value (shown only once)", "check the secret's expiry date"},
		},
		"7000218": {
			causes: []string{"AADSTS7000218: the request carries neither client_secret nor client_assertion, and Entra treats the application as confidential: Allow public client flows is off, or the redirect URI is registered under Web"},
			try:    []string{"send the client secret ({setting:client-secret}) with {setting:auth-method} client_secret_post or client_secret_basic", "or, for a native app without a secret, turn on Authentication → Allow public client flows and register the redirect URI under Mobile and desktop applications"},
		},
		"700025": {
			causes: []string{"AADSTS700025: the application is a public client (Allow public client flows on, or the redirect URI under Mobile and desktop applications) and a public client must not send a client secret"},
			try:    []string{"send no secret: set {setting:auth-method} to none", "or, to use a secret, register the redirect URI under Web and turn Allow public client flows off"},
		},
		"900144": {
			causes: []string{"AADSTS900144: a required parameter is missing (the description names it: client_id, scope, grant_type, code…); the v2.0 endpoints want scope on every request, and read only a form-encoded body"},
			try:    []string{"compare {view:request} with the parameter the description names", "set {setting:scope}; for client credentials, RESOURCE/.default"},
		},
		"90014": {
			causes: []string{"AADSTS90014: a required field is missing from the request or from the credential (the description names it)"},
			try:    []string{"compare {view:request} with the field the description names"},
		},
		"1002012": {
			causes: []string{"AADSTS1002012: the client credentials grant takes only a scope of the form RESOURCE/.default (the API's Application ID URI followed by /.default): an application's permissions come from its registration and admin consent, not from the scope requested"},
			try:    []string{"set {setting:scope} to api://API-CLIENT-ID/.default, or https://graph.microsoft.com/.default for Microsoft Graph", "grant the application permissions under API permissions, then Grant admin consent"},
		},
		"65001": {
			causes: []string{"AADSTS65001: neither the user nor an administrator has consented to the application for the requested permissions", "with prompt=none no consent page could be shown"},
			try:    []string{"run without prompt=none so the user can consent", "have an administrator grant consent under API permissions → Grant admin consent"},
		},
		"65004": {
			causes: []string{"AADSTS65004: the user declined to consent to the application's permissions (Cancel on the consent page)"},
			try:    []string{"run the flow again and accept", "or have an administrator grant consent for the tenant under API permissions → Grant admin consent"},
		},
		"90102": {
			causes: []string{"AADSTS90102: the redirect_uri value is not a valid absolute URI (missing scheme, a fragment, a stray space, encoded twice)"},
			try:    []string{"send an absolute URI such as http://localhost:8400/callback and compare it with the registration"},
		},
		"50126": {
			causes: []string{"AADSTS50126: the user name or password is wrong (or the account is in another tenant)"},
			try:    []string{"check the credentials; an administrator can look at the sign-in logs"},
		},
		"50076": {
			causes: []string{"AADSTS50076: multi-factor authentication is required (an administrator's policy, or a sign-in from a new location), and this request could not ask for it: a grant without the browser, or prompt=none"},
			try:    []string{"log in interactively (the authorization code flow, without prompt=none) and complete the second factor"},
		},
		"50079": {
			causes: []string{"AADSTS50079: the user must register for multi-factor authentication before signing in"},
			try:    []string{"log in interactively in the browser and complete the MFA registration, then run the flow again"},
		},
		"53003": {
			causes: []string{"AADSTS53003: a Conditional Access policy blocked the sign-in or the token: a device that is not compliant, a location, a client app the policy does not allow"},
			try:    []string{"an administrator finds the policy in the sign-in logs (Microsoft Entra admin center → Sign-in logs → Conditional Access)", "try from a device or network the policy allows"},
		},
		"700024": {
			causes: []string{"AADSTS700024: the client assertion is not within its valid time range: its nbf or exp is wrong, or this machine's clock is off"},
			try:    []string{"check this machine's clock (NTP)", "make the assertion valid from now for a few minutes"},
		},
		"501481": {
			causes: []string{"AADSTS501481: the code_verifier does not match the code_challenge of the authorization request (PKCE): the code belongs to another attempt, or the verifier was lost or changed between the two requests"},
			try:    []string{"start the flow again and redeem the code in the same run that asked for it"},
		},
		"54005": {
			causes: []string{"AADSTS54005: the authorization code was already redeemed: a code works once"},
			try:    []string{"start the flow again for a new code", "to get new tokens later, use the refresh token instead of the code"},
		},
		"70008": {
			causes: []string{"AADSTS70008: the authorization code or refresh token has expired (a code lives about 10 minutes; a refresh token ends after inactivity or a password change)"},
			try:    []string{"start the flow again and redeem the code at once"},
		},
		"700082": {
			causes: []string{"AADSTS700082: the refresh token has expired after being unused for too long (90 days by default)"},
			try:    []string{"log in again with the authorization code flow for a new refresh token"},
		},
		"700054": {
			causes: []string{"AADSTS700054: response_type id_token is not enabled for the application: an ID token was requested from the authorization endpoint (implicit or hybrid) without enabling it"},
			try:    []string{"use response_type=code, as this tool does, and get the ID token from the token endpoint", "or enable ID tokens under Authentication → Implicit grant and hybrid flows"},
		},
		"500011": {
			causes: []string{"AADSTS500011: the resource (API) named in the scope or resource was not found in the tenant: a typo in its App ID URI, or the API was never consented to or provisioned in this tenant"},
			try:    []string{"check the scope prefix against the API's Application ID URI (e.g. api://CLIENT-ID/.default)", "have an administrator consent to the API in this tenant"},
		},
		"70011": {
			causes: []string{"AADSTS70011: the scope is invalid: an unknown permission, scopes of two different resources in one request, or .default mixed with other scopes; the client credentials grant needs RESOURCE/.default"},
			try:    []string{"request one resource's scopes at a time", "for client credentials set {setting:scope} to api://API-ID/.default (or https://graph.microsoft.com/.default)"},
		},
		"9002326": {
			causes: []string{"AADSTS9002326: the token request came cross-origin (from a browser, with an Origin header), which Entra allows only for redirect URIs of the Single-page application platform"},
			try:    []string{"register the redirect URI under Single-page application for a browser app", "or redeem the code from a server or native app, without an Origin header"},
		},
		"9002327": {
			causes: []string{"AADSTS9002327: the code was issued for a Single-page application redirect URI and may only be redeemed cross-origin, from a browser; a native tool such as this one cannot redeem it"},
			try:    []string{"register the redirect URI under Mobile and desktop applications (or Web with a secret) instead of Single-page application"},
		},
	}
}}

// entraSpec names the specification rule behind an Entra code.
var entraSpec = lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"50011": "RFC 6749 §3.1.2.2", "500113": "RFC 6749 §3.1.2.2", "90102": "RFC 6749 §3.1.2", "70011": "RFC 6749 §3.3",
		"7000215": "RFC 6749 §2.3.1", "7000218": "RFC 6749 §2.3.1", "700025": "RFC 6749 §2.1", "700016": "RFC 6749 §2.2",
		"65001": "OIDC Core §3.1.2.4", "65004": "RFC 6749 §4.1.2.1", "900144": "RFC 6749 §4.1.3, §4.4.2", "90014": "RFC 6749 §4.1.3",
		"1002012": "RFC 6749 §4.4.2, §3.3", "500011": "RFC 8707 §2", "700054": "RFC 6749 §3.1.1", "50076": "OIDC Core §3.1.2.6",
		"50079": "OIDC Core §3.1.2.6", "700024": "RFC 7523 §3", "501481": "RFC 7636 §4.6", "54005": "RFC 6749 §4.1.2, §10.5",
		"70008": "RFC 6749 §5.2", "700082": "RFC 6749 §6", "53003": "RFC 6749 §4.1.2.1, §5.2", "50126": "RFC 6749 §4.3.2", "9002326": "RFC 6749 §4.1.3", "9002327": "RFC 6749 §4.1.3",
	}
}}
