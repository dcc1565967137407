package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/oauth-explorer/oauth-explorer/internal/inspect"
	"github.com/oauth-explorer/oauth-explorer/internal/tokencache"
)

// cacheHelp says what the token cache stores where; token --help and
// cache --help show it.
const cacheHelp = `token --cache keeps the tokens it obtains in files, one JSON file per key,
in $XDG_CACHE_HOME/oauth-explorer (default ~/.cache/oauth-explorer; on macOS
~/Library/Caches/oauth-explorer): the directory is 0700, each file 0600,
written to a temporary file and renamed. The file name is the SHA-256 of the
key: the issuer (or token URL), client id, grant, scopes, audience, resource,
extra parameters and the grant's inputs; the client secret is no part of it.
A file holds the access, refresh and ID tokens, their type, expiry and
scope, and the key's provider, client, grant, scope, audience and resource
in clear. A lock file per key (flock) is held while an invocation reads,
refreshes or obtains, and writes the entry, so parallel invocations run the
flow once. Nothing is stored in an OS keyring.`

// newCacheCmd is 'oauth-explorer cache': list and clear the token cache.
func newCacheCmd(st Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "List or clear the tokens token --cache keeps",
		Long:  cacheHelp,
		Args:  noArgs,
		RunE:  groupRunE,
		// Run alone it prints this help: no flags to show in its usage.
		DisableFlagsInUseLine: true,
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the cached tokens: provider, client, grant, scope, audience, expiry; never a token",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			store, err := openCache(st)
			if err != nil {
				return err
			}
			entries, err := store.List()
			if err != nil {
				return err
			}
			if asJSON {
				return writeCacheJSON(st.Out, entries, time.Now())
			}
			return writeCacheTable(st.Out, entries, time.Now())
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print a JSON array instead of a table")
	clear := &cobra.Command{
		Use:   "clear",
		Short: "Remove every cached token (token --cache-clear removes one key's)",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			store, err := openCache(st)
			if err != nil {
				return err
			}
			n, err := store.Clear()
			if err != nil {
				return err
			}
			entries := "entries"
			if n == 1 {
				entries = "entry"
			}
			fmt.Fprintf(st.Err, "removed %d cache %s from %s\n", n, entries, store.Dir)
			return nil
		},
	}
	cmd.AddCommand(list, clear)
	return cmd
}

// cacheListed is an entry as cache list --json prints it: the
// description, never a token.
type cacheListed struct {
	ID              string `json:"id"`
	Provider        string `json:"provider,omitempty"`
	ClientID        string `json:"client_id,omitempty"`
	Grant           string `json:"grant,omitempty"`
	Scope           string `json:"scope,omitempty"`
	GrantedScope    string `json:"granted_scope,omitempty"`
	Audience        string `json:"audience,omitempty"`
	Resource        string `json:"resource,omitempty"`
	ExpiresAt       string `json:"expires_at,omitempty"`
	ExpiresIn       int64  `json:"expires_in,omitempty"`
	HasRefreshToken bool   `json:"has_refresh_token"`
	Error           string `json:"error,omitempty"`
}

// listed describes l at now.
func listed(l tokencache.Listed, now time.Time) cacheListed {
	e := l.Entry
	c := cacheListed{ID: l.ID, Provider: e.Provider, ClientID: e.ClientID, Grant: e.Grant, Scope: e.Scope,
		GrantedScope: grantedScope(e), Audience: e.Audience, Resource: e.Resource, HasRefreshToken: e.RefreshToken != ""}
	if !e.Expiry.IsZero() {
		c.ExpiresAt = e.Expiry.UTC().Format(time.RFC3339)
		c.ExpiresIn = int64(e.Expiry.Sub(now) / time.Second)
	}
	if l.Err != nil {
		c.Error = l.Err.Error()
	}
	return c
}

// grantedScope is the scope e's access token was granted: the server's
// answer (RFC 6749 §5.1), else the access token's own claim, scope (RFC
// 9068 §2.2.3) or scp (Entra's string, Okta's array), for an answer
// without one; "" when neither says.
func grantedScope(e tokencache.Entry) string {
	if e.GrantedScope != "" {
		return e.GrantedScope
	}
	t, err := inspect.Decode(e.AccessToken)
	if err != nil {
		return ""
	}
	for _, name := range []string{"scope", "scp"} {
		c, ok := t.Claim(name)
		if !ok {
			continue
		}
		switch v := c.Value.(type) {
		case string:
			return v
		case []any:
			var scopes []string
			for _, s := range v {
				if s, ok := s.(string); ok {
					scopes = append(scopes, s)
				}
			}
			return strings.Join(scopes, " ")
		}
	}
	return ""
}

// scopeCell is what the SCOPE column shows of c: the scope granted, with
// the scope asked for (the key's) when it is another; the scope asked
// for, said so, when the grant is unknown; else "-".
func scopeCell(c cacheListed) string {
	switch {
	case c.GrantedScope != "" && c.Scope != "" && !sameScopes(c.GrantedScope, c.Scope):
		return c.GrantedScope + " (asked: " + c.Scope + ")"
	case c.GrantedScope != "":
		return c.GrantedScope
	case c.Scope != "":
		return c.Scope + " (asked)"
	}
	return "-"
}

// sameScopes tells whether a and b list the same scopes, in any order
// (RFC 6749 §3.3).
func sameScopes(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// writeCacheJSON prints the entries as a JSON array.
func writeCacheJSON(w io.Writer, entries []tokencache.Listed, now time.Time) error {
	out := make([]cacheListed, 0, len(entries))
	for _, l := range entries {
		out = append(out, listed(l, now))
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return writeJSON(w, b)
}

// writeCacheTable prints the entries as a table, each cell made
// terminal-safe (the values come from flags, files and servers).
func writeCacheTable(w io.Writer, entries []tokencache.Listed, now time.Time) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "(the token cache is empty)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tCLIENT\tGRANT\tSCOPE\tAUDIENCE\tEXPIRES IN\tREFRESH TOKEN")
	var unreadable []cacheListed
	for _, l := range entries {
		c := listed(l, now)
		if c.Error != "" {
			unreadable = append(unreadable, c)
			continue
		}
		in := "unknown"
		switch {
		case c.ExpiresAt == "":
		case c.ExpiresIn <= 0:
			in = "expired"
		default:
			in = (time.Duration(c.ExpiresIn) * time.Second).String()
		}
		refresh := "no"
		if c.HasRefreshToken {
			refresh = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(c.Provider), cell(orDash(c.ClientID)), cell(c.Grant),
			cell(scopeCell(c)), cell(orDash(c.Audience)), in, refresh)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range unreadable {
		printLine(w, "unreadable entry %s.json: %s (a miss: the next run for its key replaces it)", c.ID, c.Error)
	}
	return nil
}
