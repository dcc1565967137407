package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenJWTBearerDemo: token --flow jwt-bearer against the embedded
// demo, the assertion signed with the demo client's key in memory: the
// token is for the subject given, and -v shows the assertion decoded and
// masked (RFC 7523 §2.1).
func TestTokenJWTBearerDemo(t *testing.T) {
	code, out, errOut := run(t, nil, "token", "-v", "--provider", "demo", "--flow", "jwt-bearer", "--subject", "demo-user-1", "--output", "access-token")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tok, err := inspect.Decode(strings.TrimSpace(out))
	if err != nil || tok.StringClaim("sub") != "demo-user-1" || tok.StringClaim("client_id") != demo.JWTClientID {
		t.Fatalf("printed token: %v %q", err, out)
	}
	for _, want := range []string{"assertion decoded (the JWT bearer grant", "assertion=eyJhbG…[", "grant-type%3Ajwt-bearer"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("transcript lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "BEGIN PRIVATE KEY") {
		t.Error("the key is in the transcript")
	}
}

// TestTokenJWTBearerKeyFile: the key written by demo-server
// --write-client-key, given as --jwt-key with the issuer's aud; a
// subject is required, and a wrong key is diagnosed.
func TestTokenJWTBearerKeyFile(t *testing.T) {
	srv := demotest.Start(t)
	key := filepath.Join(t.TempDir(), "demo-jwt.pem")
	if err := writePrivate(key, []byte(demo.JWTClientKeyPEM()), false); err != nil {
		t.Fatal(err)
	}
	base := []string{"token", "--flow", "jwt-bearer", "--issuer", srv.Issuer(), "--client-id", demo.JWTClientID, "--client-key", key}
	code, out, errOut := run(t, nil, append(base, "--subject", demo.JWTClientID, "--jwt-key", key, "--jwt-audience", "issuer", "--output", "header")...)
	if code != 0 || !strings.HasPrefix(out, "Authorization: Bearer ey") {
		t.Fatalf("exit %d: %q\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, nil, base...); code == 0 || !strings.Contains(errOut, "needs subject") || !strings.Contains(errOut, "--subject") {
		t.Errorf("no subject: exit %d: %s", code, errOut)
	}
	other := filepath.Join(t.TempDir(), "other.pem")
	if code, _, errOut := run(t, nil, "keys", "generate", "--out", other); code != 0 {
		t.Fatal(errOut)
	}
	code, _, errOut = run(t, nil, append(base, "--subject", "demo-user-1", "--jwt-key", other)...)
	if code == 0 || !strings.Contains(errOut, "invalid_grant") || !strings.Contains(errOut, "registered private key") {
		t.Errorf("wrong key: exit %d:\n%s", code, errOut)
	}
}
