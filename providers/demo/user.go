package demo

import (
	"crypto/subtle"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// The demo user's credentials, prefilled on the login page. They are
// published demo values.
const (
	DemoUsername = "demo"
	DemoPassword = "demo"
)

// The one resource owner of the demo provider.
const (
	demoSubject    = "demo-user-1"
	demoName       = "Demo User"
	demoGivenName  = "Demo"
	demoFamilyName = "User"
	demoEmail      = "demo@example.com"
)

// checkPassword reports whether username and password are the demo user's.
func checkPassword(username, password string) bool {
	u := subtle.ConstantTimeCompare([]byte(username), []byte(DemoUsername))
	p := subtle.ConstantTimeCompare([]byte(password), []byte(DemoPassword))
	return u&p == 1
}

// setUserinfo fills info with the demo user's claims allowed by scopes
// (OpenID Connect Core §5.4). subject must be the demo user's.
func setUserinfo(info *oidc.UserInfo, subject string, scopes []string) bool {
	if subject != demoSubject {
		return false
	}
	info.Subject = subject
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = demoName
		info.GivenName = demoGivenName
		info.FamilyName = demoFamilyName
		info.PreferredUsername = DemoUsername
	}
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.Email = demoEmail
		info.EmailVerified = true
	}
	return true
}
