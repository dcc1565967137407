package flows

import (
	"net/url"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers/demo/demotest"
)

// TestPromptPasteExample checks that each grant that takes a paste says
// what one looks like where its answer comes back: the query of the
// redirect for the authorization code, its fragment for the implicit
// grant, at the redirect URI the prompt names.
func TestPromptPasteExample(t *testing.T) {
	srv := demotest.Start(t)
	for _, tc := range []struct {
		name   string
		prompt func() *Prompt
		answer func(u *url.URL) string
		want   string
	}{
		{"authorization code", func() *Prompt {
			return startAuth(t, NewAuthCode(authCodeProvider(t, srv, "demo-confidential"), Options{}))
		}, func(u *url.URL) string { return u.RawQuery }, "code="},
		{"implicit", func() *Prompt {
			return startImplicit(t, NewImplicit(authCodeProvider(t, srv, "demo-legacy"), Options{}))
		}, func(u *url.URL) string { return u.Fragment }, "access_token="},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := tc.prompt()
			if !pr.Paste || pr.PasteHint == "" {
				t.Fatalf("prompt takes a paste %v, hint %q", pr.Paste, pr.PasteHint)
			}
			if !strings.HasPrefix(pr.PasteExample, pr.RedirectURI) {
				t.Errorf("example %q is not at the redirect URI %s", pr.PasteExample, pr.RedirectURI)
			}
			u, err := url.Parse(pr.PasteExample)
			if err != nil {
				t.Fatal(err)
			}
			if a := tc.answer(u); !strings.HasPrefix(a, tc.want) || !strings.Contains(a, "state=") {
				t.Errorf("example %q does not carry %s…&state=… where the answer comes back", pr.PasteExample, tc.want)
			}
		})
	}
}
