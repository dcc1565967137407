package flows

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// writeMarkdown writes run as a transcript for a bug report or an issue: a
// title, a table of the steps and how each ended, then each step with its
// notes, its exchanges (request and response as FormatRequest and
// FormatResponse write them, secrets masked by m) and, when it failed, its
// diagnosis. Outside text cannot change the document's structure: it is
// escaped on one line in headings, lists and table cells, and a code
// block's fence is longer than any run of backticks inside it.
func writeMarkdown(w io.Writer, run Run, m Masker) error {
	b := bufio.NewWriter(w)
	if m.Reveal {
		b.WriteString("> **Warning: this transcript holds secrets in clear** (exported with secrets revealed): client secrets, codes and tokens. Do not post it.\n\n")
	}
	fmt.Fprintf(b, "# %s\n\n", mdInline(run.title()))
	fmt.Fprintf(b, "Run of %s", run.stamp())
	if run.Issuer != "" {
		fmt.Fprintf(b, " against `%s`", mdCode(m.URL(run.Issuer)))
	}
	b.WriteString(", exported by oauth-explorer")
	if run.Version != "" {
		fmt.Fprintf(b, " %s", mdInline(run.Version))
	}
	b.WriteString(".")
	if !m.Reveal {
		b.WriteString(" Secrets (client secrets, codes, tokens, credentials) are masked.")
	}
	b.WriteString("\n\n| # | Step | Status | Exchanges |\n|---|---|---|---|\n")
	for i, r := range run.Results {
		fmt.Fprintf(b, "| %d | %s | %s | %d |\n", i+1, mdCell(r.Step.Title), mdCell(statusWord(r.Status)), len(r.Exchanges))
	}
	for i, r := range run.Results {
		writeMarkdownStep(b, i+1, r, m, run.words())
	}
	return b.Flush()
}

// statusWord says how a step ended, a failure loudly.
func statusWord(s Status) string {
	if s == Failed {
		return "**failed**"
	}
	return s.String()
}

// writeMarkdownStep writes step n: its title and status, summary, error,
// notes and warnings, the URL the browser was sent to, its exchanges, and
// its diagnosis when it failed, texts in w's words.
func writeMarkdownStep(b *bufio.Writer, n int, r Result, m Masker, w Words) {
	fmt.Fprintf(b, "\n## %d. %s (%s)\n\n", n, mdInline(r.Step.Title), r.Status)
	if r.Step.Summary != "" {
		b.WriteString(mdInline(r.Step.Summary) + "\n\n")
	}
	if r.Err != nil {
		fmt.Fprintf(b, "**Error:** %s\n\n", mdInline(m.Text(r.Err.Error())))
	}
	for _, note := range r.Notes {
		fmt.Fprintf(b, "- %s\n", mdInline(Phrase(m.Text(note), w)))
	}
	for _, wn := range r.Warnings {
		fmt.Fprintf(b, "- warning: %s\n", mdInline(Phrase(m.Text(wn.Message), w)))
	}
	if len(r.Notes)+len(r.Warnings) > 0 {
		b.WriteString("\n")
	}
	if r.Prompt != nil && r.Prompt.URL != "" {
		fmt.Fprintf(b, "The user was sent to:\n\n")
		mdFence(b, "", m.URL(r.Prompt.URL))
	}
	for _, ex := range r.Exchanges {
		fmt.Fprintf(b, "### %s %s\n\n", mdInline(ex.Request.Method), mdInline(m.URL(stripFragment(ex.Request.URL))))
		mdFence(b, "http", FormatRequest(ex, m))
		mdFence(b, "http", FormatResponse(ex, m))
	}
	if d := m.Diagnosis(r.Diagnosis); d != nil && r.Status == Failed {
		d = d.Phrased(w)
		b.WriteString("### Diagnosis\n\n")
		b.WriteString("**What happened:** " + mdInline(d.What) + "\n\n")
		mdList(b, "Likely causes", d.Causes)
		mdList(b, "What to try", d.Try)
		if d.Ref != "" {
			b.WriteString("**Reference:** " + mdInline(d.Ref) + "\n\n")
		}
	}
}

// mdList writes a titled bullet list; nothing when items is empty.
func mdList(b *bufio.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	b.WriteString("**" + title + ":**\n\n")
	for _, it := range items {
		b.WriteString("- " + mdInline(it) + "\n")
	}
	b.WriteString("\n")
}

// mdFence writes text as a fenced code block whose fence is longer than
// any run of backticks in it, so that nothing inside can close it.
func mdFence(b *bufio.Writer, info, text string) {
	text = safetext.Block(text)
	longest, run := 0, 0
	for _, c := range text {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	b.WriteString(fence + info + "\n" + strings.TrimRight(text, "\n") + "\n" + fence + "\n\n")
}

// mdInline makes outside text one line of Markdown that cannot start a
// block of its own or add HTML: controls escaped (a newline too), and
// the characters that open tags, links and emphasis escaped.
func mdInline(s string) string {
	s = safetext.Line(s)
	return mdEscaper.Get().Replace(s)
}

// mdEscaper escapes the Markdown and HTML specials of inline text.
var mdEscaper = lazy.Value[*strings.Replacer]{New: func() *strings.Replacer {
	return strings.NewReplacer(
		`\`, `\\`, "`", "\\`", "*", `\*`, "[", `\[`, "]", `\]`,
		"<", "&lt;", ">", "&gt;", "|", `\|`, "#", `\#`,
	)
}}

// mdCell is mdInline for a table cell, where | ends the cell.
func mdCell(s string) string {
	if strings.HasPrefix(s, "**") && strings.HasSuffix(s, "**") {
		return "**" + mdInline(strings.Trim(s, "*")) + "**"
	}
	return mdInline(s)
}

// mdCode makes text safe inside a one-backtick code span on one line.
func mdCode(s string) string {
	return strings.ReplaceAll(safetext.Line(s), "`", "'")
}
