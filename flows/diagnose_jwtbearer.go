package flows

import (
	"slices"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// bearerCause is one reason a server refuses a JWT bearer assertion,
// with the words of an error_description that name it.
type bearerCause struct {
	code  string
	words []string
	cause string
	try   string
}

// bearerCauses are the refusals of RFC 7523 §3.1, most specific first:
// a description is matched against each in turn (a subject refused names
// its issuer too, so sub comes before iss).
// Read-only after initialisation.
var bearerCauses = []bearerCause{
	{"assertion_replayed", []string{"jti", "replay", "already used"},
		"the assertion's jti was seen before: the server refuses an assertion twice (RFC 7523 §3 item 7)",
		"make a fresh assertion for every request: run the flow again (each run makes a new jti)"},
	{"assertion_expired", []string{"expired", "exp ", "exp:", "lifetime", "too long", "iat"},
		"the assertion's exp is past (or its iat too old, or it lives longer than the server allows): the clocks of the client and the server may disagree (RFC 7523 §3 items 4, 6)",
		"check this machine's clock, and run again: each run makes an assertion valid for a minute"},
	{"assertion_signature", []string{"signature", "key", "kid"},
		"the signature does not verify with the public key the server holds for iss: another key signed it, or the kid names a key the server does not have (RFC 7523 §3 item 9)",
		"sign with the issuer's registered private key ({setting:jwt-key}, {setting:jwt-key-id}), or register this key's public JWK for the issuer ('oauth-explorer keys generate' prints one)"},
	{"assertion_audience", []string{"aud", "audience"},
		"aud does not name this server: it wants its token endpoint URL, or its issuer (RFC 7523 §3 item 3)",
		"set {setting:jwt-audience} to token or issuer, whichever the server documents"},
	{"assertion_subject", []string{"sub", "subject", "user"},
		"the subject is unknown, or the issuer may not vouch for it: a server lets an issuer act only for subjects it allows (domain-wide delegation must be granted) (RFC 7523 §3 item 2)",
		"give a subject the server knows with {setting:subject}, or the client id for a token for the client itself"},
	{"assertion_issuer", []string{"iss", "issuer", "trust"},
		"the server does not trust iss to make assertions: an unknown issuer, or one not registered for this grant (RFC 7523 §3 item 1)",
		"set {setting:jwt-issuer} to the issuer registered at the server (often the client id, or a service account's id)"},
}

// bearerAdvice is what invalid_grant to a JWT bearer request means when
// the server does not say which claim it refused.
var bearerAdvice = lazy.Value[advice]{New: func() advice {
	var causes []string
	for _, c := range bearerCauses {
		causes = append(causes, c.cause)
	}
	return advice{
		causes: causes,
		try: []string{
			"read the error_description: servers name the claim at fault",
			"compare the assertion decoded in {view:claims} of the Assertion step with what the server registered for the issuer",
		},
		ref: "RFC 7523 §3, §3.1",
	}
}}

// jwtBearerDiagnosis explains the token endpoint's refusal of a JWT
// bearer request, or returns nil for another error. invalid_grant gets
// the cause its description names first (RFC 7523 §3.1).
func jwtBearerDiagnosis(oe *OAuthError, what string) *Diagnosis {
	if oe.GrantType != jwtBearerGrantType {
		return nil
	}
	switch oe.Code {
	case "unsupported_grant_type":
		return advice{
			causes: []string{"the server does not implement the JWT bearer grant (RFC 7523 is an extension), or has not enabled it", "grant_type was misspelled: it is the URN urn:ietf:params:oauth:grant-type:jwt-bearer"},
			try:    []string{"look for the grant in grant_types_supported of the discovery document (the pre-flight check warns when it is missing)", "enable the grant at the server, or pick another flow"},
			ref:    "RFC 7523 §2.1; RFC 6749 §5.2; RFC 8414 §2",
		}.diagnosis(oe.Code, what)
	case "invalid_grant", "invalid_request":
	default:
		return nil
	}
	d := bearerAdvice.Get().diagnosis(oe.Code, what)
	desc := strings.ToLower(oe.Description)
	for _, c := range bearerCauses {
		if slices.ContainsFunc(c.words, func(w string) bool { return strings.Contains(desc, w) }) {
			d.Code = c.code
			d.Causes = prepend(slices.DeleteFunc(slices.Clone(d.Causes), func(s string) bool { return s == c.cause }), c.cause)
			d.Try = prepend(d.Try, c.try)
			break
		}
	}
	if oe.Code == "invalid_request" {
		d.Causes = append(d.Causes, "some servers answer invalid_request where RFC 7523 §3.1 says invalid_grant (zitadel's op among them)")
	}
	return d
}
