package providers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// Metadata is an authorization server's published metadata (RFC 8414 §2 and
// OpenID Connect Discovery 1.0 §3). Raw keeps the document as received.
type Metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint,omitempty"`
	TokenEndpoint                     string   `json:"token_endpoint,omitempty"`
	JWKSURI                           string   `json:"jwks_uri,omitempty"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint,omitempty"`
	RegistrationEndpoint              string   `json:"registration_endpoint,omitempty"`
	IntrospectionEndpoint             string   `json:"introspection_endpoint,omitempty"`
	RevocationEndpoint                string   `json:"revocation_endpoint,omitempty"`
	DeviceAuthorizationEndpoint       string   `json:"device_authorization_endpoint,omitempty"`
	EndSessionEndpoint                string   `json:"end_session_endpoint,omitempty"`
	ScopesSupported                   []string `json:"scopes_supported,omitempty"`
	ResponseTypesSupported            []string `json:"response_types_supported,omitempty"`
	GrantTypesSupported               []string `json:"grant_types_supported,omitempty"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported,omitempty"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported,omitempty"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported,omitempty"`
	ClaimsSupported                   []string `json:"claims_supported,omitempty"`

	// Source is the URL the document was read from.
	Source string `json:"-"`
	// Raw is the document exactly as received.
	Raw json.RawMessage `json:"-"`
}

// ErrIssuerMismatch means the document names another issuer than the one
// asked for; accepting it would open the door to mix-up attacks (RFC 8414 §3.3,
// OpenID Connect Discovery §4.3).
var ErrIssuerMismatch = errors.New("issuer mismatch")

// MaxMetadataSize caps a metadata document; real ones are a few KiB.
const MaxMetadataSize = 1 << 20

// WellKnownURLs returns the discovery URLs to try for an issuer, in order:
// OpenID Connect Discovery (path appended) then RFC 8414 (path inserted after
// the host, RFC 8414 §3.1).
func WellKnownURLs(issuer string) ([]string, error) {
	u, err := url.Parse(strings.TrimSpace(issuer))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("issuer %q is not an http(s) URL", issuer)
	}
	path := strings.TrimSuffix(u.Path, "/")
	oidc := *u
	oidc.Path = path + "/.well-known/openid-configuration"
	oidc.RawQuery, oidc.Fragment = "", ""
	as := *u
	as.Path = "/.well-known/oauth-authorization-server" + path
	as.RawQuery, as.Fragment = "", ""
	return []string{oidc.String(), as.String()}, nil
}

// Discover fetches and checks the issuer's metadata with client, trying the
// URLs of WellKnownURLs in order and moving on when one answers 404. The
// returned document's issuer must equal the one asked for.
func Discover(ctx context.Context, client *http.Client, issuer string) (*Metadata, error) {
	urls, err := WellKnownURLs(issuer)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for _, u := range urls {
		md, status, err := fetchMetadata(ctx, client, u)
		if err == nil {
			if strings.TrimSuffix(md.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
				return md, fmt.Errorf("%w: asked for %q but %s names %q; a client that accepted this could send codes or credentials to the wrong server", ErrIssuerMismatch, issuer, u, md.Issuer)
			}
			return md, nil
		}
		lastErr = err
		if status != http.StatusNotFound {
			break
		}
	}
	return nil, lastErr
}

func fetchMetadata(ctx context.Context, client *http.Client, u string) (*Metadata, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
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
	md.Source = u
	return md, resp.StatusCode, nil
}

// ParseMetadata decodes a metadata document and checks its required fields.
func ParseMetadata(body []byte) (*Metadata, error) {
	var md Metadata
	if err := json.Unmarshal(body, &md); err != nil {
		if len(body) > 0 && body[0] == '<' {
			return nil, errors.New("expected a JSON metadata document but got HTML")
		}
		return nil, fmt.Errorf("not a JSON metadata document: %w", err)
	}
	if md.Issuer == "" {
		return nil, errors.New("metadata has no \"issuer\"")
	}
	md.Raw = append(json.RawMessage(nil), body...)
	return &md, nil
}

// Supports reports whether list holds v, treating an absent list as
// "unknown" (true).
func Supports(list []string, v string) bool {
	if len(list) == 0 {
		return true
	}
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
