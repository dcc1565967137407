package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// forbiddenImports are packages ui does not import: flows parses bodies
// and JSON (Result.Sent, Received, Callback), decodes tokens (Result
// Inspections and Decoded, flows.DecodeToken) and makes every HTTP request
// (flows.VerifyTokenWith); ui renders (issue 11, item 3).
var forbiddenImports = []string{"encoding/json", "encoding/base64", "mime", "net/http"}

// forbiddenCalls are functions ui does not call, by import path.
var forbiddenCalls = map[string][]string{
	"net/url": {"Parse", "ParseQuery", "ParseRequestURI", "QueryUnescape", "PathUnescape"},
	"github.com/oauth-explorer/oauth-explorer/internal/inspect": {"Decode", "Verify"},
}

// parsingAllowed lists, by file, the uses still allowed, as "path" for an
// import or "path.Func" for a call.
var parsingAllowed = map[string][]string{
	// The issuer URL a user types is checked as they type it: input, not
	// something a server sent. This one stays.
	"add_provider.go": {"net/url.Parse"},
}

// TestUIDoesNoParsing fails when a non-test file of ui parses a body, a
// query or JSON, decodes a token or makes an HTTP client of its own.
func TestUIDoesNoParsing(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		allowed := map[string]bool{}
		for _, a := range parsingAllowed[name] {
			allowed[a] = true
		}
		report := func(what string) {
			used[name+":"+what] = true
			if !allowed[what] {
				t.Errorf("%s uses %s: flows computes, ui renders (issue 11, item 3)", name, what)
			}
		}
		local := map[string]string{} // local name → import path
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbiddenImports {
				if path == bad {
					report(path)
				}
			}
			n := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				n = imp.Name.Name
			}
			local[n] = path
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			path := local[x.Name]
			for _, fn := range forbiddenCalls[path] {
				if sel.Sel.Name == fn {
					report(path + "." + fn)
				}
			}
			return true
		})
	}
	// An exception no longer needed goes, so that the list only shrinks.
	var stale []string
	for file, list := range parsingAllowed {
		for _, a := range list {
			if !used[file+":"+a] {
				stale = append(stale, file+": "+a)
			}
		}
	}
	sort.Strings(stale)
	for _, s := range stale {
		t.Errorf("parsingAllowed lists %s, which the file no longer uses: remove it", s)
	}
}
