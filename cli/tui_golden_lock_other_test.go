//go:build !unix

package cli

import "testing"

// lockGoldenPort does not wait where there is no flock: runs of the
// golden test in two checkouts at once may then both want the port.
func lockGoldenPort(*testing.T) {}
