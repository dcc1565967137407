package flows

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// useMTLSAliases points the flow at the server's mTLS endpoint aliases
// when the client authenticates with a certificate (RFC 8705 §5): the
// token, introspection, revocation, userinfo, device authorization and
// PAR requests go there, where the server asks for the certificate. The
// discovery step's document stays as received; a note names each alias
// used. Endpoints given by hand still win.
func (s *stepper) useMTLSAliases(r *Result) {
	if !providers.MutualTLS(s.provider.AuthMethod) || s.md == nil {
		return
	}
	if s.md.TLSClientCertificateBoundAccessTokens {
		r.Notes = append(r.Notes, "The server binds access tokens to the client's TLS certificate (tls_client_certificate_bound_access_tokens): "+
			"their cnf claim carries the certificate's SHA-256 thumbprint, and a resource server accepts them only over a connection with that certificate (RFC 8705 §3).")
	}
	aliases := s.md.MTLSEndpointAliases
	if len(aliases) == 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("Client authentication %s: the server lists no mtls_endpoint_aliases, so the certificate is presented at the usual endpoints (RFC 8705 §5).", s.provider.AuthMethod))
		return
	}
	md := *s.md
	var used []string
	for _, e := range []struct {
		name string
		dst  *string
	}{
		{"token_endpoint", &md.TokenEndpoint},
		{"introspection_endpoint", &md.IntrospectionEndpoint},
		{"revocation_endpoint", &md.RevocationEndpoint},
		{"userinfo_endpoint", &md.UserinfoEndpoint},
		{"device_authorization_endpoint", &md.DeviceAuthorizationEndpoint},
		{"pushed_authorization_request_endpoint", &md.PushedAuthorizationRequestEndpoint},
	} {
		if a := aliases[e.name]; a != "" && a != *e.dst {
			*e.dst = a
			used = append(used, e.name+" "+a)
		}
	}
	s.provider.OverrideEndpoints(&md)
	s.md = &md
	if len(used) > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("Client authentication %s: the requests go to the server's mtls_endpoint_aliases, where it asks for the client certificate: %s (RFC 8705 §5).",
			s.provider.AuthMethod, strings.Join(used, ", ")))
	}
}

// apiURL is where the API call goes: the API's mTLS address for a client
// that authenticates with a certificate, when one is known.
func apiURL(p providers.Provider) string {
	if providers.MutualTLS(p.AuthMethod) && p.MTLSAPIURL != "" {
		return p.MTLSAPIURL
	}
	return p.APIURL
}

// certBindingCheck checks the cnf "x5t#S256" of a JWT access token against
// the SHA-256 thumbprint of the certificate p presents (RFC 8705 §3.1):
// a bound token works only over a connection with that certificate. It
// returns nil for a token that is not bound to a certificate.
func certBindingCheck(t *inspect.Token, p providers.Provider) *inspect.Check {
	bound := boundX5t(t)
	if bound == "" {
		return nil
	}
	c := &inspect.Check{Name: "cnf"}
	if !providers.MutualTLS(p.AuthMethod) {
		c.Status, c.Detail = inspect.StatusFail, fmt.Sprintf("The token is bound to a TLS client certificate (cnf x5t#S256 %s), but this client presents none: a resource server will refuse it (RFC 8705 §3).", bound)
		return c
	}
	cert, err := loadClientCert(p)
	if err != nil {
		c.Status, c.Detail, c.Err = inspect.StatusSkip, "The certificate to compare with could not be read: "+err.Error(), err
		return c
	}
	leaf := cert.Leaf
	if leaf == nil {
		return nil
	}
	got := clientkey.CertX5tS256(leaf)
	if got != bound {
		c.Status, c.Detail = inspect.StatusFail, fmt.Sprintf("cnf x5t#S256 is %s, but the certificate this client presents has %s: the token is bound to another certificate, and a resource server will refuse it here (RFC 8705 §3.1).", bound, got)
		return c
	}
	c.Status, c.Detail = inspect.StatusPass, fmt.Sprintf("cnf x5t#S256 %s is the SHA-256 thumbprint of the certificate presented (subject %s): only a caller holding that certificate's private key can use this token, so a stolen copy is useless (RFC 8705 §3).", bound, leaf.Subject)
	return c
}

// boundX5t returns the cnf "x5t#S256" member of t's claims, "" when none.
func boundX5t(t *inspect.Token) string {
	if t == nil {
		return ""
	}
	for _, c := range t.Claims {
		if c.Name != "cnf" {
			continue
		}
		var cnf map[string]any
		if json.Unmarshal(c.Raw, &cnf) != nil {
			return ""
		}
		x5t, _ := cnf["x5t#S256"].(string)
		return x5t
	}
	return ""
}

// withCertBinding adds the cnf check to v, when t is bound.
func withCertBinding(v inspect.Verification, t *inspect.Token, p providers.Provider) inspect.Verification {
	c := certBindingCheck(t, p)
	if c == nil {
		return v
	}
	v.Checks = append(v.Checks, *c)
	if c.Status == inspect.StatusFail {
		v.Valid = false
	}
	return v
}
