package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// atWaiting returns a harness whose authorization code flow waits for the
// browser at 80x24, the flow and the clock.
func atWaiting(t *testing.T, idToken bool) (*harness, *fakeAuthCode, *time.Time) {
	t.Helper()
	now := fixedNow
	var f *fakeAuthCode
	h := newHarness(t, authCodeConfig(idToken, &f, &now), 80, 24).parkedOn(&f)
	h.send(keys("enter", "enter", "enter")...)
	h.waitFor("the wait for the browser", func(m Model) bool { return m.steps.waiting() })
	t.Cleanup(func() {
		// Leave no step blocked behind the test.
		if h.m.steps.cancel != nil {
			h.m.steps.cancel()
		}
	})
	return h, f, &now
}

// finishByPaste pastes the redirect and waits for the flow to complete.
func finishByPaste(t *testing.T, h *harness) {
	t.Helper()
	h.send(press("p"), tea.PasteMsg{Content: testRedirURL}, press("enter"))
	h.waitFor("the end of the flow", func(m Model) bool {
		return m.steps.running < 0 && m.steps.flow.Done() && m.steps.callbackURL() != ""
	})
}

// TestGoldenAuthCode checks the screens of the fake authorization code
// flow for what they must say; a screen the demo provider cannot show (a
// paste refused) is golden too. The screens of a real run are golden in
// cli (TestGoldenGrants).
func TestGoldenAuthCode(t *testing.T) {
	cases := []struct {
		name    string
		idToken bool
		do      func(t *testing.T, h *harness, now *time.Time)
		want    []string
		golden  bool
	}{
		{name: "auth_request", idToken: true, do: func(t *testing.T, h *harness, _ *time.Time) {
			h.send(press("up"))
		}, want: []string{"No browser was opened", "Authorization request (RFC 6749 §4.1.1)"}},
		{name: "auth_request_params", idToken: true, do: func(t *testing.T, h *harness, _ *time.Time) {
			h.send(keys("up", "pgdown", "pgdown")...)
		}, want: []string{"code_challenge", "Parameters", "response_type", "client_id"}},
		{name: "waiting", idToken: true, do: func(t *testing.T, h *harness, now *time.Time) {
			*now = now.Add(8 * time.Second)
			h.send(clockMsg{id: h.m.steps.clockID})
		}, want: []string{"Log in and approve in your browser", "4m 52s left", "No browser was opened", "x stop waiting", "Listener http://127.0.0.1:49152/callback"}},
		{name: "paste_error", idToken: true, do: func(t *testing.T, h *harness, _ *time.Time) {
			h.send(press("p"), tea.PasteMsg{Content: "http://127.0.0.1:49152/callback"}, press("enter"))
		}, want: []string{"✗ the pasted URL has no query"}, golden: true},
		{name: "id_token_checks", idToken: true, do: func(t *testing.T, h *harness, _ *time.Time) {
			finishByPaste(t, h)
			h.send(keys("up", "up", "up", "4", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown")...)
		}, want: []string{"✓ nonce", "✓ at_hash"}},
		{name: "callback_explain", idToken: true, do: func(t *testing.T, h *harness, _ *time.Time) {
			finishByPaste(t, h)
			h.send(keys("up", "up", "up", "up", "up", "1")...)
		}, want: []string{"state matches what was sent", "iss matches", "What this step is for"}},
		{name: "plain_oauth_id_token", idToken: false, do: func(t *testing.T, h *harness, _ *time.Time) {
			finishByPaste(t, h)
			h.send(keys("up", "up", "up", "1")...)
		}, want: []string{"– skipped", "plain OAuth 2.0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, _, now := atWaiting(t, tc.idToken)
			tc.do(t, h, now)
			s := screenText(h.m)
			requireFits(t, s, 80, 24)
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("screen lacks %q:\n%s", w, s)
				}
			}
			if tc.golden {
				golden.RequireEqual(t, s)
			}
		})
	}
}

// TestWaitingLayoutFits renders the waiting screen, with the paste input
// open and an error, at several sizes.
func TestWaitingLayoutFits(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {100, 30}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			h, _, _ := atWaiting(t, true)
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			requireFits(t, screenText(h.m), size[0], size[1])
			h.send(press("p"), tea.PasteMsg{Content: "http://127.0.0.1/x"}, press("enter"))
			if h.m.steps.paste.err == "" {
				t.Fatal("no error for a URL without a query")
			}
			requireFits(t, screenText(h.m), size[0], size[1])
			h.send(press("esc"), press("v"))
			requireFits(t, screenText(h.m), size[0], size[1])
		})
	}
}

// TestWaitingKeys presses the keys of the waiting screen.
func TestWaitingKeys(t *testing.T) {
	t.Run("wait selects the panel", func(t *testing.T) {
		t.Parallel()
		h, _, _ := atWaiting(t, true)
		if v := h.m.steps; v.selected != v.running || v.tab != tabExplain || !v.panelShown() {
			t.Errorf("selected %d, running %d, tab %s: the waiting panel is not shown", v.selected, v.running, v.tab.String())
		}
	})
	t.Run("p opens the paste input", func(t *testing.T) {
		t.Parallel()
		h, _, _ := atWaiting(t, true)
		h.send(press("p"))
		if h.m.steps.mode != modePaste || !h.m.steps.paste.input.Focused() {
			t.Fatal("p did not open a focused paste input")
		}
		h.send(keys("q", "R", "x")...) // typed, not acted on
		if got := h.m.steps.paste.input.Value(); got != "qRx" || !h.m.steps.waiting() || h.quit.Load() {
			t.Errorf("keys in the input: value %q, waiting %v, quit %v", got, h.m.steps.waiting(), h.quit.Load())
		}
		h.send(press("esc"))
		if h.m.steps.mode == modePaste || h.m.screen != screenSteps || !h.m.steps.waiting() {
			t.Error("esc in the input did not just close it")
		}
	})
	t.Run("paste and enter hand the URL to the flow", func(t *testing.T) {
		t.Parallel()
		h, f, _ := atWaiting(t, true)
		// A URL selected across wrapped lines comes with line breaks.
		broken := testRedirURL[:40] + "\n" + testRedirURL[40:] + "\n"
		h.send(press("p"), tea.PasteMsg{Content: broken}, press("enter"))
		h.waitFor("the end of the flow", func(m Model) bool {
			return m.steps.running < 0 && m.steps.flow.Done() && m.steps.callbackURL() != ""
		})
		if got := f.pasteCalls(); !slices.Equal(got, []string{testRedirURL}) {
			t.Errorf("Paste got %q, want the URL without line breaks", got)
		}
		if h.m.steps.mode == modePaste {
			t.Error("the input stayed open after the flow took the paste")
		}
		for i, st := range h.m.steps.status {
			if st != flows.Done {
				t.Errorf("step %s: %s, want done", h.m.steps.steps[i].Title, st)
			}
		}
		if f.closes.Load() == 0 || f.badClose.Load() {
			t.Errorf("finished flow: %d Close calls, Close during Next %v", f.closes.Load(), f.badClose.Load())
		}
	})
	t.Run("a bad paste shows the error and keeps the input", func(t *testing.T) {
		t.Parallel()
		h, f, _ := atWaiting(t, true)
		h.send(press("p"), tea.PasteMsg{Content: "not a url"}, press("enter"))
		v := h.m.steps
		if v.mode != modePaste || v.paste.input.Value() != "not a url" || !strings.Contains(screenText(h.m), "does not look like") {
			t.Fatalf("after a bad paste: pasting %v, value %q, screen:\n%s", v.mode == modePaste, v.paste.input.Value(), screenText(h.m))
		}
		if !v.waiting() || len(f.pasteCalls()) != 1 {
			t.Errorf("waiting %v, %d Paste calls", v.waiting(), len(f.pasteCalls()))
		}
		// Fixing it clears the error; the good one goes through.
		h.send(press("ctrl+u"))
		if h.m.steps.paste.err != "" {
			t.Error("the error stays after editing")
		}
		h.send(tea.PasteMsg{Content: testRedirURL}, press("enter"))
		h.waitFor("the login step done", func(m Model) bool { return m.steps.status[2] == flows.Done })
	})
	t.Run("a paste without p opens the input", func(t *testing.T) {
		t.Parallel()
		h, _, _ := atWaiting(t, true)
		h.send(tea.PasteMsg{Content: testRedirURL})
		if h.m.steps.mode != modePaste || h.m.steps.paste.input.Value() != testRedirURL {
			t.Errorf("pasting %v, value %q", h.m.steps.mode == modePaste, h.m.steps.paste.input.Value())
		}
	})
	t.Run("x cancels the wait", func(t *testing.T) {
		t.Parallel()
		h, f, _ := atWaiting(t, true)
		h.send(press("x"))
		h.waitFor("the login step failed", func(m Model) bool { return m.steps.status[2] == flows.Failed })
		if !f.sawDone.Load() {
			t.Error("Next did not see its context done")
		}
		v := h.m.steps
		if v.tab != tabDiagnosis || v.selected != 2 {
			t.Errorf("tab %s, selected %d; want the Diagnosis of the login step", v.tab.String(), v.selected)
		}
		s := screenText(h.m)
		for _, want := range []string{"waiting cancelled", "x was pressed", "press R to run the flow again", "Failed at Login and consent"} {
			if !strings.Contains(s, want) {
				t.Errorf("Diagnosis lacks %q:\n%s", want, s)
			}
		}
		h.waitFor("the flow closed", func(Model) bool { return f.closes.Load() > 0 })
		if f.badClose.Load() {
			t.Error("Close ran while Next ran")
		}
		for _, st := range v.status[3:] {
			if st != flows.Skipped {
				t.Errorf("a step after the cancelled wait is %s, want skipped", st)
			}
		}
	})
	t.Run("esc stops the run and closes the flow", func(t *testing.T) {
		t.Parallel()
		h, f, _ := atWaiting(t, true)
		h.send(press("esc"))
		if h.m.screen != screenSettings || h.m.steps.running != -1 {
			t.Fatalf("screen %d, running %d after esc", h.m.screen, h.m.steps.running)
		}
		h.waitFor("the abandoned flow closed", func(Model) bool { return f.closes.Load() > 0 })
		if !f.sawDone.Load() || f.badClose.Load() {
			t.Errorf("Next saw ctx.Done %v; Close during Next %v", f.sawDone.Load(), f.badClose.Load())
		}
	})
	t.Run("R abandons the waiting run", func(t *testing.T) {
		t.Parallel()
		h, first, _ := atWaiting(t, true)
		h.send(press("R"))
		h.waitFor("the old flow closed", func(Model) bool { return first.closes.Load() > 0 })
		h.waitFor("the new run waiting", func(m Model) bool { return m.steps.waiting() })
		if !first.sawDone.Load() || first.badClose.Load() {
			t.Errorf("old run: Next saw ctx.Done %v; Close during Next %v", first.sawDone.Load(), first.badClose.Load())
		}
		if h.m.steps.flow == flows.Flow(first) {
			t.Error("R did not start a new flow")
		}
	})
	t.Run("q quits and closes the flow", func(t *testing.T) {
		t.Parallel()
		h, f, _ := atWaiting(t, true)
		h.send(press("q"))
		h.waitFor("tea.Quit", func(Model) bool { return h.quit.Load() })
		if !f.sawDone.Load() || f.closes.Load() == 0 || f.badClose.Load() {
			t.Errorf("Next saw ctx.Done %v, %d Close calls, Close during Next %v", f.sawDone.Load(), f.closes.Load(), f.badClose.Load())
		}
	})
	t.Run("the browser comes back", func(t *testing.T) {
		t.Parallel()
		h, f, _ := atWaiting(t, true)
		h.send(press("p"))
		f.browserArrives()
		h.waitFor("the end of the flow", func(m Model) bool { return m.steps.running < 0 && m.steps.flow.Done() })
		if h.m.steps.mode == modePaste {
			t.Error("the paste input stayed open after the callback came")
		}
		h.send(keys("left", "up", "up", "up", "up", "up", "2")...)
		if s := screenText(h.m); !strings.Contains(s, "GET /callback?code=") || !strings.Contains(s, "Received by the listener") {
			t.Errorf("the Callback step does not show the browser's request:\n%s", s)
		}
	})
}
