package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// screenText renders m as the terminal would show it, without colours.
func screenText(m Model) string {
	return ansi.Strip(m.View().Content)
}

// requireFits fails when the screen is not exactly w x h cells.
func requireFits(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

func TestGolden(t *testing.T) {
	const w, h = 80, 24
	cases := []struct {
		name string
		keys []string
	}{
		{"provider_picker", nil},
		{"flow_picker", []string{"enter"}},
		{"settings_form", []string{"enter", "enter"}},
		{"settings_form_auth_method", []string{"enter", "enter", "shift+tab", "right"}},
		{"step_view_explain", []string{"enter", "enter", "enter"}},
		{"step_view_claims", []string{"enter", "enter", "enter", "4"}},
		{"step_view_claims_checks", []string{"enter", "enter", "enter", "4", "pgdown"}},
		{"step_view_request", []string{"enter", "enter", "enter", "up", "2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := drive(t, New(testConfig(1200)), tea.WindowSizeMsg{Width: w, Height: h})
			m = drive(t, m, keys(tc.keys...)...)
			s := screenText(m)
			requireFits(t, s, w, h)
			golden.RequireEqual(t, s)
		})
	}
}

// TestLayoutFits renders every screen at several sizes: no line may be wider
// than the terminal and the screen must fill its height exactly.
func TestLayoutFits(t *testing.T) {
	screens := map[string][]string{
		"providers": nil,
		"flows":     {"enter"},
		"form":      {"enter", "enter"},
		"explain":   {"enter", "enter", "enter"},
		"request":   {"enter", "enter", "enter", "up", "2"},
		"response":  {"enter", "enter", "enter", "up", "3", "r"},
		"claims":    {"enter", "enter", "enter", "4", "right", "pgdown"},
	}
	for _, size := range [][2]int{{60, 20}, {80, 24}, {100, 30}, {120, 40}, {200, 50}} {
		for name, ks := range screens {
			m := drive(t, New(testConfig(4096)), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			m = drive(t, m, keys(ks...)...)
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				requireFits(t, screenText(m), size[0], size[1])
			})
		}
	}
}

// blockingFlow runs its fixed results and then waits, like the
// authorization code grant waiting for the browser.
type blockingFlow struct{ fakeFlow }

func (f *blockingFlow) Done() bool { return false }

func (f *blockingFlow) Next(ctx context.Context) flows.Result {
	if f.next < len(f.results) {
		return f.fakeFlow.Next(ctx)
	}
	<-ctx.Done()
	return flows.Result{Status: flows.Failed, Err: ctx.Err()}
}

// TestGoldenWaitingForBrowser shows a nine-step flow that waits for the
// login in the browser: the timeline is compacted to fit 80x24 and the
// Explain tab of the authorization request shows the URL.
func TestGoldenWaitingForBrowser(t *testing.T) {
	cfg := testConfig(1200)
	authURL := testIssuer + "/authorize?client_id=demo-public&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback&response_type=code&scope=openid+profile&state=af0ifjsldkj"
	cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
		f := &blockingFlow{*newFakeFlow(p, 1200)}
		f.steps = []flows.StepInfo{flows.Discovery, flows.ACAuthRequest, flows.ACLogin, flows.ACCallback, flows.ACToken,
			flows.ACIDToken, flows.ACUserinfo, flows.ACAPICall, flows.ACRefresh}
		f.results = []flows.Result{f.results[0], {Step: flows.ACAuthRequest, Status: flows.Done,
			AuthRequest: &flows.AuthRequest{URL: authURL, Params: flows.ExplainParams(authURL),
				RedirectURI: "http://127.0.0.1:49152/callback", Timeout: 5 * time.Minute}}}
		return f
	}
	m := atSteps(t, cfg, 80, 24)
	if m.steps.running != 2 || m.steps.selected != 1 {
		t.Fatalf("running step %d, selected %d; want the login running and the request selected", m.steps.running, m.steps.selected)
	}
	s := screenText(m)
	requireFits(t, s, 80, 24)
	golden.RequireEqual(t, s)
	if !strings.Contains(s, "u copy auth URL") {
		t.Error("the help does not offer to copy the authorization URL")
	}
	m = drive(t, m, press("esc"))
	if m.steps.running != -1 || m.screen != screenSettings {
		t.Error("esc did not stop the waiting run")
	}
}
