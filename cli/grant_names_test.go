package cli

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/grantscan"
)

// TestNamesNoGrant keeps this package generic over the grants (DESIGN.md,
// principle 7): it reads flows.Grants, StepInfo and Result, and names no
// grant, no step and no step ID of its own; a FlowID only as a flag's
// default.
func TestNamesNoGrant(t *testing.T) {
	d, err := grantscan.ReadFlows("../flows")
	if err != nil {
		t.Fatal(err)
	}
	found, err := grantscan.Check(".", d)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("this package names grants or steps; derive them from flows' declarations instead:\n%s", strings.Join(found, "\n"))
	}
}
