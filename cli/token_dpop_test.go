package cli

import (
	"strings"
	"testing"
)

// TestTokenDPoP: token --dpop on binds the token: the output says
// token_type DPoP, the transcript shows the nonce retry and the proof
// decoded, and the proof itself stays masked.
func TestTokenDPoP(t *testing.T) {
	for _, args := range [][]string{{"--dpop", "on"}, {"--dpop=on"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, errOut := run(t, nil, append([]string{"token", "-v", "--provider", "demo", "--flow", "client-credentials"}, args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, `"token_type": "DPoP"`) && !strings.Contains(out, `"token_type":"DPoP"`) {
				t.Errorf("token output lacks token_type DPoP:\n%s", out)
			}
			for _, want := range []string{"use_dpop_nonce", "DPoP proof decoded", "htu", "cnf.jkt"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("transcript lacks %q:\n%s", want, errOut)
				}
			}
			if strings.Contains(errOut, "DPoP: eyJ") && !strings.Contains(errOut, "DPoP: eyJhbG…") {
				t.Error("a DPoP proof is shown unmasked")
			}
		})
	}
}

// TestTokenDPoPRefusesOtherValues: --dpop takes off or on only.
func TestTokenDPoPRefusesOtherValues(t *testing.T) {
	code, _, errOut := run(t, nil, "token", "--provider", "demo", "--flow", "client-credentials", "--dpop=yes")
	if code == 0 || !strings.Contains(errOut, "--dpop") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}
