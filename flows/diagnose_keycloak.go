package flows

import "strings"

// Keycloak's token endpoint (/realms/REALM/protocol/openid-connect/token)
// explains refusals in short fixed texts ("Code not valid", "Session not
// active", "Client not enabled to retrieve service account"), the same
// from version to version.

var keycloakDialect = dialect{
	name: "Keycloak",
	is: func(oe *OAuthError) bool {
		p := oe.path()
		return (strings.Contains(p, "/realms/") && strings.Contains(p, "/protocol/openid-connect/")) ||
			descIs(oe, "Invalid client or Invalid client credentials", "Client not enabled to retrieve service account", "Code not valid", "Session not active")
	},
	advise: func(oe *OAuthError) (string, advice, bool) {
		for _, k := range keycloakTexts {
			if oe.Code == k.code && descIs(oe, k.texts...) {
				return oe.Code, k.a, true
			}
		}
		return "", advice{}, false
	},
}

// keycloakTexts explains Keycloak's answers by code and text. Read-only
// after initialisation.
var keycloakTexts = []struct {
	code  string
	texts []string
	a     advice
}{
	{"invalid_client", []string{"Invalid client or Invalid client credentials", "Invalid client credentials", "Invalid client secret"}, advice{
		causes: []string{"Keycloak: the client ID is unknown in this realm, or the secret is wrong (Clients → the client → Credentials), or the client is public and a secret was expected, or the reverse"},
		try:    []string{"copy the secret again from Clients → the client → Credentials, or regenerate it", "check that Client authentication is on for a confidential client, and that the issuer names the client's realm"},
		ref:    "RFC 6749 §2.3.1, §5.2"}},
	{"unauthorized_client", []string{"Client not enabled to retrieve service account"}, advice{
		causes: []string{"Keycloak: the client has no service account, so it cannot use the client credentials grant"},
		try:    []string{"turn on Service accounts roles under Clients → the client → Settings → Capability config (Client authentication must be on too)"},
		ref:    "Keycloak: https://www.keycloak.org/docs/latest/server_admin/#_service_accounts; RFC 6749 §4.4, §5.2"}},
	{"invalid_grant", []string{"Code not valid"}, advice{
		causes: []string{"Keycloak: the code was already used (a second exchange also revokes the tokens of the first), has expired (Client Login Timeout, 1 minute by default), or belongs to another client or session"},
		try:    []string{"start the flow again and redeem the code at once"},
		ref:    "RFC 6749 §4.1.2, §10.5"}},
	{"invalid_grant", []string{"Session not active"}, advice{
		causes: []string{"Keycloak: the user's session behind the code or the refresh token has ended: logged out, expired (SSO Session Idle or Max), or lost in a restart"},
		try:    []string{"log in again"},
		ref:    "RFC 6749 §5.2, §6"}},
	{"invalid_grant", []string{"Token is not active", "Stale token"}, advice{
		causes: []string{"Keycloak: the refresh token has expired (SSO Session Idle), was revoked, or was already used with Revoke Refresh Token on"},
		try:    []string{"log in again for a new refresh token"},
		ref:    "RFC 6749 §6"}},
}
