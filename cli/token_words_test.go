package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTokenSaysFlags: flows writes {setting:NAME} and {view:NAME} where a
// sentence names a setting or a place to look; token says them as flags
// and -v, in the diagnosis and in the pre-flight warnings alike.
func TestTokenSaysFlags(t *testing.T) {
	t.Run("diagnosis", func(t *testing.T) {
		code, _, errOut := run(t, nil, "token", "--provider", "demo", "--client-secret", "wrong-secret-value")
		if code != 1 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(errOut, "pass it with $OAUTH_EXPLORER_CLIENT_SECRET (or --client-secret)") {
			t.Errorf("the diagnosis does not name $OAUTH_EXPLORER_CLIENT_SECRET first:\n%s", errOut)
		}
		noPlaceholders(t, errOut)
	})
	t.Run("warning", func(t *testing.T) {
		// A server that takes client_secret_post only (RFC 8414 §2), asked
		// with client_secret_basic.
		var srv *httptest.Server
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/token" {
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"error":"invalid_client","error_description":"client authentication failed"}`))
				return
			}
			json.NewEncoder(w).Encode(map[string]any{"issuer": srv.URL, "token_endpoint": srv.URL + "/token",
				"token_endpoint_auth_methods_supported": []string{"client_secret_post"}})
		}))
		defer srv.Close()
		code, _, errOut := run(t, nil, "token", "--issuer", srv.URL, "--client-id", "c", "--client-secret", "s", "--auth-method", "client_secret_basic")
		if code != 1 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(errOut, "expect invalid_client; switch --auth-method") {
			t.Errorf("the warning does not name --auth-method:\n%s", errOut)
		}
		noPlaceholders(t, errOut)
	})
}

func noPlaceholders(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, "{setting:") || strings.Contains(s, "{view:") {
		t.Errorf("a placeholder reached stderr:\n%s", s)
	}
}

// TestTokenAPIURLUnused: --api-url with a flow that calls no API is said,
// not silently dropped.
func TestTokenAPIURLUnused(t *testing.T) {
	code, _, errOut := run(t, nil, "token", "--provider", "demo", "--api-url", "http://127.0.0.1:1/api", "--output", "access-token")
	if code != 0 || !strings.Contains(errOut, "warning: --api-url is not used") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
