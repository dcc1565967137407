package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/flows"
)

// TestPhraseHintsPlaced: a navigation hint never sits inside another
// parenthesis, nor beside one; it is said once per line; a setting the
// TUI's command does not take is named with the command that does.
func TestPhraseHintsPlaced(t *testing.T) {
	action := tuiWords{toSettings: escFromAction}
	for _, c := range []struct {
		w        tuiWords
		in, want string
	}{
		{tuiWords{}, "no client secret was sent ({setting:auth-method} none): a public client cannot introspect",
			"no client secret was sent (Auth method none): a public client cannot introspect (for Auth method, esc: settings)"},
		{action, "no client secret was sent ({setting:auth-method} none): a public client cannot introspect.",
			"no client secret was sent (Auth method none): a public client cannot introspect (for Auth method, esc: back to the run, esc again: settings)."},
		{tuiWords{}, "set {setting:audience} (or {setting:resource}, or the scope prefix) to the API's identifier",
			"set Audience (or Resource, or the scope prefix) to the API's identifier (for Audience and Resource under Advanced, esc: settings)"},
		{tuiWords{}, "set {setting:audience} or {setting:resource} to it",
			"set Audience (esc: settings) or Resource (under Advanced) to it"},
		{tuiWords{}, "set {setting:scope}, then check {setting:client-id} (its {setting:client-secret} too)",
			"set Scopes (esc: settings), then check Client ID (its Client secret too)"},
		{tuiWords{}, "finish within 30s ({setting:timeout})",
			"finish within 30s (the --timeout option, start oauth-explorer with it)"},
		{tuiWords{}, "the token is not a refresh token ({setting:token-type-hint} refresh_token tries it)",
			"the token is not a refresh token (the command line's oauth-explorer revoke --token-type-hint refresh_token tries it)"},
		{tuiWords{}, "see {view:response} ({view:request} too)", "see the Response tab (3) (the Request tab (2) too)"},
	} {
		if got := c.w.phrase(c.in); got != c.want {
			t.Errorf("phrase(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestEverySettingHasTUIWords reads every {setting:NAME} of flows'
// sources: each is a field of the settings form, a flag of the command
// that starts the TUI, or a setting named with the command that takes
// it; never "the --NAME option" of a flag the TUI's command refuses.
func TestEverySettingHasTUIWords(t *testing.T) {
	files, err := filepath.Glob("../flows/*.go")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					for _, m := range placeholders.FindAllStringSubmatch(s, -1) {
						if m[1] == "setting" {
							names[m[2]] = true
						}
					}
				}
			}
			return true
		})
	}
	if len(names) < 20 {
		t.Fatalf("only %d settings found in flows: the scan is broken", len(names))
	}
	for name := range names {
		sw := tuiWords{}.setting(name)
		if strings.HasPrefix(sw.name, "the command line's --") {
			t.Errorf("{setting:%s}: no field, root flag or command known for it (%q)", name, sw.name)
		}
		if strings.HasPrefix(sw.name, "the --") && !rootFlags[name] {
			t.Errorf("{setting:%s} is named as a flag of the TUI's command: %q", name, sw.name)
		}
	}
	if flows.Phrase("{setting:refresh}", tuiWords{}) != "the command line's oauth-explorer token --refresh" {
		t.Errorf("refresh: %q", flows.Phrase("{setting:refresh}", tuiWords{}))
	}
}

// TestCaptureWords: a HAR capture shown as a run has no settings: the
// keys to verify its tokens are the explain command's flags, never a
// provider chosen in the TUI, which a capture does not use.
func TestCaptureWords(t *testing.T) {
	w := tuiWords{capture: true}
	got := w.phrase("the access token is not verified: give the issuer ({setting:issuer}) or the keys ({setting:jwks}); set {setting:audience}")
	want := "the access token is not verified: give the issuer (the command line's oauth-explorer explain --issuer) or the keys (the command line's oauth-explorer explain --jwks); set Audience"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
