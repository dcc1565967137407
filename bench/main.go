// Command bench measures oauth-explorer's start-up and command-line flows
// side by side with baselines built and run on the same machine in the same
// run, and prints each ratio with its target (issue 15):
//
//	--version                         ≤ 2.5× a Go hello-world
//	token, client credentials         ≤ 1.15× one curl POST to the same token endpoint
//	token --cache, a cache hit        ≤ 1.5× --version
//	a whole authorization-code run    peak RSS ≤ 40 MB
//
// Run it from the repository's root: go run ./bench [-n 40]. It builds the
// program as the README installs it (CGO_ENABLED=0, a static binary) and
// the hello-world into a temporary directory; a plain go build, which links
// the C library where a C compiler is found, is timed too, for
// information. It starts the demo
// provider (oauth-explorer demo-server) on a free loopback port, and plays
// the browser of the authorization-code run itself (it is its own $BROWSER).
// Runs are paired and interleaved (A B, then B A), so that a machine whose
// load changes during the run shifts both sides alike; the ratio is the
// median of the pairs' ratios. curl is needed for the token baseline; the
// cache row is skipped when the program has no --cache.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-browse" {
		os.Exit(browse(os.Args[2]))
	}
	n := flag.Int("n", 40, "pairs of runs per comparison")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// browse plays the browser of an authorization-code run: it logs in at
// the demo provider, approves, and follows the redirect to the loopback
// listener. Like a real opener it returns at once: a child of its own
// logs in while the run waits for the callback.
func browse(authURL string) int {
	if os.Getenv("BENCH_BROWSER_CHILD") == "" {
		// Return at once, like a real opener, and log in from a child.
		cmd := exec.Command(os.Args[0], os.Args[1:]...)
		cmd.Env = append(os.Environ(), "BENCH_BROWSER_CHILD=1")
		if err := cmd.Start(); err != nil {
			return 1
		}
		_ = cmd.Process.Release()
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	back, err := demotest.Login(ctx, authURL, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench browser:", err)
		return 1
	}
	res, err := http.Get(back)
	if err != nil {
		return 1
	}
	res.Body.Close()
	return 0
}

// cmdSpec is one command to time: its arguments and environment.
type cmdSpec struct {
	args []string
	env  []string
}

// timed runs c once and returns its wall time and peak RSS in bytes.
func timed(c cmdSpec) (time.Duration, int64, error) {
	cmd := exec.Command(c.args[0], c.args[1:]...)
	cmd.Env = append(os.Environ(), c.env...)
	cmd.Stdout, cmd.Stderr = nil, nil
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v\n%s", strings.Join(c.args, " "), err, out)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return took, rss, nil
}

// pair times a and b n times each, interleaved, and returns the medians and
// the median of the ratios a/b.
func pair(n int, a, b cmdSpec) (ma, mb time.Duration, ratio float64, err error) {
	var as, bs []time.Duration
	var rs []float64
	for i := range n {
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		t1, _, err := timed(first)
		if err != nil {
			return 0, 0, 0, err
		}
		t2, _, err := timed(second)
		if err != nil {
			return 0, 0, 0, err
		}
		if i%2 == 1 {
			t1, t2 = t2, t1
		}
		as, bs, rs = append(as, t1), append(bs, t2), append(rs, float64(t1)/float64(t2))
	}
	return median(as), median(bs), median(rs), nil
}

func median[T time.Duration | float64](v []T) T {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}

// build compiles into dir the program as the README installs it (static:
// CGO_ENABLED=0), the program as a plain go build makes it where a C
// compiler is found (linked with the C library, for net's cgo resolver),
// and a Go hello-world.
func build(dir string) (prog, progCgo, hello string, err error) {
	prog = filepath.Join(dir, "oauth-explorer")
	cmd := exec.Command("go", "build", "-o", prog, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	progCgo = filepath.Join(dir, "oauth-explorer-cgo")
	if out, err := exec.Command("go", "build", "-o", progCgo, ".").CombinedOutput(); err != nil {
		return "", "", "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "hello")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", "", "", err
	}
	files := map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			return "", "", "", err
		}
	}
	hello = filepath.Join(dir, "hello-world")
	cmd = exec.Command("go", "build", "-o", hello, ".")
	cmd.Dir = src
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", "", fmt.Errorf("building the hello-world: %v\n%s", err, out)
	}
	return prog, progCgo, hello, nil
}

// startDemo runs prog's demo-server on a free loopback port and waits
// until its discovery document answers.
func startDemo(prog string) (issuer string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(prog, "demo-server", "--addr", addr)
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	issuer = "http://" + addr
	for range 200 {
		if res, err := http.Get(issuer + "/.well-known/openid-configuration"); err == nil {
			res.Body.Close()
			return issuer, stop, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("the demo server did not answer")
}

// row is one line of the report.
type row struct {
	what, a, b string
	ratio      float64
	target     float64
	unit       string
}

func run(n int) error {
	dir, err := os.MkdirTemp("", "oauth-explorer-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	prog, progCgo, hello, err := build(dir)
	if err != nil {
		return err
	}
	issuer, stop, err := startDemo(prog)
	if err != nil {
		return err
	}
	defer stop()
	secret := ""
	for _, c := range demo.Clients() {
		if c.ID == "demo-service" {
			secret = c.Secret
		}
	}
	cc := cmdSpec{args: []string{prog, "token", "--issuer", issuer, "--client-id", "demo-service", "--output", "access-token"},
		env: []string{"OAUTH_EXPLORER_CLIENT_SECRET=" + secret, "XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}}
	version := cmdSpec{args: []string{prog, "--version"}}
	var rows []row
	add := func(what string, a, b cmdSpec, target float64) error {
		ma, mb, r, err := pair(n, a, b)
		if err != nil {
			return err
		}
		rows = append(rows, row{what: what, a: ma.Round(10 * time.Microsecond).String(), b: mb.Round(10 * time.Microsecond).String(), ratio: r, target: target, unit: "×"})
		return nil
	}
	if err := add("--version / Go hello-world", version, cmdSpec{args: []string{hello}}, 2.5); err != nil {
		return err
	}
	// A go build where a C compiler is found links the C library; its
	// dynamic loading costs every start about half a millisecond more.
	if err := add("--version, go build with cgo / hello-world", cmdSpec{args: []string{progCgo, "--version"}}, cmdSpec{args: []string{hello}}, 0); err != nil {
		return err
	}
	if curl, err := exec.LookPath("curl"); err == nil {
		post := cmdSpec{args: []string{curl, "-s", "-o", "/dev/null", "-f", "-u", "demo-service:" + secret, "-d", "grant_type=client_credentials", issuer + "/oauth/token"}}
		if err := add("token client credentials / one curl POST", cc, post, 1.15); err != nil {
			return err
		}
	} else {
		fmt.Println("no curl: the token row is skipped")
	}
	if help, _ := exec.Command(prog, "token", "--help").CombinedOutput(); strings.Contains(string(help), "--cache") {
		cached := cc
		cached.args = append(slices.Clone(cc.args), "--cache")
		if _, _, err := timed(cached); err != nil { // fills the cache
			return err
		}
		if err := add("token --cache (hit) / --version", cached, version, 1.5); err != nil {
			return err
		}
	} else {
		fmt.Println("no token --cache in this build: the cache row is skipped")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	ac := cmdSpec{args: []string{prog, "token", "--flow", "authorization-code", "--issuer", issuer, "--client-id", "demo-public", "--output", "access-token"},
		env: []string{"BROWSER=" + self + " -browse"}}
	var peak int64
	for range 5 {
		_, rss, err := timed(ac)
		if err != nil {
			return err
		}
		peak = max(peak, rss)
	}
	rows = append(rows, row{what: "authorization-code run, peak RSS (max of 5)", a: fmt.Sprintf("%.1f MB", float64(peak)/1e6), ratio: float64(peak) / 1e6, target: 40, unit: " MB"})

	fmt.Printf("%d pairs per comparison, interleaved; medians\n\n", n)
	fmt.Printf("%-46s %10s %10s %8s %8s\n", "measure", "ours", "baseline", "ratio", "target")
	for _, r := range rows {
		verdict := "ok"
		switch {
		case r.target == 0:
			verdict = "(for information)"
		case r.ratio > r.target:
			verdict = "OVER"
		}
		if r.unit == " MB" {
			fmt.Printf("%-46s %10s %10s %8s %7.0f%s %s\n", r.what, r.a, "", "", r.target, r.unit, verdict)
			continue
		}
		target := fmt.Sprintf("%7.2f%s", r.target, r.unit)
		if r.target == 0 {
			target = "       -"
		}
		fmt.Printf("%-46s %10s %10s %7.2f%s %s %s\n", r.what, r.a, r.b, r.ratio, r.unit, target, verdict)
	}
	return nil
}
