package flows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// ChooseAuthMethod picks the client authentication method for p from the
// methods a server lists in token_endpoint_auth_methods_supported (RFC
// 8414 §2): the first of those p's settings allow that is listed. A client
// key allows private_key_jwt; a secret client_secret_basic, then
// client_secret_post, then client_secret_jwt; no credential allows none.
// It returns "" when the list is empty or lists none of them (Preflight
// then warns about the method guessed).
func ChooseAuthMethod(listed []string, p providers.Provider) string {
	if len(listed) == 0 {
		return ""
	}
	var allowed []string
	if p.ClientKey != "" || p.ClientKeyFile != "" {
		allowed = append(allowed, providers.AuthPrivateKeyJWT)
	}
	if p.ClientSecret != "" {
		allowed = append(allowed, providers.AuthBasic, providers.AuthPost)
		if len(p.ClientSecret) >= 32 {
			allowed = append(allowed, providers.AuthSecretJWT)
		}
	}
	if len(allowed) == 0 {
		allowed = []string{providers.AuthNone}
	}
	for _, m := range allowed {
		if slices.Contains(listed, m) {
			return m
		}
	}
	return ""
}

// chooseAuthMethod applies ChooseAuthMethod after discovery when the user
// did not choose the method (providers.Provider.AuthAuto): the method
// changes, with a note, and the pre-flight warnings about the method are
// made again for it.
func (s *stepper) chooseAuthMethod(r *Result, flowID string) {
	p := s.provider
	if !p.AuthAuto || r.Metadata == nil {
		return
	}
	listed := r.Metadata.TokenEndpointAuthMethodsSupported
	m := ChooseAuthMethod(listed, p)
	if m == "" {
		return
	}
	if m != p.AuthMethod {
		p.AuthMethod = m
		s.provider = p
		r.Warnings = slices.DeleteFunc(r.Warnings, func(w Warning) bool { return w.Check == "auth_method" })
		for _, w := range Preflight(r.Metadata, p, flowID, time.Time{}, time.Time{}) {
			if w.Check == "auth_method" {
				r.Warnings = append(r.Warnings, w)
			}
		}
		if at := newAssertionTransport(s.rec, p, s.opts.Now); at != nil {
			at.setMetadata(r.Metadata)
			s.assertion, s.client.Transport = at, at
		} else {
			s.assertion, s.client.Transport = nil, s.rec
		}
	}
	r.Notes = append(r.Notes, fmt.Sprintf("Client authentication %s, chosen from what the server lists in token_endpoint_auth_methods_supported (%s) and the credentials given; set {setting:auth-method} to choose another (RFC 8414 §2).",
		m, strings.Join(listed, ", ")))
}

// assertionAlg is the algorithm p's client assertions are signed with,
// when known before the key is read: HS256 for client_secret_jwt, the
// algorithm given for private_key_jwt.
func assertionAlg(p providers.Provider) string {
	switch p.AuthMethod {
	case providers.AuthSecretJWT:
		return "HS256"
	case providers.AuthPrivateKeyJWT:
		return p.ClientKeyAlg
	}
	return ""
}
