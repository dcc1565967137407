package flows

import "strings"

// dpopDiagnosis explains the refusals of DPoP (RFC 9449 §12.2): a nonce
// asked for again after the client proved with the one given, and a
// proof refused, whose error_description says which check failed; nil
// for another error.
func dpopDiagnosis(oe *OAuthError, what string) *Diagnosis {
	switch oe.Code {
	case errUseDPoPNonce:
		return dpopNonceAdvice.diagnosis(oe.Code, what)
	case "invalid_dpop_proof":
		d := dpopProofAdvice.diagnosis(oe.Code, what)
		if c, ok := dpopProofCause(oe.Description); ok {
			d.Causes = prepend(d.Causes, c)
		}
		return d
	}
	return nil
}

// dpopProofCause names the cause of an invalid_dpop_proof from the words
// of the server's error_description.
func dpopProofCause(description string) (string, bool) {
	desc := strings.ToLower(description)
	for _, w := range []struct{ words, cause string }{
		{"htu", "the proof's htu is not the URL the server saw: a proxy or load balancer changes the scheme, host, port or path on the way, or the client built the proof for another URL (htu is the request URL without query and fragment, RFC 9449 §4.3 step 9)"},
		{"htm", "the proof's htm is not the request's method: a proof is made for one method (POST to the token endpoint, GET to an API) (RFC 9449 §4.3 step 8)"},
		{"jti", "the proof's jti was seen before: a proof is good for one request, so a proof sent again (a replay, a retry that reused it) is refused (RFC 9449 §11.1)"},
		{"iat", "the proof's iat is outside the window the server accepts: the client's clock is off, or the proof was made long before it was sent (RFC 9449 §4.3 step 11)"},
		{"ath", "the proof's ath is not the hash of the access token sent with it: the proof was made for another token (RFC 9449 §4.3 step 12, §7)"},
		{"nonce", "the proof lacks the nonce the server gave, or carries an old one (RFC 9449 §8)"},
		{"thumbprint", "the proof is signed by a key other than the one the token is bound to (cnf.jkt): the token was issued to another key, another run of the client (RFC 9449 §7.1)"},
		{"signature", "the proof's signature does not verify with the jwk in its header, or its alg is one the server does not accept (dpop_signing_alg_values_supported) (RFC 9449 §4.3 steps 5-7)"},
	} {
		if strings.Contains(desc, w.words) {
			return w.cause, true
		}
	}
	return "", false
}

var dpopNonceAdvice = advice{
	causes: []string{
		"the server asked for a nonce again after the client proved with the nonce it had given: the nonce expired before the retry reached it, or the server gives a new nonce per request and refused the one just given",
		"a load balancer spreads the requests over servers that do not share their nonces",
	},
	try: []string{
		"compare the DPoP-Nonce header of both answers with the nonce in each proof ({view:request}, {view:response})",
		"run the flow again: a client retries only once with a nonce, so as not to loop",
	},
	ref: "RFC 9449 §8, §9",
}

var dpopProofAdvice = advice{
	causes: []string{
		"the server checked the DPoP proof (RFC 9449 §4.3) and one check failed: typ dpop+jwt, an alg it accepts, the signature with the jwk in the header, htm and htu of this request, a fresh iat, a jti not seen before, its nonce, and on a resource request ath and the key the token is bound to",
	},
	try: []string{
		"read the error_description: it names the check that failed",
		"read the proof decoded under the request ({view:request}): htm, htu, iat, jti, nonce, ath",
		"run the flow again with {setting:dpop} on: each run makes a new key and fresh proofs",
	},
	ref: "RFC 9449 §4.3, §7.1, §12.2",
}

// dpopCheckAdvice explains an access token bound to another key than the
// run's.
var dpopCheckAdvice = advice{
	causes: []string{
		"the server bound the access token to another key than the one that signed the proofs: it took the thumbprint from elsewhere (a dpop_jkt of an earlier request, another client's key), or computed it wrongly (RFC 7638 members in lexicographic order, SHA-256, base64url)",
	},
	try: []string{
		"compare cnf.jkt in {view:claims} with the jwk in the proof's header ({view:request})",
		"run the flow again: a new run makes a new key and asks again",
	},
	ref: "RFC 9449 §6.1; RFC 7638 §3",
}
