package cli

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestErrorsSayFlags: providers and flows name settings as {setting:NAME}
// and places to look as {view:NAME} (flows.Phrase); the command line must
// say every one of them in its own words, flags and -v, on every error
// path, not only in diagnoses. Each case is refused before anything is
// sent, so the demo server only stands in for a real issuer.
func TestErrorsSayFlags(t *testing.T) {
	srv := demotest.Start(t)
	iss := srv.Issuer()
	t.Setenv(clientSecretEnv, "")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no client id", []string{"token", "--issuer", iss}, "give --client-id"},
		{"no client id, authorization code", []string{"token", "--issuer", iss, "--flow", flows.FlowIDAuthCode}, "give --client-id"},
		{"bad auth method", []string{"token", "--issuer", iss, "--client-id", "c", "--auth-method", "basic"}, "set --auth-method to one of"},
		{"no secret", []string{"token", "--issuer", iss, "--client-id", "c", "--auth-method", providers.AuthBasic},
			"give $OAUTH_EXPLORER_CLIENT_SECRET (or --client-secret), or set --auth-method to none"},
		{"no client key", []string{"token", "--issuer", iss, "--client-id", "c", "--auth-method", providers.AuthPrivateKeyJWT}, "give --client-key"},
		{"no certificate", []string{"token", "--issuer", iss, "--client-id", "c", "--auth-method", providers.AuthTLS}, "give --client-cert and --client-key"},
	}
	for _, a := range flows.TokenActions() {
		if a.ClientAuth {
			cases = append(cases, struct {
				name string
				args []string
				want string
			}{a.ID + " without a client id", []string{a.ID, "--issuer", iss}, "give --client-id"})
		}
	}
	// Every grant's required inputs, given nowhere.
	for _, g := range flows.Grants() {
		for _, in := range g.Inputs {
			if !in.Required || in.Default != "" || in.Under != "" {
				continue
			}
			if in.Env != "" {
				t.Setenv(in.Env, "")
			}
			cases = append(cases, struct {
				name string
				args []string
				want string
			}{g.ID + " without " + in.Name, []string{"token", "--flow", g.ID, "--issuer", iss, "--client-id", "c", "--auth-method", providers.AuthNone}, "give"})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, c.args...)
			if code == 0 {
				t.Fatalf("exit 0:\n%s", errOut)
			}
			noPlaceholders(t, out+errOut)
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr does not say %q:\n%s", c.want, errOut)
			}
		})
	}
}

// TestValidateSaysFlags: every error of providers.Provider.Validate, as
// the command line prints it, names flags; the missing issuer among them,
// which the commands themselves refuse earlier in words of their own.
func TestValidateSaysFlags(t *testing.T) {
	ok := providers.Provider{Issuer: "https://id.example.com", ClientID: "c", AuthMethod: providers.AuthNone}
	for name, c := range map[string]struct {
		edit func(*providers.Provider)
		want string
	}{
		"no issuer":     {func(p *providers.Provider) { p.Issuer = "" }, "give --issuer"},
		"no client id":  {func(p *providers.Provider) { p.ClientID = "" }, "give --client-id"},
		"bad method":    {func(p *providers.Provider) { p.AuthMethod = "basic" }, "set --auth-method"},
		"no secret":     {func(p *providers.Provider) { p.AuthMethod = providers.AuthPost }, "give $OAUTH_EXPLORER_CLIENT_SECRET (or --client-secret)"},
		"no client key": {func(p *providers.Provider) { p.AuthMethod = providers.AuthPrivateKeyJWT }, "give --client-key"},
		"no cert":       {func(p *providers.Provider) { p.AuthMethod = providers.AuthSelfSignedTLS }, "give --client-cert and --client-key"},
	} {
		t.Run(name, func(t *testing.T) {
			p := ok
			c.edit(&p)
			err := p.Validate()
			if err == nil {
				t.Fatal("Validate accepted it")
			}
			var b strings.Builder
			printError(&b, err.Error())
			noPlaceholders(t, b.String())
			if !strings.Contains(b.String(), c.want) {
				t.Errorf("%q does not say %q", b.String(), c.want)
			}
		})
	}
}
