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
)

// FormatRequest renders the request of ex as it went over the wire (request
// line, headers, body), secrets masked by m. JSON bodies are indented.
func FormatRequest(ex Exchange, m Masker) string {
	var b strings.Builder
	req := ex.Request
	target := req.URL
	if u, err := url.Parse(req.URL); err == nil {
		target = u.RequestURI()
		fmt.Fprintf(&b, "%s %s %s\n", req.Method, m.URL(target), protoOr(req.Proto, "HTTP/1.1"))
		fmt.Fprintf(&b, "Host: %s\n", u.Host)
	} else {
		fmt.Fprintf(&b, "%s %s\n", req.Method, m.URL(target))
	}
	writeHeaders(&b, req.Header, m)
	writeBody(&b, req.Header.Get("Content-Type"), req.Body, req.Truncated, m)
	return b.String()
}

// FormatResponse renders the response of ex (status line, headers, body), or
// the transport error when none arrived.
func FormatResponse(ex Exchange, m Masker) string {
	var b strings.Builder
	if ex.Response == nil {
		if ex.Err != nil {
			fmt.Fprintf(&b, "no response after %s: %s\n", RoundDuration(ex.Took), m.Text(ex.Err.Error()))
		} else {
			b.WriteString("no response\n")
		}
		return b.String()
	}
	resp := ex.Response
	fmt.Fprintf(&b, "%s %s   (%s)\n", protoOr(resp.Proto, "HTTP/1.1"), resp.Status, RoundDuration(ex.Took))
	writeHeaders(&b, resp.Header, m)
	writeBody(&b, resp.Header.Get("Content-Type"), resp.Body, resp.Truncated, m)
	if ex.Err != nil {
		fmt.Fprintf(&b, "\nerror while reading: %s\n", m.Text(ex.Err.Error()))
	}
	return b.String()
}

// WriteTranscript writes every exchange in order, request then response, as
// the -v output of the token command does.
func WriteTranscript(w io.Writer, exs []Exchange, m Masker) error {
	for _, ex := range exs {
		head := fmt.Sprintf("── %s: %s %s ", ex.Step, ex.Request.Method, m.URL(ex.Request.URL))
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
			fmt.Fprintf(b, "%s: %s\n", k, m.Header(k, v))
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
	b.WriteString(m.Body(contentType, shown))
	if !bytes.HasSuffix(shown, []byte("\n")) {
		b.WriteString("\n")
	}
	if truncated {
		fmt.Fprintf(b, "[… body cut at %d bytes: the server sent more than %d]\n", MaxBody, MaxBody)
	}
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
