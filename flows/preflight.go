package flows

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Warning is something a pre-flight check found worth saying before a
// request is sent. It never blocks: the user may send anyway, to see what
// the server answers.
type Warning struct {
	// Check names the check: "grant_type", "auth_method", "pkce",
	// "scope", "response_type", "redirect_uri" or "clock".
	Check string
	// Message says what is wrong and what to do, in a sentence or two.
	Message string
	// Ref is the rule's reference.
	Ref string
}

// Refuse checks the settings of p for the flow flowID that must stop it
// before anything is sent, unlike the warnings of Preflight: for the
// authorization code flow, a redirect URI it cannot use (CheckRedirectURI:
// malformed, port 0, plain http to a host that is not loopback).
func Refuse(p providers.Provider, flowID string) error {
	if flowID == FlowIDAuthCode {
		return CheckRedirectURI(p.RedirectURI)
	}
	return nil
}

// MaxClockSkew is the difference between the server's Date header and the
// local clock beyond which Preflight warns.
const MaxClockSkew = 30 * time.Second

// Preflight compares the settings of p for the flow flowID with the
// server's metadata md before anything is sent: grant type, client
// authentication method, PKCE method, scopes and response type against
// what the server advertises (RFC 8414 §2), the redirect URI against the
// rules for native apps (RFC 8252 §7.3, §8.3; RFC 9700 §2.1), and the
// clock of this machine (now) against the server's (discoveryDate, the
// Date header of the discovery response; zero skips that check). A list
// the server does not publish is not held against the settings, except
// where the specification says what its absence means.
func Preflight(md *providers.Metadata, p providers.Provider, flowID string, discoveryDate, now time.Time) []Warning {
	var out []Warning
	add := func(check, ref, format string, args ...any) {
		out = append(out, Warning{Check: check, Message: fmt.Sprintf(format, args...), Ref: ref})
	}
	if md == nil {
		md = &providers.Metadata{}
	}
	if g := grantType(flowID); g != "" && len(md.GrantTypesSupported) > 0 && !slices.Contains(md.GrantTypesSupported, g) {
		add("grant_type", "RFC 8414 §2; RFC 6749 §5.2 (unsupported_grant_type)",
			"the server does not list %s in grant_types_supported (%s): expect unsupported_grant_type or unauthorized_client",
			g, strings.Join(md.GrantTypesSupported, ", "))
	}
	if m := p.AuthMethod; m != "" && len(md.TokenEndpointAuthMethodsSupported) > 0 && !slices.Contains(md.TokenEndpointAuthMethodsSupported, m) {
		msg := "the server does not list client authentication method %s in token_endpoint_auth_methods_supported (%s): expect invalid_client; switch {setting:auth-method}"
		if m == providers.AuthNone {
			msg = "the server does not list %s in token_endpoint_auth_methods_supported (%s): it may not accept public clients (many servers accept them without listing none)"
		}
		add("auth_method", "RFC 8414 §2; RFC 6749 §2.3.1", msg, m, strings.Join(md.TokenEndpointAuthMethodsSupported, ", "))
	}
	if alg := assertionAlg(p); alg != "" && len(md.TokenEndpointAuthSigningAlgs) > 0 && !slices.Contains(md.TokenEndpointAuthSigningAlgs, alg) {
		add("auth_method", "RFC 8414 §2; RFC 7523 §3",
			"the server does not list %s in token_endpoint_auth_signing_alg_values_supported (%s): expect invalid_client; sign with one it lists ({setting:client-key-alg})",
			alg, strings.Join(md.TokenEndpointAuthSigningAlgs, ", "))
	}
	if p.AuthMethod == providers.AuthNone && p.ClientSecret != "" {
		// The secret was typed for a reason; sending nothing would make
		// the server's invalid_client look like a wrong secret.
		add("auth_method", "RFC 6749 §2.3.1",
			"a client secret is given but {setting:auth-method} is none, so the secret is not sent: a confidential client gets invalid_client; choose client_secret_basic or client_secret_post to send it, or clear {setting:client-secret} for a public client")
	}
	if flowID == FlowIDAuthCode && len(p.Scopes) == 0 {
		add("scope", "RFC 6749 §3.3; OIDC Core §3.1.2.1",
			"no scope is asked for: the server applies the client's default scope or refuses with invalid_scope, and without openid no ID token comes back; set {setting:scope}, e.g. openid")
	}
	if flowID == FlowIDAuthCode {
		switch methods := md.CodeChallengeMethodsSupported; {
		case len(methods) == 0 && md.Issuer != "":
			add("pkce", "RFC 9700 §2.1.1; RFC 8414 §2",
				"the server does not publish code_challenge_methods_supported, so its PKCE support is unknown; PKCE S256 is sent anyway, but a server that ignores it leaves the code unprotected")
		case len(methods) > 0 && !slices.Contains(methods, "S256"):
			add("pkce", "RFC 7636 §4.2; RFC 9700 §2.1.1",
				"the server does not list S256 in code_challenge_methods_supported (%s); S256 is sent anyway, because plain would expose the verifier",
				strings.Join(methods, ", "))
		}
		if rt := md.ResponseTypesSupported; len(rt) > 0 && !slices.Contains(rt, "code") {
			add("response_type", "RFC 8414 §2; RFC 6749 §3.1.1",
				"the server does not list code in response_types_supported (%s): it may not offer the authorization code flow", strings.Join(rt, ", "))
		}
		out = append(out, redirectWarnings(p.RedirectURI)...)
	}
	if sup := md.ScopesSupported; len(sup) > 0 {
		var unknown []string
		for _, s := range p.Scopes {
			if !slices.Contains(sup, s) {
				unknown = append(unknown, s)
			}
		}
		if len(unknown) > 0 {
			add("scope", "RFC 8414 §2; RFC 6749 §3.3",
				"the server does not list scope %s in scopes_supported; servers need not list every scope, but expect invalid_scope if it is unknown",
				strings.Join(unknown, ", "))
		}
	}
	if !discoveryDate.IsZero() && !now.IsZero() {
		if w, ok := clockWarning(discoveryDate, now); ok {
			out = append(out, w)
		}
	}
	return out
}

// clockWarning compares the server's Date with the local clock. The Date
// header has a resolution of one second, hence the generous threshold.
func clockWarning(serverDate, now time.Time) (Warning, bool) {
	skew := now.Sub(serverDate)
	if skew <= MaxClockSkew && skew >= -MaxClockSkew {
		return Warning{}, false
	}
	way := "ahead of"
	if skew < 0 {
		way = "behind"
	}
	abs := skew.Abs().Truncate(time.Second)
	return Warning{
		Check: "clock",
		Message: fmt.Sprintf("this machine's clock is about %s %s the server's (its Date header said %s): tokens may look expired or not yet valid; set the clock (NTP)",
			strings.TrimPrefix(inspect.Relative(now.Add(abs), now), "in "), way, inspect.FormatUTC(serverDate)),
		Ref: "RFC 7519 §4.1.4, §4.1.5; RFC 9110 §6.6.1",
	}, true
}

// redirectWarnings checks a redirect URI given by the user; empty means
// the loopback listener picks http://127.0.0.1:PORT/callback, which
// follows every rule.
func redirectWarnings(raw string) []Warning {
	if raw == "" {
		return nil
	}
	var out []Warning
	add := func(ref, format string, args ...any) {
		out = append(out, Warning{Check: "redirect_uri", Message: fmt.Sprintf(format, args...), Ref: ref})
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || ((u.Scheme == "http" || u.Scheme == "https") && u.Host == "") {
		add("RFC 6749 §3.1.2", "redirect URI %q is not an absolute URI", raw)
		return out
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		add("RFC 6749 §3.1.2", "redirect URI %q has a fragment (#…), which a redirect URI must not have", raw)
	}
	host := u.Hostname()
	loopbackIP := host != "localhost" && providers.IsLoopbackHost(host)
	switch {
	case u.Scheme == "http" && host == "localhost":
		add("RFC 8252 §7.3, §8.3",
			"redirect URI %q uses localhost: the loopback IP literal (http://127.0.0.1:%s%s) is recommended, since localhost may resolve elsewhere or to IPv6; keep localhost only if that is what the client has registered",
			raw, portOr(u, "PORT"), u.EscapedPath())
	case u.Scheme == "http" && !loopbackIP:
		add("RFC 6749 §3.1.2.1; RFC 8252 §8.3",
			"redirect URI %q uses http on a host that is not loopback: the code would cross the network in clear, and servers refuse such URIs; use https, or a loopback address for a native app", raw)
	case u.Scheme == "https":
		add("RFC 8252 §7.3",
			"redirect URI %q is https: the loopback listener cannot receive it (it serves plain http on 127.0.0.1); after approving, the browser lands on that page, so copy its address and paste it ({setting:manual})", raw)
	case u.Scheme != "http":
		add("RFC 8252 §7.1",
			"redirect URI %q uses the private-use scheme %q: only the app that owns the scheme receives it, not the loopback listener; copy the redirect from the browser and paste it ({setting:manual})", raw, u.Scheme)
	}
	if u.Scheme == "http" && (host == "localhost" || loopbackIP) && u.Port() == "" {
		add("RFC 8252 §7.3",
			"redirect URI %q names no port: the listener takes a free one and sends it in redirect_uri, so the server must let the port of a loopback redirect URI vary, as RFC 8252 §7.3 asks (register it without a port where the server allows that)", raw)
	} else if u.Scheme == "http" && (host == "localhost" || loopbackIP) && (u.Port() != "" || (u.Path != "" && u.Path != "/")) {
		add("RFC 9700 §2.1; RFC 8252 §7.3",
			"the server compares redirect_uri with the registered one character for character (scheme, host, path, trailing slash; 127.0.0.1 is not localhost); RFC 8252 lets the port vary for loopback URIs, but not every server does, so register exactly %q", raw)
	}
	return out
}

func portOr(u *url.URL, def string) string {
	if p := u.Port(); p != "" {
		return p
	}
	return def
}
