package cli

import (
	"strings"
	"testing"
)

// TestHelpSynopsisFirst: a command's help starts with how to call it (the
// usage line, a summary, the examples), so that token's, hundreds of lines
// long, shows them on the first screen; the reference and the flags
// follow, nothing of them left out.
func TestHelpSynopsisFirst(t *testing.T) {
	code, out, _ := run(t, nil, "token", "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(out, "\n")
	if lines[0] != "Usage:" || lines[1] != "  oauth-explorer token [flags]" {
		t.Errorf("token -h does not start with its usage:\n%s", strings.Join(lines[:5], "\n"))
	}
	examples := strings.Index(out, "\nExamples:\n")
	flowsAt := strings.Index(out, "\nFlows (--flow):\n")
	flags := strings.Index(out, "\nFlags:\n")
	if examples < 0 || strings.Count(out[:examples], "\n") > 10 {
		t.Errorf("the examples do not come within the first lines (at byte %d)", examples)
	}
	if !(examples < flowsAt && flowsAt < flags) {
		t.Errorf("order: examples at %d, the flows at %d, flags at %d", examples, flowsAt, flags)
	}
	for _, want := range []string{"token runs a flow non-interactively", "--export FILE writes the run", "token --cache keeps the tokens", "--flow string"} {
		if !strings.Contains(out, want) {
			t.Errorf("token -h lost %q", want)
		}
	}
}

// TestHelpFitsEightyColumns: the help of every command, up to its flags
// (cobra lays those out), fits 80 columns, and no example passes a client
// secret as an argument, which ps shows and the shell's history keeps.
func TestHelpFitsEightyColumns(t *testing.T) {
	for _, cmd := range [][]string{
		{"token"}, {"introspect"}, {"revoke"}, {"userinfo"}, {"decode"}, {"explain"}, {"providers"},
		{"demo-server"}, {"keys", "generate"}, {"tour"}, {"client-document"},
	} {
		t.Run(strings.Join(cmd, " "), func(t *testing.T) {
			code, out, _ := run(t, nil, append(cmd, "--help")...)
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			prose, _, _ := strings.Cut(out, "\nFlags:\n")
			for _, line := range strings.Split(prose, "\n") {
				if n := len([]rune(line)); n > 80 {
					t.Errorf("%d columns: %s", n, line)
				}
			}
			if strings.Contains(prose, "--client-secret \"") || strings.Contains(prose, "--client-secret $") {
				t.Errorf("an example passes the secret as an argument:\n%s", prose)
			}
		})
	}
}
