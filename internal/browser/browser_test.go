package browser

import (
	"errors"
	"os"
	"path/filepath"
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
