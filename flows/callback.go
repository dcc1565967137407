package flows

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Callback is what the authorization server sent back through the browser
// to the redirect URI (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207).
type Callback struct {
	// URL is the full redirect URL as received.
	URL   string
	Code  string
	State string
	// Iss is the issuer identifier sent with the response (RFC 9207).
	Iss string
	// Error, ErrorDescription and ErrorURI are set on an error response.
	Error, ErrorDescription, ErrorURI string
	// Exchange is the browser's request to the listener and our answer.
	Exchange Exchange
	// Pasted is set when the user pasted the redirect instead of the
	// browser delivering it.
	Pasted bool
}

// ParseCallback reads a redirect URL, a bare query string ("code=…&state=…")
// or a bare authorization code, as a user may paste any of them.
func ParseCallback(input string) (Callback, error) {
	in := strings.TrimSpace(input)
	if in == "" {
		return Callback{}, errors.New("nothing pasted: paste the URL the browser was sent to (it holds code=… and state=…), or the code alone")
	}
	if len(in) > 16<<10 {
		return Callback{}, errors.New("the pasted text is over 16 KiB: that is not a redirect URL")
	}
	query := ""
	switch {
	case strings.Contains(in, "://"):
		u, err := url.Parse(in)
		if err != nil {
			return Callback{}, fmt.Errorf("the pasted URL cannot be read: %w", err)
		}
		query = u.RawQuery
		if query == "" && u.Fragment != "" {
			query = u.Fragment
		}
		if query == "" {
			return Callback{}, errors.New("the pasted URL has no query: copy the whole address the browser was sent to, with ?code=…&state=…")
		}
	case strings.Contains(in, "="):
		query = strings.TrimPrefix(in, "?")
	default:
		if strings.ContainsAny(in, " \t\n<>\"") {
			return Callback{}, errors.New("that does not look like an authorization code or a redirect URL")
		}
		return Callback{URL: in, Code: in, Pasted: true}, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return Callback{}, fmt.Errorf("the query of the pasted URL cannot be read: %w", err)
	}
	return Callback{
		URL: in, Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss"),
		Error: q.Get("error"), ErrorDescription: q.Get("error_description"), ErrorURI: q.Get("error_uri"),
		Pasted: true,
	}, nil
}

// CallbackListener is the loopback redirect endpoint of a native app
// (RFC 8252 §7.3): an HTTP server on 127.0.0.1 that takes one callback and
// then refuses the rest.
type CallbackListener struct {
	redirectURI string
	path        string
	ln          net.Listener
	srv         *http.Server
	now         func() time.Time

	mu   sync.Mutex
	got  bool
	ch   chan Callback
	done chan struct{}
	once sync.Once
}

// ListenCallback starts a listener for redirectURI, which must be an http
// URL on a loopback address; an empty redirectURI picks a free port on
// 127.0.0.1 with path /callback. The listener binds 127.0.0.1 (or ::1 for
// an IPv6 literal) only, even when the URI says "localhost".
func ListenCallback(redirectURI string, now func() time.Time) (*CallbackListener, error) {
	if now == nil {
		now = time.Now
	}
	host, port, path := "127.0.0.1", "0", "/callback"
	if redirectURI != "" {
		u, err := url.Parse(redirectURI)
		if err != nil || u.Scheme != "http" || u.Host == "" {
			return nil, &ListenerError{RedirectURI: redirectURI, Problem: fmt.Sprintf("redirect URI %q: the callback listener needs an http://127.0.0.1:PORT/path URI", redirectURI)}
		}
		h, p := u.Hostname(), u.Port()
		switch h {
		case "127.0.0.1", "localhost":
		case "::1":
			host = "::1"
		default:
			return nil, &ListenerError{RedirectURI: redirectURI, Problem: fmt.Sprintf("redirect URI %q is not a loopback address: the listener only binds 127.0.0.1 (RFC 8252 §7.3); for a web redirect URI use paste mode", redirectURI)}
		}
		if p == "" {
			p = "80"
		}
		port = p
		if u.Path != "" {
			path = u.Path
		} else {
			path = "/"
		}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, &ListenerError{RedirectURI: redirectURI, Err: err,
			Problem: fmt.Sprintf("cannot listen for the callback on %s: %v (is another program using the port?)", net.JoinHostPort(host, port), err)}
	}
	l := &CallbackListener{ln: ln, path: path, now: now, ch: make(chan Callback, 1), done: make(chan struct{})}
	if redirectURI != "" {
		l.redirectURI = redirectURI
	} else {
		l.redirectURI = "http://" + ln.Addr().String() + path
	}
	l.srv = &http.Server{
		Handler:           http.HandlerFunc(l.serve),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// RedirectURI is the URI to send as redirect_uri.
func (l *CallbackListener) RedirectURI() string { return l.redirectURI }

// Addr is the address the listener is bound to.
func (l *CallbackListener) Addr() net.Addr { return l.ln.Addr() }

// Callbacks delivers the one accepted callback.
func (l *CallbackListener) Callbacks() <-chan Callback { return l.ch }

// Close stops the listener; it is safe to call more than once.
func (l *CallbackListener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		err = l.srv.Shutdown(ctx)
	})
	return err
}

// IsLoopbackRedirect tells whether a redirect URI is an http URI on a
// loopback host, which the callback listener can serve (RFC 8252 §7.3).
func IsLoopbackRedirect(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "http" && u.Host != "" && loopbackHost(u.Host)
}

func loopbackHost(hostport string) bool {
	h := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		h = hh
	}
	return providers.IsLoopbackHost(h)
}

func (l *CallbackListener) serve(w http.ResponseWriter, r *http.Request) {
	start := l.now()
	if r.URL.Path != l.path {
		http.NotFound(w, r)
		return
	}
	// A browser page on another site could point a DNS name at 127.0.0.1;
	// the Host header tells (DNS rebinding).
	if !loopbackHost(r.Host) {
		writePage(w, http.StatusBadRequest, "Refused", "This callback came with Host "+r.Host+", not a loopback address.")
		return
	}
	ex := Exchange{Step: "Callback", Start: start, Request: Message{
		Method: r.Method, URL: "http://" + r.Host + r.URL.RequestURI(), Proto: r.Proto, Header: r.Header.Clone(),
	}}
	q := r.URL.Query()
	cb := Callback{
		URL: ex.Request.URL, Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss"),
		Error: q.Get("error"), ErrorDescription: q.Get("error_description"), ErrorURI: q.Get("error_uri"),
	}
	l.mu.Lock()
	dup := l.got
	l.got = true
	l.mu.Unlock()
	status, title, text := http.StatusOK, "Signed in", "oauth-explorer received the authorization response. You can close this tab and go back to the terminal."
	switch {
	case dup:
		status, title, text = http.StatusConflict, "Already received", "oauth-explorer already took a callback for this flow; this one was ignored. Start the flow again if you need a new code."
	case cb.Error != "":
		status, title, text = http.StatusOK, "Authorization failed", "The server answered "+cb.Error+". The terminal shows what it means. You can close this tab."
	}
	writePage(w, status, title, text)
	ex.Response = &Message{Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status, Proto: r.Proto,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte("(a page saying: " + text + ")")}
	ex.Took = l.now().Sub(start)
	cb.Exchange = ex
	if dup {
		return
	}
	select {
	case l.ch <- cb:
	case <-l.done:
	}
}

func writePage(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s – oauth-explorer</title>
<style>body{font:16px system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.4em}</style>
</head><body><h1>%s</h1><p>%s</p></body></html>`, html.EscapeString(title), html.EscapeString(title), html.EscapeString(text))
}
