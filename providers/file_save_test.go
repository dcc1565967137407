package providers

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// roundTrip loads path and returns the entry, with Line cleared.
func roundTrip(t *testing.T, path, name string) Entry {
	t.Helper()
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := f.Entry(name)
	if !ok {
		t.Fatalf("no entry %s after saving; problems %+v", name, f.Problems)
	}
	e.Line = 0
	return e
}

func TestSaveNewFileRoundTrips(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config", "oauth-explorer")
	path := filepath.Join(dir, FileName)
	e := Entry{
		Name: "my provider", Preset: "keycloak", Fields: map[string]string{"realm": "dev", "url": "http://127.0.0.1:8080"},
		ClientID: "cli", ClientSecret: "top \"secret\"\\\n", Scopes: []string{"openid", "offline_access"},
		Audience: "api", AuthMethod: AuthPost, RedirectURI: "http://127.0.0.1:8400/callback", APIURL: "http://127.0.0.1:9000/api",
		AuthParams: map[string]string{"prompt": "login", "ui_locales": "fr CA"}, TokenParams: map[string]string{"resource": "urn:x"},
	}
	if err := Save(path, e, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if m := mode(t, path); m != 0o600 {
			t.Errorf("file mode %04o, want 0600", m)
		}
		if m := mode(t, dir); m != 0o700 {
			t.Errorf("directory mode %04o, want 0700", m)
		}
	}
	text, _ := os.ReadFile(path)
	if strings.Contains(string(text), "top") || !strings.Contains(string(text), "# The client secret was not saved") {
		t.Errorf("the secret was saved without IncludeSecret:\n%s", text)
	}
	got := roundTrip(t, path, "my provider")
	want := e
	want.ClientSecret = ""
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip without the secret:\n got %+v\nwant %+v", got, want)
	}

	if err := Save(path, e, SaveOptions{IncludeSecret: true}); err != nil {
		t.Fatal(err)
	}
	if got := roundTrip(t, path, "my provider"); !reflect.DeepEqual(got, e) {
		t.Errorf("round trip with the secret:\n got %+v\nwant %+v", got, e)
	}
	if f, _ := Load(path); len(f.Entries) != 1 || len(f.Problems) != 0 {
		t.Errorf("saving twice gave %d entries, problems %+v", len(f.Entries), f.Problems)
	}
}

const handWritten = `# Providers I use.
top = "kept"

[providers.a] # first
issuer = "https://a.example"
client_id = "a"

# b talks to the staging server.
[providers.b]
issuer = "https://b.example"
client_id = "old"
description = """
[providers.fake]
"""
scopes = [
  "openid",
  ["nested"],
]

[providers.b.auth_params]
prompt = "login"

# c comes last.
[providers.c]
issuer = "https://c.example"
client_id = "c"
`

func TestSaveReplacesOneEntry(t *testing.T) {
	path := writeFile(t, handWritten, 0o644)
	b := Entry{Name: "b", Issuer: "https://b2.example", ClientID: "new", ClientSecretEnv: "B_SECRET"}
	if err := Save(path, b, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(path)
	want := `# Providers I use.
top = "kept"

[providers.a] # first
issuer = "https://a.example"
client_id = "a"

# b talks to the staging server.
[providers.b]
issuer = "https://b2.example"
client_id = "new"
client_secret_env = "B_SECRET"

# c comes last.
[providers.c]
issuer = "https://c.example"
client_id = "c"
`
	if string(text) != want {
		t.Errorf("file after saving b:\n%s\nwant:\n%s", text, want)
	}
	if runtime.GOOS != "windows" && mode(t, path) != 0o600 {
		t.Errorf("mode %04o after saving, want 0600", mode(t, path))
	}
	if got := roundTrip(t, path, "b"); !reflect.DeepEqual(got, b) {
		t.Errorf("round trip %+v", got)
	}
	d := Entry{Name: "d", Preset: "github", ClientID: "Iv1.d"}
	if err := Save(path, d, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	f, _ := Load(path)
	var names []string
	for _, e := range f.Entries {
		names = append(names, e.Name)
	}
	if !slices.Equal(names, []string{"a", "b", "c", "d"}) {
		t.Errorf("entries after appending d: %q", names)
	}
}

func TestSaveRefuses(t *testing.T) {
	path := writeFile(t, handWritten, 0o600)
	for _, tc := range []struct {
		name string
		e    Entry
		want string
	}{
		{"no name", Entry{Issuer: "https://x.example"}, "no name"},
		{"bad preset", Entry{Name: "x", Preset: "nope", ClientID: "x"}, "unknown preset"},
		{"missing field", Entry{Name: "x", Preset: "entra", ClientID: "x"}, "needs tenant"},
	} {
		if err := Save(path, tc.e, SaveOptions{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if text, _ := os.ReadFile(path); string(text) != handWritten {
		t.Error("a refused save changed the file")
	}
	broken := writeFile(t, "[providers.a\n", 0o600)
	if err := Save(broken, Entry{Name: "x", Issuer: "https://x.example"}, SaveOptions{}); err == nil || !strings.Contains(err.Error(), "fix the file first") {
		t.Errorf("saving into a broken file: %v", err)
	}
	inline := writeFile(t, "[providers]\nx = { issuer = \"https://x.example\" }\n", 0o600)
	if err := Save(inline, Entry{Name: "x", Issuer: "https://y.example"}, SaveOptions{}); err == nil || !strings.Contains(err.Error(), "edit the file by hand") {
		t.Errorf("saving over an inline table: %v", err)
	}
}

func TestSaveFollowsSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges")
	}
	real := writeFile(t, "", 0o600)
	link := filepath.Join(t.TempDir(), FileName)
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := Save(link, Entry{Name: "x", Issuer: "https://x.example", ClientID: "x"}, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	roundTrip(t, real, "x")
}

func TestTableHeaders(t *testing.T) {
	lines := strings.SplitAfter(handWritten, "\n")
	var got []string
	for _, h := range tableHeaders(lines) {
		got = append(got, strings.Join(h.key, "."))
	}
	want := []string{"providers.a", "providers.b", "providers.b.auth_params", "providers.c"}
	if !slices.Equal(got, want) {
		t.Errorf("headers %q, want %q", got, want)
	}
	key, ok := parseHeader(`[ providers . "my \"name\"" . 'x.y' ] # c`)
	if !ok || !slices.Equal(key, []string{"providers", `my "name"`, "x.y"}) {
		t.Errorf("parseHeader: %q %v", key, ok)
	}
}

func TestEntryForRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	custom := Provider{Name: "custom", Issuer: "https://id.example.com", TokenURL: "https://proxy.example.com/token",
		ClientID: "app", ClientSecret: "s", AuthMethod: AuthPost, Scopes: []string{"openid", "api.read"},
		AuthParams: map[string][]string{"prompt": {"login"}}, RedirectURI: "http://127.0.0.1:8400/callback"}
	pr, _ := PresetByID("keycloak")
	fromPreset, err := pr.Build(map[string]string{"url": "https://sso.example.com", "realm": "dev"})
	if err != nil {
		t.Fatal(err)
	}
	fromPreset.ClientID, fromPreset.AuthMethod = "kc-app", AuthNone
	for name, p := range map[string]Provider{"mine": custom, "kc": fromPreset} {
		fields := map[string]string{"url": "https://sso.example.com", "realm": "dev"}
		if err := Save(path, EntryFor(name, p, fields), SaveOptions{IncludeSecret: true}); err != nil {
			t.Fatal(err)
		}
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Resolve(context.Background(), name, f, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := p
		want.Name = name
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
}
