package demo

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// ResourceMetadataPath is the well-known suffix of protected resource
// metadata (RFC 9728 §3): inserted between host and path for a resource
// with a path (§3.1), alone for the host as a whole.
const ResourceMetadataPath = "/.well-known/oauth-protected-resource"

// apiResources are the demo API's paths that are resources of their own,
// each with metadata at the path-inserted well-known URL (RFC 9728 §3.1).
var apiResources = []string{"/api", "/api/whoami", "/api/reports"}

// resourceMetadata serves RFC 9728 §2 metadata for the demo API: at the
// root suffix for the server as a whole (resource = the issuer's origin)
// and at the path-inserted one for each API path. Its resource is the
// identifier the document was asked for, as §3.3 requires of it.
type resourceMetadata struct {
	issuer string
}

func (m *resourceMetadata) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, apiError("method_not_allowed", "use GET"))
		return
	}
	path := strings.TrimPrefix(r.URL.Path, ResourceMetadataPath)
	if path == MCPPath {
		writeJSON(w, http.StatusOK, mcpResourceMetadata(m.issuer))
		return
	}
	if path != "" && !slices.Contains(apiResources, path) {
		writeJSON(w, http.StatusNotFound, apiError("not_found", "no protected resource at "+path+"; the demo's are "+strings.Join(append(apiResources, MCPPath), ", ")))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"resource":                 m.issuer + path,
		"authorization_servers":    []string{m.issuer},
		"scopes_supported":         []string{"api.read", "api.write"},
		"bearer_methods_supported": []string{"header"},
		"resource_name":            "the demo API",
	})
}

// mcpResourceMetadata is the MCP endpoint's metadata (RFC 9728 §2). Its
// scopes_supported is the least a client needs to connect; tools/list
// asks for more by a challenge (MCP 2025-11-25, basic/authorization,
// Scope Selection Strategy).
func mcpResourceMetadata(issuer string) map[string]any {
	return map[string]any{
		"resource":                 issuer + MCPPath,
		"authorization_servers":    []string{issuer},
		"scopes_supported":         []string{MCPScope},
		"bearer_methods_supported": []string{"header"},
		"resource_name":            "the demo MCP server",
	}
}

// resourceKey carries the resource indicators of an authorization request
// from Authorize to CreateAuthRequest.
type resourceKey struct{}

// withResources checks the resource parameters of an authorization request
// (RFC 8707 §2): each must be an absolute URI without a fragment naming
// the demo API (its URL or a path below it) or its MCP endpoint, else
// invalid_target. The
// accepted ones go on ctx, and from there into the access token's aud.
func withResources(ctx context.Context, issuer string, form url.Values) (context.Context, error) {
	res := form["resource"]
	if len(res) == 0 {
		return ctx, nil
	}
	api := issuer + "/api"
	for _, v := range res {
		u, err := url.Parse(v)
		switch {
		case err != nil || !u.IsAbs():
			return ctx, errorf(errInvalidTarget, "resource %s is not an absolute URI (RFC 8707 section 2)", v)
		case u.Fragment != "" || strings.Contains(v, "#"):
			return ctx, errorf(errInvalidTarget, "resource %s has a fragment, which RFC 8707 section 2 forbids", v)
		case v == issuer+MCPPath:
		case v != api && !strings.HasPrefix(v, api+"/"):
			return ctx, errorf(errInvalidTarget, "resource %s is not a resource of the demo provider; its API is %s and its MCP server %s (RFC 8707 section 2)", v, api, issuer+MCPPath)
		}
	}
	return context.WithValue(ctx, resourceKey{}, slices.Clone(res)), nil
}

// resourcesFrom returns the resource indicators on ctx, nil when none.
func resourcesFrom(ctx context.Context) []string {
	r, _ := ctx.Value(resourceKey{}).([]string)
	return r
}

// audience is the aud of the tokens of an authorization request: the demo
// API, and each resource indicator asked for (RFC 8707 §2).
func audience(resources []string) []string {
	aud := []string{APIAudience}
	for _, r := range resources {
		if !slices.Contains(aud, r) {
			aud = append(aud, r)
		}
	}
	return aud
}
