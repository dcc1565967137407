package tokencache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestKeyID: the scopes' order does not change the key; every field does;
// the ID is a hex SHA-256.
func TestKeyID(t *testing.T) {
	base := Key{Provider: "https://id.example.com", ClientID: "svc", Grant: "client-credentials", Scopes: []string{"b", "a"}}
	same := base
	same.Scopes = []string{"a", "b", "a"}
	if base.ID() != same.ID() {
		t.Error("the scopes' order or repetition changes the key")
	}
	for name, k := range map[string]Key{
		"client":   {Provider: base.Provider, ClientID: "other", Grant: base.Grant, Scopes: base.Scopes},
		"grant":    {Provider: base.Provider, ClientID: "svc", Grant: "device", Scopes: base.Scopes},
		"audience": {Provider: base.Provider, ClientID: "svc", Grant: base.Grant, Scopes: base.Scopes, Audience: "api"},
		"joined":   {Provider: base.Provider, ClientID: "svc", Grant: base.Grant, Scopes: []string{"b a"}},
		"extra":    {Provider: base.Provider, ClientID: "svc", Grant: base.Grant, Scopes: base.Scopes, Extra: []string{"x=1"}},
	} {
		if k.ID() == base.ID() {
			t.Errorf("%s: a different key has the same ID", name)
		}
	}
	if id := base.ID(); len(id) != 64 || strings.Contains(id, "svc") {
		t.Errorf("ID %q is not a hex SHA-256", id)
	}
}

// TestFresh: the margin is applied; an unknown expiry is never fresh.
func TestFresh(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e := Entry{AccessToken: "a", Expiry: now.Add(2 * time.Minute)}
	if !e.Fresh(now, time.Minute) || e.Fresh(now, 3*time.Minute) {
		t.Error("the margin is not applied")
	}
	if (Entry{AccessToken: "a"}).Fresh(now, 0) {
		t.Error("a token of unknown expiry is reused")
	}
}

// TestOpenModes: the directory is 0700 and an entry 0600; a wider
// directory is narrowed.
func TestOpenModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes are ACLs on Windows")
	}
	dir := filepath.Join(t.TempDir(), "oauth-explorer")
	s, fixed, err := Open(dir)
	if err != nil || fixed {
		t.Fatal(err, fixed)
	}
	id := Key{Provider: "p", ClientID: "c"}.ID()
	if err := s.Put(id, Entry{AccessToken: "at"}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, id+".json"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, fixed, err := Open(dir); err != nil || !fixed {
		t.Fatalf("a wide directory was not narrowed: %v %v", fixed, err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("mode %v after Open", fi.Mode().Perm())
	}
}

// TestGetPutCorrupt: an entry reads back; garbage, an empty file, an
// entry without a token and an oversized file are misses wrapping
// ErrCorrupt; List shows them and Clear removes them.
func TestGetPutCorrupt(t *testing.T) {
	s, _, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	id := Key{Provider: "p"}.ID()
	if _, ok, err := s.Get(id); ok || err != nil {
		t.Fatalf("empty store: %v %v", ok, err)
	}
	want := Entry{AccessToken: "at", RefreshToken: "rt", Expiry: time.Unix(1e9, 0).UTC()}
	if err := s.Put(id, want); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.Get(id); !ok || err != nil || got.AccessToken != "at" || !got.Expiry.Equal(want.Expiry) {
		t.Fatalf("read back %+v %v %v", got, ok, err)
	}
	for name, body := range map[string]string{"garbage": "{not json", "empty": "", "no token": `{"provider":"p"}`, "big": strings.Repeat(" ", maxEntry+1)} {
		if err := os.WriteFile(s.path(id), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.Get(id); ok || !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v %v, want a miss wrapping ErrCorrupt", name, ok, err)
		}
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Err == nil {
		t.Fatalf("list: %+v %v", list, err)
	}
	if n, err := s.Clear(); n != 1 || err != nil {
		t.Errorf("clear: %d %v", n, err)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("entries after Clear: %+v", list)
	}
}

// TestLockExcludes: while one holds the lock, another waits (told once
// through busy) and gets it when it is released; a cancelled wait ends.
func TestLockExcludes(t *testing.T) {
	s, _, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := s.Lock(context.Background(), "k", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Lock(ctx, "k", nil); err == nil {
		t.Fatal("a second holder got the lock")
	}
	busy := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		u, err := s.Lock(context.Background(), "k", func() { close(busy) })
		if err != nil {
			t.Error(err)
			return
		}
		u()
	}()
	<-busy
	unlock()
	wg.Wait()
}

// TestParallelPuts: entries written by many goroutines under the lock
// read back whole.
func TestParallelPuts(t *testing.T) {
	s, _, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := s.Lock(context.Background(), "k", nil)
			if err != nil {
				t.Error(err)
				return
			}
			defer unlock()
			if err := s.Put("k", Entry{AccessToken: strings.Repeat("x", 1000+i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if e, ok, err := s.Get("k"); !ok || err != nil || len(e.AccessToken) < 1000 {
		t.Fatalf("%v %v", ok, err)
	}
}

// TestDefaultDir: an absolute $XDG_CACHE_HOME is used; a relative one is
// ignored, as the XDG Base Directory spec says.
func TestDefaultDir(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	if d, err := DefaultDir(); err != nil || d != filepath.Join(xdg, "oauth-explorer") {
		t.Errorf("DefaultDir() = %q, %v", d, err)
	}
	t.Setenv("XDG_CACHE_HOME", "relative/cache")
	if d, err := DefaultDir(); err == nil && strings.HasPrefix(d, "relative") {
		t.Errorf("a relative XDG_CACHE_HOME was used: %q", d)
	}
}
