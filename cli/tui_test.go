package cli

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

func TestTUIProvidersFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "new", "providers.toml")
	f, err := tuiProvidersFile(missing)
	if err != nil || f == nil || f.Path != missing || len(f.Entries) != 0 {
		t.Errorf("a --config file not yet created: %+v, %v; want an empty file at that path (saving creates it)", f, err)
	}
	broken := providersFile(t, "[providers.x\nissuer = 1\n")
	f, err = tuiProvidersFile(broken)
	var se *providers.SyntaxError
	if !errors.As(err, &se) || f == nil || f.Path != broken {
		t.Errorf("a broken file: %+v, %v; want its path and the syntax error", f, err)
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	f, err = tuiProvidersFile("")
	if err != nil || f == nil || filepath.Base(f.Path) != providers.FileName {
		t.Errorf("no default file yet: %+v, %v; want an empty file at the default path", f, err)
	}
}

// parsedFlags returns the root command's provider flags parsed from args.
func parsedFlags(t *testing.T, args ...string) (*cobra.Command, *providerFlags) {
	t.Helper()
	var pf providerFlags
	cmd := &cobra.Command{Use: "oauth-explorer"}
	pf.register(cmd)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	return cmd, &pf
}

func TestConfiguredChoice(t *testing.T) {
	t.Setenv("WORK_SECRET", "from-env")
	path := providersFile(t, goodProviders)
	file, err := loadProvidersFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd, pf := parsedFlags(t, "--config", path, "--provider", "work", "--client-id", "other-app")
	c, err := configuredChoice(context.Background(), cmd, pf, file)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Defaults("")
	if c.Name != "work" || p.ClientID != "other-app" || p.ClientSecret != "from-env" || c.Fields["tenant"] == "" {
		t.Errorf("--provider work --client-id other-app: %+v with %+v", c, p)
	}

	cmd, pf = parsedFlags(t, "--config", path, "--provider", "keycloak", "--url", "https://sso.example.com", "--realm", "main")
	c, err = configuredChoice(context.Background(), cmd, pf, file)
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Defaults(""); c.Name != "keycloak" || p.Issuer != "https://sso.example.com/realms/main" || c.Fields["realm"] != "main" {
		t.Errorf("--provider keycloak with its fields: %+v with %+v", c, p)
	}

	// A preset short of a field: runTUI lets its form ask.
	cmd, pf = parsedFlags(t, "--config", path, "--provider", "keycloak", "--url", "https://sso.example.com")
	_, err = configuredChoice(context.Background(), cmd, pf, file)
	var mf *providers.MissingFieldError
	if !errors.As(err, &mf) || mf.Preset != "keycloak" || mf.Field.Name != "realm" {
		t.Errorf("keycloak without --realm: %v, want a missing field", err)
	}
}
