package ui

import (
	"os"
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
	{"h", flows.ExportHAR, "HAR 1.2, for browser devtools, HTTP tools"},
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
	path string
	// dir is where the file went as the status line says it ("~/runs"),
	// "" for the current directory.
	dir      string
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
	dir := v.exportDir
	path := filepath.Join(dir, run.FileName(f))
	m := v.masker()
	return func() tea.Msg {
		return exportedMsg{path: path, dir: shortDir(dir), revealed: m.Reveal, err: flows.WriteExportFile(path, run, f, m)}
	}
}

// shortDir is dir as the status line says it: "" for the current
// directory, the home directory as ~.
func shortDir(dir string) string {
	if dir == "" {
		return ""
	}
	if wd, err := os.Getwd(); err == nil && filepath.Clean(dir) == wd {
		return ""
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return filepath.Join("~", rel)
		}
	}
	return dir
}

// exportedNotice says where the export went.
func (v stepView) exportedNotice(msg exportedMsg) (stepView, tea.Cmd) {
	if msg.err != nil {
		return v.say("Export failed: " + safetext.Line(msg.err.Error()))
	}
	// The file's name first: it is what the user looks for next. Its
	// directory, then the rest, give way on a narrow line.
	name, to := safetext.Line(filepath.Base(msg.path)), ""
	if msg.dir != "" {
		to = " to " + safetext.Line(msg.dir)
	}
	if msg.revealed {
		return v.sayForms("Exported "+name+to+" (0600), SECRETS IN CLEAR", "Exported "+name+" (0600), SECRETS IN CLEAR",
			"Exported "+name+", SECRETS IN CLEAR", name+": SECRETS IN CLEAR", name+" in clear")
	}
	return v.sayForms("Exported "+name+to+" (0600, secrets masked)", "Exported "+name+" (0600, secrets masked)",
		"Exported "+name+" (0600, masked)", "Exported "+name)
}

// exportMenuLines renders the export menu in modeExport, else nothing.
func (v *stepView) exportMenuLines() []string {
	if v.mode != modeExport {
		return nil
	}
	s := v.styles
	out := []string{v.menuHeading("Export the run to a file (esc closes)")}
	// Lines wrap rather than lose their ends on a narrow pane: a long
	// directory's name, or the file type's words at 80 columns.
	const col = 9 // "m .md    "
	for _, it := range exportItems {
		what := hanging(it.what, s.Subtle, v.detailsW, col)
		what[0] = s.Key.Render(it.key) + " " + padRight(it.format.Ext(), 6) + " " + what[0]
		for _, l := range what {
			out = append(out, padRight(truncate(l, v.detailsW), v.detailsW))
		}
	}
	where := "secrets masked"
	if v.reveal {
		where = "secrets IN CLEAR (r masks them)"
	}
	for _, l := range hanging("into "+safetext.Line(v.exportDirName())+", 0600, "+where, s.Subtle, v.detailsW, 2) {
		out = append(out, padRight(truncate(l, v.detailsW), v.detailsW))
	}
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
