package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
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

// TestCopyMenu: c opens the copy menu with what the run holds; c (or a)
// copies the access token, and the status line says where it went
// without claiming it arrived: the terminal's clipboard through OSC 52,
// and the local clipboard only when there is one and it took the value.
// A run without a token has no access token line.
func TestCopyMenu(t *testing.T) {
	var local []string
	cfg := testConfig(1200)
	cfg.LocalClipboard = func(s string) error { local = append(local, s); return nil }
	m := atSteps(t, cfg, 80, 24)
	m = drive(t, m, press("c"))
	s := screenText(m)
	for _, want := range []string{"Copy (esc closes)", "a/c access token", "token response (JSON)", "Authorization header", "transcript of the run"} {
		if !strings.Contains(s, want) {
			t.Errorf("the copy menu lacks %q:\n%s", want, s)
		}
	}
	m = drive(t, m, press("c"))
	if s := screenText(m); !strings.Contains(s, "Access token sent to the terminal clipboard (OSC 52) and copied to") {
		t.Errorf("no confirmation after c c:\n%s", s)
	}
	if tok := m.steps.accessToken(); len(local) != 1 || local[0] != tok || tok == "" {
		t.Errorf("the local clipboard got %q, want the access token", local)
	}
	m = drive(t, m, statusExpiredMsg{id: m.steps.noticeID})
	if s := screenText(m); strings.Contains(s, "clipboard") {
		t.Errorf("the confirmation stays after it expired:\n%s", s)
	}
	m = drive(t, m, press("c"), press("h"))
	if want := "Authorization: Bearer " + m.steps.accessToken(); local[len(local)-1] != want {
		t.Errorf("h copied %q, want %q", local[len(local)-1], want)
	}
	m = drive(t, m, press("c"), press("t"))
	if got := local[len(local)-1]; strings.Contains(got, m.steps.accessToken()) || !strings.Contains(got, "POST ") {
		t.Errorf("the transcript copied is not masked, or empty:\n%s", got)
	}
	if s := screenText(m); !strings.Contains(s, "secrets masked") {
		t.Errorf("copying a masked transcript does not say so:\n%s", s)
	}

	cfg.LocalClipboard = func(string) error { return errors.New("no tool") }
	m = atSteps(t, cfg, 120, 30)
	m = drive(t, m, press("c"), press("a"))
	if s := screenText(m); !strings.Contains(s, "(OSC 52)") || strings.Contains(s, "local clipboard") {
		t.Errorf("a failed local copy is claimed:\n%s", s)
	}
	v, _ := m.steps.rerun()
	v.results[1] = nil
	for _, it := range v.copyable() {
		if it.name == "access token" {
			t.Errorf("without a token the copy menu still offers the access token")
		}
	}
}

// TestValueScreen: the value alone is written as one line, sanitized,
// and the screen returns on Enter.
func TestValueScreen(t *testing.T) {
	var out strings.Builder
	s := &valueScreen{name: "access token", value: "eyJ.abc\x1b]52;c;x\x07.sig"}
	s.SetStdin(strings.NewReader("\n"))
	s.SetStdout(&out)
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimPrefix(out.String(), "\x1b[2J\x1b[H")
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("raw control characters reach the terminal: %q", got)
	}
	lines := strings.Split(got, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[2], "eyJ.abc") || !strings.HasSuffix(lines[2], ".sig") {
		t.Errorf("the value is not alone on its line: %q", got)
	}
}

// TestFirstAndLast: g and G (Home and End) select the first and the last
// step in the timeline, and go to the top and bottom of the details.
func TestFirstAndLast(t *testing.T) {
	m := atSteps(t, testConfig(12000), 80, 24)
	m = drive(t, m, press("G"))
	if last := len(m.steps.steps) - 1; m.steps.selected != last {
		t.Errorf("G selects step %d, want the last, %d", m.steps.selected, last)
	}
	m = drive(t, m, press("g"))
	if m.steps.selected != 0 {
		t.Errorf("g selects step %d, want 0", m.steps.selected)
	}
	m = drive(t, m, press("right"), press("G"))
	if !m.steps.viewport.AtBottom() || m.steps.selected != 0 {
		t.Errorf("G in the details: at bottom %v, step %d", m.steps.viewport.AtBottom(), m.steps.selected)
	}
	m = drive(t, m, press("g"))
	if !m.steps.viewport.AtTop() {
		t.Error("g in the details is not at the top")
	}
	m = drive(t, m, press("?"))
	if s := screenText(m); !strings.Contains(s, "g home G end") || !strings.Contains(s, "↑ k ↓ j") || !strings.Contains(s, "esc/? close") {
		t.Errorf("? does not list g/G and j/k:\n%s", s)
	}
	m = drive(t, m, press("G"))
	if s := screenText(m); !strings.Contains(s, "ctrl+c") || strings.Contains(s, "more lines") {
		t.Errorf("G on the help page does not show its end:\n%s", s)
	}
	m = drive(t, m, press("esc"))
	if m.steps.mode != modeBrowse {
		t.Errorf("esc leaves the help page in mode %d", m.steps.mode)
	}
}

// TestClickSelects: a click on a step of the timeline selects it, and a
// click on a tab's label shows that tab.
func TestClickSelects(t *testing.T) {
	m := atSteps(t, testConfig(1200), 100, 30)
	_, stepOf := m.steps.timelineLayout()
	row := slices.Index(stepOf, 0)
	if row < 0 {
		t.Fatalf("no line of the timeline shows step 0: %v", stepOf)
	}
	m = drive(t, m, tea.MouseClickMsg{X: 3, Y: row + headerRows, Button: tea.MouseLeft})
	if m.steps.selected != 0 || m.steps.follow {
		t.Fatalf("a click on step 0 selects step %d", m.steps.selected)
	}
	bar := []rune(ansi.Strip(m.steps.tabBar()))
	x := slices.Index(bar, '2')
	if x < 0 || !m.steps.hasTab(tabRequest) {
		t.Fatalf("no Request tab in %q", string(bar))
	}
	m = drive(t, m, tea.MouseClickMsg{X: m.steps.timelineW + 2 + x + 2, Y: headerRows, Button: tea.MouseLeft})
	if m.steps.tab != tabRequest {
		t.Errorf("a click on the Request tab shows tab %v", m.steps.tab)
	}
	m = drive(t, m, tea.MouseClickMsg{X: m.steps.timelineW + 2 + x + 2, Y: headerRows, Button: tea.MouseRight})
	if m.steps.tab != tabRequest {
		t.Errorf("a right click changed the tab")
	}
}

// TestSearchDetails: / finds a text in the tab shown, scrolls to it and
// highlights its line; n and N go round the places it is found; a text
// not there is said so.
func TestSearchDetails(t *testing.T) {
	m := atSteps(t, testConfig(12000), 100, 30)
	m = drive(t, m, press("3"), press("/"))
	if s := screenText(m); !strings.Contains(s, "Find in the") || !strings.Contains(s, "enter find") {
		t.Fatalf("/ opens no search input:\n%s", s)
	}
	for _, r := range "content-type" {
		m = drive(t, m, press(string(r)))
	}
	m = drive(t, m, press("enter"))
	s := screenText(m)
	if !strings.Contains(s, `"content-type": 1 of`) || m.steps.search.line < 0 {
		t.Fatalf("no match said after enter:\n%s", s)
	}
	first := m.steps.search.line
	m = drive(t, m, press("n"))
	if n := len(m.steps.matches()); n > 1 && m.steps.search.line == first {
		t.Errorf("n stays on line %d with %d matches", first, n)
	}
	m = drive(t, m, press("N"))
	if m.steps.search.line != first {
		t.Errorf("N after n is on line %d, want %d", m.steps.search.line, first)
	}
	m = drive(t, m, press("/"))
	for _, r := range "zzqx-nowhere" {
		m = drive(t, m, press(string(r)))
	}
	m = drive(t, m, press("enter"))
	if s := screenText(m); !strings.Contains(s, "is not in the") {
		t.Errorf("a text not found is not said:\n%s", s)
	}
}

// TestGoldenValueScreen: what the value view writes to the terminal's main
// screen, for a JWT: the heading, then the value alone on one line. The
// terminal wraps it itself, so the screen is the same at 80x24 and
// 120x40: one golden.
func TestGoldenValueScreen(t *testing.T) {
	var out strings.Builder
	s := &valueScreen{name: "access token", value: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImRlbW8ifQ.eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xOjI0NjgwIiwic3ViIjoiZGVtby11c2VyLTEiLCJhdWQiOlsiZGVtby1hcGkiXSwic2NvcGUiOiJvcGVuaWQgYXBpLnJlYWQifQ.c2lnbmF0dXJl"}
	s.SetStdin(strings.NewReader("\n"))
	s.SetStdout(&out)
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, strings.ReplaceAll(out.String(), "\x1b", "ESC"))
}
