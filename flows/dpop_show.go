package flows

import (
	"crypto"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// dpopProofMeanings explain the header members and claims of a DPoP proof
// (RFC 9449 §4.2).
var dpopProofMeanings = lazy.Value[map[string]Term]{New: func() map[string]Term {
	return map[string]Term{
		"typ":   {"typ", "what it is: dpop+jwt, a DPoP proof, so that no other JWT passes for one", "RFC 9449 §4.2"},
		"alg":   {"alg", "how it is signed: an asymmetric algorithm (ES256 here), never none or an HMAC", "RFC 9449 §4.2; RFC 7518 §3.1"},
		"jwk":   {"jwk", "the run's public key: the server checks the signature with it, and binds the token to its thumbprint (cnf.jkt)", "RFC 9449 §4.2, §6.1"},
		"jti":   {"jti", "a unique id: the server remembers it for a while and refuses the same proof again (replay)", "RFC 9449 §4.2, §11.1"},
		"htm":   {"htm", "the method of the request it is for", "RFC 9449 §4.2"},
		"htu":   {"htu", "the URL of the request it is for, without query and fragment", "RFC 9449 §4.2"},
		"iat":   {"iat", "when the client made it: the server accepts only a fresh proof", "RFC 9449 §4.2"},
		"nonce": {"nonce", "the server's nonce: the value of its DPoP-Nonce header, which shows the proof was made after the server asked", "RFC 9449 §4.2, §8"},
		"ath":   {"ath", "the access token's hash: base64url(SHA-256(token)), which ties the proof to the token sent with it, on calls to a resource server", "RFC 9449 §4.2, §7"},
	}
}}

// dpopHeaderTerms explain the headers DPoP adds to requests and answers.
var dpopHeaderTerms = lazy.Value[map[string]Term]{New: func() map[string]Term {
	return map[string]Term{
		"DPoP":                {"DPoP", "the DPoP proof: a JWT the client signed with its private key for this one request; decoded below the request", "RFC 9449 §4"},
		"Authorization: DPoP": {"Authorization: DPoP", "the access token, presented as DPoP-bound: the server checks the DPoP proof beside it, signed by the key the token is bound to (cnf.jkt), with ath its hash", "RFC 9449 §7.1"},
		"DPoP-Nonce":          {"DPoP-Nonce", "a nonce the server wants in the client's next proofs (RFC 9449 §8: use_dpop_nonce asks for it)", "RFC 9449 §8.1, §9"},
	}
}}

// dpopPairs lists a request's DPoP header and the members of the proof
// decoded, as Pairs named DPoP.NAME, explained; nil when the request
// carried no proof.
func dpopPairs(proof string, sent time.Time) []Pair {
	if proof == "" {
		return nil
	}
	h := dpopHeaderTerms.Get()["DPoP"]
	out := []Pair{{Name: "DPoP", Value: proof, Where: InHeader, Meaning: h.Meaning, Ref: h.Ref}}
	t, err := inspect.Decode(proof)
	if err != nil || t.Kind != inspect.KindJWS {
		return out
	}
	for _, part := range [][]inspect.Claim{t.Header, t.Claims} {
		for _, c := range part {
			p := Pair{Name: "DPoP." + c.Name, Value: c.Describe(sent), Raw: c.Raw, Where: InHeader}
			if m, ok := dpopProofMeanings.Get()[c.Name]; ok {
				p.Meaning, p.Ref = m.Meaning, m.Ref
			}
			out = append(out, p)
		}
	}
	return out
}

// dpopNoncePair is the DPoP-Nonce header of an answer, explained; false
// when it has none.
func dpopNoncePair(m *Message) (Pair, bool) {
	if m == nil || m.Header.Get("DPoP-Nonce") == "" {
		return Pair{}, false
	}
	t := dpopHeaderTerms.Get()["DPoP-Nonce"]
	return Pair{Name: "DPoP-Nonce", Value: m.Header.Get("DPoP-Nonce"), Where: InHeader, Meaning: t.Meaning, Ref: t.Ref}, true
}

// formatDPoPProof writes the DPoP proof of a request decoded, header and
// claims, each explained in a few words, after the request: the Request
// tab and the -v transcript show what the proof says. The signature is
// left out; the proof itself stays masked in the headers above. Times
// read relative to sent, when the request left.
func formatDPoPProof(b *strings.Builder, proof string, sent time.Time) {
	if proof == "" {
		return
	}
	t, err := inspect.Decode(proof)
	if err != nil || t.Kind != inspect.KindJWS {
		return
	}
	b.WriteString("\n")
	writeLine(b, "DPoP proof decoded (RFC 9449 §4.2; signature not shown):")
	width := 0
	for _, c := range append(append([]inspect.Claim{}, t.Header...), t.Claims...) {
		width = max(width, len(c.Name))
	}
	for i, part := range [][]inspect.Claim{t.Header, t.Claims} {
		writeLine(b, "  "+[]string{"header", "claims"}[i])
		for _, c := range part {
			v := c.Describe(sent)
			if c.Name == "jwk" {
				v = fmt.Sprintf("%s (thumbprint %s)", v, jwkThumbprint(t))
			}
			line := fmt.Sprintf("    %-*s  %s", width, c.Name, v)
			if m, ok := dpopProofMeanings.Get()[c.Name]; ok {
				short, _, _ := strings.Cut(m.Meaning, ":")
				line += "  · " + short
			}
			writeLine(b, line)
		}
	}
}

// jwkThumbprint is the RFC 7638 thumbprint of the jwk in t's header, the
// value a token bound to it carries as cnf.jkt; "?" when it has none.
func jwkThumbprint(t *inspect.Token) string {
	for _, c := range t.Header {
		if c.Name != "jwk" {
			continue
		}
		var k jose.JSONWebKey
		if k.UnmarshalJSON(c.Raw) != nil {
			break
		}
		if b, err := k.Thumbprint(crypto.SHA256); err == nil {
			return base64.RawURLEncoding.EncodeToString(b)
		}
	}
	return "?"
}
