package demo

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// prover signs DPoP proofs with one key, as a client would.
type prover struct {
	t   *testing.T
	key *ecdsa.PrivateKey
}

func newProver(t *testing.T) prover {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return prover{t: t, key: k}
}

// sign makes a proof with claims c and header typ.
func (p prover) sign(typ string, c map[string]any) string {
	p.t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: p.key}, (&jose.SignerOptions{EmbedJWK: true}).WithType(jose.ContentType(typ)))
	if err != nil {
		p.t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	jws, err := s.Sign(b)
	if err != nil {
		p.t.Fatal(err)
	}
	out, _ := jws.CompactSerialize()
	return out
}

func (p prover) jkt() string {
	tp, _ := (&jose.JSONWebKey{Key: p.key.Public()}).Thumbprint(crypto.SHA256)
	return base64.RawURLEncoding.EncodeToString(tp)
}

func ath(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// TestDPoPChecker: each check of RFC 9449 §4.3 refuses a proof that
// fails it, with a description naming what; the clock is the test's.
func TestDPoPChecker(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	c := &dpopChecker{now: func() time.Time { return now }}
	p := newProver(t)
	const htu = "http://127.0.0.1:1/oauth/token"
	nonce := c.nonce(now)
	claims := func(edit func(map[string]any)) map[string]any {
		m := map[string]any{"jti": rand.Text(), "htm": "POST", "htu": htu, "iat": now.Unix(), "nonce": nonce}
		if edit != nil {
			edit(m)
		}
		return m
	}
	replayed := claims(nil)
	if jkt, pr := c.check([]string{p.sign("dpop+jwt", replayed)}, "POST", htu, ""); pr != nil || jkt != p.jkt() {
		t.Fatalf("a good proof: %q %+v", jkt, pr)
	}
	for _, tc := range []struct {
		name, proof, token, code, words string
	}{
		{"no nonce", p.sign("dpop+jwt", claims(func(m map[string]any) { delete(m, "nonce") })), "", errUseDPoPNonce, "DPoP-Nonce"},
		{"unknown nonce", p.sign("dpop+jwt", claims(func(m map[string]any) { m["nonce"] = "made-up" })), "", errUseDPoPNonce, "unknown or expired"},
		{"wrong htm", p.sign("dpop+jwt", claims(func(m map[string]any) { m["htm"] = "GET" })), "", errInvalidDPoPProof, "htm GET"},
		{"wrong htu", p.sign("dpop+jwt", claims(func(m map[string]any) { m["htu"] = "https://elsewhere.example/token" })), "", errInvalidDPoPProof, "htu https://elsewhere.example/token"},
		{"iat too old", p.sign("dpop+jwt", claims(func(m map[string]any) { m["iat"] = now.Add(-5 * time.Minute).Unix() })), "", errInvalidDPoPProof, "5m0s old"},
		{"iat ahead", p.sign("dpop+jwt", claims(func(m map[string]any) { m["iat"] = now.Add(5 * time.Minute).Unix() })), "", errInvalidDPoPProof, "in the future"},
		{"no jti", p.sign("dpop+jwt", claims(func(m map[string]any) { delete(m, "jti") })), "", errInvalidDPoPProof, "jti, htm, htu and iat"},
		{"replay", p.sign("dpop+jwt", replayed), "", errInvalidDPoPProof, "used before"},
		{"typ", p.sign("JWT", claims(nil)), "", errInvalidDPoPProof, "typ JWT"},
		{"ath", p.sign("dpop+jwt", claims(func(m map[string]any) { m["ath"] = ath("another-token") })), "the-token", errInvalidDPoPProof, "ath"},
		{"not a JWS", "not.a.jws", "", errInvalidDPoPProof, "not a JWS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, pr := c.check([]string{tc.proof}, "POST", htu, tc.token)
			if pr == nil || pr.code != tc.code || !strings.Contains(pr.description, tc.words) {
				t.Fatalf("got %+v, want %s with %q", pr, tc.code, tc.words)
			}
			if (pr.nonce != "") != (tc.code == errUseDPoPNonce) {
				t.Errorf("nonce %q with %s", pr.nonce, pr.code)
			}
		})
	}
	if _, pr := c.check([]string{"a", "b"}, "POST", htu, ""); pr == nil || !strings.Contains(pr.description, "exactly one") {
		t.Errorf("two DPoP headers: %+v", pr)
	}
}

// TestDPoPDemo: a token asked for with a proof is bound (token_type DPoP,
// cnf.jkt); the API takes it only as DPoP with a proof by the bound key.
func TestDPoPDemo(t *testing.T) {
	s, err := Start(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ep := s.Endpoints()
	p := newProver(t)
	send := func(method, target, auth, proof string, form url.Values) (*http.Response, map[string]any) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequestWithContext(t.Context(), method, target, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth("demo-service", mustClient(t, "demo-service").Secret)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if proof != "" {
			req.Header.Set("DPoP", proof)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp, m
	}
	proof := func(method, htu, nonce, token string) string {
		c := map[string]any{"jti": rand.Text(), "htm": method, "htu": htu, "iat": time.Now().Unix(), "nonce": nonce}
		if token != "" {
			c["ath"] = ath(token)
		}
		return p.sign("dpop+jwt", c)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"api.read"}}
	resp, m := send("POST", ep.Token, "", proof("POST", ep.Token, "", ""), form)
	nonce := resp.Header.Get("DPoP-Nonce")
	if resp.StatusCode != 400 || m["error"] != errUseDPoPNonce || nonce == "" {
		t.Fatalf("first token request: %d %v", resp.StatusCode, m)
	}
	resp, m = send("POST", ep.Token, "", proof("POST", ep.Token, nonce, ""), form)
	if resp.StatusCode != 200 || m["token_type"] != "DPoP" {
		t.Fatalf("token request with the nonce: %d %v", resp.StatusCode, m)
	}
	token, _ := m["access_token"].(string)
	if c := jwtPayload(t, token); c["cnf"] == nil || c["cnf"].(map[string]any)["jkt"] != p.jkt() {
		t.Fatalf("access token cnf %v, want jkt %s", c["cnf"], p.jkt())
	}
	api := ep.API + "/whoami"
	resp, m = send("GET", api, "Bearer "+token, "", nil)
	if ch := resp.Header.Get("WWW-Authenticate"); resp.StatusCode != 401 || !strings.HasPrefix(ch, "DPoP ") || !strings.Contains(ch, "DPoP-bound") {
		t.Errorf("bound token as Bearer: %d %q %v", resp.StatusCode, ch, m)
	}
	other := newProver(t)
	resp, m = send("GET", api, "DPoP "+token, other.sign("dpop+jwt", map[string]any{"jti": rand.Text(), "htm": "GET", "htu": api, "iat": time.Now().Unix(), "nonce": nonce, "ath": ath(token)}), nil)
	if resp.StatusCode != 401 || m["error"] != errInvalidDPoPProof || !strings.Contains(m["error_description"].(string), "bound to key") {
		t.Errorf("proof by another key: %d %v", resp.StatusCode, m)
	}
	resp, m = send("GET", api, "DPoP "+token, proof("GET", api, nonce, token), nil)
	if resp.StatusCode != 200 {
		t.Errorf("bound token with its proof: %d %v", resp.StatusCode, m)
	}
	resp, m = send("GET", ep.Userinfo, "Bearer "+token, "", nil)
	if resp.StatusCode != 401 {
		t.Errorf("userinfo, bound token as Bearer: %d %v", resp.StatusCode, m)
	}
	resp, m = send("GET", ep.Discovery, "", "", nil)
	if algs, _ := m["dpop_signing_alg_values_supported"].([]any); len(algs) == 0 || resp.StatusCode != 200 {
		t.Errorf("discovery dpop_signing_alg_values_supported: %v", m["dpop_signing_alg_values_supported"])
	}
}

func mustClient(t *testing.T, id string) Client {
	c, ok := ClientByID(id)
	if !ok {
		t.Fatalf("no demo client %s", id)
	}
	return c
}

func jwtPayload(t *testing.T, raw string) map[string]any {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", raw)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}
