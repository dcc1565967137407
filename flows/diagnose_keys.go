package flows

import (
	"context"
	"errors"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// keyAdvice explains each way a signature check fails (inspect's
// Problem…), so that a diagnosis names the cause the check found instead
// of every cause a signature can fail for. Read-only after
// initialisation.
var keyAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		inspect.ProblemJWKSUnreadable: {
			causes: []string{"the jwks_uri does not lead to a JWK Set: a wrong URL, a login or error page, a server that failed"},
			try:    []string{"read the JWKS fetch in {view:response}", "compare the jwks_uri of the discovery document with the provider's documentation"},
			ref:    "RFC 7517 §5; OpenID Connect Discovery 1.0 §3 (jwks_uri)",
		},
		inspect.ProblemJWKSEmpty: {
			causes: []string{"the jwks_uri points at an empty key set or the wrong document: a misconfigured provider, or a proxy or stub answering {\"keys\":[]}", "the provider's keys are of a type or curve this tool cannot read, which a client must skip (RFC 7517 §5)"},
			try:    []string{"read the JWKS fetch in {view:response}: its \"keys\" array is what the provider publishes", "compare the jwks_uri of the discovery document with the provider's documentation"},
			ref:    "RFC 7517 §5; OpenID Connect Discovery 1.0 §3 (jwks_uri)",
		},
		inspect.ProblemKidUnknown: {
			causes: []string{"the provider rotated its signing keys: the token was signed with a key that is not (or no longer) in its JWKS", "the token comes from another issuer, tenant or environment, whose keys are published elsewhere", "the token was signed by someone else"},
			try:    []string{"compare the token's kid with the kids the JWKS has (the check's detail lists them)", "check the token's iss against {setting:issuer}", "run again: the JWKS is fetched fresh at every check"},
			ref:    "RFC 7515 §4.1.4; RFC 7517 §4.5; OIDC Core §10.1.1 (key rotation)",
		},
		inspect.ProblemKeyUse: {
			causes: []string{"the JWKS marks the key with this kid for encryption (use enc), and an encryption key must not verify signatures: the provider published an encryption key under the signing key's kid, or signs with its encryption key"},
			try:    []string{"tell the provider's operator: the signing key must have use sig, or no use", "read the key's use in the JWKS fetch ({view:response})"},
			ref:    "RFC 7517 §4.2; RFC 8725 §3.1",
		},
		inspect.ProblemKeyAlg: {
			causes: []string{"the JWKS declares the key with this kid for another algorithm than the token's alg: the provider changed algorithms, or someone changed the token's alg to confuse a verifier (algorithm confusion)"},
			try:    []string{"do not accept the token; compare its alg with the key's alg in the JWKS fetch ({view:response})"},
			ref:    "RFC 7517 §4.4; RFC 8725 §3.1, §2.1",
		},
		inspect.ProblemBadSignature: {
			causes: []string{"the token was altered after it was signed: a changed claim, a token cut or re-encoded when copied", "it was signed with another key that carries the same kid (two environments sharing key ids)"},
			try:    []string{"get a fresh token and use it unchanged", "check that the token's iss is {setting:issuer}"},
			ref:    "RFC 7515 §5.2",
		},
		inspect.ProblemJWE: {
			causes: []string{"the token has 5 parts: it is encrypted (JWE), and only its recipient, who holds the decryption key, can read it"},
			try:    []string{"use the token as it is: a client does not need to read it"},
			ref:    "RFC 7516 §9; OIDC Core §10.2",
		},
	}
}}

// jweAdvice is the advice for an encrypted access token or ID token: who
// can read it depends on which token it is.
var jweAdvice = lazy.Value[map[string]advice]{New: func() map[string]advice {
	return map[string]advice{
		"access token": {
			causes: []string{"the access token is encrypted (JWE) for the resource server, which alone can read it; a client need not read its access token (RFC 6749 §1.4)", "Auth0 encrypts access tokens for an API with JSON Web Encryption enabled, and issues one that is not a readable JWT when no audience is requested (https://auth0.com/docs/secure/tokens/access-tokens/json-web-encryption, https://auth0.com/docs/tokens/access-token-formats)"},
			try:    []string{"to get a JWT this tool can check, ask for a token for your API: set {setting:audience} to the API's identifier", "or use the token as it is, with the API it is for"},
			ref:    "RFC 7516 §9; RFC 9068 §4; RFC 6749 §1.4",
		},
		"ID token": {
			causes: []string{"the client is registered for encrypted ID tokens (id_token_encrypted_response_alg): the provider encrypts them to the client's public key, and only the holder of the private key can read them"},
			try:    []string{"turn ID token encryption off for this client to explore it here; the client application itself must decrypt with its private key"},
			ref:    "OIDC Core §10.2, §3.1.3.7 step 1; OpenID Connect Dynamic Client Registration §2",
		},
	}
}}

// diagnoseKeyProblem explains a failed signature check by its problem, or
// returns nil when the problem has no advice of its own. A key set that
// could not be fetched is explained as the failed exchange it was: a
// timeout, an HTML page.
func diagnoseKeyProblem(e *TokenCheckError) *Diagnosis {
	var te *TransportError
	if e.Problem == inspect.ProblemJWKSUnreadable && errors.As(e.Err, &te) {
		d := diagnoseTransport(te)
		d.What = "The JWKS could not be read, so the " + e.Token + "'s signature was not checked: " + te.sentence()
		return d
	}
	a, ok := keyAdvice.Get()[e.Problem]
	if !ok {
		return nil
	}
	if j, ok := jweAdvice.Get()[e.Token]; ok && e.Problem == inspect.ProblemJWE {
		a = j
	}
	return a.diagnosis("token_"+e.Problem, e.Error())
}

// jwksKeys fetches a JWKS through a flow's recorder, so that a fetch that
// failed without a complete answer is named like every other exchange (a
// timeout with its limit) instead of by net/http's words.
type jwksKeys struct {
	inspect.RemoteKeys
	rec *Recorder
}

// KeySet implements inspect.KeySource.
func (k jwksKeys) KeySet(ctx context.Context) (*jose.JSONWebKeySet, error) {
	before := len(k.rec.Exchanges())
	set, err := k.RemoteKeys.KeySet(ctx)
	if err == nil {
		return set, nil
	}
	exs := k.rec.Exchanges()
	if len(exs) > before && exs[len(exs)-1].Err != nil {
		te := exchangeError("JWKS endpoint", &exs[len(exs)-1], err)
		// The message lands in a check's detail, which no renderer
		// phrases: say the setting in plain words there.
		return nil, plainError{te}
	}
	return nil, err
}

// plainError says an error's placeholders in plain words (PlainWords) and
// keeps it for errors.As.
type plainError struct{ err error }

func (e plainError) Error() string {
	return strings.TrimPrefix(Phrase(e.err.Error(), PlainWords{}), "the ")
}

func (e plainError) Unwrap() error { return e.err }
