package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestTabBarKeepsNumbers: with the Diagnosis tab at 80 columns and less,
// the tab bar shortens names rather than dropping the numbers, so that
// the keys 1-6 stay in view; the active tab keeps its full name.
func TestTabBarKeepsNumbers(t *testing.T) {
	for _, w := range []int{60, 80, 100, 120} {
		m := atSteps(t, failingConfig(), w, 24)
		for _, k := range []string{"5", "1", "6"} {
			m = drive(t, m, press(k))
			v := m.steps
			bar := ansi.Strip(v.tabBar())
			if ansi.StringWidth(bar) > v.detailsW || strings.Contains(bar, "…") {
				t.Errorf("%d columns, tab %s: %q is cut", w, k, bar)
			}
			for tb := range numTabs {
				if v.hasTab(tb) && !strings.Contains(bar, fmt.Sprint(int(tb)+1)) {
					t.Errorf("%d columns, tab %s: %q lacks the number of %s", w, k, bar, tb.String())
				}
			}
			if want := fmt.Sprintf("[%d %s]", int(v.tab)+1, v.tab.String()); !strings.Contains(bar, want) {
				t.Errorf("%d columns: %q lacks %q", w, bar, want)
			}
		}
	}
}

// TestTabBarNarrowKeepsActive: when even the numbers do not fit, the tabs
// before the active one give way, so that it stays in sight.
func TestTabBarNarrowKeepsActive(t *testing.T) {
	m := atSteps(t, failingConfig(), 80, 24)
	m = drive(t, m, press("6"))
	v := m.steps
	v.detailsW = 15
	bar := ansi.Strip(v.tabBar())
	if !strings.Contains(bar, "[6 Diagram]") || ansi.StringWidth(bar) > v.detailsW {
		t.Errorf("a 15-column bar %q lost the active tab, or is too wide", bar)
	}
}
