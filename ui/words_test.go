package ui

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// TestTUIWords: a diagnosis that names a setting and a view reaches the
// step view in the TUI's words, never as a flag or a placeholder.
func TestTUIWords(t *testing.T) {
	r := phraseResult(flows.Result{
		Diagnosis: &flows.Diagnosis{What: "x", Try: []string{"switch {setting:auth-method}", "read {view:response}", "raise {setting:timeout}"}},
		Notes:     []string{"see {view:claims}"},
		Warnings:  []flows.Warning{{Message: "set {setting:scope}"}},
	})
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
