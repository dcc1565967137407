package flows

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
)

// The callback listener in fragment mode (CallbackExpect.Fragment): the
// implicit grant's answer comes in the redirect URI's fragment
// (RFC 6749 §4.2.2), which the browser keeps to itself (RFC 3986 §3.5). A
// GET of the redirect URI is answered with a page whose script reads
// location.hash and posts it back to the same path; only a POST from a
// loopback Host, from no other page's origin, whose form carries exactly
// the state sent, ends the wait. Everything else is answered, recorded
// as a stray and ignored, as in query mode.

// maxFragment caps the body of the POST that carries the fragment: two
// tokens and a few parameters.
const maxFragment = 64 << 10

// relayScript is the script of the page that posts the fragment back (or
// the query, where a server sent an error there). It removes the fragment
// from the address bar first (the history has it already), then shows the
// listener's answer in place of the page.
const relayScript = `(function(){var h=location.hash.slice(1)||location.search.slice(1),m=document.getElementById("m");` +
	`history.replaceState(null,"",location.pathname);` +
	`if(!h){m.textContent="This address has no fragment: there is nothing to pass on.";return;}` +
	`fetch(location.pathname,{method:"POST",headers:{"Content-Type":"application/x-www-form-urlencoded"},body:h,credentials:"omit",referrerPolicy:"no-referrer"})` +
	`.then(function(r){return r.text();}).then(function(t){document.open();document.write(t);document.close();})` +
	`.catch(function(e){m.textContent="Could not pass the response on: "+e;});})();`

// relayCSP lets the page run its own script and post to its own origin,
// nothing else.
var relayCSP = lazy.Value[string]{New: func() string {
	return "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; script-src 'sha256-" + scriptHash(relayScript) + "'"
}}

func scriptHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// relayPage is the page served at the redirect URI in fragment mode.
const relayPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Passing the response on – oauth-explorer</title>
<style>body{font:16px system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.4em}</style>
</head><body><h1>Passing the response on</h1><p id="m">The tokens are in this address's fragment (after #), which a browser never sends to a server. This page's script reads the fragment and posts it to oauth-explorer: that a script can read it is one of the reasons the implicit grant is gone (RFC 9700 §2.1.2).</p>
<script>` + relayScript + `</script></body></html>`

// fragmentParamHelp explains the parameters of an implicit grant's
// answer (RFC 6749 §4.2.2; OIDC Core §3.2.2.5).
var fragmentParamHelp = lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"access_token": "the access token itself, delivered through the browser (RFC 6749 §4.2.2)",
		"token_type":   "how to use the access token: Bearer (RFC 6749 §4.2.2, §7.1)",
		"expires_in":   "the access token's lifetime in seconds (RFC 6749 §4.2.2)",
		"id_token":     "the ID token, whose at_hash binds it to the access token (OIDC Core §3.2.2.5)",
		"scope":        "the scope granted (RFC 6749 §4.2.2)",
	}
}}

// serveFragment answers one request in fragment mode.
func (l *CallbackListener) serveFragment(w http.ResponseWriter, r *http.Request) {
	rep := l.reply(r)
	ex, answer := &rep.ex, rep.answer
	why, body := l.fragmentStrayReason(w, r)
	ex.Request.Body = []byte(body)
	if why == "" && r.Method == http.MethodGet {
		l.relay(w, r, *ex)
		return
	}
	if why != "" {
		l.ignore(w, rep, why)
		return
	}
	if !l.takeFirst(w, rep, "new tokens") {
		return
	}
	l.mu.Lock()
	relay := l.relayed
	l.mu.Unlock()
	q, _ := url.ParseQuery(body)
	cb := Callback{
		URL: "http://" + r.Host + r.URL.Path + "#" + body, Path: r.URL.Path, State: q.Get("state"), Iss: q.Get("iss"),
		Error: q.Get("error"), ErrorDescription: q.Get("error_description"), ErrorURI: q.Get("error_uri"), Relay: relay,
	}
	_, err := judgeFragment(cb, l.want)
	p := verdictPage(err)
	answer(p)
	p.write(w)
	cb.Exchange = *ex
	select {
	case l.ch <- cb:
	case <-l.done:
	}
}

// fragmentStrayReason says why a request is not the awaited fragment
// POST (nor a GET of the relay page), or "" when it is; it reads the body
// of a POST, which it returns. The Host comes first, as in query mode,
// then the path: the page posts to its own.
func (l *CallbackListener) fragmentStrayReason(w http.ResponseWriter, r *http.Request) (why, body string) {
	switch {
	case !loopbackHost(r.Host):
		return fmt.Sprintf("Host %q is not a loopback address (DNS rebinding?)", r.Host), ""
	case r.URL.Path != l.path:
		return fmt.Sprintf("path %q is not the redirect URI's (%q)", r.URL.Path, l.path), ""
	case r.Method == http.MethodGet:
		return "", ""
	case r.Method != http.MethodPost:
		return "method " + r.Method + ": the relay page posts the fragment with POST", ""
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		return fmt.Sprintf("Origin %q: the POST did not come from the relay page this listener served", o), ""
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return "Content-Type " + fmt.Sprintf("%q", ct) + ": the relay page posts the fragment form-encoded", ""
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFragment))
	if err != nil {
		return "a body that cannot be read or is over 64 KiB", ""
	}
	body = string(b)
	q, err := url.ParseQuery(body)
	if err != nil {
		return "a body that is not form-encoded", body
	}
	switch states := q["state"]; {
	case len(states) == 0 || states[0] == "":
		return "no state", body
	case len(states) > 1:
		return "more than one state", body
	case !stateMatches(states[0], l.want.State):
		return "a state this flow did not send", body
	}
	return "", body
}

// relay answers a GET of the redirect URI with the page that posts the
// fragment back, and keeps the exchange for the Callback.
func (l *CallbackListener) relay(w http.ResponseWriter, r *http.Request, ex Exchange) {
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", relayCSP.Get())
	ex.Response = &Message{Status: "200 OK", StatusCode: http.StatusOK, Proto: r.Proto, Header: h.Clone(), Body: []byte(relayPage)}
	ex.Took = l.now().Sub(ex.Start)
	ex.Step = ACCallback.Title + " (relay page)"
	l.mu.Lock()
	l.relayed = &ex
	l.mu.Unlock()
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, relayPage)
}

// fragment returns the parameters of a fragment-mode callback: those of
// its URL's fragment, or of its query when it has no fragment (a pasted
// query string).
func (cb Callback) fragment() url.Values {
	q, _ := url.ParseQuery(rawParams(cb.URL))
	return q
}

// judgeFragment checks an implicit grant's answer (RFC 6749 §4.2.2) in
// judgeCallback's order: the state first, then iss (RFC 9207 §2.4), then
// the provider's error, then the access token. It returns what passed as
// notes, and the first refusal.
func judgeFragment(cb Callback, want CallbackExpect) ([]string, error) {
	var notes []string
	pe := cb.providerError()
	if !stateMatches(cb.State, want.State) {
		return notes, &CallbackError{Ref: "RFC 6749 §4.2.2, §10.12", Provider: pe,
			Problem: andProvider("state mismatch: the answer's state is not the one this flow sent; it may be a forged response that injects someone else's token (RFC 9700 §4.7) or an answer to an older attempt", pe)}
	}
	notes = append(notes, "state matches what was sent")
	if cb.Iss != "" && want.Issuer != "" && cb.Iss != want.Issuer {
		return notes, &CallbackError{Code: "iss_mismatch", Ref: "RFC 9207 §2.4", Provider: pe,
			Problem: andProvider(fmt.Sprintf("iss mismatch: the answer names issuer %q, this flow talks to %q (a mix-up attack?)", cb.Iss, want.Issuer), pe)}
	}
	if pe != nil {
		return notes, pe
	}
	if cb.fragment().Get("access_token") == "" {
		return notes, &CallbackError{Code: "callback_incomplete", Ref: "RFC 6749 §4.2.2",
			Problem: "the answer has no access_token and no error: the fragment is incomplete"}
	}
	return notes, nil
}

// errNoFragment refuses a paste that carries no parameters.
var errNoFragment = errors.New("paste the whole address the browser landed on, with its fragment (#access_token=…&state=…)")
