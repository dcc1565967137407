package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestDiagramLabelsKeepLifelines: a step's label never covers a lane's
// lifeline, however narrow the pane; a label wider than the gap between
// two lanes is cut with "…", and the selected step keeps its marker.
func TestDiagramLabelsKeepLifelines(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		h := learnAuthCode(t, size[0], size[1], true)
		h.send(press("6"))
		v := h.m.steps
		lines := v.diagramView()
		xs, _ := laneLayout(v.detailsW, laneOrder(v.steps))
		cut := false
		for i := range v.steps {
			row := []rune(ansi.Strip(lines[v.diagramRow(i)]))
			for _, x := range xs {
				if x >= len(row) || row[x] != '│' {
					t.Errorf("%dx%d: the label of %q covers the lane at column %d:\n%s", size[0], size[1], v.steps[i].Title, x, string(row))
				}
			}
			cut = cut || strings.Contains(string(row), "…")
			if i == v.selected && !strings.Contains(string(row), "›") {
				t.Errorf("%dx%d: the selected step lost its marker: %q", size[0], size[1], string(row))
			}
		}
		if size[0] == 80 && !cut {
			t.Errorf("80 columns: no label was cut, the test no longer checks that")
		}
	}
}

// TestDiagramLaneOrder: the lanes follow the flow. The resource owner is
// drawn first; a flow that starts at the API (RFC 9728) draws the resource
// server before the authorization server, and one that starts at the
// authorization server keeps OAuth's usual order.
func TestDiagramLaneOrder(t *testing.T) {
	fromAPI := []flows.StepInfo{
		{From: flows.Client, To: flows.ResourceServer},
		{From: flows.Client, To: flows.AuthorizationServer},
		{From: flows.Client, To: flows.ResourceOwner},
	}
	if got, want := laneOrder(fromAPI), [4]flows.Role{flows.ResourceOwner, flows.Client, flows.ResourceServer, flows.AuthorizationServer}; got != want {
		t.Errorf("a flow that starts at the API: lanes %v, want %v", got, want)
	}
	usual := []flows.StepInfo{{From: flows.Client, To: flows.AuthorizationServer}, {From: flows.Client, To: flows.ResourceServer}}
	if got := laneOrder(usual); got != laneRoles {
		t.Errorf("a flow that starts at the authorization server: lanes %v, want %v", got, laneRoles)
	}
	if got := laneOrder(nil); got != laneRoles {
		t.Errorf("no steps: lanes %v, want %v", got, laneRoles)
	}
}

// TestDiagramHeaderSticks: scrolled down, the Diagram tab still shows the
// participants' names on its first line.
func TestDiagramHeaderSticks(t *testing.T) {
	h := learnAuthCode(t, 80, 24, true)
	h.send(press("6"))
	v := h.m.steps
	head := ansi.Strip(v.content[0])
	for range 30 {
		h.send(press("down"))
	}
	v = h.m.steps
	if v.viewport.YOffset() == 0 {
		t.Skip("the diagram fits: nothing scrolls")
	}
	lines := v.detailsView()
	if got := ansi.Strip(lines[2]); got != head {
		t.Errorf("scrolled to %d, the first line is %q, want the names %q", v.viewport.YOffset(), got, head)
	}
}

// TestDiagramSkippedStepHasNoArrow: a skipped step keeps its label but
// draws no request arrow, only "skipped" between its lanes, so that the
// arrows are the requests sent; a step done keeps its arrow.
func TestDiagramSkippedStepHasNoArrow(t *testing.T) {
	cfg := testConfig(1200)
	cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
		f := newFakeFlow(p, 1200)
		f.results[2] = flows.Result{Step: flows.VerifyAccessToken, Status: flows.Skipped}
		return f
	}
	for _, ascii := range []bool{false, true} {
		cfg.ASCII = ascii
		m := atSteps(t, cfg, 80, 24)
		v := m.steps
		if v.status[2] != flows.Skipped {
			t.Fatalf("the fixture's last step is %s, want skipped", v.status[2])
		}
		lines := v.diagramView()
		arrow := func(i int) string { return ansi.Strip(lines[v.diagramRow(i)+1]) }
		if a := arrow(1); !strings.ContainsAny(a, "►>") {
			t.Errorf("ascii %v: the token request, done, has no arrow: %q", ascii, a)
		}
		if a := arrow(2); strings.ContainsAny(a, "►>├─-") || !strings.Contains(a, "skipped") {
			t.Errorf("ascii %v: the skipped step's row is drawn as a request: %q", ascii, a)
		}
		if !strings.Contains(ansi.Strip(lines[v.diagramRow(2)]), "Verify t") {
			t.Errorf("ascii %v: the skipped step lost its label: %q", ascii, ansi.Strip(lines[v.diagramRow(2)]))
		}
	}
}
