package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// TestTokenMTLSDemo: the embedded demo's mTLS clients work offline, their
// certificate and key held in memory and the demo CA trusted.
func TestTokenMTLSDemo(t *testing.T) {
	for _, id := range []string{demo.MTLSClientID, demo.MTLSSelfClientID} {
		code, out, errOut := run(t, nil, "token", "-v", "--provider", "demo", "--client-id", id, "--output", "access-token")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", id, code, errOut)
		}
		tok, err := inspect.Decode(strings.TrimSpace(out))
		if err != nil || tok.StringClaim("client_id") != id || !strings.Contains(string(tok.ClaimsJSON), `"x5t#S256"`) {
			t.Fatalf("%s: printed token is not a bound token of the client: %v %q", id, err, out)
		}
		for _, want := range []string{"TLS client certificate presented", "CN=" + id, "mtls_endpoint_aliases"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%s: the transcript lacks %q:\n%s", id, want, errOut)
			}
		}
		if strings.Contains(errOut, "PRIVATE KEY") {
			t.Errorf("%s: the transcript shows the key", id)
		}
	}
}

// TestDemoServerWriteMTLS: demo-server --write-mtls writes the CA, the
// certificates and the keys (0600), and a token command that gives them
// as files gets a token from that server.
func TestDemoServerWriteMTLS(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "demo")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		code := Execute(ctx, "test", []string{"demo-server", "--write-mtls", prefix}, Streams{Out: &out, Err: &errb})
		_, _ = io.WriteString(&out, "\nIssuer: (exited)\n")
		done <- code
	}()
	issuer := out.waitMatch(t, regexp.MustCompile(`Issuer: +(http://\S+|\(exited\))`))
	if issuer == "(exited)" {
		t.Fatalf("demo-server ended: %s", errb.String())
	}
	for _, f := range []string{"-client-key.pem", "-self-key.pem"} {
		fi, err := os.Stat(prefix + f)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", f, fi.Mode(), err)
		}
	}
	out.waitMatch(t, regexp.MustCompile(`mTLS token: +(https://127\.0\.0\.1:\d+\S*)`))
	code, stdout, errOut := run(t, nil, "token", "--issuer", issuer, "--client-id", demo.MTLSClientID, "--auth-method", "tls_client_auth",
		"--client-cert", prefix+"-client.pem", "--client-key", prefix+"-client-key.pem", "--ca-file", prefix+"-ca.pem", "--scope", "api.read", "--output", "header")
	if code != 0 || !strings.HasPrefix(stdout, "Authorization: Bearer ey") {
		t.Fatalf("exit %d, out %q, err %s", code, stdout, errOut)
	}
	// Without the CA the mTLS alias's certificate is not trusted: TLS
	// verification stays on.
	code, _, errOut = run(t, nil, "token", "--issuer", issuer, "--client-id", demo.MTLSClientID, "--auth-method", "tls_client_auth",
		"--client-cert", prefix+"-client.pem", "--client-key", prefix+"-client-key.pem", "--scope", "api.read")
	if code == 0 || !strings.Contains(errOut, "certificate") {
		t.Errorf("without --ca-file: exit %d %s", code, errOut)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Minute): // a bound on a hang, not a speed limit
		t.Fatal("demo-server did not stop")
	}
}
