package flows

import (
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
)

// TestTourTexts: each stop's words are for steps its grant has, and the
// last step, which a finished run shows selected, says what happened, so
// that a stop never opens on its suggestion alone.
func TestTourTexts(t *testing.T) {
	p := providers.Provider{Name: "demo", Issuer: "http://127.0.0.1:1", ClientID: "c"}
	for i, stop := range Tour() {
		g, ok := GrantByID(stop.FlowID)
		if !ok {
			t.Fatalf("stop %d: no grant %q", i+1, stop.FlowID)
		}
		f := g.New(p, Options{})
		steps := f.Steps()
		_ = f.Close()
		ids := map[string]bool{}
		for _, s := range steps {
			ids[s.ID] = true
		}
		for id := range stop.Steps {
			if !ids[id] {
				t.Errorf("stop %d (%s): words for step %q, which the grant does not have", i+1, g.Name, id)
			}
		}
		if last := steps[len(steps)-1].ID; stop.Steps[last] == "" {
			t.Errorf("stop %d (%s): nothing said of its last step %q", i+1, g.Name, last)
		}
		if stop.Intro == "" || stop.Try == "" {
			t.Errorf("stop %d (%s): no intro or nothing to try", i+1, g.Name)
		}
	}
}
