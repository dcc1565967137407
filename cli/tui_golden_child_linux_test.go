package cli

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill cmd when the test that started it
// ends, however it ends (a timeout's panic, a kill).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
