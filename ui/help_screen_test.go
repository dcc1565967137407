package ui

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestHelpPageListsEveryKey: the help page lists the keys the footer
// shows only at times (T in the tour, the token actions' own keys, the
// grants') and says what a click does.
func TestHelpPageListsEveryKey(t *testing.T) {
	m := atSteps(t, testConfig(1200), 100, 60)
	m = drive(t, m, press("?"))
	// Words, whatever the wrapping.
	s := strings.Join(strings.Fields(strings.ReplaceAll(screenText(m), "│", " ")), " ")
	var actions []string
	for _, k := range m.steps.actionKeys {
		if h := k.Help(); h.Key != "" {
			actions = append(actions, h.Key+" "+h.Desc)
		}
	}
	if len(actions) == 0 {
		t.Fatal("no token action keys derived")
	}
	for _, want := range append(actions, "T in the tour", "next stop", "a click on a step selects it", "a click on a tab shows it") {
		if !strings.Contains(s, want) {
			t.Errorf("the help page lacks %q:\n%s", want, s)
		}
	}
}

// TestFooterTabNumbers: the footer offers the numbers of the tabs the
// selected step has: no 5 where there is no Diagnosis.
func TestFooterTabNumbers(t *testing.T) {
	m := atSteps(t, testConfig(1200), 100, 30)
	if s := screenText(m); !strings.Contains(s, "tab/1-4,6 tab") {
		t.Errorf("a step with no Diagnosis:\n%s", s)
	}
	cfg := testConfig(1200)
	cfg.Flows[0].New = func(p providers.Provider, _ flows.Options) flows.Flow {
		f := newFakeFlow(p, 1200)
		err := &flows.OAuthError{Endpoint: "token endpoint", HTTPStatus: 401, Code: "invalid_client"}
		f.results[1] = flows.Result{Step: flows.CCTokenRequest, Status: flows.Failed, Err: err, Diagnosis: flows.Diagnose(err),
			Exchanges: f.results[1].Exchanges}
		f.results = f.results[:2]
		return f
	}
	m = atSteps(t, cfg, 100, 30)
	if s := screenText(m); !strings.Contains(s, "tab/1-6 tab") {
		t.Errorf("a failed step, with its Diagnosis:\n%s", s)
	}
	for _, c := range []struct {
		has  []tab
		want string
	}{{[]tab{tabExplain, tabDiagram}, "1,6"}, {[]tab{tabExplain, tabRequest, tabDiagram}, "1,2,6"}, {[]tab{tabExplain}, "1"}} {
		if got := tabRanges(c.has); got != c.want {
			t.Errorf("tabs %v: %q, want %q", c.has, got, c.want)
		}
	}
}
