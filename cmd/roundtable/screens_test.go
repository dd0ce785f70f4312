package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScreensNeverHoldTheirApp enforces the rule of docs/ARCHITECTURE.md
// that a screen never holds its app's root model: in each app package, no
// type but the root has a field that mentions the root, and no function or
// method but the root's own takes the root as a parameter (function
// literals, interface methods and func-typed fields count). Screens get
// tui.Common, the replica and callbacks instead.
func TestScreensNeverHoldTheirApp(t *testing.T) {
	apps := map[string]string{
		"participant": "Participant",
		"console":     "Console",
		"wall":        "Wall",
	}
	for pkg, root := range apps {
		t.Run(pkg, func(t *testing.T) {
			dir := filepath.Join("..", "..", "tui", pkg)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			files, rootFound := 0, false
			for _, e := range entries {
				name := e.Name()
				if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
					continue
				}
				f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
				if err != nil {
					t.Fatal(err)
				}
				files++
				rootFound = rootFound || f.Scope.Lookup(root) != nil
				for _, leak := range rootLeaks(fset, f, root) {
					t.Errorf("%s: holds or takes the app's root %s", leak, root)
				}
			}
			if files == 0 || !rootFound {
				t.Fatalf("tui/%s: %d files, root %s declared: %v", pkg, files, root, rootFound)
			}
		})
	}

	// The shapes the rule forbids, as the code had them before issue 12,
	// must be caught; the root's own methods and constructors must not be.
	bad := map[string]struct {
		root, src string
		want      int
	}{
		"participant env carrying the app": {root: "Participant", want: 2, src: `package participant
type Participant struct{ lobby lobbyScreen }
type env struct{ st int; app *Participant }
type lobbyScreen struct{ n int }
func (l *lobbyScreen) rebuild(e *env) {}
func New() *Participant { return &Participant{} }
func (m *Participant) env() *env { return &env{app: m} }
var hook = func(m *Participant) {}
`},
		"console screens taking the console": {root: "Console", want: 5, src: `package console
type Console struct{ moderate moderateScreen; cb func() }
type consoleScreen interface{ key(c *Console) bool }
type moderateScreen struct{ back []*Console }
func (s *moderateScreen) rebuild(c *Console) {}
func (c *Console) handleKey(other Console) {}
type desk struct{ act func(*Console) }
`},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "bad.go", tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := rootLeaks(fset, f, tc.root); len(got) != tc.want {
				t.Errorf("found %d leaks, want %d: %v", len(got), tc.want, got)
			}
		})
	}
}

// rootLeaks returns the places in f where something other than the root
// type holds the root, or something other than a root method takes it.
func rootLeaks(fset *token.FileSet, f *ast.File, root string) []string {
	own := map[*ast.FuncType]bool{}          // the signatures of the root's methods
	rootFields := map[*ast.StructType]bool{} // the root's own struct
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 && isRoot(fd.Recv.List[0].Type, root) {
			own[fd.Type] = true
		}
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.TypeSpec:
			if st, ok := x.Type.(*ast.StructType); ok && x.Name.Name == root {
				rootFields[st] = true
			}
		case *ast.StructType:
			if rootFields[x] {
				return true
			}
			for _, fld := range x.Fields.List {
				if mentions(fld.Type, root) {
					out = append(out, fset.Position(fld.Pos()).String()+" field")
				}
			}
		case *ast.FuncType:
			if own[x] || x.Params == nil {
				return true
			}
			for _, p := range x.Params.List {
				if mentions(p.Type, root) {
					out = append(out, fset.Position(p.Pos()).String()+" parameter")
				}
			}
		}
		return true
	})
	return out
}

// isRoot reports whether a receiver type is the root or a pointer to it.
func isRoot(e ast.Expr, root string) bool {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.Name == root
}

// mentions reports whether a type expression names the root type of this
// package (a type of another package, pkg.Name, never does).
func mentions(e ast.Expr, root string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			return false
		case *ast.Ident:
			found = found || x.Name == root
		}
		return !found
	})
	return found
}
