package flows

import (
	"regexp"
	"strings"
)

// aadstsCode finds Microsoft Entra ID's error number in an
// error_description ("AADSTS50011: The redirect URI …").
var aadstsCode = regexp.MustCompile(`\bAADSTS(\d+)\b`)

const (
	entraErrors = "https://learn.microsoft.com/entra/identity-platform/reference-error-codes"
	googleErrs  = "https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors-"
)

// entraRef points at Microsoft's page for one AADSTS code and its error
// code reference, with the specification section behind it.
func entraRef(num, spec string) string {
	r := "Microsoft Entra ID: https://login.microsoftonline.com/error?code=" + num + "; " + entraErrors
	if spec != "" {
		r += "; " + spec
	}
	return r
}

// entraAdvice explains the AADSTS codes met most when setting up a client.
// It is read-only after initialisation.
var entraAdvice = map[string]advice{
	"50011": {
		causes: []string{"AADSTS50011: the redirect URI in the request is not one registered for the application (reply URL mismatch): scheme, host, path and trailing slash must match", "the URI is registered under another platform (Web vs Single-page application vs Mobile and desktop)"},
		try:    []string{"add the exact redirect URI from {view:request} under App registrations → Authentication, on the Mobile and desktop applications platform for this tool (http://localhost ports may vary there)", "or set {setting:redirect-uri} to a URI already registered"},
	},
	"700016": {
		causes: []string{"AADSTS700016: no application with this client ID exists in this tenant: a typo in the client ID, the wrong tenant in the issuer URL, or a single-tenant app used through /common or /organizations"},
		try:    []string{"copy the Application (client) ID from the app registration's overview", "use the issuer of the tenant where the app is registered: https://login.microsoftonline.com/TENANT-ID/v2.0"},
	},
	"7000215": {
		causes: []string{"AADSTS7000215: the client secret is invalid; most often the secret's ID was copied instead of its Value, or the secret has expired"},
		try:    []string{"create a new client secret under Certificates & secrets and copy its Value (shown only once)", "check the secret's expiry date"},
	},
	"65001": {
		causes: []string{"AADSTS65001: neither the user nor an administrator has consented to the application for the requested permissions", "with prompt=none no consent page could be shown"},
		try:    []string{"run without prompt=none so the user can consent", "have an administrator grant consent under API permissions → Grant admin consent"},
	},
	"90102": {
		causes: []string{"AADSTS90102: the redirect_uri value is not a valid absolute URI (missing scheme, a fragment, a stray space, encoded twice)"},
		try:    []string{"send an absolute URI such as http://localhost:8400/callback and compare it with the registration"},
	},
	"50126": {
		causes: []string{"AADSTS50126: the user name or password is wrong (or the account is in another tenant)"},
		try:    []string{"check the credentials; an administrator can look at the sign-in logs"},
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

// entraSpec names the specification rule behind an Entra code.
var entraSpec = map[string]string{
	"50011": "RFC 6749 §3.1.2.2", "90102": "RFC 6749 §3.1.2", "70011": "RFC 6749 §3.3",
	"7000215": "RFC 6749 §2.3.1", "700016": "RFC 6749 §2.2", "65001": "OIDC Core §3.1.2.4",
	"500011": "RFC 8707 §2", "700054": "RFC 6749 §3.1.1",
}

// googleAdvice explains Google's own error codes (the authorization
// errors of its OAuth 2.0 guides). Read-only after initialisation.
var googleAdvice = map[string]advice{
	"redirect_uri_mismatch": {
		causes: []string{"the redirect URI in the request is not one of the Authorized redirect URIs of the OAuth client in the Google Cloud console (exact match: scheme, host, port, path, trailing slash)", "a Web application client was used for a loopback redirect: a Desktop app client accepts http://127.0.0.1 on any port"},
		try:    []string{"add the exact URI from {view:request} to Authorized redirect URIs (changes may take a few minutes)", "or create an OAuth client of type Desktop app for this tool"},
		ref:    googleErrs + "redirect-uri-mismatch; RFC 6749 §3.1.2.2",
	},
	"deleted_client": {
		causes: []string{"the OAuth client was deleted in the Google Cloud console"},
		try:    []string{"restore it (possible for a while after deletion) or create a new one and use its client ID"},
		ref:    googleErrs + "deleted-client",
	},
	"org_internal": {
		causes: []string{"the OAuth client belongs to a Google Cloud project whose consent screen is Internal: only users of that Google Workspace organization may sign in"},
		try:    []string{"sign in with an account of the organization", "or set the OAuth consent screen's user type to External"},
		ref:    googleErrs + "org-internal",
	},
	"admin_policy_enforced": {
		causes: []string{"the Google Workspace administrator's policy blocks this app or the scopes it asks for"},
		try:    []string{"ask the Workspace administrator to allow the app (API controls → App access control)", "request fewer or less sensitive scopes"},
		ref:    googleErrs + "admin-policy-enforced",
	},
	// Google answers invalid_client with one of two messages.
	"invalid_client/not_found": {
		causes: []string{"Google knows no OAuth client with this client ID: a typo, a stray space, a client from another project, or a deleted one"},
		try:    []string{"copy the client ID again from Google Cloud console → APIs & Services → Credentials (it ends in .apps.googleusercontent.com)"},
		ref:    googleErrs + "invalid-client; RFC 6749 §5.2",
	},
	"invalid_client/unauthorized": {
		causes: []string{"the client secret does not belong to this client ID (wrong or reset secret), or the client type needs a secret that was not sent"},
		try:    []string{"copy the client secret again (or reset it) in the Google Cloud console", "send it with {setting:client-secret}; Desktop app clients have a secret too"},
		ref:    googleErrs + "invalid-client; RFC 6749 §5.2",
	},
}

// providerDiagnosis explains oe when a known provider's code is in it,
// else returns nil.
func providerDiagnosis(oe *OAuthError, what string) *Diagnosis {
	if m := aadstsCode.FindStringSubmatch(oe.Description); m != nil {
		num := m[1]
		a, known := entraAdvice[num]
		if !known {
			a = advice{causes: []string{"Microsoft Entra ID error AADSTS" + num + "; Microsoft's error page explains it"},
				try: []string{"open https://login.microsoftonline.com/error?code=" + num}}
		}
		a.ref = entraRef(num, entraSpec[num])
		return a.diagnosis("AADSTS"+num, what)
	}
	if a, ok := googleAdvice[oe.Code]; ok && !strings.Contains(oe.Code, "/") {
		return a.diagnosis(oe.Code, what)
	}
	if oe.Code == "invalid_client" {
		switch strings.TrimSpace(oe.Description) {
		case "The OAuth client was not found.":
			return googleAdvice["invalid_client/not_found"].diagnosis("invalid_client", what)
		case "Unauthorized":
			return googleAdvice["invalid_client/unauthorized"].diagnosis("invalid_client", what)
		}
	}
	return nil
}
