package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestSettingsValidateWords: the settings form says what is missing in
// its own words (the field, not a command-line flag), and does not ask
// for a client id that the run gets itself: with Register on, with a
// Client ID URL, or for a flow that finds its server.
func TestSettingsValidateWords(t *testing.T) {
	var f settingsForm
	f.grant = newGrantInputs(flows.ClientOptions())
	err := f.validate(providers.Provider{Issuer: "https://id.example.com", AuthMethod: providers.AuthNone})
	if err == nil || !strings.Contains(err.Error(), "Client ID (above)") || strings.Contains(err.Error(), "--") {
		t.Errorf("no client id: %v", err)
	}
	err = f.validate(providers.Provider{Issuer: "https://id.example.com", ClientID: "app", AuthMethod: providers.AuthBasic})
	if err == nil || !strings.Contains(err.Error(), "Client secret (above)") || strings.Contains(err.Error(), "--") {
		t.Errorf("no secret: %v", err)
	}
	for i, in := range f.grant.decl {
		if in.Name == flows.InputRegister {
			f.grant.models[i].SetValue(flows.RegisterOn)
		}
	}
	if err := f.validate(providers.Provider{Issuer: "https://id.example.com"}); err != nil {
		t.Errorf("Register on still asks for a client: %v", err)
	}
	g := settingsForm{findsServer: true, noServer: true}
	g.grant = newGrantInputs(nil)
	if err := g.validate(providers.Provider{}); err != nil {
		t.Errorf("a flow that finds its server asks for an issuer or a client: %v", err)
	}
}

// TestExportMenu: e opens the export menu; a letter writes the run in
// that format into Config.ExportDir with mode 0600, secrets masked, and
// the status line says where; revealed, the file holds the token and
// the status line warns.
func TestExportMenu(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(1200)
	cfg.ExportDir = dir
	m := atSteps(t, cfg, 100, 30)
	m = drive(t, m, press("e"))
	if s := screenText(m); !strings.Contains(s, "Export the run to a file") || !strings.Contains(s, ".har") {
		t.Fatalf("e opens no export menu:\n%s", s)
	}
	m = drive(t, m, press("h"))
	files, _ := filepath.Glob(filepath.Join(dir, "*.har"))
	if len(files) != 1 {
		t.Fatalf("exported files: %v\n%s", files, screenText(m))
	}
	st, err := os.Stat(files[0])
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the export's mode: %v %v", st.Mode(), err)
	}
	b, _ := os.ReadFile(files[0])
	tok := m.steps.accessToken()
	if tok == "" || strings.Contains(string(b), tok) || !strings.Contains(string(b), `"version": "1.2"`) {
		t.Errorf("the HAR holds the token or is no HAR 1.2:\n%.400s", b)
	}
	if s := screenText(m); !strings.Contains(s, "Exported "+filepath.Base(files[0])) {
		t.Errorf("the status line does not say where:\n%s", s)
	}
	m = drive(t, m, press("r"), press("e"), press("m"))
	mds, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(mds) != 1 {
		t.Fatalf("no Markdown export: %v", mds)
	}
	if b, _ := os.ReadFile(mds[0]); !strings.Contains(string(b), tok) {
		t.Errorf("revealed, the Markdown export lacks the token")
	}
	if s := screenText(m); !strings.Contains(s, "SECRETS IN CLEAR") {
		t.Errorf("a revealed export is not warned of:\n%s", s)
	}
}

// TestRunHistory: R keeps the run before; H lists both with their
// outcome; enter compares the two access tokens claim by claim; esc goes
// back to the list, esc again to the run.
func TestRunHistory(t *testing.T) {
	m := atSteps(t, testConfig(1200), 100, 30)
	m = drive(t, m, press("H"))
	if s := screenText(m); !strings.Contains(s, "No earlier run") {
		t.Errorf("H with one run:\n%s", s)
	}
	m = drive(t, m, press("R"), press("H"))
	s := screenText(m)
	for _, want := range []string{"Runs of this session", "› 1", "this run", "✓ complete · token"} {
		if !strings.Contains(s, want) {
			t.Errorf("the run list lacks %q:\n%s", want, s)
		}
	}
	m = drive(t, m, press("enter"))
	s = screenText(m)
	if !strings.Contains(s, "The access token of run 1") || !strings.Contains(s, "iss") || !strings.Contains(s, "esc back to the runs") {
		t.Errorf("the comparison:\n%s", s)
	}
	m = drive(t, m, press("esc"), press("esc"))
	if m.steps.mode != modeBrowse {
		t.Errorf("esc esc leaves mode %d", m.steps.mode)
	}
}

// TestAdvancedRows: the Advanced switch is the last row and hides the
// request options until ←/→ shows them; a token parameter typed there
// reaches the run's settings, and a bad value is refused in the form's
// words before anything is sent.
func TestAdvancedRows(t *testing.T) {
	m := drive(t, newTestModel(testConfig(1200)), tea.WindowSizeMsg{Width: 100, Height: 40})
	m = drive(t, m, press("enter"), press("enter"))
	if s := screenText(m); !strings.Contains(s, "Advanced") || strings.Contains(s, "Token params") {
		t.Fatalf("the Advanced switch is missing, or the rows are not hidden:\n%s", s)
	}
	m = drive(t, m, press("shift+tab"), press("right"))
	if s := screenText(m); !strings.Contains(s, "Token params") || !strings.Contains(s, "‹ shown ›") {
		t.Fatalf("→ on Advanced does not show the rows:\n%s", s)
	}
	for range 7 {
		m = drive(t, m, press("tab"))
	}
	for _, r := range "audience=%zz" {
		m = drive(t, m, press(string(r)))
	}
	m = drive(t, m, press("enter"))
	if s := screenText(m); !strings.Contains(s, "Token params") || !strings.Contains(s, "name=value") || m.screen != screenSettings {
		t.Fatalf("a bad parameter is not refused in the form:\n%s", s)
	}
	for range 3 {
		m = drive(t, m, press("backspace"))
	}
	m = drive(t, m, press("x"), press("enter"))
	if m.screen != screenSteps || m.steps.settings.TokenParams.Get("audience") != "x" {
		t.Errorf("the token parameter did not reach the run: screen %d, %v", m.screen, m.steps.settings.TokenParams)
	}
}

// TestASCIIFrame: with an ASCII locale every screen is drawn in ASCII,
// columns kept: the step view after a run, its help page, the settings.
func TestASCIIFrame(t *testing.T) {
	cfg := testConfig(1200)
	cfg.ASCII = true
	m := atSteps(t, cfg, 80, 24)
	for _, keys := range [][]string{nil, {"6"}, {"?"}, {"esc", "c"}} {
		for _, k := range keys {
			m = drive(t, m, press(k))
		}
		s := m.View().Content
		if i := strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 }); i >= 0 {
			t.Errorf("after %v a character outside ASCII at %d: %q", keys, i, s[max(i-20, 0):min(i+20, len(s))])
		}
		for _, l := range strings.Split(screenText(m), "\n") {
			if w := len(l); w > 80 {
				t.Errorf("after %v a line of %d columns: %q", keys, w, l)
			}
		}
	}
	if got := asciiFrame("✓ a › b │ 漢"); got != "+ a > b | ??" {
		t.Errorf("asciiFrame: %q", got)
	}
}

// TestExplainHARInTUI: a run exported as HAR from the step view (e h),
// opened again from the provider picker (h, the path, enter), shows as a
// run with the same steps; esc goes back to the picker; a path that is
// no HAR says why there.
func TestExplainHARInTUI(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(1200)
	cfg.ExportDir = dir
	m := atSteps(t, cfg, 100, 30)
	var titles []string
	for _, st := range m.steps.steps {
		titles = append(titles, st.Title)
	}
	m = drive(t, m, press("e"), press("h"))
	files, _ := filepath.Glob(filepath.Join(dir, "*.har"))
	if len(files) != 1 {
		t.Fatalf("no HAR exported: %v", files)
	}
	m = drive(t, m, press("esc"), press("esc"), press("esc"))
	if m.screen != screenProviders {
		t.Fatalf("not back at the providers: screen %d", m.screen)
	}
	m = drive(t, m, press("h"))
	for _, r := range files[0] {
		m = drive(t, m, press(string(r)))
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenSteps || !m.steps.fromCapture {
		t.Fatalf("the capture is not shown as a run: screen %d\n%s", m.screen, screenText(m))
	}
	var got []string
	for _, st := range m.steps.steps {
		got = append(got, st.Title)
	}
	if strings.Join(got, "|") != strings.Join(titles, "|") {
		t.Errorf("the capture's steps %v, the run's %v", got, titles)
	}
	if s := screenText(m); !strings.Contains(s, "back to the providers") {
		t.Errorf("esc is not worded for a capture:\n%s", s)
	}
	m = drive(t, m, press("esc"))
	if m.screen != screenProviders {
		t.Errorf("esc from a capture: screen %d", m.screen)
	}
	bad := filepath.Join(dir, "not.har")
	if err := os.WriteFile(bad, []byte("{\"log\": 3}"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = drive(t, m, press("h"))
	for _, r := range bad {
		m = drive(t, m, press(string(r)))
	}
	m = drive(t, m, press("enter"))
	if s := screenText(m); m.screen != screenProviders || !strings.Contains(s, "cannot be used") {
		t.Errorf("a bad HAR:\n%s", s)
	}
}

// TestTour: the tour's entry runs client credentials at once, with no
// settings form; the Explain tab opens with the tour's words and one
// thing to try; T goes on to the next stop (authorization code), and the
// last stop says where to go next instead of offering T.
func TestTour(t *testing.T) {
	cfg := testConfig(1200)
	tour := cfg.Providers[0]
	tour.Name, tour.Tour = "tour", true
	cfg.Providers = append(cfg.Providers, tour)
	cfg.Preselect = "tour"
	// The second stop's grant, run by the fixture's flow: what T does is
	// under test, not the grant.
	cfg.Flows = append(cfg.Flows, FlowChoice{ID: flows.FlowIDAuthCode, Name: "Authorization code + PKCE", New: cfg.Flows[0].New})
	m := newTestModel(cfg)
	m = drive(t, m, append([]tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}, runCmd(t, m.Init())...)...)
	if m.screen != screenSteps || m.steps.choice.ID != flows.FlowIDClientCredentials {
		t.Fatalf("the tour did not start client credentials: screen %d, flow %q\n%s", m.screen, m.steps.choice.ID, screenText(m))
	}
	s := screenText(m)
	for _, want := range []string{"Tour, stop 1 of 3", "Try: Change a letter of Client secret", "T goes on to the next stop"} {
		if !strings.Contains(s, want) {
			t.Errorf("the tour's Explain lacks %q:\n%s", want, s)
		}
	}
	if !strings.Contains(s, "T next tour stop") {
		t.Errorf("the footer does not offer T:\n%s", s)
	}
	m = drive(t, m, press("T"))
	if m.steps.choice.ID != flows.FlowIDAuthCode || !strings.Contains(screenText(m), "Tour, stop 2 of 3") {
		t.Errorf("T did not go on to the authorization code stop: %q\n%s", m.steps.choice.ID, screenText(m))
	}
}

// TestEveryModeTakesKeys: each mode of the step view has its key handler,
// so that a key press never finds none.
func TestEveryModeTakesKeys(t *testing.T) {
	if len(modeKeys) != int(modeLab)+1 {
		t.Fatalf("%d handlers for %d modes", len(modeKeys), int(modeLab)+1)
	}
	for m, h := range modeKeys {
		if h == nil {
			t.Errorf("mode %d has no key handler", m)
		}
	}
}
