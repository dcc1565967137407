package cli

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runProviders runs the providers command on its own, as Execute would.
func runProviders(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	var out, errb syncBuffer
	cmd := newProvidersCmd(Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(context.Background())
	var ee *ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.Code
	default:
		errb.Write([]byte(err.Error()))
		code = 2
	}
	return code, out.String(), errb.String()
}

func providersFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "providers.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodProviders = `[providers.work]
preset = "entra"
tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
client_id = "work-app"
client_secret_env = "WORK_SECRET"

[providers.local]
issuer = "http://127.0.0.1:9000"
client_id = "demo-public"

[providers.legacy]
token_url = "https://legacy.example.com/token"
client_id = "svc"
client_secret = "s3cret-in-the-file"
`

func TestProvidersListsEverything(t *testing.T) {
	path := providersFile(t, goodProviders)
	code, out, errOut := runProviders(t, "--config", path)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"work", "preset entra (tenant=72f988bf", "environment variable $WORK_SECRET",
		"local", "issuer http://127.0.0.1:9000", "none (public client)", "legacy", "the providers file", path} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, p := range providers.Presets() {
		if !strings.Contains(out, "  "+p.ID+" ") {
			t.Errorf("preset %s not listed", p.ID)
		}
	}
	if strings.Contains(out, "s3cret-in-the-file") {
		t.Error("a secret is printed")
	}
}

func TestProvidersBrokenFile(t *testing.T) {
	path := providersFile(t, "[providers.a]\nissuer = \"https://a.example\"\nclient_id = \"abc\n")
	code, out, errOut := runProviders(t, "--config", path)
	if code != 1 || !strings.Contains(errOut, path+":3:") || !strings.Contains(errOut, "^") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "entra") {
		t.Errorf("the presets are not listed beside a broken file:\n%s", out)
	}
}

func TestProvidersBrokenEntry(t *testing.T) {
	path := providersFile(t, goodProviders+"\n[providers.bad]\npreset = \"keycloak\"\nurl = \"https://sso.example.com\"\nscope = \"openid\"\n")
	code, out, errOut := runProviders(t, "--config", path)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{path + ":17: error: providers.bad: preset keycloak needs realm", path + ":19: warning: providers.bad: unknown key scope"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "legacy") {
		t.Errorf("the good entries are not listed:\n%s", out)
	}
}

func TestProvidersMissingFile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code, out, errOut := runProviders(t)
	if code != 0 || !strings.Contains(out, "none yet") {
		t.Errorf("default file missing: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runProviders(t, "--config", filepath.Join(t.TempDir(), "nope.toml"))
	if code != 1 || !strings.Contains(errOut, "nope.toml") {
		t.Errorf("--config missing: exit %d: %s", code, errOut)
	}
}

func TestProvidersDescribe(t *testing.T) {
	code, out, errOut := runProviders(t, "entra")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"--tenant", "App registrations", "Redirect URI:", "Quirks:", "expires_in"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runProviders(t, "nope"); code != 1 {
		t.Errorf("unknown name: exit %d", code)
	}
}

func TestProvidersCheckDemo(t *testing.T) {
	code, out, errOut := runProviders(t, "--check", "demo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"OpenID Connect Discovery", "authorization_code", "client_credentials", "refresh_token",
		"client_secret_basic", "client_secret_post", "none", "PKCE methods", "S256", "response types", "token ", "/oauth/token"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestProvidersCheckConfiguredAndPreset(t *testing.T) {
	srv := demotest.Start(t)
	path := providersFile(t, "[providers.local]\nissuer = \""+srv.Issuer()+"\"\nclient_id = \"demo-public\"\nclient_secret_command = \"exit 1\"\n")
	code, out, errOut := runProviders(t, "--config", path, "--check", "local")
	if code != 0 || !strings.Contains(out, "Provider:  local") || !strings.Contains(out, "S256") {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	// A preset whose fields come from flags: the demo has no such realm.
	code, _, errOut = runProviders(t, "--config", path, "--check", "keycloak", "--url", srv.Issuer(), "--realm", "x")
	if code != 1 || !strings.Contains(errOut, "/realms/x/.well-known/openid-configuration") {
		t.Errorf("keycloak preset: exit %d: %s", code, errOut)
	}
	code, _, errOut = runProviders(t, "--check", "entra")
	if code != 1 || !strings.Contains(errOut, "--tenant") {
		t.Errorf("preset without its field: exit %d: %s", code, errOut)
	}
}

func TestProvidersCheckGitHubWithoutDiscovery(t *testing.T) {
	code, out, errOut := runProviders(t, "--check", "github")
	if code != 0 || !strings.Contains(out, "no discovery") || !strings.Contains(out, "https://github.com/login/oauth/access_token") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
}

// TestPresetFlagsBesideProviderFlags makes sure the preset flags can join
// the flags of the root and token commands without a clash (pflag panics
// on a flag defined twice).
func TestPresetFlagsBesideProviderFlags(t *testing.T) {
	for _, cmd := range []*cobra.Command{newTokenCmd(Streams{}), NewRoot("test", Streams{})} {
		if cmd.Flags().Lookup("tenant") != nil {
			continue // providerFlags registers them already
		}
		var pf presetFlags
		pf.register(cmd)
		if err := cmd.ParseFlags([]string{"--tenant", "common", "--url", "https://x.example"}); err != nil {
			t.Fatal(err)
		}
		if got := pf.fields(cmd); got["tenant"] != "common" || got["url"] != "https://x.example" || len(got) != 2 {
			t.Errorf("%s: fields %v", cmd.Name(), got)
		}
	}
}

// TestProvidersDescribesEveryListedName: every ID the list shows can be
// described with 'providers ID', the demo included.
func TestProvidersDescribesEveryListedName(t *testing.T) {
	path := providersFile(t, goodProviders)
	ids := []string{"demo"}
	for _, p := range providers.Presets() {
		ids = append(ids, p.ID)
	}
	for _, id := range ids {
		if code, out, errOut := runProviders(t, "--config", path, id); code != 0 || !strings.HasPrefix(out, id+":") {
			t.Errorf("providers %s: exit %d: %s%s", id, code, out, errOut)
		}
	}
}
