// Package browser opens URLs in the user's web browser: $BROWSER first, as
// users of SSH sessions and unusual desktops set it, then the platform's
// opener through github.com/cli/browser.
package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	clibrowser "github.com/cli/browser"
)

// Opener opens URLs. Its zero value uses the real environment.
type Opener struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
}

// ErrNoBrowser means no browser could be started; the caller should show
// the URL instead.
var ErrNoBrowser = errors.New("no browser could be opened")

// Open opens url. $BROWSER may hold a list of commands separated by ":";
// each may contain "%s" for the URL, else the URL is appended. The
// browser's own output is discarded so that it cannot draw over a TUI.
func (o Opener) Open(url string) error {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if env := strings.TrimSpace(getenv("BROWSER")); env != "" {
		var errs []error
		for _, cmdline := range strings.Split(env, ":") {
			if err := run(cmdline, url); err != nil {
				errs = append(errs, err)
				continue
			}
			return nil
		}
		return fmt.Errorf("%w: $BROWSER (%s) failed: %v", ErrNoBrowser, env, errors.Join(errs...))
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" && isLinux() {
		return fmt.Errorf("%w: no $BROWSER and no graphical display (SSH or a container?)", ErrNoBrowser)
	}
	// nil, not io.Discard: the output goes to /dev/null, so the opener's
	// wait does not last as long as a browser that inherited a pipe.
	clibrowser.Stdout, clibrowser.Stderr = nil, nil
	if err := clibrowser.OpenURL(url); err != nil {
		return fmt.Errorf("%w: %v", ErrNoBrowser, err)
	}
	return nil
}

func run(cmdline, url string) error {
	fields := strings.Fields(cmdline)
	if len(fields) == 0 {
		return errors.New("empty command")
	}
	replaced := false
	for i, f := range fields {
		if strings.Contains(f, "%s") {
			fields[i] = strings.ReplaceAll(f, "%s", url)
			replaced = true
		}
	}
	if !replaced {
		fields = append(fields, url)
	}
	// A browser command returns at once or forks. Its output goes to
	// /dev/null, not to a pipe: a browser it forks would inherit a pipe
	// and keep the wait for the pipe's end going as long as it runs. One
	// that stays in the foreground (a text browser, a browser started for
	// the first time) is left to run: after browserGrace it counts as
	// opened.
	cmd := exec.Command(fields[0], fields[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", fields[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	grace := time.NewTimer(browserGrace)
	defer grace.Stop()
	select {
	case err := <-exited:
		if err != nil {
			return fmt.Errorf("%s: %w", fields[0], err)
		}
	case <-grace.C:
	}
	return nil
}

// browserGrace is how long a browser command may run before it counts as
// a browser that stays in the foreground, and so as opened.
const browserGrace = 3 * time.Second
