package flows

import (
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// CommandStyle is a command-line HTTP client that a recorded request is
// written for, to paste in a shell (the TUI's copy menu).
type CommandStyle int

// The command styles.
const (
	// CommandCurl writes curl commands.
	CommandCurl CommandStyle = iota
	// CommandHTTPie writes HTTPie commands (http).
	CommandHTTPie
)

// RequestCommand writes the requests of r, a step's result, as shell
// commands for style, to paste in an interactive shell: no "set -e", no
// shebang. Without m.Reveal each secret is a shell variable ("$CODE"), and
// a comment says which to set; revealed, the variables are assigned first,
// on lines of their own. A request that cannot simply be sent again (a
// used code, a spent refresh token) is written all the same, after a
// comment that says why; one that cannot be written safely is not.
// "" when r made no request.
func RequestCommand(r Result, style CommandStyle, m Masker) string {
	run := Run{Results: []Result{r}}
	sv := newSecretVars()
	sv.collect(run, m)
	var cmds strings.Builder
	forEachReplay(run, m, func(string) {}, func(n int, ex exported) {
		rr := replayOf(ex, sv)
		if bad := rr.unsafeReason(); bad != "" {
			cmds.WriteString("# not written: " + bad + "\n")
			return
		}
		if rr.noReplay != "" {
			cmds.WriteString("# " + safetext.Line(rr.noReplay) + "\n")
		}
		sv.note(rr, true)
		if style == CommandHTTPie {
			cmds.WriteString(httpieCommand(rr) + "\n")
		} else {
			cmds.WriteString("curl " + strings.TrimSpace(opt("globoff")) + " " + strings.Join(curlArgs(rr), " ") + "\n")
		}
	})
	if cmds.Len() == 0 {
		return ""
	}
	var b strings.Builder
	for _, v := range sv.written() {
		switch {
		case !m.Reveal:
			b.WriteString("# set " + v.name + " first: " + safetext.Line(v.what) + "\n")
		case !safetext.IsSafe(v.value) || strings.ContainsAny(v.value, "\n\t"):
			b.WriteString("# " + v.name + " holds control characters: set it by hand\n")
		default:
			b.WriteString(v.name + "=" + shQuote(v.value) + "\n")
		}
	}
	b.WriteString(cmds.String())
	return b.String()
}

// httpieCommand is an HTTPie command that sends rr: the method, the URL,
// the headers as Name:value items, a form as name=value items with
// --form, any other body raw.
func httpieCommand(rr replayRequest) string {
	args := []string{"http", strings.TrimSpace(opt("ignore-stdin"))}
	switch {
	case len(rr.form) > 0:
		args = append(args, strings.TrimSpace(opt("form")))
	case len(rr.body) > 0:
		args = append(args, opt("raw")+shWord(rr.body))
	}
	args = append(args, shQuote(rr.method), shWord(rr.url))
	for _, h := range rr.headers {
		if h.name == "Content-Type" && len(rr.form) > 0 {
			continue // --form sets it
		}
		args = append(args, shWord(lit(h.name+":").plus(h.value)))
	}
	for _, p := range rr.form {
		// A backslash keeps a separator in the name literal (HTTPie's
		// escaping of = and : in request items).
		name := strings.NewReplacer(`\`, `\\`, "=", `\=`, ":", `\:`).Replace(p.name)
		args = append(args, shWord(lit(name+"=").plus(p.value)))
	}
	return strings.Join(args, " ")
}
