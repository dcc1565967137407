package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestStatusLineDropsWholeParts: on a narrow screen the status line of a
// wait gives up "secrets masked" and the other details whole, keeps the
// time left, and never shows a word cut in two.
func TestStatusLineDropsWholeParts(t *testing.T) {
	for _, w := range []int{50, 60, 70, 80, 100} {
		h := deviceHarness(t, w, 24, nil)
		v := h.m.steps
		wide := v
		wide.width = 300
		full := strings.Fields(ansi.Strip(wide.statusView()))
		got := ansi.Strip(v.statusView())
		if ansi.StringWidth(got) > w {
			t.Errorf("%d columns: %d cells wide: %q", w, ansi.StringWidth(got), got)
		}
		if !strings.Contains(got, " left") {
			t.Errorf("%d columns: the time left is gone: %q", w, got)
		}
		for _, word := range strings.Fields(got) {
			if !slices.Contains(full, word) {
				t.Errorf("%d columns: %q is not a word of %q: cut?", w, word, strings.Join(full, " "))
			}
		}
		if w >= 100 && !strings.Contains(got, "secrets masked") {
			t.Errorf("%d columns: room enough, yet %q lacks secrets masked", w, got)
		}
		v.reveal = true
		if got := ansi.Strip(v.statusView()); !strings.Contains(got, "SECRETS SHOWN") {
			t.Errorf("%d columns, revealed: %q hides that secrets show", w, got)
		}
	}
}
