package inspect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// MaxJWKSSize caps a JWK Set read by RemoteKeys: a provider's key set is a
// few KiB, so anything near a mebibyte is a mistake or an attack.
const MaxJWKSSize = 1 << 20

// KeySource gives Verify the JSON Web Key Set (RFC 7517 §5) to check a
// signature with. Verify sees the whole set, not only public keys, so that
// each key's "kid", "alg" and "use" take part in the decision (RFC 7517
// §4.2, §4.4, §4.5; RFC 8725 §3.1).
type KeySource interface {
	// KeySet returns the keys. Verify calls it once per token, so a
	// source that fetches over the network sees the provider's current
	// keys, rotated ones included (OIDC Core §10.1.1).
	KeySet(ctx context.Context) (*jose.JSONWebKeySet, error)
}

// StaticKeys is a KeySource holding a key set in memory.
type StaticKeys jose.JSONWebKeySet

// KeySet implements KeySource.
func (s *StaticKeys) KeySet(context.Context) (*jose.JSONWebKeySet, error) {
	return (*jose.JSONWebKeySet)(s), nil
}

// RemoteKeys is a KeySource that GETs a provider's jwks_uri (OIDC
// Discovery §3, RFC 8414 §2) with Client on every call. The client is
// injected so that a flow's recorder sees the JWKS exchange like any other.
type RemoteKeys struct {
	// URL is the JWK Set document's address.
	URL string
	// Client sends the request; nil means http.DefaultClient.
	Client *http.Client
}

// String returns the URL, which Verify names in its details.
func (r RemoteKeys) String() string { return r.URL }

// KeySet implements KeySource: it fetches and parses the JWK Set. An error
// names the URL and says what was wrong with the answer.
func (r RemoteKeys) KeySet(ctx context.Context) (*jose.JSONWebKeySet, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("JWKS %s: %w", r.URL, err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	client := r.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("JWKS %s: %w", r.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxJWKSSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("JWKS %s: reading the answer: %w", r.URL, err)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("JWKS %s answered %s", r.URL, resp.Status)
	case len(body) > MaxJWKSSize:
		return nil, fmt.Errorf("JWKS %s sent more than %d bytes", r.URL, MaxJWKSSize)
	}
	set, err := ParseKeySet(body)
	if err != nil {
		return nil, fmt.Errorf("JWKS %s: %w", r.URL, err)
	}
	return set, nil
}

// ErrNotKeySet means a document is not a JWK Set: not a JSON object with
// a "keys" array (RFC 7517 §5).
var ErrNotKeySet = errors.New("not a JWK Set")

// ParseKeySet reads a JWK Set (RFC 7517 §5). Keys that go-jose cannot read
// (an unknown "kty" or curve, missing members) are left out rather than
// failing the whole set, as RFC 7517 §5 asks; a document that is not a
// JSON object with a "keys" array wraps ErrNotKeySet.
func ParseKeySet(body []byte) (*jose.JSONWebKeySet, error) {
	var raw struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotKeySet, err)
	}
	if raw.Keys == nil {
		return nil, fmt.Errorf(`%w: no "keys" array`, ErrNotKeySet)
	}
	set := &jose.JSONWebKeySet{}
	for _, k := range raw.Keys {
		var jwk jose.JSONWebKey
		if json.Unmarshal(k, &jwk) != nil {
			continue
		}
		set.Keys = append(set.Keys, jwk)
	}
	return set, nil
}

// signingAlgs are the algorithms a JWKS can verify: asymmetric ones only
// (RFC 7518 §3.1). HMAC is handled before a key set is consulted, because
// a public key must never serve as an HMAC secret (RFC 8725 §3.1).
var signingAlgs = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512,
	jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512,
	jose.EdDSA,
}

// keyChoice is the outcome of matching a token's header against a key set.
type keyChoice struct {
	usable   []jose.JSONWebKey // keys to try, in the set's order
	refused  []string          // why keys with the right kid were refused
	matching int               // keys whose kid matched
	byUse    int               // keys refused for their "use"
	use      string            // the "use" of the last key refused for it
}

// chooseKeys picks the keys that may verify a token signed with alg under
// kid. A key is refused when its "use" is not "sig" (RFC 7517 §4.2: an
// encryption key must not verify signatures) or when its "alg" names
// another algorithm (RFC 7517 §4.4, RFC 8725 §3.1: a key is for one
// algorithm only). Without a kid every key is a candidate, as go-oidc does;
// with one, the keys carrying it, or else the keys carrying none (a kid is
// optional in a JWK, RFC 7517 §4.5, so such a key does not contradict it).
func chooseKeys(set *jose.JSONWebKeySet, kid, alg string) keyChoice {
	match := func(k jose.JSONWebKey) bool { return kid == "" || k.KeyID == kid }
	if kid != "" && !slices.ContainsFunc(set.Keys, match) {
		match = func(k jose.JSONWebKey) bool { return k.KeyID == "" }
	}
	var ch keyChoice
	for _, k := range set.Keys {
		if !match(k) {
			continue
		}
		ch.matching++
		switch {
		case k.Use != "" && k.Use != "sig":
			ch.byUse++
			ch.use = k.Use
			ch.refused = append(ch.refused, fmt.Sprintf("key %s has use %q, so it must not verify a signature (RFC 7517 §4.2)", keyName(k), k.Use))
		case k.Algorithm != "" && k.Algorithm != alg:
			ch.refused = append(ch.refused, fmt.Sprintf("key %s is declared for %s but the token says %s: a key must only be used with its own algorithm (RFC 7517 §4.4, RFC 8725 §3.1)", keyName(k), sanitize(k.Algorithm), sanitize(alg)))
		default:
			ch.usable = append(ch.usable, k)
		}
	}
	return ch
}

func keyName(k jose.JSONWebKey) string {
	if k.KeyID == "" {
		return "without kid"
	}
	return fmt.Sprintf("%q", k.KeyID)
}

// kidNames names the keys of a set for a detail: `"k1", "k2"`, and keys
// without a kid as such.
func kidNames(set *jose.JSONWebKeySet) string {
	names := make([]string, len(set.Keys))
	for i, k := range set.Keys {
		names[i] = keyName(k)
		if k.KeyID == "" {
			names[i] = "a key without kid"
		}
	}
	return strings.Join(names, ", ")
}
