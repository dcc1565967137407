package flows

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxHARSize caps the bytes ReadHAR reads unless told otherwise: a
// devtools capture of a login is a few MiB; one over 64 MiB holds far more
// than an OAuth flow (videos, a long session) and is refused rather than
// held in memory.
const MaxHARSize = 64 << 20

// maxHAREntries caps the entries of a capture: a page session with more
// requests than this is not one flow.
const maxHAREntries = 100_000

// HARError is a capture that cannot be read: what is wrong and where, by
// the member's path in the file ("log.entries[3].request.url"). Its text
// never carries the file's bytes raw: a value it quotes is quoted as Go
// quotes strings.
type HARError struct {
	// Member is the path of the member at fault; "" for the file as a
	// whole.
	Member string
	// Problem says what is wrong with it.
	Problem string
}

func (e *HARError) Error() string {
	if e.Member == "" {
		return "HAR capture: " + e.Problem
	}
	return "HAR capture: " + e.Member + ": " + e.Problem
}

// ReadHAR reads a HAR 1.2 capture (a browser's devtools export, or this
// program's own with ExportHAR) of at most limit bytes (MaxHARSize when
// limit is 0 or less). Its errors are *HARError, naming the member and
// the entry at fault; a capture too large says its cap.
func ReadHAR(r io.Reader, limit int64) (*HAR, error) {
	if limit <= 0 {
		limit = MaxHARSize
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &HARError{Problem: fmt.Sprintf("reading it failed: %v", err)}
	}
	if int64(len(b)) > limit {
		return nil, &HARError{Problem: fmt.Sprintf("it is over %s, the cap on a capture: a capture of one OAuth flow is a few MiB; save only the flow's requests (devtools: filter, or clear the log before the flow)", sizeText(limit))}
	}
	return parseHAR(b)
}

// sizeText writes n bytes in MiB or KiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%d bytes", n)
}

// parseHAR decodes and checks a capture: the log and its version first,
// then each entry on its own, so that an error names the entry.
func parseHAR(b []byte) (*HAR, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a BOM, as some tools write
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &HARError{Problem: "the file is empty"}
	}
	var top struct {
		Log *json.RawMessage `json:"log"`
	}
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, jsonProblem("", b, err)
	}
	if top.Log == nil {
		return nil, &HARError{Problem: `no "log" member: this is JSON, but not a HAR file`}
	}
	var lg struct {
		HARLog
		Entries *[]json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(*top.Log, &lg); err != nil {
		return nil, jsonProblem("log", *top.Log, err)
	}
	switch v := lg.Version; {
	case v == "":
		return nil, &HARError{Member: "log.version", Problem: "missing: a HAR file says its version (1.1 or 1.2)"}
	case v != "1.1" && v != "1.2":
		return nil, &HARError{Member: "log.version", Problem: fmt.Sprintf("version %s: only HAR 1.1 and 1.2 are read", strconv.Quote(v))}
	}
	if lg.Entries == nil {
		return nil, &HARError{Member: "log.entries", Problem: "missing: a HAR file lists its requests in log.entries"}
	}
	if len(*lg.Entries) > maxHAREntries {
		return nil, &HARError{Member: "log.entries", Problem: fmt.Sprintf("%d entries, over the cap of %d: save only the flow's requests", len(*lg.Entries), maxHAREntries)}
	}
	h := &HAR{Log: lg.HARLog}
	h.Log.Entries = make([]HAREntry, 0, len(*lg.Entries))
	for i, raw := range *lg.Entries {
		member := fmt.Sprintf("log.entries[%d]", i)
		var e HAREntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, jsonProblem(member, raw, err)
		}
		if err := checkEntry(member, &e); err != nil {
			return nil, err
		}
		h.Log.Entries = append(h.Log.Entries, e)
	}
	return h, nil
}

// checkEntry checks what every entry must have to be read: a method and
// a URL with a scheme and a host.
func checkEntry(member string, e *HAREntry) error {
	if e.Request.Method == "" {
		return &HARError{Member: member + ".request.method", Problem: "missing"}
	}
	u, err := url.Parse(e.Request.URL)
	if e.Request.URL == "" {
		return &HARError{Member: member + ".request.url", Problem: "missing"}
	}
	// A custom scheme (com.example.app:/callback, RFC 8252 §7.1) has no
	// host, and a browser records the navigation to it all the same.
	if err != nil || u.Scheme == "" {
		return &HARError{Member: member + ".request.url", Problem: fmt.Sprintf("%s is not an absolute URL", strconv.Quote(shorten(e.Request.URL, 80)))}
	}
	return nil
}

// shorten cuts s to n bytes, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// jsonProblem turns a JSON decoding error of b, the member at member, into
// a HARError naming the line and column, or the member whose type is
// wrong.
func jsonProblem(member string, b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end"):
		return &HARError{Member: member, Problem: "the JSON ends too early: the file is cut short"}
	case errors.As(err, &se):
		line, col := lineCol(b, se.Offset)
		where := fmt.Sprintf("line %d, column %d", line, col)
		if member != "" {
			where += " of " + member
		}
		msg := strings.TrimPrefix(se.Error(), "json: ")
		return &HARError{Problem: fmt.Sprintf("not valid JSON at %s: %s", where, msg)}
	case errors.As(err, &te):
		path := member
		if f := strings.TrimPrefix(te.Field, "HARLog."); f != "" && f != "HARLog" {
			if path != "" {
				path += "."
			}
			path += f
		}
		return &HARError{Member: path, Problem: fmt.Sprintf("a JSON %s where %s was expected", te.Value, jsonKind(te.Type.Kind().String()))}
	}
	if member == "" && errors.Is(err, io.ErrUnexpectedEOF) {
		return &HARError{Problem: "the JSON ends too early: the file is cut short"}
	}
	return &HARError{Member: member, Problem: strings.TrimPrefix(err.Error(), "json: ")}
}

// jsonKind names a Go kind as the JSON value it decodes.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

// lineCol finds the character a JSON syntax error's offset follows (the
// offending one) and returns its line and column, from 1.
func lineCol(b []byte, off int64) (int, int) {
	pos := min(max(off-1, 0), int64(len(b)))
	before := b[:pos]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(pos) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// harExchange turns entry i of a capture into an Exchange: headers (the
// HTTP/2 pseudo-headers left out), bodies (base64 decoded, cut at
// MaxBody as the Recorder cuts them), the start and the time taken. A
// request the browser got no answer to (status 0) has no Response, and
// its _error as Err.
func harExchange(i int, e HAREntry) (Exchange, error) {
	ex := Exchange{Step: e.StepTitle, Request: Message{
		Method: e.Request.Method,
		URL:    e.Request.URL,
		Proto:  e.Request.HTTPVersion,
		Header: harHeader(e.Request.Headers),
	}}
	if t, err := time.Parse(time.RFC3339Nano, e.StartedDateTime); err == nil {
		ex.Start = t
	}
	if e.Time > 0 && e.Time < 1e12 {
		ex.Took = time.Duration(e.Time * float64(time.Millisecond))
	}
	if pd := e.Request.PostData; pd != nil {
		body := pd.Text
		if body == "" && len(pd.Params) > 0 {
			v := url.Values{}
			for _, p := range pd.Params {
				v.Add(p.Name, p.Value)
			}
			body = v.Encode()
		}
		ex.Request.Body, ex.Request.Size, ex.Request.Truncated = capBody([]byte(body))
		if ex.Request.Header.Get("Content-Type") == "" && pd.MimeType != "" {
			ex.Request.Header.Set("Content-Type", pd.MimeType)
		}
	}
	resp := e.Response
	if resp.Status == 0 {
		why := resp.Error
		if why == "" {
			why = "no response recorded (status 0)"
		}
		ex.Err = errors.New(why)
		return ex, nil
	}
	m := &Message{StatusCode: resp.Status, Proto: resp.HTTPVersion, Header: harHeader(resp.Headers)}
	m.Status = strconv.Itoa(resp.Status)
	if resp.StatusText != "" {
		m.Status += " " + resp.StatusText
	} else if t := http.StatusText(resp.Status); t != "" {
		m.Status += " " + t
	}
	body := []byte(resp.Content.Text)
	if strings.EqualFold(resp.Content.Encoding, "base64") {
		dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(resp.Content.Text))
		if err != nil {
			return ex, &HARError{Member: fmt.Sprintf("log.entries[%d].response.content.text", i), Problem: "not valid base64, though content.encoding says base64"}
		}
		body = dec
	}
	m.Body, m.Size, m.Truncated = capBody(body)
	if resp.Content.Truncated {
		m.Truncated = true
	}
	if m.Header.Get("Content-Type") == "" && resp.Content.MimeType != "" {
		m.Header.Set("Content-Type", resp.Content.MimeType)
	}
	if m.Header.Get("Location") == "" && resp.RedirectURL != "" {
		m.Header.Set("Location", resp.RedirectURL)
	}
	ex.Response = m
	if resp.Error != "" {
		ex.Err = errors.New(resp.Error)
	}
	return ex, nil
}

// harHeader collects a HAR's headers, leaving out HTTP/2's pseudo-headers
// (":authority", ":path"), which are not headers.
func harHeader(nvs []HARNameValue) http.Header {
	h := http.Header{}
	for _, nv := range nvs {
		if nv.Name == "" || strings.HasPrefix(nv.Name, ":") {
			continue
		}
		h.Add(nv.Name, nv.Value)
	}
	return h
}
