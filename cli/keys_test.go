package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

func TestTokenPrivateKeyJWTDemo(t *testing.T) {
	code, out, errOut := run(t, nil, "token", "-v", "--provider", "demo", "--client-id", demo.JWTClientID, "--output", "access-token")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tok, err := inspect.Decode(strings.TrimSpace(out))
	if err != nil || tok.StringClaim("client_id") != demo.JWTClientID {
		t.Fatalf("printed token is not the JWT client's: %v %q", err, out)
	}
	if !strings.Contains(errOut, "client_assertion decoded (private_key_jwt") || strings.Contains(errOut, "BEGIN PRIVATE KEY") {
		t.Errorf("transcript:\n%s", errOut)
	}
}

func TestKeysGenerateAndUse(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key.pem")
	code, out, errOut := run(t, nil, "keys", "generate", "--out", key)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	fi, err := os.Stat(key)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v %v, want mode 0600", fi, err)
	}
	var jwk map[string]any
	if err := json.Unmarshal([]byte(out), &jwk); err != nil || jwk["kty"] != "EC" || jwk["kid"] == "" || jwk["d"] != nil {
		t.Fatalf("stdout is not the public JWK: %v %s", err, out)
	}
	if code, _, errOut := run(t, nil, "keys", "generate", "--out", key); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("overwrote without --force: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, nil, "keys", "generate", "--out", key, "--force", "--alg", "EdDSA", "--jwks"); code != 0 {
		t.Errorf("--force: %d %s", code, errOut)
	}

	// A key the demo does not know is refused, diagnosed invalid_client.
	srv := demotest.Start(t)
	code, _, errOut = run(t, nil, "token", "--issuer", srv.Issuer(), "--client-id", demo.JWTClientID, "--client-key", key, "--scope", "api.read")
	if code == 0 || !strings.Contains(errOut, "invalid_client") || !strings.Contains(errOut, "signature does not verify") {
		t.Errorf("a stranger's key: exit %d %s", code, errOut)
	}
}

// TestTokenClientKeyFileAgainstIssuer: demo-server --write-client-key, then
// the key file given by hand, the method chosen from discovery.
func TestTokenClientKeyFileAgainstIssuer(t *testing.T) {
	srv := demotest.Start(t)
	key := filepath.Join(t.TempDir(), "demo-jwt.pem")
	if err := writePrivate(key, []byte(demo.JWTClientKeyPEM()), false); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, nil, "token", "--issuer", srv.Issuer(), "--client-id", demo.JWTClientID,
		"--client-key", key, "--scope", "api.read", "--output", "header")
	if code != 0 || !strings.HasPrefix(out, "Authorization: Bearer ey") {
		t.Fatalf("exit %d, out %q, err %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "private_key_jwt, chosen from what the server lists") {
		t.Errorf("no note on the method chosen:\n%s", errOut)
	}
}
