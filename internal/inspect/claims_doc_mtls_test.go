package inspect

import (
	"strings"
	"testing"
)

// TestExplainCnfMutualTLS: cnf says what its x5t#S256 member binds the
// token to (RFC 8705 §3.1).
func TestExplainCnfMutualTLS(t *testing.T) {
	d, ok := ExplainClaim("cnf")
	if !ok || !strings.Contains(d.Meaning, "x5t#S256 is the SHA-256 thumbprint of the client's TLS certificate") || !strings.Contains(d.Ref, "RFC 8705 §3.1") {
		t.Fatalf("cnf = %+v", d)
	}
}
