package flows

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// RedirectURIError is a redirect URI the authorization code flow refuses
// to send (see CheckRedirectURI).
type RedirectURIError struct {
	// URI is the redirect URI as given.
	URI string
	// Problem says what is wrong and what to give instead, in a sentence.
	Problem string
	// Ref is the rule's reference.
	Ref string
}

func (e *RedirectURIError) Error() string {
	return fmt.Sprintf("redirect URI %q: %s", e.URI, e.Problem)
}

func (e *RedirectURIError) diagnosis() *Diagnosis {
	return &Diagnosis{Code: "redirect_uri_invalid", What: e.Error(), Ref: e.Ref,
		Causes: []string{"the redirect URI given ({setting:redirect-uri}, or the providers file) cannot be used, so nothing was sent"},
		Try: []string{
			"give the exact redirect URI registered for the client: http://127.0.0.1:PORT/path for a native app (the listener receives it), or an https web URI (then paste the redirect)",
			"or leave the redirect URI empty: the listener picks a free port on 127.0.0.1",
		}}
}

// CheckRedirectURI refuses a redirect URI that the authorization code flow
// cannot use, before anything is sent:
//
//   - a malformed URI: not an absolute URI, a fragment, an http(s) URI
//     without a host, a port out of range (RFC 6749 §3.1.2);
//   - port 0: the listener would bind a port the provider knows nothing
//     of, and the URI sent would not be the one it redirects to;
//   - plain http to a host that is not loopback: the code would cross the
//     network in clear (RFC 6749 §3.1.2.1, RFC 8252 §8.3), and this
//     program could not receive it anyway;
//   - an http loopback host the listener does not bind: it binds 127.0.0.1
//     or ::1 only (RFC 8252 §7.3), whatever the URI names.
//
// An empty URI is fine (the listener picks a free port on 127.0.0.1), and
// so is an https URI or a private-use scheme (RFC 8252 §7.1): the user
// pastes the redirect instead ("paste mode", AuthRequest.PasteOnly).
func CheckRedirectURI(raw string) error {
	if raw == "" {
		return nil
	}
	refuse := func(ref, format string, args ...any) error {
		return &RedirectURIError{URI: raw, Problem: fmt.Sprintf(format, args...), Ref: ref}
	}
	if strings.TrimSpace(raw) != raw {
		return refuse("RFC 6749 §3.1.2", "it has spaces around it; give the URI alone")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return refuse("RFC 6749 §3.1.2; RFC 3986 §3", "it is not a well-formed URL (%v)", unwrapURLError(err))
	}
	if !u.IsAbs() {
		return refuse("RFC 6749 §3.1.2", "it is not an absolute URI: give the scheme and the host, e.g. http://127.0.0.1:8400/callback")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return refuse("RFC 6749 §3.1.2", "a redirect URI must not have a fragment (#…)")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil // a private-use scheme: paste mode
	}
	if u.Host == "" || u.Hostname() == "" {
		return refuse("RFC 6749 §3.1.2; RFC 3986 §3.2", "it has no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		switch {
		case err != nil || n > 65535:
			return refuse("RFC 3986 §3.2.3", "port %s is not a TCP port (1–65535)", p)
		case n == 0:
			return refuse("RFC 8252 §7.3", "port 0 is not a port the provider can redirect to; give the port registered for the client, or leave the redirect URI empty for a free port")
		}
	}
	if u.Scheme == "https" {
		return nil // a web redirect URI: paste mode
	}
	switch host := u.Hostname(); {
	case host == "127.0.0.1" || host == "::1" || host == "localhost":
		return nil
	case providers.IsLoopbackHost(host):
		return refuse("RFC 8252 §7.3", "the callback listener binds 127.0.0.1 or [::1] only, not %s; use http://127.0.0.1:PORT/path", host)
	default:
		return refuse("RFC 6749 §3.1.2.1; RFC 8252 §8.3", "plain http to %s, which is not this machine: the code would cross the network in clear; use https (and paste the redirect) or a loopback address such as http://127.0.0.1:8400/callback", host)
	}
}

// unwrapURLError drops url.Error's repetition of the whole input.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
