package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestTimelineKeepsLayoutWithPaste: opening the paste input (p) while the
// flow waits for the browser leaves the timeline as it was, at every
// size: its shorter footer frees a line, which goes to the details, not
// to a new layout of the steps.
func TestTimelineKeepsLayoutWithPaste(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {80, 23}, {80, 25}, {100, 30}, {120, 40}} {
		h := learnAuthCode(t, size[0], size[1], false)
		before := ansi.Strip(strings.Join(h.m.steps.timelineView(), "\n"))
		h.send(press("p"))
		if h.m.steps.mode != modePaste {
			t.Fatalf("%v: p did not open the paste input", size)
		}
		after := ansi.Strip(strings.Join(h.m.steps.timelineView(), "\n"))
		if before != after {
			t.Errorf("%v: the timeline changed as the paste input opened:\n%s\n--- now:\n%s", size, before, after)
		}
		requireFits(t, screenText(h.m), size[0], size[1])
	}
}
