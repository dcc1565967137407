package flows

import (
	"bufio"
	"io"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// writeHTTPFile writes run as an .http file, which the VS Code REST Client
// and the JetBrains HTTP client both read: requests separated by ###
// lines, file variables declared as "@NAME = value" and referred to as
// {{NAME}}. Every secret is such a variable, left empty (to fill in)
// unless m reveals. A request whose text would start a new request (a
// body line that starts with ###), expand a variable the client knows
// ({{$processEnv …}} in a URL a server chose) or carry a control character
// is written commented out, as is one that cannot simply be sent again.
func writeHTTPFile(w io.Writer, run Run, m Masker) error {
	sv := newSecretVars()
	sv.collect(run, m)
	var body strings.Builder
	forEachReplay(run, m, func(leg string) {
		// A block of its own: a comment after a request would be its body.
		body.WriteString("\n### " + noBraces(leg) + "\n")
	}, func(n int, ex exported) {
		writeHTTPRequest(&body, n, replayOf(ex, sv), sv, m)
	})

	b := bufio.NewWriter(w)
	if m.Reveal {
		b.WriteString("# WARNING: THIS FILE HOLDS SECRETS IN CLEAR (exported with secrets revealed):\n# client secrets, codes and tokens. Do not share it; delete it when done.\n")
	}
	httpComment(b, "oauth-explorer: "+run.title()+", "+run.stamp())
	if run.Issuer != "" {
		httpComment(b, "issuer: "+m.URL(run.Issuer))
	}
	b.WriteString("#\n# The run's requests, in order, for the VS Code REST Client or the\n# JetBrains HTTP client: send them one by one.\n")
	if len(sv.written()) > 0 {
		if m.Reveal {
			b.WriteString("#\n# The run's secrets:\n")
		} else {
			b.WriteString("#\n# Secrets are not in this file: fill in the variables below that the\n# requests use before sending them.\n")
		}
		for _, v := range sv.written() {
			value := ""
			if m.Reveal {
				value = v.value
				if safetext.Line(value) != value {
					value = ""
					httpComment(b, v.name+": its value holds control characters and is not written; fill it in by hand")
				}
			}
			what := v.what
			if !m.Reveal && !sv.used[v.name] {
				what += " (only in commented-out requests)"
			}
			httpComment(b, v.name+": "+what)
			b.WriteString(strings.TrimSuffix("@"+v.name+" = "+value, " ") + "\n")
		}
	}
	b.WriteString(body.String())
	return b.Flush()
}

// writeHTTPRequest writes one request of an .http file.
func writeHTTPRequest(b *strings.Builder, n int, rr replayRequest, sv *secretVars, m Masker) {
	b.WriteString("\n### " + noBraces(replayHeadline(n, rr, m)) + "\n")
	why := rr.noReplay
	if bad := rr.unsafeReason(); bad != "" {
		b.WriteString("# Not written: " + bad + ".\n")
		return
	}
	var req strings.Builder
	if rr.mtls {
		req.WriteString("# " + mtlsNote + "\n")
	}
	req.WriteString(rr.method + " " + httpText(rr.url) + " HTTP/1.1\n")
	for _, h := range rr.headers {
		req.WriteString(h.name + ": " + httpText(h.value) + "\n")
	}
	var body string
	switch {
	case len(rr.form) > 0:
		parts := make([]string, len(rr.form))
		for i, p := range rr.form {
			parts[i] = url.QueryEscape(p.name) + "=" + httpText(escapeLits(p.value))
		}
		body = strings.Join(parts, "&")
	case len(rr.body) > 0:
		body = httpText(rr.body)
	}
	if body != "" {
		req.WriteString("\n" + strings.TrimRight(body, "\n") + "\n")
	}
	text := req.String()
	if why == "" {
		why = httpUnsafe(rr, text)
	}
	if why != "" {
		sv.note(rr, false)
		b.WriteString("# Commented out: " + safetext.Line(why) + ".\n")
		b.WriteString("# " + strings.ReplaceAll(strings.TrimSuffix(text, "\n"), "\n", "\n# ") + "\n")
		return
	}
	sv.note(rr, true)
	b.WriteString(text)
}

// httpUnsafe says why the text of a request cannot go in an .http file as
// it is: "" when it can.
func httpUnsafe(rr replayRequest, text string) string {
	for _, t := range append([]tmpl{rr.url, rr.body}, headerValues(rr)...) {
		for _, s := range t {
			if strings.Contains(s.lit, "{{") {
				return "it holds {{, which the HTTP clients would expand as a variable (even {{$processEnv …}})"
			}
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), "###") {
			return "a line of it starts with ###, which would start a new request"
		}
	}
	return ""
}

// headerValues lists the values of rr's headers and form parameters.
func headerValues(rr replayRequest) []tmpl {
	var out []tmpl
	for _, h := range rr.headers {
		out = append(out, h.value)
	}
	for _, p := range rr.form {
		out = append(out, p.value)
	}
	return out
}

// httpText writes t with its variables as {{NAME}}.
func httpText(t tmpl) string {
	var b strings.Builder
	for _, s := range t {
		if s.v != "" {
			b.WriteString("{{" + s.v + "}}")
		} else {
			b.WriteString(s.lit)
		}
	}
	return b.String()
}

// httpComment writes s as one comment line.
func httpComment(b *bufio.Writer, s string) {
	b.WriteString("# " + noBraces(safetext.Line(s)) + "\n")
}

// noBraces keeps a comment or a request's name from holding "{{", which
// an HTTP client might read as a variable.
func noBraces(s string) string { return strings.ReplaceAll(s, "{{", "{ {") }
