package flows

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoUIDependencies keeps the domain packages free of the TUI: they
// return data, and only ui/ draws it (DESIGN.md, principle 2).
func TestNoUIDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-test=false",
		"github.com/oauth-explorer/oauth-explorer/flows",
		"github.com/oauth-explorer/oauth-explorer/providers/...",
		"github.com/oauth-explorer/oauth-explorer/internal/inspect").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"charm.land/", "github.com/charmbracelet/", "github.com/oauth-explorer/oauth-explorer/ui"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("a domain package depends on %s", dep)
			}
		}
	}
}
