package tokencache

import (
	"context"
	"fmt"
	"path/filepath"
	"time"
)

// lockPoll is how often a busy lock is tried again.
const lockPoll = 50 * time.Millisecond

// Lock takes the lock of entry id, waiting while another process (or
// goroutine) holds it, until ctx ends; busy is called once if it must
// wait. The lock is held across reading, refreshing or obtaining, and
// writing the entry, so that two invocations for the same key do not both
// spend the refresh token or both run the flow: the second finds what
// the first stored. unlock releases it.
func (s *Store) Lock(ctx context.Context, id string, busy func()) (unlock func(), err error) {
	path := filepath.Join(s.Dir, id+".lock")
	told := false
	for {
		unlock, ok, err := tryLock(path)
		if err != nil {
			return nil, fmt.Errorf("token cache: lock %s: %w", filepath.Base(path), err)
		}
		if ok {
			return unlock, nil
		}
		if !told && busy != nil {
			busy()
			told = true
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("token cache: waiting for the lock: %w", context.Cause(ctx))
		case <-t.C:
		}
	}
}
