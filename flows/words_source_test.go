package flows

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// surfaceWords finds the words of one surface in a sentence: a command-line
// flag ("--auth-method"), -v, or a TUI tab ("the Response tab").
var surfaceWords = regexp.MustCompile(`(^|[\s(\[,;:])--[a-z]|(^|[\s(])-v\b|\b(Explain|Request|Response|Claims|Diagnosis|Diagram)\s+tabs?\b|\bRequest and Response tabs\b`)

// TestTextsNameNoSurface reads every string literal of the package's
// sources: a diagnosis, warning or note that names a flag or a tab
// literally reads wrong on the other surface ("see the Response tab" on
// the command line, "switch --auth-method" in the TUI); it must say
// {setting:NAME} or {view:NAME} and let the surface choose the words.
func TestTextsNameNoSurface(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	scanned := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			scanned++
			if m := surfaceWords.FindString(s); m != "" {
				t.Errorf("%s: %q names %q: use {setting:NAME} or {view:NAME}", fset.Position(lit.Pos()), s, strings.TrimSpace(m))
			}
			return true
		})
	}
	if scanned < 100 {
		t.Fatalf("only %d string literals read: the scan is broken", scanned)
	}
}

// TestSurfaceWordsPattern keeps the scan honest: it must catch the
// sentences it exists for, and leave browser tabs and placeholders alone.
func TestSurfaceWordsPattern(t *testing.T) {
	for _, s := range []string{"switch --auth-method between", "(--manual)", "read the Response tab", "the Request and Response tabs, or token -v", "read the Claims tab: each check says why", "(Response tab, or token -v)"} {
		if !surfaceWords.MatchString(s) {
			t.Errorf("not caught: %q", s)
		}
	}
	for _, s := range []string{"switch {setting:auth-method}", "read {view:response}", "finish it in one browser tab", "── Token request", "-----BEGIN", "a-v"} {
		if surfaceWords.MatchString(s) {
			t.Errorf("caught: %q", s)
		}
	}
}
