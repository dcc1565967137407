package flows

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/safetext/safetexttest"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestRequestCommand: the token request of a client credentials run at
// the demo, written as one curl command, holds no secret unless revealed
// and says which variable to set; revealed and pasted into a shell (sh -c)
// it gets a token from the demo. The HTTPie command is a form with the
// header as an item.
func TestRequestCommand(t *testing.T) {
	srv := demotest.Start(t)
	run, secrets := ccRun(t, demoProvider(t, srv, "demo-service"))
	var token Result
	for _, r := range run.Results {
		if r.Token != nil {
			token = r
		}
	}
	if token.Token == nil {
		t.Fatal("the run got no token")
	}
	masked := RequestCommand(token, CommandCurl, Masker{Secrets: secrets})
	for _, s := range secrets {
		if len(s) >= 8 && strings.Contains(masked, s) {
			t.Errorf("a secret is in the masked command:\n%s", masked)
		}
	}
	if !strings.Contains(masked, "# set BASIC_CREDENTIALS first") || !strings.Contains(masked, `"${BASIC_CREDENTIALS}"`) {
		t.Errorf("the masked command does not name its variable:\n%s", masked)
	}
	if p := safetexttest.Problem(masked); p != "" {
		t.Errorf("the command holds %s", p)
	}
	h := RequestCommand(token, CommandHTTPie, Masker{Secrets: secrets})
	if !strings.HasPrefix(strings.TrimLeft(h[strings.LastIndex(h, "\nhttp ")+1:], "\n"), "http --ignore-stdin --form 'POST'") || !strings.Contains(h, "'grant_type=client_credentials'") ||
		!strings.Contains(h, `'Authorization:Basic '"${BASIC_CREDENTIALS}"`) {
		t.Errorf("HTTPie command:\n%s", h)
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl to send the revealed command with")
	}
	revealed := RequestCommand(token, CommandCurl, Masker{Reveal: true, Secrets: secrets})
	out, err := exec.Command("sh", "-c", revealed).CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"access_token"`) {
		t.Errorf("the revealed command, run: %v\n%s\n%s", err, revealed, out)
	}
}
