package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// tab is one of the detail tabs of the step view: its index in stepTabs,
// the key that shows it one more.
type tab int

const (
	tabExplain tab = iota
	tabRequest
	tabResponse
	tabClaims
	tabDiagnosis
	tabDiagram
	numTabs
)

// stepTab is a tab of the step view's details: a small value that names
// itself, says whether it applies to a step, and renders it. Whether a tab
// applies is asked of every tab on every frame (the tab bar), so it takes
// the step's result alone, never the step view (tens of kilobytes).
type stepTab interface {
	// title is the tab's name, short its name when room is short.
	title() string
	short() string
	// applies reports whether the tab shows for a step whose result is r
	// (nil: the step has not run).
	applies(r *flows.Result) bool
	// render renders the tab for step i of v, whose result is r, in
	// v.detailsW cells; refresh wraps what is wider.
	render(v *stepView, i int, r *flows.Result) []string
}

// stepTabs are the step view's tabs, in the order of their keys (1-6).
var stepTabs = [numTabs]stepTab{
	tabExplain:   explainTab{},
	tabRequest:   exchangeTab{requests: true},
	tabResponse:  exchangeTab{},
	tabClaims:    claimsTab{},
	tabDiagnosis: diagnosisTab{},
	tabDiagram:   diagramTab{},
}

// explainTab says what the step is for and what it did, or, while it
// waits for the user, what to do (waiting_panel.go).
type explainTab struct{}

func (explainTab) title() string              { return "Explain" }
func (explainTab) short() string              { return "Expl" }
func (explainTab) applies(*flows.Result) bool { return true }
func (explainTab) render(v *stepView, i int, _ *flows.Result) []string {
	if i == v.running && v.waiting() {
		return v.waitingView()
	}
	return v.explainView(i)
}

// exchangeTab shows the step's HTTP requests, or their responses, as they
// went over the wire; for the step that checked the callback, the
// listener's exchange or the paste (tabs_callback.go).
type exchangeTab struct{ requests bool }

func (t exchangeTab) title() string {
	if t.requests {
		return "Request"
	}
	return "Response"
}

func (t exchangeTab) short() string {
	if t.requests {
		return "Req"
	}
	return "Resp"
}

func (exchangeTab) applies(*flows.Result) bool { return true }
func (t exchangeTab) render(v *stepView, i int, r *flows.Result) []string {
	switch {
	case r == nil:
		return hanging(v.notYet(i), v.styles.Subtle, v.detailsW, 0)
	case r.Callback != nil:
		return v.callbackExchangesView(r, t.requests)
	}
	return v.exchangesView(r, t.requests)
}

// claimsTab shows the tokens the step holds, decoded and verified
// (tabs_claims.go).
type claimsTab struct{}

func (claimsTab) title() string              { return "Claims" }
func (claimsTab) short() string              { return "Claims" }
func (claimsTab) applies(*flows.Result) bool { return true }
func (claimsTab) render(v *stepView, i int, _ *flows.Result) []string {
	return v.claimsView(i)
}

// diagnosisTab says what went wrong and what to try, for a step that
// failed (tabs_diagnosis.go).
type diagnosisTab struct{}

func (diagnosisTab) title() string { return "Diagnosis" }
func (diagnosisTab) short() string { return "Diag" }
func (diagnosisTab) applies(r *flows.Result) bool {
	return r != nil && (r.Status == flows.Failed || r.Diagnosis != nil)
}
func (diagnosisTab) render(v *stepView, _ int, r *flows.Result) []string {
	return v.diagnosisView(r)
}

// diagramTab draws the whole flow as a sequence diagram
// (sequence_diagram.go).
type diagramTab struct{}

func (diagramTab) title() string              { return "Diagram" }
func (diagramTab) short() string              { return "Diagram" }
func (diagramTab) applies(*flows.Result) bool { return true }
func (diagramTab) render(v *stepView, _ int, _ *flows.Result) []string {
	return v.diagramView()
}

// hasTab reports whether tab t applies to the selected step.
func (v *stepView) hasTab(t tab) bool {
	return t >= 0 && t < numTabs && stepTabs[t].applies(v.result(v.selected))
}

// tabBar renders the tabs of the selected step, the active one in
// brackets, each with the number that selects it. When the width is short
// the spacing goes first, then the names of the tabs not shown are
// shortened, then every name, then the names of the tabs not shown are
// dropped: the numbers stay, so that the keys 1-6 are always told.
func (v *stepView) tabBar() string {
	s := v.styles
	r := v.result(v.selected)
	var shown [numTabs]bool
	for t := range numTabs {
		shown[t] = stepTabs[t].applies(r)
	}
	// name is the label of tab t at a level: 0 full, 1 short unless
	// active, 2 short, 3 the number alone unless active.
	name := func(t tab, level int) string {
		active := t == v.tab
		if level == 3 && !active {
			return fmt.Sprint(int(t) + 1)
		}
		n := stepTabs[t].title()
		if level == 2 || (level == 1 && !active) {
			n = stepTabs[t].short()
		}
		return fmt.Sprintf("%d %s", t+1, n)
	}
	render := func(level int, roomy bool) (string, int) {
		var parts []string
		w := 0
		for t := range numTabs {
			if !shown[t] {
				continue
			}
			label := name(t, level)
			switch {
			case t == v.tab:
				parts = append(parts, s.TabActive.Render("["+label+"]"))
				w += len(label) + 2
			case roomy:
				parts = append(parts, s.Tab.Render(" "+label+" "))
				w += len(label) + 2
			default:
				parts = append(parts, s.Tab.Render(label))
				w += len(label)
			}
		}
		sep := ""
		if !roomy {
			sep = " "
			w += max(len(parts)-1, 0)
		}
		return strings.Join(parts, sep), w
	}
	var bar string
	for _, way := range []struct {
		level int
		roomy bool
	}{{0, true}, {0, false}, {1, false}, {2, false}, {3, false}} {
		var w int
		if bar, w = render(way.level, way.roomy); w <= v.detailsW {
			return bar
		}
	}
	// Too narrow even for the numbers: the tabs before the active one
	// go first, so that the active one stays in sight.
	for t := range v.tab {
		if !shown[t] {
			continue
		}
		shown[t] = false
		var w int
		if bar, w = render(3, false); w+2 <= v.detailsW {
			return s.Tab.Render("… ") + bar
		}
	}
	return truncate(bar, v.detailsW)
}

// String names the tab, for messages.
func (t tab) String() string {
	if t < 0 || t >= numTabs {
		return fmt.Sprintf("tab(%d)", int(t))
	}
	return stepTabs[t].title()
}

// tabNumbers are the numbers of the selected step's tabs, as the footer
// says them: "1-6", or "1-4,6" when it has no Diagnosis, so that no
// number offered does nothing.
func (v *stepView) tabNumbers() string {
	var has []tab
	for t := range numTabs {
		if v.hasTab(t) {
			has = append(has, t)
		}
	}
	return tabRanges(has)
}

// tabRanges writes tabs, in order, by their numbers: a run of three or
// more as a range ("1-4"), the others one by one ("1,2,6").
func tabRanges(tabs []tab) string {
	var parts []string
	for i := 0; i < len(tabs); {
		j := i
		for j+1 < len(tabs) && tabs[j+1] == tabs[j]+1 {
			j++
		}
		if j-i >= 2 {
			parts = append(parts, strconv.Itoa(int(tabs[i])+1)+"-"+strconv.Itoa(int(tabs[j])+1))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, strconv.Itoa(int(tabs[k])+1))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
