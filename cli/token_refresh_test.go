package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// tokenSetOutput is what --output json prints (flows.TokenSet.JSON).
type tokenSetOutput struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
	ExpiresIn    any    `json:"expires_in"`
	ExpiresAt    string `json:"expires_at"`
	Responses    []struct {
		Step     string         `json:"step"`
		Response map[string]any `json:"response"`
	} `json:"responses"`
}

// runAuthCode runs token --flow authorization-code with args, logs in at
// the demo provider through the listener, and returns stdout and stderr.
func runAuthCode(t *testing.T, args ...string) (tokenSetOutput, string) {
	t.Helper()
	var out, errb syncBuffer
	args = append([]string{"token", "-v", "--flow", "authorization-code", "--no-browser"}, args...)
	done := make(chan int)
	go func() {
		done <- Execute(context.Background(), "test", args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	redirect, err := demotest.Login(context.Background(), waitForURL(t, &errb), true)
	if err != nil {
		t.Fatal(err)
	}
	browserGet(t, redirect)
	waitExit(t, done, &errb)
	var got tokenSetOutput
	if err := json.Unmarshal([]byte(out.String()), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out.String())
	}
	return got, errb.String()
}

// TestTokenAuthCodeKeepsRefreshToken: without --refresh the refresh token
// is not spent; the code exchange's tokens are printed.
func TestTokenAuthCodeKeepsRefreshToken(t *testing.T) {
	got, errOut := runAuthCode(t, "--provider", "demo")
	if strings.Contains(errOut, "grant_type=refresh_token") {
		t.Error("the refresh token was spent without --refresh")
	}
	if len(got.Responses) != 1 || got.Responses[0].Step != "token" {
		t.Fatalf("%d responses, steps %v", len(got.Responses), steps(got))
	}
	if got.RefreshToken == "" || got.RefreshToken != got.Responses[0].Response["refresh_token"] {
		t.Error("the code exchange's refresh token is not the one printed")
	}
	if got.IDToken == "" || got.AccessToken != got.Responses[0].Response["access_token"] {
		t.Error("the code exchange's tokens are not the ones printed")
	}
}

// TestTokenAuthCodeRefreshNonRotating is the acceptance: against
// an OpenID provider that does not rotate refresh tokens (its refresh
// answer carries none, as Google's and Auth0's without rotation do: see
// demotest.NonRotating), token --refresh prints a refresh token, the one
// of the code exchange, beside the new access token.
func TestTokenAuthCodeRefreshNonRotating(t *testing.T) {
	srv := demotest.Start(t)
	nr := demotest.StartNonRotating(t, srv)
	got, errOut := runAuthCode(t, "--refresh", "--issuer", srv.Issuer(), "--token-url", nr.URL, "--client-id", "demo-public",
		"--scope", "openid profile offline_access")
	if !strings.Contains(errOut, "grant_type=refresh_token") {
		t.Fatalf("no refresh request with --refresh:\n%s", errOut)
	}
	if len(got.Responses) != 2 || got.Responses[1].Step != "refresh" {
		t.Fatalf("%d responses, steps %v", len(got.Responses), steps(got))
	}
	first, refreshed := got.Responses[0].Response, got.Responses[1].Response
	if _, carried := refreshed["refresh_token"]; carried {
		t.Fatal("the refresh answer carried a refresh token: the test server does not play a non-rotating one")
	}
	if got.RefreshToken == "" || got.RefreshToken != first["refresh_token"] {
		t.Errorf("refresh_token %q; want the code exchange's, kept (RFC 6749 §6)", got.RefreshToken)
	}
	if got.AccessToken != refreshed["access_token"] || got.AccessToken == first["access_token"] {
		t.Error("the access token printed is not the refreshed one")
	}
	if got.IDToken != refreshed["id_token"] {
		t.Error("the ID token printed is not the newest")
	}
	if strings.Contains(errOut, "warning:") {
		t.Errorf("warnings on a clean refresh:\n%s", errOut)
	}
}

// TestTokenDecimalExpiresIn: a lifetime with a fraction (which x/oauth2
// refuses with strconv.ParseInt) no longer costs the token; see
// https://github.com/CMSgov/bluebutton-web-server/pull/512 for a server
// that sent one.
func TestTokenDecimalExpiresIn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"opaque-token-0123456789","token_type":"Bearer","expires_in":3600.5}`)
	}))
	t.Cleanup(srv.Close)
	code, out, errOut := run(t, nil, tokenArgs(srv.URL+"/token")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got tokenSetOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != "opaque-token-0123456789" || got.ExpiresIn != float64(3600) || got.ExpiresAt == "" {
		t.Errorf("printed access_token %q, expires_in %v, expires_at %q", got.AccessToken, got.ExpiresIn, got.ExpiresAt)
	}
	if got.Responses[0].Response["expires_in"] != 3600.5 {
		t.Errorf("the response is not shown as sent: %v", got.Responses[0].Response)
	}
}

func steps(got tokenSetOutput) []string {
	var out []string
	for _, r := range got.Responses {
		out = append(out, r.Step)
	}
	return out
}
