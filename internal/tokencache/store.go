package tokencache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// Store is the cache directory. Its methods do not lock: hold Lock(id)
// around a read-modify-write of one entry.
type Store struct {
	// Dir is the directory, 0700.
	Dir string
}

// maxEntry bounds an entry file's size: a larger one is not an entry.
const maxEntry = 1 << 20

// DefaultDir is $XDG_CACHE_HOME/oauth-explorer when XDG_CACHE_HOME is an
// absolute path, else the OS's user cache directory (os.UserCacheDir:
// ~/.cache on Linux, ~/Library/Caches on macOS, %LocalAppData% on
// Windows) joined with oauth-explorer.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "oauth-explorer"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("token cache: no cache directory: %w", err)
	}
	return filepath.Join(d, "oauth-explorer"), nil
}

// Open returns the store in dir, creating it 0700. A directory that
// exists with wider permissions is narrowed to 0700 (its entries hold
// tokens); one that is not a directory, or cannot be narrowed, is an
// error. fixed reports a narrowing, for the caller to say so.
func Open(dir string) (s *Store, fixed bool, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("token cache: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil, false, fmt.Errorf("token cache: %w", err)
	}
	if !fi.IsDir() {
		return nil, false, fmt.Errorf("token cache: %s is not a directory", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 && !onWindows {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, false, fmt.Errorf("token cache: %s is readable by others (mode %v) and cannot be narrowed: %w", dir, fi.Mode().Perm(), err)
		}
		fixed = true
	}
	return &Store{Dir: dir}, fixed, nil
}

// path is the entry file of id.
func (s *Store) path(id string) string { return filepath.Join(s.Dir, id+".json") }

// ErrCorrupt wraps the reason an entry file could not be used; the
// caller treats it as a miss and overwrites the entry.
var ErrCorrupt = errors.New("unreadable cache entry")

// Get reads the entry id. A missing entry is (Entry{}, false, nil); an
// entry that cannot be read or parsed is (Entry{}, false, an error
// wrapping ErrCorrupt), a miss all the same.
func (s *Store) Get(id string) (Entry, bool, error) {
	var e Entry
	b, err := readSmall(s.path(id))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return e, false, nil
	case err != nil:
		return e, false, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return Entry{}, false, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if e.AccessToken == "" && e.RefreshToken == "" {
		return Entry{}, false, fmt.Errorf("%w: it holds no token", ErrCorrupt)
	}
	return e, true, nil
}

// readSmall reads a file of at most maxEntry bytes.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxEntry+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxEntry {
		return nil, fmt.Errorf("larger than %d bytes", maxEntry)
	}
	return b, nil
}

// onWindows: there, file modes are not permissions; the user's profile
// directory is private by its ACL.
const onWindows = runtime.GOOS == "windows"

// Put writes e as the entry id: to a temporary file (0600) in the
// directory, synced, then renamed over the entry, so a reader sees the
// old entry or the new one, never a part.
func (s *Store) Put(id string, e Entry) error {
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.Dir, ".tmp-"+id[:min(12, len(id))]+"-*")
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if err := tmp.Chmod(0o600); err != nil && !onWindows {
		tmp.Close()
		return fmt.Errorf("token cache: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("token cache: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("token cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path(id)); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

// Delete removes the entry id; a missing entry is no error.
func (s *Store) Delete(id string) error {
	if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

// Listed is an entry as List found it: its ID, and the entry or why it
// could not be read.
type Listed struct {
	ID    string
	Entry Entry
	Err   error
}

// List reads every entry, ordered by provider, client and grant; the
// unreadable ones come last with their error.
func (s *Store) List() ([]Listed, error) {
	des, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, fmt.Errorf("token cache: %w", err)
	}
	var out []Listed
	for _, de := range des {
		id, ok := strings.CutSuffix(de.Name(), ".json")
		if !ok || strings.HasPrefix(id, ".") {
			continue
		}
		e, _, err := s.Get(id)
		out = append(out, Listed{ID: id, Entry: e, Err: err})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Err == nil) != (b.Err == nil) {
			return a.Err == nil
		}
		return a.Entry.Provider+"\x00"+a.Entry.ClientID+"\x00"+a.Entry.Grant < b.Entry.Provider+"\x00"+b.Entry.ClientID+"\x00"+b.Entry.Grant
	})
	return out, nil
}

// Clear removes every entry and leftover temporary file, and returns how
// many entries it removed. Lock files stay: removing one another process
// holds would let a third take the same lock on a new file.
func (s *Store) Clear() (int, error) {
	des, err := os.ReadDir(s.Dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		return 0, fmt.Errorf("token cache: %w", err)
	}
	n := 0
	for _, de := range des {
		name := de.Name()
		isEntry := strings.HasSuffix(name, ".json") && !strings.HasPrefix(name, ".")
		if !isEntry && !strings.HasPrefix(name, ".tmp-") {
			continue
		}
		if err := os.Remove(filepath.Join(s.Dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("token cache: %w", err)
		}
		if isEntry {
			n++
		}
	}
	return n, nil
}
