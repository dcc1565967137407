package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// The commands print text that mixes their own words with values from
// outside: a server's error and error_description, discovery documents,
// token claims, the providers file. Every such line goes through the
// functions below, which pass it through package safetext once it is
// complete, so that no value can steer the terminal (colours, the title,
// the clipboard through OSC 52) or start a line of its own (a forged
// "likely cause:"). Masking comes first: it must see the values as they
// were sent.

// printLine writes one line: the formatted text with every control
// character, newline and tab included, shown as an escape.
func printLine(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, safetext.Line(fmt.Sprintf(format, args...)))
}

// warnf writes a "warning: " line on w (stderr).
func warnf(w io.Writer, format string, args ...any) {
	printLine(w, "warning: "+format, args...)
}

// printError writes the one-line error summary: "oauth-explorer: " and msg
// with its runs of spaces, tabs and line breaks made one space (Entra
// appends trace IDs on lines of their own), and the settings and views it
// names put in the command line's words: every error reaches the user
// through here, and an error from flows or providers (Validate) names
// them as placeholders (flows.Phrase).
func printError(w io.Writer, msg string) {
	printLine(w, "oauth-explorer: %s", oneLine(flows.Phrase(msg, cliWords{})))
}

// printFailure writes a failed step: the one-line summary of err, then the
// diagnosis, every line masked by m.
func printFailure(w io.Writer, err error, d *flows.Diagnosis, m flows.Masker) {
	printError(w, m.Text(err.Error()))
	writeDiagnosis(w, d, m)
}

// writeDiagnosis writes the causes, what to try and the reference of d
// (its What is the summary line printFailure has written).
func writeDiagnosis(w io.Writer, d *flows.Diagnosis, m flows.Masker) {
	if d == nil {
		return
	}
	d = d.Phrased(cliWords{})
	for _, c := range d.Causes {
		printLine(w, "  likely cause: %s", oneLine(m.Text(c)))
	}
	for _, t := range d.Try {
		printLine(w, "  try: %s", oneLine(m.Text(t)))
	}
	if d.Ref != "" {
		printLine(w, "  see: %s", oneLine(d.Ref))
	}
}

// oneLine makes s one line: every run of ASCII white space (space, tab,
// CR, LF, VT, FF) becomes one space. Other characters are left for
// safetext to show: strings.Fields would also swallow NEL (U+0085), a C1
// control, and the Unicode line separators without a trace.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
		return false
	}), " ")
}

// cell makes a value safe for one cell of a tabwriter table: a tab or a
// newline in it would break the columns, so they are shown as escapes too.
func cell(s string) string { return safetext.Line(s) }

// writeJSON writes JSON text on w, followed by a newline, with whatever a
// terminal would act on escaped as JSON escapes it (safetext.JSON): the
// document stays valid JSON with the same values.
func writeJSON(w io.Writer, b []byte) error {
	out := safetext.JSON(b)
	if _, err := w.Write(out); err != nil {
		return err
	}
	if len(out) > 0 && out[len(out)-1] == '\n' {
		return nil
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// cliWords names settings and views as the command line has them: flags,
// and -v for what went over the wire (flows.Words).
type cliWords struct{}

// Setting implements flows.Words: the flag; for the client secret the
// environment variable first, as --help advises (a flag's value stays in
// the shell's history and shows in ps).
func (cliWords) Setting(name string) string {
	if where, ok := inputSetting(name); ok {
		return where
	}
	if name == "client-secret" {
		return "$" + clientSecretEnv + " (or --client-secret)"
	}
	return "--" + name
}

// View implements flows.Words.
func (cliWords) View(name string) string {
	switch name {
	case "request", "response", "callback":
		return "the " + name + " (run with -v to see it)"
	case "claims":
		return "the token's claims (oauth-explorer decode TOKEN)"
	}
	return "the " + name
}
