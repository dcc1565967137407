package cli

import (
	"io"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// writeFindings writes what a step found, one line each: on w (stderr)
// "warning:" for its pre-flight warnings, which come before the request
// they are about; on notes, unless quiet, "note:" for its notes (what was granted, what kind of token came, what the checks
// found) and the stray requests the callback listener ignored. Notes the
// command says in its own words elsewhere are left out: the listener's
// address (the prompt names it) and the stray count (writeStrays
// adds the last request). Each line is masked, put in the command line's
// words and passed through the sanitizer.
func writeFindings(w, notes io.Writer, r flows.Result, m flows.Masker, quiet bool) {
	for _, wn := range r.Warnings {
		warnf(w, "%s (%s)", oneLine(flows.Phrase(m.Text(wn.Message), cliWords{})), wn.Ref)
	}
	if quiet {
		return
	}
	for _, n := range r.Notes {
		if saidElsewhere(r, n) {
			continue
		}
		printLine(notes, "note: %s", oneLine(flows.Phrase(m.Text(n), cliWords{})))
	}
	writeStrays(notes, r.Strays, m)
}

// saidElsewhere tells whether the command prints note n of r in its own
// words.
func saidElsewhere(r flows.Result, n string) bool {
	if r.Strays != nil && n == r.Strays.Note() {
		return true
	}
	return r.Prompt != nil && r.Prompt.RedirectURI != "" && strings.Contains(n, r.Prompt.RedirectURI)
}
