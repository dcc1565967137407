package flows

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// LabChange is one difference between a lab request and its original.
type LabChange struct {
	Kind LabPartKind
	Name string
	// Change is "changed", "removed" or "added".
	Change string
}

// LabChanges lists what edited changes of original, in the order of the
// original's parts, then the parts added.
func LabChanges(original, edited LabRequest) []LabChange {
	var out []LabChange
	seen := map[[2]string]bool{}
	key := func(p LabPart) [2]string {
		n := p.Name
		if p.Kind == LabHeader {
			n = strings.ToLower(n)
		}
		return [2]string{p.Kind.String(), n}
	}
	for _, p := range original.Parts {
		if seen[key(p)] {
			continue
		}
		seen[key(p)] = true
		switch {
		case !edited.Has(p.Kind, p.Name):
			out = append(out, LabChange{p.Kind, p.Name, "removed"})
		case edited.Get(p.Kind, p.Name) != p.Value:
			out = append(out, LabChange{p.Kind, p.Name, "changed"})
		}
	}
	for _, p := range edited.Parts {
		if !seen[key(p)] {
			seen[key(p)] = true
			out = append(out, LabChange{p.Kind, p.Name, "added"})
		}
	}
	return out
}

// ChangeOf says how part p of edited differs from original: "changed",
// "added", or "" when it is as it was.
func ChangeOf(original LabRequest, p LabPart) string {
	switch {
	case !original.Has(p.Kind, p.Name):
		return "added"
	case original.Get(p.Kind, p.Name) != p.Value:
		return "changed"
	}
	return ""
}

// The protections the lab names, each with its reference.
var (
	protSingleUse  = [2]string{"The code is single-use: the run already exchanged this authorization code, so the server refused it the second time. A server that sees a code again should also revoke the tokens issued for it.", "RFC 6749 §4.1.2; RFC 9700 §4.2"}
	protRedirect   = [2]string{"redirect_uri must be the one of the authorization request: a code that leaked through another redirect URI cannot be exchanged with it.", "RFC 6749 §4.1.3"}
	protPKCEGone   = [2]string{"PKCE: the code was issued for a code_challenge, so the server wants the code_verifier that hashes to it; without it a stolen code is of no use.", "RFC 7636 §4.6"}
	protPKCEWrong  = [2]string{"PKCE: the code_verifier sent does not hash to the code_challenge the code was issued for, so the server refused to exchange the code: only the client that started the authorization holds its verifier.", "RFC 7636 §4.6"}
	protScope      = [2]string{"The scope asked is wider than the client may have or than was granted: the server refused to widen it (invalid_scope).", "RFC 6749 §3.3, §5.2"}
	protRotation   = [2]string{"Refresh token rotation: the run spent this refresh token and got a new one; the old one is refused, and a server that sees it reused may revoke the whole grant.", "RFC 9700 §4.14.2"}
	protSignature  = [2]string{"The token was altered without being signed again: its signature no longer matches its header and payload, so the server refused it.", "RFC 7515 §5.2; RFC 9068 §4"}
	protExpired    = [2]string{"The token has expired (its exp is past): the server refused it with invalid_token.", "RFC 6750 §3.1; RFC 9068 §4"}
	protClientAuth = [2]string{"Client authentication: the endpoint wants the client's own credentials; without them, or with wrong ones, it answers invalid_client.", "RFC 6749 §2.3, §5.2"}
	protDPoPReplay = [2]string{"The DPoP proof is for one use: its jti and iat were seen before, so the server refused the proof sent again; a client signs a fresh proof for every request.", "RFC 9449 §11.1, §4.3"}
	protNoToken    = [2]string{"A protected resource wants an access token: without one it answers 401 with a challenge.", "RFC 6750 §3.1"}
)

// Protection says which protection the server applied when it refused
// edited, a lab request made from original, with res: what in a sentence
// and the reference. Both are "" when the server did not refuse it or the
// lab cannot tell; LabChanges and LabAnswer then say what changed and
// what the server answered.
func Protection(original, edited LabRequest, res Result) (what, ref string) {
	if !refused(res) {
		return "", ""
	}
	_, code, desc := LabAnswer(res)
	p := protection(original, edited, res, code, strings.ToLower(desc))
	return p[0], p[1]
}

// protection is Protection's choice, over the refusal's code and its
// description in lower case.
func protection(original, edited LabRequest, res Result, code, desc string) [2]string {
	changed := func(kind LabPartKind, name string) bool {
		return original.Has(kind, name) != edited.Has(kind, name) || original.Get(kind, name) != edited.Get(kind, name)
	}
	status := labStatus(res)
	if edited.Endpoint != "API" && edited.Endpoint != "userinfo endpoint" {
		if code == "invalid_client" || status == 401 && code == "" {
			if clientAuthChanged(original, edited, changed) {
				return protClientAuth
			}
			return [2]string{}
		}
		if code == "invalid_scope" {
			return protScope
		}
	}
	if code == "invalid_dpop_proof" && edited.Has(LabHeader, "DPoP") && !changed(LabHeader, "DPoP") {
		return protDPoPReplay
	}
	switch edited.Get(LabForm, "grant_type") {
	case "authorization_code":
		if code != "invalid_grant" && code != "invalid_request" {
			return [2]string{}
		}
		switch {
		case !changed(LabForm, "code") && code == "invalid_grant":
			return protSingleUse
		case mentionsAny(desc, "verifier", "challenge", "pkce") && !edited.Has(LabForm, "code_verifier"):
			return protPKCEGone
		case mentionsAny(desc, "verifier", "challenge", "pkce"):
			return protPKCEWrong
		case mentionsAny(desc, "redirect") && changed(LabForm, "redirect_uri"):
			return protRedirect
		case original.Has(LabForm, "code_verifier") && !edited.Has(LabForm, "code_verifier"):
			return protPKCEGone
		case changed(LabForm, "code_verifier"):
			return protPKCEWrong
		case changed(LabForm, "redirect_uri"):
			return protRedirect
		}
	case "refresh_token":
		if code == "invalid_grant" && !changed(LabForm, "refresh_token") {
			return protRotation
		}
	}
	if code != "invalid_token" && status != 401 {
		return [2]string{}
	}
	tok, orig := edited.bearer(), original.bearer()
	switch {
	case tok == "" && orig != "":
		return protNoToken
	case tok != orig && alteredUnsigned(orig, tok):
		return protSignature
	case expiredAt(tok, labTime(res)) || mentionsAny(desc, "expired"):
		return protExpired
	}
	return [2]string{}
}

// clientAuthChanged reports whether the edit touched how the client
// authenticates (RFC 6749 §2.3.1: the Authorization header or the
// client_id and client_secret fields; RFC 7523 §2.2: an assertion).
func clientAuthChanged(original, edited LabRequest, changed func(LabPartKind, string) bool) bool {
	return changed(LabHeader, "Authorization") || changed(LabForm, "client_id") ||
		changed(LabForm, "client_secret") || changed(LabForm, "client_assertion")
}

func mentionsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// alteredUnsigned reports whether edited is the JWT orig with another
// payload and the same header and signature: altered, not signed again.
func alteredUnsigned(orig, edited string) bool {
	o, e := strings.Split(orig, "."), strings.Split(edited, ".")
	return len(o) == 3 && len(e) == 3 && o[0] == e[0] && o[2] == e[2] && o[1] != e[1]
}

// expiredAt reports whether the JWT tok has an exp before now.
func expiredAt(tok string, now time.Time) bool {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || now.IsZero() {
		return false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return false
	}
	return time.Unix(int64(*claims.Exp), 0).Before(now)
}

// labTime is when the lab request was sent.
func labTime(res Result) time.Time {
	if ex := lastExchange(res.Exchanges); ex != nil {
		return ex.Start
	}
	return time.Time{}
}
