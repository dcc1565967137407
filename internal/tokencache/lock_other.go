//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package tokencache

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// staleLock is the age after which a lock file is taken to be left by a
// process that ended without removing it.
const staleLock = 10 * time.Minute

// tryLock creates path exclusively, where there is no flock(2): the file
// existing is the lock. A process killed while holding it leaves it; one
// older than staleLock is removed.
func tryLock(path string) (unlock func(), ok bool, err error) {
	f, err := os.OpenFile(path+"x", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		if fi, serr := os.Stat(path + "x"); serr == nil && time.Since(fi.ModTime()) > staleLock {
			_ = os.Remove(path + "x")
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	f.Close()
	return func() { _ = os.Remove(path + "x") }, true, nil
}
