package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestFlowPickerNotes: a provider whose metadata lacks a grant type marks
// that flow in the picker once prepared, and the flow stays selectable;
// the provider is prepared when chosen (and when preselected), so the mark
// shows before a flow is picked.
func TestFlowPickerNotes(t *testing.T) {
	const mark = "not advertised by this provider"
	cfg := func() Config {
		cfg := testConfig(0)
		other := cfg.Flows[0]
		other.ID, other.Name = "other", "Another grant"
		cfg.Flows = append(cfg.Flows, other)
		prepared := false
		cfg.Providers[0].Prepare = func(context.Context) error { prepared = true; return nil }
		cfg.Providers[0].FlowNote = func(id string) string {
			if prepared && id == "other" {
				return mark
			}
			return ""
		}
		return cfg
	}
	check := func(t *testing.T, m Model) {
		t.Helper()
		if m.screen != screenFlows {
			t.Fatalf("screen %d, want the flow picker", m.screen)
		}
		var marked []string
		for _, l := range strings.Split(screenText(m), "\n") {
			if strings.Contains(l, mark) {
				marked = append(marked, strings.TrimSpace(l))
			}
		}
		if len(marked) != 1 || !strings.HasPrefix(marked[0], "Another grant") {
			t.Errorf("marked lines %q; want the one of Another grant only:\n%s", marked, screenText(m))
		}
		m = drive(t, m, keys("down", "enter")...)
		if m.screen != screenSettings || m.cfg.Flows[m.flow].ID != "other" {
			t.Errorf("the marked flow cannot be chosen: screen %d, flow %d", m.screen, m.flow)
		}
	}
	t.Run("chosen", func(t *testing.T) {
		m := drive(t, newTestModel(cfg()), tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
		check(t, m)
	})
	t.Run("preselected", func(t *testing.T) {
		c := cfg()
		c.Preselect = c.Providers[0].Name
		m := newTestModel(c)
		m = drive(t, m, append([]tea.Msg{tea.WindowSizeMsg{Width: 80, Height: 24}}, runCmd(t, m.Init())...)...)
		check(t, m)
	})
}
