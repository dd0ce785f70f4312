package protocol_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

var placeholder = regexp.MustCompile(`\{\{\.([A-Za-z]+)\}\}`)

func placeholders(tmpl string) []string {
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		seen[m[1]] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// TestRefusalsAndCodeAgree: every protocol.Refuse and session.Refuse of the
// hub and the client library names a refusal of its table with exactly
// the parameters its template fills, every refusal of the table is made
// somewhere, and the two tables share no id.
func TestRefusalsAndCodeAgree(t *testing.T) {
	tables := map[string]map[string]string{"protocol": protocol.Refusals(), "session": session.Refusals()}
	for key := range tables["protocol"] {
		if _, ok := tables["session"][key]; ok {
			t.Errorf("%q is in both tables", key)
		}
	}
	var files []string
	for _, dir := range []string{"../server", "../server/client"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	fset := token.NewFileSet()
	literals := map[string]bool{}
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING {
					literals[s] = true
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Refuse" || len(n.Args) < 2 {
					return true
				}
				pkg, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				table := tables[pkg.Name]
				lit, ok := n.Args[1].(*ast.BasicLit)
				if table == nil || !ok {
					return true
				}
				calls++
				key, _ := strconv.Unquote(lit.Value)
				pos := fset.Position(n.Pos())
				tmpl, ok := table[key]
				if !ok {
					t.Errorf("%s: %q is not in the %s table", pos, key, pkg.Name)
					return true
				}
				var names []string
				for i := 2; i < len(n.Args); i += 2 {
					if l, ok := n.Args[i].(*ast.BasicLit); ok {
						s, _ := strconv.Unquote(l.Value)
						names = append(names, s)
					}
				}
				slices.Sort(names)
				if want := placeholders(tmpl); !slices.Equal(names, want) {
					t.Errorf("%s: %q is given %v; its template fills %v", pos, key, names, want)
				}
			}
			return true
		})
	}
	if calls < 30 {
		t.Fatalf("found only %d refusals in the hub and the client", calls)
	}
	for key := range tables["protocol"] {
		if !literals[key] {
			t.Errorf("%q: neither the hub nor the client makes this refusal", key)
		}
	}
}

// TestDocumentNamesRealKeys: every errors.* key docs/PROTOCOL.md names is
// a refusal of the session, the hub or the client, with the English the
// document shows in its table.
func TestDocumentNamesRealKeys(t *testing.T) {
	all := session.Refusals()
	maps.Copy(all, protocol.Refusals())
	doc := readDoc(t)
	keys := regexp.MustCompile("`(errors\\.[a-z_.]+[a-z_])`").FindAllStringSubmatch(doc, -1)
	if len(keys) < 5 {
		t.Fatalf("the document names only %d keys", len(keys))
	}
	for _, m := range keys {
		if strings.HasSuffix(m[1], ".") {
			continue
		}
		if _, ok := all[m[1]]; !ok {
			t.Errorf("the document names %q, which no table has", m[1])
		}
	}
	for _, line := range strings.Split(section(t, doc, "Refusals in the reader's language"), "\n") {
		c := cells(line)
		if len(c) != 3 || !strings.HasPrefix(c[0], "`errors.") {
			continue
		}
		key := strings.Trim(c[0], "`")
		if all[key] != c[2] {
			t.Errorf("the document says %q is %q; it is %q", key, c[2], all[key])
		}
	}
}

// TestFramesCarryTheRefusal: a nack and an error frame carry a refusal's
// code, message, key and arguments, and leave key and args out when
// empty.
func TestFramesCarryTheRefusal(t *testing.T) {
	e := session.Refuse(session.ELIMIT, "errors.votes_used_all", "N", 5)
	b, _ := json.Marshal(protocol.NackOf("f00d", e))
	want := `{"t":"nack","op":"f00d","code":"ELIMIT","message":"You have used all 5 of your votes. Remove one to vote again.","key":"errors.votes_used_all","args":{"N":"5"}}`
	if string(b) != want {
		t.Errorf("nack\n got  %s\n want %s", b, want)
	}
	var n protocol.Nack
	if err := json.Unmarshal(b, &n); err != nil || !reflect.DeepEqual(n.Refused(), e) {
		t.Errorf("the nack read back is %+v (%v), want %+v", n.Refused(), err, e)
	}
	b, _ = json.Marshal(protocol.ErrorOf(protocol.Refuse(session.EINVALID, "errors.hub.frame_not_json")))
	if want := `{"t":"error","code":"EINVALID","message":"Malformed frame: not valid JSON.","key":"errors.hub.frame_not_json"}`; string(b) != want {
		t.Errorf("error frame\n got  %s\n want %s", b, want)
	}
	old := protocol.Error{T: protocol.KindError, Code: session.EINVALID, Message: "From an older hub."}
	if r := old.Refused(); r.Key != "" || r.Args != nil || r.Message != old.Message {
		t.Errorf("an older hub's error reads as %+v", r)
	}
}
