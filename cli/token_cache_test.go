package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/tokencache"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// requestCounter counts the requests a demo server answered, by path.
type requestCounter struct {
	mu sync.Mutex
	n  map[string]int
}

// onRequest is demo.Options.OnRequest.
func (c *requestCounter) onRequest(method, target string, _ int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	path, _, _ := strings.Cut(target, "?")
	c.n[method+" "+path]++
}

// count is how many requests of method to path were answered.
func (c *requestCounter) count(method, path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[method+" "+path]
}

// cacheDir points the token cache at a fresh directory for the test.
func cacheDir(t *testing.T) string {
	t.Helper()
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	return filepath.Join(xdg, "oauth-explorer")
}

// startCounted starts a demo server that counts its requests.
func startCounted(t *testing.T, opts demo.Options) (*demo.Server, *requestCounter) {
	c := &requestCounter{}
	opts.OnRequest = c.onRequest
	return demotest.StartWith(t, opts), c
}

// TestTokenCacheOneRequest is the acceptance: 20 calls with --cache make
// one token request; the cache directory is 0700, its entry 0600 and
// holds no client secret; cache list shows no token.
func TestTokenCacheOneRequest(t *testing.T) {
	dir := cacheDir(t)
	srv, reqs := startCounted(t, demo.Options{})
	t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", demoServiceSecret)
	args := []string{"token", "--cache", "--issuer", srv.Issuer(), "--client-id", "demo-service", "--output", "header"}
	var first string
	for i := range 20 {
		code, out, errOut := run(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "Authorization: Bearer ey") {
			t.Fatalf("call %d: exit %d, out %q:\n%s", i, code, out, errOut)
		}
		want := "note: from the cache (expires in "
		if i == 0 {
			first, want = out, "note: cache miss: running the flow"
		}
		if out != first || !strings.Contains(errOut, want) {
			t.Fatalf("call %d: another token, or no %q:\n%s", i, want, errOut)
		}
	}
	if n := reqs.count("POST", "/oauth/token"); n != 1 {
		t.Errorf("%d token requests for 20 calls, want 1", n)
	}
	token := strings.TrimSpace(strings.TrimPrefix(first, "Authorization: Bearer "))
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 2 {
		t.Fatalf("cache files %v, want an entry and its lock", files)
	}
	checkMode(t, dir, 0o700)
	for _, f := range files {
		checkMode(t, f, 0o600)
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), demoServiceSecret) || strings.Contains(filepath.Base(f), "demo-service") {
			t.Errorf("%s holds the client secret or the client id in its name", f)
		}
	}
	for _, flag := range []string{"", "--json"} {
		code, out, errOut := run(t, nil, strings.Fields("cache list "+flag)...)
		if code != 0 || !strings.Contains(out, "demo-service") || !strings.Contains(out, "client-credentials") || strings.Contains(out, token[:20]) {
			t.Errorf("cache list %s: exit %d, no entry or a token:\n%s%s", flag, code, out, errOut)
		}
		// No --scope was given: the scope shown is the one granted.
		if !strings.Contains(out, "api.read") {
			t.Errorf("cache list %s does not show the scope granted:\n%s", flag, out)
		}
	}
}

// checkMode fails when path's permissions are not want (not on Windows,
// where they are ACLs).
func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want && runtime.GOOS != "windows" {
		t.Errorf("%s: mode %v, want %v", path, got, want)
	}
}

// TestTokenCacheRefresh: a token that expires within the margin is
// refreshed with the cached refresh token, without a new login; the
// rotated refresh token is kept for the next refresh; with a smaller
// margin the refreshed token is reused. The demo's short lifetime makes
// the token expire for the cache at once: no clock is waited on.
func TestTokenCacheRefresh(t *testing.T) {
	cacheDir(t)
	srv, reqs := startCounted(t, demo.Options{AccessTokenLifetime: 30 * time.Second})
	args := []string{"--cache", "--issuer", srv.Issuer(), "--client-id", "demo-public", "--scope", "openid profile offline_access"}
	login, errOut := runAuthCode(t, args...)
	if !strings.Contains(errOut, "note: cache miss") || login.RefreshToken == "" {
		t.Fatalf("first call: no miss or no refresh token:\n%s", errOut)
	}
	again := append([]string{"token", "--flow", "authorization-code", "--no-browser", "--callback-timeout", "5s", "--output", "access-token"}, args...)
	var last string
	for i, want := range []string{"refreshed with the cached refresh token", "refreshed with the cached refresh token"} {
		code, out, errOut := run(t, nil, again...)
		if code != 0 || !strings.Contains(errOut, want) || out == last || strings.TrimSpace(out) == login.AccessToken {
			t.Fatalf("call %d: exit %d, not %q or the same token:\n%s", i, code, want, errOut)
		}
		last = out
		if n := reqs.count("POST", "/oauth/token"); n != 2+i {
			t.Fatalf("call %d: %d token requests, want %d", i, n, 2+i)
		}
	}
	code, out, errOut := run(t, nil, append(again, "--cache-margin", "1s")...)
	if code != 0 || out != last || !strings.Contains(errOut, "from the cache") {
		t.Fatalf("with a 1s margin: exit %d, another token or not from the cache:\n%s", code, errOut)
	}
	if n, m := reqs.count("POST", "/oauth/token"), reqs.count("GET", "/authorize"); n != 3 || m != 1 {
		t.Errorf("%d token requests and %d logins, want 3 and 1", n, m)
	}
}

// TestTokenCacheParallel: two invocations at once run the flow once
// (the second waits for the first's lock) and leave a cache that reads
// back.
func TestTokenCacheParallel(t *testing.T) {
	dir := cacheDir(t)
	srv, reqs := startCounted(t, demo.Options{})
	t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", demoServiceSecret)
	args := []string{"token", "--cache", "--issuer", srv.Issuer(), "--client-id", "demo-service", "--output", "access-token"}
	outs := make([]string, 2)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out, errOut := run(t, nil, args...)
			if code != 0 {
				t.Errorf("exit %d:\n%s", code, errOut)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	if outs[0] != outs[1] || reqs.count("POST", "/oauth/token") != 1 {
		t.Errorf("%d token requests; the same token: %v", reqs.count("POST", "/oauth/token"), outs[0] == outs[1])
	}
	store, _, err := tokencache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	list, err := store.List()
	if err != nil || len(list) != 1 || list[0].Err != nil || list[0].Entry.AccessToken != strings.TrimSpace(outs[0]) {
		t.Fatalf("the cache does not read back: %+v %v", list, err)
	}
}

// TestTokenCacheCorrupt: an entry that does not parse is a miss, said
// so, and replaced.
func TestTokenCacheCorrupt(t *testing.T) {
	dir := cacheDir(t)
	srv, reqs := startCounted(t, demo.Options{})
	t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", demoServiceSecret)
	args := []string{"token", "--cache", "--issuer", srv.Issuer(), "--client-id", "demo-service", "--output", "access-token"}
	if code, _, errOut := run(t, nil, args...); code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(entries) != 1 {
		t.Fatalf("entries %v", entries)
	}
	if err := os.WriteFile(entries[0], []byte(`{"access_token": "tru`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, nil, args...)
	if code != 0 || out == "" || !strings.Contains(errOut, "could not be used") || reqs.count("POST", "/oauth/token") != 2 {
		t.Fatalf("exit %d, %d token requests:\n%s", code, reqs.count("POST", "/oauth/token"), errOut)
	}
	if code, _, errOut := run(t, nil, args...); code != 0 || !strings.Contains(errOut, "from the cache") {
		t.Errorf("the entry was not replaced: exit %d:\n%s", code, errOut)
	}
}

// TestTokenCacheClearAndRefusals: --cache-clear forgets one key and
// cache clear all; the embedded demo, --export and the password grant
// are refused with --cache.
func TestTokenCacheClearAndRefusals(t *testing.T) {
	cacheDir(t)
	srv, reqs := startCounted(t, demo.Options{})
	t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", demoServiceSecret)
	base := []string{"token", "--issuer", srv.Issuer(), "--client-id", "demo-service", "--output", "access-token"}
	with := func(extra ...string) []string { return append(append([]string{}, base...), extra...) }
	for i, args := range [][]string{with("--cache"), with("--cache-clear"), with("--cache", "-q"), {"cache", "clear"}, with("--cache")} {
		code, _, errOut := run(t, nil, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d:\n%s", args, code, errOut)
		}
		if args[0] == "cache" && !strings.Contains(errOut, "removed 1 cache entry from ") {
			t.Errorf("cache clear of one entry says:\n%s", errOut)
		}
		if want := []int{1, 1, 2, 2, 3}[i]; reqs.count("POST", "/oauth/token") != want {
			t.Fatalf("after %v: %d token requests, want %d", args, reqs.count("POST", "/oauth/token"), want)
		}
	}
	for args, want := range map[string]string{
		"token --cache --provider demo": "embedded demo provider",
		"token --cache":                 "embedded demo provider",
		"token --cache --export run.md --issuer " + srv.Issuer(): "--export records a run",
		"token --cache --flow password --issuer " + srv.Issuer(): "password grant's tokens are not cached",
		"token --cache --cache-clear --issuer " + srv.Issuer():   "use one",
	} {
		code, out, errOut := run(t, nil, strings.Fields(args)...)
		if code == 0 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, out %q, want %q in:\n%s", args, code, out, want, errOut)
		}
	}
}

// TestTokenCacheRefreshGrant: --flow refresh with --cache keys on the
// refresh token brought (hashed: no file name or file holds it), so the
// same token brought again is a hit, not a second spend.
func TestTokenCacheRefreshGrant(t *testing.T) {
	dir := cacheDir(t)
	srv, reqs := startCounted(t, demo.Options{})
	rt := refreshTokenAt(t, srv)
	args := []string{"token", "--cache", "--flow", "refresh", "--issuer", srv.Issuer(), "--client-id", "demo-public", "--output", "access-token"}
	before := reqs.count("POST", "/oauth/token")
	var first string
	for i := range 3 {
		code, out, errOut := run(t, strings.NewReader(rt+"\n"), args...)
		if code != 0 || (i > 0 && (out != first || !strings.Contains(errOut, "from the cache"))) {
			t.Fatalf("call %d: exit %d, another token or not from the cache:\n%s", i, code, errOut)
		}
		first = out
	}
	if n := reqs.count("POST", "/oauth/token") - before; n != 1 {
		t.Errorf("%d refresh requests for 3 calls, want 1", n)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(f, rt) || strings.Contains(string(b), rt) {
			t.Errorf("%s holds the refresh token brought", f)
		}
	}
}
