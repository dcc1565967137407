package flows

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// registerDeviceClient registers a confidential client of the device grant
// at the demo's registration endpoint (RFC 7591 §3.1), none of the
// published clients being one, and returns its id and secret.
func registerDeviceClient(t *testing.T, srv *demo.Server, method string) (id, secret string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"token_endpoint_auth_method": method,
		"grant_types":                []string{deviceGrantType, "refresh_token"},
		"scope":                      "openid profile email offline_access api.read",
	})
	resp, err := http.Post(srv.Endpoints().Registration, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusCreated || got.ClientSecret == "" {
		t.Fatalf("registration: %d %v %+v", resp.StatusCode, err, got)
	}
	return got.ClientID, got.ClientSecret
}

// sentAuth names the client authentication a recorded request carried, as
// the server reads it: the Basic header's id and secret, the form's, a
// client assertion, or a certificate presented (reported as
// tls_client_auth) with the client_id alone.
func sentAuth(t *testing.T, ex Exchange) (method, id, secret string) {
	t.Helper()
	form, err := url.ParseQuery(string(ex.Request.Body))
	if err != nil {
		t.Fatalf("request body %q: %v", ex.Request.Body, err)
	}
	auth := ex.Request.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(auth, "Basic "):
		raw, err := base64.StdEncoding.DecodeString(auth[6:])
		if err != nil {
			t.Fatalf("Authorization %q: %v", auth, err)
		}
		id, secret, _ = strings.Cut(string(raw), ":")
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		if form.Has("client_secret") || form.Has("client_assertion") {
			t.Errorf("Basic authentication and credentials in the form too: %s", ex.Request.Body)
		}
		return providers.AuthBasic, id, secret
	case auth != "":
		t.Fatalf("unexpected Authorization %q", auth)
	case form.Has("client_assertion"):
		return assertionMethod(form.Get("client_assertion")), form.Get("client_id"), ""
	case form.Has("client_secret"):
		return providers.AuthPost, form.Get("client_id"), form.Get("client_secret")
	case ex.ClientCert != nil:
		return providers.AuthTLS, form.Get("client_id"), ""
	}
	return providers.AuthNone, form.Get("client_id"), ""
}

// TestDeviceClientAuthAgainstDemo: the device authorization request
// authenticates the client exactly as the run's token requests do (RFC
// 8628 §3.1: "as described in Section 3.2.1 of [RFC6749]"), with the
// method given or chosen from discovery, and the demo, which checks the
// method registered, issues the tokens. A public client sends its
// client_id alone.
func TestDeviceClientAuthAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	basicID, basicSecret := registerDeviceClient(t, srv, providers.AuthBasic)
	postID, postSecret := registerDeviceClient(t, srv, providers.AuthPost)
	for _, tc := range []struct {
		name, id, secret, method string
		auto                     bool
	}{
		{"client_secret_basic", basicID, basicSecret, providers.AuthBasic, false},
		{"client_secret_basic chosen from discovery", basicID, basicSecret, providers.AuthBasic, true},
		{"client_secret_post", postID, postSecret, providers.AuthPost, false},
		{"public", "demo-device", "", providers.AuthNone, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := deviceProvider(t, srv)
			p.ClientID, p.ClientSecret, p.AuthMethod, p.AuthAuto = tc.id, tc.secret, tc.method, tc.auto
			if tc.auto {
				p.AuthMethod = ""
			}
			opts := Options{OpenBrowser: demotest.DeviceBrowser(true), Sleep: (&sleeper{now: time.Now()}).Sleep}
			f := NewDevice(p, opts)
			m := byStep(runAll(f))
			for _, id := range []string{"discovery", "device_authorization", "device_poll", "id_token"} {
				if r := m[id]; r.Status != Done {
					t.Fatalf("step %s: %v %v %+v", id, r.Status, r.Err, r.Diagnosis)
				}
			}
			if tc.auto && !hasNote(m["discovery"], "Client authentication client_secret_basic, chosen") {
				t.Errorf("discovery notes: %q", m["discovery"].Notes)
			}
			auth, polls := m["device_authorization"].Exchanges, m["device_poll"].Exchanges
			if len(auth) != 1 || len(polls) == 0 {
				t.Fatalf("%d device authorization exchanges, %d polls", len(auth), len(polls))
			}
			for i, ex := range append(auth, polls...) {
				method, id, secret := sentAuth(t, ex)
				if method != tc.method || id != tc.id || secret != tc.secret {
					t.Errorf("request %d (%s) authenticated as %s %s, want %s %s:\n%s", i, ex.Request.URL, method, id, tc.method, tc.id,
						FormatRequest(ex, Masker{Secrets: f.Secrets()}))
				}
			}
			if got := FormatRequest(auth[0], Masker{Secrets: f.Secrets()}); tc.secret != "" && strings.Contains(got, tc.secret) {
				t.Errorf("the secret shows in the request:\n%s", got)
			}
		})
	}
}

// TestDeviceClientAuthRefusedGrant: the demo's published confidential
// clients are not registered for the device grant. Authenticated by their
// own methods (a Basic header, the form, a signed assertion, the TLS
// certificate at the mTLS alias), the demo takes the authentication and
// refuses the grant: unauthorized_client, not invalid_client, and the
// diagnosis leads with the server's words, does not send the user to
// another auth method and does not take the client for a public one.
func TestDeviceClientAuthRefusedGrant(t *testing.T) {
	srv := demotest.Start(t)
	secretClient := func(id string) providers.Provider {
		c, _ := demo.ClientByID(id)
		return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret, AuthMethod: c.AuthMethod, Scopes: []string{"api.read"}}
	}
	auto := secretClient("demo-service")
	auto.AuthMethod, auto.AuthAuto = "", true
	for _, tc := range []struct {
		name   string
		p      providers.Provider
		method string
		url    string
	}{
		{"demo-service", secretClient("demo-service"), providers.AuthBasic, srv.Endpoints().DeviceAuthorization},
		{"demo-service chosen from discovery", auto, providers.AuthBasic, srv.Endpoints().DeviceAuthorization},
		{"demo-confidential", secretClient("demo-confidential"), providers.AuthBasic, srv.Endpoints().DeviceAuthorization},
		{"demo-service-post", secretClient("demo-service-post"), providers.AuthPost, srv.Endpoints().DeviceAuthorization},
		{"demo-secret-jwt", secretClient("demo-secret-jwt"), providers.AuthSecretJWT, srv.Endpoints().DeviceAuthorization},
		{"demo-jwt-client", jwtProvider(srv), providers.AuthPrivateKeyJWT, srv.Endpoints().DeviceAuthorization},
		{"demo-mtls", mtlsProvider(t, srv, demo.MTLSClientID), providers.AuthTLS, srv.Endpoints().MTLS.DeviceAuthorization},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := byStep(runAll(NewDevice(tc.p, Options{})))
			r := m["device_authorization"]
			if len(r.Exchanges) != 1 {
				t.Fatalf("%d exchanges: %v %v", len(r.Exchanges), r.Status, r.Err)
			}
			ex := r.Exchanges[0]
			if ex.Request.URL != tc.url {
				t.Errorf("sent to %s, want %s", ex.Request.URL, tc.url)
			}
			if method, id, _ := sentAuth(t, ex); method != tc.method || id != tc.p.ClientID {
				t.Errorf("authenticated as %s %s, want %s %s", method, id, tc.method, tc.p.ClientID)
			}
			if tc.method == providers.AuthTLS && (ex.ClientCert == nil || !strings.Contains(ex.ClientCert.Subject, tc.p.ClientID)) {
				t.Errorf("certificate presented: %+v", ex.ClientCert)
			}
			var oe *OAuthError
			d := r.Diagnosis
			if r.Status != Failed || !errors.As(r.Err, &oe) || oe.Code != "unauthorized_client" || oe.ClientAuth != tc.method && oe.ClientCert == nil ||
				!strings.Contains(oe.Description, "not registered for the device authorization grant") {
				t.Fatalf("%v %v", r.Status, r.Err)
			}
			if d == nil || d.Code != "unauthorized_client" || strings.Contains(strings.Join(d.Try, " "), "auth-method") ||
				!strings.HasPrefix(d.Causes[0], "the server says this client may not use this grant") ||
				strings.Contains(strings.Join(d.Causes, " "), "a public client") {
				t.Errorf("diagnosis %+v", d)
			}
		})
	}
}

// TestDeviceAuthorizationAnswers: the answer to the device authorization
// request is read as x/oauth2 read it before the request was made here,
// and an "error" member with no device_code is an error however it comes.
func TestDeviceAuthorizationAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		code, problem           string
	}{
		{name: "JSON error", contentType: "application/json", status: 400,
			body: `{"error":"invalid_scope","error_description":"no such scope"}`, code: "invalid_scope"},
		{name: "form-encoded error", contentType: "application/x-www-form-urlencoded", status: 400,
			body: "error=unauthorized_client&error_description=device+flow+disabled", code: "unauthorized_client"},
		{name: "error with 200", contentType: "application/json", status: 200,
			body: `{"error":"device_flow_disabled"}`, code: "device_flow_disabled"},
		{name: "HTML page", contentType: "text/html", status: 200,
			body: "<html><title>Sign in</title></html>", problem: "where a JSON device authorization response was expected"},
		{name: "500 without an error code", contentType: "text/plain", status: 500,
			body: "oops", problem: "no OAuth error code"},
		{name: "verification_url", contentType: "application/json", status: 200,
			body: `{"device_code":"dc-0123456789","user_code":"ABCD-EFGH","verification_url":"https://id.example/activate","expires_in":600,"interval":5}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := &Exchange{Request: Message{Body: []byte("client_id=tv&scope=openid")},
				Response: &Message{StatusCode: tc.status, Status: http.StatusText(tc.status), Header: http.Header{"Content-Type": {tc.contentType}}, Body: []byte(tc.body)}}
			da, err := readDeviceAuthorization(ex)
			var oe *OAuthError
			var he *HTTPError
			switch {
			case tc.code != "":
				if !errors.As(err, &oe) || oe.Code != tc.code || oe.Endpoint != deviceEndpoint || oe.HTTPStatus != tc.status || oe.ClientAuth != providers.AuthNone {
					t.Fatalf("%v %+v", err, oe)
				}
			case tc.problem != "":
				if !errors.As(err, &he) || !strings.Contains(he.Problem, tc.problem) {
					t.Fatalf("%v", err)
				}
			default:
				if err != nil || da.VerificationURI != "https://id.example/activate" || da.DeviceCode != "dc-0123456789" {
					t.Fatalf("%v %+v", err, da)
				}
			}
		})
	}
}
