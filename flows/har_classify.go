package flows

import (
	"encoding/json"
	"mime"
	"net/url"
	"path"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// captureKind is what an exchange of a capture is in an OAuth flow.
type captureKind int

// The kinds of exchange a capture holds; kindOther is everything that
// plays no part in OAuth (pages, scripts, images) and is skipped.
const (
	kindOther captureKind = iota
	kindDiscovery
	kindResourceMetadata
	kindJWKS
	kindAuthorize
	kindLogin
	kindCallback
	kindToken
	kindUserinfo
	kindIntrospect
	kindRevoke
	kindPAR
	kindDevice
	kindRegister
	kindAPI
)

// groupsWith tells whether next belongs to the step it starts: the
// pages of a login, the polls of a device grant (RFC 8628 §3.4) make one
// step each.
func (it *captureItem) groupsWith(next *captureItem) bool {
	switch it.kind {
	case kindLogin:
		return next.kind == kindLogin
	case kindToken:
		return it.form.Get("grant_type") == deviceGrantType && next.kind == kindToken && next.form.Get("grant_type") == deviceGrantType
	}
	return false
}

// captureItem is one exchange of a capture and what it was found to be.
type captureItem struct {
	index int
	ex    Exchange
	kind  captureKind
	// entry is the HAR entry the exchange came from (its _step marks).
	entry HAREntry
	// form holds the request's form-encoded body, query its URL's query.
	form, query url.Values
	// bare is the request's URL without query or fragment.
	bare string
	// synthetic is set on a callback read from a redirect's Location,
	// whose request the capture does not hold.
	synthetic bool
}

// newCaptureItem reads what classifying an exchange needs.
func newCaptureItem(i int, ex Exchange, e HAREntry) *captureItem {
	it := &captureItem{index: i, ex: ex, entry: e, form: url.Values{}, query: url.Values{}}
	if u, err := url.Parse(ex.Request.URL); err == nil {
		it.query = u.Query()
		u.RawQuery, u.Fragment = "", ""
		it.bare = u.String()
	}
	ct, _, _ := mime.ParseMediaType(ex.Request.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" || ct == "" && looksLikeForm(string(ex.Request.Body)) {
		it.form, _ = url.ParseQuery(string(ex.Request.Body))
	}
	return it
}

// responseJSON returns the members of the item's response when it is a
// JSON object, nil otherwise.
func (it *captureItem) responseJSON() []jsonobject.Member {
	if it.ex.Response == nil || !jsonobject.IsObject(it.ex.Response.Body) {
		return nil
	}
	m, _ := objectMembers(it.ex.Response.Body)
	return m
}

// hasMember tells whether members holds one named name.
func hasMember(members []jsonobject.Member, name string) bool {
	for _, m := range members {
		if m.Name == name {
			return true
		}
	}
	return false
}

// bearer returns the scheme and the token of the request's Authorization
// header when it presents a token (Bearer, RFC 6750 §2.1; DPoP, RFC 9449
// §7.1).
func (it *captureItem) bearer() (scheme, token string) {
	auth := it.ex.Request.Header.Get("Authorization")
	s, tok, ok := strings.Cut(auth, " ")
	if ok && (strings.EqualFold(s, "bearer") || strings.EqualFold(s, "dpop")) {
		return s, strings.TrimSpace(tok)
	}
	return "", ""
}

// staticExts are the extensions of what a page loads around a flow.
var staticExts = lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{".js": true, ".mjs": true, ".css": true, ".png": true, ".jpg": true, ".jpeg": true,
		".gif": true, ".svg": true, ".ico": true, ".webp": true, ".woff": true, ".woff2": true, ".ttf": true, ".map": true}
}}

// isStatic tells whether the item is a script, style, image or font.
func (it *captureItem) isStatic() bool {
	switch it.entry.ResourceType {
	case "script", "stylesheet", "image", "font", "media", "manifest", "ping", "websocket":
		return true
	}
	u, err := url.Parse(it.bare)
	return err == nil && staticExts.Get()[strings.ToLower(path.Ext(u.Path))]
}

// classifier knows what the capture revealed so far: the servers'
// metadata and the redirect URIs the authorization requests named.
type classifier struct {
	metadata  []*providers.Metadata
	redirects map[string]bool
	// asHosts are the hosts of the authorization requests seen.
	asHosts map[string]bool
}

// endpoint tells whether bare is the endpoint pick returns of any
// metadata in the capture.
func (c *classifier) endpoint(bare string, pick func(*providers.Metadata) string) bool {
	for _, md := range c.metadata {
		if e := pick(md); e != "" && strings.TrimRight(e, "/") == strings.TrimRight(bare, "/") {
			return true
		}
	}
	return false
}

// classify says what it is in a flow, from its URL (well-known paths, the
// endpoints of the metadata captured), its parameters and its answer.
func (c *classifier) classify(it *captureItem) captureKind {
	req := it.ex.Request
	p := strings.ToLower(it.bare)
	members := it.responseJSON()
	isPost := req.Method == "POST"
	switch {
	case req.Method == "OPTIONS" || req.Method == "HEAD":
		// A CORS preflight (Fetch §3.2.2) or a probe carries no OAuth.
		return kindOther
	case strings.Contains(p, "/.well-known/openid-configuration"), strings.Contains(p, "/.well-known/oauth-authorization-server"):
		return kindDiscovery
	case strings.Contains(p, "/.well-known/oauth-protected-resource"):
		return kindResourceMetadata
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.JWKSURI }), isJWKS(members):
		return kindJWKS
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.PushedAuthorizationRequestEndpoint }),
		isPost && it.form.Has("response_type") && it.form.Has("client_id") && hasMember(members, "request_uri"):
		return kindPAR
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.AuthorizationEndpoint }) && !isPost,
		!isPost && it.query.Has("client_id") && (it.query.Has("response_type") || it.query.Has("request_uri")):
		return kindAuthorize
	case c.isCallback(it):
		return kindCallback
	case isPost && it.form.Has("grant_type"), c.endpoint(it.bare, func(m *providers.Metadata) string { return m.TokenEndpoint }) && isPost:
		return kindToken
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.IntrospectionEndpoint }),
		isPost && it.form.Has("token") && hasMember(members, "active"):
		return kindIntrospect
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.RevocationEndpoint }),
		isPost && it.form.Has("token") && (strings.HasSuffix(p, "/revoke") || strings.HasSuffix(p, "/revocation")):
		return kindRevoke
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.DeviceAuthorizationEndpoint }),
		isPost && hasMember(members, "device_code") && hasMember(members, "user_code"):
		return kindDevice
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.RegistrationEndpoint }) && isPost,
		isPost && strings.Contains(string(req.Body), `"redirect_uris"`) && hasMember(members, "client_id"):
		return kindRegister
	case c.endpoint(it.bare, func(m *providers.Metadata) string { return m.UserinfoEndpoint }),
		strings.HasSuffix(p, "/userinfo") && it.hasBearer():
		return kindUserinfo
	case it.hasBearer():
		return kindAPI
	case c.isLogin(it):
		return kindLogin
	}
	return kindOther
}

// frontChannel tells whether the item is the browser's: the authorization
// request, a login page, the callback (RFC 6749 §1.2).
func (it *captureItem) frontChannel() bool {
	return it.kind == kindAuthorize || it.kind == kindLogin || it.kind == kindCallback
}

// hasBearer tells whether the request presents a token.
func (it *captureItem) hasBearer() bool { _, t := it.bearer(); return t != "" }

// isCallback tells whether the item is the browser arriving at a redirect
// URI with an authorization response (RFC 6749 §4.1.2), in its query or,
// with response_mode form_post, its form.
func (c *classifier) isCallback(it *captureItem) bool {
	params := it.query
	if it.ex.Request.Method == "POST" {
		params = it.form
	}
	answer := params.Has("code") || params.Has("error") || params.Has("id_token") || params.Has("access_token")
	if !answer || params.Has("grant_type") || params.Has("client_id") {
		return false
	}
	return c.redirects[it.bare] || params.Has("state")
}

// isLogin tells whether the item is one of the authorization server's own
// pages (login, consent) that the browser visits during the flow.
func (c *classifier) isLogin(it *captureItem) bool {
	u, err := url.Parse(it.bare)
	if err != nil || !c.asHosts[u.Host] || it.isStatic() {
		return false
	}
	if it.entry.ResourceType == "document" || it.ex.Request.Method == "POST" {
		return true
	}
	ct := ""
	if it.ex.Response != nil {
		ct, _, _ = mime.ParseMediaType(it.ex.Response.Header.Get("Content-Type"))
	}
	return ct == "text/html" || it.ex.Response != nil && it.ex.Response.StatusCode/100 == 3
}

// isJWKS tells whether a JSON object is a JWK Set (RFC 7517 §5): a keys
// array of objects with kty.
func isJWKS(members []jsonobject.Member) bool {
	for _, m := range members {
		if m.Name != "keys" {
			continue
		}
		var keys []map[string]json.RawMessage
		if json.Unmarshal(m.Raw, &keys) != nil || len(keys) == 0 {
			return false
		}
		_, ok := keys[0]["kty"]
		return ok
	}
	return false
}

// learn takes from an item what helps classify the others: metadata from
// a discovery answer, the redirect URI and host of an authorization
// request.
func (c *classifier) learn(it *captureItem) {
	switch c.classify(it) {
	case kindDiscovery:
		if md := readMetadata(it.ex); md != nil {
			c.metadata = append(c.metadata, md)
		}
	case kindAuthorize:
		if ru := it.query.Get("redirect_uri"); ru != "" {
			if u, err := url.Parse(ru); err == nil {
				u.RawQuery, u.Fragment = "", ""
				c.redirects[u.String()] = true
			}
		}
		if u, err := url.Parse(it.bare); err == nil {
			c.asHosts[u.Host] = true
		}
	}
}

// readMetadata reads a discovery answer; nil when it is not one.
func readMetadata(ex Exchange) *providers.Metadata {
	if ex.Response == nil || ex.Response.StatusCode != 200 || !jsonobject.IsObject(ex.Response.Body) {
		return nil
	}
	var md providers.Metadata
	if json.Unmarshal(ex.Response.Body, &md) != nil {
		return nil
	}
	return &md
}
