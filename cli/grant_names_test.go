package cli

import (
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/grantscan"
)

// TestNamesNoGrant keeps this package generic over the grants: it reads
// flows.Grants, StepInfo and Result, and names no grant, no step and no
// step ID of its own; a FlowID only as a flag's default.
func TestNamesNoGrant(t *testing.T) { grantscan.Require(t, ".", "../flows") }
