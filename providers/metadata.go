package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
)

// Metadata is an authorization server's published metadata (RFC 8414 §2 and
// OpenID Connect Discovery 1.0 §3). It holds the members oauth-explorer
// uses; Fields lists every member of the document as received, each with
// an explanation.
type Metadata struct {
	Issuer                             string   `json:"issuer"`
	AuthorizationEndpoint              string   `json:"authorization_endpoint,omitempty"`
	TokenEndpoint                      string   `json:"token_endpoint,omitempty"`
	JWKSURI                            string   `json:"jwks_uri,omitempty"`
	UserinfoEndpoint                   string   `json:"userinfo_endpoint,omitempty"`
	RegistrationEndpoint               string   `json:"registration_endpoint,omitempty"`
	IntrospectionEndpoint              string   `json:"introspection_endpoint,omitempty"`
	RevocationEndpoint                 string   `json:"revocation_endpoint,omitempty"`
	DeviceAuthorizationEndpoint        string   `json:"device_authorization_endpoint,omitempty"`
	PushedAuthorizationRequestEndpoint string   `json:"pushed_authorization_request_endpoint,omitempty"`
	EndSessionEndpoint                 string   `json:"end_session_endpoint,omitempty"`
	ScopesSupported                    []string `json:"scopes_supported,omitempty"`
	ResponseTypesSupported             []string `json:"response_types_supported,omitempty"`
	ResponseModesSupported             []string `json:"response_modes_supported,omitempty"`
	GrantTypesSupported                []string `json:"grant_types_supported,omitempty"`
	SubjectTypesSupported              []string `json:"subject_types_supported,omitempty"`
	TokenEndpointAuthMethodsSupported  []string `json:"token_endpoint_auth_methods_supported,omitempty"`
	// TokenEndpointAuthSigningAlgs are the algorithms the server accepts
	// for client assertions (RFC 8414 §2).
	TokenEndpointAuthSigningAlgs []string `json:"token_endpoint_auth_signing_alg_values_supported,omitempty"`
	// Revocation and introspection endpoints authenticate clients like the
	// token endpoint (RFC 8414 §2).
	RevocationEndpointAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported,omitempty"`
	IntrospectionEndpointAuthMethodsSupported []string `json:"introspection_endpoint_auth_methods_supported,omitempty"`
	CodeChallengeMethodsSupported             []string `json:"code_challenge_methods_supported,omitempty"`
	IDTokenSigningAlgValuesSupported          []string `json:"id_token_signing_alg_values_supported,omitempty"`
	DPoPSigningAlgValuesSupported             []string `json:"dpop_signing_alg_values_supported,omitempty"`
	ClaimsSupported                           []string `json:"claims_supported,omitempty"`
	// AuthorizationDetailsTypesSupported are the authorization_details
	// types the server accepts (RFC 9396 §10).
	AuthorizationDetailsTypesSupported []string `json:"authorization_details_types_supported,omitempty"`
	// RequirePushedAuthorizationRequests: authorization requests must go
	// through PAR first (RFC 9126 §5).
	RequirePushedAuthorizationRequests bool `json:"require_pushed_authorization_requests,omitempty"`
	// RequestParameterSupported: the authorization endpoint takes a
	// signed request object in "request"; the algorithms it verifies are
	// RequestObjectSigningAlgs, and RequireSignedRequestObject says every
	// request must be one (RFC 9101 §10.5; OpenID Connect Discovery §3).
	RequestParameterSupported  bool     `json:"request_parameter_supported,omitempty"`
	RequestObjectSigningAlgs   []string `json:"request_object_signing_alg_values_supported,omitempty"`
	RequireSignedRequestObject bool     `json:"require_signed_request_object,omitempty"`
	// AuthorizationResponseIssParameterSupported: the callback carries
	// "iss" (RFC 9207 §3).
	AuthorizationResponseIssParameterSupported bool   `json:"authorization_response_iss_parameter_supported,omitempty"`
	ServiceDocumentation                       string `json:"service_documentation,omitempty"`
	// MTLSEndpointAliases are the endpoints a client that authenticates
	// with a TLS certificate uses instead of the ones above, by metadata
	// member name (RFC 8705 §5); TLSClientCertificateBoundAccessTokens
	// says the server binds access tokens to that certificate (§3.3).
	MTLSEndpointAliases                   map[string]string `json:"mtls_endpoint_aliases,omitempty"`
	TLSClientCertificateBoundAccessTokens bool              `json:"tls_client_certificate_bound_access_tokens,omitempty"`
	// ClientIDMetadataDocumentSupported: the server takes a client_id
	// that is the URL of a client ID metadata document, which it fetches
	// (draft-ietf-oauth-client-id-metadata-document §6).
	ClientIDMetadataDocumentSupported bool `json:"client_id_metadata_document_supported,omitempty"`

	// Kind says which document this is: OpenID Connect, RFC 8414, or
	// made from endpoints given by hand.
	Kind MetadataKind `json:"-"`
	// Source is the URL the document was read from.
	Source string `json:"-"`
	// Raw is the document exactly as received.
	Raw json.RawMessage `json:"-"`
	// Warnings are the problems Discover found in a usable document:
	// missing required members, an issuer that matched only once a
	// trailing slash was ignored. One sentence each.
	Warnings []string `json:"-"`
}

// MetadataKind tells where a Metadata came from.
type MetadataKind int

// The kinds of metadata.
const (
	// KindStatic is metadata made from endpoints given by hand, without a
	// document (see Provider.StaticMetadata).
	KindStatic MetadataKind = iota
	// KindOpenID is an OpenID Connect Discovery 1.0 document
	// (/.well-known/openid-configuration).
	KindOpenID
	// KindOAuth is an RFC 8414 authorization server metadata document
	// (/.well-known/oauth-authorization-server).
	KindOAuth
)

// String names the kind with its specification.
func (k MetadataKind) String() string {
	switch k {
	case KindOpenID:
		return "OpenID Connect Discovery 1.0"
	case KindOAuth:
		return "RFC 8414 authorization server metadata"
	default:
		return "endpoints given by hand (no discovery)"
	}
}

// MaxMetadataSize caps a metadata document; real ones are a few KiB.
const MaxMetadataSize = 1 << 20

// ParseMetadata decodes a metadata document. A document without "issuer"
// is refused: nothing can be checked against it. Other missing members are
// reported by Missing, not here, because endpoints given by hand may stand
// in for them.
func ParseMetadata(body []byte) (*Metadata, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, errors.New("the metadata document is empty")
	}
	if trimmed[0] != '{' {
		if trimmed[0] == '<' {
			return nil, errors.New("expected a JSON metadata document but got HTML (a web page, often a single-page app answering every path)")
		}
		return nil, errors.New("expected a JSON object as the metadata document")
	}
	var md Metadata
	if err := json.Unmarshal(trimmed, &md); err != nil {
		return nil, fmt.Errorf("not a valid metadata document: %w", err)
	}
	if md.Issuer == "" {
		return nil, errors.New("metadata has no \"issuer\" (RFC 8414 §2): it cannot be checked against the issuer asked for")
	}
	md.Raw = append(json.RawMessage(nil), trimmed...)
	return &md, nil
}

// Missing lists the members the specifications require that the document
// lacks: issuer, authorization_endpoint (unless no grant type supported
// uses it), token_endpoint (unless only the implicit grant is supported)
// and response_types_supported (RFC 8414 §2); for an OpenID Connect
// document also jwks_uri, subject_types_supported and
// id_token_signing_alg_values_supported (OpenID Connect Discovery 1.0 §3).
// Static metadata lacks nothing: nothing was published.
func (m *Metadata) Missing() []string {
	if m.Kind == KindStatic {
		return nil
	}
	grants := m.GrantTypesSupported
	if len(grants) == 0 {
		// The default when absent (RFC 8414 §2).
		grants = []string{"authorization_code", "implicit"}
	}
	usesAuthz := slices.Contains(grants, "authorization_code") || slices.Contains(grants, "implicit")
	implicitOnly := len(grants) == 1 && grants[0] == "implicit"
	var out []string
	for _, c := range []struct {
		name    string
		missing bool
	}{
		{"issuer", m.Issuer == ""},
		{"authorization_endpoint", usesAuthz && m.AuthorizationEndpoint == ""},
		{"token_endpoint", !implicitOnly && m.TokenEndpoint == ""},
		{"response_types_supported", len(m.ResponseTypesSupported) == 0},
		{"jwks_uri", m.Kind == KindOpenID && m.JWKSURI == ""},
		{"subject_types_supported", m.Kind == KindOpenID && len(m.SubjectTypesSupported) == 0},
		{"id_token_signing_alg_values_supported", m.Kind == KindOpenID && len(m.IDTokenSigningAlgValuesSupported) == 0},
	} {
		if c.missing {
			out = append(out, c.name)
		}
	}
	return out
}

// missingWarning turns Missing into one sentence, or "".
func (m *Metadata) missingWarning() string {
	missing := m.Missing()
	if len(missing) == 0 {
		return ""
	}
	spec := "RFC 8414 §2"
	if m.Kind == KindOpenID {
		spec = "OpenID Connect Discovery 1.0 §3"
	}
	return fmt.Sprintf("the metadata at %s lacks required members: %s (%s); endpoints given by hand (token_url, authorization_url, jwks_url in the providers file, or --token-url) can stand in for missing endpoints",
		m.Source, strings.Join(missing, ", "), spec)
}

// MetadataField is one member of a metadata document, in document order.
type MetadataField struct {
	Name string
	// Value is the JSON value as received.
	Value json.RawMessage
	// Explanation is Explain(Name): one line, or "" for an extension
	// member oauth-explorer does not know.
	Explanation string
}

// Fields lists the members of the document as received, in order, each
// with its explanation. Static metadata lists the endpoints it holds.
func (m *Metadata) Fields() []MetadataField {
	raw := m.Raw
	if len(raw) == 0 {
		raw, _ = json.Marshal(m)
	}
	members, _ := jsonobject.Read(raw)
	var out []MetadataField
	for _, mb := range members {
		if m.Kind == KindStatic && string(mb.Raw) == `""` {
			continue
		}
		out = append(out, MetadataField{Name: mb.Name, Value: mb.Raw, Explanation: Explain(mb.Name)})
	}
	return out
}

// Supports reports whether list holds v, treating an absent list as
// "unknown" (true).
func Supports(list []string, v string) bool {
	return len(list) == 0 || slices.Contains(list, v)
}
