package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// writeCapture prints an explained capture as a run: a heading, the
// capture's notes, then each step with its roles, outcome, exchanges,
// purpose, notes, tokens and diagnosis. Every line holding the capture's
// text is masked by the capture's Masker and goes through output.go's
// functions (or safetext), so nothing from the file reaches the terminal
// raw.
func writeCapture(w io.Writer, c *flows.Capture, reveal, verbose, symbols bool) error {
	m := c.Masker(reveal)
	var b bytes.Buffer
	title := c.Run.Grant
	if title == "" {
		title = "Capture"
	}
	steps, entries := "steps", "entries"
	if len(c.Run.Results) == 1 {
		steps = "step"
	}
	if c.Entries == 1 {
		entries = "entry"
	}
	head := fmt.Sprintf("%s, %d %s from %d %s", title, len(c.Run.Results), steps, c.Entries, entries)
	if c.Run.Issuer != "" {
		head += ", issuer " + m.URL(c.Run.Issuer)
	}
	printLine(&b, "%s", head)
	for _, n := range c.Notes {
		printLine(&b, "  note: %s", oneLine(flows.Phrase(m.Text(n), cliWords{})))
	}
	for i, r := range c.Run.Results {
		b.WriteString("\n")
		writeCaptureStep(&b, i+1, r, m, verbose, symbols)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeCaptureStep prints one step of the capture.
func writeCaptureStep(w io.Writer, n int, r flows.Result, m flows.Masker, verbose, symbols bool) {
	printLine(w, "%d. %s (%s → %s): %s", n, r.Step.Title, r.Step.From, r.Step.To, r.Status)
	for _, ex := range r.Exchanges {
		printLine(w, "   %s %s → %s", ex.Request.Method, m.URL(ex.Request.URL), exchangeOutcome(ex, m))
	}
	if ex := r.Step.Explain; ex != nil && ex.Purpose != "" {
		for _, line := range wrapWords(safetext.Line(flows.Phrase(ex.Purpose, cliWords{})), decodeWidth-5) {
			printLine(w, "   %s", line)
		}
	}
	for _, note := range r.Notes {
		printLine(w, "   note: %s", oneLine(flows.Phrase(m.Text(note), cliWords{})))
	}
	if verbose {
		writeCapturePairs(w, "sent", r.Sent, m)
		writeCapturePairs(w, "received", r.Received, m)
	}
	for _, in := range r.Inspections {
		writeCaptureToken(w, in, verbose, symbols)
	}
	if r.Err != nil {
		printLine(w, "   error: %s", oneLine(flows.Phrase(m.Text(r.Err.Error()), cliWords{})))
		var d bytes.Buffer
		writeDiagnosis(&d, m.Diagnosis(r.Diagnosis), m)
		for _, line := range strings.SplitAfter(d.String(), "\n") {
			if line != "" {
				_, _ = io.WriteString(w, "   "+line)
			}
		}
	}
	if verbose && len(r.Exchanges) > 0 {
		var t bytes.Buffer
		_ = flows.WriteTranscript(&t, r.Exchanges, m)
		for _, line := range strings.SplitAfter(t.String(), "\n") {
			if line != "" {
				_, _ = io.WriteString(w, "   "+line)
			}
		}
	}
}

// exchangeOutcome says how an exchange ended: its status line, or why no
// answer came.
func exchangeOutcome(ex flows.Exchange, m flows.Masker) string {
	if ex.Response == nil {
		if ex.Err != nil {
			return "no answer (" + oneLine(m.Text(ex.Err.Error())) + ")"
		}
		return "no answer"
	}
	out := ex.Response.Status
	if loc := ex.Response.Header.Get("Location"); loc != "" && ex.Response.StatusCode/100 == 3 {
		out += ", to " + m.URL(loc)
	}
	return out
}

// writeCapturePairs prints what a step sent or received, each value masked
// and explained.
func writeCapturePairs(w io.Writer, label string, pairs []flows.Pair, m flows.Masker) {
	for _, p := range pairs {
		line := fmt.Sprintf("   %s: %s = %s", label, p.Name, shortPair(oneLine(m.Pair(p))))
		if p.Meaning != "" {
			line += " — " + oneLine(flows.Phrase(p.Meaning, cliWords{}))
		}
		if p.Ref != "" {
			line += " (" + p.Ref + ")"
		}
		printLine(w, "%s", line)
	}
}

// shortPair cuts a long value to maxValueShown characters, saying how
// long it is: the exchanges below show it whole.
func shortPair(s string) string {
	r := []rune(s)
	if len(r) <= maxValueShown {
		return s
	}
	return fmt.Sprintf("%s… (%d characters, whole in the exchange below)", string(r[:maxValueShown]), len(r))
}

// writeCaptureToken prints a token of a step, decoded, with its
// verification checklist when it was verified, indented under the step;
// the meaning of each claim with verbose only.
func writeCaptureToken(w io.Writer, in flows.Inspection, verbose, symbols bool) {
	printLine(w, "   %s:", in.Label)
	if in.Token == nil {
		if in.DecodeErr != nil {
			printLine(w, "     cannot be decoded: %s", oneLine(in.DecodeErr.Error()))
		}
		return
	}
	rep := newDecodeReport(in.Token, time.Now(), time.Local)
	if v := in.Verification; v != nil {
		rep.Verified = true
		for _, c := range v.Checks {
			rep.Checks = append(rep.Checks, decodeCheck{Name: c.Name, Status: c.Status.String(), Detail: c.Detail})
			if c.Status == inspect.StatusFail {
				rep.Valid = false
			}
		}
	}
	if !verbose {
		for _, items := range [][]decodeItem{rep.Header, rep.Claims} {
			for i := range items {
				items[i].Meaning, items[i].Ref = "", ""
			}
		}
	}
	var t bytes.Buffer
	_ = writeDecodeText(&t, rep, symbols)
	// decode's --json, named where a value is cut, is not explain's.
	text := strings.ReplaceAll(t.String(), " characters; --json shows all)", " characters)")
	if !rep.Verified {
		// decode's advice names its own flags; the step's notes say what
		// explain needs instead.
		text = strings.Replace(text, "\nNot verified: give --issuer URL (or --jwks URL) to check the signature and the claims.\n", "\nNot verified.\n", 1)
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.TrimSpace(line) != "" {
			_, _ = io.WriteString(w, "     "+line)
		}
	}
}
