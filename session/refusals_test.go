package session_test

import (
	"errors"
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

	"roundtable/session"
)

// placeholder is a template's {{.Name}}.
var placeholder = regexp.MustCompile(`\{\{\.([A-Za-z]+)\}\}`)

// placeholders lists the names a template fills, sorted.
func placeholders(tmpl string) []string {
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		seen[m[1]] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// refuseCall is a Refuse(code, "key", "Name", value, …) in the code.
type refuseCall struct {
	pos   token.Position
	key   string
	names []string // the parameters' names, when all are literals
	known bool
}

// scanRefusals reads the package's code: its Refuse calls whose key is a
// literal, and every string literal.
func scanRefusals(t *testing.T) ([]refuseCall, map[string]bool) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var calls []refuseCall
	literals := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "refusals.go" {
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
				id, ok := n.Fun.(*ast.Ident)
				if !ok || id.Name != "Refuse" || len(n.Args) < 2 {
					return true
				}
				lit, ok := n.Args[1].(*ast.BasicLit)
				if !ok {
					return true
				}
				key, _ := strconv.Unquote(lit.Value)
				c := refuseCall{pos: fset.Position(n.Pos()), key: key, known: len(n.Args)%2 == 0}
				for i := 2; i < len(n.Args); i += 2 {
					l, ok := n.Args[i].(*ast.BasicLit)
					if !ok {
						c.known = false
						break
					}
					s, _ := strconv.Unquote(l.Value)
					c.names = append(c.names, s)
				}
				slices.Sort(c.names)
				calls = append(calls, c)
			}
			return true
		})
	}
	if len(calls) < 50 {
		t.Fatalf("found only %d Refuse calls", len(calls))
	}
	return calls, literals
}

// TestRefusalsAndCodeAgree: every refusal the code makes is in the table,
// given exactly the parameters its template fills, and every message of
// the table is made somewhere (its id is a literal: inPhase and ownIdea
// take ids too); terms are what parameters name.
func TestRefusalsAndCodeAgree(t *testing.T) {
	table := session.Refusals()
	calls, literals := scanRefusals(t)
	for _, c := range calls {
		tmpl, ok := table[c.key]
		if !ok {
			t.Errorf("%s: %q is not in the table of refusals", c.pos, c.key)
			continue
		}
		if want := placeholders(tmpl); c.known && !slices.Equal(c.names, want) {
			t.Errorf("%s: %q is given %v; its template fills %v", c.pos, c.key, c.names, want)
		}
	}
	for key := range table {
		if strings.HasPrefix(key, "errors.phase.") || strings.HasPrefix(key, "errors.field.") {
			continue
		}
		if !literals[key] {
			t.Errorf("%q: no code makes this refusal", key)
		}
	}
	for _, p := range session.Phases() {
		if _, ok := table[session.TermKey("Phase", string(p))]; !ok {
			t.Errorf("the phase %q has no term", p)
		}
	}
	for _, f := range []session.Field{session.SessionTitle, session.HorizonName, session.TopicName, session.ParticipantName,
		session.InstitutionName, session.IdeaText, session.GroupName, session.CommentText, session.DiscussionNotes,
		session.DiscussionDecision, session.LeadInstitution, session.SupportingInstitution, session.FeedbackText} {
		if _, ok := table[session.TermKey("Field", f.Name)]; !ok {
			t.Errorf("the field %q has no term", f.Name)
		}
	}
}

func TestRefuse(t *testing.T) {
	tests := map[string]struct {
		err      *session.Error
		wantArgs map[string]string
		wantMsg  string
	}{
		"a count": {
			session.Refuse(session.ELIMIT, "errors.votes_used_all", "N", 5),
			map[string]string{"N": "5"},
			"You have used all 5 of your votes. Remove one to vote again.",
		},
		"a phase is a term": {
			session.Refuse(session.EFORBIDDEN, "errors.vote_phase", "Phase", session.PhaseIdeas),
			map[string]string{"Phase": "ideas"},
			"Voting happens in the vote phase; now is the ideas phase.",
		},
		"a field is a term, said as the table says it": {
			session.Refuse(session.EINVALID, "errors.field_too_long", "Field", "group_name", "Length", 130, "Max", 120),
			map[string]string{"Field": "group_name", "Length": "130", "Max": "120"},
			"The group name is 130 characters long; the limit is 120.",
		},
		"a value that names no term is itself": {
			session.Refuse(session.EINVALID, "errors.field_empty", "Field", "colour"),
			map[string]string{"Field": "colour"},
			"The colour is empty.",
		},
		"no parameters": {
			session.Refuse(session.ECONFLICT, "errors.no_timer"),
			nil,
			"No timer is set.",
		},
		"a missing key shows in brackets": {
			session.Refuse(session.ECONFLICT, "errors.no_such_thing"),
			nil,
			"[errors.no_such_thing]",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.err.Args, tc.wantArgs) {
				t.Errorf("args %v, want %v", tc.err.Args, tc.wantArgs)
			}
			if tc.err.Message != tc.wantMsg || tc.err.Error() != tc.wantMsg {
				t.Errorf("message %q, want %q", tc.err.Message, tc.wantMsg)
			}
		})
	}
}

// TestRefusalsOfDecide: what Decide refuses names its message and gives
// its parameters; text a client sent is escaped as %q would.
func TestRefusalsOfDecide(t *testing.T) {
	five := concat(ideas(session.PhaseVote), []session.Event{voted("p5", "i7", 1), voted("p5", "i7", 1),
		voted("p5", "i8", 1), voted("p5", "i8", 1), voted("p5", "i9", 1)})
	tests := map[string]struct {
		given []session.Event
		actor session.Actor
		cmd   session.Command
		want  session.Error
	}{
		"over the budget": {five, p5, session.Command{Type: session.CmdVote, Item: "i9", Delta: 1}, session.Error{
			Code: session.ELIMIT, Key: "errors.votes_used_all", Args: map[string]string{"N": "5"},
			Message: "You have used all 5 of your votes. Remove one to vote again."}},
		"posting in the vote phase": {five, p5, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "x"}, session.Error{
			Code: session.EFORBIDDEN, Key: "errors.post_idea_phase", Args: map[string]string{"Phase": "vote"},
			Message: "You cannot post ideas in the vote phase."}},
		"an unknown command, escaped": {five, p5, session.Command{Type: "x\x1b[2J"}, session.Error{
			Code: session.EINVALID, Key: "errors.unknown_command", Args: map[string]string{"Type": `x\x1b[2J`},
			Message: `Unknown command "x\x1b[2J".`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := session.Decide(given(t, tc.given...), tc.actor, tc.cmd, now)
			var e *session.Error
			if !errors.As(err, &e) {
				t.Fatalf("err %v, want a refusal", err)
			}
			if !reflect.DeepEqual(*e, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *e, tc.want)
			}
		})
	}
}

func TestAsError(t *testing.T) {
	if session.AsError(nil) != nil {
		t.Error("AsError(nil) is not nil")
	}
	e := session.AsError(errors.New("disk on fire"))
	if e.Code != session.EINTERNAL || e.Key != "errors.internal" || e.Message != "Internal error." {
		t.Errorf("a foreign error becomes %+v", e)
	}
	r := session.Refuse(session.ELIMIT, "errors.vote_cap", "N", 3)
	if session.AsError(r) != r {
		t.Error("AsError does not return a refusal itself")
	}
}
