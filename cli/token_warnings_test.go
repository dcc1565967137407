package cli

import (
	"strings"
	"testing"
)

// TestTokenPrintsPreflightWarnings: the discovery step's pre-flight
// warnings reach stderr before the server is asked.
func TestTokenPrintsPreflightWarnings(t *testing.T) {
	code, _, errOut := run(t, nil, "token", "--provider", "demo", "--scope", "api.read admin")
	if code != 1 {
		t.Fatalf("exit %d; want the server to refuse the scope: %s", code, errOut)
	}
	warn := strings.Index(errOut, "warning: the server does not list scope admin")
	refusal := strings.Index(errOut, "invalid_scope")
	if warn < 0 || refusal < warn {
		t.Errorf("want the warning before the refusal:\n%s", errOut)
	}
}
