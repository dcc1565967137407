package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestRevealToken checks that the access token appears on screen only
// after r, and hides again after a second r. The screen is wide so that the
// token is not wrapped.
func TestRevealToken(t *testing.T) {
	m := atSteps(t, testConfig(1200), 1600, 50)
	tok := m.steps.accessToken()
	if tok == "" {
		t.Fatal("no access token after the flow")
	}
	for _, tab := range []string{"1", "3"} { // Explain and Response of the token step
		m := drive(t, m, keys("up", tab)...)
		if s := screenText(m); strings.Contains(s, tok) || !strings.Contains(s, tok[:6]+"…") {
			t.Errorf("tab %s: the token shows before r, or its masked form is missing", tab)
		}
		m = drive(t, m, press("r"))
		s := screenText(m)
		if !strings.Contains(s, tok) {
			t.Errorf("tab %s: the token does not show after r", tab)
		}
		if !strings.Contains(s, "SECRETS SHOWN") {
			t.Errorf("tab %s: no indication that secrets show", tab)
		}
		m = drive(t, m, press("r"))
		if strings.Contains(screenText(m), tok) {
			t.Errorf("tab %s: the token still shows after a second r", tab)
		}
	}
}

// TestRevealSecretInForm checks that the client secret shows as dots until
// ctrl+r.
func TestRevealSecretInForm(t *testing.T) {
	m := drive(t, newTestModel(testConfig(1200)), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, keys("enter", "enter")...)
	if s := screenText(m); strings.Contains(s, testSecret) || !strings.Contains(s, "•••") {
		t.Errorf("the client secret shows before ctrl+r:\n%s", s)
	}
	m = drive(t, m, press("ctrl+r"))
	if s := screenText(m); !strings.Contains(s, testSecret) {
		t.Errorf("the client secret does not show after ctrl+r:\n%s", s)
	}
}

// TestRevealConfig starts with secrets shown when Config.Reveal is set.
func TestRevealConfig(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Reveal = true
	m := atSteps(t, cfg, 1600, 50)
	m = drive(t, m, keys("up", "3")...)
	if !strings.Contains(screenText(m), m.steps.accessToken()) {
		t.Error("with Config.Reveal the token is masked")
	}
}

// TestCopyToken checks the status line after c, with and without a token.
func TestCopyToken(t *testing.T) {
	m := atSteps(t, testConfig(1200), 80, 24)
	m = drive(t, m, press("c"))
	if s := screenText(m); !strings.Contains(s, "Access token copied to clipboard (OSC52)") {
		t.Errorf("no confirmation after c:\n%s", s)
	}
	m = drive(t, m, statusExpiredMsg{id: m.steps.noticeID})
	if s := screenText(m); strings.Contains(s, "copied") {
		t.Errorf("the confirmation stays after it expired:\n%s", s)
	}
	v, _ := m.steps.rerun()
	v.results[1] = nil
	if v, _ = v.copyToken(); !strings.Contains(v.notice, "No access token yet") {
		t.Errorf("c without a token said %q", v.notice)
	}
}
