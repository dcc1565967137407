package browser

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestOpenWithBrowserEnv(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "fake-browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+out+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "BROWSER" {
				return v
			}
			return ""
		}
	}
	const u = "http://127.0.0.1:1/authorize?x=1"
	if err := (Opener{Getenv: env("false:" + script)}).Open(u); err != nil {
		t.Fatalf("second $BROWSER entry not tried: %v", err)
	}
	got, _ := os.ReadFile(out)
	if strings.TrimSpace(string(got)) != u {
		t.Errorf("browser got %q", got)
	}
	err := (Opener{Getenv: env("false")}).Open(u)
	if !errors.Is(err, ErrNoBrowser) {
		t.Errorf("BROWSER=false: %v; want ErrNoBrowser", err)
	}
}

// TestOpenDoesNotWaitForForkedBrowser: a $BROWSER command that forks a
// browser and returns (as a browser started for the first time does) is
// done when it returns, however long the forked browser runs with the
// output it inherited. Before, the opener waited for the browser to end.
func TestOpenDoesNotWaitForForkedBrowser(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	script := filepath.Join(dir, "forking-browser")
	body := "#!/bin/sh\nsleep 600 &\necho $! > " + pidFile + "\nexit 0\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
			}
		}
	})
	getenv := func(k string) string {
		if k == "BROWSER" {
			return script
		}
		return ""
	}
	// Were the opener to wait for the forked browser, this call would
	// last ten minutes and the test would time out.
	if err := (Opener{Getenv: getenv}).Open("http://127.0.0.1:1/authorize"); err != nil {
		t.Fatal(err)
	}
}
