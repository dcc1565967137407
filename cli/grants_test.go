package cli

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// TestGrantsOffered: token --help, --flow and the TUI's flow list come
// from flows.Grants, and each grant gets a demo client registered for it.
func TestGrantsOffered(t *testing.T) {
	code, out, _ := run(t, nil, "token", "--help")
	if code != 0 {
		t.Fatalf("token --help: exit %d", code)
	}
	choices := flowChoices()
	if len(choices) != len(flows.Grants()) {
		t.Errorf("the TUI offers %d flows, flows declares %d", len(choices), len(flows.Grants()))
	}
	for i, g := range flows.Grants() {
		line := "  " + g.ID + "\n"
		if g.Label != "" {
			line = "  " + g.ID + "  [" + g.Label + "]\n"
		}
		if !strings.Contains(out, line) {
			t.Errorf("token --help does not list %s:\n%s", g.ID, out)
		}
		if choices[i].ID != g.ID || choices[i].Browser != g.Browser || choices[i].Label != g.Label {
			t.Errorf("flow choice %d is %+v, want grant %s", i, choices[i], g.ID)
		}
		c := demoClientFor(g.ID)
		if c.ID == "" || !g.Suits(c.Grants) {
			t.Errorf("no demo client for %s (got %q)", g.ID, c.ID)
		}
	}
	if c := demoClientFor(flows.FlowIDClientCredentials); c.ID != "demo-service" {
		t.Errorf("client credentials runs with %s, want demo-service", c.ID)
	}
	if c := demoClientFor(flows.FlowIDAuthCode); c.ID != "demo-public" {
		t.Errorf("authorization code runs with %s, want demo-public", c.ID)
	}
	if code, _, errOut := run(t, nil, "token", "--flow", "nope"); code == 0 || !strings.Contains(errOut, flows.GrantIDs(", ")) {
		t.Errorf("--flow nope: exit %d: %s", code, errOut)
	}
}
