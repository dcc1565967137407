package ui

import (
	"context"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

const (
	testUserCode    = "WDJB-MJHT"
	testVerifyURI   = testIssuer + "/device"
	testCompleteURI = testVerifyURI + "?user_code=" + testUserCode
)

// fakeDevice is a grant the UI has never heard of, shaped like the device
// authorization grant (RFC 8628): a step asks the user to enter a code on
// another device, the next waits (until its context ends) while the client
// would poll. Its steps are declared here, not in flows: the screen must
// find the prompt and the wait from Result.Prompt and StepInfo.Waits alone.
type fakeDevice struct {
	steps  []flows.StepInfo
	next   int
	inWait atomic.Bool
}

var (
	fakeDeviceAsk  = flows.StepInfo{ID: "fake-ask", Title: "Device authorization", From: flows.Client, To: flows.AuthorizationServer}
	fakeDeviceWait = flows.StepInfo{ID: "fake-wait", Title: "User enters the code", From: flows.ResourceOwner, To: flows.AuthorizationServer, Waits: true}
	fakeDevicePoll = flows.StepInfo{ID: "fake-poll", Title: "Token polling", From: flows.Client, To: flows.AuthorizationServer}
)

func (f *fakeDevice) Name() string            { return "Device authorization" }
func (f *fakeDevice) Steps() []flows.StepInfo { return f.steps }
func (f *fakeDevice) Done() bool              { return f.next >= len(f.steps) }
func (f *fakeDevice) Secrets() []string       { return nil }
func (f *fakeDevice) Close() error            { return nil }

func (f *fakeDevice) Next(ctx context.Context) flows.Result {
	st := f.steps[f.next]
	f.next++
	r := flows.Result{Step: st, Status: flows.Done}
	switch {
	case st.Waits:
		f.inWait.Store(true)
		<-ctx.Done()
		f.inWait.Store(false)
		r.Status, r.Err = flows.Failed, context.Cause(ctx)
		f.next = len(f.steps)
	case f.next == 1:
		r.Prompt = &flows.Prompt{Kind: flows.PromptDeviceCode, Title: "Enter the code on another device",
			Waiting: "Waiting for the code to be entered", Where: "on another device", URLName: "Verification URI",
			URL: testVerifyURI, UserCode: testUserCode, CompleteURI: testCompleteURI,
			ExpiresIn: 15 * time.Minute, Deadline: fixedNow.Add(15 * time.Minute), Ref: "RFC 8628 §3.2"}
	}
	return r
}

// TestWaitingPanelDevicePrompt: a prompt with a user code, a verification
// URI and a complete URI, that takes no paste, renders at 80x24 with the
// code large, the URIs, the countdown and the keys that apply; c copies
// the code and p opens nothing.
func TestWaitingPanelDevicePrompt(t *testing.T) {
	now := fixedNow
	var f *fakeDevice
	cfg := testConfig(1200)
	cfg.Options.Now = func() time.Time { return now }
	cfg.Flows = []FlowChoice{{ID: "fake-device", Name: "Device authorization", Description: "enter a code on another device",
		New: func(providers.Provider, flows.Options) flows.Flow {
			f = &fakeDevice{steps: []flows.StepInfo{fakeDeviceAsk, fakeDeviceWait, fakeDevicePoll}}
			return f
		}}}
	h := newHarness(t, cfg, 80, 24)
	h.parked = func() bool { return f != nil && f.inWait.Load() }
	h.send(keys("enter", "enter", "enter")...)
	h.waitFor("the wait for the code", func(m Model) bool { return m.steps.waiting() })
	t.Cleanup(func() {
		if h.m.steps.cancel != nil {
			h.m.steps.cancel()
		}
	})
	now = now.Add(8 * time.Second)
	h.send(clockMsg{id: h.m.steps.clockID})
	screen := screenText(h.m)
	requireFits(t, screen, 80, 24)
	flat := strings.ReplaceAll(screen, "\n", "")
	for _, want := range []string{
		"Enter the code on another device",
		"Waiting for the code to be entered · 14m 52s left",
		"Step 2 of 3: User enters the code on another device",
		"W D J B - M J H T",
		"c copy code", "u copy URL", "x stop",
		"Or open this address, which carries the code",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	for _, want := range []string{testCompleteURI, testVerifyURI} {
		if !strings.Contains(flat, want) {
			t.Errorf("the screen lacks %s:\n%s", want, screen)
		}
	}
	for _, not := range []string{"paste", "Listener", "browser was opened"} {
		if strings.Contains(screen, not) {
			t.Errorf("the screen offers %q to a prompt that takes no paste:\n%s", not, screen)
		}
	}
	h.send(press("p"))
	if h.m.steps.mode == modePaste {
		t.Error("p opened the paste input for a prompt that takes no paste")
	}
	h.update(press("c"))
	if !strings.Contains(h.m.steps.notice, "Code copied") {
		t.Errorf("c did not copy the code: notice %q", h.m.steps.notice)
	}
	_, cmd := h.m.steps.copyCode()
	if got := clipboardOf(cmd); got != testUserCode {
		t.Errorf("the clipboard gets %q, want %q", got, testUserCode)
	}
}

// clipboardOf returns what cmd (a batch) writes to the clipboard, or "";
// it runs the commands, which here only make messages.
func clipboardOf(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if s := clipboardOf(c); s != "" {
				return s
			}
		}
	default:
		// Bubble Tea's message is unexported: a string type.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.String && strings.Contains(v.Type().Name(), "Clipboard") {
			return v.String()
		}
	}
	return ""
}
