package cli

import (
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/providers"
	"github.com/oauth-explorer/oauth-explorer/providers/demo"
)

// TestUsageErrors: a mistake in the command line is refused with exit 2,
// what was wrong and what to give instead, and where the usage of the
// command run is; cobra's own wording (accepts 1 arg(s), received 0) and
// a usage hint naming another command are not.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"misspelt command", []string{"tokn"}, []string{`unknown command "tokn"`, "did you mean token", "Run 'oauth-explorer --help' for usage."}},
		{"misspelt subcommand", []string{"cache", "lsit"}, []string{`unknown command "lsit" for "oauth-explorer cache"`, "did you mean list?", "Run 'oauth-explorer cache --help'"}},
		{"word after the TUI's flags", []string{"--issuer", "https://id.example.com", "extra"}, []string{`unknown command "extra"`}},
		{"unknown flag", []string{"token", "--bogus"}, []string{"unknown flag: --bogus", "Run 'oauth-explorer token --help' for usage."}},
		{"flag of a nested command", []string{"keys", "generate", "--bogus"}, []string{"Run 'oauth-explorer keys generate --help' for usage."}},
		{"argument to token", []string{"token", "extra"}, []string{"oauth-explorer token takes no arguments, only flags", "Run 'oauth-explorer token --help'"}},
		{"explain without a file", []string{"explain"}, []string{"explain needs a HAR capture", "oauth-explorer explain capture.har", "Run 'oauth-explorer explain --help'"}},
		{"explain with two", []string{"explain", "a.har", "b.har"}, []string{"one HAR capture, and 2 were given"}},
		{"decode with two", []string{"decode", "a", "b"}, []string{"decode takes one token at most"}},
		{"tour on another issuer", []string{"tour", "--issuer", "https://id.example.com"}, []string{"the tour always runs on the embedded demo provider and takes no provider flags (--issuer given)"}},
		{"tour with a preset's field", []string{"tour", "--tenant", "contoso"}, []string{"(--tenant given)"}},
		{"issuer without a scheme", []string{"token", "--issuer", "127.0.0.1:9420"}, []string{"it has no scheme; give --issuer as http://127.0.0.1:9420 or https://127.0.0.1:9420"}},
		{"issuer with a bad scheme", []string{"token", "--issuer", "htp:/bad url"}, []string{`"htp:/bad url" is not an http(s) URL: give --issuer as http://… or https://…`}},
		{"TUI's issuer without a scheme", []string{"--issuer", "id.example.com"}, []string{"give --issuer as http://id.example.com or https://id.example.com"}},
		{"token URL", []string{"token", "--client-id", "c", "--token-url", "ftp://id.example.com/token"}, []string{"give --token-url as"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, c.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr does not say %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "arg(s)") {
				t.Errorf("cobra's wording reached the user:\n%s", errOut)
			}
			if out != "" {
				t.Errorf("stdout: %q", out)
			}
		})
	}
}

// TestNoUsageHintForOtherErrors: an error that is not about how the
// command was called gets no pointer to --help.
func TestNoUsageHintForOtherErrors(t *testing.T) {
	code, _, errOut := run(t, nil, "token", "--issuer", "https://id.example.com")
	if code != 2 || strings.Contains(errOut, "--help") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}

// TestDemoClientsLabelled: --help labels each demo client by what it
// authenticates with, as demo-server's list does: no client that holds a
// key or a certificate is called public.
func TestDemoClientsLabelled(t *testing.T) {
	help := demoClientsHelp()
	for _, c := range demo.Clients() {
		label := demoCredential(c)
		if !strings.Contains(help, c.ID+strings.Repeat(" ", max(1, 19-len(c.ID)))+label+"\n") {
			t.Errorf("--help does not label %s %q:\n%s", c.ID, label, help)
		}
		public := strings.Contains(label, "public")
		if public != (c.AuthMethod == providers.AuthNone) {
			t.Errorf("%s (%s) is labelled %q", c.ID, c.AuthMethod, label)
		}
	}
}
