package flows

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// issueCodes are the OAuth error codes issue 5 lists: each must have a
// diagnosis of its own.
var issueCodes = []string{"invalid_client", "invalid_grant", "invalid_scope", "unauthorized_client",
	"unsupported_grant_type", "invalid_request", "access_denied", "consent_required", "login_required",
	"interaction_required", "invalid_target", "authorization_pending", "slow_down", "expired_token"}

func TestEveryListedOAuthCodeHasADiagnosis(t *testing.T) {
	known := map[string]bool{}
	for _, c := range OAuthErrorCodes() {
		known[c] = true
	}
	for _, code := range append(issueCodes, "invalid_token", "insufficient_scope", "rate_limited") {
		d := Diagnose(&OAuthError{Endpoint: "token endpoint", Code: code})
		if !known[code] || d.Code != code || len(d.Causes) == 0 || len(d.Try) == 0 || d.Ref == "" {
			t.Errorf("%s: no diagnosis of its own: %+v", code, d)
		}
	}
}

func oauthErr(code, desc string) error {
	return &OAuthError{Endpoint: "token endpoint", HTTPStatus: 400, Code: code, Description: desc}
}

// bearerResp is a refusal from a resource server (RFC 6750 §3).
func bearerResp(status int, challenge, retryAfter string) error {
	h := http.Header{}
	if challenge != "" {
		h.Set("WWW-Authenticate", challenge)
	}
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	return bearerError("API", &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), Header: h})
}

// listenErr returns the error of starting a listener for redirectURI.
func listenErr(redirectURI string) error {
	l, err := ListenCallback(redirectURI, CallbackExpect{}, nil)
	if err == nil {
		l.Close()
		return errors.New("the listener started")
	}
	return err
}

// busyPort returns a loopback port in use until the test ends.
func busyPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func urlErr(err error) error {
	return &url.Error{Op: "Post", URL: "https://id.example/token", Err: err}
}

func TestDiagnose(t *testing.T) {
	_, decodeErr := inspect.Decode("abc.def")
	cases := []struct {
		name  string
		err   error
		code  string
		cause string // a substring of the causes the diagnosis must name
	}{
		// The standard codes.
		{"wrong secret", oauthErr("invalid_client", "wrong client_secret"), "invalid_client", "secret is wrong"},
		{"code reused", oauthErr("invalid_grant", "code already used"), "invalid_grant", "already used"},
		{"scope refused", oauthErr("invalid_scope", "scope admin not allowed"), "invalid_scope", "not allowed to request"},
		{"grant not allowed", oauthErr("unauthorized_client", ""), "unauthorized_client", "not registered for this grant"},
		{"unknown grant", oauthErr("unsupported_grant_type", ""), "unsupported_grant_type", "does not implement"},
		{"bad parameter", oauthErr("invalid_request", "missing code"), "invalid_request", "missing"},
		{"user said no", &OAuthError{Endpoint: "authorization endpoint", Code: "access_denied"}, "access_denied", "Deny"},
		{"no consent", oauthErr("consent_required", ""), "consent_required", "prompt=none"},
		{"no session", oauthErr("login_required", ""), "login_required", "no session"},
		{"interaction", oauthErr("interaction_required", ""), "interaction_required", "needs the user"},
		{"unknown resource", oauthErr("invalid_target", ""), "invalid_target", "resource or audience"},
		{"device pending", oauthErr("authorization_pending", ""), "authorization_pending", "not finished"},
		{"device too fast", oauthErr("slow_down", ""), "slow_down", "faster than the interval"},
		{"device expired", oauthErr("expired_token", ""), "expired_token", "expired"},
		{"unknown code", oauthErr("weird_error", ""), "weird_error", "provider-specific"},

		// Redirect URI mismatches, however the server words them.
		{"redirect in description", oauthErr("invalid_request", "The redirect_uri is not registered for this client"), "redirect_uri_mismatch", "not registered for this client exactly"},
		{"redirect differs at the token endpoint", oauthErr("invalid_grant", "redirect_uri differs from the one in the authorization request (RFC 6749 section 4.1.3)"), "redirect_uri_mismatch", "differs from the one in the authorization request"},
		{"redirect URI words", oauthErr("invalid_request", "Invalid parameter: redirect URI"), "redirect_uri_mismatch", "exactly as written"},

		// Microsoft Entra ID.
		{"AADSTS50011", oauthErr("invalid_request", "AADSTS50011: The redirect URI 'http://localhost:8400/cb' specified in the request does not match the redirect URIs configured for the application 'x'.\r\nTrace ID: 1"), "AADSTS50011", "redirect URI in the request is not one registered"},
		{"AADSTS700016", oauthErr("unauthorized_client", "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'."), "AADSTS700016", "no application with this client ID"},
		{"AADSTS7000215", oauthErr("invalid_client", "AADSTS7000215: Invalid client secret provided."), "AADSTS7000215", "secret's ID was copied"},
		{"AADSTS65001", oauthErr("invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application."), "AADSTS65001", "consented"},
		{"AADSTS90102", oauthErr("invalid_request", "AADSTS90102: 'redirect_uri' parameter must be an absolute URI."), "AADSTS90102", "not a valid absolute URI"},
		{"AADSTS50126", oauthErr("invalid_grant", "AADSTS50126: Error validating credentials due to invalid username or password."), "AADSTS50126", "password is wrong"},
		{"AADSTS700054", oauthErr("unsupported_response_type", "AADSTS700054: response_type 'id_token' is not enabled for the application."), "AADSTS700054", "id_token is not enabled"},
		{"AADSTS500011", oauthErr("invalid_resource", "AADSTS500011: The resource principal named api://x was not found in the tenant named y."), "AADSTS500011", "resource (API)"},
		{"AADSTS70011", oauthErr("invalid_scope", "AADSTS70011: The provided value for the input parameter 'scope' is not valid."), "AADSTS70011", "scope is invalid"},
		{"AADSTS9002326", oauthErr("invalid_request", "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type."), "AADSTS9002326", "cross-origin"},
		{"AADSTS9002327", oauthErr("invalid_request", "AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests."), "AADSTS9002327", "Single-page application"},
		{"an AADSTS code without advice", oauthErr("invalid_request", "AADSTS99999: Something."), "AADSTS99999", "Microsoft's error page"},

		// Google.
		{"Google redirect_uri_mismatch", &OAuthError{Endpoint: "token endpoint", HTTPStatus: 400, Code: "redirect_uri_mismatch", Description: "Bad Request", URL: "https://oauth2.googleapis.com/token", GrantType: "authorization_code"}, "redirect_uri_mismatch", "Authorized redirect URIs"},
		{"redirect_uri_mismatch from an unknown server", &OAuthError{Endpoint: "authorization endpoint", Code: "redirect_uri_mismatch"}, "redirect_uri_mismatch", "exactly as written"},
		{"Google client not found", oauthErr("invalid_client", "The OAuth client was not found."), "invalid_client", "no OAuth client with this client ID"},
		{"Google wrong secret", &OAuthError{Endpoint: "token endpoint", HTTPStatus: 401, Code: "invalid_client", Description: "Unauthorized"}, "invalid_client", "secret does not belong"},
		{"Google deleted client", oauthErr("deleted_client", "The OAuth client was deleted."), "deleted_client", "was deleted"},
		{"Google internal app", oauthErr("org_internal", "This client is restricted to users within its organization."), "org_internal", "Internal"},
		{"Google admin policy", oauthErr("admin_policy_enforced", ""), "admin_policy_enforced", "administrator's policy"},

		// The demo API and userinfo (RFC 6750 §3.1).
		{"API 401 expired", bearerResp(401, `Bearer realm="demo-api", error="invalid_token", error_description="token expired"`, ""), "invalid_token", "expired"},
		{"API 401 without a token", bearerResp(401, `Bearer realm="demo-api"`, ""), "invalid_token", "expired"},
		{"API 403", bearerResp(403, `Bearer realm="demo-api", error="insufficient_scope", scope="api.read"`, ""), "insufficient_scope", "lacks the scope"},
		{"API 429", bearerResp(429, "", "7"), "rate_limited", "too many requests"},

		// HTTP-level failures.
		{"redirect on the token endpoint", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 302, Status: "302 Found", Problem: "answered 302 Found, a redirect, instead of a token response"}, "http_redirect", "gateway"},
		{"HTML where JSON was expected", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 200, Status: "200 OK", Problem: `answered 200 OK with an HTML page ("Sign in") where a JSON token response was expected`}, "http_html", "web page"},
		{"HTML error page", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 400, Status: "400 Bad Request", Problem: "answered 400 Bad Request with an HTML page and no OAuth error code"}, "http_html", "web page"},
		{"server failure", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 502, Status: "502 Bad Gateway", Problem: "answered 502 Bad Gateway with an empty body and no OAuth error code"}, "http_5xx", "server failed"},
		{"401 without a body", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 401, Status: "401 Unauthorized", Problem: "answered 401 Unauthorized with an empty body and no OAuth error code"}, "http_401", "client authentication failed"},
		{"404 at the token URL", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 404, Status: "404 Not Found", Problem: "answered 404 Not Found with a text/plain body and no OAuth error code"}, "http_404", "URL is wrong"},
		{"discovery 404", &HTTPError{Endpoint: "discovery", HTTPStatus: 404, Status: "404 Not Found", Problem: "answered 404 Not Found at https://x/.well-known/openid-configuration: is the issuer URL right?"}, "discovery_not_found", "tenant or realm"},
		{"429 without a code", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 429, Status: "429 Too Many Requests", Problem: "answered 429 Too Many Requests with an empty body and no OAuth error code"}, "http_429", "limits the rate"},
		{"empty 200", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 200, Status: "200 OK", Problem: "answered 200 OK with an empty body; a token response is a JSON object"}, "http_empty", "without a body"},
		{"cut body", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 200, Status: "200 OK", Problem: "the response was larger than 1048576 bytes and was cut; no OAuth server sends that much"}, "http_truncated", "much larger"},
		{"not JSON", &HTTPError{Endpoint: "token endpoint", HTTPStatus: 200, Status: "200 OK", Problem: "answered 200 OK with a text/plain body where a JSON token response was expected"}, "http_not_json", "does not speak OAuth"},
		{"DNS", transportError("token endpoint", "https://nope.invalid/token", urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nope.invalid", IsNotFound: true}})), "dns", "misspelled"},
		{"connection refused", transportError("token endpoint", "http://127.0.0.1:9/token", urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)})), "refused", "not running"},
		{"timeout", transportError("token endpoint", "https://id.example/token", urlErr(context.DeadlineExceeded)), "timeout", "unreachable"},
		{"TLS expired", transportError("token endpoint", "https://id.example/token", urlErr(&tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Reason: x509.Expired}})), "tls_expired", "expired"},
		{"TLS other", &TransportError{Endpoint: "token endpoint", URL: "https://id.example/token", Kind: "tls", Err: errors.New("tls: first record does not look like a TLS handshake")}, "tls", "plain http"},
		{"issuer mismatch", fmt.Errorf("discovery: %w: the document says https://a/", providers.ErrIssuerMismatch), "issuer_mismatch", "trailing slash"},

		// The callback.
		{"state mismatch", &CallbackError{Problem: "state mismatch: …", Ref: "RFC 6749 §10.12"}, "callback", "another attempt"},
		{"redirect URI the listener cannot serve", fmt.Errorf("callback listener: %w", listenErr("https://app.example/cb")), "listener_redirect", "not an http loopback URI"},
		{"port in use", fmt.Errorf("callback listener: %w", listenErr("http://127.0.0.1:"+busyPort(t)+"/cb")), "listener_port", "uses the port"},
		{"no callback (redirect URI not registered?)", &CallbackTimeoutError{After: time.Minute, RedirectURI: "http://127.0.0.1:5000/callback"}, "callback_timeout", "error page in the browser"},

		// Token checks.
		{"ID token signature", &TokenCheckError{Token: "ID token", Check: "signature", Detail: "…"}, "token_check_signature", "rotated its keys"},
		{"ID token alg", &TokenCheckError{Token: "ID token", Check: "alg", Detail: "…"}, "token_check_alg", "unsigned"},
		{"ID token iss", &TokenCheckError{Token: "ID token", Check: "iss", Detail: "…"}, "token_check_iss", "another issuer"},
		{"wrong audience", &TokenCheckError{Token: "access token", Check: "aud", Detail: "…"}, "token_check_aud", "another audience"},
		{"ID token azp", &TokenCheckError{Token: "ID token", Check: "azp", Detail: "…"}, "token_check_azp", "another client"},
		{"expired", &TokenCheckError{Token: "ID token", Check: "exp", Detail: "…"}, "token_check_exp", "has expired"},
		{"not yet valid", &TokenCheckError{Token: "ID token", Check: "nbf", Detail: "…"}, "token_check_nbf", "clock"},
		{"iat", &TokenCheckError{Token: "ID token", Check: "iat", Detail: "…"}, "token_check_iat", "future"},
		{"nonce", &TokenCheckError{Token: "ID token", Check: "nonce", Detail: "…"}, "token_check_nonce", "replayed"},
		{"at_hash", &TokenCheckError{Token: "ID token", Check: "at_hash", Detail: "…"}, "token_check_at_hash", "different responses"},
		{"ID token not a JWT", fmt.Errorf("ID token: %w", decodeErr), "token_malformed", "not a signed JWT"},
		{"anything else", errors.New("something odd"), "unknown", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Diagnose(tc.err)
			if d == nil || d.What == "" {
				t.Fatalf("no diagnosis for %v", tc.err)
			}
			if d.Code != tc.code {
				t.Errorf("code %q, want %q (%+v)", d.Code, tc.code, d)
			}
			if !strings.Contains(strings.ToLower(strings.Join(d.Causes, " | ")), strings.ToLower(tc.cause)) {
				t.Errorf("causes %q do not name %q", d.Causes, tc.cause)
			}
			if tc.code != "unknown" && len(d.Try) == 0 {
				t.Errorf("nothing to try: %+v", d)
			}
			// Network failures have no specification to point at.
			if d.Ref == "" && !strings.Contains(" dns refused timeout unknown ", " "+tc.code+" ") {
				t.Errorf("no reference: %+v", d)
			}
		})
	}
	if Diagnose(nil) != nil {
		t.Error("a diagnosis for no error")
	}
}

// TestDiagnoseTLS makes real TLS failures: an untrusted certificate and a
// certificate for another host name.
func TestDiagnoseTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.StartTLS()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	trusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer trusting.CloseIdleConnections()
	for _, tc := range []struct {
		name, issuer string
		transport    http.RoundTripper
		code         string
	}{
		{"unknown authority", srv.URL, nil, "tls_unknown_authority"},
		// The test certificate names 127.0.0.1 and example.com, not localhost.
		{"name mismatch", "https://localhost:" + port, trusting, "tls_hostname"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := providers.Provider{Issuer: tc.issuer, ClientID: "c", ClientSecret: "s", AuthMethod: providers.AuthBasic}
			r := NewClientCredentials(p, Options{Transport: tc.transport, Timeout: 5 * time.Second}).Next(context.Background())
			if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != tc.code {
				t.Fatalf("got %v %v %+v; want %s", r.Status, r.Err, r.Diagnosis, tc.code)
			}
		})
	}
}

// TestDiagnosesAgainstDemo breaks one setting at a time, as a user would,
// and expects the diagnosis to name that cause.
func TestDiagnosesAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	cases := []struct {
		name   string
		mutate func(*providers.Provider)
		code   string
	}{
		{"wrong secret", func(p *providers.Provider) { p.ClientSecret = "wrong" }, "invalid_client"},
		{"wrong auth method", func(p *providers.Provider) { p.AuthMethod = providers.AuthPost }, "invalid_client"},
		{"a scope the client may not have", func(p *providers.Provider) { p.Scopes = []string{"admin"} }, "invalid_scope"},
		{"a client without the grant", func(p *providers.Provider) {
			p.ClientID, p.ClientSecret = "demo-confidential", "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97"
		}, "unauthorized_client"},
		{"a wrong audience", func(p *providers.Provider) { p.Audience = "https://other-api.example" }, "token_check_aud"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := demoProvider(t, srv, "demo-service")
			tc.mutate(&p)
			var last Result
			for _, r := range runAll(NewClientCredentials(p, Options{})) {
				if r.Status == Failed {
					last = r
				}
			}
			if last.Diagnosis == nil || last.Diagnosis.Code != tc.code {
				t.Fatalf("got %v %+v; want a %s diagnosis", last.Err, last.Diagnosis, tc.code)
			}
		})
	}
	t.Run("secret typed with auth method none", func(t *testing.T) {
		// The secret is given but not sent: the diagnosis must say so,
		// not blame the secret.
		p := authCodeProvider(t, srv, "demo-confidential")
		p.ClientSecret, p.AuthMethod = "FiB8Q~pEvHxX9BR4yh3SIvjDcWiXgNON-JMMwF97", providers.AuthNone
		f := NewAuthCode(p, Options{})
		defer f.Close()
		ar := startAuth(t, f)
		redirect, err := demotest.Login(context.Background(), ar.URL, true)
		if err != nil {
			t.Fatal(err)
		}
		go deliver(t, redirect)
		for !f.Done() {
			r := f.Next(context.Background())
			if r.Status != Failed {
				continue
			}
			var oe *OAuthError
			if !errors.As(r.Err, &oe) || oe.ClientAuth != "none" {
				t.Fatalf("failure %v; want an OAuthError with ClientAuth none", r.Err)
			}
			d := r.Diagnosis
			if d == nil || d.Code != "invalid_client" || !strings.Contains(d.Causes[0], "no client secret was sent") {
				t.Fatalf("diagnosis %+v; want invalid_client saying no secret was sent", d)
			}
			if all := strings.Join(d.Causes, " "); strings.Contains(all, "secret is wrong") {
				t.Errorf("the diagnosis blames a secret that was not sent: %q", d.Causes)
			}
			return
		}
		t.Fatal("the flow did not fail at the token request")
	})
	t.Run("API without its scope", func(t *testing.T) {
		p := authCodeProvider(t, srv, "demo-public")
		p.Scopes = []string{"openid", "profile"}
		f := NewAuthCode(p, Options{})
		ar := startAuth(t, f)
		redirect, err := demotest.Login(context.Background(), ar.URL, true)
		if err != nil {
			t.Fatal(err)
		}
		go deliver(t, redirect)
		for !f.Done() {
			if r := f.Next(context.Background()); r.Step.ID == ACAPICall.ID {
				if r.Diagnosis == nil || r.Diagnosis.Code != "insufficient_scope" {
					t.Fatalf("API step: %v %+v", r.Err, r.Diagnosis)
				}
				return
			}
		}
		t.Fatal("the API step did not run")
	})
}

// TestCallbackTimeoutPortChosen: when the listener picked the port, the
// advice does not ask to register a URI whose port the next run changes.
func TestCallbackTimeoutPortChosen(t *testing.T) {
	d := Diagnose(&CallbackTimeoutError{After: time.Minute, RedirectURI: "http://127.0.0.1:45031/callback", PortChosen: true})
	all := strings.Join(d.Try, "|")
	if strings.Contains(all, "register the exact redirect URI http://127.0.0.1:45031") || !strings.Contains(all, "register http://127.0.0.1/callback without a port") {
		t.Errorf("advice for a picked port: %q", d.Try)
	}
	d = Diagnose(&CallbackTimeoutError{After: time.Minute, RedirectURI: "http://127.0.0.1:8400/callback"})
	if !strings.Contains(strings.Join(d.Try, "|"), "register the exact redirect URI http://127.0.0.1:8400/callback") {
		t.Errorf("advice for a given port: %q", d.Try)
	}
}
