package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// decodeReport is what decode prints; with --json it is the output, so its JSON
// names are a stable interface.
type decodeReport struct {
	// Kind is "JWS" or "JWE".
	Kind     string       `json:"kind"`
	Header   []decodeItem `json:"header"`
	Claims   []decodeItem `json:"claims"`
	Warnings []string     `json:"warnings"`
	// Verified tells whether the checklist ran; Checks is empty otherwise.
	Verified bool          `json:"verified"`
	Checks   []decodeCheck `json:"checks"`
	// Valid is false when a check failed.
	Valid bool `json:"valid"`
	// heading names the kind of token in a line (inspect.Token.Heading).
	heading string
}

// decodeItem is a header parameter or a claim.
type decodeItem struct {
	Name string `json:"name"`
	// Value is the JSON value as it is in the token.
	Value   json.RawMessage `json:"value"`
	Meaning string          `json:"meaning"`
	Ref     string          `json:"ref,omitempty"`
	Source  string          `json:"source,omitempty"`
	// Time (RFC 3339, UTC) and Relative are set for the NumericDate claims.
	Time     string `json:"time,omitempty"`
	Relative string `json:"relative,omitempty"`

	display string
}

type decodeCheck struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail"`
}

const (
	unknownClaimMeaning  = "not a registered or well-known claim: its meaning is the issuer's"
	unknownHeaderMeaning = "a header parameter this tool does not know"
)

func newDecodeReport(t *inspect.Token, now time.Time, loc *time.Location) *decodeReport {
	rep := &decodeReport{Kind: t.Kind.String(), Warnings: append([]string{}, t.Warnings...), Checks: []decodeCheck{}, Valid: true,
		Header: []decodeItem{}, Claims: []decodeItem{}, heading: t.Heading()}
	if exp, expired := t.Expired(now); expired {
		rep.Warnings = append(rep.Warnings, "expired "+inspect.Relative(exp, now)+" (exp "+exp.UTC().Format(time.RFC3339)+"); a server refuses it (RFC 7519 §4.1.4)")
	}
	for _, h := range t.Header {
		it := decodeItem{Name: h.Name, Value: h.Raw, Meaning: unknownHeaderMeaning, display: h.Describe(now)}
		if d, ok := inspect.ExplainHeader(h.Name); ok {
			it.Meaning, it.Ref, it.Source = d.Meaning, d.Ref, d.Source
		}
		rep.Header = append(rep.Header, it)
	}
	for _, c := range t.Claims {
		it := decodeItem{Name: c.Name, Value: c.Raw, Meaning: unknownClaimMeaning}
		if d, ok := inspect.ExplainClaim(c.Name); ok {
			it.Meaning, it.Ref, it.Source = d.Meaning, d.Ref, d.Source
		}
		if c.Time != nil {
			it.Time = c.Time.UTC().Format(time.RFC3339)
			it.Relative = inspect.Relative(*c.Time, now)
			it.display = inspect.FormatTimeLocal(*c.Time, now, loc)
		} else {
			it.display = c.Describe(now)
		}
		rep.Claims = append(rep.Claims, it)
	}
	return rep
}

// writeDecodeJSON writes the report as JSON. The values are the token's as
// they are (names and claims are the issuer's text), so the document passes
// safetext.JSON: what a terminal would act on is written as a JSON escape.
func writeDecodeJSON(w io.Writer, rep *decodeReport) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return err
	}
	return writeJSON(w, buf.Bytes())
}

// maxValueShown caps a value in the text output (x5c chains run to kilobytes);
// --json keeps it whole.
const maxValueShown = 200

// writeDecodeText writes the report as text. Header parameters and claims,
// their names and values, the warnings and the checks' details hold the
// token's text: each is shown on its line with controls escaped
// (safetext.Line).
func writeDecodeText(w io.Writer, rep *decodeReport, useSymbols bool) error {
	var b strings.Builder
	b.WriteString(rep.heading + "\n")
	writeDecodeItems(&b, "Header", rep.Header)
	if rep.Kind != inspect.KindJWE.String() {
		writeDecodeItems(&b, "Claims", rep.Claims)
	}
	if len(rep.Warnings) > 0 {
		b.WriteString("\nWarnings\n")
		for _, wn := range rep.Warnings {
			fmt.Fprintf(&b, "  %s %s\n", checkMark("warn", useSymbols), safetext.Line(wn))
		}
	}
	if rep.Verified {
		b.WriteString("\nVerification\n")
		width := 0
		for _, c := range rep.Checks {
			width = max(width, len(c.Name))
		}
		for _, c := range rep.Checks {
			fmt.Fprintf(&b, "  %s %-*s  %s\n", checkMark(c.Status, useSymbols), width, safetext.Line(c.Name), safetext.Line(c.Detail))
		}
		if rep.Valid {
			b.WriteString("\nNo check failed.\n")
		} else {
			b.WriteString("\nThe token fails verification: do not accept it.\n")
		}
	} else {
		b.WriteString("\nNot verified: give --issuer URL (or --jwks URL) to check the signature and the claims.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDecodeItems(b *strings.Builder, title string, items []decodeItem) {
	fmt.Fprintf(b, "\n%s\n", title)
	width := 0
	for _, it := range items {
		width = max(width, utf8.RuneCountInString(safetext.Line(it.Name)))
	}
	width = min(width, 20)
	indent := strings.Repeat(" ", width+4)
	for _, it := range items {
		fmt.Fprintf(b, "  %-*s  %s\n", width, safetext.Line(it.Name), shortenValue(safetext.Line(it.display)))
		meaning := it.Meaning
		if it.Ref != "" {
			meaning += " (" + it.Ref + ")"
		}
		for _, line := range wrapWords(safetext.Line(meaning), max(decodeWidth-len(indent), 40)) {
			fmt.Fprintf(b, "%s%s\n", indent, line)
		}
	}
}

// decodeWidth is the width the explanations are wrapped to.
const decodeWidth = 80

// wrapWords breaks s into lines of at most width runes at spaces; a longer
// word gets a line of its own.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func shortenValue(s string) string {
	if utf8.RuneCountInString(s) <= maxValueShown {
		return s
	}
	r := []rune(s)
	return fmt.Sprintf("%s… (%d characters; --json shows all)", string(r[:maxValueShown]), len(r))
}

// checkMark renders a check status as a symbol or a word.
func checkMark(status string, useSymbols bool) string {
	if !useSymbols {
		return fmt.Sprintf("%-4s", status)
	}
	switch status {
	case "pass":
		return "✓"
	case "fail":
		return "✗"
	case "warn":
		return "!"
	}
	return "-"
}
