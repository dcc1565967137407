package flows

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// With Options.DefaultScopes and no scope given, the Discovery step
// chooses the scopes from the demo's OpenID configuration, says so, drops
// the pre-flight warning about no scope, and the device authorization
// request carries them. Without it, nothing is chosen and the request
// has no scope.
func TestDiscoveryChoosesDefaultScopes(t *testing.T) {
	srv := demotest.Start(t)
	for _, choose := range []bool{true, false} {
		p := deviceProvider(t, srv)
		p.Scopes = nil
		s := &sleeper{now: time.Now()}
		opts := s.options()
		opts.DefaultScopes = choose
		f := NewDevice(p, opts)
		disc := f.Next(context.Background())
		auth := f.Next(context.Background())
		f.Close()
		noted := slices.ContainsFunc(disc.Notes, func(n string) bool { return strings.Contains(n, "{setting:scope}") })
		warned := slices.ContainsFunc(disc.Warnings, func(w Warning) bool { return w.Check == "scope" })
		if len(auth.Exchanges) != 1 {
			t.Fatalf("choose=%v: device authorization exchanges: %d", choose, len(auth.Exchanges))
		}
		form, err := url.ParseQuery(string(auth.Exchanges[0].Request.Body))
		if err != nil {
			t.Fatal(err)
		}
		scope := form.Get("scope")
		if choose {
			if !noted || warned || !strings.HasPrefix(scope, "openid") || !strings.Contains(scope, "offline_access") {
				t.Errorf("chosen: noted %v, warned %v, scope %q; notes %q", noted, warned, scope, disc.Notes)
			}
		} else if noted || scope != "" {
			t.Errorf("not chosen: noted %v, scope %q", noted, scope)
		}
	}
}
