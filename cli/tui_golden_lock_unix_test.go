//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// lockGoldenPort waits until no other run of the golden test on this
// machine (another checkout's) holds goldenDemoPort, and holds it until
// the test ends: a lock on a file that the kernel releases when the
// process ends, however it ends.
func lockGoldenPort(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "oauth-explorer-golden-"+goldenDemoPort+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
}
