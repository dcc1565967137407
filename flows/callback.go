package flows

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
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
	// Path is the path the request came to on the listener's port; empty
	// for a pasted redirect.
	Path string
	// Exchange is the browser's request to the listener and our answer.
	Exchange Exchange
	// Pasted is set when the user pasted the redirect instead of the
	// browser delivering it.
	Pasted bool
	// Relay, in fragment mode (CallbackExpect.Fragment), is the browser's
	// arrival at the redirect URI, without its fragment, answered with the
	// page that posted the fragment back as Exchange; nil otherwise.
	Relay *Exchange
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
// (RFC 8252 §7.3): an HTTP server on 127.0.0.1 that waits for the one
// authorization response carrying the state this flow sent. Any local
// process and any web page can send requests to it, so every other request
// (no state, another state, another method, a non-loopback Host, a second
// response) is answered with a short page, recorded as a stray and
// ignored: only the matching response ends the wait. It answers on every
// path of its port, since a provider may redirect to the registered URI
// rather than the one sent; judgeCallback tells the flow about that.
type CallbackListener struct {
	redirectURI string
	portChosen  bool
	path        string
	want        CallbackExpect
	ln          net.Listener
	srv         *http.Server
	now         func() time.Time

	mu     sync.Mutex
	got    bool
	strays Strays
	// relayed is the latest GET answered with the relay page (fragment
	// mode only).
	relayed *Exchange

	ch   chan Callback
	done chan struct{}
	once sync.Once
}

// ListenCallback starts a listener for redirectURI, which must be an http
// URL on a loopback address; an empty redirectURI picks a free port on
// 127.0.0.1 with path /callback. The listener binds 127.0.0.1 (or ::1 for
// an IPv6 literal) only, even when the URI says "localhost". It delivers
// only a request whose state is want.State (see CallbackExpect).
func ListenCallback(redirectURI string, want CallbackExpect, now func() time.Time) (*CallbackListener, error) {
	if now == nil {
		now = time.Now
	}
	host, port, path := "127.0.0.1", "0", "/callback"
	anyPort := false
	if redirectURI != "" {
		u, err := url.Parse(redirectURI)
		if err != nil || u.Scheme != "http" || u.Host == "" {
			return nil, &ListenerError{RedirectURI: redirectURI, Problem: fmt.Sprintf("redirect URI %q: the callback listener needs an http://127.0.0.1:PORT/path URI", redirectURI)}
		}
		if err := CheckRedirectURI(redirectURI); err != nil {
			return nil, &ListenerError{RedirectURI: redirectURI, Problem: err.Error()}
		}
		h, p := u.Hostname(), u.Port()
		switch h {
		case "127.0.0.1", "localhost":
		case "::1":
			host = "::1"
		default:
			return nil, &ListenerError{RedirectURI: redirectURI, Problem: fmt.Sprintf("redirect URI %q is not a loopback address: the listener only binds 127.0.0.1 (RFC 8252 §7.3); for a web redirect URI use paste mode", redirectURI)}
		}
		// A loopback redirect URI without a port is registered so that
		// any port is accepted (RFC 8252 §7.3; GitHub and others document
		// it so): the listener takes a free one and the URI sent names it.
		// Binding port 80 would need privileges and is not what was meant.
		anyPort = p == ""
		if !anyPort {
			port = p
		}
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
	l := &CallbackListener{ln: ln, path: path, want: want, now: now, ch: make(chan Callback, 1), done: make(chan struct{})}
	l.portChosen = anyPort || redirectURI == ""
	switch {
	case anyPort:
		u, _ := url.Parse(redirectURI)
		_, chosen, _ := net.SplitHostPort(ln.Addr().String())
		u.Host = net.JoinHostPort(u.Hostname(), chosen)
		l.redirectURI = u.String()
	case redirectURI != "":
		l.redirectURI = redirectURI
	default:
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

// PortChosen reports whether the listener picked its port: no redirect
// URI was given, or one without a port.
func (l *CallbackListener) PortChosen() bool { return l.portChosen }

// RedirectURI is the URI to send as redirect_uri.
func (l *CallbackListener) RedirectURI() string { return l.redirectURI }

// Addr is the address the listener is bound to.
func (l *CallbackListener) Addr() net.Addr { return l.ln.Addr() }

// Callbacks delivers the one response whose state matched.
func (l *CallbackListener) Callbacks() <-chan Callback { return l.ch }

// Strays reports the requests answered and ignored so far. It is safe to
// call at any time.
func (l *CallbackListener) Strays() Strays {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.strays.clone()
}

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

// strayReason says why a request is not the awaited response, or "" when
// it carries the state sent. The Host is checked first: a page elsewhere
// could point a DNS name at 127.0.0.1 (DNS rebinding).
func (l *CallbackListener) strayReason(r *http.Request) string {
	if !loopbackHost(r.Host) {
		return fmt.Sprintf("Host %q is not a loopback address (DNS rebinding?)", r.Host)
	}
	if r.Method != http.MethodGet {
		return "method " + r.Method + ": the browser brings the response with GET"
	}
	states := r.URL.Query()["state"]
	switch {
	case len(states) == 0 || states[0] == "":
		return "no state"
	case len(states) > 1:
		return "more than one state"
	case !stateMatches(states[0], l.want.State):
		return "a state this flow did not send"
	}
	return ""
}

func (l *CallbackListener) serve(w http.ResponseWriter, r *http.Request) {
	if l.want.Fragment {
		l.serveFragment(w, r)
		return
	}
	rep := l.reply(r)
	ex, answer := &rep.ex, rep.answer
	// A stray is recorded before it is answered, so that whoever got the
	// answer finds it counted.
	if why := l.strayReason(r); why != "" {
		l.ignore(w, rep, why)
		return
	}
	if !l.takeFirst(w, rep, "a new code") {
		return
	}
	q := r.URL.Query()
	cb := Callback{
		URL: ex.Request.URL, Path: r.URL.Path, Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss"),
		Error: q.Get("error"), ErrorDescription: q.Get("error_description"), ErrorURI: q.Get("error_uri"),
	}
	_, err := judgeCallback(cb, l.want, l.path)
	p := verdictPage(err)
	answer(p)
	p.write(w)
	cb.Exchange = *ex
	select {
	case l.ch <- cb:
	case <-l.done:
	}
}

// stray records an ignored request.
func (l *CallbackListener) stray(ex Exchange, why string) {
	ex.Step = ACCallback.Title + " (ignored)"
	l.mu.Lock()
	defer l.mu.Unlock()
	l.strays.add(StrayRequest{Exchange: ex, Reason: why})
}

// Params lists the parameters of the redirect in the order they came
// (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207): those of the query, or of the
// fragment when the query is empty; a bare code pasted alone is the one
// parameter "code".
func (c Callback) Params() []Param {
	var out []Param
	for _, p := range c.Pairs() {
		help, ok := callbackParamHelp.Get()[p.Name]
		if !ok {
			help = fragmentParamHelp.Get()[p.Name]
		}
		out = append(out, Param{Name: p.Name, Value: p.Value, Explain: help})
	}
	return out
}

// callbackParamHelp explains the parameters of an authorization response.
var callbackParamHelp = lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"code":              "the authorization code, redeemed once at the token endpoint with the code_verifier (RFC 6749 §4.1.2)",
		"state":             "the value the client sent, echoed back: it must match (RFC 6749 §10.12)",
		"iss":               "the issuer that answered, checked against the one asked (RFC 9207 §2)",
		"error":             "why the server refused (RFC 6749 §4.1.2.1)",
		"error_description": "the server's words on the refusal (RFC 6749 §4.1.2.1)",
		"error_uri":         "a page about the refusal (RFC 6749 §4.1.2.1)",
	}
}}

// callbackReply is the exchange of one request to the listener, recorded
// as it is answered.
type callbackReply struct {
	r     *http.Request
	start time.Time
	ex    Exchange
	now   func() time.Time
}

// reply starts the record of r.
func (l *CallbackListener) reply(r *http.Request) *callbackReply {
	start := l.now()
	return &callbackReply{r: r, start: start, now: l.now, ex: Exchange{Step: ACCallback.Title, Start: start, Request: Message{
		Method: r.Method, URL: "http://" + r.Host + r.URL.RequestURI(), Proto: r.Proto, Header: r.Header.Clone(),
	}}}
}

// answer records page p as the response.
func (c *callbackReply) answer(p page) {
	c.ex.Response = p.message(c.r.Proto)
	c.ex.Took = c.now().Sub(c.start)
}

// ignore answers a stray request with the "Ignored" page, having counted
// it first, so that whoever got the answer finds it counted.
func (l *CallbackListener) ignore(w http.ResponseWriter, c *callbackReply, why string) {
	p := ignoredPage(c.r, why)
	c.answer(p)
	l.stray(c.ex, why)
	p.write(w)
}

// takeFirst reports whether this is the first response with the right
// state; a later one is answered "Already received" and counted as a
// stray (what says what to start the flow again for).
func (l *CallbackListener) takeFirst(w http.ResponseWriter, c *callbackReply, what string) bool {
	l.mu.Lock()
	dup := l.got
	l.got = true
	l.mu.Unlock()
	if !dup {
		return true
	}
	p := page{status: http.StatusConflict, title: "Already received",
		text: "oauth-explorer already took the response for this flow; this one was ignored. Start the flow again if you need " + what + "."}
	c.answer(p)
	l.stray(c.ex, "a second response with the right state: the first one was taken")
	p.write(w)
	return false
}
