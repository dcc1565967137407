// Package tokencache keeps the tokens of the token command between runs,
// so that a script calling it in a loop gets the same access token until
// it nears its expiry, as kubelogin does for kubectl. Entries are JSON
// files, one per key, in a directory only the user can read
// ($XDG_CACHE_HOME/oauth-explorer, 0700; files 0600), written whole
// through a temporary file and a rename; a lock file per key serializes
// the invocations that read, refresh and write the same entry.
package tokencache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
)

// Key names what a cached token was obtained for. Two requests with the
// same Key get the same token; the file name is a SHA-256 of it, so no
// field appears in clear in the name. The client secret is no part of
// it: a changed secret reuses the token obtained with the old one until
// it expires.
type Key struct {
	// Provider is the authorization server's identity: its issuer, or its
	// token endpoint when there is no issuer.
	Provider string
	// TokenURL is the token endpoint given by hand, if any.
	TokenURL string
	ClientID string
	// Grant is the grant's --flow name (client-credentials, ...).
	Grant    string
	Scopes   []string
	Audience string
	Resource string
	// Extra are further request settings that change the token (extra
	// token parameters, the grant's inputs) as name=value; they may hold
	// secrets (a refresh token brought), which reach only the hash.
	Extra []string
}

// ID is the key's file name stem: the hex SHA-256 of its fields, each
// length-prefixed (so that no two keys join to the same bytes), with the
// scopes and extras sorted and deduplicated (a scope's order does not
// change what is granted, RFC 6749 §3.3).
func (k Key) ID() string {
	h := sha256.New()
	put := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("oauth-explorer token cache v1")
	for _, s := range []string{k.Provider, k.TokenURL, k.ClientID, k.Grant, k.Audience, k.Resource} {
		put(s)
	}
	for _, list := range [][]string{k.Scopes, k.Extra} {
		sorted := slices.Compact(slices.Sorted(slices.Values(list)))
		put(strings.Join(sorted, "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ScopeText is the scopes asked for, sorted and space-separated, as an
// entry describes them.
func (k Key) ScopeText() string {
	return strings.Join(slices.Compact(slices.Sorted(slices.Values(k.Scopes))), " ")
}
