package demo

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
)

// dpopToken checks the DPoP proof of a token request to tokenPath (RFC
// 9449 §5) before op sees it: a refused proof is answered 400 with its
// error (and, for use_dpop_nonce, a nonce in DPoP-Nonce: §8); an accepted
// one lets op issue the token with the proof key's thumbprint in the
// request context, which the storage writes as cnf.jkt, and the answer's
// token_type becomes DPoP. A request without a DPoP header is op's alone:
// it gets a bearer token.
func dpopToken(tokenPath, issuer string, c *dpopChecker, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proofs := r.Header.Values("DPoP")
		if r.URL.Path != tokenPath || r.Method != http.MethodPost || len(proofs) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		jkt, p := c.check(proofs, r.Method, issuer+r.URL.Path, "")
		if p != nil {
			if p.nonce != "" {
				w.Header().Set("DPoP-Nonce", p.nonce)
			}
			writeJSON(w, http.StatusBadRequest, apiError(p.code, p.description))
			return
		}
		bw := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(bw, r.WithContext(withJKT(r.Context(), jkt)))
		body := bw.body.Bytes()
		if bw.status == http.StatusOK {
			// op writes the response with encoding/json, which spells
			// the member this way; the token it names is bound.
			body = bytes.Replace(body, []byte(`"token_type":"Bearer"`), []byte(`"token_type":"DPoP"`), 1)
		}
		for k, vs := range bw.header {
			w.Header()[k] = vs
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(bw.status)
		_, _ = w.Write(body)
	})
}

// bufferedWriter holds a response until the handler has finished.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if !b.wrote {
		b.status, b.wrote = status, true
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wrote = true
	return b.body.Write(p)
}

// refusal is a resource server's answer to a token it does not accept
// (RFC 6750 §3, RFC 9449 §7.1): 401 with a challenge, and the error as
// JSON.
type refusal struct {
	status      int
	scheme      string // of the challenge: Bearer or DPoP
	code, desc  string
	nonce       string // DPoP-Nonce to send, with use_dpop_nonce
	realm       string
	noChallenge bool // no error in the challenge: no token was sent
	// metadata is the URL of the resource's metadata (RFC 9728 §5.1),
	// sent as resource_metadata when set.
	metadata string
	// scope, when set, is the scope a token must have, sent as scope
	// (RFC 6750 §3).
	scope string
}

// write answers the refusal.
func (f *refusal) write(w http.ResponseWriter) {
	ch := fmt.Sprintf(`%s realm="%s"`, f.scheme, f.realm)
	if f.scheme == dpopAuthScheme {
		ch += fmt.Sprintf(`, algs="%s"`, algNames())
	}
	if !f.noChallenge {
		ch += fmt.Sprintf(`, error="%s", error_description="%s"`, f.code, headerSafe(f.desc))
	}
	if f.metadata != "" {
		ch += fmt.Sprintf(`, resource_metadata="%s"`, headerSafe(f.metadata))
	}
	if f.scope != "" {
		ch += fmt.Sprintf(`, scope="%s"`, headerSafe(f.scope))
	}
	w.Header().Set("WWW-Authenticate", ch)
	if f.nonce != "" {
		w.Header().Set("DPoP-Nonce", f.nonce)
	}
	writeJSON(w, f.status, apiError(f.code, f.desc))
}

// dpopAuthScheme is the Authorization scheme of a DPoP-bound token (RFC
// 9449 §7.1).
const dpopAuthScheme = "DPoP"

// resourceGuard checks the token a request to a resource server presents:
// a bearer token (RFC 6750 §2.1), or a DPoP-bound one with its proof (RFC
// 9449 §7.1).
type resourceGuard struct {
	issuer   string
	verifier *verifier
	dpop     *dpopChecker
}

// present reads and checks the token of r for audience (any when "") and,
// when it is DPoP-bound, the proof that must come with it: signed by the
// key of the token's cnf.jkt, for this method and URL, with ath the
// token's hash. A bound token presented as Bearer is refused (RFC 9449
// §7.1), as is an unbound one presented as DPoP.
func (g *resourceGuard) present(r *http.Request, audience, realm string) (*tokenClaims, *refusal) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	dpop := strings.EqualFold(scheme, dpopAuthScheme)
	refuse := func(scheme, code, desc string) (*tokenClaims, *refusal) {
		return nil, &refusal{status: http.StatusUnauthorized, scheme: scheme, code: code, desc: desc, realm: realm}
	}
	if r.Header.Get("Authorization") == "" || !dpop && !strings.EqualFold(scheme, "Bearer") {
		desc := "no access token: send Authorization: Bearer <token> (RFC 6750 section 2.1), or DPoP <token> with a DPoP proof for a DPoP-bound token (RFC 9449 section 7.1)"
		if r.Header.Get("Authorization") != "" {
			desc = "the Authorization header uses scheme " + scheme + "; this server expects Bearer (RFC 6750 section 2.1) or DPoP (RFC 9449 section 7.1)"
		}
		_, f := refuse("Bearer", "unauthorized", desc)
		f.noChallenge = true
		return nil, f
	}
	claims, err := g.verifier.verify(token, audience)
	if err != nil {
		if dpop {
			return refuse(dpopAuthScheme, "invalid_token", err.Error())
		}
		return refuse("Bearer", "invalid_token", err.Error())
	}
	bound := claims.Cnf != nil && claims.Cnf.JKT != ""
	switch {
	case bound && !dpop:
		return refuse(dpopAuthScheme, "invalid_token", "the access token is DPoP-bound (cnf.jkt): present it with Authorization: DPoP and a DPoP proof signed by its key, not as a Bearer token (RFC 9449 section 7.1)")
	case !bound && dpop:
		return refuse("Bearer", "invalid_token", "the access token is not DPoP-bound (no cnf.jkt): present it as Authorization: Bearer (RFC 6750 section 2.1)")
	case !bound:
		return claims, nil
	}
	jkt, p := g.dpop.check(r.Header.Values("DPoP"), r.Method, g.issuer+r.URL.Path, token)
	if p != nil {
		_, f := refuse(dpopAuthScheme, p.code, p.description)
		f.nonce = p.nonce
		return nil, f
	}
	if jkt != claims.Cnf.JKT {
		return refuse(dpopAuthScheme, errInvalidDPoPProof, fmt.Sprintf("the DPoP proof is signed by key %s but the token is bound to key %s (cnf.jkt thumbprint mismatch, RFC 9449 section 7.1)", jkt, claims.Cnf.JKT))
	}
	return claims, nil
}

// dpopUserinfo guards the userinfo endpoint at path like the API: a
// DPoP-bound token needs its proof; an accepted one goes on to op as a
// bearer token, which op's userinfo reads (RFC 9449 §7.1 applies to any
// protected resource).
func dpopUserinfo(path string, g *resourceGuard, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if r.URL.Path != path || !strings.EqualFold(scheme, dpopAuthScheme) && !g.boundBearer(token) {
			next.ServeHTTP(w, r)
			return
		}
		if _, f := g.present(r, "", "demo"); f != nil {
			f.write(w)
			return
		}
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
		next.ServeHTTP(w, r)
	})
}

// boundBearer tells whether token is a valid DPoP-bound access token.
func (g *resourceGuard) boundBearer(token string) bool {
	c, err := g.verifier.verify(strings.TrimSpace(token), "")
	return err == nil && c.Cnf != nil && c.Cnf.JKT != ""
}
