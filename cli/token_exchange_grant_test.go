package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// serviceTokenAt returns an access token of demo-service from srv, by the
// token command; its secret comes from the environment, not argv.
func serviceTokenAt(t *testing.T, srv *demo.Server) string {
	t.Helper()
	svc, _ := demo.ClientByID("demo-service")
	t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", svc.Secret)
	code, out, errOut := run(t, nil, "token", "--issuer", srv.Issuer(), "--client-id", svc.ID, "--scope", "api.read api.write", "--output", "access-token")
	if code != 0 {
		t.Fatalf("client credentials: exit %d:\n%s", code, errOut)
	}
	return strings.TrimSpace(out)
}

// TestTokenExchangeGrant: token --flow token-exchange reads the subject
// token from stdin or $OAUTH_EXPLORER_SUBJECT_TOKEN (RFC 8693 §2.1), the
// actor token from $OAUTH_EXPLORER_ACTOR_TOKEN, prints the issued token
// and its response, says what was issued and whether it delegates, and
// masks the tokens it was given in -v.
func TestTokenExchangeGrant(t *testing.T) {
	srv := demotest.Start(t)
	xc, _ := demo.ClientByID("demo-exchange")
	args := []string{"token", "-v", "--flow", "token-exchange", "--issuer", srv.Issuer(), "--client-id", xc.ID, "--scope", "api.read"}
	for _, via := range []string{"stdin", "env", "actor"} {
		t.Run(via, func(t *testing.T) {
			subject := serviceTokenAt(t, srv)
			actor := ""
			t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", xc.Secret)
			t.Setenv("OAUTH_EXPLORER_SUBJECT_TOKEN", "")
			t.Setenv("OAUTH_EXPLORER_ACTOR_TOKEN", "")
			stdin := strings.NewReader(subject + "\n")
			switch via {
			case "env":
				t.Setenv("OAUTH_EXPLORER_SUBJECT_TOKEN", subject)
				stdin = strings.NewReader("")
			case "actor":
				actor = serviceTokenAt(t, srv)
				t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", xc.Secret)
				t.Setenv("OAUTH_EXPLORER_ACTOR_TOKEN", actor)
			}
			code, out, errOut := run(t, stdin, args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, errOut)
			}
			var got tokenSetOutput
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, out)
			}
			if got.AccessToken == "" || got.AccessToken == subject || len(got.Responses) != 1 || got.Responses[0].Step != "exchange" ||
				got.Responses[0].Response["issued_token_type"] != "urn:ietf:params:oauth:token-type:access_token" {
				t.Errorf("no issued token: %s", out)
			}
			for _, want := range []string{"token-exchange", "subject_token_type", "note: issued_token_type is access_token"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			wantAct := "impersonation: no act claim"
			if via == "actor" {
				wantAct = "delegation: demo-service acts on behalf of demo-service"
			}
			if !strings.Contains(errOut, wantAct) {
				t.Errorf("stderr does not say %q:\n%s", wantAct, errOut)
			}
			if strings.Contains(errOut, subject) || (actor != "" && strings.Contains(errOut, actor)) {
				t.Errorf("the transcript shows a token given:\n%s", errOut)
			}
		})
	}
}

// TestTokenExchangeGrantRefusals: with no subject token the command says
// where to give one; there is no argument or flag for it; an audience the
// demo does not issue for is diagnosed as invalid_target naming it
// (RFC 8693 §2.2.2).
func TestTokenExchangeGrantRefusals(t *testing.T) {
	srv := demotest.Start(t)
	xc, _ := demo.ClientByID("demo-exchange")
	base := []string{"token", "--flow", "token-exchange", "--issuer", srv.Issuer(), "--client-id", xc.ID}
	t.Setenv("OAUTH_EXPLORER_SUBJECT_TOKEN", "")
	t.Setenv("OAUTH_EXPLORER_ACTOR_TOKEN", "")
	code, _, errOut := run(t, strings.NewReader(""), base...)
	if code == 0 || !strings.Contains(errOut, "needs subject token") || !strings.Contains(errOut, "$OAUTH_EXPLORER_SUBJECT_TOKEN") {
		t.Errorf("no subject token: exit %d:\n%s", code, errOut)
	}
	for _, extra := range [][]string{{"some-token"}, {"--subject-token", "some-token"}, {"--actor-token", "some-token"}} {
		code, _, errOut := run(t, strings.NewReader(""), append(append([]string{}, base...), extra...)...)
		if code == 0 || strings.Contains(errOut, "needs subject token") {
			t.Errorf("%v was accepted or read: exit %d:\n%s", extra, code, errOut)
		}
	}
	subject := serviceTokenAt(t, srv)
	t.Setenv("OAUTH_EXPLORER_CLIENT_SECRET", xc.Secret)
	code, out, errOut := run(t, strings.NewReader(subject), append(append([]string{}, base...), "--audience", "payroll")...)
	if code != 1 || out != "" {
		t.Fatalf("invalid_target: exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "invalid_target") || !strings.Contains(errOut, "audience payroll") || strings.Contains(errOut, subject) {
		t.Errorf("the diagnosis does not name the audience, or shows the token:\n%s", errOut)
	}
}
