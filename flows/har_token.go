package flows

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/jsonobject"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// token reads a token request and its answer as the flows read them
// (RFC 6749 §4.1.3, §5.1, §5.2): the response parsed, its quirks noted,
// a refusal diagnosed; and, for a code, the code_verifier checked against
// the authorization request's code_challenge (RFC 7636 §4.6).
func (an *analyst) token(it *captureItem) Result {
	const endpoint = "token endpoint"
	r := Result{Status: Done}
	gt := it.form.Get("grant_type")
	an.grantTypes = append(an.grantTypes, gt)
	probe := &OAuthError{}
	probe.readRequest(&it.ex)
	r.Notes = append(r.Notes, fmt.Sprintf("grant_type %s; the client authenticated with %s", orNone(gt), probe.ClientAuth))
	reused := false
	if gt == "authorization_code" {
		r.Notes = append(r.Notes, an.pkceNotes(it)...)
		if code := it.form.Get("code"); code != "" && an.redeemed[code] {
			reused = true
			r.Notes = append(r.Notes, "this code was sent to the token endpoint before, earlier in the capture: a code is good for one redemption only (RFC 6749 §4.1.2), and a server that sees it twice should also revoke the tokens it issued for it")
		} else if code != "" {
			an.redeemed[code] = true
		}
	}
	ex := &it.ex
	if ex.Response.StatusCode/100 != 2 {
		return codeReused(failed(r, endpointRefusal(endpoint, ex)), reused)
	}
	tok, ok := tokenDespiteFormat(ex)
	if !ok {
		if hasMember(it.responseJSON(), "error") {
			return codeReused(failed(r, endpointRefusal(endpoint, ex)), reused)
		}
		resp := ex.Response
		return failed(r, responseProblem(endpoint, resp.StatusCode, resp.Status, resp.Header.Get("Content-Type"), resp.Body))
	}
	tr := newTokenResponse(tok, ex, ex.Start)
	r.Notes = append(r.Notes, formatNotes(tr, ex)...)
	r.Token = tr
	an.expectations(it, tr)
	an.accessTokens[tr.AccessToken] = true
	an.set = an.set.with(it.entry.Step+fmt.Sprint(it.index), tr)
	if n := len(an.set.Responses); n > maxHeldResponses {
		// A capture of thousands of token responses must not copy them
		// all at each one: the set keeps the newest.
		an.set.Responses = append([]StepToken(nil), an.set.Responses[n-maxHeldResponses:]...)
	}
	set := an.set
	r.Tokens = &set
	if an.capture.Masked {
		return r
	}
	if err := checkTokenResponse(endpoint, tr); err != nil {
		return failed(r, err)
	}
	if tr.IDToken == "" && gt == "authorization_code" {
		r.Notes = append(r.Notes, "no id_token in the response: plain OAuth 2.0 (the openid scope asks for OpenID Connect)")
	}
	return r
}

// codeReused puts first, in the diagnosis of a code exchange refused with
// invalid_grant, what the capture shows when reused is set: the code had
// been redeemed before in it. That is a fact of the capture, whatever
// the server's words say (many name several causes at once: "unknown,
// expired or already used").
func codeReused(r Result, reused bool) Result {
	var oe *OAuthError
	if !reused || r.Diagnosis == nil || !errors.As(r.Err, &oe) || oe.Code != "invalid_grant" {
		return r
	}
	r.Diagnosis.Causes = prepend(r.Diagnosis.Causes, "the capture shows the authorization code was already redeemed: an earlier token request in it sent the same code, and a code works once (RFC 6749 §4.1.2)")
	return r
}

// maxHeldResponses caps the token responses a capture's token set keeps.
const maxHeldResponses = 16

// pkceNotes compares a token request's code_verifier with the
// code_challenge of the authorization request whose code it redeems
// (RFC 7636 §4.6): the check the server made, made again here.
func (an *analyst) pkceNotes(it *captureItem) []string {
	ar := an.requestFor(it)
	if cb := an.callbacks[it.form.Get("code")]; cb != nil {
		ar = an.requestFor(cb)
	}
	verifier := it.form.Get("code_verifier")
	if ar == nil {
		if verifier == "" {
			return []string{"no code_verifier: the authorization request did not use PKCE, or the capture does not hold it"}
		}
		return []string{"code_verifier sent; the authorization request with its code_challenge is not in the capture"}
	}
	challenge, method := ar.query.Get("code_challenge"), ar.query.Get("code_challenge_method")
	switch {
	case challenge == "" && verifier == "":
		return []string{"no PKCE: neither a code_challenge in the authorization request nor a code_verifier here; a stolen code could be redeemed (RFC 9700 §2.1.1)"}
	case challenge == "":
		return []string{"a code_verifier without a code_challenge in the authorization request: the server has nothing to compare it with"}
	case verifier == "":
		return []string{"the authorization request sent a code_challenge, but this request sends no code_verifier: the server must refuse it (RFC 7636 §4.6)"}
	case an.capture.Masked:
		return []string{"code_verifier and code_challenge are both in the capture, but masked: they cannot be compared"}
	}
	computed := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		computed = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if subtle.ConstantTimeCompare([]byte(computed), []byte(challenge)) == 1 {
		if method == "S256" {
			return []string{"PKCE checks out: BASE64URL(SHA256(code_verifier)) equals the code_challenge sent in the authorization request, so only the client that started the flow could redeem this code (RFC 7636 §4.6)"}
		}
		return []string{"PKCE (plain) checks out: the code_verifier equals the code_challenge; S256 would keep the verifier secret (RFC 7636 §4.2)"}
	}
	return []string{fmt.Sprintf("PKCE mismatch: the code_verifier does not hash (%s) to the code_challenge of the authorization request; the server must answer invalid_grant (RFC 7636 §4.6)", orNone(method))}
}

// collectSecrets gathers the capture's secrets for its Masker: every
// parameter and JSON member whose name says it holds one, tokens and
// credentials in headers, cookie values.
func (an *analyst) collectSecrets(items []*captureItem) {
	seen := map[string]bool{}
	add := func(v string) {
		if len(v) >= 8 && !seen[v] {
			seen[v] = true
			an.capture.Secrets = append(an.capture.Secrets, v)
		}
	}
	addValues := func(vs url.Values) {
		for name, list := range vs {
			if IsSecretName(name) {
				for _, v := range list {
					add(v)
				}
			}
		}
	}
	for _, it := range items {
		addValues(it.query)
		addValues(it.form)
		if u, err := url.Parse(it.ex.Request.URL); err == nil && u.Fragment != "" {
			frag, _ := url.ParseQuery(u.Fragment)
			addValues(frag)
		}
		if _, tok := it.bearer(); tok != "" {
			add(tok)
		}
		if auth := it.ex.Request.Header.Get("Authorization"); auth != "" {
			if _, cred, ok := strings.Cut(auth, " "); ok {
				add(strings.TrimSpace(cred))
			}
		}
		for _, m := range it.responseJSON() {
			if IsSecretName(m.Name) || m.Name == "client_secret" {
				add(jsonobject.Text(m.Raw))
			}
		}
		if resp := it.ex.Response; resp != nil {
			if loc, err := url.Parse(resp.Header.Get("Location")); err == nil {
				addValues(loc.Query())
				frag, _ := url.ParseQuery(loc.Fragment)
				addValues(frag)
			}
		}
	}
}

// metadataBefore is the metadata whose endpoints name the URLs a step
// requested: the capture's first discovery document.
func (an *analyst) metadataBefore(Result) *providers.Metadata {
	if len(an.cl.metadata) == 0 {
		return nil
	}
	return an.cl.metadata[0]
}

// now is the clock of the options, or the time now.
func (an *analyst) now() time.Time {
	if an.opts.Now != nil {
		return an.opts.Now()
	}
	return time.Now()
}
