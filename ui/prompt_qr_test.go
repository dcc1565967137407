package ui

import (
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/qrtext"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// deviceHarness runs the fake device grant (prompt_device_test.go) at w x h
// until it waits for the code to be entered.
func deviceHarness(t *testing.T, w, h int, edit func(*Config)) *harness {
	t.Helper()
	var f *fakeDevice
	cfg := testConfig(1200)
	cfg.Options.Now = func() time.Time { return fixedNow }
	cfg.Flows = []FlowChoice{{ID: "fake-device", Name: "Device authorization", Description: "enter a code on another device",
		New: func(providers.Provider, flows.Options) flows.Flow {
			f = &fakeDevice{steps: []flows.StepInfo{fakeDeviceAsk, fakeDeviceWait, fakeDevicePoll}}
			return f
		}}}
	if edit != nil {
		edit(&cfg)
	}
	hs := newHarness(t, cfg, w, h)
	hs.parked = func() bool { return f != nil && f.inWait.Load() }
	hs.send(keys("enter", "enter", "enter")...)
	hs.waitFor("the wait for the code", func(m Model) bool { return m.steps.waiting() })
	t.Cleanup(func() {
		if hs.m.steps.cancel != nil {
			hs.m.steps.cancel()
		}
	})
	return hs
}

// qrOnScreen counts the lines of the QR code of testCompleteURI, drawn in
// ink, that the screen holds in order.
func qrOnScreen(t *testing.T, screen string, inkDark bool) int {
	t.Helper()
	c, err := qrtext.Encode(testCompleteURI)
	if err != nil {
		t.Fatal(err)
	}
	want := c.Lines(inkDark)
	found := 0
	for _, l := range strings.Split(screen, "\n") {
		if found < len(want) && strings.Contains(l, want[found]) {
			found++
		}
	}
	return found
}

// TestWaitingPanelQR: the device prompt's panel fits every size, the
// code always shows, and the QR code of the complete URI shows whole where
// it fits (beside the code, below it, or on the URL screen, named in the
// help footer), or nowhere.
func TestWaitingPanelQR(t *testing.T) {
	for _, tc := range []struct {
		name      string
		w, h      int
		ascii     bool
		place     qrPlace
		urlScreen bool // the URL screen (v) shows the QR code
	}{
		{"80x24: on the URL screen", 80, 24, false, qrURLScreen, true},
		{"120x40: beside the code", 120, 40, false, qrBeside, true},
		{"80x50: below the code", 80, 50, false, qrBelow, true},
		{"120x24: on the URL screen", 120, 24, false, qrURLScreen, true},
		{"60x20: nowhere", 60, 20, false, qrNone, false},
		{"ascii: nowhere", 120, 40, true, qrNone, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := deviceHarness(t, tc.w, tc.h, func(c *Config) { c.ASCII = tc.ascii })
			v := h.m.steps
			pr := v.prompt()
			qr := v.qrLines(pr)
			place := v.qrPlacement(pr, qr, func(p qrPlace) []string { return v.panelLines(pr, qr, p) })
			if place != tc.place {
				t.Errorf("the QR code is placed at %d, want %d", place, tc.place)
			}
			screen := screenText(h.m)
			requireFits(t, screen, tc.w, tc.h)
			if !strings.Contains(screen, "W D J B - M J H T") {
				t.Errorf("the code is not shown:\n%s", screen)
			}
			full := 0
			if tc.place == qrBeside || tc.place == qrBelow {
				full = 17
			}
			if n := qrOnScreen(t, screen, false); n != full {
				t.Errorf("%d lines of the QR code on the screen, want %d:\n%s", n, full, screen)
			}
			helpQR := strings.Contains(screen, "v URL + QR")
			if helpQR != tc.urlScreen {
				t.Errorf("the help names the QR on the URL screen: %v, want %v:\n%s", helpQR, tc.urlScreen, screen)
			}
			panel := strings.Join(strings.Fields(ansi.Strip(strings.Join(v.waitingView(), " "))), " ")
			if said := strings.Contains(panel, "v shows it as a QR code"); said != (tc.place == qrURLScreen) {
				t.Errorf("the panel sends to v for the QR: %v, want %v:\n%s", said, !said, screen)
			}

			h.send(press("v"))
			screen = screenText(h.m)
			requireFits(t, screen, tc.w, tc.h)
			for _, want := range []string{"Code WDJB-MJHT", testVerifyURI, "v/esc back", "u copy URL"} {
				if !strings.Contains(screen, want) {
					t.Errorf("the URL screen lacks %q:\n%s", want, screen)
				}
			}
			if strings.Contains(screen, "copy auth URL") {
				t.Errorf("the URL screen of a device prompt names an authorization URL:\n%s", screen)
			}
			full = 0
			if tc.urlScreen {
				full = 17
			}
			if n := qrOnScreen(t, screen, false); n != full {
				t.Errorf("%d lines of the QR code on the URL screen, want %d:\n%s", n, full, screen)
			}
		})
	}
}

// TestQRInkFollowsTheBackground: on a light terminal the blocks are the
// dark modules, on a dark one the light modules, so that without colours
// (NO_COLOR) the terminal's foreground draws the dark modules dark; with
// colours they are black on white either way.
func TestQRInkFollowsTheBackground(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := DefaultStyles(dark)
		if s.QRInkDark == dark {
			t.Errorf("isDark=%v: QRInkDark=%v", dark, s.QRInkDark)
		}
		fg, bg := s.QR.GetForeground(), s.QR.GetBackground()
		ink, paper := fg, bg
		if !s.QRInkDark {
			ink, paper = bg, fg
		}
		if r, g, b, _ := ink.RGBA(); r|g|b != 0 {
			t.Errorf("isDark=%v: dark modules are not black", dark)
		}
		if r, g, b, _ := paper.RGBA(); r&g&b != 0xffff {
			t.Errorf("isDark=%v: light modules are not white", dark)
		}
	}
	h := deviceHarness(t, 120, 40, nil)
	h.send(tea.BackgroundColorMsg{Color: color.White})
	screen := screenText(h.m)
	if n := qrOnScreen(t, screen, true); n != 17 {
		t.Errorf("on a light terminal %d lines of the QR code in dark ink, want 17:\n%s", n, screen)
	}
}
