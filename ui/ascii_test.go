package ui

import (
	"strings"
	"testing"
)

// TestASCIIKeysInWords: in ASCII the keys are said in words, never in
// stand-ins that read as other keys (^ as Ctrl, v as the v key): the
// footers and the help page say up/down, shift+tab; a done step is
// marked +, not v.
func TestASCIIKeysInWords(t *testing.T) {
	cfg := testConfig(1200)
	cfg.ASCII = true
	m := atSteps(t, cfg, 80, 24)
	s := screenText(m)
	for _, want := range []string{"up/down step", "right details", "+ Discovery"} {
		if !strings.Contains(s, want) {
			t.Errorf("the step view in ASCII lacks %q:\n%s", want, s)
		}
	}
	for _, bad := range []string{"^/v", "v Discovery"} {
		if strings.Contains(s, bad) {
			t.Errorf("the step view in ASCII says %q:\n%s", bad, s)
		}
	}
	m = drive(t, m, press("?"))
	if s := screenText(m); !strings.Contains(s, "tab shift+tab 1-6") || strings.Contains(s, "^tab") || strings.Contains(s, "v/j") {
		t.Errorf("the help page in ASCII:\n%s", s)
	}
	m = drive(t, m, press("esc"), press("esc"))
	if m.screen != screenSettings {
		t.Fatalf("esc, esc: screen %d", m.screen)
	}
	if s := screenText(m); !strings.Contains(s, "tab/shift+tab field") || !strings.Contains(s, "left/right") || strings.Contains(s, "^tab") {
		t.Errorf("the settings in ASCII:\n%s", s)
	}
}
