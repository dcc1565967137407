package flows

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// harTime is the HAR's date format: ISO 8601 with milliseconds.
const harTime = "2006-01-02T15:04:05.000Z07:00"

// BuildHAR returns run as a HAR 1.2 log, secrets masked as m says. Each
// entry names its step in comment (the title) and in _step (the ID).
func BuildHAR(run Run, m Masker) HAR {
	version := run.Version
	if version == "" {
		version = "devel"
	}
	log := HARLog{
		Version:  "1.2",
		Creator:  HARCreator{Name: "oauth-explorer", Version: version},
		Entries:  []HAREntry{},
		Provider: run.Provider, GrantID: run.GrantID, GrantName: run.Grant, Issuer: m.URL(run.Issuer),
		Masked: !m.Reveal,
	}
	if m.Reveal {
		log.Comment = "oauth-explorer: " + run.title() + ", " + run.stamp() + ". THIS FILE HOLDS SECRETS IN CLEAR (exported with secrets revealed): client secrets, codes and tokens. Do not share it."
	} else {
		log.Comment = "oauth-explorer: " + run.title() + ", " + run.stamp() + ". Secrets are masked (client secrets, codes, tokens, credentials): this file cannot replay the run."
	}
	for _, ex := range run.exchanges() {
		log.Entries = append(log.Entries, harEntry(ex, m))
	}
	for _, r := range run.Results {
		st := HARStep{ID: r.Step.ID, Title: r.Step.Title, Status: r.Status.String()}
		if r.Prompt != nil && r.Prompt.URL != "" && len(r.Exchanges) == 0 {
			st.Browser = m.URL(r.Prompt.URL)
		}
		log.Steps = append(log.Steps, st)
	}
	return HAR{Log: log}
}

// writeHAR writes the HAR as indented JSON that is safe for a terminal
// too (safetext.JSON), with the same meaning.
func writeHAR(w io.Writer, run Run, m Masker) error {
	b, err := json.MarshalIndent(BuildHAR(run, m), "", "  ")
	if err != nil {
		return fmt.Errorf("writing the HAR: %w", err)
	}
	b = append(safetext.JSON(b), '\n')
	_, err = w.Write(b)
	return err
}

// harEntry writes one exchange as a HAR entry, its step named in comment
// and _step; the recorder measured the whole exchange, written as wait.
func harEntry(ex exported, m Masker) HAREntry {
	ms := float64(ex.Took) / float64(time.Millisecond)
	e := HAREntry{
		StartedDateTime: ex.Start.UTC().Format(harTime),
		Time:            ms,
		Request:         harRequest(ex.Request, m),
		Cache:           HARCache{},
		Timings:         HARTimings{Send: 0, Wait: ms, Receive: 0},
		Comment:         ex.Exchange.Step,
		Step:            ex.step.ID,
		StepTitle:       ex.step.Title,
		StepStatus:      ex.status.String(),
	}
	if e.Comment == "" {
		e.Comment = ex.step.Title
	}
	if ex.Start.IsZero() {
		e.StartedDateTime = time.Unix(0, 0).UTC().Format(harTime)
	}
	if ex.Response == nil {
		e.Response = HARResponse{Cookies: []HARCookie{}, Headers: []HARNameValue{}, HeadersSize: -1, BodySize: -1}
	} else {
		e.Response = harResponse(*ex.Response, m)
	}
	if ex.Err != nil {
		e.Response.Error = m.Text(ex.Err.Error())
	}
	return e
}

// harRequest writes a request, its secrets masked by m: the URL, each
// query parameter, header, cookie and form parameter, and the body.
func harRequest(msg Message, m Masker) HARRequest {
	r := HARRequest{
		Method:      msg.Method,
		URL:         m.URL(stripFragment(msg.URL)),
		HTTPVersion: protoOr(msg.Proto, "HTTP/1.1"),
		Cookies:     []HARCookie{},
		Headers:     harHeaders(msg.Header, m),
		QueryString: []HARNameValue{},
		HeadersSize: -1,
		BodySize:    int64(len(msg.Body)),
	}
	if u, err := url.Parse(msg.URL); err == nil {
		for _, p := range formPairs(u.RawQuery) {
			r.QueryString = append(r.QueryString, HARNameValue{Name: p.name, Value: m.Text(m.Value(p.name, p.value))})
		}
	}
	for _, c := range (&http.Request{Header: msg.Header}).Cookies() {
		r.Cookies = append(r.Cookies, HARCookie{Name: c.Name, Value: maskedCookie(c.Value, m)})
	}
	if len(msg.Body) > 0 || msg.Method == http.MethodPost {
		ct := msg.Header.Get("Content-Type")
		pd := &HARPostData{MimeType: ct, Text: m.Body(ct, msg.Body)}
		if strings.Contains(ct, "x-www-form-urlencoded") {
			for _, p := range formPairs(string(msg.Body)) {
				pd.Params = append(pd.Params, HARParam{Name: p.name, Value: m.Text(m.Value(p.name, p.value))})
			}
		}
		if msg.Truncated {
			pd.Comment = truncatedNote()
		}
		r.PostData = pd
	}
	return r
}

// harResponse writes a response, its secrets masked by m; a body that is
// not UTF-8 goes base64, a cut one is marked.
func harResponse(msg Message, m Masker) HARResponse {
	text := msg.Status
	if code, rest, ok := strings.Cut(msg.Status, " "); ok && code == fmt.Sprint(msg.StatusCode) {
		text = rest
	}
	r := HARResponse{
		Status:      msg.StatusCode,
		StatusText:  text,
		HTTPVersion: protoOr(msg.Proto, "HTTP/1.1"),
		Cookies:     []HARCookie{},
		Headers:     harHeaders(msg.Header, m),
		RedirectURL: m.URL(msg.Header.Get("Location")),
		HeadersSize: -1,
		BodySize:    msg.Size,
	}
	for _, c := range (&http.Response{Header: msg.Header}).Cookies() {
		hc := HARCookie{Name: c.Name, Value: maskedCookie(c.Value, m), Path: c.Path, Domain: c.Domain, HTTPOnly: c.HttpOnly, Secure: c.Secure}
		if !c.Expires.IsZero() {
			hc.Expires = c.Expires.UTC().Format(harTime)
		}
		r.Cookies = append(r.Cookies, hc)
	}
	ct := msg.Header.Get("Content-Type")
	r.Content = HARContent{Size: msg.Size, MimeType: ct, Truncated: msg.Truncated}
	if len(msg.Body) > 0 {
		masked := m.Body(ct, msg.Body)
		if utf8.ValidString(masked) {
			r.Content.Text = masked
		} else {
			r.Content.Text, r.Content.Encoding = base64.StdEncoding.EncodeToString([]byte(masked)), "base64"
		}
	}
	if msg.Truncated {
		r.Content.Comment = truncatedNote()
	}
	return r
}

// truncatedNote marks a body cut at MaxBody.
func truncatedNote() string {
	return fmt.Sprintf("body cut at %d bytes: the server sent more, which oauth-explorer did not keep", MaxBody)
}

// maskedCookie masks a cookie's value: cookies carry sessions.
func maskedCookie(v string, m Masker) string {
	if m.Reveal {
		return v
	}
	return HideAll(v)
}

// harHeaders lists h's headers sorted by name, each value masked.
func harHeaders(h http.Header, m Masker) []HARNameValue {
	out := []HARNameValue{}
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, HARNameValue{Name: k, Value: m.Header(k, v)})
		}
	}
	return out
}

// stripFragment drops a URL's fragment: HAR URLs have none.
func stripFragment(raw string) string {
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		return raw[:i]
	}
	return raw
}

// pair is one name=value of a query or a form, decoded.
type pair struct{ name, value string }

// formPairs splits a query or form body into its parameters, decoded, in
// their order; a part that does not decode is kept as written.
func formPairs(s string) []pair {
	var out []pair
	if s == "" {
		return out
	}
	for _, part := range strings.Split(s, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out = append(out, pair{k, v})
	}
	return out
}
