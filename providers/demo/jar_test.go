package demo_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/oauth-explorer/oauth-explorer/providers/demo"
	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// demoKey is the published key of demo-jwt-client (and demo-jar).
func demoKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	b, _ := pem.Decode([]byte(demo.JWTClientKeyPEM()))
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*ecdsa.PrivateKey)
}

// signed signs claims with key as a JWT of type typ.
func signed(t *testing.T, key *ecdsa.PrivateKey, typ string, claims any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType(jose.ContentType(typ)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// clientAssertion is a fresh private_key_jwt assertion of client id.
func clientAssertion(t *testing.T, srv *demo.Server, id string) url.Values {
	now := time.Now()
	a := signed(t, demoKey(t), "JWT", jwt.Claims{Issuer: id, Subject: id, Audience: jwt.Audience{srv.Endpoints().Token},
		Expiry: jwt.NewNumericDate(now.Add(time.Minute)), IssuedAt: jwt.NewNumericDate(now), ID: rand.Text()})
	return url.Values{"client_id": {id}, "client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {a}}
}

// TestJWTBearerGrantReplay: an assertion is accepted once (RFC 7523 §3
// item 7), without client authentication too (§3.1); discovery lists the
// grant and the request object members.
func TestJWTBearerGrantReplay(t *testing.T) {
	srv := demotest.Start(t)
	_, hc := testContext(t)
	doc := do(t, hc, http.MethodGet, srv.Endpoints().Discovery, nil, nil)
	if !strings.Contains(jsonText(doc.body["grant_types_supported"]), "urn:ietf:params:oauth:grant-type:jwt-bearer") ||
		doc.body["request_parameter_supported"] != true || !strings.Contains(jsonText(doc.body["request_object_signing_alg_values_supported"]), "ES256") {
		t.Errorf("discovery: %s", doc.raw)
	}
	now := time.Now()
	a := signed(t, demoKey(t), "JWT", jwt.Claims{Issuer: demo.JWTClientID, Subject: "demo-user-1", Audience: jwt.Audience{srv.Issuer()},
		Expiry: jwt.NewNumericDate(now.Add(time.Minute)), IssuedAt: jwt.NewNumericDate(now), ID: "once"})
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {a}, "scope": {"api.read"}}
	first := do(t, hc, http.MethodPost, srv.Endpoints().Token, form, nil)
	if first.status != http.StatusOK || first.body["access_token"] == nil {
		t.Fatalf("first: %d %s", first.status, first.raw)
	}
	if c := jwtClaims(t, first.body["access_token"].(string)); c["sub"] != "demo-user-1" || c["client_id"] != demo.JWTClientID {
		t.Errorf("access token claims %v", c)
	}
	again := do(t, hc, http.MethodPost, srv.Endpoints().Token, form, nil)
	if again.status != http.StatusBadRequest || again.body["error"] != "invalid_grant" || !strings.Contains(again.raw, "already used") {
		t.Errorf("replay: %d %s", again.status, again.raw)
	}
}

// requestObject is a request object of demo-jar for srv, redirecting to a
// loopback URI.
func requestObject(t *testing.T, srv *demo.Server, key *ecdsa.PrivateKey, jti string) string {
	now := time.Now()
	return signed(t, key, "oauth-authz-req+jwt", map[string]any{
		"iss": demo.JARClientID, "aud": srv.Issuer(), "exp": now.Add(time.Minute).Unix(), "iat": now.Unix(), "jti": jti,
		"client_id": demo.JARClientID, "response_type": "code", "redirect_uri": "http://127.0.0.1:9/cb", "scope": "openid api.read",
		"state": "s1", "nonce": "n1", "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256",
	})
}

// TestJARAtDemo: a request object by value is used once (RFC 9101 §10.2);
// a pushed one signed with another key is refused with
// invalid_request_object (RFC 9126 §3; RFC 9101 §6.3).
func TestJARAtDemo(t *testing.T) {
	srv := demotest.Start(t)
	_, hc := testContext(t)
	hc = noRedirect(hc)
	authz := srv.Endpoints().Authorization + "?" + url.Values{"client_id": {demo.JARClientID}, "request": {requestObject(t, srv, demoKey(t), "jar-once")}}.Encode()
	first := do(t, hc, http.MethodGet, authz, nil, nil)
	if loc := first.header.Get("Location"); first.status != http.StatusFound || strings.Contains(loc, "error") || strings.HasPrefix(loc, "http://127.0.0.1:9/") {
		t.Fatalf("first: %d %s", first.status, loc)
	}
	again := do(t, hc, http.MethodGet, authz, nil, nil)
	if loc := again.header.Get("Location"); !strings.HasPrefix(loc, "http://127.0.0.1:9/cb?") || !strings.Contains(loc, "error=invalid_request_object") || !strings.Contains(loc, "state=s1") {
		t.Errorf("replay: %d %s", again.status, loc)
	}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	form := clientAssertion(t, srv, demo.JARClientID)
	form.Set("request", requestObject(t, srv, other, "jar-other"))
	pushed := do(t, hc, http.MethodPost, srv.Endpoints().PushedAuthorization, form, nil)
	if pushed.status != http.StatusBadRequest || pushed.body["error"] != "invalid_request_object" || !strings.Contains(pushed.raw, "signature") {
		t.Errorf("pushed with another key: %d %s", pushed.status, pushed.raw)
	}
}
