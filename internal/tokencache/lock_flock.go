//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package tokencache

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock(2) on path without waiting. The
// kernel drops it when the process ends, however it ends: a crashed run
// leaves no stale lock.
func tryLock(path string) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true, nil
}
