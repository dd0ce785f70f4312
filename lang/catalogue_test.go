package lang

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// pluralForms are the CLDR plural categories each language needs for
// integer and decimal counts.
var pluralForms = map[Tag][]string{
	EN: {"one", "other"},
	AZ: {"one", "other"},
	RU: {"few", "many", "one", "other"},
}

func TestCatalogueLoads(t *testing.T) {
	c := loaded()
	if c.err != nil {
		t.Fatal(c.err)
	}
	if len(c.messages[EN]) == 0 {
		t.Fatal("the en catalogue is empty")
	}
}

// forms returns a message's non-empty plural forms by CLDR name.
func forms(m *i18n.Message) map[string]string {
	f := map[string]string{}
	for name, s := range map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other} {
		if s != "" {
			f[name] = s
		}
	}
	return f
}

func isPlural(m *i18n.Message) bool {
	return len(forms(m)) > 1 || m.Other == ""
}

func TestEveryLanguageHasEveryMessage(t *testing.T) {
	c := loaded()
	for _, tag := range All {
		for id, en := range c.messages[EN] {
			m, ok := c.messages[tag][id]
			if !ok {
				t.Errorf("%s: %q is missing (it is in en/%s.toml)", tag, id, c.areas[EN][id])
				continue
			}
			if c.areas[tag][id] != c.areas[EN][id] {
				t.Errorf("%s: %q is in %s.toml, en has it in %s.toml", tag, id, c.areas[tag][id], c.areas[EN][id])
			}
			got := slices.Sorted(maps.Keys(forms(m)))
			want := []string{"other"}
			if isPlural(en) {
				want = pluralForms[tag]
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q has the forms %v; it needs %v", tag, id, got, want)
			}
		}
		for id := range c.messages[tag] {
			if _, ok := c.messages[EN][id]; !ok {
				t.Errorf("%s: %q is not in en", tag, id)
			}
		}
	}
}

func TestIDsStartWithTheirArea(t *testing.T) {
	c := loaded()
	for _, tag := range All {
		for id, area := range c.areas[tag] {
			if !strings.HasPrefix(id, area+".") {
				t.Errorf("%s/%s.toml: %q should start with %q", tag, area, id, area+".")
			}
		}
	}
}

// fields lists the placeholders ({{.Name}}) a template uses.
func fields(src string) ([]string, error) {
	tmpl, err := template.New("").Parse(src)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			seen[n.Ident[0]] = true
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	if tmpl.Tree != nil {
		walk(tmpl.Tree.Root)
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

// messageFields is the union of the placeholders of a message's forms.
func messageFields(m *i18n.Message) ([]string, error) {
	all := map[string]bool{}
	for _, src := range forms(m) {
		fs, err := fields(src)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			all[f] = true
		}
	}
	return slices.Sorted(maps.Keys(all)), nil
}

func TestPlaceholdersMatchEnglish(t *testing.T) {
	c := loaded()
	for _, tag := range All {
		for id, m := range c.messages[tag] {
			got, err := messageFields(m)
			if err != nil {
				t.Errorf("%s: %q does not parse: %v", tag, id, err)
				continue
			}
			en, ok := c.messages[EN][id]
			if !ok {
				continue
			}
			want, _ := messageFields(en)
			for _, f := range want {
				if !slices.Contains(got, f) {
					t.Errorf("%s: %q lacks {{.%s}}, which en has", tag, id, f)
				}
			}
			for _, f := range got {
				if !slices.Contains(want, f) && !(f == "N" && isPlural(en)) {
					t.Errorf("%s: %q uses {{.%s}}, which en lacks: callers will not fill it", tag, id, f)
				}
			}
		}
	}
}

// sample fills every placeholder of id (but N) with a value of its own.
func sample(t *testing.T, id string) []any {
	t.Helper()
	fs, err := messageFields(loaded().messages[EN][id])
	if err != nil {
		t.Fatal(err)
	}
	var args []any
	for _, f := range fs {
		if f != "N" {
			args = append(args, f, "7"+f+"7")
		}
	}
	return args
}

func TestEveryMessageRenders(t *testing.T) {
	c := loaded()
	for _, tag := range All {
		p := New(tag)
		for id, en := range c.messages[EN] {
			args := sample(t, id)
			counts := []int{0}
			if isPlural(en) {
				counts = []int{0, 1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 111, 1000, 1001}
			}
			for _, n := range counts {
				cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: map[string]any{"N": n}}
				if isPlural(en) {
					cfg.PluralCount = n
				}
				for i := 0; i < len(args); i += 2 {
					cfg.TemplateData.(map[string]any)[args[i].(string)] = args[i+1]
				}
				s, err := p.loc.Localize(cfg)
				if err != nil || s == "" || strings.Contains(s, "<no value>") {
					t.Errorf("%s: %q for %d: %q, %v", tag, id, n, s, err)
				}
				for i := 1; i < len(args); i += 2 {
					if !strings.Contains(s, args[i].(string)) {
						t.Errorf("%s: %q shows no %s: %q", tag, id, args[i-1], s)
					}
				}
			}
		}
	}
}

func TestIDs(t *testing.T) {
	ids := IDs("common")
	if !slices.Contains(ids, "common.yes") || !slices.IsSorted(ids) {
		t.Errorf("IDs(common) = %v", ids)
	}
	if got := IDs("no-such-area"); len(got) != 0 {
		t.Errorf("IDs(no-such-area) = %v", got)
	}
}
