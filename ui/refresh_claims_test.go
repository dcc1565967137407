package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
)

// TestRefreshClaimsTab: the ID token of a refresh response is verified on
// the Refresh step (flows puts an Inspection on its Result) and its
// checklist, OIDC Core §12.2's comparisons included, is on that step's
// Claims tab like the first ID token's.
func TestRefreshClaimsTab(t *testing.T) {
	h, f, _ := atWaiting(t, true)
	decoded, err := inspect.Decode(testIDToken())
	if err != nil {
		t.Fatal(err)
	}
	r := f.results[flows.ACRefresh.ID]
	r.Inspections = []flows.Inspection{{Label: "ID token", Token: decoded, Verification: &inspect.Verification{Valid: true, Checks: []inspect.Check{
		{Name: "signature", Status: inspect.StatusPass, Detail: "verified with kid \"demo-key-1\" (RS256)"},
		{Name: "sub", Status: inspect.StatusPass, Detail: "sub is the same as in the first ID token: the same user (OIDC Core §12.2)."},
		{Name: "auth_time", Status: inspect.StatusPass, Detail: "auth_time is the time of the original login, as in the first ID token (OIDC Core §12.2)."},
	}}}}
	f.results[flows.ACRefresh.ID] = r
	finishByPaste(t, h)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 80}, press("4"))
	if got := h.m.steps.steps[h.m.steps.selected].ID; got != flows.ACRefresh.ID {
		t.Fatalf("selected step %s, want the Refresh step", got)
	}
	s := screenText(h.m)
	for _, want := range []string{"ID TOKEN", "✓ sub", "same as in the first ID token", "✓ auth_time"} {
		if !strings.Contains(s, want) {
			t.Errorf("the Refresh step's Claims tab lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Decoded in step") {
		t.Error("the Claims tab shows another step's tokens")
	}
}
