package ui

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestTUIWords: a diagnosis that names a setting and a view reaches the
// step view in the TUI's words, never as a flag or a placeholder.
func TestTUIWords(t *testing.T) {
	r := phraseResult(flows.Result{
		Diagnosis: &flows.Diagnosis{What: "x", Try: []string{"switch {setting:auth-method}", "read {view:response}", "raise {setting:timeout}"}},
		Notes:     []string{"see {view:claims}"},
		Warnings:  []flows.Warning{{Message: "set {setting:scope}"}},
	}, tuiWords{})
	got := strings.Join(append(append(r.Diagnosis.Try, r.Notes...), r.Warnings[0].Message), "\n")
	for _, want := range []string{"Auth method (esc: settings)", "the Response tab (3)", "the Claims tab (4)", "Scopes (esc: settings)", "--timeout option"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "{") {
		t.Errorf("a placeholder is left:\n%s", got)
	}
}

// TestEscWordsInActionRuns: a diagnosis met in a token action's run says
// what esc does there (back to the run, or to the decoder), not "esc:
// settings", which is true of a grant's run only.
func TestEscWordsInActionRuns(t *testing.T) {
	failing := flows.TokenAction{ID: "fail", Name: "Failing action", New: func(p providers.Provider, _ flows.Options, _ flows.Target) flows.Flow {
		f := newFakeFlow(p, 1200)
		f.results = f.results[:2]
		f.results[1].Status = flows.Failed
		f.results[1].Diagnosis = &flows.Diagnosis{What: "refused", Try: []string{"check {setting:client-id}"}}
		return f
	}}
	tryOf := func(v stepView) string {
		r := v.result(1)
		if r == nil || r.Diagnosis == nil || len(r.Diagnosis.Try) == 0 {
			t.Fatalf("no diagnosis on the action's step: %+v", r)
		}
		return r.Diagnosis.Try[0]
	}
	m := atSteps(t, testConfig(1200), 80, 24)
	v, cmd := m.steps.runAction(failing)
	m.steps = v
	m = drive(t, m, runCmd(t, cmd)...)
	if got := tryOf(m.steps); !strings.Contains(got, "Client ID (esc: back to the run, esc again: settings)") {
		t.Errorf("a token action's run after a grant: %q", got)
	}
	mm, cmd := m.decodeAction(decodeActionMsg{name: "demo", settings: m.steps.settings, action: failing, target: flows.Target{Token: "tok"}})
	m = drive(t, mm, runCmd(t, cmd)...)
	if got := tryOf(m.steps); !strings.Contains(got, "Client ID (a flow's settings: esc goes back to the decoder)") {
		t.Errorf("a token action's run from the decoder: %q", got)
	}
	v, cmd = m.steps.runAction(failing)
	m.steps = v
	m = drive(t, m, runCmd(t, cmd)...)
	if got := tryOf(m.steps); !strings.Contains(got, "esc goes back to the run, then to the decoder") {
		t.Errorf("an action's run from a run started in the decoder: %q", got)
	}
}
