package cli

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRootVerboseIsNotVersion: -v means verbose on every command; on the
// root command (the TUI) it is refused with a pointer to --version, which
// prints the version.
func TestRootVerboseIsNotVersion(t *testing.T) {
	code, out, errOut := run(t, nil, "-v")
	if code != 2 || out != "" || !strings.Contains(errOut, "-v (verbose) is for the commands") || !strings.Contains(errOut, "oauth-explorer --version") {
		t.Errorf("-v: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = run(t, nil, "--version")
	if code != 0 || !strings.Contains(out, "version test") {
		t.Errorf("--version: exit %d, stdout %q", code, out)
	}
	_, out, _ = run(t, nil, "--help")
	if strings.Contains(out, "-v, --version") {
		t.Errorf("--help still offers -v for the version:\n%s", out)
	}
}

// TestEmptyIssuerRefused: --issuer "" (an unset variable) is an error, not
// a run against the demo provider; so are the endpoint flags.
func TestEmptyIssuerRefused(t *testing.T) {
	for _, args := range [][]string{
		{"token", "--issuer", ""},
		{"token", "--issuer", " ", "--client-id", "x"},
		{"token", "--flow", "authorization-code", "--no-browser", "--jwks-url", ""},
		{"token", "--provider", "demo", "--token-url", ""},
		{"decode", "--issuer", "", "e30.e30.sig"},
		{"--issuer", ""},
	} {
		flag := ""
		for _, a := range args {
			if strings.HasPrefix(a, "--") && strings.HasSuffix(a, "url") || a == "--issuer" {
				flag = a
			}
		}
		code, out, errOut := run(t, nil, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, flag+" is empty") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", args, code, out, errOut, flag+" is empty")
		}
	}
}

// TestProvidersCheckVerbose: providers --check -v shows the metadata
// exchange on stderr, the report staying on stdout.
func TestProvidersCheckVerbose(t *testing.T) {
	code, out, errOut := run(t, nil, "providers", "--check", "demo", "-v")
	if code != 0 || !strings.Contains(out, "Endpoints:") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "GET /.well-known/openid-configuration") || !strings.Contains(errOut, `"jwks_uri"`) {
		t.Errorf("stderr lacks the discovery exchange:\n%s", errOut)
	}
	if _, _, errOut = run(t, nil, "providers", "--check", "demo"); errOut != "" {
		t.Errorf("without -v, stderr: %s", errOut)
	}
}

// TestDemoServerVerbose: demo-server -v writes a line per request it
// answers, with a code in the query masked.
func TestDemoServerVerbose(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		code := Execute(ctx, "test", []string{"demo-server", "-v"}, Streams{Out: &out, Err: &errb})
		_, _ = io.WriteString(&out, "\nIssuer: (exited)\n") // ends the wait below
		done <- code
	}()
	issuer := out.waitMatch(t, regexp.MustCompile(`Issuer: +(http://\S+|\(exited\))`))
	if issuer == "(exited)" {
		t.Fatalf("demo-server ended: %s", errb.String())
	}
	for _, target := range []string{"/.well-known/openid-configuration", "/nothing?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"} {
		resp, err := http.Get(issuer + target)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	errb.waitMatch(t, regexp.MustCompile(`(GET /nothing\?code=\S+&state=xyz -> 404 Not Found)`))
	if !strings.Contains(errb.String(), "GET /.well-known/openid-configuration -> 200 OK") || strings.Contains(errb.String(), "SplxlOBeZQQYbYS6WxSbIA") {
		t.Errorf("request log:\n%s", errb.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(2 * time.Minute): // a bound on a hang, not a speed limit
		t.Fatal("demo-server did not stop")
	}
}
