package flows

import (
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// ClientAuth declares one way a client authenticates at the token,
// introspection, revocation and device authorization endpoints (RFC 6749
// §2.3, OpenID Connect Core §9): what the settings offer, the inputs it
// needs beyond the client id and secret, and its reference. The TUI's
// auth method row and settings rows and the command line's
// --auth-method values and key flags read ClientAuths; neither names a
// method of its own.
type ClientAuth struct {
	// ID is the method's token_endpoint_auth_method name (RFC 7591 §2),
	// the --auth-method value.
	ID string
	// Summary says in a line how the client proves who it is.
	Summary string
	// Ref is where the method is defined.
	Ref string
	// Secret is set when the method uses the client secret.
	Secret bool
	// Assertion is set when the method sends a signed JWT as
	// client_assertion (RFC 7523 §2.2) instead of a secret.
	Assertion bool
	// TLSCert is set when the client proves who it is with the certificate
	// it presents in the TLS handshake (RFC 8705 §2): the transport
	// presents it, the form names only client_id, and the mTLS endpoint
	// aliases are used (mtls.go).
	TLSCert bool
	// Inputs are the settings it needs beyond client id and secret; their
	// values go to the provider's fields (ApplyAuthInputs).
	Inputs []Input
}

// The inputs of the assertion methods, by Input.Name.
const (
	InputClientKey     = "client-key"
	InputClientKeyID   = "client-key-id"
	InputClientKeyAlg  = "client-key-alg"
	InputClientCert    = "client-cert"
	InputAssertionAud  = "assertion-aud"
	assertionAudIssuer = "issuer"
	// assertionAudEndpoint is the URL of the endpoint each request goes
	// to, as Okta wants.
	assertionAudEndpoint = "endpoint"
)

var (
	clientKeyInput = Input{Name: InputClientKey, Label: "Client key", Flag: "client-key", Required: true,
		Help: "the PEM (PKCS#8, PKCS#1, EC) or JWK file of the private key that signs the client assertion; its public key is registered with the server ('oauth-explorer keys generate' makes a pair) (RFC 7523 §2.2)"}
	clientKeyIDInput = Input{Name: InputClientKeyID, Label: "Key ID", Flag: "client-key-id",
		Help: "the kid header: the id the server knows the public key by (default: the JWK's kid, or none) (RFC 7515 §4.1.4)"}
	clientKeyAlgInput = Input{Name: InputClientKeyAlg, Label: "Key algorithm", Flag: "client-key-alg",
		Help: "RS256, PS256, ES256 or EdDSA (default: the key's usual one; Entra takes RS256 or PS256) (RFC 7518 §3.1)"}
	clientCertInput = Input{Name: InputClientCert, Label: "Certificate", Flag: "client-cert",
		Help: "the PEM certificate registered for the key: its SHA-256 thumbprint goes in the x5t#S256 header, as Microsoft Entra ID's certificate credentials want (RFC 7515 §4.1.8)"}
	mtlsCertInput = Input{Name: InputClientCert, Label: "Certificate", Flag: "client-cert",
		Help: "the PEM file of the client's TLS certificate, presented in the handshake at the mTLS endpoints (empty: the certificate in the key's file) (RFC 8705 §2)"}
	mtlsKeyInput = Input{Name: InputClientKey, Label: "Client key", Flag: "client-key", Required: true,
		Help: "the PEM file of the certificate's private key; it proves in the handshake that the certificate is the client's (RFC 8446 §4.4.3)"}
	assertionAudInput = Input{Name: InputAssertionAud, Label: "Assertion aud", Flag: "assertion-audience",
		Help: "the assertion's aud: empty for the token endpoint URL (OpenID Connect Core §9; Entra, Okta's token requests), 'issuer' for the issuer (Auth0, RFC 7523bis), 'endpoint' for each request's URL (Okta), or a URL"}
)

// ClientAuths lists the client authentication methods, in the order they
// are offered (as providers.AuthMethods lists them): the secret ones
// first, as most clients have a secret.
func ClientAuths() []ClientAuth {
	return []ClientAuth{{
		ID: providers.AuthBasic, Secret: true, Ref: "RFC 6749 §2.3.1",
		Summary: "client id and secret in an HTTP Basic Authorization header; every server must accept it",
	}, {
		ID: providers.AuthPost, Secret: true, Ref: "RFC 6749 §2.3.1",
		Summary: "client id and secret as client_id and client_secret in the form body",
	}, {
		ID: providers.AuthNone, Ref: "RFC 6749 §2.1; RFC 8252 §8.4",
		Summary: "a public client: only its client_id, no secret (PKCE protects its codes)",
	}, {
		ID: providers.AuthPrivateKeyJWT, Assertion: true, Ref: "RFC 7523 §2.2; OpenID Connect Core §9",
		Summary: "a short-lived JWT signed with the client's private key; the server holds only the public key, so no shared secret travels",
		Inputs:  []Input{clientKeyInput, clientKeyIDInput, clientKeyAlgInput, clientCertInput, assertionAudInput},
	}, {
		ID: providers.AuthSecretJWT, Secret: true, Assertion: true, Ref: "RFC 7523 §2.2; OpenID Connect Core §9",
		Summary: "a short-lived JWT signed HS256 with the client secret: the secret itself never travels",
		Inputs:  []Input{assertionAudInput},
	}, {
		ID: providers.AuthTLS, TLSCert: true, Ref: "RFC 8705 §2.1",
		Summary: "mutual TLS: the client presents a certificate a CA issued for it in the TLS handshake; the server matches its subject to the registration, and no secret travels",
		Inputs:  []Input{mtlsCertInput, mtlsKeyInput},
	}, {
		ID: providers.AuthSelfSignedTLS, TLSCert: true, Ref: "RFC 8705 §2.2",
		Summary: "mutual TLS with a self-signed certificate: the server matches it to the certificate (or JWK Set) registered for the client",
		Inputs:  []Input{mtlsCertInput, mtlsKeyInput},
	}}
}

// ClientAuthByID returns the method called id.
func ClientAuthByID(id string) (ClientAuth, bool) {
	as := ClientAuths()
	i := slices.IndexFunc(as, func(a ClientAuth) bool { return a.ID == id })
	if i < 0 {
		return ClientAuth{}, false
	}
	return as[i], true
}

// AuthInputs lists the inputs of every client authentication method, each
// once, in order: the command line has a flag for each.
func AuthInputs() []Input {
	var out []Input
	for _, a := range ClientAuths() {
		for _, in := range a.Inputs {
			if !slices.ContainsFunc(out, func(o Input) bool { return o.Name == in.Name }) {
				out = append(out, in)
			}
		}
	}
	return out
}

// authFields pairs the inputs of the methods with the provider's fields
// that hold them.
func authFields(p *providers.Provider) map[string]*string {
	return map[string]*string{
		InputClientKey: &p.ClientKeyFile, InputClientKeyID: &p.ClientKeyID, InputClientKeyAlg: &p.ClientKeyAlg,
		InputClientCert: &p.ClientCertFile, InputAssertionAud: &p.AssertionAudience,
	}
}

// ApplyAuthInputs sets the provider fields of the method inputs given in
// in; an input not in in keeps its value.
func ApplyAuthInputs(p *providers.Provider, in Inputs) {
	for name, dst := range authFields(p) {
		if v, ok := in[name]; ok && !(name == InputClientKey && v == KeyInMemory) && !(name == InputClientCert && v == CertInMemory) {
			*dst = v
			if name == InputClientKey {
				// A file given replaces the key held in memory.
				p.ClientKey = ""
			}
		}
	}
}

// AuthInputValues returns the values p holds for the method inputs, to
// prefill a form.
func AuthInputValues(p providers.Provider) Inputs {
	out := Inputs{}
	for name, v := range authFields(&p) {
		if *v != "" {
			out[name] = *v
		}
	}
	if p.ClientKey != "" && p.ClientKeyFile == "" {
		out[InputClientKey] = KeyInMemory
		if p.ClientCertFile == "" && strings.Contains(p.ClientKey, "-----BEGIN CERTIFICATE-----") {
			out[InputClientCert] = CertInMemory
		}
	}
	return out
}

// CertInMemory stands for a client certificate held in memory with its
// key (ClientKey holds both): the demo's mTLS clients'.
const CertInMemory = "(the demo client's certificate, in memory)"

// KeyInMemory stands for a client key that is held in memory rather than
// read from a file: the demo's key of its private_key_jwt client.
const KeyInMemory = "(the demo client's key, in memory)"
