package flows

import "time"

// again readies the authorization request, the login and the callback
// check to run once more with scopes: a step-up (see MCP). The next
// authorize makes a new state, nonce and PKCE verifier (RFC 9700 §2.1.1:
// one verifier per request) and a new listener on the redirect URI; a
// pasted callback still waiting is dropped. It returns the secrets of the
// login before (its verifier and spent code), which a transcript may
// still hold and a Masker must keep hiding.
func (f *AuthCode) again(scopes []string) []string {
	spent := []string{f.verifier}
	if f.cb != nil {
		spent = append(spent, f.cb.Code)
	}
	if f.listener != nil {
		_ = f.listener.Close()
		f.listener = nil
		f.live.Store(nil)
	}
	f.authURL, f.cb, f.requestObject = "", nil, ""
	f.requestURI, f.requestURIExpiry = "", time.Time{}
	f.provider.Scopes = scopes
	select {
	case <-f.paste:
	default:
	}
	return spent
}
