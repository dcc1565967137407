package flows

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
	"github.com/oauth-explorer/oauth-explorer/providers"
)

// InputDPoP is the request option that sends DPoP proofs (RFC 9449).
const InputDPoP = "dpop"

// dpopInput turns DPoP on for a run: the option every grant that calls
// the token endpoint takes (RequestOptions).
var dpopInput = Input{Name: InputDPoP, Label: "DPoP", Flag: "dpop", Choices: []string{"off", "on"},
	Help: "on: make a key pair for this run and send a DPoP proof signed with it on every token request and API call, so that the tokens are bound to the key and useless to whoever copies them (RFC 9449)"}

// RequestOptions are the inputs that every grant calling the token
// endpoint takes, declared once here: Grants adds them to each such
// grant's Inputs, so that the settings rows and the token flags derive
// from them as from a grant's own inputs.
func RequestOptions() []Input { return []Input{dpopInput} }

// withRequestOptions adds RequestOptions to the inputs of every grant
// that sends a token request: all but the implicit grant, whose token
// comes back in the browser (RFC 6749 §4.2).
func withRequestOptions(gs []Grant) []Grant {
	for i := range gs {
		if len(gs[i].GrantTypes) > 0 && gs[i].GrantTypes[0] != "implicit" {
			gs[i].Inputs = slices.Concat(gs[i].Inputs, RequestOptions())
		}
	}
	return gs
}

// DPoP values of RFC 9449.
const (
	// dpopScheme is the Authorization scheme of a DPoP-bound token and
	// the token_type of its token response (RFC 9449 §5, §7.1).
	dpopScheme = "DPoP"
	// dpopProofType is the typ of a proof (RFC 9449 §4.2).
	dpopProofType = "dpop+jwt"
	// errUseDPoPNonce asks the client to prove again with the nonce
	// of the DPoP-Nonce header (RFC 9449 §8, §9).
	errUseDPoPNonce = "use_dpop_nonce"
)

// dpopClaims are the claims of a DPoP proof, in the order RFC 9449 §4.2
// lists them.
type dpopClaims struct {
	Jti   string `json:"jti"`
	Htm   string `json:"htm"`
	Htu   string `json:"htu"`
	Iat   int64  `json:"iat"`
	Nonce string `json:"nonce,omitempty"`
	Ath   string `json:"ath,omitempty"`
}

// dpopTransport proves possession of the run's key pair (RFC 9449): it adds
// a fresh DPoP proof to every request to the token endpoint and to every
// request that carries an "Authorization: DPoP" token (then with ath, the
// token's hash). It sits outside the Recorder, so that the recorded
// request is the one sent. When the server asks for a nonce (400
// use_dpop_nonce from the token endpoint, RFC 9449 §8; 401 with a DPoP
// use_dpop_nonce challenge from a resource server, §9) it proves again
// once with the nonce given; both exchanges are recorded.
type dpopTransport struct {
	base   http.RoundTripper
	now    func() time.Time
	signer jose.Signer
	err    error
	// jkt is the RFC 7638 thumbprint of the public key: the cnf.jkt of
	// a token bound to it (RFC 9449 §6.1).
	jkt string
	// tamper, when set, changes a proof's claims before it is signed:
	// tests make wrong proofs with it.
	tamper func(*dpopClaims)

	mu       sync.Mutex
	tokenURL string
	// nonces are the latest DPoP-Nonce of each server, by origin.
	nonces map[string]string
	notes  []string
}

// newDPoPTransport wraps base when opts turn DPoP on, with a fresh EC
// P-256 key (ES256) that lives as long as the run; nil when it is off.
func newDPoPTransport(base http.RoundTripper, p providers.Provider, opts Options) *dpopTransport {
	if opts.input(dpopInput) != "on" {
		return nil
	}
	t := &dpopTransport{base: base, now: opts.Now, tokenURL: p.TokenURL, nonces: map[string]string{}}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err == nil {
		t.signer, err = jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key},
			(&jose.SignerOptions{EmbedJWK: true}).WithType(dpopProofType))
	}
	if err == nil {
		t.jkt, err = clientkey.Thumbprint(key.Public())
	}
	// A key that could not be made fails each request that needs a
	// proof, rather than sending it without one.
	t.err = err
	return t
}

// setMetadata takes the token endpoint from the server's metadata.
// Nil-safe.
func (t *dpopTransport) setMetadata(md *providers.Metadata) {
	if t == nil || md == nil || md.TokenEndpoint == "" {
		return
	}
	t.mu.Lock()
	t.tokenURL = md.TokenEndpoint
	t.mu.Unlock()
}

// takeNotes returns what the transport did worth telling (a nonce
// retry) since the last call, and forgets it. Nil-safe.
func (t *dpopTransport) takeNotes() []string {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.notes
	t.notes = nil
	return out
}

// htu is u without query and fragment (RFC 9449 §4.2).
func htu(u *url.URL) string {
	bare := *u
	bare.RawQuery, bare.Fragment, bare.RawFragment, bare.User = "", "", "", nil
	return bare.String()
}

// origin names the server of u, whose nonce a proof to u carries.
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// RoundTrip implements http.RoundTripper.
func (t *dpopTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	tokenURL := t.tokenURL
	t.mu.Unlock()
	scheme, token, _ := strings.Cut(req.Header.Get("Authorization"), " ")
	resource := strings.EqualFold(scheme, dpopScheme)
	if !resource && (tokenURL == "" || htu(req.URL) != tokenURL) {
		return t.base.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	ath := ""
	if resource {
		sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
		ath = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	resp, err := t.send(req, body, ath)
	if err != nil || !t.nonceAsked(resp, resource) {
		return resp, err
	}
	where := "the token endpoint answered 400 use_dpop_nonce (RFC 9449 §8)"
	if resource {
		where = "the resource server answered 401 with a DPoP use_dpop_nonce challenge (RFC 9449 §9)"
	}
	t.note(where + " and gave a nonce in its DPoP-Nonce header: the client signed a new proof carrying that nonce and sent the request once more; both exchanges are recorded")
	resp.Body.Close()
	return t.send(req, body, ath)
}

// send sends req with body and a fresh proof, and keeps the nonce the
// answer gives for the next proof to its server (RFC 9449 §8.2).
func (t *dpopTransport) send(req *http.Request, body []byte, ath string) (*http.Response, error) {
	proof, err := t.proof(req.Method, req.URL, ath)
	if err != nil {
		return nil, fmt.Errorf("DPoP proof: %w", err)
	}
	r := req.Clone(req.Context())
	r.Header.Set("DPoP", proof)
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := t.base.RoundTrip(r)
	if err == nil {
		if n := resp.Header.Get("DPoP-Nonce"); n != "" {
			t.mu.Lock()
			t.nonces[origin(req.URL)] = n
			t.mu.Unlock()
		}
	}
	return resp, err
}

// nonceAsked reports whether resp asks for a proof with the nonce it
// gives: 400 use_dpop_nonce from an authorization server (RFC 9449 §8),
// 401 with a DPoP challenge naming it from a resource server (§9). The
// body read is put back for the caller.
func (t *dpopTransport) nonceAsked(resp *http.Response, resource bool) bool {
	if resp.Header.Get("DPoP-Nonce") == "" {
		return false
	}
	if resource {
		ch := resp.Header.Get("WWW-Authenticate")
		return resp.StatusCode == http.StatusUnauthorized && strings.HasPrefix(strings.ToLower(ch), "dpop") &&
			challengeParam(ch, "error") == errUseDPoPNonce
	}
	if resp.StatusCode != http.StatusBadRequest {
		return false
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	var e struct {
		Error string `json:"error"`
	}
	return err == nil && json.Unmarshal(b, &e) == nil && e.Error == errUseDPoPNonce
}

func (t *dpopTransport) note(s string) {
	t.mu.Lock()
	t.notes = append(t.notes, s)
	t.mu.Unlock()
}

// proof signs a fresh proof for a request (RFC 9449 §4.2): a new jti,
// htm and htu of the request, iat now, the server's latest nonce and, on
// a resource request, ath.
func (t *dpopTransport) proof(method string, u *url.URL, ath string) (string, error) {
	if t.err != nil {
		return "", t.err
	}
	var id [16]byte
	_, _ = rand.Read(id[:])
	now := time.Now()
	if t.now != nil {
		now = t.now()
	}
	t.mu.Lock()
	nonce := t.nonces[origin(u)]
	t.mu.Unlock()
	c := dpopClaims{Jti: base64.RawURLEncoding.EncodeToString(id[:]), Htm: method, Htu: htu(u), Iat: now.Unix(), Nonce: nonce, Ath: ath}
	if t.tamper != nil {
		t.tamper(&c)
	}
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	jws, err := t.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// scheme is the Authorization scheme to present tok with: DPoP when the
// run proves possession and the server bound the token (token_type DPoP,
// RFC 9449 §7.1), Bearer otherwise (RFC 6750 §2.1). Nil-safe.
func (t *dpopTransport) scheme(tok *TokenResponse) string {
	if t != nil && tok != nil && strings.EqualFold(tok.TokenType, dpopScheme) {
		return dpopScheme
	}
	return "Bearer"
}
