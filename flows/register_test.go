package flows

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// registering returns options that register the run's client.
func registering(token string) Options {
	in := Inputs{InputRegister: RegisterOn}
	if token != "" {
		in[InputInitialAccessToken] = token
	}
	return Options{Inputs: in}
}

// untilRegistered runs discovery and registration and returns the
// registration step's result.
func untilRegistered(t *testing.T, f Flow) Result {
	t.Helper()
	if r := f.Next(context.Background()); r.Status != Done {
		t.Fatalf("discovery: %v %v", r.Status, r.Err)
	}
	r := f.Next(context.Background())
	if r.Step.ID != ClientRegistration.ID {
		t.Fatalf("second step %s, want registration", r.Step.ID)
	}
	return r
}

func TestRegisterThenAuthCodeAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	p := providers.Provider{Name: "demo", Issuer: srv.Issuer(), Scopes: []string{"openid", "profile", "offline_access", "api.read"},
		APIURL: srv.Endpoints().API + "/reports", AuthAuto: true}
	f := NewAuthCode(p, registering(""))
	t.Cleanup(func() { f.Close() })
	reg := untilRegistered(t, f)
	if reg.Status != Done {
		t.Fatalf("registration: %v %v", reg.Err, reg.Diagnosis)
	}
	var sent ClientMetadata
	if err := json.Unmarshal(reg.Exchanges[0].Request.Body, &sent); err != nil {
		t.Fatal(err)
	}
	if sent.TokenEndpointAuthMethod != "none" || len(sent.RedirectURIs) != 1 || !strings.HasPrefix(sent.RedirectURIs[0], "http://127.0.0.1:") ||
		strings.Join(sent.GrantTypes, " ") != "authorization_code refresh_token" || strings.Join(sent.ResponseTypes, " ") != "code" {
		t.Errorf("metadata sent %+v", sent)
	}
	if !explained(reg.Received, "client_id") || !explained(reg.Sent, "redirect_uris") {
		t.Errorf("received %v, sent %v: members not explained", reg.Received, reg.Sent)
	}
	got := f.Registered()
	if got == nil || !strings.HasPrefix(got.ClientID, "dyn-") || f.provider.ClientID != got.ClientID || f.provider.AuthMethod != "none" {
		t.Fatalf("registered %+v, provider %+v", got, f.provider)
	}
	var ar *Prompt
	for ar == nil {
		r := f.Next(context.Background())
		if r.Status != Done && r.Status != Skipped {
			t.Fatalf("step %s: %v %v", r.Step.ID, r.Status, r.Err)
		}
		ar = r.Prompt
	}
	redirect, err := demotest.Login(context.Background(), ar.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	go deliver(t, redirect)
	for !f.Done() {
		r := f.Next(context.Background())
		if r.Status != Done {
			t.Fatalf("step %s: %v %v", r.Step.Title, r.Status, r.Err)
		}
	}
	if f.Token() == nil || f.Token().AccessToken == "" {
		t.Fatal("no token with the registered client")
	}
}

func explained(ps []Pair, name string) bool {
	for _, p := range ps {
		if p.Name == name && p.Meaning != "" {
			return true
		}
	}
	return false
}

func TestRegisterConfidentialClientCredentialsAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	p := providers.Provider{Name: "demo", Issuer: srv.Issuer(), Scopes: []string{"api.read"}, AuthAuto: true}
	f := NewClientCredentials(p, registering(""))
	rs := runAll(f)
	for _, r := range rs {
		if r.Status != Done {
			t.Fatalf("step %s: %v %v", r.Step.Title, r.Err, r.Diagnosis)
		}
	}
	reg := f.Registered()
	if reg == nil || reg.ClientSecret == "" || f.provider.AuthMethod != providers.AuthBasic {
		t.Fatalf("registered %+v, method %s", reg, f.provider.AuthMethod)
	}
	if _, ok := demo.ClientByID(reg.ClientID); !ok {
		t.Error("the demo does not know the registered client")
	}
	if got := rs[2].Exchanges[len(rs[2].Exchanges)-1].Request.Header.Get("Authorization"); !strings.HasPrefix(got, "Basic ") {
		t.Errorf("token request authorization %q", got)
	}
	if m := (Masker{Secrets: f.Secrets()}); strings.Contains(m.JSON(string(rs[1].Exchanges[0].Response.Body)), reg.ClientSecret) {
		t.Error("the registered secret shows")
	}
	srv.Close()
	if _, ok := demo.ClientByID(reg.ClientID); ok {
		t.Error("the registered client outlives its server")
	}
}

func TestRegisterInitialAccessTokenAgainstDemo(t *testing.T) {
	const token = "iat-0123456789-abcdefghij"
	srv := demotest.StartWith(t, demo.Options{RegistrationToken: token})
	p := providers.Provider{Name: "demo", Issuer: srv.Issuer(), Scopes: []string{"api.read"}, AuthAuto: true}
	for _, tc := range []struct{ name, token, code string }{
		{"missing", "", "registration_unauthorized"},
		{"wrong", "not-the-token-0123456789", "registration_unauthorized"},
		{"right", token, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewClientCredentials(p, registering(tc.token))
			r := untilRegistered(t, f)
			if tc.code == "" {
				if r.Status != Done {
					t.Fatalf("registration: %v", r.Err)
				}
				if got := r.Exchanges[0].Request.Header.Get("Authorization"); got != "Bearer "+token {
					t.Errorf("authorization %q", got)
				}
				return
			}
			if r.Status != Failed || r.Diagnosis.Code != tc.code || r.Exchanges[0].Response.StatusCode != http.StatusUnauthorized {
				t.Fatalf("got %v %v", r.Err, r.Diagnosis)
			}
			if sentToken := tc.token != ""; strings.Contains(strings.Join(r.Diagnosis.Causes, " "), "wrong") != sentToken {
				t.Errorf("causes %v", r.Diagnosis.Causes)
			}
		})
	}
}

func TestRegisterRefusedAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	p := providers.Provider{Name: "demo", Issuer: srv.Issuer(), Scopes: []string{"openid"}, RedirectURI: "com.example.app:/cb", AuthAuto: true}
	r := untilRegistered(t, NewAuthCode(p, registering("")))
	if r.Status != Failed || r.Diagnosis.Code != "invalid_redirect_uri" || !strings.Contains(r.Diagnosis.What, "scheme") {
		t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
	}
	// A public client for client credentials: the demo refuses the
	// metadata and says why.
	p = providers.Provider{Name: "demo", Issuer: srv.Issuer(), AuthMethod: "none", Scopes: []string{"api.read"}}
	r = untilRegistered(t, NewClientCredentials(p, registering("")))
	if r.Status != Failed || r.Diagnosis.Code != "invalid_client_metadata" || !strings.Contains(r.Diagnosis.What, "public client") {
		t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
	}
}

// TestRegisterNoEndpoint uses httptest for metadata without a
// registration_endpoint, which the demo always publishes (RFC 7591 §3).
func TestRegisterNoEndpoint(t *testing.T) {
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": ts.URL, "token_endpoint": ts.URL + "/token",
			"authorization_endpoint": ts.URL + "/authorize", "jwks_uri": ts.URL + "/jwks"})
	}))
	defer ts.Close()
	p := providers.Provider{Name: "t", Issuer: ts.URL, Scopes: []string{"api.read"}}
	r := untilRegistered(t, NewClientCredentials(p, registering("")))
	if r.Status != Failed || r.Diagnosis.Code != "registration_unsupported" {
		t.Fatalf("got %v %+v", r.Err, r.Diagnosis)
	}
}

func TestRegisterOffLeavesThePlan(t *testing.T) {
	f := NewClientCredentials(providers.Provider{Issuer: "http://127.0.0.1:1"}, Options{})
	for _, s := range f.Steps() {
		if s.ID == ClientRegistration.ID {
			t.Fatal("registration planned though off")
		}
	}
	if f := NewRefresh(providers.Provider{Issuer: "http://127.0.0.1:1"}, registering("")); f.Steps()[1].ID == ClientRegistration.ID {
		t.Fatal("the refresh grant registers")
	}
}
