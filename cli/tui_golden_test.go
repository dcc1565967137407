package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/cryptotest"
	"testing/synctest"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
	"github.com/oauth-explorer/oauth-explorer/ui"
)

// TestGoldenGrants shows every grant of flows.Grants() as a user of
// `oauth-explorer` with no flags sees it: the TUI configured by runTUI's
// tuiConfig, the embedded demo provider started by its picker entry, the
// real flow run against it. The test runs in a synctest bubble, whose
// clock stands still at 2000-01-01 00:00:00 UTC for the flows, the TUI and
// the demo provider alike, with crypto/rand seeded (the demo's signing key,
// its codes and token IDs, the flow's state, nonce and verifier), and the
// demo provider on a fixed port (goldenDemoPort): the screens are the same
// at every run. Only the ports the kernel picks for the callback listener
// differ; they are numbered in the order they appear on the screen.
//
// crypto/rand is seeded for the whole process (cryptotest.SetGlobalRandom),
// which races with the connections other tests leave closing: the test
// runs alone in a process of its own, this test binary run again.
func TestGoldenGrants(t *testing.T) {
	if os.Getenv(goldenAloneEnv) == "" {
		runAlone(t, "TestGoldenGrants")
		return
	}
	lockGoldenPort(t)
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { slog.SetDefault(prev) })
	for _, g := range flows.Grants() {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", g.ID, size[0], size[1]), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					cryptotest.SetGlobalRandom(t, 1)
					grantScreens(t, g.ID, size[0], size[1])
				})
			})
		}
	}
}

// goldenAloneEnv marks the process that runAlone starts.
const goldenAloneEnv = "OAUTH_EXPLORER_TEST_ALONE"

// runAlone runs the test named name in a new process of this test binary,
// with -update passed on, and fails with its output if it fails.
func runAlone(t *testing.T, name string) {
	t.Helper()
	args := []string{"-test.run=^" + name + "$", "-test.count=1"}
	// The child stops when this test would: run as a binary it has no
	// timeout of its own, and a child stuck after its parent ended would
	// keep the port lock forever.
	if d, ok := t.Deadline(); ok {
		// A minute before the parent's, so that a stuck child's stacks
		// are in the output this test prints.
		args = append(args, "-test.timeout="+max(time.Until(d)-time.Minute, time.Minute).Round(time.Second).String())
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		args = append(args, "-update")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), goldenAloneEnv+"=1")
	dieWithParent(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s, run alone: %v\n%s", name, err, out)
	}
}

// grantRun is the TUI wired as runTUI wires it, with the browser played by
// the test.
type grantRun struct {
	t       *testing.T
	cfg     ui.Config
	d       *tuiDriver
	opened  chan string   // the URLs the flow asked the browser to open
	sleep   chan struct{} // a device poll waits until closed
	browser *http.Client
	ports   map[string]string
	w, h    int
}

// grantScreens runs the grant flowID in the TUI and compares each screen
// a user meets with its golden file: the settings, the wait for the user
// (the prompt, its URL alone, the paste box), the flow done, then the
// tabs of its token request and the diagram.
func grantScreens(t *testing.T, flowID string, w, h int) {
	cmd, pf := parsedFlags(t, "--config", filepath.Join(t.TempDir(), "providers.toml"))
	cfg, closeDemo, err := tuiConfig(context.Background(), cmd, pf, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer closeDemo()
	cfg.Providers[0] = demoAtGoldenPort(t, cfg.Providers[0], cmd, pf)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	btr := &http.Transport{}
	defer btr.CloseIdleConnections()
	r := &grantRun{t: t, opened: make(chan string, 4), sleep: make(chan struct{}),
		browser: &http.Client{Transport: btr}, ports: map[string]string{}, w: w, h: h}
	cfg.Options.Transport = tr
	cfg.Options.OpenBrowser = func(u string) error { r.opened <- u; return nil }
	cfg.Options.Sleep = func(ctx context.Context, _ time.Duration) error {
		select {
		case <-r.sleep:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	r.cfg = cfg
	idx := slices.IndexFunc(cfg.Flows, func(f ui.FlowChoice) bool { return f.ID == flowID })
	r.d = newTUIDriver(t, cfg, w, h)
	r.d.send(keyPress("enter"))
	for range idx {
		r.d.send(keyPress("down"))
	}
	r.d.send(keyPress("enter"))
	r.golden("settings")
	g, _ := flows.GrantByID(flowID)
	if len(g.Inputs) > 0 {
		r.fillInputs(g)
		r.golden("settings_filled")
	}
	r.d.update(keyPress("enter"))
	switch {
	case g.Browser:
		r.waitingScreens("Log in and approve", true)
		r.login(<-r.opened)
		if flowID == flows.FlowIDMCP {
			// The MCP server refuses tools/list for want of scope: the
			// step-up's login.
			r.d.settle(1, "Log in again")
			r.golden("stepup_waiting")
			r.login(<-r.opened)
		}
	case flowID == flows.FlowIDDevice:
		r.waitingScreens("Enter the code", false)
		if err := demotest.Device(context.Background(), <-r.opened, true); err != nil {
			t.Fatal(err)
		}
		close(r.sleep)
	}
	r.d.settle(0, "Flow complete")
	r.golden("done")
	for range r.stepsAfter(g, tokenStep[flowID]) {
		r.d.send(keyPress("up"))
	}
	for _, tab := range []struct{ key, name string }{{"2", "request"}, {"3", "response"}, {"4", "claims"}, {"d", "diagram"}} {
		r.d.send(keyPress(tab.key))
		r.golden(tab.name)
	}
	if flowID == flows.FlowIDClientCredentials {
		r.workbenchScreens()
	}
}

// workbenchScreens shows, on a client credentials run, what the step view
// offers beyond the run: the copy and export menus, the help page, a
// search, and after a second run the run list and the two tokens
// compared.
func (r *grantRun) workbenchScreens() {
	r.d.send(keyPress("2"))
	for _, sc := range []struct {
		name string
		keys []string
	}{
		{"copy_menu", []string{"c"}}, {"export_menu", []string{"esc", "e"}}, {"help", []string{"esc", "?"}},
		{"search", append([]string{"esc", "/"}, strings.Split("content-type", "")...)},
		{"search_found", []string{"enter"}},
	} {
		for _, k := range sc.keys {
			r.d.send(keyPress(k))
		}
		r.golden(sc.name)
	}
	r.d.send(keyPress("R"))
	r.d.settle(0, "Flow complete")
	r.d.send(keyPress("H"))
	r.golden("runs")
	r.d.send(keyPress("enter"))
	r.golden("compare")
}

// tokenStep is the step of each grant whose request and response the
// goldens show: the one that obtains the tokens.
var tokenStep = map[string]flows.StepInfo{
	flows.FlowIDAuthCode:          flows.ACToken,
	flows.FlowIDResource:          flows.ACToken,
	flows.FlowIDMCP:               flows.MCPStepUpToken,
	flows.FlowIDClientCredentials: flows.CCTokenRequest,
	flows.FlowIDRefresh:           flows.RTRefresh,
	flows.FlowIDDevice:            flows.DVPoll,
	flows.FlowIDTokenExchange:     flows.TXExchange,
	flows.FlowIDPassword:          flows.PWToken,
	flows.FlowIDImplicit:          flows.IMCallback,
	flows.FlowIDJWTBearer:         flows.JBToken,
}

// stepsAfter returns how many steps of g's plan follow step: the done
// screen selects the last one.
func (r *grantRun) stepsAfter(g flows.Grant, step flows.StepInfo) int {
	r.t.Helper()
	f := g.New(providers.Provider{}, flows.Options{})
	defer f.Close()
	steps := f.Steps()
	i := slices.IndexFunc(steps, func(s flows.StepInfo) bool { return s.ID == step.ID })
	if i < 0 {
		r.t.Fatalf("%s plans no step %q", g.ID, step.ID)
	}
	return len(steps) - 1 - i
}

// waitingScreens compares the screens of a step that waits for the user:
// the prompt, its URL alone (v) and, when the step takes a pasted
// redirect, the paste box (p), each closed again as a user would.
func (r *grantRun) waitingScreens(title string, paste bool) {
	r.d.settle(1, title)
	r.golden("waiting")
	r.d.update(keyPress("v"))
	r.d.settle(1, "")
	r.golden("url")
	r.d.update(keyPress("esc"))
	r.d.settle(1, title)
	if paste {
		r.d.update(keyPress("p"))
		r.d.settle(1, "")
		r.golden("paste")
		r.d.update(keyPress("esc"))
		r.d.settle(1, title)
	}
}

// login plays the browser at the authorization URL: the demo user logs
// in and approves, and the browser follows the redirect to the flow's
// loopback listener; a redirect with a fragment (the implicit grant)
// gets the page that posts it back, whose script the browser runs.
func (r *grantRun) login(authURL string) {
	r.t.Helper()
	redirect, err := demotest.Login(context.Background(), authURL, true)
	if err != nil {
		r.t.Fatal(err)
	}
	if strings.Contains(redirect, "#") {
		if _, _, err := demotest.Relay(context.Background(), r.browser, redirect); err != nil {
			r.t.Fatal(err)
		}
		return
	}
	resp, err := r.browser.Get(redirect)
	if err != nil {
		r.t.Fatal(err)
	}
	resp.Body.Close()
}

// loopbackPort matches a loopback port, plain or in a query (%3A, its
// host maybe wrapped onto the line before).
var loopbackPort = regexp.MustCompile(`(127\.0\.0\.1:|%3A)(\d{4,5})`)

// golden compares the screen with testdata/TestGoldenGrants/<run>/name.golden;
// -update writes it. The ports the kernel picks (the callback listener's)
// are numbered in the order they appear, from 40001; the demo provider's
// is goldenDemoPort.
func (r *grantRun) golden(name string) {
	r.t.Helper()
	s := r.d.screen()
	requireScreenFits(r.t, s, r.w, r.h)
	s = loopbackPort.ReplaceAllStringFunc(s, func(m string) string {
		sub := loopbackPort.FindStringSubmatch(m)
		if sub[2] == goldenDemoPort {
			return m
		}
		if _, ok := r.ports[sub[2]]; !ok {
			r.ports[sub[2]] = fmt.Sprint(40001 + len(r.ports))
		}
		return sub[1] + r.ports[sub[2]]
	})
	golden.RequireEqual(namedTB{r.t, r.t.Name() + "/" + name}, s)
}

// requireScreenFits fails when s is not exactly w x h cells.
func requireScreenFits(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d", i+1, n, w)
		}
	}
}

// namedTB is tb under another name, for golden.RequireEqual's file name.
// Its Fatal and Fatalf only report: a screen that differs must not end
// the test goroutine in the middle of a flow, whose callback listener
// would then wait for ever and the synctest bubble with it; the flow runs
// on, and the test fails at its end.
type namedTB struct {
	testing.TB
	name string
}

func (n namedTB) Name() string { return n.name }

func (n namedTB) Fatal(args ...any) {
	n.TB.Helper()
	n.TB.Error(args...)
}

func (n namedTB) Fatalf(format string, args ...any) {
	n.TB.Helper()
	n.TB.Errorf(format, args...)
}

// keyPress returns the key press that s names, as the terminal sends it.
func keyPress(s string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight}, "pgdown": {Code: tea.KeyPgDown},
		"pgup": {Code: tea.KeyPgUp},
	}
	if k, ok := special[s]; ok {
		return tea.KeyPressMsg(k)
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}
