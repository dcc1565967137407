package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestTokenRegisterAuthCode runs the authorization code grant against the
// demo with --register on and no client id: the run registers a public
// native client (RFC 7591 §3) and logs in with it, the browser scripted.
func TestTokenRegisterAuthCode(t *testing.T) {
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--provider", "demo", "--register", "on"}
	authURL, out, errb := loginRun(t, args...)
	if !strings.Contains(authURL, "client_id=dyn-") {
		t.Errorf("authorization URL %s: want the registered client", authURL)
	}
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token:\n%s", out.String())
	}
	for _, want := range []string{"Client registration", "/register", `"token_endpoint_auth_method": "none"`} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}

// TestTokenRegisterSaveClient registers a confidential client for the
// client credentials grant and saves it to the providers file: mode 0600,
// the secret only with --save-secret.
func TestTokenRegisterSaveClient(t *testing.T) {
	for _, withSecret := range []bool{false, true} {
		cfg := filepath.Join(t.TempDir(), "providers.toml")
		var out, errb syncBuffer
		args := []string{"token", "--provider", "demo", "--register", "on", "--config", cfg, "--save-client", "mine"}
		if withSecret {
			args = append(args, "--save-secret")
		}
		if code := Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
			t.Fatalf("exit %d:\n%s", code, errb.String())
		}
		fi, err := os.Stat(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v", fi.Mode().Perm())
		}
		text, _ := os.ReadFile(cfg)
		if !strings.Contains(string(text), "[providers.mine]") || !strings.Contains(string(text), `client_id = "dyn-`) {
			t.Errorf("file:\n%s", text)
		}
		if got := strings.Contains(string(text), "client_secret = "); got != withSecret {
			t.Errorf("secret written %v, want %v:\n%s", got, withSecret, text)
		}
	}
}

func TestTokenSaveClientNeedsRegister(t *testing.T) {
	var out, errb syncBuffer
	code := Execute(context.Background(), "test", []string{"token", "--provider", "demo", "--save-client", "mine"}, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code == 0 || !strings.Contains(errb.String(), "--register on") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

// TestTokenRegisterCustomIssuer: with --register on, a provider given by
// --issuer alone (no client id) runs the client credentials grant with a
// confidential client it registers.
func TestTokenRegisterCustomIssuer(t *testing.T) {
	srv := demotest.Start(t)
	var out, errb syncBuffer
	args := []string{"token", "--issuer", srv.Issuer(), "--register", "on", "--scope", "api.read"}
	if code := Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
		t.Fatalf("exit %d:\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"access_token"`) || !strings.Contains(errb.String(), "client_secret_basic") {
		t.Errorf("out:\n%s\nerr:\n%s", out.String(), errb.String())
	}
}
