//go:build !linux

package cli

import "os/exec"

// dieWithParent does nothing where the kernel has no parent-death signal:
// the child's own -test.timeout bounds it.
func dieWithParent(*exec.Cmd) {}
