package flows

import (
	"slices"
	"strings"
)

// invalid_grant means that the grant the token request carried was
// refused (RFC 6749 §5.2): which grant that is decides what can be wrong
// with it. An authorization code can be spent, expired, another client's
// or redeemed with the wrong redirect_uri or code_verifier; a refresh
// token spent by a rotation, expired or revoked; a device code spent or
// expired. The causes of the other grants have nothing to do there, so
// the advice is chosen by the grant_type of the refused request, as it
// was recorded; only a request not recorded gets every grant's causes.

// The states in which a server's words may say a grant was refused; each
// cause of grantAdvice is tagged with those it explains.
const (
	stateUsed    = "used"
	stateExpired = "expired"
	stateUnknown = "unknown"
	stateRevoked = "revoked"
)

// grantCause is one reason a server refuses a grant, with the states it
// explains.
type grantCause struct {
	states []string
	text   string
}

// grantAdvice explains invalid_grant for one grant type.
type grantAdvice struct {
	causes []grantCause
	try    []string
	ref    string
}

func (g grantAdvice) advice() advice {
	a := advice{try: g.try, ref: g.ref}
	for _, c := range g.causes {
		a.causes = append(a.causes, c.text)
	}
	return a
}

// codeInvalidGrant explains invalid_grant to an authorization code
// exchange (RFC 6749 §4.1.3).
var codeInvalidGrant = grantAdvice{
	causes: []grantCause{
		{[]string{stateUsed}, "the authorization code was already used: a code works once (RFC 6749 §4.1.2), and a server may revoke the tokens its first use got"},
		{[]string{stateExpired}, "the authorization code expired: codes live minutes (RFC 6749 §4.1.2 advises 10 at most), and a slow login, a late paste or a clock far off ends them"},
		{[]string{stateUnknown}, "the authorization code is not one this server issued: mistyped or cut when pasted, from another server or tenant, or from an earlier start of the embedded demo provider, whose codes are new at each start"},
		{nil, "the authorization code was issued to another client: only the client_id of the authorization request may redeem it"},
		{nil, "the redirect_uri differs from the one in the authorization request (RFC 6749 §4.1.3)"},
		{nil, "the code_verifier does not match the code_challenge of the authorization request (RFC 7636 §4.6): the code belongs to another run of the flow"},
	},
	try: []string{
		"start the flow again and redeem the new code at once, once",
		"redeem the code of this run's own authorization request, not one from an earlier run, another tab or another client",
		"check the clock of this machine",
	},
	ref: "RFC 6749 §5.2, §4.1.2, §4.1.3; RFC 7636 §4.6",
}

// refreshInvalidGrant explains invalid_grant to a refresh request (RFC
// 6749 §6): the refresh token is not one the server will honour, and a
// spent one after a rotation is the usual reason (RFC 9700 §4.14.2).
var refreshInvalidGrant = grantAdvice{
	causes: []grantCause{
		{[]string{stateUsed}, "the refresh token was already spent: a server that rotates refresh tokens invalidates each one when it is used, and a rotated-away token never works again (some servers then revoke the whole chain, taking it for a theft)"},
		{[]string{stateExpired, stateRevoked}, "the refresh token expired, was revoked, or the session it belongs to ended (logout, password change, idle timeout)"},
		{[]string{stateUnknown}, "the refresh token is not one this server issued: cut or altered when copied, from another server or tenant, or from an earlier start of the embedded demo provider"},
		{nil, "the refresh token was issued to another client: it works only with the client_id (and client authentication) it was issued to"},
	},
	try: []string{
		"use the newest refresh token the server returned: after a rotation, only the last one is valid",
		"log in again (the authorization code flow, with offline_access) for a fresh refresh token",
		"check that {setting:client-id} is the client the refresh token was issued to",
	},
	ref: "RFC 6749 §5.2, §6; RFC 9700 §4.14.2",
}

// deviceInvalidGrant explains invalid_grant to a device grant's poll
// (RFC 8628 §3.4), which some servers answer for a device code they do
// not know or no longer hold.
var deviceInvalidGrant = grantAdvice{
	causes: []grantCause{
		{[]string{stateUsed}, "the device code was already redeemed: an earlier poll got its tokens, and a device code yields them once"},
		{[]string{stateExpired}, "the device code expired (its expires_in passed): RFC 8628 §3.5 says expired_token for that, some servers say invalid_grant"},
		{[]string{stateUnknown}, "the device code is not one this server issued, or not to this client: the polls must carry the client_id (and authentication) of the device authorization request"},
	},
	try: []string{"run the device flow again for a new device code, and let it poll until the user approves"},
	ref: "RFC 8628 §3.4, §3.5; RFC 6749 §5.2",
}

// clientCredentialsInvalidGrant explains invalid_grant to a client
// credentials request (RFC 6749 §4.4.2), which carries no grant but the
// client's own credentials.
var clientCredentialsInvalidGrant = grantAdvice{
	causes: []grantCause{
		{nil, "a client credentials request carries no code or token to refuse: a server that answers invalid_grant here refuses the client itself (its secret, its authentication method, a disabled client) or what it asked for (audience, resource, scope)"},
	},
	try: []string{
		"check the client id and secret, and {setting:auth-method}",
		"check {setting:audience}, {setting:resource} and {setting:scope} against what the client may ask for",
	},
	ref: "RFC 6749 §4.4.2, §5.2",
}

// invalidGrantAdvice returns the advice for invalid_grant to a request of
// the grant type grant, and false when the grant is not known (no request
// recorded): then every grant's causes apply.
func invalidGrantAdvice(grant string) (grantAdvice, bool) {
	untagged := func(a advice) grantAdvice {
		g := grantAdvice{try: a.try, ref: a.ref}
		for _, c := range a.causes {
			g.causes = append(g.causes, grantCause{text: c})
		}
		return g
	}
	switch grant {
	case "":
		return grantAdvice{}, false
	case "authorization_code":
		return codeInvalidGrant, true
	case "refresh_token":
		return refreshInvalidGrant, true
	case deviceGrantType:
		return deviceInvalidGrant, true
	case "client_credentials":
		return clientCredentialsInvalidGrant, true
	case passwordGrantType:
		return untagged(passwordAdvice.Get()["invalid_grant"]), true
	case tokenExchangeGrantType:
		return untagged(exchangeAdvice.Get()["invalid_grant"]), true
	case jwtBearerGrantType:
		g := untagged(bearerAdvice.Get())
		for i, c := range bearerCauses {
			switch c.code {
			case "assertion_replayed":
				g.causes[i].states = []string{stateUsed}
			case "assertion_expired":
				g.causes[i].states = []string{stateExpired}
			}
		}
		return g, true
	}
	return grantAdvice{
		causes: []grantCause{{nil, "the grant this request carried (grant_type " + clip(grant, 80) + ") is invalid, expired or revoked, or was issued to another client (RFC 6749 §5.2)"}},
		try:    []string{"read the error_description: servers name what they refused", "get a fresh grant and send it at once"},
		ref:    "RFC 6749 §5.2",
	}, true
}

// stateOf reads one state word of a server's list ("already used",
// "expired") as the state it names; "" for a word that names none
// ("invalid", "not valid").
func stateOf(word string) string {
	switch w := strings.TrimSpace(word); {
	case strings.HasSuffix(w, "used"), strings.HasSuffix(w, "redeemed"), strings.HasSuffix(w, "consumed"):
		return stateUsed
	case w == "expired", w == "inactive", w == "not active":
		return stateExpired
	case w == "unknown", w == "not found", w == "incorrect", w == "malformed":
		return stateUnknown
	case w == "revoked":
		return stateRevoked
	}
	return ""
}

// namedFirst moves the causes of grant that explain the states the server
// named, in the order it named them, to the front of causes; the others
// keep their order after them. Causes of an unknown grant stay as they
// are.
func namedFirst(causes []string, grant string, states []string) []string {
	g, _ := invalidGrantAdvice(grant)
	var front []string
	for _, s := range states {
		for _, c := range g.causes {
			if slices.Contains(c.states, s) && slices.Contains(causes, c.text) && !slices.Contains(front, c.text) {
				front = append(front, c.text)
			}
		}
	}
	rest := slices.DeleteFunc(slices.Clone(causes), func(c string) bool { return slices.Contains(front, c) })
	return append(front, rest...)
}
