package flows

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// MaxStrays bounds the stray requests a listener keeps; Strays.Count goes
// on counting past it.
const MaxStrays = 16

// StrayRequest is a request the callback listener answered and ignored.
type StrayRequest struct {
	// Exchange is the request (untrusted: anyone can send it) and the page
	// it was answered with.
	Exchange Exchange
	// Reason says why it was ignored: "no state", "a state this flow did
	// not send", "method POST: …", "Host … is not a loopback address…".
	Reason string
}

// Strays are the requests the callback listener ignored while it waited:
// requests without the state sent (a probe, a favicon, a forged
// response), which must not end the flow (RFC 6749 §10.12; RFC 8252 §8.3).
type Strays struct {
	// Count is how many were ignored.
	Count int
	// Recent holds the latest ones, oldest first, at most MaxStrays.
	Recent []StrayRequest
}

// Last returns the latest stray request, and false when there was none.
func (s Strays) Last() (StrayRequest, bool) {
	if len(s.Recent) == 0 {
		return StrayRequest{}, false
	}
	return s.Recent[len(s.Recent)-1], true
}

func (s *Strays) add(r StrayRequest) {
	s.Count++
	if len(s.Recent) == MaxStrays {
		s.Recent = append(s.Recent[:0], s.Recent[1:]...)
	}
	s.Recent = append(s.Recent, r)
}

func (s Strays) clone() Strays {
	s.Recent = append([]StrayRequest(nil), s.Recent...)
	return s
}

// page is what the listener shows in the browser: what happened to the
// request, in a sentence.
type page struct {
	status      int
	title, text string
}

// ignoredPage answers a stray request. The path is echoed so that whoever
// opened it can tell which request this was; it passes safetext.HTML.
func ignoredPage(r *http.Request, why string) page {
	return page{status: http.StatusBadRequest, title: "Ignored",
		text: fmt.Sprintf("oauth-explorer waits for the answer to its own authorization request. This request (%s %s) was ignored: %s. If you came here from a login, go back to the terminal.", r.Method, r.URL.Path, why)}
}

// verdictPage answers the response whose state matched, with what the
// flow will make of it.
func verdictPage(err error) page {
	var oe *OAuthError
	var ce *CallbackError
	switch {
	case err == nil:
		return page{status: http.StatusOK, title: "Signed in",
			text: "oauth-explorer received the authorization response. You can close this tab and go back to the terminal."}
	case errors.As(err, &oe) && !errors.As(err, &ce):
		text := "The server answered " + oe.Code
		if oe.Description != "" {
			text += ": " + oe.Description
		}
		return page{status: http.StatusOK, title: "Authorization failed",
			text: sentence(text) + " The terminal shows what it means. You can close this tab."}
	}
	return page{status: http.StatusBadRequest, title: "Refused",
		text: sentence("oauth-explorer refused this authorization response: "+err.Error()) + " The terminal shows what it means. You can close this tab."}
}

// sentence ends s with one full stop: a server's description often has
// its own.
func sentence(s string) string {
	s = strings.TrimRight(s, " ")
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

func (p page) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.status)
	title, text := safetext.HTML(p.title), safetext.HTML(p.text)
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s – oauth-explorer</title>
<style>body{font:16px system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.4em}</style>
</head><body><h1>%s</h1><p>%s</p></body></html>`, title, title, text)
}

// message records the page as the response of the listener's Exchange.
func (p page) message(proto string) *Message {
	return &Message{Status: fmt.Sprintf("%d %s", p.status, http.StatusText(p.status)), StatusCode: p.status, Proto: proto,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte("(a page saying: " + p.text + ")")}
}
