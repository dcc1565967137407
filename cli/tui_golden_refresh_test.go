package cli

import (
	"context"
	"net/http"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// fillInputs gives the grant's required inputs as a user would: each
// input's row (a line that starts with the focus mark and its label) is
// reached with tab and given its value by a paste. The values are tokens
// from a login (inputValue); inputs that are optional or have a default
// keep it.
func (r *grantRun) fillInputs(g flows.Grant) {
	r.t.Helper()
	for _, in := range g.Inputs {
		if !in.Required || in.Default != "" {
			continue
		}
		rows := 0
		for !strings.Contains("\n"+r.d.screen(), "\n› "+in.Label) {
			if rows++; rows > 20 {
				r.t.Fatalf("no row %q in the settings:\n%s", in.Label, r.d.screen())
			}
			r.d.send(keyPress("tab"))
		}
		r.d.send(tea.PasteMsg{Content: r.inputValue(g, in)})
	}
}

// inputValue is the token a user brings to the input in of grant g: the
// refresh token of a login as the client g's settings name (the one that
// will spend it), or the access token of a login as the authorization
// code grant's client (the subject of a token exchange).
func (r *grantRun) inputValue(g flows.Grant, in flows.Input) string {
	r.t.Helper()
	switch {
	case in.Secret && strings.Contains(in.Name, "refresh"):
		return r.loginTokens(g.ID).RefreshToken
	case in.Secret && strings.Contains(in.Name, "subject"):
		return r.loginTokens(flows.FlowIDAuthCode).AccessToken
	case !in.Secret && strings.Contains(in.Name, "username"):
		return demo.DemoUsername
	case in.Secret && strings.Contains(in.Name, "password"):
		return demo.DemoPassword
	case !in.Secret && in.Name == "subject":
		return "demo-user-1" // the demo user, whom demo-jwt-client may vouch for
	case !in.Secret && in.Name == "resource-url":
		return "http://127.0.0.1:" + goldenDemoPort + "/api/whoami" // the demo's API
	}
	r.t.Fatalf("the golden test has no value for input %q of %s", in.Name, g.ID)
	return ""
}

// loginTokens logs in at the demo provider the TUI started, with the
// authorization code grant run by flows as the token command runs it
// (the refresh token kept unspent), as the client the settings of the
// grant flowID name, and returns the tokens obtained.
func (r *grantRun) loginTokens(flowID string) *flows.TokenSet {
	r.t.Helper()
	p := r.cfg.Providers[0].Defaults(flowID)
	g, _ := flows.GrantByID(flows.FlowIDAuthCode)
	opts := r.cfg.Options
	opts.KeepRefreshToken = true
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	browsed := make(chan error, 1)
	opts.OpenBrowser = func(u string) error {
		go func() {
			redirect, err := demotest.Login(ctx, u, true)
			if err == nil {
				var res *http.Response
				if res, err = r.browser.Get(redirect); err == nil {
					res.Body.Close()
				}
			}
			if err != nil {
				cancel(err) // the flow's wait ends with it
			}
			browsed <- err
		}()
		return nil
	}
	f := g.New(p, opts)
	defer f.Close()
	var tok *flows.TokenSet
	for !f.Done() {
		res := f.Next(ctx)
		if res.Status == flows.Failed {
			r.t.Fatalf("logging in as %s for %s: %s: %v", p.ClientID, flowID, res.Step.Title, res.Err)
		}
		if res.Tokens != nil {
			tok = res.Tokens
		}
	}
	if err := <-browsed; err != nil {
		r.t.Fatal(err)
	}
	if tok == nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		r.t.Fatalf("the login as %s gave no access and refresh token: %+v", p.ClientID, tok)
	}
	return tok
}
