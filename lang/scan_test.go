package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// awaitingUse are ids the common area offers that no code says yet: the
// apps' strings move into the catalogues next (issue 14), and each id leaves
// this list in the commit that first uses it. The test fails on an id here
// that code already uses, so the list only shrinks.
var awaitingUse = []string{
	"common.yes", "common.no",
}

// call is a p.S("id", …) or p.N("id", n, …) in the module's code.
type call struct {
	pos    token.Position
	plural bool
	id     string
	keys   []string // the template keys passed, when all are literals
	known  bool     // whether keys lists them all
	odd    bool     // a key without its value
}

// scanModule reads every non-test Go file of the module: the calls that
// name an id, and every string literal (an id in a table of ids is used).
func scanModule(t *testing.T) (calls []call, literals map[string]bool) {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if mod, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !strings.HasPrefix(string(mod), "module roundtable\n") {
		t.Fatalf("%s is not the module's root: %v", root, err)
	}
	literals = map[string]bool{}
	fset := token.NewFileSet()
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, ok := stringLit(n); ok {
					literals[s] = true
				}
			case *ast.CallExpr:
				if c, ok := idCall(fset, n); ok {
					calls = append(calls, c)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("read only %d Go files under %s", files, root)
	}
	return calls, literals
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func idCall(fset *token.FileSet, n *ast.CallExpr) (call, bool) {
	sel, ok := n.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "S" && sel.Sel.Name != "N") || len(n.Args) == 0 {
		return call{}, false
	}
	id, ok := stringLit(n.Args[0])
	if !ok {
		return call{}, false
	}
	c := call{pos: fset.Position(n.Pos()), plural: sel.Sel.Name == "N", id: id, known: !n.Ellipsis.IsValid()}
	pairs := n.Args[1:]
	if c.plural {
		if len(pairs) == 0 {
			return call{}, false // N("x") is not ours: ours takes a count
		}
		pairs = pairs[1:]
	}
	c.odd = len(pairs)%2 == 1 && c.known
	for i := 0; i < len(pairs); i += 2 {
		k, ok := stringLit(pairs[i])
		if !ok {
			c.known = false
			continue
		}
		c.keys = append(c.keys, k)
	}
	return c, true
}

// TestCodeAndCatalogueAgree: every id code says is in English, said the way
// its message needs (N for a plural, every placeholder given), and every
// English id is said somewhere.
func TestCodeAndCatalogueAgree(t *testing.T) {
	calls, literals := scanModule(t)
	en := loaded().messages[EN]
	for _, c := range calls {
		m, ok := en[c.id]
		if !ok {
			t.Errorf("%s: %q is not in the en catalogue", c.pos, c.id)
			continue
		}
		if isPlural(m) != c.plural {
			t.Errorf("%s: %q is plural=%v but said with plural=%v (use N for a plural, S otherwise)", c.pos, c.id, isPlural(m), c.plural)
		}
		if c.odd {
			t.Errorf("%s: %q: the key/value pairs end in a key without its value", c.pos, c.id)
		}
		if !c.known {
			continue
		}
		fs, _ := messageFields(m)
		for _, f := range fs {
			if !slices.Contains(c.keys, f) && !(f == "N" && c.plural) {
				t.Errorf("%s: %q needs {{.%s}}, and the call does not give it", c.pos, c.id, f)
			}
		}
	}
	for id := range en {
		if !literals[id] && !slices.Contains(awaitingUse, id) {
			t.Errorf("%q (en/%s.toml) is used nowhere in the code", id, loaded().areas[EN][id])
		}
	}
	for _, id := range awaitingUse {
		if _, ok := en[id]; !ok {
			t.Errorf("awaitingUse lists %q, which en lacks", id)
		}
		if literals[id] {
			t.Errorf("%q is used now: take it out of awaitingUse", id)
		}
	}
}
