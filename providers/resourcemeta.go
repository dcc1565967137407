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

// ResourceWellKnown is the well-known suffix of protected resource
// metadata (RFC 9728 §3).
const ResourceWellKnown = "/.well-known/oauth-protected-resource"

// maxResourceMetadata caps the metadata document read.
const maxResourceMetadata = 1 << 20

// ResourceMetadata is a protected resource's metadata (RFC 9728 §2): who
// issues tokens for it and how it takes them.
type ResourceMetadata struct {
	// Resource is the resource identifier (§2 resource): it must be the
	// one the document was fetched for (§3.3).
	Resource string `json:"resource"`
	// AuthorizationServers are issuer identifiers of the authorization
	// servers that issue tokens for the resource (§2), each discovered
	// through RFC 8414.
	AuthorizationServers []string `json:"authorization_servers,omitempty"`
	ScopesSupported      []string `json:"scopes_supported,omitempty"`
	// BearerMethodsSupported are how the resource takes a bearer token:
	// "header", "body", "query" (RFC 6750 §2).
	BearerMethodsSupported []string `json:"bearer_methods_supported,omitempty"`
	JWKSURI                string   `json:"jwks_uri,omitempty"`
	ResourceName           string   `json:"resource_name,omitempty"`
	ResourceDocumentation  string   `json:"resource_documentation,omitempty"`
}

// ResourceMetadataURL builds the well-known URL of resource's metadata
// (RFC 9728 §3.1): the suffix goes between the host and the path, any
// trailing slash of the path dropped, the query kept.
func ResourceMetadataURL(resource string) (string, error) {
	u, err := url.Parse(resource)
	if err != nil {
		return "", fmt.Errorf("resource %q is not a URL: %w", resource, err)
	}
	if !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("resource %q is not an absolute http(s) URL (RFC 9728 §1.2)", resource)
	}
	if u.Fragment != "" {
		return "", fmt.Errorf("resource %q has a fragment, which a resource identifier may not have (RFC 9728 §1.2)", resource)
	}
	u.Path = ResourceWellKnown + strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// ResourceAttempt is one metadata URL tried, with where it came from.
type ResourceAttempt struct {
	Attempt
	// From says why the URL was tried: "resource_metadata" (the
	// challenge's, RFC 9728 §5.1) or "well-known" (§3.1).
	From string
}

// ResourceMismatchError is a metadata document whose resource is not the
// resource it was fetched for (RFC 9728 §3.3): using it would let a
// resource that the attacker controls name an authorization server for
// another, and so collect tokens meant for it.
type ResourceMismatchError struct {
	URL       string
	Expected  string
	Published string
}

func (e *ResourceMismatchError) Error() string {
	return fmt.Sprintf("the metadata at %s names resource %q, not %q, the resource it was fetched for (RFC 9728 §3.3)", e.URL, e.Published, e.Expected)
}

// ErrNoAuthorizationServers means the metadata names no authorization
// server: the client cannot learn from it where to get a token (RFC 9728
// §2 authorization_servers is optional).
var ErrNoAuthorizationServers = errors.New("the resource's metadata lists no authorization_servers")

// FetchResourceMetadata reads the metadata of resource with client: from
// fromChallenge when a challenge gave resource_metadata (RFC 9728 §5.1),
// else from the well-known URL (§3.1). It returns every URL tried. The
// document's resource must be resource itself (§3.3): otherwise it
// returns the document and a *ResourceMismatchError, and the document
// must not be used.
func FetchResourceMetadata(ctx context.Context, client *http.Client, resource, fromChallenge string) (*ResourceMetadata, []ResourceAttempt, error) {
	target, from := fromChallenge, "resource_metadata"
	if target == "" {
		wk, err := ResourceMetadataURL(resource)
		if err != nil {
			return nil, nil, err
		}
		target, from = wk, "well-known"
	} else if u, err := url.Parse(target); err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, nil, fmt.Errorf("resource_metadata %q is not an absolute http(s) URL (RFC 9728 §5.1)", target)
	}
	at := ResourceAttempt{Attempt: Attempt{URL: target}, From: from}
	md, status, err := getResourceMetadata(ctx, client, target)
	at.Status, at.Err = status, err
	tried := []ResourceAttempt{at}
	if err != nil {
		return nil, tried, err
	}
	if md.Resource != resource {
		return md, tried, &ResourceMismatchError{URL: target, Expected: resource, Published: md.Resource}
	}
	if len(md.AuthorizationServers) == 0 {
		return md, tried, ErrNoAuthorizationServers
	}
	return md, tried, nil
}

func getResourceMetadata(ctx context.Context, client *http.Client, target string) (*ResourceMetadata, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResourceMetadata+1))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("reading %s: %w", target, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode, fmt.Errorf("%s answered %s, not the metadata document (RFC 9728 §3.2)", target, resp.Status)
	}
	if len(body) > maxResourceMetadata {
		return nil, resp.StatusCode, fmt.Errorf("%s: the document is larger than %d bytes", target, maxResourceMetadata)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return nil, resp.StatusCode, fmt.Errorf("%s answered %q, not application/json (RFC 9728 §3.2)", target, mt)
	}
	var md ResourceMetadata
	if err := json.Unmarshal(body, &md); err != nil {
		return nil, resp.StatusCode, fmt.Errorf("%s: the metadata is not a JSON object of the RFC 9728 §2 members: %w", target, err)
	}
	return &md, resp.StatusCode, nil
}
