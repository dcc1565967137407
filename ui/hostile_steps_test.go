package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
)

// hostileSizes are the terminal sizes the hostile screens are rendered at.
var hostileSizes = [][2]int{{80, 24}, {200, 60}}

// deliver hands the result of step id to the step view, as the command
// running it would.
func deliver(m Model, results map[string]flows.Result, id string) Model {
	md := results[flows.Discovery.ID].Metadata
	r := results[id]
	r.Step = stepByID(m, id)
	return update(m, stepDoneMsg{runID: m.steps.runID, result: completed(r, &md)})
}

// stepByID returns the step of m's flow called id.
func stepByID(m Model, id string) flows.StepInfo {
	for _, st := range m.steps.steps {
		if st.ID == id {
			return st
		}
	}
	return flows.StepInfo{}
}

// TestHostileStepView runs the authorization code flow with hostile
// results through the pickers, the settings form and the step view: every
// tab of every step, the waiting panel, the paste input and its error, the
// URL screen and the status line, while waiting and once done.
func TestHostileStepView(t *testing.T) {
	for _, size := range hostileSizes {
		for _, pasted := range []bool{false, true} {
			for _, plain := range []bool{false, true} {
				t.Run(fmt.Sprintf("%dx%d_pasted=%v_explained=%v", size[0], size[1], pasted, !plain), func(t *testing.T) {
					hostileRun(t, size[0], size[1], pasted, plain)
				})
			}
		}
	}
}

func hostileRun(t *testing.T, w, h int, pasted, plain bool) {
	flow := &hostileFlow{plain: plain}
	results := hostileResults(hostileAuthURL, pasted)
	m := plainModel(hostileConfig(flow), w, h)
	requireSafe(t, "provider picker", m)
	m = update(m, providerChosenMsg{index: 0})
	requireSafe(t, "flow picker", m)
	m = update(m, flowChosenMsg{index: 0})
	if m.screen != screenSettings {
		t.Fatalf("not on the settings form: screen %d", m.screen)
	}
	for i := range m.form.rows() {
		mm := m.own()
		mm.form.focus = i
		mm.form = mm.form.focusField()
		requireSafe(t, fmt.Sprintf("settings form, row %d", i), mm)
	}
	m = update(m, press("ctrl+n"))
	if m.form.client() < 0 {
		t.Fatal("ctrl+n did not fill the form with the ready-made client")
	}
	requireSafe(t, "settings form with a ready-made client", m)
	m = update(m, press("enter")) // the hostile settings do not validate
	requireSafe(t, "settings form with its error", m)

	// Settings that did not pass a text input (the command line's) keep
	// their controls: the header shows them.
	p := m.form.Provider()
	p.Issuer, p.ClientID, p.AuthMethod = "https://idp.example/"+safetexttest.Corpus[0], safetexttest.Corpus[1], safetexttest.Corpus[3]
	m = update(m, startFlowMsg{provider: p})
	requireSafe(t, "step view, first step running", m)
	m = deliver(m, results, flows.Discovery.ID)
	m = deliver(m, results, flows.ACAuthRequest.ID)
	if !m.steps.waiting() {
		t.Fatal("the step view does not wait for the browser after the authorization request")
	}
	requireSafe(t, "waiting panel", m)
	requireAllTabs(t, "waiting", m)

	m = update(m, press("p"), tea.PasteMsg{Content: hostile})
	if m.steps.mode != modePaste {
		t.Fatal("p did not open the paste input")
	}
	requireSafe(t, "paste input holding a hostile paste", m)
	m = update(m, pasteResultMsg{runID: m.steps.runID, input: hostile, err: errors.New("not a redirect URL: " + hostile)})
	requireSafe(t, "paste input with the flow's error", m)
	m = update(m, press("esc"), press("v"))
	if m.steps.mode != modeURL {
		t.Fatal("v did not show the URL alone")
	}
	requireSafe(t, "URL screen", m)
	m = update(m, press("v"))

	if pasted {
		m = update(m, pasteResultMsg{runID: m.steps.runID, input: hostile})
	}
	for _, id := range []string{flows.ACLogin.ID, flows.ACCallback.ID, flows.ACToken.ID, flows.ACIDToken.ID} {
		m = deliver(m, results, id)
	}
	flow.done = true
	m = deliver(m, results, flows.ACUserinfo.ID)
	if m.steps.running >= 0 {
		t.Fatalf("step %d still runs after the last result", m.steps.running)
	}
	requireSafe(t, "step view, flow failed", m)
	requireAllTabs(t, "done", m)
	m = update(m, press("d"))
	requireSafe(t, "diagram", m)

	// The server's error code shows as text, its escapes visible.
	m.steps.selected, m.steps.tab = len(m.steps.steps)-1, tabDiagnosis
	m.steps = m.steps.refresh()
	if all := strings.Join(m.steps.content, "\n"); !strings.Contains(all, `invalid_request\x1b[31m`) {
		t.Errorf("the diagnosis does not show the code with its escape visible:\n%s", all)
	}
}

// TestHostileURLIsNoLink: the authorization URL is a hyperlink (OSC 8)
// when it is printable, and shown escaped, without a link, when it holds
// a control character.
func TestHostileURLIsNoLink(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		link      bool
	}{
		{"printable", hostileAuthURL, true},
		{"controls", testIssuer + "/authorize?state=" + hostile, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flow := &hostileFlow{}
			results := hostileResults(tc.url, false)
			m := plainModel(hostileConfig(flow), 120, 40)
			m = update(m, providerChosenMsg{index: 0}, flowChosenMsg{index: 0})
			m = update(m, startFlowMsg{provider: m.form.Provider()})
			m = deliver(m, results, flows.Discovery.ID)
			m = deliver(m, results, flows.ACAuthRequest.ID)
			m = update(m, press("v"))
			screen := m.View().Content
			if got := strings.Contains(screen, "\x1b]8;"); got != tc.link {
				t.Errorf("hyperlink on the URL screen: %v, want %v; screen:\n%q", got, tc.link, screen)
			}
			if tc.link && !strings.Contains(screen, "\x1b]8;id=oauth-explorer-url;"+tc.url+"\x07") {
				t.Errorf("the link does not lead to the URL; screen:\n%q", screen)
			}
			requireSafe(t, "URL screen", m)
		})
	}
}

// TestHostileChoiceList renders list items whose every part is hostile:
// the pickers' entries come from the providers file and the Config.
func TestHostileChoiceList(t *testing.T) {
	m := plainModel(testConfig(1200), 80, 24)
	items := []choiceItem{
		{title: hostile, desc: hostile, note: hostile, section: hostile},
		{title: hostile, note: hostile, problem: hostile, section: hostile},
	}
	l := newChoiceList(m.common, items)
	for i := range items {
		l.cursor = i
		if p := terminalProblem(l.View(24)); p != "" {
			t.Errorf("cursor on item %d: the list holds %s", i, p)
		}
	}
}
