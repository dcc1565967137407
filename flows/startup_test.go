package flows

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oauth-explorer/oauth-explorer/internal/clientkey"
)

// TestPackageVarsNeedNoCode: the package-level variables of flows and of
// the packages it reads its tables from are plain data. A call or an
// append in one runs at every start, --version included, and makes the
// compiler build at start every later variable that copies another (its
// staticinit stops copying once a call might have changed one). Tables
// that must be computed are lazy.Values, built on first use.
func TestPackageVarsNeedNoCode(t *testing.T) {
	for _, dir := range []string{".", "../providers", "../internal/inspect"} {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, spec := range g.Specs {
					for _, v := range spec.(*ast.ValueSpec).Values {
						ast.Inspect(v, func(n ast.Node) bool {
							if _, ok := n.(*ast.FuncLit); ok {
								return false // run when called, not at start
							}
							c, ok := n.(*ast.CallExpr)
							if !ok {
								return true
							}
							if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
								if x, ok := sel.X.(*ast.Ident); ok && x.Name == "errors" {
									return true // inlined: a pointer to a string
								}
							}
							t.Errorf("%s: a package-level variable runs code at start; make it a lazy.Value", fset.Position(c.Pos()))
							return true
						})
					}
				}
			}
		}
	}
}

// TestJWTAlgChoices: the JWT algorithm input, spelled out so that it is
// plain data, offers auto and every algorithm clientkey signs with.
func TestJWTAlgChoices(t *testing.T) {
	if want := append([]string{jwtAlgAuto}, clientkey.Algorithms...); !slices.Equal(jwtAlgInput.Choices, want) {
		t.Errorf("jwt-alg choices %v, want %v", jwtAlgInput.Choices, want)
	}
}
