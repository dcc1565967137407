package flows

import (
	"regexp"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// A dialect is one provider family's way of refusing a request: its own
// codes and texts, and the fix in the words of its console. The provider is
// recognised before the code is read, because the same code means another
// thing elsewhere: Auth0 answers a wrong client secret with access_denied,
// a code RFC 6749 knows only from the authorization endpoint (§4.1.2.1),
// where a user pressed Deny.
type dialect struct {
	name string
	// is tells whether oe comes from this provider: by its endpoint's host
	// or path, or by a shape of error only this provider answers with.
	is func(oe *OAuthError) bool
	// advise explains oe with the provider's own advice, naming the
	// diagnosis code; ok is false when the provider has nothing to add to
	// the standard advice.
	advise func(oe *OAuthError) (code string, a advice, ok bool)
}

// dialects are tried in order; the first that recognises the error and
// has advice for it wins. Entra comes first: its AADSTS number is the
// surest sign of all.
var dialects = []dialect{entraDialect, githubDialect, auth0Dialect, googleDialect, oktaDialect, keycloakDialect}

// providerDiagnosis explains oe when a known provider's dialect has advice
// for it, else returns nil.
func providerDiagnosis(oe *OAuthError, what string) *Diagnosis {
	for _, d := range dialects {
		if !d.is(oe) {
			continue
		}
		if code, a, ok := d.advise(oe); ok {
			return a.diagnosis(code, what)
		}
	}
	return nil
}

// hostIn tells whether host is one of domains or a subdomain of one.
func hostIn(host string, domains ...string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// descIs tells whether oe's description, trimmed and without case, is one
// of texts: providers' fixed messages are matched whole, so that a
// description that merely mentions them is not taken for them.
func descIs(oe *OAuthError, texts ...string) bool {
	d := strings.TrimSpace(firstLine(oe.Description))
	for _, t := range texts {
		if strings.EqualFold(d, t) {
			return true
		}
	}
	return false
}

// descHas tells whether oe's description contains one of the fragments,
// without case.
func descHas(oe *OAuthError, fragments ...string) bool {
	d := strings.ToLower(oe.Description)
	for _, f := range fragments {
		if strings.Contains(d, strings.ToLower(f)) {
			return true
		}
	}
	return false
}

// withStandard returns the standard advice for oe with the provider's
// causes and tries put first: an unknown code of a known provider still
// gets the generic OAuth causes.
func withStandard(oe *OAuthError, a advice) advice {
	std := standardAdvice(oe)
	return advice{
		causes: append(append([]string(nil), a.causes...), std.causes...),
		try:    append(append([]string(nil), a.try...), std.try...),
		ref:    joinRefs(a.ref, std.ref),
	}
}

// joinRefs joins the non-empty references with "; ".
func joinRefs(refs ...string) string {
	var out []string
	for _, r := range refs {
		if r != "" {
			out = append(out, r)
		}
	}
	return strings.Join(out, "; ")
}

// family is a provider known by the hosts of its endpoints, with its own
// rule for issuing refresh tokens: OIDC Core §11 asks for offline_access
// (and prompt=consent), but each provider has its own rule.
type family struct {
	name    string
	host    *regexp.Regexp
	refresh string
}

// families are compiled on first use, not at start-up.
var families = lazy.Value[[]family]{New: func() []family {
	return []family{
		{"google", regexp.MustCompile(`(^|\.)(accounts\.google\.com|oauth2\.googleapis\.com)$`), "Google issues a refresh token only when the authorization request has access_type=offline ({setting:auth-param} access_type=offline), and only at the first consent: add prompt=consent to get one again (https://developers.google.com/identity/protocols/oauth2/web-server#offline)"},
		{"entra", regexp.MustCompile(`(^|\.)(login\.microsoftonline\.(com|us)|login\.partner\.microsoftonline\.cn|login\.microsoft\.com|ciamlogin\.com)$`), "Microsoft Entra ID issues a refresh token only when {setting:scope} has offline_access (https://learn.microsoft.com/entra/identity-platform/scopes-oidc#the-offline_access-scope)"},
		{"auth0", regexp.MustCompile(`(^|\.)auth0\.com$`), "Auth0 issues a refresh token only when {setting:scope} has offline_access and the API's Allow Offline Access setting is on (https://auth0.com/docs/secure/tokens/refresh-tokens/get-refresh-tokens)"},
		{"okta", regexp.MustCompile(`(^|\.)(okta|oktapreview|okta-emea)\.com$`), "Okta issues a refresh token only when the scope has offline_access and the app's grant types include Refresh Token"},
		{"github", regexp.MustCompile(`(^|\.)github\.com$`), "GitHub issues refresh tokens only for GitHub Apps with user-to-server token expiration on; OAuth Apps' tokens do not expire and have none"},
	}
}}

// familyOf returns the family whose hosts include rawURL's host.
func familyOf(rawURL string) (family, bool) {
	host := (&OAuthError{URL: rawURL}).host()
	for _, f := range families.Get() {
		if host != "" && f.host.MatchString(host) {
			return f, true
		}
	}
	return family{}, false
}

// familyNamed returns the family called name (a preset's ID).
func familyNamed(name string) (family, bool) {
	for _, f := range families.Get() {
		if f.name == name {
			return f, true
		}
	}
	return family{}, false
}

// RefreshTokenRule returns the rule by which the provider behind tokenURL
// issues refresh tokens, as a sentence, or "" when it is not known.
func RefreshTokenRule(tokenURL string) string {
	f, _ := familyOf(tokenURL)
	return f.refresh
}
