package flows

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/lazy"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// Run is a flow's run as the TUI and the token command hold it, for an
// export: who and what ran, and every step's Result in the order the steps
// ran (with the exchanges each made).
type Run struct {
	// Provider is the provider's name ("demo", "work", "custom").
	Provider string
	// GrantID is the grant's --flow value (Grant.ID), Grant its name.
	GrantID, Grant string
	// Issuer is the provider's issuer, or its token URL when it has none.
	Issuer string
	// Start is when the run started.
	Start time.Time
	// Results are the steps' results, in the order they ran.
	Results []Result
	// Version is the program's version, for the HAR creator; "" is
	// written "devel".
	Version string
	// Words names settings and views in the notes and diagnoses of the
	// Markdown transcript, as the surface that exports says them; nil
	// means PlainWords.
	Words Words
	// clientSecret is the client's secret (NewRun sets it), to name its
	// variable in a replay export wherever its value appears.
	clientSecret string
}

// NewRun starts the Run of a flow of grant g against p, started at start;
// append each Result to its Results as the step returns it (Add).
func NewRun(p providers.Provider, g Grant, start time.Time) Run {
	iss := p.Issuer
	if iss == "" {
		iss = p.TokenURL
	}
	return Run{Provider: p.Name, GrantID: g.ID, Grant: g.Name, Issuer: iss, Start: start, clientSecret: p.ClientSecret}
}

// Add appends the Result of a step that ran.
func (run *Run) Add(r Result) { run.Results = append(run.Results, r) }

// ExportFormat is a format a Run is exported in.
type ExportFormat string

// The export formats: their values are the --export-format values.
const (
	// ExportMarkdown is a redacted transcript for a bug report or an
	// issue: a summary table, then each step's exchanges and diagnosis.
	ExportMarkdown ExportFormat = "markdown"
	// ExportHAR is an HTTP Archive 1.2 file, for browser devtools and HTTP
	// tools; a reader finds each entry's step in its _step member (see
	// HAR and BuildHAR).
	ExportHAR ExportFormat = "har"
	// ExportCurl is a POSIX shell script of curl commands that replays the
	// run, secrets taken from environment variables.
	ExportCurl ExportFormat = "curl"
	// ExportHTTP is an .http file for the VS Code REST Client and the
	// JetBrains HTTP client, secrets as {{VARIABLES}}.
	ExportHTTP ExportFormat = "http"
)

// ExportFormats lists every format, in the order help texts name them.
func ExportFormats() []ExportFormat {
	return []ExportFormat{ExportMarkdown, ExportHAR, ExportCurl, ExportHTTP}
}

// exportExts maps a file's extension to its format.
var exportExts = lazy.Value[map[string]ExportFormat]{New: func() map[string]ExportFormat {
	return map[string]ExportFormat{
		".md": ExportMarkdown, ".markdown": ExportMarkdown,
		".har": ExportHAR,
		".sh":  ExportCurl, ".curl": ExportCurl,
		".http": ExportHTTP, ".rest": ExportHTTP,
	}
}}

// Ext is the file extension a format is written with by default.
func (f ExportFormat) Ext() string {
	switch f {
	case ExportMarkdown:
		return ".md"
	case ExportHAR:
		return ".har"
	case ExportCurl:
		return ".sh"
	}
	return ".http"
}

// ExportFormatFor chooses the format of an export to path: explicit when
// given (an --export-format value), else from path's extension (.md, .har,
// .sh, .http or .rest). Its errors name the setting as
// {setting:export-format} (Phrase puts it in a surface's words) and list
// the values.
func ExportFormatFor(path, explicit string) (ExportFormat, error) {
	values := exportFormatList()
	if explicit != "" {
		for _, f := range ExportFormats() {
			if strings.EqualFold(explicit, string(f)) {
				return f, nil
			}
		}
		return "", fmt.Errorf("unknown {setting:export-format} %q: use %s", explicit, values)
	}
	ext := strings.ToLower(filepath.Ext(path))
	if f, ok := exportExts.Get()[ext]; ok {
		return f, nil
	}
	if ext == "" {
		return "", fmt.Errorf("cannot tell the export's format from %q, which has no extension: name it .md, .har, .sh or .http, or give {setting:export-format} (%s)", path, values)
	}
	return "", fmt.Errorf("cannot tell the export's format from the extension %q: name the file .md, .har, .sh or .http, or give {setting:export-format} (%s)", ext, values)
}

// exportFormatList names the formats for an error: "markdown, har, …".
func exportFormatList() string {
	var names []string
	for _, f := range ExportFormats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// Export writes run to w in format f. Secrets are masked as m says: in the
// transcript and the HAR they are hidden; in the curl script and the .http
// file they become variables, assigned at the top only when m reveals
// (and the file then says so on its first lines).
func Export(w io.Writer, run Run, f ExportFormat, m Masker) error {
	switch f {
	case ExportMarkdown:
		return writeMarkdown(w, run, m)
	case ExportHAR:
		return writeHAR(w, run, m)
	case ExportCurl:
		return writeCurl(w, run, m)
	case ExportHTTP:
		return writeHTTPFile(w, run, m)
	}
	return fmt.Errorf("unknown export format %q: use %s", f, exportFormatList())
}

// WriteExportFile writes the export of run to path with mode 0600, the
// mode of a file that may hold secrets: the export goes to a new file in
// path's directory, made 0600 before anything is written to it, which then
// replaces path. A file that existed with a wider mode is replaced, not
// written through; a symbolic link at path is replaced, not followed; a
// directory at path is an error.
func WriteExportFile(path string, run Run, f ExportFormat, m Masker) error {
	if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("export to %s: it is a directory; give a file name", path)
	}
	var buf bytes.Buffer
	if err := Export(&buf, run, f, m); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	name := tmp.Name()
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(buf.Bytes())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		_ = os.Remove(name)
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}

// exported is one exchange of a run with the step that made it.
type exported struct {
	Exchange
	step   StepInfo
	status Status
}

// exchanges lists every exchange of run in order, with its step.
func (run Run) exchanges() []exported {
	var out []exported
	for _, r := range run.Results {
		for _, ex := range r.Exchanges {
			out = append(out, exported{Exchange: ex, step: r.Step, status: r.Status})
		}
	}
	return out
}

// title is the run's one-line name: "Client credentials at demo".
func (run Run) title() string {
	g := run.Grant
	if g == "" {
		g = run.GrantID
	}
	if g == "" {
		g = "Run"
	}
	if run.Provider != "" {
		return g + " at " + run.Provider
	}
	return g
}

// FileName is a name for the run's export in format f, for a surface that
// offers one: "oauth-explorer-client-credentials-20261202-064000.har" (the
// grant and the start, in UTC).
func (run Run) FileName(f ExportFormat) string {
	name := "oauth-explorer"
	if id := varName(run.GrantID); id != "SECRET" {
		name += "-" + strings.ToLower(strings.ReplaceAll(id, "_", "-"))
	}
	if !run.Start.IsZero() {
		name += "-" + run.Start.UTC().Format("20060102-150405")
	}
	return name + f.Ext()
}

// words is how the run's texts name settings and views.
func (run Run) words() Words {
	if run.Words == nil {
		return PlainWords{}
	}
	return run.Words
}

// stamp is the run's start as written in every export, in UTC.
func (run Run) stamp() string {
	if run.Start.IsZero() {
		return "unknown time"
	}
	return run.Start.UTC().Format("2006-01-02 15:04:05 UTC")
}
