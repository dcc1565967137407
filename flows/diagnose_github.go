package flows

import (
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// GitHub's token endpoint (POST /login/oauth/access_token) answers its
// errors with HTTP 200, not the 400 of RFC 6749 §5.2, form-encoded unless
// the request says Accept: application/json, and with codes of its own:
// https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors

const githubErrs = "GitHub: https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"

var githubDialect = dialect{
	name: "GitHub",
	is: func(oe *OAuthError) bool {
		if hostIn(oe.host(), "github.com") || strings.HasSuffix(oe.path(), "/login/oauth/access_token") {
			return true
		}
		switch oe.Code {
		case "incorrect_client_credentials", "bad_verification_code", "bad_refresh_token", "unverified_user_email":
			return true
		}
		return strings.Contains(oe.URI, "docs.github.com")
	},
	advise: func(oe *OAuthError) (string, advice, bool) {
		a, ok := githubAdvice.Get()[oe.Code]
		if ok && oe.Code == "incorrect_client_credentials" && !oe.secretSent() {
			// The usual slip with GitHub: a PKCE client without its
			// secret. GitHub has no public clients.
			a.causes = append([]string{"no client secret was sent: GitHub requires the client secret at the token endpoint for OAuth Apps and GitHub Apps, even with PKCE"}, a.causes...)
			a.try = append([]string{"send the secret even with PKCE: {setting:client-secret} with {setting:auth-method} client_secret_post"}, a.try...)
		}
		return oe.Code, a, ok
	},
}

// githubAdvice explains GitHub's token endpoint errors. Read-only after
// initialisation.
var githubAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"incorrect_client_credentials": {
			causes: []string{"the client_id or client_secret is wrong: a secret from another app, a deleted or regenerated secret, the client ID of a GitHub App mixed with an OAuth App's secret"},
			try:    []string{"generate a new client secret in Settings → Developer settings → OAuth Apps (or GitHub Apps) → the app, and send it with {setting:client-secret}"},
			ref:    githubErrs + "#incorrect-client-credentials; RFC 6749 §2.3.1",
		},
		"redirect_uri_mismatch": {
			causes: []string{"the redirect_uri is not the app's Authorization callback URL, nor a path below it; for a loopback callback (http://127.0.0.1/callback) GitHub lets the port vary, not the path"},
			try:    []string{"set the app's Authorization callback URL to http://127.0.0.1/callback and leave {setting:redirect-uri} empty, or give the registered URL with {setting:redirect-uri}"},
			ref:    githubErrs + "#redirect-uri-mismatch; RFC 6749 §3.1.2.2",
		},
		"bad_verification_code": {
			causes: []string{"the code is wrong, already used or expired (GitHub's codes live 10 minutes), or was issued to another app"},
			try:    []string{"start the flow again and redeem the code at once"},
			ref:    githubErrs + "#bad-verification-code; RFC 6749 §4.1.2",
		},
		"bad_refresh_token": {
			causes: []string{"the refresh token is wrong, expired (GitHub's last six months) or already used: GitHub rotates refresh tokens at every use"},
			try:    []string{"log in again for a new refresh token", "keep the newest refresh token of each refresh response"},
			ref:    "GitHub: https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens; RFC 6749 §6",
		},
		"unverified_user_email": {
			causes: []string{"the user's primary email address on GitHub is not verified"},
			try:    []string{"verify the email address in the GitHub account's settings, then run the flow again"},
			ref:    githubErrs + "#unverified-user-email",
		},
	}
}}
