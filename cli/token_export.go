package cli

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// exportHelp is the token command's help on --export.
const exportHelp = `--export FILE writes the run to FILE when it ends, also when it fails (a
failed run is what a bug report needs), with mode 0600. The format comes
from the extension, or from --export-format:
  .md    markdown  a transcript for a bug report: steps, exchanges, diagnosis
  .har   har       HTTP Archive 1.2, for browser devtools and HTTP tools
  .sh    curl      a shell script of curl commands that sends the requests again
  .http  http      for the VS Code REST Client or the JetBrains HTTP client
Secrets (client secrets, codes, verifiers, tokens, Basic credentials, DPoP
proofs, cookies, assertions) are masked in the transcript and the HAR; in the
script and the .http file they are variables (CLIENT_SECRET, ACCESS_TOKEN...)
you set before sending. With --reveal they are written in clear, and the file
says so on its first lines. Requests that cannot simply be sent again (a spent
authorization code or refresh token, a DPoP proof, the browser's callback to
the loopback listener) are written commented out, with the reason.`

// exportFlags declares --export and --export-format.
func (o *tokenOpts) exportFlags(fl *pflag.FlagSet) {
	fl.StringVar(&o.export, "export", "", "write the run to this file when it ends, also on failure (mode 0600): .md transcript, .har, .sh curl script, .http file; secrets masked unless --reveal")
	fl.StringVar(&o.exportFormat, "export-format", "", "the --export file's format when its extension does not say: "+exportFormatValues())
}

// exportFormatValues lists the --export-format values for the help.
func exportFormatValues() string {
	s := ""
	for i, f := range flows.ExportFormats() {
		if i > 0 {
			s += ", "
		}
		s += string(f)
	}
	return s
}

// checkExport chooses the export's format before anything is sent, so
// that a wrong flag costs no run.
func (o *tokenOpts) checkExport() (flows.ExportFormat, error) {
	if o.export == "" {
		if o.exportFormat != "" {
			return "", errors.New("--export-format goes with --export FILE")
		}
		return "", nil
	}
	f, err := flows.ExportFormatFor(o.export, o.exportFormat)
	if err != nil {
		return "", errors.New(flows.Phrase(err.Error(), cliWords{}))
	}
	return f, nil
}

// writeExport writes run to the --export file, if one was asked for, and
// says on w (stderr) where it went and whether its secrets are masked.
func (o *tokenOpts) writeExport(w io.Writer, run flows.Run, f flows.ExportFormat, m flows.Masker) error {
	if o.export == "" {
		return nil
	}
	if err := flows.WriteExportFile(o.export, run, f, m); err != nil {
		return fmt.Errorf("--export: %w", err)
	}
	how := "secrets masked"
	switch {
	case m.Reveal:
		how = "SECRETS IN CLEAR (--reveal): do not share it"
	case f == flows.ExportCurl || f == flows.ExportHTTP:
		how = "secrets are variables to set before sending"
	}
	printLine(w, "oauth-explorer: run exported to %s (%s; %s)", o.export, f, how)
	return nil
}

// exportFailed writes the export of a run that failed, saying on w
// (stderr) when that fails too: the run's own error stays the exit's.
func (o *tokenOpts) exportFailed(w io.Writer, run flows.Run, f flows.ExportFormat, m flows.Masker) {
	if err := o.writeExport(w, run, f, m); err != nil {
		printError(w, err.Error())
	}
}

// newRun starts the record of a run of g against p for an export.
func newRun(cmd *cobra.Command, p providers.Provider, g flows.Grant) flows.Run {
	run := flows.NewRun(p, g, time.Now())
	run.Version, run.Words = cmd.Root().Version, cliWords{}
	return run
}
