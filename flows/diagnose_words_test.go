package flows

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestServerWordsFirst: an error_description that names its cause puts
// that cause first in the diagnosis and its fix first in what to try, the
// standard causes of the code after them (issue 10, item 9).
func TestServerWordsFirst(t *testing.T) {
	cases := []struct {
		name, code, desc string
		cause, try       string // the first cause and try contain these
	}{
		// Ory Hydra / fosite, quoted in
		// https://github.com/cirrusidentity/simplesamlphp-module-authoauth2/issues/50
		{"fosite auth method", "invalid_client", `Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method). The OAuth 2.0 Client supports client authentication method 'client_secret_basic', but method 'client_secret_post' was requested. You must configure the OAuth 2.0 client's 'token_endpoint_auth_method' value to accept 'client_secret_post'.`,
			"authenticates with client_secret_basic", "switch {setting:auth-method} to client_secret_basic"},
		// The issue's own wording.
		{"issue wording", "invalid_client", "supports client_secret_post, but client_secret_basic was requested",
			"authenticates with client_secret_post", "switch {setting:auth-method} to client_secret_post"},
		// Authelia, quoted in https://github.com/authelia/authelia/pull/10131
		{"authelia auth method", "invalid_client", `Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method). The request was determined to be using 'token_endpoint_auth_method' method 'client_secret_post', however the OAuth 2.0 client registration does not allow this method. The registered client with id 'mailcow' is configured to only support 'token_endpoint_auth_method' method 'client_secret_basic'.`,
			"authenticates with client_secret_basic", "switch {setting:auth-method} to client_secret_basic"},
		{"PKCE verifier", "invalid_grant", "code_verifier does not match the code_challenge (RFC 7636 section 4.6)", "code_verifier does not match", "start the flow again"},
		{"PKCE required", "invalid_request", "PKCE is required for public clients: code_challenge missing", "PKCE is required", "{view:request}"},
		{"scope quoted", "invalid_scope", `client demo-service may not request scope "admin"; it may request: api.read api.write`, "refuses: admin", "remove admin from {setting:scope}"},
		{"scope list", "invalid_scope", "Invalid scopes: openid Read.All", "refuses: openid Read.All", "remove openid Read.All from {setting:scope}"},
		{"audience unknown", "access_denied", "The audience https://api.example is not valid for this client", "does not know or does not allow the audience", "{setting:audience}"},
		{"audience missing", "invalid_request", "No audience parameter was provided, and no default audience has been configured", "named none", "{setting:audience}"},
		{"code expired", "invalid_grant", "The authorization code has expired", "authorization code has expired", "start the flow again"},
		{"refresh expired", "invalid_grant", "Refresh token expired", "refresh token has expired", "log in again"},
		{"code used", "invalid_grant", "The authorization code has already been used", "already redeemed", "start the flow again"},
		{"wrong secret", "invalid_client", "client authentication failed: wrong client_secret for client demo-service", "client secret is wrong", "{setting:client-secret}"},
		{"grant not allowed", "unauthorized_client", "client demo-confidential is not registered for grant_type client_credentials; its grants: authorization_code refresh_token", "may not use this grant", "enable the grant"},
		{"an unknown code with a telling text", "weird_error", "supports client_secret_post, but client_secret_basic was requested", "authenticates with client_secret_post", "{setting:auth-method}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Diagnose(oauthErr(tc.code, tc.desc))
			if d.Code != tc.code {
				t.Errorf("code %q, want %q", d.Code, tc.code)
			}
			settled := strings.Contains(tc.cause, "client secret is wrong") // see TestSecretWrongSettlesInvalidClient
			if (len(d.Causes) < 2 && !settled) || !strings.Contains(d.Causes[0], tc.cause) {
				t.Errorf("first cause %q, want one naming %q (and the code's causes after it)", d.Causes, tc.cause)
			}
			if len(d.Try) == 0 || !strings.Contains(d.Try[0], tc.try) {
				t.Errorf("first try %q, want %q", d.Try, tc.try)
			}
			std, ok := oauthAdvice.Get()[tc.code]
			if tc.code == "access_denied" {
				// At the token endpoint no user takes part: its own advice.
				std, ok = tokenAccessDenied, true
			}
			if ok && !settled && !strings.Contains(strings.Join(d.Causes, "|"), std.causes[0]) {
				t.Errorf("the standard causes of %s are gone: %q", tc.code, d.Causes)
			}
		})
	}
}

// TestServerWordsLeaveOthersAlone: a description that names no cause, and
// a provider's own code, keep their diagnoses as they were.
func TestServerWordsLeaveOthersAlone(t *testing.T) {
	d := Diagnose(oauthErr("invalid_client", "Client authentication failed"))
	if d.Causes[0] != oauthAdvice.Get()["invalid_client"].causes[0] {
		t.Errorf("a description without a cause changed the order: %q", d.Causes)
	}
	d = Diagnose(oauthErr("invalid_client", "AADSTS7000215: Invalid client secret provided."))
	if d.Code != "AADSTS7000215" || strings.Contains(strings.Join(d.Causes, " "), "the server says") {
		t.Errorf("a provider's diagnosis was changed: %+v", d)
	}
}

// TestServerWordsAgainstDemo: the demo provider names the registered
// method when a client authenticates another way, and the scopes a client
// may request; the diagnosis leads with them.
func TestServerWordsAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	cases := []struct {
		name       string
		mutate     func(*providers.Provider)
		cause, try string
	}{
		{"wrong auth method", func(p *providers.Provider) { p.AuthMethod = providers.AuthPost }, "authenticates with client_secret_basic", "switch {setting:auth-method} to client_secret_basic"},
		{"a scope the client may not have", func(p *providers.Provider) { p.Scopes = []string{"admin"} }, `refuses: admin`, "remove admin from {setting:scope}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := demoProvider(t, srv, "demo-service")
			tc.mutate(&p)
			var d *Diagnosis
			for _, r := range runAll(NewClientCredentials(p, Options{})) {
				if r.Status == Failed {
					d = r.Diagnosis
				}
			}
			if d == nil || !strings.Contains(d.Causes[0], tc.cause) || !strings.Contains(d.Try[0], tc.try) {
				t.Fatalf("diagnosis %+v; want first cause %q and first try %q", d, tc.cause, tc.try)
			}
		})
	}
}

// TestAuthorizationEndpointInvalidRequest: invalid_request from the
// authorization endpoint (here the demo's words for a request without a
// scope) is about the authorization request, with the server's cause
// first; no token-request causes (a form-encoded body) are offered.
func TestAuthorizationEndpointInvalidRequest(t *testing.T) {
	d := Diagnose(&OAuthError{Endpoint: "authorization endpoint", Code: "invalid_request",
		Description: "The scope of your request is missing. Please ensure some scopes are requested."})
	if len(d.Causes) == 0 || !strings.Contains(d.Causes[0], "needs a scope") || !strings.Contains(d.Try[0], "{setting:scope}") {
		t.Errorf("the server's words are not first: %q %q", d.Causes, d.Try)
	}
	if all := strings.Join(append(d.Causes, d.Try...), "|"); strings.Contains(all, "form-encoded") || strings.Contains(all, "§4.4.2") {
		t.Errorf("token-request causes at the authorization endpoint: %s", all)
	}
	cc := Diagnose(&OAuthError{Endpoint: "token endpoint", Code: "weird_error", GrantType: "client_credentials"})
	if strings.Contains(strings.Join(cc.Try, "|"), "fresh code") {
		t.Errorf("client credentials told to get a fresh code: %q", cc.Try)
	}
}

// A server that says the secret is wrong has settled the cause: the
// usual invalid_client causes it rules out (unknown client, another
// authentication method, a public client) are not listed, nor is the
// same cause or fix twice; and the table they come from is left intact
// for the next diagnosis.
func TestSecretWrongSettlesInvalidClient(t *testing.T) {
	for range 2 {
		d := Diagnose(oauthErr("invalid_client", "client authentication failed: wrong client_secret for client demo-service"))
		if len(d.Causes) != 1 || !strings.HasPrefix(d.Causes[0], "the server says the client secret is wrong") {
			t.Errorf("causes: %q", d.Causes)
		}
		for _, tr := range d.Try {
			if strings.HasPrefix(tr, "copy the secret again") || strings.Contains(tr, "auth-method") {
				t.Errorf("a fix the server's words rule out or repeat: %q", tr)
			}
		}
	}
	if d := Diagnose(oauthErr("invalid_client", "client authentication failed")); len(d.Causes) < 4 {
		t.Errorf("without the server's words, the usual causes: %q", d.Causes)
	}
}
