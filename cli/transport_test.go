package cli

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTokenTLS checks that certificates are verified by default, that
// --ca-file adds a CA, and that --insecure works but warns.
func TestTokenTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"tls-test-token","token_type":"Bearer","expires_in":60}`))
	}))
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"token", "--token-url", srv.URL + "/token", "--client-id", "c", "--client-secret", "s", "--output", "access-token"}

	code, _, errOut := run(t, nil, base...)
	if code != 1 || !strings.Contains(errOut, "TLS") {
		t.Errorf("unknown CA: exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, nil, append(base, "--ca-file", ca)...)
	if code != 0 || strings.TrimSpace(out) != "tls-test-token" || strings.Contains(errOut, "warning") {
		t.Errorf("--ca-file: exit %d, out %q: %s", code, out, errOut)
	}
	code, out, errOut = run(t, nil, append(base, "--insecure")...)
	if code != 0 || strings.TrimSpace(out) != "tls-test-token" || !strings.Contains(errOut, "TLS NOT VERIFIED") {
		t.Errorf("--insecure: exit %d, out %q: %s", code, out, errOut)
	}
}

func TestPlainHTTPWarning(t *testing.T) {
	for raw, warn := range map[string]bool{
		"http://127.0.0.1:9000/token": false,
		"http://localhost/token":      false,
		"https://id.example.com":      false,
		"http://id.example.com/token": true,
	} {
		if got := plainHTTPWarning(raw) != ""; got != warn {
			t.Errorf("%s: warning %v, want %v", raw, got, warn)
		}
	}
}
