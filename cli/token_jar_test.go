package cli

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// TestTokenRequestObject runs the authorization code grant with
// --request-object on as demo-jar, the browser scripted: the URL carries
// only client_id and a signed request (RFC 9101 §5.1), shown decoded, and
// the flow ends with tokens.
func TestTokenRequestObject(t *testing.T) {
	args := []string{"token", "-v", "--flow", "authorization-code", "--no-browser", "--provider", "demo",
		"--client-id", demo.JARClientID, "--request-object", "on"}
	authURL, out, errb := loginRun(t, args...)
	if !strings.Contains(authURL, "request=ey") || strings.Contains(authURL, "code_challenge") {
		t.Errorf("authorization URL %s: want only client_id and request", authURL)
	}
	if !strings.Contains(out.String(), `"access_token"`) {
		t.Errorf("no token:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "request object (ES256, typ oauth-authz-req+jwt): iss demo-jar") || !strings.Contains(errb.String(), "code_challenge") {
		t.Errorf("the notes do not show the request object:\n%s", errb.String())
	}
}
