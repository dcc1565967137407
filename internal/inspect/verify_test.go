package inspect

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// The access token of OIDC Core Appendix A.3 and its at_hash under RS256.
const (
	specAccessToken = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
	specAtHash      = "77QmUPtjPfzWtF2AnpK9RQ"
)

const (
	testIssuer   = "https://issuer.example"
	testClientID = "web-app"
	testNonce    = "n-0S6_WzA2Mj"
)

// idClaims are the claims of a valid ID token at testNow.
func idClaims() map[string]any {
	return map[string]any{
		"iss":     testIssuer,
		"sub":     "alice",
		"aud":     []string{testClientID, "api"},
		"azp":     testClientID,
		"exp":     testNow.Add(59*time.Minute + 12*time.Second).Unix(),
		"iat":     testNow.Add(-time.Minute).Unix(),
		"nbf":     testNow.Add(-time.Minute).Unix(),
		"nonce":   testNonce,
		"at_hash": specAtHash,
	}
}

func TestVerify(t *testing.T) {
	key := newRSAKey(t)
	otherKey := newRSAKey(t)
	ecKey := newECKey(t)
	keySet := newJWKSKeySet(
		jose.JSONWebKey{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"},
		jose.JSONWebKey{Key: &ecKey.PublicKey, KeyID: "ec1", Algorithm: "ES256", Use: "sig"},
	)
	bare := newJWKSKeySet(jose.JSONWebKey{Key: &key.PublicKey}) // no kid, alg or use

	// with returns idClaims changed by kv pairs; a nil value deletes.
	with := func(kv ...any) string {
		c := idClaims()
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(c, kv[i].(string))
			} else {
				c[kv[i].(string)] = kv[i+1]
			}
		}
		return mustJSON(t, c)
	}
	rs256 := func(payload string) string { return sign(t, jose.RS256, key, "k1", payload) }
	valid := rs256(with())
	tampered := func() string {
		p := strings.Split(valid, ".")
		p[1] = b64(with("sub", "mallory"))
		return strings.Join(p, ".")
	}()

	base := VerifyOptions{
		Keys:          keySet,
		JWKSURL:       "https://issuer.example/jwks",
		Issuer:        testIssuer,
		Audience:      []string{testClientID},
		ClientID:      testClientID,
		Nonce:         testNonce,
		AccessToken:   specAccessToken,
		SupportedAlgs: []string{"RS256", "ES256"},
		Now:           fixedNow,
	}
	allPass := map[string]Status{
		"signature": StatusPass, "alg": StatusPass, "iss": StatusPass, "aud": StatusPass, "azp": StatusPass,
		"exp": StatusPass, "nbf": StatusPass, "iat": StatusPass, "nonce": StatusPass, "at_hash": StatusPass,
	}

	tests := []struct {
		name       string
		token      string
		opts       func(*VerifyOptions) // changes to base; nil keeps it
		want       map[string]Status    // statuses of the named checks
		wantDetail map[string]string    // substrings of the named checks' details
		wantValid  bool
	}{
		{
			name:       "valid RS256",
			token:      valid,
			want:       allPass,
			wantDetail: map[string]string{"signature": `verified with kid "k1" (RS256) from https://issuer.example/jwks`, "exp": "expires in 59m 12s (2026-11-27 02:13:22 UTC)"},
			wantValid:  true,
		},
		{
			name:       "valid RS256 with a key that has no kid, alg or use",
			token:      valid,
			opts:       func(o *VerifyOptions) { o.Keys, o.JWKSURL = bare, "" },
			want:       allPass,
			wantDetail: map[string]string{"signature": "from the given key set"},
			wantValid:  true,
		},
		{
			name:      "valid ES256",
			token:     sign(t, jose.ES256, ecKey, "ec1", with()),
			want:      allPass,
			wantValid: true,
		},
		{
			name:       "no key set",
			token:      valid,
			opts:       func(o *VerifyOptions) { o.Keys = nil },
			want:       map[string]Status{"signature": StatusSkip, "exp": StatusPass},
			wantDetail: map[string]string{"signature": "No JWKS was given"},
			wantValid:  true,
		},
		{
			name:       "expired",
			token:      rs256(with("exp", testNow.Add(-(3*time.Minute + 2*time.Second)).Unix())),
			want:       map[string]Status{"exp": StatusFail, "signature": StatusPass},
			wantDetail: map[string]string{"exp": "expired 3m 2s ago"},
		},
		{
			name:       "expired within leeway",
			token:      rs256(with("exp", testNow.Add(-20*time.Second).Unix())),
			want:       map[string]Status{"exp": StatusWarn},
			wantDetail: map[string]string{"exp": "within the 1m leeway"},
			wantValid:  true,
		},
		{
			name:       "expired with no leeway",
			token:      rs256(with("exp", testNow.Add(-20*time.Second).Unix())),
			opts:       func(o *VerifyOptions) { o.Leeway = -1 },
			want:       map[string]Status{"exp": StatusFail},
			wantDetail: map[string]string{"exp": "expired 20s ago"},
		},
		{
			name:       "no exp",
			token:      rs256(with("exp", nil)),
			want:       map[string]Status{"exp": StatusFail},
			wantDetail: map[string]string{"exp": "never expires"},
		},
		{
			name:       "not yet valid",
			token:      rs256(with("nbf", testNow.Add(5*time.Minute).Unix())),
			want:       map[string]Status{"nbf": StatusFail},
			wantDetail: map[string]string{"nbf": "not valid yet: it becomes valid in 5m"},
		},
		{
			name:       "wrong issuer",
			token:      rs256(with("iss", "https://evil.example")),
			want:       map[string]Status{"iss": StatusFail},
			wantDetail: map[string]string{"iss": `iss is "https://evil.example" but "https://issuer.example" was expected`},
		},
		{
			name:       "issuer with trailing slash",
			token:      rs256(with("iss", testIssuer+"/")),
			want:       map[string]Status{"iss": StatusFail},
			wantDetail: map[string]string{"iss": "trailing slash"},
		},
		{
			name:       "wrong audience",
			token:      rs256(with("aud", "other-app", "azp", nil)),
			want:       map[string]Status{"aud": StatusFail, "azp": StatusSkip},
			wantDetail: map[string]string{"aud": `aud is "other-app", which contains none of the expected audiences ("web-app")`},
		},
		{
			name:       "unknown kid",
			token:      sign(t, jose.RS256, otherKey, "k9", with()),
			want:       map[string]Status{"signature": StatusFail, "iss": StatusPass},
			wantDetail: map[string]string{"signature": `No key with kid "k9" in the JWKS at https://issuer.example/jwks (the JWKS has: "k1", "ec1")`},
		},
		{
			name:  "key declared for another alg",
			token: valid,
			opts: func(o *VerifyOptions) {
				o.Keys = newJWKSKeySet(jose.JSONWebKey{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS512", Use: "sig"})
			},
			want:       map[string]Status{"signature": StatusFail, "iss": StatusPass},
			wantDetail: map[string]string{"signature": `No key from https://issuer.example/jwks may verify this token (kid "k1", RS256): key "k1" is declared for RS512 but the token says RS256`},
		},
		{
			name:  "encryption key",
			token: valid,
			opts: func(o *VerifyOptions) {
				o.Keys = newJWKSKeySet(jose.JSONWebKey{Key: &key.PublicKey, KeyID: "k1", Use: "enc"})
			},
			want:       map[string]Status{"signature": StatusFail},
			wantDetail: map[string]string{"signature": `key "k1" has use "enc", so it must not verify a signature (RFC 7517 §4.2)`},
		},
		{
			name:  "a refused key beside a usable one with the same kid",
			token: valid,
			opts: func(o *VerifyOptions) {
				o.Keys = newJWKSKeySet(
					jose.JSONWebKey{Key: &key.PublicKey, KeyID: "k1", Use: "enc"},
					jose.JSONWebKey{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256"},
				)
			},
			want:      allPass,
			wantValid: true,
		},
		{
			name:       "bad signature",
			token:      sign(t, jose.RS256, otherKey, "k1", with()),
			want:       map[string]Status{"signature": StatusFail},
			wantDetail: map[string]string{"signature": `The signature (kid "k1", RS256) did not verify`},
		},
		{
			name:  "tampered payload",
			token: tampered,
			want:  map[string]Status{"signature": StatusFail},
		},
		{
			name:       "alg none",
			token:      unsigned(`{"alg":"none"}`, with()),
			want:       map[string]Status{"signature": StatusFail, "alg": StatusFail, "iss": StatusPass},
			wantDetail: map[string]string{"signature": "Unsigned token"},
		},
		{
			name:       "HMAC",
			token:      sign(t, jose.HS256, []byte("0123456789abcdef0123456789abcdef"), "", with()),
			opts:       func(o *VerifyOptions) { o.SupportedAlgs = nil },
			want:       map[string]Status{"signature": StatusSkip, "alg": StatusWarn},
			wantDetail: map[string]string{"alg": "HMAC-signed (HS256): verifiable only with the shared secret"},
			wantValid:  true,
		},
		{
			name:       "alg not advertised",
			token:      valid,
			opts:       func(o *VerifyOptions) { o.SupportedAlgs = []string{"ES256"} },
			want:       map[string]Status{"alg": StatusFail, "signature": StatusPass},
			wantDetail: map[string]string{"alg": `alg "RS256" is not among the provider's advertised signing algorithms ("ES256")`},
		},
		{
			name:       "wrong nonce",
			token:      rs256(with("nonce", "replayed")),
			want:       map[string]Status{"nonce": StatusFail},
			wantDetail: map[string]string{"nonce": `nonce is "replayed" but "n-0S6_WzA2Mj" was sent`},
		},
		{
			name:  "missing nonce",
			token: rs256(with("nonce", nil)),
			want:  map[string]Status{"nonce": StatusFail},
		},
		{
			name:       "nonce not checked",
			token:      valid,
			opts:       func(o *VerifyOptions) { o.Nonce = "" },
			want:       map[string]Status{"nonce": StatusWarn},
			wantDetail: map[string]string{"nonce": "not checked"},
			wantValid:  true,
		},
		{
			name:       "wrong at_hash",
			token:      valid,
			opts:       func(o *VerifyOptions) { o.AccessToken = "another-access-token" },
			want:       map[string]Status{"at_hash": StatusFail},
			wantDetail: map[string]string{"at_hash": `at_hash is "77QmUPtjPfzWtF2AnpK9RQ" but the access token hashes to`},
		},
		{
			name:      "no at_hash claim",
			token:     rs256(with("at_hash", nil)),
			want:      map[string]Status{"at_hash": StatusSkip},
			wantValid: true,
		},
		{
			name:       "azp mismatch",
			token:      rs256(with("azp", "other-app")),
			want:       map[string]Status{"azp": StatusFail},
			wantDetail: map[string]string{"azp": `azp is "other-app" but this client is "web-app"`},
		},
		{
			name:       "iat in the future",
			token:      rs256(with("iat", testNow.Add(5*time.Minute).Unix(), "nbf", nil)),
			want:       map[string]Status{"iat": StatusWarn},
			wantDetail: map[string]string{"iat": "issued 5m in the future (2026-11-27 01:19:10 UTC): clock skew between this machine and the server?"},
			wantValid:  true,
		},
		{
			name:       "exp not a number",
			token:      rs256(with("exp", "tomorrow")),
			want:       map[string]Status{"exp": StatusFail},
			wantDetail: map[string]string{"exp": "not a NumericDate"},
		},
		{
			name:      "nothing expected",
			token:     valid,
			opts:      func(o *VerifyOptions) { *o = VerifyOptions{Now: fixedNow} },
			want:      map[string]Status{"signature": StatusSkip, "alg": StatusSkip, "iss": StatusSkip, "aud": StatusSkip, "azp": StatusSkip, "nonce": StatusWarn, "at_hash": StatusSkip, "exp": StatusPass},
			wantValid: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Decode(tc.token)
			if err != nil {
				t.Fatal(err)
			}
			opts := base
			if tc.opts != nil {
				tc.opts(&opts)
			}
			got := Verify(context.Background(), tok, opts)
			checkVerification(t, got, tc.want, tc.wantDetail, tc.wantValid)
		})
	}
}

func checkVerification(t *testing.T, got Verification, want map[string]Status, wantDetail map[string]string, wantValid bool) {
	t.Helper()
	byName := make(map[string]Check, len(got.Checks))
	for _, c := range got.Checks {
		if _, dup := byName[c.Name]; dup {
			t.Errorf("check %q reported twice", c.Name)
		}
		byName[c.Name] = c
		if c.Detail == "" || !strings.HasSuffix(c.Detail, ".") && !strings.HasSuffix(c.Detail, "?") {
			t.Errorf("check %q: detail %q is not a full sentence", c.Name, c.Detail)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		c, ok := byName[name]
		if !ok {
			t.Errorf("no %q check", name)
			continue
		}
		if c.Status != want[name] {
			t.Errorf("%s: %v (%s), want %v", name, c.Status, c.Detail, want[name])
		}
	}
	for name, sub := range wantDetail {
		if c := byName[name]; !strings.Contains(c.Detail, sub) {
			t.Errorf("%s detail %q does not contain %q", name, c.Detail, sub)
		}
	}
	if got.Valid != wantValid {
		t.Errorf("Valid = %v, want %v; checks: %+v", got.Valid, wantValid, got.Checks)
	}
}

func TestVerifyNotJWS(t *testing.T) {
	key := newRSAKey(t)
	jwe, err := Decode(encrypt(t, &key.PublicKey, `{"sub":"alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	opaque, _ := Decode("2YotnFZFEjr1zCsicMWpAA")
	tests := []struct {
		name       string
		token      *Token
		wantDetail string
	}{
		{name: "JWE", token: jwe, wantDetail: "encrypted (JWE)"},
		{name: "opaque", token: opaque, wantDetail: "not a JWT"},
		{name: "nil", token: nil, wantDetail: "no token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Verify(context.Background(), tc.token, VerifyOptions{Now: fixedNow})
			checkVerification(t, got, map[string]Status{"signature": StatusFail}, map[string]string{"signature": tc.wantDetail}, false)
			if len(got.Checks) != 1 {
				t.Errorf("got %d checks, want only the signature check", len(got.Checks))
			}
		})
	}
}

func TestAtHash(t *testing.T) {
	tests := []struct {
		alg, want string
		ok        bool
	}{
		{alg: "RS256", want: specAtHash, ok: true},
		{alg: "ES256", want: specAtHash, ok: true},
		{alg: "PS384", want: "jtAeDp945y1dDqU3nkIVGNZP1HjH_MFs", ok: true},
		{alg: "RS512", ok: true},
		{alg: "EdDSA", ok: true},
		{alg: "none"},
		{alg: ""},
	}
	for _, tc := range tests {
		t.Run(tc.alg, func(t *testing.T) {
			got, _, ok := atHashOf(tc.alg, specAccessToken)
			if ok != tc.ok || tc.want != "" && got != tc.want {
				t.Errorf("atHashOf(%q) = %q, %v; want %q, %v", tc.alg, got, ok, tc.want, tc.ok)
			}
			if ok && len(got) == 0 {
				t.Errorf("atHashOf(%q) is empty", tc.alg)
			}
		})
	}
}

func TestStatusString(t *testing.T) {
	for s, want := range map[Status]string{StatusPass: "pass", StatusFail: "fail", StatusWarn: "warn", StatusSkip: "skip", 0: "Status(0)"} {
		if got := s.String(); got != want {
			t.Errorf("Status(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
