package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// testProvidersFile is a providers file with a usable preset entry, a
// usable issuer entry with an unknown key, and a broken entry.
const testProvidersFile = `[providers.work]
preset = "entra"
tenant = "contoso.onmicrosoft.com"
client_id = "11111111-2222-3333-4444-555555555555"
client_secret_env = "WORK_CLIENT_SECRET"

[providers.local]
issuer = "http://127.0.0.1:9000"
client_id = "demo-public"
scope = "openid"

[providers.sso]
preset = "keycloak"
url = "https://sso.example.com"
`

// loadTestFile writes text as providers.toml in a temporary directory and
// loads it.
func loadTestFile(t *testing.T, text string) *providers.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "providers.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := providers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// providersConfig is testConfig with a providers file and the presets.
func providersConfig(t *testing.T, text string) Config {
	cfg := testConfig(1200)
	cfg.ProvidersFile = loadTestFile(t, text)
	cfg.Presets = providers.Presets()
	return cfg
}

// paste types s into the focused input as a terminal paste does.
func paste(s string) tea.Msg { return tea.PasteMsg{Content: s} }

func ctrl(r rune) tea.Msg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// shownNames lists the names of the picker's entries that pass the filter.
func shownNames(p providerPicker) []string {
	var out []string
	for _, i := range p.shown {
		out = append(out, p.targets[i].name)
	}
	return out
}

func TestPickerListsFileAndPresets(t *testing.T) {
	cfg := providersConfig(t, testProvidersFile)
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 40})
	s := screenText(m)
	for _, want := range []string{
		"Embedded demo provider",
		"Configured in providers.toml",
		"work", "preset entra (tenant=contoso.onmicrosoft.com)", "secret from $WORK_CLIENT_SECRET",
		"local", "issuer http://127.0.0.1:9000",
		// The unknown key, with its line, above the list.
		"providers.toml:10: warning: providers.local: unknown key scope is ignored",
		// The broken entry with its problem.
		"sso  (cannot be used)", "✗ line 13: preset keycloak needs realm",
		"Presets: fill in a few fields", "google", "entra", "Microsoft Entra ID",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("picker lacks %q:\n%s", want, s)
		}
	}
	if got := m.providers.targets[m.providers.shown[m.providers.list.cursor]]; got.kind != pickBuiltin || got.index != 0 {
		t.Errorf("the cursor starts on %q, want the demo provider", got.name)
	}
}

func TestPickerBrokenEntryNotChoosable(t *testing.T) {
	cfg := providersConfig(t, testProvidersFile)
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, press("/"), paste("sso"), press("enter"))
	if m.screen != screenProviders {
		t.Fatalf("choosing a broken entry went to screen %d", m.screen)
	}
	s := screenText(m)
	if !strings.Contains(s, "sso cannot be used") || !strings.Contains(s, "Fix it in "+cfg.ProvidersFile.Path) {
		t.Errorf("no explanation after choosing the broken entry:\n%s", s)
	}
}

func TestPickerFilter(t *testing.T) {
	cfg := providersConfig(t, testProvidersFile)
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	all := len(m.providers.shown)
	m = drive(t, m, keys("/", "e", "n", "t", "r", "a")...)
	if m.screen != screenProviders {
		t.Fatalf("typing a filter left the picker (screen %d): letters must go to the filter", m.screen)
	}
	if got := strings.Join(shownNames(m.providers), " "); got != "work entra" {
		t.Errorf("filter entra shows %q (of %d), want the entry built on entra and the preset", got, all)
	}
	if s := screenText(m); !strings.Contains(s, "/ entra") || !strings.Contains(s, "esc clear filter") {
		t.Errorf("the filter or its key is not shown:\n%s", s)
	}
	m = drive(t, m, press("down"), press("enter"))
	if m.screen != screenPreset || m.nav.preset.preset.ID != "entra" {
		t.Fatalf("↓ enter in the filtered list: screen %d, want entra's form", m.screen)
	}
	m = drive(t, m, press("esc"))
	if m.screen != screenProviders || len(m.providers.shown) != 2 {
		t.Errorf("back from the form: screen %d with %d shown, want the filtered picker", m.screen, len(m.providers.shown))
	}
	m = drive(t, m, press("esc"))
	if len(m.providers.shown) != all {
		t.Errorf("esc left %d of %d shown", len(m.providers.shown), all)
	}
	m = drive(t, m, keys("/", "z", "z", "z")...)
	if s := screenText(m); len(m.providers.shown) != 0 || !strings.Contains(s, `No provider matches "zzz"`) {
		t.Errorf("a filter matching nothing:\n%s", s)
	}
}

func TestPickerGolden(t *testing.T) {
	const w, h = 80, 24
	cases := []struct {
		name string
		msgs []tea.Msg
	}{
		{"picker", nil},
		{"picker_configured", keys("down", "down", "down")},
		{"picker_presets", keys("down", "down", "down", "down", "down", "down")},
		{"preset_form", []tea.Msg{press("/"), paste("entra"), press("down"), press("enter")}},
		{"preset_form_missing", []tea.Msg{press("/"), paste("entra"), press("down"), press("enter"), press("enter")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := providersConfig(t, testProvidersFile)
			m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: w, Height: h})
			m = drive(t, m, tc.msgs...)
			s := screenText(m)
			requireFits(t, s, w, h)
			golden.RequireEqual(t, s)
		})
	}
}

func TestProviderScreensFit(t *testing.T) {
	screens := map[string][]tea.Msg{
		"picker":   nil,
		"filter":   {press("/"), paste("e")},
		"preset":   {press("/"), paste("keycloak"), press("enter"), press("enter")},
		"add":      {press("a"), press("enter")},
		"save":     {press("a"), paste("x"), press("tab"), paste("https://id.example.com"), press("tab"), paste("app"), press("tab"), paste("s3cret"), press("enter")},
		"settings": {press("/"), paste("entra"), press("down"), press("enter"), paste("common"), press("enter"), press("enter")},
	}
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		for name, msgs := range screens {
			t.Run(name, func(t *testing.T) {
				cfg := providersConfig(t, testProvidersFile)
				m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = drive(t, m, msgs...)
				requireFits(t, screenText(m), size[0], size[1])
			})
		}
	}
}

// TestPresetForm fills in a preset's fields and goes on to the settings,
// which carry the preset's scopes, redirect URI and quirks.
func TestPresetForm(t *testing.T) {
	cfg := providersConfig(t, testProvidersFile)
	cfg.Flows[0].Browser = true
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 100, Height: 40})
	m = drive(t, m, press("/"), paste("entra"), press("down"), press("enter"))
	if m.screen != screenPreset {
		t.Fatalf("screen %d, want the preset form", m.screen)
	}
	s := screenText(m)
	for _, want := range []string{"Tenant *", "00000000-0000-0000-0000-000000000000", "Client ID", "Where to find the values", "Redirect URI"} {
		if !strings.Contains(s, want) {
			t.Errorf("preset form lacks %q:\n%s", want, s)
		}
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenPreset || !strings.Contains(screenText(m), "Tenant is required") {
		t.Fatalf("enter without the tenant:\n%s", screenText(m))
	}
	m = drive(t, m, paste("contoso.onmicrosoft.com"), press("tab"), paste("app-id"), press("enter"))
	if m.screen != screenFlows {
		t.Fatalf("enter with the tenant: screen %d, want the flows", m.screen)
	}
	m = drive(t, m, press("enter"))
	p := m.form.Provider()
	if p.ClientID != "app-id" || p.AuthMethod != providers.AuthNone || p.RedirectURI != "http://localhost:8400/callback" ||
		!strings.Contains(p.TokenURL, "/contoso.onmicrosoft.com/oauth2/v2.0/token") || p.ScopeString() != "openid profile email offline_access User.Read" {
		t.Errorf("settings from the preset: %+v", p)
	}
	s = screenText(m)
	for _, want := range []string{"Redirect URI", "http://localhost:8400/callback", "Notes on entra", "expires_in", "ctrl+s save as provider"} {
		if !strings.Contains(s, want) {
			t.Errorf("settings lack %q:\n%s", want, s)
		}
	}
}

func TestPreselectPreset(t *testing.T) {
	cfg := providersConfig(t, testProvidersFile)
	cfg.Preselect = "keycloak"
	cfg.PresetFields = map[string]string{"url": "https://sso.example.com"}
	m := newTestModel(cfg)
	if m.screen != screenPreset {
		t.Fatalf("screen %d, want keycloak's form", m.screen)
	}
	if got := m.nav.preset.fields(); got["url"] != "https://sso.example.com" {
		t.Errorf("fields %v, want the url given", got)
	}
	if f := m.nav.preset.form; f.rows[f.focus].label != "Realm" {
		t.Errorf("focus on %q, want the missing Realm", f.rows[f.focus].label)
	}
}

// saveWith presses key on the save prompt and runs the save it starts
// without a time limit (drive gives up on slow commands).
func saveWith(t *testing.T, m Model, key tea.Msg) Model {
	t.Helper()
	if m.screen != screenSave {
		t.Fatalf("screen %d, want the save prompt:\n%s", m.screen, screenText(m))
	}
	next, cmd := m.Update(key)
	if cmd == nil {
		t.Fatalf("no save started:\n%s", screenText(next.(Model)))
	}
	return drive(t, next, cmd())
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestAddProviderSaves adds a provider by issuer URL and saves it without
// its secret, then saves it again from the settings form with the secret:
// the file is 0600 and reads back with what was entered.
func TestAddProviderSaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf", "providers.toml")
	cfg := testConfig(1200)
	cfg.ProvidersFile = &providers.File{Path: path}
	cfg.Presets = providers.Presets()
	const secret = "s3cret-value"
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, press("a"))
	if m.screen != screenAdd {
		t.Fatalf("a: screen %d, want the add form", m.screen)
	}
	m = drive(t, m, press("enter"))
	if !strings.Contains(screenText(m), "Give the provider a name") {
		t.Errorf("empty form accepted:\n%s", screenText(m))
	}
	m = drive(t, m, paste("local"), press("tab"), paste("http://127.0.0.1:9411"), press("tab"), paste("app"),
		press("tab"), paste(secret), press("tab"), paste("openid api.read"), press("enter"))
	if m.screen != screenSave || m.nav.save.focus != 1 {
		t.Fatalf("enter on the add form: screen %d, focus %d; want the secret question\n%s", m.screen, m.nav.save.focus, screenText(m))
	}
	if s := screenText(m); !strings.Contains(s, "Save secret?   ‹ no ›") || strings.Contains(s, secret) {
		t.Errorf("the question does not default to no, or shows the secret:\n%s", s)
	}
	m = saveWith(t, m, press("n"))
	if m.screen != screenProviders {
		t.Fatalf("after saving: screen %d, want the picker:\n%s", m.screen, screenText(m))
	}
	if s := screenText(m); !strings.Contains(s, "Saved local to") || !strings.Contains(s, "client_secret_env") {
		t.Errorf("no notice saying how to give the secret:\n%s", s)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), secret) {
		t.Errorf("the secret was written although the answer was no:\n%s", raw)
	}
	if mode := fileMode(t, path); mode != 0o600 {
		t.Errorf("file mode %04o, want 0600", mode)
	}
	f, err := providers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := f.Entry("local")
	if !ok || e.Issuer != "http://127.0.0.1:9411" || e.ClientID != "app" || e.ClientSecret != "" ||
		strings.Join(e.Scopes, " ") != "openid api.read" || e.AuthMethod != providers.AuthBasic {
		t.Fatalf("entry read back: %+v (found %v)", e, ok)
	}
	// The new provider is listed and selected; choosing it resolves it,
	// with the secret of this session.
	if got := m.providers.targets[m.providers.shown[m.providers.list.cursor]]; got.kind != pickEntry || got.name != "local" {
		t.Fatalf("cursor on %q, want the new entry", got.name)
	}
	m = drive(t, m, press("enter"))
	if m.screen != screenFlows {
		t.Fatalf("choosing the saved provider: screen %d\n%s", m.screen, screenText(m))
	}
	m = drive(t, m, press("enter"))
	if p := m.form.Provider(); p.Issuer != "http://127.0.0.1:9411" || p.ClientSecret != secret {
		t.Fatalf("settings of the saved provider: issuer %q, secret kept %v", p.Issuer, p.ClientSecret == secret)
	}
	// Edits in the form are for this run: starting the flow writes
	// nothing.
	m = drive(t, m, press("tab"), press("tab"), paste(" profile"), press("enter"))
	if after, _ := os.ReadFile(path); string(after) != string(raw) {
		t.Errorf("running with edited settings changed the file:\n%s", after)
	}
	m = drive(t, m, press("esc"))
	if m.screen != screenSettings {
		t.Fatalf("esc from the steps: screen %d", m.screen)
	}
	// ctrl+s saves them, and this time the secret.
	m = drive(t, m, ctrl('s'))
	if m.screen != screenSave || m.nav.save.focus != 0 || !strings.Contains(screenText(m), "It replaces the providers.local") {
		t.Fatalf("ctrl+s: screen %d focus %d\n%s", m.screen, m.nav.save.focus, screenText(m))
	}
	m = drive(t, m, press("enter"))
	m = saveWith(t, m, press("y"))
	if m.screen != screenSettings || !strings.Contains(screenText(m), "with its client secret") {
		t.Fatalf("after saving from the settings: screen %d\n%s", m.screen, screenText(m))
	}
	if mode := fileMode(t, path); mode != 0o600 {
		t.Errorf("file mode %04o after the second save, want 0600", mode)
	}
	f, err = providers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := f.Entry("local"); e.ClientSecret != secret || strings.Join(e.Scopes, " ") != "openid api.read profile" {
		t.Errorf("entry after saving with the secret: scopes %v, secret saved %v", e.Scopes, e.ClientSecret == secret)
	}
	if len(f.Entries) != 1 {
		t.Errorf("%d entries, want local replaced in place", len(f.Entries))
	}
}

// TestSaveKeepsSecretSource saves a provider whose secret comes from an
// environment variable: the variable is kept and nothing is asked.
func TestSaveKeepsSecretSource(t *testing.T) {
	t.Setenv("WORK_CLIENT_SECRET", "from-env")
	cfg := providersConfig(t, testProvidersFile)
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, press("/"), paste("work"), press("enter"))
	if m.screen != screenFlows {
		t.Fatalf("choosing work: screen %d\n%s", m.screen, screenText(m))
	}
	m = drive(t, m, press("enter"), ctrl('s'))
	if s := screenText(m); !strings.Contains(s, "from $WORK_CLIENT_SECRET (kept)") || m.nav.save.asks() {
		t.Fatalf("save prompt for an entry with client_secret_env:\n%s", s)
	}
	m = saveWith(t, m, press("enter"))
	raw, _ := os.ReadFile(cfg.ProvidersFile.Path)
	if strings.Contains(string(raw), "from-env") || !strings.Contains(string(raw), `client_secret_env = "WORK_CLIENT_SECRET"`) {
		t.Errorf("file after saving work:\n%s", raw)
	}
	if !strings.Contains(string(raw), "[providers.sso]") {
		t.Errorf("the broken entry was lost:\n%s", raw)
	}
}

// TestResolveError shows why a configured provider cannot be used.
func TestResolveError(t *testing.T) {
	cfg := providersConfig(t, `[providers.cmd]
issuer = "https://id.example.com"
client_id = "app"
client_secret_command = "echo nope >&2; exit 3"
`)
	m := drive(t, newTestModel(cfg), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = drive(t, m, press("down"), press("down"))
	_, cmd := m.Update(press("enter"))
	next, cmd := m.Update(cmd())
	m = next.(Model)
	if !strings.Contains(screenText(m), "Running the client_secret_command of cmd") {
		t.Errorf("no progress shown:\n%s", screenText(m))
	}
	// Run the resolve without drive's time limit: the command may be slow
	// on a busy machine.
	m = drive(t, m, runAll(cmd)...)
	if m.screen != screenProviders {
		t.Fatalf("screen %d after a failing secret command", m.screen)
	}
	if s := screenText(m); !strings.Contains(s, "cmd cannot be used") || !strings.Contains(s, "nope") {
		t.Errorf("the error is not shown:\n%s", s)
	}
}

// runAll runs cmd and the commands of its batches to the end, dropping
// spinner ticks.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	case nil:
		return nil
	case spinner.TickMsg:
		return nil
	default:
		return []tea.Msg{msg}
	}
}
