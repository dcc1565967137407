package flows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// FormatRequest renders the request of ex as it went over the wire (request
// line, headers, body), secrets masked by m. JSON bodies are indented.
//
// The text is safe for a terminal (package safetext): the request line and
// each header line show every control character as an escape, so that a
// value cannot start a line of its own; the body keeps its newlines and
// tabs. Masking comes first, so that it sees the values as sent.
func FormatRequest(ex Exchange, m Masker) string {
	var b strings.Builder
	req := ex.Request
	target := req.URL
	if u, err := url.Parse(req.URL); err == nil {
		target = u.RequestURI()
		writeLine(&b, fmt.Sprintf("%s %s %s", req.Method, m.URL(target), protoOr(req.Proto, "HTTP/1.1")))
		writeLine(&b, "Host: "+u.Host)
	} else {
		writeLine(&b, fmt.Sprintf("%s %s", req.Method, m.URL(target)))
	}
	writeHeaders(&b, req.Header, m)
	writeBody(&b, req.Header.Get("Content-Type"), req.Body, req.Truncated, m)
	formatAssertion(&b, req.Header.Get("Content-Type"), req.Body, ex.Start)
	formatClientCert(&b, ex.ClientCert)
	formatDPoPProof(&b, req.Header.Get("DPoP"), ex.Start)
	return b.String()
}

// FormatResponse renders the response of ex (status line, headers, body), or
// the transport error when none arrived. Like FormatRequest, its text is
// safe for a terminal: the status text, header names and values, the body
// and the error are the server's to choose.
func FormatResponse(ex Exchange, m Masker) string {
	var b strings.Builder
	if ex.Response == nil {
		if ex.Err != nil {
			writeLine(&b, fmt.Sprintf("no response after %s: %s", RoundDuration(ex.Took), m.Text(ex.Err.Error())))
		} else {
			b.WriteString("no response\n")
		}
		return b.String()
	}
	resp := ex.Response
	writeLine(&b, fmt.Sprintf("%s %s   (%s)", protoOr(resp.Proto, "HTTP/1.1"), resp.Status, RoundDuration(ex.Took)))
	writeHeaders(&b, resp.Header, m)
	writeBody(&b, resp.Header.Get("Content-Type"), resp.Body, resp.Truncated, m)
	if ex.Err != nil {
		b.WriteString("\n")
		writeLine(&b, "error while reading: "+m.Text(ex.Err.Error()))
	}
	return b.String()
}

// WriteTranscript writes every exchange in order, request then response, as
// the -v output of the token command does. Its text is as safe for a
// terminal as FormatRequest's and FormatResponse's.
func WriteTranscript(w io.Writer, exs []Exchange, m Masker) error {
	for _, ex := range exs {
		head := safetext.Line(fmt.Sprintf("── %s: %s %s", ex.Step, ex.Request.Method, m.URL(ex.Request.URL))) + " "
		if _, err := fmt.Fprintf(w, "%s\n> %s\n< %s\n", head,
			strings.ReplaceAll(strings.TrimRight(FormatRequest(ex, m), "\n"), "\n", "\n> "),
			strings.ReplaceAll(strings.TrimRight(FormatResponse(ex, m), "\n"), "\n", "\n< ")); err != nil {
			return err
		}
	}
	return nil
}

func writeHeaders(b *strings.Builder, h http.Header, m Masker) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			writeLine(b, k+": "+m.Header(k, v))
		}
	}
}

func writeBody(b *strings.Builder, contentType string, body []byte, truncated bool, m Masker) {
	if len(body) == 0 {
		return
	}
	b.WriteString("\n")
	shown := body
	if strings.Contains(contentType, "json") || (len(body) > 0 && (body[0] == '{' || body[0] == '[')) {
		var ind bytes.Buffer
		if err := json.Indent(&ind, body, "", "  "); err == nil {
			shown = ind.Bytes()
		}
	}
	b.WriteString(safetext.Block(m.Body(contentType, shown)))
	if !bytes.HasSuffix(shown, []byte("\n")) {
		b.WriteString("\n")
	}
	if truncated {
		fmt.Fprintf(b, "[… body cut at %d bytes: the server sent more than %d]\n", MaxBody, MaxBody)
	}
}

// writeLine writes s as one line: every control character in it, a newline
// or a carriage return too, is shown as an escape (safetext.Line).
func writeLine(b *strings.Builder, s string) {
	b.WriteString(safetext.Line(s))
	b.WriteByte('\n')
}

func protoOr(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

// RoundDuration rounds a duration for display: milliseconds to two
// decimals under a second, ten milliseconds above.
func RoundDuration(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	case d > time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
