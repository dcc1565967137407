// Package grantscan finds, in a package's source, what would tie it to one
// grant: the screens and the commands derive every grant and step from
// flows' declarations (flows.Grants, flows.StepInfo), so that adding a
// grant touches neither. Their tests call Check.
package grantscan

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FlowsImport is the import path of the package that declares the grants.
const FlowsImport = "github.com/oauth-explorer/oauth-explorer/flows"

// Declared is what flows declares per grant: the names a package of the
// screens or the commands must not use.
type Declared struct {
	// Steps are the package-level StepInfo variables that a grant plans
	// (flows.ACLogin).
	Steps map[string]bool
	// StepIDs are the IDs those steps declare ("login").
	StepIDs map[string]bool
	// FlowIDs are the FlowID constants (flows.FlowIDAuthCode).
	FlowIDs map[string]bool
	// Grants are the grant types (those that embed the stepper) and their
	// constructors (flows.AuthCode, flows.NewAuthCode).
	Grants map[string]bool
}

// ReadFlows collects the declarations of the flows package in dir.
func ReadFlows(dir string) (Declared, error) {
	d := Declared{Steps: map[string]bool{}, StepIDs: map[string]bool{}, FlowIDs: map[string]bool{}, Grants: map[string]bool{}}
	_, files, err := parseDir(dir)
	if err != nil {
		return d, err
	}
	var funcs []*ast.FuncDecl
	stepIDs := map[string]string{}
	for _, f := range files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				readGenDecl(d, stepIDs, decl)
			case *ast.FuncDecl:
				funcs = append(funcs, decl)
			}
		}
	}
	// The constructors once every grant type is known.
	for _, fn := range funcs {
		readConstructor(d, fn)
	}
	// A step belongs to a grant when the grant's constructor plans it;
	// the others (Discovery, which the stepper adds to every plan) are
	// everyone's.
	planned, ids := map[string]bool{}, map[string]bool{}
	for _, fn := range funcs {
		if fn.Recv != nil || !d.Grants[fn.Name.Name] || fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && d.Steps[id.Name] {
				planned[id.Name] = true
				ids[stepIDs[id.Name]] = true
			}
			return true
		})
	}
	d.Steps, d.StepIDs = planned, ids
	return d, nil
}

// readGenDecl notes the FlowID constants, the StepInfo variables with
// their IDs (in stepIDs) and the types that embed the stepper.
func readGenDecl(d Declared, stepIDs map[string]string, decl *ast.GenDecl) {
	for _, spec := range decl.Specs {
		switch spec := spec.(type) {
		case *ast.ValueSpec:
			for i, name := range spec.Names {
				if decl.Tok == token.CONST && strings.HasPrefix(name.Name, "FlowID") {
					d.FlowIDs[name.Name] = true
				}
				if i >= len(spec.Values) {
					continue
				}
				lit, ok := spec.Values[i].(*ast.CompositeLit)
				if !ok || !isIdentNamed(lit.Type, "StepInfo") {
					continue
				}
				d.Steps[name.Name] = true
				for _, el := range lit.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok && isIdentNamed(kv.Key, "ID") {
						if s, ok := stringLit(kv.Value); ok {
							stepIDs[name.Name] = s
						}
					}
				}
			}
		case *ast.TypeSpec:
			st, ok := spec.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 && isIdentNamed(f.Type, "stepper") {
					d.Grants[spec.Name.Name] = true
				}
			}
		}
	}
}

// readConstructor notes a function that returns a grant type.
func readConstructor(d Declared, fn *ast.FuncDecl) {
	if fn.Recv != nil || fn.Type.Results == nil {
		return
	}
	for _, r := range fn.Type.Results.List {
		if star, ok := r.Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && d.Grants[id.Name] {
				d.Grants[fn.Name.Name] = true
			}
		}
	}
}

// Check reports every place in the non-test Go files of dir that names a
// grant or a step of d: a step variable, a grant type or constructor, a
// FlowID constant other than as the default value of a flag, and a
// declared step ID written as a string and compared with, switched on or
// given as an ID.
func Check(dir string, d Declared) ([]string, error) {
	fset, files, err := parseDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		flowsName := importName(f)
		report := func(n ast.Node, format string, args ...any) {
			pos := fset.Position(n.Pos())
			out = append(out, fmt.Sprintf("%s:%d: %s", filepath.Base(pos.Filename), pos.Line, fmt.Sprintf(format, args...)))
		}
		// Flag defaults may name a FlowID: the default --flow is a
		// choice the command makes, not a grant it implements.
		allowed := map[ast.Node]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isFlagDef(call) {
				for _, a := range call.Args {
					allowed[a] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if flowsName == "" || !isIdentNamed(n.X, flowsName) {
					return true
				}
				sel := n.Sel.Name
				switch {
				case d.Steps[sel]:
					report(n, "names the step flows.%s", sel)
				case d.Grants[sel]:
					report(n, "names the grant flows.%s", sel)
				case d.FlowIDs[sel] && !allowed[n]:
					report(n, "names the grant flows.%s outside a flag default", sel)
				}
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					for _, pair := range [][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
						if s, ok := stringLit(pair[1]); ok && d.StepIDs[s] && isIDField(pair[0]) {
							report(n, "compares a step ID with %q", s)
						}
					}
				}
			case *ast.SwitchStmt:
				if n.Tag == nil || !isIDField(n.Tag) {
					return true
				}
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						if s, ok := stringLit(e); ok && d.StepIDs[s] {
							report(n, "switches on a step ID, case %q", s)
						}
					}
				}
			case *ast.KeyValueExpr:
				if s, ok := stringLit(n.Value); ok && d.StepIDs[s] && isIdentNamed(n.Key, "ID") {
					report(n, "declares a step with ID %q", s)
				}
			}
			return true
		})
	}
	return out, nil
}

// isFlagDef reports whether call defines a flag: fl.StringVar(&v, name,
// default, usage) and the like.
func isFlagDef(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "String", "StringVar", "StringP", "StringVarP":
		return true
	}
	return false
}

// isIDField reports whether e reads a field named ID (st.ID, r.Step.ID).
func isIDField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "ID"
}

func isIdentNamed(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// importName returns the name f imports flows under, "" when it does not.
func importName(f *ast.File) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == FlowsImport {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return "flows"
		}
	}
	return ""
}

// parseDir parses the non-test Go files of dir, in name order.
func parseDir(dir string) (*token.FileSet, []*ast.File, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("no Go files in %s", dir)
	}
	return fset, files, nil
}

// Require fails tb when the package in dir names a grant, a step or a step
// ID that flowsDir declares (DESIGN.md, principle 7): the UI and the
// commands read flows.Grants, StepInfo and Result instead, and a FlowID
// stands only as a flag's default.
func Require(tb testing.TB, dir, flowsDir string) {
	tb.Helper()
	d, err := ReadFlows(flowsDir)
	if err != nil {
		tb.Fatal(err)
	}
	found, err := Check(dir, d)
	if err != nil {
		tb.Fatal(err)
	}
	if len(found) > 0 {
		tb.Errorf("this package names grants or steps; derive them from flows' declarations instead:\n%s", strings.Join(found, "\n"))
	}
}
