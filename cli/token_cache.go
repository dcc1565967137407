package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oauth-explorer/oauth-explorer/flows"
	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/redact"
	"github.com/oauth-explorer/oauth-explorer/internal/tokencache"
)

// cacheOpts are token's --cache flags.
type cacheOpts struct {
	use    bool
	clear  bool
	margin time.Duration
}

// on reports whether the token cache is asked for at all.
func (c cacheOpts) on() bool { return c.use || c.clear }

// tokenCacheHelp is token --help's paragraph on the cache.
const tokenCacheHelp = `With --cache, the token is kept and reused: an access token obtained earlier
for the same provider, client, grant, scopes, audience and resource is
printed again without a request until --cache-margin (60s) before it
expires; then the cached refresh token is spent for a new one (the refresh
grant, with its checks), and only when that is refused or there is none does
the flow run again. A line on stderr says which ("from the cache",
"refreshed", "cache miss"), unless -q. --cache-clear forgets the key's
tokens; 'oauth-explorer cache list' and 'cache clear' show and remove all.
The demo provider started for one run is not cached (its tokens die with
it); --export and --save-client are refused with --cache.

` + cacheHelp

// defaultCacheMargin is how long before its expiry a cached access token
// stops being reused: time for the script to send it.
const defaultCacheMargin = 60 * time.Second

// cacheFlags registers --cache, --cache-clear and --cache-margin.
func (o *tokenOpts) cacheFlags(fl *pflag.FlagSet) {
	fl.BoolVar(&o.cache.use, "cache", false, "reuse an unexpired access token obtained earlier for the same provider, client, grant, scopes, audience and resource; refresh it with the cached refresh token when it expires; run the flow only when neither works (see 'oauth-explorer cache')")
	fl.BoolVar(&o.cache.clear, "cache-clear", false, "remove the cached tokens of the provider, client, grant, scopes, audience and resource given, and print nothing ('oauth-explorer cache clear' removes all)")
	fl.DurationVar(&o.cache.margin, "cache-margin", defaultCacheMargin, "with --cache: a cached access token that expires sooner than this is not reused but refreshed")
}

// cacheableNames lists the grants whose tokens --cache keeps
// (flows.Grant.Cacheable), for an error message.
func cacheableNames() string {
	var ids []string
	for _, g := range flows.Grants() {
		if g.Cacheable {
			ids = append(ids, g.ID)
		}
	}
	return strings.Join(ids, ", ")
}

// refreshGrant is the grant that spends a refresh token (RFC 6749 §6):
// its own grant type is refresh_token and its input takes one; in is
// that input.
func refreshGrant() (g flows.Grant, in flows.Input, ok bool) {
	for _, g := range flows.Grants() {
		if len(g.GrantTypes) == 0 || g.GrantTypes[0] != "refresh_token" {
			continue
		}
		for _, in := range g.Inputs {
			if in.Takes == flows.HintRefreshToken {
				return g, in, true
			}
		}
	}
	return g, in, false
}

// flowFailed is obtain's soft failure: the flow ended without a token.
type flowFailed struct{ msg string }

// Error is the flow's failure, masked, on one line.
func (e *flowFailed) Error() string { return e.msg }

// runCached is token --cache and --cache-clear. A hit reads one file
// under a lock and prints: no discovery, no network, no demo server.
// An expired entry with a refresh token runs the refresh grant with it;
// a miss, or a refresh the server refuses, runs the flow as without
// --cache. The lock of the entry is held throughout, so that parallel
// invocations for the same key run the flow once and the others find
// its tokens.
func runCached(ctx context.Context, cmd *cobra.Command, o *tokenOpts, st Streams, inputs flows.Inputs) error {
	key, issuer, err := cacheKey(cmd, &o.pf, o.flow, inputs)
	if err != nil {
		return err
	}
	store, err := openCache(st)
	if err != nil {
		return err
	}
	id := key.ID()
	note := func(format string, args ...any) {
		if !o.quiet {
			printLine(st.Err, "note: "+format, args...)
		}
	}
	unlock, err := store.Lock(ctx, id, func() { note("waiting for another oauth-explorer using the same cache entry") })
	if err != nil {
		return err
	}
	defer unlock()
	if o.cache.clear {
		return store.Delete(id)
	}
	now := time.Now()
	e, ok, err := store.Get(id)
	if err != nil {
		note("the cache entry could not be used (%v): a miss", err)
	}
	switch {
	case ok && e.Fresh(now, o.cache.margin):
		note("from the cache (expires in %s)", e.Expiry.Sub(now).Round(time.Second))
		return writeToken(st, cachedSet(e, now), o.output)
	case ok && e.RefreshToken != "":
		tok, err := refreshCached(ctx, cmd, o, st, e.RefreshToken)
		var failed *flowFailed
		switch {
		case errors.As(err, &failed):
			note("the cached refresh token was refused (%s): running the flow", failed.msg)
			if err := store.Delete(id); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			e = merged(e, tok, time.Now())
			note("refreshed with the cached refresh token (expires in %s)", expiresIn(e, time.Now()))
			storeEntry(st, store, id, e)
			return writeToken(st, cachedSet(e, time.Now()), o.output)
		}
	case ok && e.Expiry.IsZero():
		note("the cached access token's expiry is unknown and there is no refresh token: running the flow")
	case ok:
		note("the cached access token expires within %s and there is no refresh token: running the flow", o.cache.margin)
	default:
		note("cache miss: running the flow")
	}
	tok, err := obtain(ctx, cmd, o, st, inputs, false)
	if err != nil {
		return err
	}
	e = merged(tokencache.Entry{}, tok, time.Now())
	e.Describe(key, issuer)
	e.Provider, e.Issuer = redact.Userinfo(e.Provider), redact.Userinfo(e.Issuer)
	storeEntry(st, store, id, e)
	return writeToken(st, tok, o.output)
}

// checkCacheable refuses what --cache cannot do, before any input is
// read.
func (o *tokenOpts) checkCacheable() error {
	g, _ := flows.GrantByID(o.flow)
	switch {
	case o.cache.margin < 0:
		return fmt.Errorf("--cache-margin %s: give a duration of 0 or more", o.cache.margin)
	case o.cache.use && o.cache.clear:
		return errors.New("--cache and --cache-clear both given: use one")
	case o.export != "":
		return errors.New("--export records a run, and with --cache there may be none (a cache hit sends no request): drop one of them")
	case o.saveClient != "":
		return errors.New("--save-client keeps a client registered by the run, and with --cache there may be none: drop one of them")
	case !g.Cacheable:
		return fmt.Errorf("--cache: the %s grant's tokens are not cached; it caches those of %s", o.flow, cacheableNames())
	}
	return nil
}

// openCache opens the cache directory, and warns when it had to narrow
// its permissions.
func openCache(st Streams) (*tokencache.Store, error) {
	dir, err := tokencache.DefaultDir()
	if err != nil {
		return nil, err
	}
	store, fixed, err := tokencache.Open(dir)
	if fixed {
		warnf(st.Err, "the token cache directory %s was readable by others; it is now 0700", dir)
	}
	return store, err
}

// refreshCached runs the refresh grant (RFC 6749 §6) with the cached
// refresh token, a flows run with its checks like --flow refresh; its
// failure is soft.
func refreshCached(ctx context.Context, cmd *cobra.Command, o *tokenOpts, st Streams, rt string) (*flows.TokenSet, error) {
	g, in, ok := refreshGrant()
	if !ok {
		return nil, &flowFailed{msg: "no grant spends a refresh token"}
	}
	ro := *o
	ro.flow = g.ID
	return obtain(ctx, cmd, &ro, st, flows.Inputs{in.Name: rt}, true)
}

// storeEntry writes the entry; a failure is a warning, since the token
// was obtained all the same.
func storeEntry(st Streams, store *tokencache.Store, id string, e tokencache.Entry) {
	if err := store.Put(id, e); err != nil {
		warnf(st.Err, "the token was not cached: %v", err)
	}
}

// merged is e after tok was obtained at now: tok's access token, type,
// expiry and scope; its refresh and ID tokens when it has them, else
// e's (a refresh response without them leaves those held valid, RFC
// 6749 §6). An access token without expires_in expires at its JWT exp,
// if it has one.
func merged(e tokencache.Entry, tok *flows.TokenSet, now time.Time) tokencache.Entry {
	e.AccessToken, e.TokenType, e.Expiry, e.Obtained = tok.AccessToken, tok.TokenType, tok.Expiry, now
	if e.Expiry.IsZero() {
		if t, err := inspect.Decode(tok.AccessToken); err == nil {
			e.Expiry, _ = t.Expired(now)
		}
	}
	if tok.Scope != "" {
		e.GrantedScope = tok.Scope
	}
	if tok.RefreshToken != "" {
		e.RefreshToken = tok.RefreshToken
	}
	if tok.IDToken != "" {
		e.IDToken = tok.IDToken
	}
	return e
}

// cachedSet is the entry as the token set --output prints; expires_in
// is the time left at now, and there are no responses (none was sent).
func cachedSet(e tokencache.Entry, now time.Time) *flows.TokenSet {
	s := &flows.TokenSet{AccessToken: e.AccessToken, TokenType: e.TokenType, Expiry: e.Expiry,
		Scope: e.GrantedScope, RefreshToken: e.RefreshToken, IDToken: e.IDToken}
	if !e.Expiry.IsZero() {
		s.ExpiresIn = max(int64(e.Expiry.Sub(now)/time.Second), 0)
	}
	return s
}

// expiresIn is the time left on e's access token, or "unknown".
func expiresIn(e tokencache.Entry, now time.Time) string {
	if e.Expiry.IsZero() {
		return "unknown"
	}
	return e.Expiry.Sub(now).Round(time.Second).String()
}
