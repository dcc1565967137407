package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
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

// TestGolden shows the pickers and the settings form at 80x24. The screens
// of a flow run are golden in cli (TestGoldenGrants), from real flows
// against the demo provider.
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
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := drive(t, newTestModel(testConfig(1200)), tea.WindowSizeMsg{Width: w, Height: h})
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
			m := drive(t, newTestModel(testConfig(4096)), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			m = drive(t, m, keys(ks...)...)
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				requireFits(t, screenText(m), size[0], size[1])
			})
		}
	}
}
