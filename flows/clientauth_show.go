package flows

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// The form fields of the JWT client authentication methods.
var (
	termClientAssertionType = Term{"client_assertion_type", "says what client_assertion is: " + ClientAssertionType + ", a JWT the client signed (private_key_jwt with its private key, client_secret_jwt with its secret)", "RFC 7523 §2.2"}
	termClientAssertion     = Term{"client_assertion", "the client's proof of identity instead of a secret: a JWT with iss = sub = client_id, the server as aud, a unique jti and a short exp, signed by the client; decoded below the request", "RFC 7523 §2.2, §3; OpenID Connect Core §9"}
)

// clientAuthTerms explain the form fields of the JWT client
// authentication methods, on every step whose explanation does not.
var clientAuthTerms = lazy.Value[map[string]Term]{New: func() map[string]Term {
	return map[string]Term{
		"client_assertion_type": termClientAssertionType,
		"client_assertion":      termClientAssertion,
	}
}}

// assertionClaimMeanings explain the claims and header members of a client
// assertion, as the client authentication profile uses them.
var assertionClaimMeanings = lazy.Value[map[string]Term]{New: func() map[string]Term {
	return map[string]Term{
		"alg":      {"alg", "how it is signed: HS256 with the client secret (client_secret_jwt) or RS256, PS256, ES256, EdDSA with the client's private key (private_key_jwt)", "RFC 7515 §4.1.1; RFC 7518 §3.1"},
		"kid":      {"kid", "which of the client's registered public keys verifies it", "RFC 7515 §4.1.4"},
		"x5t#S256": {"x5t#S256", "SHA-256 thumbprint of the certificate registered for the key (Microsoft Entra ID finds the key by it)", "RFC 7515 §4.1.8"},
		"typ":      {"typ", "the media type: a JWT", "RFC 7519 §5.1"},
		"iss":      {"iss", "who made the assertion: the client, by its client_id", "RFC 7523 §3 (1); OpenID Connect Core §9"},
		"sub":      {"sub", "who it is about: the client again, so iss = sub = client_id", "RFC 7523 §3 (2), §3.1"},
		"aud":      {"aud", "the server it is for: the token endpoint URL (OpenID Connect Core §9) or the issuer (Auth0, RFC 7523bis); a server refuses an assertion meant for another", "RFC 7523 §3 (3)"},
		"jti":      {"jti", "a unique id: the server remembers it until exp and refuses the same assertion again (replay)", "RFC 7523 §3 (7); OpenID Connect Core §9"},
		"iat":      {"iat", "when the client made it", "RFC 7523 §3 (6)"},
		"exp":      {"exp", "when it stops being accepted: a short life, so that a copied assertion is soon useless", "RFC 7523 §3 (4)"},
	}
}}

// assertionMethod names the method that made an assertion: HMAC means
// the client secret signed it (client_secret_jwt).
func assertionMethod(jwt string) string {
	if t, err := inspect.Decode(jwt); err == nil && strings.HasPrefix(t.Alg, "HS") {
		return providers.AuthSecretJWT
	}
	return providers.AuthPrivateKeyJWT
}

// assertionPairs lists the header members and claims of the JWT in the
// form field field (client_assertion, or the JWT bearer grant's
// assertion) as Pairs named FIELD.NAME, explained; nil when it cannot be
// decoded.
func assertionPairs(field, jwt string, sent time.Time) []Pair {
	t, err := inspect.Decode(jwt)
	if err != nil || t.Kind != inspect.KindJWS {
		return nil
	}
	meanings := decodedFields.Get()[field]
	var out []Pair
	for _, part := range [][]inspect.Claim{t.Header, t.Claims} {
		for _, c := range part {
			p := Pair{Name: field + "." + c.Name, Value: c.Describe(sent), Raw: c.Raw, Where: InForm}
			if m, ok := meanings[c.Name]; ok {
				p.Meaning, p.Ref = m.Meaning, m.Ref
			}
			out = append(out, p)
		}
	}
	return out
}

// decodedFields are the form fields whose JWT a request is shown with,
// decoded, and the meanings of its claims there.
var decodedFields = lazy.Value[map[string]map[string]Term]{New: func() map[string]map[string]Term {
	return map[string]map[string]Term{
		"client_assertion": assertionClaimMeanings.Get(),
		"assertion":        bearerClaimMeanings.Get(),
		"request":          requestObjectMeanings.Get(),
	}
}}

// decodedTitle is the heading of a decoded JWT of field.
func decodedTitle(field string, t *inspect.Token) string {
	switch field {
	case "assertion":
		return "assertion decoded (the JWT bearer grant, RFC 7523 §2.1, §3; signature not shown):"
	case "request":
		return "request decoded (a signed request object, RFC 9101 §4; signature not shown):"
	}
	return fmt.Sprintf("client_assertion decoded (%s, RFC 7523 §3; signature not shown):", assertionMethod(t.Raw))
}

// formatAssertion writes the JWTs of a form body decoded (the client
// assertion, the JWT bearer grant's assertion, a pushed request object),
// header and claims, each explained in a few words, after the request:
// the Request tab and the -v transcript show what the signed JWT says.
// The signature is left out; the assertion itself stays masked in the
// body above. Times read relative to sent, when the request left.
func formatAssertion(b *strings.Builder, contentType string, body []byte, sent time.Time) {
	if !strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return
	}
	for _, field := range []string{"assertion", "request", "client_assertion"} {
		if form.Get(field) != "" {
			formatJWT(b, field, form.Get(field), sent)
		}
	}
}

// formatJWT writes the JWT of field decoded, as formatAssertion does.
func formatJWT(b *strings.Builder, field, jwt string, sent time.Time) {
	t, err := inspect.Decode(jwt)
	if err != nil || t.Kind != inspect.KindJWS {
		return
	}
	meanings := decodedFields.Get()[field]
	b.WriteString("\n")
	writeLine(b, decodedTitle(field, t))
	width := 0
	for _, c := range append(append([]inspect.Claim{}, t.Header...), t.Claims...) {
		width = max(width, len(c.Name))
	}
	for i, part := range [][]inspect.Claim{t.Header, t.Claims} {
		writeLine(b, "  "+[]string{"header", "claims"}[i])
		for _, c := range part {
			line := fmt.Sprintf("    %-*s  %s", width, c.Name, c.Describe(sent))
			if m, ok := meanings[c.Name]; ok {
				short, _, _ := strings.Cut(m.Meaning, ":")
				line += "  · " + short
			}
			writeLine(b, line)
		}
	}
}
