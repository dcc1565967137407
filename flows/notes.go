package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Notes that state what a token response held compared with what was
// asked: a renderer shows them as they are (the CLI one line each).

// Note is the sentence a flow puts in Result.Notes about these ignored
// requests; a renderer that shows Strays its own way skips it.
func (s Strays) Note() string {
	return fmt.Sprintf("%d stray %s to the callback listener ignored: without the state sent, a request cannot end the wait", s.Count, plural(s.Count, "request", "requests"))
}

// googleScopeAliases are the short scopes Google answers with their full
// names ("email" is granted as ".../auth/userinfo.email"):
// https://developers.google.com/identity/protocols/oauth2/scopes#oauth2
var googleScopeAliases = lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"email":   "https://www.googleapis.com/auth/userinfo.email",
		"profile": "https://www.googleapis.com/auth/userinfo.profile",
	}
}}

// scopeNote compares the scope granted with the scope asked (RFC 6749
// §3.3): it names the scopes dropped and those added, or returns "" when
// they agree or the server sent no scope (which means the scope asked,
// RFC 6749 §5.1). Some servers name scopes their own way, and those are
// not counted as dropped: Google's full names for email and profile,
// Entra's scopes without their resource prefix, offline_access that Entra
// honours (a refresh token came) but does not list, and a ".default"
// scope, which stands for the permissions configured for the client.
func scopeNote(asked []string, granted string, gotRefresh bool) string {
	if granted == "" {
		return ""
	}
	got := strings.Fields(granted)
	if len(asked) == 0 {
		return fmt.Sprintf("no scope was asked; the server granted its default: %s (RFC 6749 §3.3)", granted)
	}
	var dropped, added []string
	for _, a := range asked {
		if strings.HasSuffix(a, "/.default") {
			return ""
		}
		if !scopeGranted(a, got, gotRefresh) {
			dropped = append(dropped, a)
		}
	}
	for _, g := range got {
		if !slices.ContainsFunc(asked, func(a string) bool { return scopeGranted(a, []string{g}, false) }) {
			added = append(added, g)
		}
	}
	switch {
	case len(dropped) > 0:
		s := fmt.Sprintf("the server granted less scope than asked: %s dropped; granted %q (RFC 6749 §3.3)", strings.Join(dropped, ", "), granted)
		if len(added) > 0 {
			s += "; added: " + strings.Join(added, ", ")
		}
		return s
	case len(added) > 0:
		return fmt.Sprintf("the server granted scope beyond what was asked: %s added; granted %q (RFC 6749 §3.3)", strings.Join(added, ", "), granted)
	}
	return ""
}

func scopeGranted(asked string, got []string, gotRefresh bool) bool {
	if slices.Contains(got, asked) || (asked == "offline_access" && gotRefresh) {
		return true
	}
	if full, ok := googleScopeAliases.Get()[asked]; ok && slices.Contains(got, full) {
		return true
	}
	// Entra lists "https://graph.microsoft.com/User.Read" as "User.Read".
	if i := strings.LastIndexByte(asked, '/'); i >= 0 && strings.Contains(asked, "://") {
		return slices.Contains(got, asked[i+1:])
	}
	return false
}

// providerFamily recognises the provider whose rules the notes quote: by
// its preset, or by the host of its token endpoint or issuer.
func providerFamily(p providers.Provider) family {
	if f, ok := familyNamed(p.Preset); ok {
		return f
	}
	for _, u := range []string{p.TokenURL, p.Issuer} {
		if f, ok := familyOf(u); ok {
			return f
		}
	}
	return family{}
}

// noRefreshNote explains a token response without a refresh token in the
// authorization code grant. offline_access asks for one (OpenID Connect
// Core §11), and the server must ignore it unless prompt=consent was
// sent or it has other grounds; Google asks for access_type=offline
// instead. The provider's own rule follows when it is known.
func noRefreshNote(p providers.Provider) string {
	prompt := p.AuthParams.Get("prompt")
	askedFor := ""
	switch {
	case slices.Contains(p.Scopes, "offline_access"):
		askedFor = "the offline_access scope was asked"
	case p.AuthParams.Get("access_type") == "offline":
		askedFor = "access_type=offline was sent"
	}
	var s string
	switch {
	case askedFor == "":
		s = "no refresh token: none was asked for; add offline_access to {setting:scope} (OpenID Connect Core §11), or the provider's equivalent"
	case !strings.Contains(" "+prompt+" ", " consent "):
		s = "no refresh token although " + askedFor + ": OpenID Connect Core §11 lets the server ignore offline_access unless the request carries prompt=consent ({setting:prompt} consent)"
	default:
		s = "no refresh token although " + askedFor + " with prompt=consent: the server does not give this client refresh tokens (its settings, or the grant types it allows)"
	}
	if rule := providerFamily(p).refresh; rule != "" {
		s += "; " + rule
	}
	return s
}

// accessTokenNote says what kind of access token came when it is not a
// JWT anyone can read: an opaque handle, or an encrypted JWT (JWE, five
// parts), which Auth0 issues when no audience (an API) is asked for.
func accessTokenNote(p providers.Provider, access string) string {
	t, err := inspect.Decode(access)
	switch {
	case errors.Is(err, inspect.ErrOpaque):
		return "the access token is opaque, not a JWT: only the authorization server can read it (introspection, RFC 7662); for the API it is a handle"
	case err == nil && t.Kind == inspect.KindJWE:
		s := "the access token is encrypted (JWE, RFC 7516): only the party holding the key can read it, not this client"
		if providerFamily(p).name == "auth0" && p.Audience == "" {
			s += "; Auth0 issues one when no API is named: give {setting:audience} for a JWT access token"
		}
		return s
	}
	return ""
}

// checksNote sums up a verification in one line: how many checks failed,
// warned, passed and were skipped, and which.
func checksNote(label string, v inspect.Verification) string {
	groups := map[inspect.Status][]string{}
	for _, c := range v.Checks {
		groups[c.Status] = append(groups[c.Status], c.Name)
	}
	var parts []string
	for _, g := range []struct {
		status inspect.Status
		word   string
	}{{inspect.StatusFail, "failed"}, {inspect.StatusWarn, "warned"}, {inspect.StatusPass, "passed"}, {inspect.StatusSkip, "skipped"}} {
		if names := groups[g.status]; len(names) > 0 {
			parts = append(parts, fmt.Sprintf("%d %s (%s)", len(names), g.word, strings.Join(names, ", ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return label + " checks: " + strings.Join(parts, ", ")
}
