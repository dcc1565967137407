package cli

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// runDecodeCmd runs the decode command alone, as the root would.
func runDecodeCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb strings.Builder
	cmd := newDecodeCmd(Streams{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	err := cmd.ExecuteContext(context.Background())
	var ee *ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.Code
	default:
		t.Fatalf("decode %v: %v", args, err)
	}
	return code, out.String(), errb.String()
}

func parseDecodeJSON(t *testing.T, out string) decodeReport {
	t.Helper()
	var rep decodeReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output does not parse: %v\n%s", err, out)
	}
	return rep
}

func decodeCheckStatus(rep decodeReport, name string) string {
	for _, c := range rep.Checks {
		if c.Name == name {
			return c.Status
		}
	}
	return ""
}

// demoTokensForDecode runs client credentials and the authorization code flow
// against the demo provider and returns an access token, an ID token and
// the nonce sent for it.
func demoTokensForDecode(t *testing.T, srv *demo.Server) (access, id, nonce string) {
	t.Helper()
	c, _ := demo.ClientByID("demo-service")
	cc := flows.NewClientCredentials(providers.Provider{Issuer: srv.Issuer(), ClientID: c.ID, ClientSecret: c.Secret, AuthMethod: c.AuthMethod, Scopes: []string{"api.read"}}, flows.Options{})
	for !cc.Done() {
		if r := cc.Next(context.Background()); r.Status == flows.Failed {
			t.Fatalf("client credentials: %v", r.Err)
		}
	}
	ac := flows.NewAuthCode(providers.Provider{Issuer: srv.Issuer(), ClientID: "demo-public", AuthMethod: providers.AuthNone,
		Scopes: []string{"openid", "profile", "email", "api.read"}}, flows.Options{})
	defer ac.Close()
	for ac.Token() == nil && !ac.Done() {
		r := ac.Next(context.Background())
		if r.Status == flows.Failed {
			t.Fatalf("authorization code, %s: %v", r.Step.ID, r.Err)
		}
		if r.AuthRequest != nil {
			u, _ := url.Parse(r.AuthRequest.URL)
			nonce = u.Query().Get("nonce")
			back, err := demotest.Login(context.Background(), r.AuthRequest.URL, true)
			if err != nil {
				t.Fatal(err)
			}
			if err := ac.Paste(back); err != nil {
				t.Fatal(err)
			}
		}
	}
	return cc.Token().AccessToken, ac.Token().IDToken, nonce
}

func TestDecodeDemoTokens(t *testing.T) {
	srv := demotest.Start(t)
	access, id, nonce := demoTokensForDecode(t, srv)
	for _, tc := range []struct {
		name  string
		token string
		args  []string
	}{
		{"access token", access, []string{"--issuer", srv.Issuer(), "--audience", "demo-api"}},
		{"ID token", id, []string{"--issuer", srv.Issuer(), "--audience", "demo-public", "--client-id", "demo-public", "--nonce", nonce}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runDecodeCmd(t, "", append([]string{"--json", tc.token}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s%s", code, out, errOut)
			}
			rep := parseDecodeJSON(t, out)
			if len(rep.Claims) < 5 || !rep.Verified || !rep.Valid {
				t.Fatalf("report %+v", rep)
			}
			for _, c := range rep.Claims {
				if c.Meaning == unknownClaimMeaning || c.Ref == "" {
					t.Errorf("claim %s is not explained", c.Name)
				}
			}
			for _, h := range rep.Header {
				if h.Meaning == unknownHeaderMeaning {
					t.Errorf("header %s is not explained", h.Name)
				}
			}
			for _, name := range []string{"discovery", "signature", "alg", "iss", "aud", "exp", "iat"} {
				if s := decodeCheckStatus(rep, name); s != "pass" {
					t.Errorf("check %s: %q", name, s)
				}
			}
			// The text form says the same, with times in UTC, local and relative.
			code, text, _ := runDecodeCmd(t, "", append([]string{tc.token}, tc.args...)...)
			if code != 0 || !strings.Contains(text, "pass signature") || !strings.Contains(text, " UTC") || !strings.Contains(text, "No check failed") {
				t.Errorf("text output, exit %d:\n%s", code, text)
			}
		})
	}
}

// fakeJWKSIssuer serves a discovery document and a JWKS with one RSA key,
// kid "k1": the one place a fake server is right, since the test must sign
// tokens the demo provider never would.
func fakeJWKSIssuer(t *testing.T) (*httptest.Server, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]any{
				"issuer": srv.URL, "jwks_uri": srv.URL + "/jwks",
				"authorization_endpoint": srv.URL + "/authorize", "token_endpoint": srv.URL + "/token",
				"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
				"id_token_signing_alg_values_supported": []string{"RS256"},
			})
		case "/jwks":
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
		case "/jwks-rs512": // the same key, declared for another algorithm
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS512", Use: "sig"}}})
		case "/jwks-enc": // the same key, declared for encryption
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Use: "enc"}}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, key
}

func signTestToken(t *testing.T, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeFailingChecks(t *testing.T) {
	srv, key := fakeJWKSIssuer(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	claims := func(change map[string]any) map[string]any {
		c := map[string]any{"iss": srv.URL, "sub": "user-1", "aud": "my-api", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		for k, v := range change {
			c[k] = v
		}
		return c
	}
	b64 := base64.RawURLEncoding.EncodeToString
	body, _ := json.Marshal(claims(nil))
	cases := []struct {
		name, token string
		args        []string
		fail        []string // the checks that must fail; none means the token passes
	}{
		{"valid", signTestToken(t, key, "k1", claims(nil)), nil, nil},
		{"valid with --jwks only", signTestToken(t, key, "k1", claims(nil)), []string{"--jwks", srv.URL + "/jwks"}, nil},
		{"expired", signTestToken(t, key, "k1", claims(map[string]any{"exp": now.Add(-time.Hour).Unix(), "iat": now.Add(-2 * time.Hour).Unix()})), nil, []string{"exp"}},
		{"not yet valid", signTestToken(t, key, "k1", claims(map[string]any{"nbf": now.Add(time.Hour).Unix()})), nil, []string{"nbf"}},
		{"wrong issuer", signTestToken(t, key, "k1", claims(map[string]any{"iss": "https://evil.example"})), nil, []string{"iss"}},
		{"wrong audience", signTestToken(t, key, "k1", claims(map[string]any{"aud": "another-api"})), nil, []string{"aud"}},
		{"unknown kid", signTestToken(t, key, "k-rotated-away", claims(nil)), nil, []string{"signature"}},
		{"key declared for RS512", signTestToken(t, key, "k1", claims(nil)), []string{"--issuer", srv.URL, "--jwks", srv.URL + "/jwks-rs512"}, []string{"signature"}},
		{"key declared for encryption", signTestToken(t, key, "k1", claims(nil)), []string{"--jwks", srv.URL + "/jwks-enc"}, []string{"signature"}},
		{"bad signature", signTestToken(t, other, "k1", claims(nil)), nil, []string{"signature"}},
		{"alg none", b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + b64(body) + ".", nil, []string{"signature", "alg"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if args == nil {
				args = []string{"--issuer", srv.URL}
			}
			args = append(args, "--audience", "my-api", "--json", tc.token)
			code, out, errOut := runDecodeCmd(t, "", args...)
			rep := parseDecodeJSON(t, out)
			var failed []string
			for _, c := range rep.Checks {
				if c.Status == "fail" {
					failed = append(failed, c.Name)
				}
			}
			if strings.Join(failed, ",") != strings.Join(tc.fail, ",") {
				t.Errorf("failed checks %v, want %v: %+v", failed, tc.fail, rep.Checks)
			}
			if want := map[bool]int{true: 0, false: 1}[len(tc.fail) == 0]; code != want || rep.Valid != (want == 0) {
				t.Errorf("exit %d, valid %v; want exit %d: %s", code, rep.Valid, want, errOut)
			}
		})
	}
	t.Run("alg none is flagged in text", func(t *testing.T) {
		code, out, _ := runDecodeCmd(t, "", cases[len(cases)-1].token)
		if code != 0 || !strings.Contains(out, `alg "none"`) || !strings.Contains(out, "Not verified") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
}

func TestDecodeInput(t *testing.T) {
	srv, key := fakeJWKSIssuer(t)
	tok := signTestToken(t, key, "k1", map[string]any{"iss": srv.URL, "sub": "s", "exp": time.Now().Add(time.Hour).Unix(), "x-custom": 1})
	enc, err := jose.NewEncrypter(jose.A128GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: &key.PublicKey, KeyID: "enc-1"}, (&jose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := enc.Encrypt([]byte(tok))
	if err != nil {
		t.Fatal(err)
	}
	jwe, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, stdin string
		args        []string
		code        int
		stdout      string
		stderr      string
	}{
		{"argument", "", []string{tok}, 0, "sub", ""},
		{"stdin with -", "\n  " + tok + "\n", []string{"-"}, 0, "subject:", ""},
		{"stdin without argument", "Bearer " + tok, nil, 0, unknownClaimMeaning, ""},
		{"empty stdin", " \n", nil, 1, "", "no token given"},
		{"malformed", "", []string{"abc.d!f.ghi"}, 1, "", "not valid base64url"},
		{"wrong number of parts", "", []string{"a.b"}, 1, "", "3 parts (JWS) or 5 (JWE)"},
		{"opaque", "", []string{"2YotnFZFEjr1zCsicMWpAA"}, 1, "", "opaque token"},
		{"over 1 MiB", strings.Repeat("a", 1<<20+1), []string{"-"}, 1, "", "over 1 MiB"},
		{"JWE", "", []string{jwe}, 0, "encrypted (JWE)", ""},
		{"JWE cannot be verified", "", []string{"--jwks", srv.URL + "/jwks", jwe}, 1, "fail signature", ""},
		{"discovery fails", "", []string{"--issuer", srv.URL + "/nowhere", tok}, 1, "fail discovery", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runDecodeCmd(t, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if tc.code != 0 && tc.stderr != "" && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("the error is not one line: %q", errOut)
			}
		})
	}
}
