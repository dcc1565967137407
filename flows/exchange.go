// Package flows runs OAuth 2.0 and OpenID Connect grants as sequences of
// steps and records every HTTP exchange they make. It returns plain data
// (exchanges, token responses, inspections, diagnoses) for the TUI and the
// commands to render, and imports no UI package.
package flows

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// MaxBody caps the bytes of a request or response body that a Recorder keeps
// and passes on. Token responses, metadata and JWKS are a few KiB; a body
// past the cap is cut and marked truncated.
const MaxBody = 1 << 20

// Message is one side of an HTTP exchange as it went over the wire.
type Message struct {
	Method     string // requests only
	URL        string // requests only
	Status     string // responses only, e.g. "200 OK"
	StatusCode int    // responses only
	Proto      string
	Header     http.Header
	Body       []byte
	// Truncated is set when the body was longer than MaxBody; Size is then
	// at least MaxBody+1 (the exact size is not read).
	Truncated bool
	Size      int64
}

// HostAndPath splits a request's URL into its host and its path with the
// query, for a title such as "id.example.com /token"; host is empty when
// the URL has none (or is not one).
func (m Message) HostAndPath() (host, requestURI string) {
	u, err := url.Parse(m.URL)
	if err != nil || u.Host == "" {
		return "", ""
	}
	return u.Host, u.RequestURI()
}

// Exchange is one HTTP request and its response (or error), recorded by a
// Recorder. Step names the flow step that made it.
type Exchange struct {
	Step     string
	Request  Message
	Response *Message // nil when no response arrived
	Start    time.Time
	Took     time.Duration
	// Timeout is the time limit the exchange ran under (the client's
	// timeout), so that an exchange that ran out of it can say which limit
	// it was; zero when unknown.
	Timeout time.Duration
	// ClientCert is the TLS client certificate presented on the
	// request's connection (mutual TLS, RFC 8705 §2); nil when none was.
	ClientCert *CertInfo
	// Err is why no complete response arrived: a transport error, or a
	// body that stopped before its end (Response is then set, with the
	// bytes that did arrive).
	Err error
}

// Recorder is an http.RoundTripper that records each exchange it carries.
// Give it to x/oauth2 through the oauth2.HTTPClient context key and to
// go-oidc through oidc.ClientContext so that their requests are recorded too.
type Recorder struct {
	// Base carries the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Timeout is the limit the client applies to each exchange, recorded
	// with every exchange so that a timeout can be named with its value.
	Timeout time.Duration

	mu        sync.Mutex
	stepName  string
	exchanges []Exchange
}

// SetStep labels the exchanges recorded from now on.
func (r *Recorder) SetStep(name string) {
	r.mu.Lock()
	r.stepName = name
	r.mu.Unlock()
}

// RoundTrip sends req through Base and records the exchange. The response
// body is read here, up to MaxBody, so that the exchange is complete when
// RoundTrip returns; the caller reads the same (possibly cut) bytes.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	base := r.Base
	if base == nil {
		base = http.DefaultTransport
	}
	ex := Exchange{Step: r.step(), Start: now(), Timeout: r.Timeout, Request: Message{
		Method: req.Method,
		URL:    req.URL.String(),
		Proto:  req.Proto,
		Header: req.Header.Clone(),
	}}
	if ex.Request.Header == nil {
		ex.Request.Header = http.Header{}
	}
	if req.Host != "" && req.Host != req.URL.Host {
		ex.Request.Header.Set("Host", req.Host)
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			ex.Err = err
			r.add(ex)
			return nil, err
		}
		ex.Request.Body, ex.Request.Size, ex.Request.Truncated = capBody(body)
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}

	req, slot := withCertSlot(req)
	resp, err := base.RoundTrip(req)
	ex.ClientCert = slot.get()
	if err != nil {
		ex.Took = now().Sub(ex.Start)
		ex.Err = err
		r.add(ex)
		return nil, err
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	resp.Body.Close()
	m := &Message{
		Status:     resp.Status,
		StatusCode: resp.StatusCode,
		Proto:      resp.Proto,
		Header:     resp.Header.Clone(),
	}
	m.Body, m.Size, m.Truncated = capBody(body)
	ex.Response = m
	ex.Took = now().Sub(ex.Start)
	if readErr != nil {
		ex.Err = readErr
		r.add(ex)
		return nil, readErr
	}
	resp.Body = io.NopCloser(bytes.NewReader(m.Body))
	resp.ContentLength = int64(len(m.Body))
	r.add(ex)
	return resp, nil
}

func capBody(b []byte) ([]byte, int64, bool) {
	if len(b) > MaxBody {
		return b[:MaxBody:MaxBody], int64(len(b)), true
	}
	return b, int64(len(b)), false
}

func (r *Recorder) step() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stepName
}

func (r *Recorder) add(ex Exchange) {
	r.mu.Lock()
	r.exchanges = append(r.exchanges, ex)
	r.mu.Unlock()
}

// Exchanges returns the exchanges recorded so far, oldest first.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.exchanges...)
}

// Take returns the exchanges recorded so far and forgets them.
func (r *Recorder) Take() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.exchanges
	r.exchanges = nil
	return out
}
