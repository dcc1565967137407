package cli

import (
	"context"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// fillInputs gives the grant's inputs as a user would: the refresh token
// comes from a login with the authorization code grant, and each input's
// row (a line that starts with the focus mark and its label) is reached
// with tab and given its value by a paste.
func (r *grantRun) fillInputs(g flows.Grant) {
	r.t.Helper()
	for _, in := range g.Inputs {
		rows := 0
		for !strings.Contains("\n"+r.d.screen(), "\n› "+in.Label) {
			if rows++; rows > 20 {
				r.t.Fatalf("no row %q in the settings:\n%s", in.Label, r.d.screen())
			}
			r.d.send(keyPress("tab"))
		}
		r.d.send(tea.PasteMsg{Content: r.refreshToken(g.ID)})
	}
}

// refreshToken logs in at the demo provider the TUI started, with the
// authorization code grant run by flows as the token command runs it
// (the refresh token kept unspent), as the client the settings of the
// grant flowID name, and returns the refresh token obtained.
func (r *grantRun) refreshToken(flowID string) string {
	r.t.Helper()
	p := r.cfg.Providers[0].Defaults(flowID)
	g, _ := flows.GrantByID(flows.FlowIDAuthCode)
	opts := r.cfg.Options
	opts.KeepRefreshToken = true
	var browsing sync.WaitGroup
	opts.OpenBrowser = func(u string) error {
		browsing.Go(func() { r.login(u) })
		return nil
	}
	f := g.New(p, opts)
	defer f.Close()
	var rt string
	for !f.Done() {
		res := f.Next(context.Background())
		if res.Status == flows.Failed {
			r.t.Fatalf("%s: %v", res.Step.Title, res.Err)
		}
		if res.Tokens != nil {
			rt = res.Tokens.RefreshToken
		}
	}
	browsing.Wait()
	if rt == "" {
		r.t.Fatal("the login gave no refresh token")
	}
	return rt
}
