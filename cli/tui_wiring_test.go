package cli

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// tuiDemo builds the TUI's demo entry from the flags as runTUI does, and
// prepares it (the demo server starts).
func tuiDemo(t *testing.T, cmd *cobra.Command, pf *providerFlags) ui.ProviderChoice {
	t.Helper()
	dc, err := tuiDemoChoice(cmd, pf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dc.Close() })
	if err := dc.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dc
}

// TestTUIDemoHonoursFlags runs the authorization code flow as the TUI
// does on the demo provider with --prompt, --login-hint, --auth-param and
// --param: the authorization request carries the first three, the token
// request the last, as in the token command.
func TestTUIDemoHonoursFlags(t *testing.T) {
	cmd, pf := parsedFlags(t, "--prompt", "login", "--login-hint", "demo", "--auth-param", "ui_locales=de", "--param", "resource_hint=reports")
	fc, err := findFlow(flows.FlowIDAuthCode)
	if err != nil {
		t.Fatal(err)
	}
	p := tuiDemo(t, cmd, pf).Defaults(fc.ID)
	f := fc.New(p, flows.Options{})
	defer f.Close()
	var authURL string
	for authURL == "" && !f.Done() {
		r := f.Next(context.Background())
		if r.Status == flows.Failed {
			t.Fatalf("step %s: %v", r.Step.ID, r.Err)
		}
		if r.AuthRequest != nil {
			authURL = r.AuthRequest.URL
		}
	}
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for name, want := range map[string]string{"prompt": "login", "login_hint": "demo", "ui_locales": "de"} {
		if got := q.Get(name); got != want {
			t.Errorf("authorization request %s=%q, want %q: %s", name, got, want, authURL)
		}
	}
	redirect, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if resp, err := http.Get(redirect); err == nil {
			resp.Body.Close()
		}
	}()
	for !f.Done() {
		r := f.Next(context.Background())
		for _, ex := range r.Exchanges {
			if strings.HasSuffix(ex.Request.URL, "/oauth/token") && strings.Contains(string(ex.Request.Body), "grant_type=authorization_code") {
				form, _ := url.ParseQuery(string(ex.Request.Body))
				if form.Get("resource_hint") != "reports" {
					t.Errorf("token request body lacks --param resource_hint=reports: %s", ex.Request.Body)
				}
				return
			}
		}
		if r.Status == flows.Failed {
			t.Fatalf("step %s: %v", r.Step.ID, r.Err)
		}
	}
	t.Fatal("no token request was made")
}

// TestTUIDemoClientScopes checks that a demo client picked in the settings
// form brings the scopes it has as a flow's default: switching clients
// back and forth keeps the prefilled scope.
func TestTUIDemoClientScopes(t *testing.T) {
	cmd, pf := parsedFlags(t)
	dc := tuiDemo(t, cmd, pf)
	for _, fc := range flowChoices() {
		d := dc.Defaults(fc.ID)
		i := slices.IndexFunc(dc.Clients, func(c ui.ClientChoice) bool { return c.ID == d.ClientID })
		if i < 0 {
			t.Fatalf("%s: the default client %s is not among the clients", fc.ID, d.ClientID)
		}
		if got, want := strings.Join(dc.Clients[i].Scopes, " "), d.ScopeString(); got != want {
			t.Errorf("%s: client %s picked in the form asks for %q, as the default %q", fc.ID, d.ClientID, got, want)
		}
	}
}

// TestTUICustomDefaults checks the --issuer entry: the auth method is left
// to the form (which applies the command line's rule to the secret typed)
// unless --auth-method is given, and the authorization code scopes come
// from the discovery document unless --scope is given.
func TestTUICustomDefaults(t *testing.T) {
	srv := demotest.Start(t)
	choice := func(args ...string) ui.ProviderChoice {
		cmd, pf := parsedFlags(t, append([]string{"--issuer", srv.Issuer(), "--client-id", "demo-public"}, args...)...)
		p, ok, err := pf.custom(cmd)
		if !ok || err != nil {
			t.Fatal(ok, err)
		}
		c := customChoice(p, cmd.Flags().Changed("scope"), flows.Options{})
		if err := c.Prepare(context.Background()); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := choice()
	if p := c.Defaults(flows.FlowIDAuthCode); p.AuthMethod != "" {
		t.Errorf("auth method %q without --auth-method; want it left to the form", p.AuthMethod)
	}
	if p := c.Defaults(flows.FlowIDAuthCode); p.ScopeString() != "openid profile email offline_access" {
		t.Errorf("authorization code scopes %q; want openid and the listed optional scopes", p.ScopeString())
	}
	if n := c.Notes(flows.FlowIDAuthCode); len(n) != 1 || !strings.Contains(n[0], "scopes_supported") {
		t.Errorf("notes %q; want why the scopes were prefilled", n)
	}
	if p := c.Defaults(flows.FlowIDClientCredentials); len(p.Scopes) != 0 || len(c.Notes(flows.FlowIDClientCredentials)) != 0 {
		t.Errorf("client credentials: %q %q; want no default scope", p.Scopes, c.Notes(flows.FlowIDClientCredentials))
	}
	c = choice("--auth-method", "client_secret_post", "--client-secret", "s", "--scope", "openid api.read")
	if p := c.Defaults(flows.FlowIDAuthCode); p.AuthMethod != providers.AuthPost || p.ScopeString() != "openid api.read" || c.Notes != nil {
		t.Errorf("with --auth-method and --scope: %+v", p)
	}
}

// TestTokenSecretWithAuthNone: a secret given with --auth-method none is
// not sent; the command warns before sending, and the diagnosis of the
// server's invalid_client says the secret was not sent.
func TestTokenSecretWithAuthNone(t *testing.T) {
	srv := demotest.Start(t)
	code, _, errOut := run(t, nil, "token", "--issuer", srv.Issuer(), "--client-id", "demo-service",
		"--client-secret", "O458Q~byBW1XP1mr5bayW0j8BxDWSzLhpC5I1BPv", "--auth-method", "none", "--scope", "api.read")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"warning: a client secret is given but --auth-method is none, so the secret is not sent", "no client secret was sent"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "the client secret is wrong") {
		t.Errorf("the diagnosis blames a secret that was not sent:\n%s", errOut)
	}
}
