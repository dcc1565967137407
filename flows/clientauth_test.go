package flows

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// jwtProvider is the demo's private_key_jwt client, its key in memory.
func jwtProvider(srv *demo.Server) providers.Provider {
	c, _ := demo.ClientByID(demo.JWTClientID)
	return providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: c.ID, AuthMethod: c.AuthMethod,
		ClientKey: c.KeyPEM(), Scopes: []string{"api.read"}}
}

func TestPrivateKeyJWTAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	for _, aud := range []string{"", "issuer", "endpoint"} {
		t.Run("aud="+aud, func(t *testing.T) {
			p := jwtProvider(srv)
			p.AssertionAudience = aud
			rs := runAll(NewClientCredentials(p, Options{}))
			for _, r := range rs {
				if r.Status != Done {
					t.Fatalf("step %s: %v %v", r.Step.Title, r.Status, r.Err)
				}
			}
			ex := rs[1].Exchanges[len(rs[1].Exchanges)-1]
			form, _ := url.ParseQuery(string(ex.Request.Body))
			if form.Get("client_assertion_type") != ClientAssertionType || form.Has("client_secret") || ex.Request.Header.Get("Authorization") != "" {
				t.Fatalf("form %v header %v", form, ex.Request.Header)
			}
			tok, err := josejwt.ParseSigned(form.Get("client_assertion"), []jose.SignatureAlgorithm{jose.ES256})
			if err != nil {
				t.Fatal(err)
			}
			var c josejwt.Claims
			_ = tok.UnsafeClaimsWithoutVerification(&c)
			wantAud := map[string]string{"": srv.Endpoints().Token, "issuer": srv.Issuer(), "endpoint": srv.Endpoints().Token}[aud]
			if c.Issuer != demo.JWTClientID || c.Subject != demo.JWTClientID || len(c.Audience) != 1 || c.Audience[0] != wantAud ||
				c.ID == "" || c.Expiry.Time().Sub(c.IssuedAt.Time()) != AssertionLifetime {
				t.Errorf("claims %+v, want aud %s", c, wantAud)
			}
			// The Request tab shows the assertion decoded; the body keeps it masked.
			text := FormatRequest(ex, Masker{Secrets: []string{p.ClientKey, form.Get("client_assertion")}})
			for _, want := range []string{"client_assertion decoded (private_key_jwt", "iss", demo.JWTClientID, "jti", "· the server it is for"} {
				if !strings.Contains(text, want) {
					t.Errorf("request text lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, form.Get("client_assertion")) {
				t.Error("the assertion is shown in clear")
			}
			var names []string
			for _, pr := range rs[1].Sent {
				names = append(names, pr.Name)
			}
			if got := strings.Join(names, " "); !strings.Contains(got, "client_assertion.aud") || !strings.Contains(got, "client_assertion.alg") {
				t.Errorf("sent pairs %s", got)
			}
		})
	}
}

func TestPrivateKeyJWTRefused(t *testing.T) {
	srv := demotest.Start(t)
	other, _, _ := clientkey.Generate("ES256")
	cases := []struct {
		name   string
		change func(*providers.Provider, *Options)
		want   string
	}{
		{"wrong key", func(p *providers.Provider, _ *Options) { p.ClientKey = string(other) }, "signature does not verify"},
		{"expired", func(_ *providers.Provider, o *Options) {
			o.Now = func() time.Time { return time.Now().Add(-2 * AssertionLifetime) }
		}, "expired"},
		{"wrong aud", func(p *providers.Provider, _ *Options) { p.AssertionAudience = "https://elsewhere.example/token" }, "does not name this server"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, o := jwtProvider(srv), Options{}
			c.change(&p, &o)
			rs := runAll(NewClientCredentials(p, o))
			r := rs[len(rs)-1]
			if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_client" || !strings.Contains(r.Err.Error(), c.want) {
				t.Fatalf("status %v err %v diagnosis %+v", r.Status, r.Err, r.Diagnosis)
			}
		})
	}
}

func TestPrivateKeyJWTReplayRefused(t *testing.T) {
	srv := demotest.Start(t)
	rs := runAll(NewClientCredentials(jwtProvider(srv), Options{}))
	if rs[1].Status != Done {
		t.Fatalf("token: %v", rs[1].Err)
	}
	ex := rs[1].Exchanges[len(rs[1].Exchanges)-1]
	resp, err := http.Post(ex.Request.URL, "application/x-www-form-urlencoded", strings.NewReader(string(ex.Request.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(b.String(), "already used") {
		t.Errorf("replay answered %d %s", resp.StatusCode, b.String())
	}
}

func TestPrivateKeyJWTKeyProblems(t *testing.T) {
	srv := demotest.Start(t)
	dir := t.TempDir()
	pub := filepath.Join(dir, "pub.pem")
	if err := os.WriteFile(pub, []byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, file := range map[string]string{"missing": filepath.Join(dir, "nope.pem"), "public only": pub} {
		t.Run(name, func(t *testing.T) {
			p := jwtProvider(srv)
			p.ClientKey, p.ClientKeyFile = "", file
			rs := runAll(NewClientCredentials(p, Options{}))
			r := rs[len(rs)-1]
			if r.Status != Failed || r.Diagnosis.Code != "client_key" || len(r.Exchanges) != 0 {
				t.Fatalf("status %v err %v diagnosis %+v exchanges %d", r.Status, r.Err, r.Diagnosis, len(r.Exchanges))
			}
		})
	}
}

// TestClientSecretJWT checks client_secret_jwt against a stand-in token
// endpoint, as the demo registers no such client: the assertion is signed
// HS256 with the client secret, which itself is not sent (RFC 7523 §2.2,
// OpenID Connect Core §9 "client_secret_jwt").
func TestClientSecretJWT(t *testing.T) {
	secret := "k3Y8Q~a-secret-of-forty-characters-xxxxx"
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got = r.PostForm
		tok, err := josejwt.ParseSigned(r.PostForm.Get("client_assertion"), []jose.SignatureAlgorithm{jose.HS256})
		var c josejwt.Claims
		if err != nil || tok.Claims([]byte(secret), &c) != nil || c.Issuer != "svc" || c.Audience[0] != "http://"+r.Host+"/token" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"opaque-token-value","token_type":"Bearer","expires_in":60}`))
	}))
	defer srv.Close()
	p := providers.Provider{Name: "custom", TokenURL: srv.URL + "/token", ClientID: "svc", ClientSecret: secret, AuthMethod: providers.AuthSecretJWT}
	rs := runAll(NewClientCredentials(p, Options{}))
	if rs[1].Status != Done {
		t.Fatalf("token: %v %+v", rs[1].Err, rs[1].Diagnosis)
	}
	if got.Has("client_secret") || got.Get("client_id") != "svc" {
		t.Errorf("form %v", got)
	}
	if text := FormatRequest(rs[1].Exchanges[0], Masker{Secrets: []string{secret}}); !strings.Contains(text, "(client_secret_jwt") || !strings.Contains(text, "HS256") {
		t.Errorf("request text:\n%s", text)
	}

	p.ClientSecret = "short"
	rs = runAll(NewClientCredentials(p, Options{}))
	if r := rs[len(rs)-1]; r.Diagnosis == nil || r.Diagnosis.Code != "client_key" || !strings.Contains(r.Err.Error(), "RFC 7518") {
		t.Errorf("short secret: %v %+v", r.Err, r.Diagnosis)
	}
}

func TestChooseAuthMethod(t *testing.T) {
	all := []string{"client_secret_post", "private_key_jwt", "client_secret_basic"}
	cases := []struct {
		name   string
		listed []string
		p      providers.Provider
		want   string
	}{
		{"secret, basic listed", all, providers.Provider{ClientSecret: "s"}, "client_secret_basic"},
		{"secret, post only", []string{"client_secret_post"}, providers.Provider{ClientSecret: "s"}, "client_secret_post"},
		{"key", all, providers.Provider{ClientKeyFile: "k.pem"}, "private_key_jwt"},
		{"nothing listed fits", []string{"tls_client_auth"}, providers.Provider{ClientSecret: "s"}, ""},
		{"public", []string{"none", "client_secret_basic"}, providers.Provider{}, "none"},
		{"no list", nil, providers.Provider{ClientSecret: "s"}, ""},
	}
	for _, c := range cases {
		if got := ChooseAuthMethod(c.listed, c.p); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestAuthMethodFromDiscovery: a secret given without a method, at a server
// that lists only client_secret_post, gets client_secret_post, with a note.
func TestAuthMethodFromDiscovery(t *testing.T) {
	srv := demotest.Start(t)
	c, _ := demo.ClientByID("demo-service-post")
	p := providers.Provider{Name: "custom", Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret, Scopes: []string{"api.read"}}
	p.DefaultAuthMethod()
	if p.AuthMethod != providers.AuthBasic || !p.AuthAuto {
		t.Fatalf("default %s auto %v", p.AuthMethod, p.AuthAuto)
	}
	rs := runAll(NewClientCredentials(p, Options{}))
	// The demo lists basic first, and accepts only the registered method:
	// the choice is basic, refused; the note says where it came from.
	if !strings.Contains(strings.Join(rs[0].Notes, " "), "chosen from what the server lists") {
		t.Errorf("notes %v", rs[0].Notes)
	}
	if w := Preflight(&providers.Metadata{TokenEndpointAuthMethodsSupported: []string{"client_secret_basic"}, TokenEndpointAuthSigningAlgs: []string{"RS256"}},
		providers.Provider{AuthMethod: providers.AuthPrivateKeyJWT, ClientKeyAlg: "ES256"}, FlowIDClientCredentials, time.Time{}, time.Time{}); len(w) != 2 {
		t.Errorf("preflight %+v, want the method and the algorithm warned", w)
	}
}

// TestClientAuthsMatchProviders: the declarations and the provider's list
// of methods name the same methods in the same order.
func TestClientAuthsMatchProviders(t *testing.T) {
	var ids []string
	for _, a := range ClientAuths() {
		ids = append(ids, a.ID)
		for _, in := range a.Inputs {
			if in.Flag == "" || len(in.Label) > MaxInputLabel || in.Secret {
				t.Errorf("%s input %s: a flag, a label of at most %d characters, not secret", a.ID, in.Name, MaxInputLabel)
			}
		}
	}
	if strings.Join(ids, " ") != strings.Join(providers.AuthMethods, " ") {
		t.Errorf("ClientAuths %v, providers.AuthMethods %v", ids, providers.AuthMethods)
	}
}

// TestClientSecretJWTAgainstDemo: the demo's demo-secret-jwt client
// authenticates with an HS256 assertion and its secret (OpenID Connect
// Core §9), which the demo verifies; the same client with a wrong secret
// is refused, and the diagnosis carries the server's words.
func TestClientSecretJWTAgainstDemo(t *testing.T) {
	srv := demotest.Start(t)
	c, ok := demo.ClientByID("demo-secret-jwt")
	if !ok || c.AuthMethod != providers.AuthSecretJWT {
		t.Fatalf("demo-secret-jwt: %+v", c)
	}
	p := providers.Provider{Name: "demo", Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret,
		AuthMethod: c.AuthMethod, Scopes: []string{"api.read"}}
	for _, r := range runAll(NewClientCredentials(p, Options{})) {
		if r.Status != Done {
			t.Fatalf("step %s: %v %v", r.Step.Title, r.Status, r.Err)
		}
	}
	p.ClientSecret = strings.Repeat("w", 40)
	rs := runAll(NewClientCredentials(p, Options{}))
	r := rs[len(rs)-1]
	if r.Status != Failed || r.Diagnosis == nil || r.Diagnosis.Code != "invalid_client" ||
		!strings.Contains(strings.Join(r.Diagnosis.Causes, " "), "HS256") && !strings.Contains(r.Err.Error(), "HS256") {
		t.Errorf("wrong secret: %v %+v", r.Err, r.Diagnosis)
	}
}
