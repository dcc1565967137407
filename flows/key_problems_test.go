package flows

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestKeyProblemsNamed serves JWKS documents that fail the demo token's
// signature check for one reason each: the failed check and the diagnosis
// name that reason (issue 10, item 7), not every reason a signature can
// fail for.
func TestKeyProblemsNamed(t *testing.T) {
	demoSrv := demotest.Start(t)
	svc := demoProvider(t, demoSrv, "demo-service")
	resp, err := http.Get(demoSrv.Endpoints().JWKS)
	if err != nil {
		t.Fatal(err)
	}
	var real jose.JSONWebKeySet
	json.NewDecoder(resp.Body).Decode(&real)
	resp.Body.Close()
	kid := real.Keys[0].KeyID
	enc := real.Keys[0]
	enc.Use = "enc"
	renamed := real.Keys[0]
	renamed.KeyID = "rotated-away"

	cases := []struct {
		name string
		set  jose.JSONWebKeySet
		code string
		what []string // in the diagnosis's What (the check's detail)
	}{
		{"no keys", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{}}, "token_jwks_empty", []string{"has no keys"}},
		{"no key with the kid", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{renamed}}, "token_kid_unknown", []string{`No key with kid "` + kid + `"`, `(the JWKS has: "rotated-away")`}},
		{"an encryption key under the kid", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{enc}}, "token_key_use", []string{`The key for kid "` + kid + `"`, "is for enc, not sig"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(tc.set)
			var tok *TokenResponse
			r := runHostile(t, jsonBody(string(body)), func(u string, opts Options) Flow {
				p := svc
				p.JWKSURL = u + "/keys"
				return tokenSpy{NewClientCredentials(p, opts), &tok}
			})
			checkFailure(t, r, "verify", "")
			if tok == nil {
				t.Fatal("the token was lost")
			}
			if r.Diagnosis.Code != tc.code {
				t.Errorf("diagnosis %q, want %q: %+v", r.Diagnosis.Code, tc.code, r.Diagnosis)
			}
			for _, w := range tc.what {
				if !strings.Contains(r.Diagnosis.What, w) {
					t.Errorf("What %q does not say %q", r.Diagnosis.What, w)
				}
			}
			if strings.Contains(strings.Join(r.Diagnosis.Causes, " "), "altered") && tc.code != "token_bad_signature" {
				t.Errorf("the causes blame an altered token: %q", r.Diagnosis.Causes)
			}
		})
	}
}

// auth0JWE is an access token shaped like Auth0's encrypted ones: five
// parts, alg dir, enc A256GCM. Auth0 encrypts access tokens for an API
// with JSON Web Encryption enabled, for the resource server to decrypt
// (https://auth0.com/docs/secure/tokens/access-tokens/json-web-encryption).
func auth0JWE(t *testing.T) string {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	e, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: jose.DIRECT, Key: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := e.Encrypt([]byte(`{"sub":"svc@clients","aud":"https://api.example"}`))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := obj.CompactSerialize()
	return s
}

// TestEncryptedAccessTokenIsANote: an encrypted access token is the
// resource server's to read, like an opaque one; the client credentials
// flow says so in a note instead of failing its signature check.
func TestEncryptedAccessTokenIsANote(t *testing.T) {
	jwe := auth0JWE(t)
	body, _ := json.Marshal(map[string]any{"access_token": jwe, "token_type": "Bearer", "expires_in": 86400})
	srv := httptest.NewServer(jsonBody(string(body)))
	defer srv.Close()
	rs := runAll(NewClientCredentials(hostileProvider(srv.URL), Options{}))
	last := rs[len(rs)-1]
	if last.Step.ID != VerifyAccessToken.ID || last.Status != Done {
		t.Fatalf("last step %s %v: %v", last.Step.ID, last.Status, last.Err)
	}
	if !strings.Contains(strings.Join(last.Notes, " "), "encrypted (JWE), so only the resource server can read it") {
		t.Errorf("notes %q do not say the token is encrypted for the resource server", last.Notes)
	}
}

// TestDiagnoseKeyProblems: each signature problem has a diagnosis of its
// own, and an encrypted token is explained by which token it is.
func TestDiagnoseKeyProblems(t *testing.T) {
	cases := []struct {
		token, problem, code, cause string
	}{
		{"ID token", inspect.ProblemJWKSEmpty, "token_jwks_empty", "empty key set"},
		{"ID token", inspect.ProblemKidUnknown, "token_kid_unknown", "rotated its signing keys"},
		{"ID token", inspect.ProblemKeyUse, "token_key_use", "use enc"},
		{"ID token", inspect.ProblemKeyAlg, "token_key_alg", "another algorithm"},
		{"ID token", inspect.ProblemBadSignature, "token_bad_signature", "altered"},
		{"access token", inspect.ProblemJWE, "token_jwe", "Auth0"},
		{"ID token", inspect.ProblemJWE, "token_jwe", "id_token_encrypted_response_alg"},
		{"ID token", "", "token_check_signature", "rotated its keys"},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		d := Diagnose(&TokenCheckError{Token: tc.token, Check: "signature", Detail: "…", Problem: tc.problem})
		if d.Code != tc.code || !strings.Contains(strings.Join(d.Causes, " "), tc.cause) || len(d.Try) == 0 || d.Ref == "" {
			t.Errorf("%s %q: got %+v; want %s naming %q", tc.token, tc.problem, d, tc.code, tc.cause)
		}
		key := strings.Join(d.Causes, "|")
		if seen[key] {
			t.Errorf("%s %q: the same causes as another problem", tc.token, tc.problem)
		}
		seen[key] = true
	}
}
