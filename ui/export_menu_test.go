package ui

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExportAt80Columns: at 80 columns the export menu's lines fit
// whole, and the status line after an export shows the file's name
// whole, masked or revealed, whatever else gives way.
func TestExportAt80Columns(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(1200)
	cfg.ExportDir = dir
	m := atSteps(t, cfg, 80, 24)
	m = drive(t, m, press("e"))
	s := screenText(m)
	for _, it := range exportItems {
		if !strings.Contains(s, it.what) {
			t.Errorf("the export menu's line %q is cut:\n%s", it.what, s)
		}
	}
	if !strings.Contains(s, "secrets masked") || strings.Contains(s, "mask…") {
		t.Errorf("the menu's last line is cut:\n%s", s)
	}
	for _, c := range []struct{ keys, glob, want string }{{"m", "*.md", "(0600, masked)"}, {"rem", "*.md", "in clear"}} {
		m = drive(t, m, keys(strings.Split(c.keys, "")...)...)
		files, _ := filepath.Glob(filepath.Join(dir, c.glob))
		if len(files) == 0 {
			t.Fatalf("%s: no file", c.keys)
		}
		// The newest: the names carry the time, the fixed clock's.
		name := filepath.Base(files[len(files)-1])
		s := screenText(m)
		if !strings.Contains(s, name) || !strings.Contains(s, c.want) {
			t.Errorf("%s: the status line does not name %s whole (%s):\n%s", c.keys, name, c.want, s)
		}
		requireFits(t, s, 80, 24)
	}
}
