package ui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext"
)

// The export menu (e): the run written to a file in one of flows' export
// formats, in the directory the TUI was started in (Config.ExportDir),
// mode 0600, secrets masked unless revealed (r) — the file then says so
// at its top. The writing happens in a tea.Cmd, and the status line says
// where the file went.

// exportItem is one line of the export menu.
type exportItem struct {
	key    string
	format flows.ExportFormat
	what   string
}

// exportItems are the export menu's lines.
var exportItems = []exportItem{
	{"m", flows.ExportMarkdown, "Markdown transcript, for a bug report"},
	{"h", flows.ExportHAR, "HAR 1.2, for browser devtools and HTTP tools"},
	{"s", flows.ExportCurl, "curl script that replays the run"},
	{"t", flows.ExportHTTP, ".http file (VS Code REST Client, JetBrains)"},
}

// canExport reports whether the run has anything to export: a step ran.
func (v *stepView) canExport() bool {
	for _, r := range v.results {
		if r != nil {
			return true
		}
	}
	return false
}

// openExportMenu shows the menu, or says there is nothing to export yet.
func (v stepView) openExportMenu() (stepView, tea.Cmd) {
	if !v.canExport() {
		return v.say("Nothing to export yet: no step has run.")
	}
	v.mode = modeExport
	return v.setCommon(v.common), nil
}

// exportMenuKey handles a key press while the export menu is open.
func (v stepView) exportMenuKey(k tea.KeyPressMsg) (stepView, tea.Cmd) {
	if key.Matches(k, v.keys.Quit) {
		return v, emit(quitMsg{})
	}
	if key.Matches(k, v.keys.ClosePaste) {
		v.mode = modeBrowse
		return v.setCommon(v.common), nil
	}
	for _, it := range exportItems {
		if k.String() == it.key {
			v.mode = modeBrowse
			v = v.setCommon(v.common)
			return v, v.exportRun(it.format)
		}
	}
	return v, nil
}

// exportedMsg reports an export: the file written, or why not.
type exportedMsg struct {
	path     string
	revealed bool
	err      error
}

// exportRun writes the run in format f, in a tea.Cmd.
func (v *stepView) exportRun(f flows.ExportFormat) tea.Cmd {
	g, _ := flows.GrantByID(v.choice.ID)
	g.ID, g.Name = v.choice.ID, v.flowName
	run := flows.NewRun(v.settings, g, v.now())
	for _, r := range v.results {
		if r != nil {
			run.Add(*r)
		}
	}
	for _, r := range v.labResults() {
		run.Add(r)
	}
	if len(run.Results) > 0 && len(run.Results[0].Exchanges) > 0 {
		run.Start = run.Results[0].Exchanges[0].Start
	}
	run.Provider = v.provider
	run.Words = v.words()
	path := filepath.Join(v.exportDir, run.FileName(f))
	m := v.masker()
	return func() tea.Msg {
		return exportedMsg{path: path, revealed: m.Reveal, err: flows.WriteExportFile(path, run, f, m)}
	}
}

// exportedNotice says where the export went.
func (v stepView) exportedNotice(msg exportedMsg) (stepView, tea.Cmd) {
	if msg.err != nil {
		return v.say("Export failed: " + safetext.Line(msg.err.Error()))
	}
	if msg.revealed {
		return v.say("SECRETS IN CLEAR, exported (0600) to " + safetext.Line(msg.path))
	}
	return v.say("Exported, secrets masked (0600), to " + safetext.Line(msg.path))
}

// exportMenuLines renders the export menu in modeExport, else nothing.
func (v *stepView) exportMenuLines() []string {
	if v.mode != modeExport {
		return nil
	}
	s := v.styles
	out := []string{v.menuHeading("Export the run to a file (esc closes)")}
	for _, it := range exportItems {
		out = append(out, padRight(truncate(s.Key.Render(it.key)+" "+padRight(it.format.Ext(), 6)+" "+s.Subtle.Render(it.what), v.detailsW), v.detailsW))
	}
	where := "secrets masked"
	if v.reveal {
		where = "secrets IN CLEAR (r masks them)"
	}
	out = append(out, padRight(truncate(s.Subtle.Render("into "+safetext.Line(v.exportDirName())+", mode 0600, "+where), v.detailsW), v.detailsW))
	return out
}

// exportDirName names the directory exports go to.
func (v *stepView) exportDirName() string {
	if v.exportDir == "" {
		return "the current directory"
	}
	return v.exportDir
}

// exportChooseKey is the help of the export menu's keys as one binding.
func exportChooseKey() key.Binding {
	var ks []string
	for _, it := range exportItems {
		ks = append(ks, it.key)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(ks, "/"), "export"))
}
