package flows

import (
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// ResourceErrorKind names what went wrong on the way from a resource's URL
// to a token for it.
type ResourceErrorKind string

// The kinds of ResourceError, each its own diagnosis code.
const (
	// ResourceNotProtected: the resource answered without a token.
	ResourceNotProtected ResourceErrorKind = "resource_not_protected"
	// ResourceNoMetadata: no metadata document could be read; when the
	// 401 had no challenge either, there is nothing to go on.
	ResourceNoMetadata ResourceErrorKind = "resource_no_metadata"
	// ResourceMismatch: the metadata names another resource (RFC 9728 §3.3).
	ResourceMismatch ResourceErrorKind = "resource_metadata_mismatch"
	// ResourceNoServers: the metadata lists no authorization_servers.
	ResourceNoServers ResourceErrorKind = "resource_no_authorization_servers"
	// ResourceNoClient: no client to use at the authorization server.
	ResourceNoClient ResourceErrorKind = "resource_no_client"
	// ResourceAudMissing: the token's aud does not name the resource, and
	// the resource refused it.
	ResourceAudMissing ResourceErrorKind = "resource_token_aud"
	// ResourceStillRefused: the resource refused the token issued for it.
	ResourceStillRefused ResourceErrorKind = "resource_still_refused"
)

// ResourceError is a failure of the resource grant, with what is known.
type ResourceError struct {
	Kind ResourceErrorKind
	// URL is the resource's URL (the authorization server's issuer for
	// ResourceNoClient).
	URL string
	// Resource is the resource identifier the token was asked for;
	// Published the one a mismatching metadata document names.
	Resource, Published string
	// Tried lists the metadata URLs tried.
	Tried []providers.ResourceAttempt
	// Challenged is set when the first call's 401 carried a Bearer challenge.
	Challenged bool
	// Status is the refusing answer's status; Code, Description and Scope
	// its challenge's error, error_description and scope (RFC 6750 §3).
	Status                   int
	Code, Description, Scope string
	// Aud is the access token's aud, when it is a JWT.
	Aud []string
	Err error
}

func (e *ResourceError) Error() string {
	switch e.Kind {
	case ResourceNotProtected:
		return "resource: " + e.URL + " answered without a token: it is not protected, so there is no authorization server to find"
	case ResourceNoMetadata:
		return fmt.Sprintf("resource metadata: none found for %s: %v", e.URL, e.Err)
	case ResourceMismatch:
		return fmt.Sprintf("resource metadata: the document names resource %q, not %q (RFC 9728 §3.3): refused", e.Published, e.URL)
	case ResourceNoServers:
		return "resource metadata: " + e.URL + "'s metadata lists no authorization_servers"
	case ResourceNoClient:
		return "resource: no client to use at " + e.URL + ": the settings give no client_id, and its metadata lists no registration_endpoint to register one (RFC 7591)"
	case ResourceAudMissing:
		return fmt.Sprintf("resource: refused the token (HTTP %d %s), whose aud [%s] does not name %s", e.Status, e.Code, strings.Join(e.Aud, " "), e.Resource)
	}
	return fmt.Sprintf("resource: still refused with the token (HTTP %d %s): %s", e.Status, e.Code, e.Description)
}

// Unwrap returns the error beneath, if any.
func (e *ResourceError) Unwrap() error { return e.Err }

func (e *ResourceError) diagnosis() *Diagnosis {
	d := &Diagnosis{Code: string(e.Kind), What: e.Error()}
	switch e.Kind {
	case ResourceNotProtected:
		d.Causes = []string{"the URL is a public endpoint, or a gateway in front of the API let the request through"}
		d.Try = []string{"give the URL of a protected endpoint of the API ({setting:resource-url})"}
		d.Ref = "RFC 6750 §3"
	case ResourceNoMetadata:
		if !e.Challenged {
			d.What = "The resource's 401 had no WWW-Authenticate challenge, and no metadata was found at the well-known URL: " + d.What
			d.Causes = append(d.Causes, "the resource sends no challenge, though RFC 6750 §3 requires one with a 401; a gateway may strip it")
		}
		d.Causes = append(d.Causes, "the resource does not publish RFC 9728 metadata (it is recent; many APIs do not yet)",
			"the metadata is at another URL the challenge would have named")
		d.Try = []string{"read the API's documentation for its authorization server, and run the authorization code grant against it with {setting:resource} set"}
		for _, a := range e.Tried {
			d.Try = append(d.Try, fmt.Sprintf("tried %s (%s): %s", a.URL, a.From, attemptOutcome(a.Attempt)))
		}
		d.Ref = "RFC 9728 §3.1, §5.1; RFC 6750 §3"
	case ResourceMismatch:
		d.Causes = []string{
			"the metadata describes another resource: an attacker's resource can point a client at an honest resource's metadata (or the other way round), so that the client asks an authorization server for a token and hands it to the wrong API; the §3.3 check stops this mix-up",
			"the resource's configuration names its identifier differently (a trailing slash, http vs https, another host name)"}
		d.Try = []string{"call the resource by the exact URL its metadata names, if it is truly the same API", "fix the resource's metadata so that resource is the URL it is called by"}
		d.Ref = "RFC 9728 §3.3, §7.3"
	case ResourceNoServers:
		d.Causes = []string{"authorization_servers is optional in RFC 9728 §2: the resource did not say who issues its tokens"}
		d.Try = []string{"find the authorization server in the API's documentation and run the authorization code grant there with {setting:resource} set"}
		d.Ref = "RFC 9728 §2"
	case ResourceNoClient:
		d.Causes = []string{"the client for the authorization server comes from the provider's settings, which give none",
			"the authorization server does not offer dynamic client registration: its metadata lists no registration_endpoint (RFC 8414 §2)"}
		d.Try = []string{"give {setting:client-id} of a client registered at " + e.URL}
		d.Ref = "RFC 6749 §2; RFC 7591"
	case ResourceAudMissing:
		d.Causes = []string{"the authorization server ignored the resource parameter (RFC 8707 is optional) and issued the token for another audience",
			"the resource identifier the server knows differs from the URL given"}
		d.Try = []string{"check that the authorization server supports resource indicators, or give {setting:audience} as it expects"}
		d.Ref = "RFC 8707 §2; RFC 9068 §4"
	default:
		d.Causes = []string{"the challenge says: " + challengeSays(e)}
		switch e.Code {
		case "insufficient_scope":
			d.Try = []string{"ask for scope " + e.Scope + " with {setting:scope}"}
		case "invalid_token":
			d.Try = []string{"look at the access token in {view:claims}: its aud, exp and scope", "run the flow again for a fresh token"}
		default:
			d.Try = []string{"look at the answer on {view:response}"}
		}
		d.Ref = "RFC 6750 §3.1"
	}
	return d
}

// challengeSays puts a refusal's challenge in a sentence.
func challengeSays(e *ResourceError) string {
	if e.Code == "" {
		return fmt.Sprintf("nothing: HTTP %d without an error code", e.Status)
	}
	s := fmt.Sprintf("error %q", e.Code)
	if e.Description != "" {
		s += fmt.Sprintf(", %q", e.Description)
	}
	if e.Scope != "" {
		s += fmt.Sprintf(", scope %q needed", e.Scope)
	}
	return s
}

// accessAudience returns the aud of a JWT access token, and whether it is
// one; an opaque token has none the client can read.
func accessAudience(token string) ([]string, bool) {
	t, err := inspect.Decode(token)
	if err != nil || t.Kind != inspect.KindJWS {
		return nil, false
	}
	return t.Audience(), true
}
