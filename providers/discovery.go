package providers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/redact"
)

// ErrIssuerMismatch means the document names another issuer than the one
// asked for; accepting it would open the door to mix-up attacks (RFC 8414
// §3.3, OpenID Connect Discovery 1.0 §4.3, RFC 9700 §4.4).
var ErrIssuerMismatch = errors.New("issuer mismatch")

// WellKnown is one place where an issuer's metadata may be published.
type WellKnown struct {
	URL  string
	Kind MetadataKind
	// Rule says how the URL was made from the issuer, for the user.
	Rule string
}

// WellKnownURLs returns the metadata URLs to try for an issuer, in the order
// Discover tries them:
//
//  1. OpenID Connect Discovery 1.0 §4: "/.well-known/openid-configuration"
//     appended to the issuer (after its path, if any).
//  2. RFC 8414 §3.1: "/.well-known/oauth-authorization-server" inserted
//     between the host and the issuer's path.
//  3. For an issuer with a path, RFC 8414's suffix appended after the path
//     the OpenID way, which many servers publish instead (RFC 8414 §5).
//
// OpenID Connect comes first because most providers are OpenID providers
// and their document is a superset of RFC 8414's.
func WellKnownURLs(issuer string) ([]WellKnown, error) {
	u, err := url.Parse(strings.TrimSpace(issuer))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("issuer %q is not an http(s) URL", redact.Userinfo(issuer))
	}
	if u.RawQuery != "" || u.Fragment != "" {
		// RFC 8414 §2: an issuer has no query or fragment.
		return nil, fmt.Errorf("issuer %q has a query or fragment, which an issuer identifier may not have (RFC 8414 §2)", redact.Userinfo(issuer))
	}
	path := strings.TrimSuffix(u.Path, "/")
	at := func(p string) string {
		v := *u
		v.Path, v.RawPath = p, ""
		return v.String()
	}
	out := []WellKnown{
		{at(path + "/.well-known/openid-configuration"), KindOpenID, "OpenID Connect: appended to the issuer"},
		{at("/.well-known/oauth-authorization-server" + path), KindOAuth, "RFC 8414 §3.1: inserted between host and path"},
	}
	if path != "" {
		out = append(out, WellKnown{at(path + "/.well-known/oauth-authorization-server"), KindOAuth, "RFC 8414 suffix appended to the issuer (common, not standard)"})
	}
	return out, nil
}

// Attempt is one metadata URL Discover tried and what it got.
type Attempt struct {
	URL string
	// Status is the HTTP status, 0 when no response arrived.
	Status int
	Err    error
}

// DiscoveryError reports that no usable metadata was found, with every
// URL tried.
type DiscoveryError struct {
	Issuer   string
	Attempts []Attempt
}

// Error lists the URLs tried and what each answered.
func (e *DiscoveryError) Error() string {
	if len(e.Attempts) == 1 {
		return e.Attempts[0].Err.Error()
	}
	parts := make([]string, len(e.Attempts))
	for i, a := range e.Attempts {
		parts[i] = a.Err.Error()
	}
	return fmt.Sprintf("no metadata found for issuer %s: %s; is the issuer URL right?", redact.Userinfo(e.Issuer), strings.Join(parts, "; "))
}

// Unwrap returns the last attempt's error.
func (e *DiscoveryError) Unwrap() error {
	if len(e.Attempts) == 0 {
		return nil
	}
	return e.Attempts[len(e.Attempts)-1].Err
}

// Discover fetches the issuer's metadata with client, trying the URLs of
// WellKnownURLs in order.
//
// It moves on to the next URL when one answers 4xx (not there: 404 is the
// usual answer, but gateways answer 400, 401, 403 or 405 for paths they do
// not route) or answers 200 with something that is not a metadata document
// (a single-page app serving its HTML for every path). It stops at the first
// usable document, and at a transport error or a 5xx: the server is down or
// broken, and more requests would only add noise. A *DiscoveryError lists
// every URL tried.
//
// The document's issuer must be the one asked for (RFC 8414 §3.3, OpenID
// Connect Discovery 1.0 §4.3); a mismatch returns the document with an
// error wrapping ErrIssuerMismatch. A difference in a trailing slash alone
// is accepted with a warning, because later checks use the document's
// issuer exactly. Members the specifications require but the document
// lacks are reported in Metadata.Warnings, not as an error: endpoints given
// by hand may stand in for them.
func Discover(ctx context.Context, client *http.Client, issuer string) (*Metadata, error) {
	urls, err := WellKnownURLs(issuer)
	if err != nil {
		return nil, err
	}
	issuer = strings.TrimSpace(issuer)
	derr := &DiscoveryError{Issuer: issuer}
	for _, wk := range urls {
		md, status, err := fetchMetadata(ctx, client, wk.URL)
		if err == nil {
			// Source is for showing: an issuer's userinfo is not.
			md.Kind, md.Source = wk.Kind, redact.Userinfo(wk.URL)
			if err := checkIssuer(issuer, md); err != nil {
				return md, err
			}
			if w := md.missingWarning(); w != "" {
				md.Warnings = append(md.Warnings, w)
			}
			return md, nil
		}
		derr.Attempts = append(derr.Attempts, Attempt{URL: redact.Userinfo(wk.URL), Status: status, Err: err})
		if ctx.Err() != nil || status == 0 || status >= 500 {
			break
		}
	}
	return nil, derr
}

// checkIssuer compares the document's issuer with the one asked for, as
// strings (RFC 8414 §3.3, OpenID Connect Discovery 1.0 §4.3): no prefix,
// no case folding, no normalisation beyond the trailing slash tolerated
// below.
func checkIssuer(asked string, md *Metadata) error {
	if md.Issuer == asked {
		return nil
	}
	if strings.TrimSuffix(md.Issuer, "/") == strings.TrimSuffix(asked, "/") {
		md.Warnings = append(md.Warnings, fmt.Sprintf("the issuer asked for (%q) and the one the metadata names (%q) differ in a trailing slash; tokens carry the latter, so configure that one", redact.Userinfo(asked), md.Issuer))
		return nil
	}
	hint := "if you trust this server, configure the issuer it names instead"
	switch {
	case strings.Contains(md.Issuer, "{tenantid}"):
		hint = "this is Microsoft Entra's multi-tenant document, whose issuer is a template: use the entra preset, which handles it"
	case strings.EqualFold(strings.TrimSuffix(md.Issuer, "/"), strings.TrimSuffix(asked, "/")):
		// A URL's scheme and host are case-insensitive (RFC 3986 §6.2.2.1),
		// but an issuer identifier is compared as a string, so a user who
		// typed the host in capitals needs to be told why it is refused.
		hint = "the two differ only in letter case, which still counts: issuer identifiers are compared character for character, even in the scheme and host where URLs ignore case; if you trust this server, configure the issuer exactly as it spells it"
	case strings.HasPrefix(md.Issuer, strings.TrimSuffix(asked, "/")) || strings.HasPrefix(asked, strings.TrimSuffix(md.Issuer, "/")):
		// Multi-tenant servers put tenants under one host: a document for
		// another tenant, or a host that merely starts with the same
		// characters, is another issuer.
		hint = "one begins with the other, which is not enough: another path is another tenant or realm, and a longer host name is another server; if you trust this server, configure the issuer it names instead"
	}
	return fmt.Errorf("%w: asked for %q but %s names %q. The metadata must name exactly the issuer it was fetched for: a client that accepted another could send codes or credentials to the wrong server (mix-up attack; RFC 8414 §3.3, RFC 9700 §4.4); %s",
		ErrIssuerMismatch, redact.Userinfo(asked), md.Source, md.Issuer, hint)
}

// fetchMetadata GETs one metadata URL. The status is 0 when no response
// arrived. Its errors name the URL without its userinfo.
func fetchMetadata(ctx context.Context, client *http.Client, raw string) (*Metadata, int, error) {
	u := redact.Userinfo(raw)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("discovery: %s: %w", u, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		// net/http's *url.Error keeps the user of the URL.
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = u
		}
		return nil, 0, fmt.Errorf("discovery: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxMetadataSize+1))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("discovery: reading %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode, fmt.Errorf("discovery: %s answered %s", u, resp.Status)
	}
	if len(body) > MaxMetadataSize {
		return nil, resp.StatusCode, fmt.Errorf("discovery: %s sent more than %d bytes", u, MaxMetadataSize)
	}
	md, err := ParseMetadata(body)
	if err != nil {
		ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		return nil, resp.StatusCode, fmt.Errorf("discovery: %s (content type %q): %w", u, ct, err)
	}
	return md, resp.StatusCode, nil
}
