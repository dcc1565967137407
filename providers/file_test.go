package providers

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writeFile writes a providers file with the given mode and returns its path.
func writeFile(t *testing.T, text string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func load(t *testing.T, text string) *File {
	t.Helper()
	f, err := Load(writeFile(t, text, 0o600))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// problemAt finds the problem of that severity at line whose message holds want.
func problemAt(f *File, sev Severity, line int, want string) bool {
	for _, p := range f.Problems {
		if p.Severity == sev && p.Line == line && strings.Contains(p.Message, want) {
			return true
		}
	}
	return false
}

const validFile = `# my providers
[providers.work]
preset = "entra"
tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
client_id = "11111111-2222-3333-4444-555555555555"
client_secret_env = "WORK_SECRET"
scopes = "openid offline_access"

[providers.local]
issuer = "http://127.0.0.1:9000"
client_id = "demo-public"
redirect_uri = "http://127.0.0.1:8400/callback"
api_url = "http://127.0.0.1:9000/api/whoami"
scopes = ["openid", "profile"]
auth_method = "none"

[providers.local.auth_params]
prompt = "login"
max_age = 0

[providers.local.token_params]
resource = "https://api.example.com"

[providers.legacy]
token_url = "https://legacy.example.com/oauth/token"
authorization_url = "https://legacy.example.com/oauth/authorize"
client_id = "svc"
client_secret_command = "printf 's3cret\\nuser: svc\\n'"
audience = "https://api.example.com"
`

func TestLoadValid(t *testing.T) {
	f := load(t, validFile)
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %+v", f.Problems)
	}
	if len(f.Entries) != 3 || f.Entries[0].Name != "work" || f.Entries[1].Name != "local" || f.Entries[2].Name != "legacy" {
		t.Fatalf("entries %+v", f.Entries)
	}
	work, local := f.Entries[0], f.Entries[1]
	if work.Line != 2 || work.Preset != "entra" || work.Fields["tenant"] != "72f988bf-86f1-41af-91ab-2d7cd011db47" ||
		strings.Join(work.Scopes, " ") != "openid offline_access" || work.SecretSource() != "environment variable $WORK_SECRET" {
		t.Errorf("work %+v", work)
	}
	if local.Line != 9 || local.AuthParams["prompt"] != "login" || local.AuthParams["max_age"] != "0" || local.TokenParams["resource"] != "https://api.example.com" {
		t.Errorf("local %+v", local)
	}
	p, err := work.Provider(nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "work" || p.Preset != "entra" || p.Issuer != "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0" ||
		p.AuthMethod != AuthBasic || strings.Join(p.Scopes, " ") != "openid offline_access" || len(p.Quirks) == 0 {
		t.Errorf("work's provider %+v", p)
	}
	lp, _ := local.Provider(nil)
	if lp.AuthParams.Get("prompt") != "login" || lp.TokenParams.Get("resource") != "https://api.example.com" || lp.AuthMethod != AuthNone || lp.RedirectURI != "http://127.0.0.1:8400/callback" {
		t.Errorf("local's provider %+v", lp)
	}
}

func TestLoadUnknownKeys(t *testing.T) {
	f := load(t, `[providers.a]
issuer = "https://id.example.com"
client_id = "x"
scope = ["openid"]
tenant = "common"
client_secret = "s"

[google]
client_id = "y"

[providers.a.extra]
x = 1
`)
	if !problemAt(f, Warning, 4, "unknown key scope is ignored (did you mean scopes?)") {
		t.Errorf("no warning for scope at line 4: %+v", f.Problems)
	}
	if !problemAt(f, Warning, 5, `no preset = "entra"`) {
		t.Errorf("no warning for tenant at line 5: %+v", f.Problems)
	}
	if !problemAt(f, Warning, 8, "[providers.google]") {
		t.Errorf("no warning for [google] at line 8: %+v", f.Problems)
	}
	if !problemAt(f, Warning, 11, "unknown key extra") {
		t.Errorf("no warning for the extra table at line 11: %+v", f.Problems)
	}
	if f.HasErrors() || len(f.Entries) != 1 {
		t.Errorf("warnings made the entry unusable: %+v", f.Problems)
	}
}

func TestLoadBrokenEntries(t *testing.T) {
	for _, tc := range []struct {
		name, entry string
		line        int // within the file below
		want        string
	}{
		{"bad preset", "preset = \"entraa\"\nclient_id = \"x\"", 5, "unknown preset \"entraa\" (did you mean entra?)"},
		{"missing field", "preset = \"keycloak\"\nurl = \"https://sso.example.com\"", 5, `needs realm = "myrealm"`},
		{"bad field", "preset = \"keycloak\"\nurl = \"https://sso.example.com\"\nrealm = 5", 7, "realm must be a string"},
		{"nothing to talk to", "client_id = \"x\"", 4, "needs preset"},
		{"wrong type", "issuer = \"https://x.example\"\nscopes = 5", 6, "scopes must be a list of strings"},
		{"two secrets", "issuer = \"https://x.example\"\nclient_secret = \"a\"\nclient_secret_env = \"B\"", 7, "only one of"},
		{"secret in the env key", "issuer = \"https://x.example\"\nclient_secret_env = \"hunter2!\"", 6, "not a variable name"},
		{"bad auth method", "issuer = \"https://x.example\"\nauth_method = \"tls_client_magic\"", 6, "unknown auth_method"},
		{"not a URL", "issuer = \"id.example.com\"", 5, "not an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := load(t, "[providers.good]\nissuer = \"https://id.example.com\"\nclient_id = \"g\"\n[providers.bad]\n"+tc.entry+"\n")
			if !problemAt(f, Error, tc.line, tc.want) {
				t.Errorf("no error at line %d with %q: %+v", tc.line, tc.want, f.Problems)
			}
			if _, ok := f.Entry("good"); !ok || len(f.Entries) != 1 {
				t.Errorf("the good entry is not usable: %+v", f.Entries)
			}
			if strings.Contains(tc.entry, "hunter2") && strings.Contains(f.Problems[0].Message, "hunter2") {
				t.Error("the message shows the value of client_secret_env")
			}
		})
	}
}

func TestLoadReservedName(t *testing.T) {
	f := load(t, "[providers.demo]\nissuer = \"https://x.example\"\nclient_id = \"x\"\n")
	if !problemAt(f, Error, 1, "taken by the command line") {
		t.Errorf("%+v", f.Problems)
	}
}

func TestLoadSyntaxError(t *testing.T) {
	path := writeFile(t, "[providers.a]\nissuer = \"https://x.example\"\nclient_id = \"abc\nscopes = []\n", 0o600)
	_, err := Load(path)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("err %v is not a SyntaxError", err)
	}
	if se.Line != 3 || se.Column < 1 || !strings.HasPrefix(se.Error(), path+":3:") || !strings.Contains(se.Source, `client_id = "abc`) {
		t.Errorf("error %q at %d:%d, source %q", se, se.Line, se.Column, se.Source)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.toml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

func TestPermissionsWarning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	secret := "[providers.a]\nissuer = \"https://x.example\"\nclient_id = \"x\"\nclient_secret = \"s\"\n"
	for _, tc := range []struct {
		text string
		mode os.FileMode
		warn bool
	}{
		{secret, 0o644, true},
		{secret, 0o640, true},
		{secret, 0o600, false},
		{"[providers.a]\nissuer = \"https://x.example\"\nclient_id = \"x\"\nclient_secret_env = \"S\"\n", 0o644, false},
	} {
		path := writeFile(t, tc.text, tc.mode)
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		got := problemAt(f, Warning, 4, "chmod 600 "+path)
		if got != tc.warn {
			t.Errorf("mode %04o: warning %v, want %v: %+v", tc.mode, got, tc.warn, f.Problems)
		}
	}
}

func TestSecretSources(t *testing.T) {
	f := load(t, validFile)
	t.Setenv("WORK_SECRET", "from-env")
	p, err := Resolve(context.Background(), "work", f, nil)
	if err != nil || p.ClientSecret != "from-env" || p.AuthMethod != AuthBasic {
		t.Fatalf("work: %v %+v", err, p)
	}
	if runtime.GOOS != "windows" {
		p, err = Resolve(context.Background(), "legacy", f, nil)
		if err != nil || p.ClientSecret != "s3cret" {
			t.Fatalf("legacy: %v, secret %q", err, p.ClientSecret)
		}
	}
	os.Unsetenv("WORK_SECRET")
	if _, err := Resolve(context.Background(), "work", f, nil); err == nil || !strings.Contains(err.Error(), "WORK_SECRET") {
		t.Errorf("unset variable: %v", err)
	}
}

func TestSecretCommandFailures(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	ctx := context.Background()
	_, err := Entry{Name: "x", ClientSecretCommand: "echo hunt\"\"er2; echo 'gpg: decryption failed' >&2; exit 2"}.Secret(ctx)
	if err == nil || !strings.Contains(err.Error(), "gpg: decryption failed") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("failing command: %v", err)
	}
	if _, err := (Entry{Name: "x", ClientSecretCommand: "true"}).Secret(ctx); err == nil || !strings.Contains(err.Error(), "printed nothing") {
		t.Errorf("silent command: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	// A command that is not stopped makes this test hang for ten minutes
	// instead: no duration is asserted, so a busy machine cannot fail it.
	if _, err := (Entry{Name: "x", ClientSecretCommand: "exec sleep 600"}).Secret(ctx); err == nil || !strings.Contains(err.Error(), "did not finish") {
		t.Errorf("hanging command: %v", err)
	}
}

func TestResolveNames(t *testing.T) {
	f := load(t, validFile+"\n[providers.google]\npreset = \"google\"\nclient_id = \"mine.apps.googleusercontent.com\"\n[providers.broken]\npreset = \"nope\"\n")
	ctx := context.Background()
	p, err := Resolve(ctx, "google", f, nil)
	if err != nil || p.ClientID != "mine.apps.googleusercontent.com" || p.Name != "google" {
		t.Errorf("the configured google does not shadow the preset: %v %+v", err, p)
	}
	p, err = Resolve(ctx, "entra", f, map[string]string{"tenant": "common"})
	if err != nil || p.TokenURL != "https://login.microsoftonline.com/common/oauth2/v2.0/token" || p.AuthMethod != AuthNone {
		t.Errorf("preset with fields: %v %+v", err, p)
	}
	if _, err := Resolve(ctx, "entra", f, nil); err == nil || !strings.Contains(err.Error(), "needs --tenant") {
		t.Errorf("preset without its field: %v", err)
	}
	if _, err := Resolve(ctx, "broken", f, nil); err == nil || !strings.Contains(err.Error(), f.Path+":") {
		t.Errorf("broken entry: %v", err)
	}
	if _, err := Resolve(ctx, "wrok", f, nil); err == nil || !strings.Contains(err.Error(), "did you mean work?") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := Lookup("okta", nil, map[string]string{"url": "https://dev-1.okta.com"}); err != nil {
		t.Errorf("lookup without a file: %v", err)
	}
	p, err = Lookup("work", f, map[string]string{"tenant": "organizations"})
	if err != nil || p.Issuer != "" || !strings.Contains(p.TokenURL, "/organizations/") || p.ClientSecret != "" {
		t.Errorf("field override on a configured entry: %v %+v", err, p)
	}
}
