package roadmap

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"roundtable/session"
)

// TestPromotedItemsNameTheirTable (issue 16): an item that reached the
// plenary from a breakout table says which table in the session's export,
// as the programme's export does: in the model, Markdown, HTML and JSON
// (which the schema accepts); an item posted at the plenary says none.
func TestPromotedItemsNameTheirTable(t *testing.T) {
	f := newFixture(t, "s-tables", "Masalar", true, []string{"Rəqəmsal inkişaf"}, nil)
	var people []session.Actor
	for _, p := range [][2]string{{"Aysel", "IRIA"}, {"Иван", "Минэкономики"}, {"Leyla", "ASAN"}, {"Rəşad", "DSK"}} {
		people = append(people, f.join(p[0], p[1]))
	}
	f.fac(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 2})
	f.phase(session.PhaseIdeas)
	at := map[int][]session.Actor{}
	for _, a := range people {
		no := f.s.Tables[f.s.Participants[a.ID].Table].No
		at[no] = append(at[no], a)
	}
	voted := f.post(at[1][0], 0, "Vahid portal 🚀")
	f.post(at[1][1], 0, "Единый реестр")
	first := f.post(at[2][0], 0, "Şəffaflıq hesabatı")
	plenary := f.fac(session.Command{Type: session.CmdPostIdea, Topic: f.s.Topics[0].ID, Text: "Plenary idea"})[0].ID
	f.phase(session.PhaseVote)
	f.vote(at[1][0], voted, 2)
	f.fac(session.Command{Type: session.CmdCloseTables, Count: 1})
	f.phase(session.PhaseRoadmap)
	f.place(voted, "Now", "", 0)
	f.place(first, "Next", "", 0)
	f.place(plenary, "Later", "", 0)

	r := Build(f.s, Options{Generated: generated})
	want := map[string]*ProgrammeTable{
		voted:   {No: 1, Round: 1, Votes: 2, By: session.PromotedByVote},
		first:   {No: 2, Round: 1, By: session.PromotedByOrder},
		plenary: nil,
	}
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			w := want[it.ID]
			if (it.Table == nil) != (w == nil) || w != nil && *it.Table != *w {
				t.Errorf("%q comes from table %+v, want %+v", it.Title, it.Table, w)
			}
		}
	}

	md := string(render(t, r, FormatMarkdown))
	for _, line := range []string{"- **Table:** Table 1, round 1, promoted by its vote (2 votes)\n", "- **Table:** Table 2, round 1\n"} {
		if !strings.Contains(md, line) {
			t.Errorf("the Markdown does not say %q:\n%s", line, md)
		}
	}
	if n := strings.Count(md, "- **Table:**"); n != 2 {
		t.Errorf("the Markdown names a table %d times, want 2 (not for the plenary's idea):\n%s", n, md)
	}
	html := string(render(t, r, FormatHTML))
	if !strings.Contains(html, "Table 1, round 1, promoted by its vote (2 votes)") || !strings.Contains(html, "Table 2, round 1") {
		t.Errorf("the HTML does not name the tables:\n%s", html)
	}
	csvOut := string(render(t, r, FormatCSV))
	if !strings.Contains(csvOut, ",table\r\n") || !strings.Contains(csvOut, ",\"Table 1, round 1, promoted by its vote (2 votes)\"\r\n") {
		t.Errorf("the CSV has no table column naming Table 1:\n%s", csvOut)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(render(t, r, FormatJSON)))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(inst); err != nil {
		t.Errorf("the JSON does not match the schema: %v", err)
	}
}

// TestProgrammePromotedByOrderMatchesSchema (issue 16): a table that voted
// on nothing promotes its first items (session.PromotedByOrder); the
// programme's JSON says so, and its schema accepts it.
func TestProgrammePromotedByOrderMatchesSchema(t *testing.T) {
	f := newFixture(t, "s-order", "Masalar", true, []string{"Rəqəmsal inkişaf"}, nil)
	var people []session.Actor
	for _, p := range [][2]string{{"Aysel", "IRIA"}, {"Иван", "Минэкономики"}, {"Leyla", "ASAN"}, {"Rəşad", "DSK"}} {
		people = append(people, f.join(p[0], p[1]))
	}
	f.fac(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 2})
	f.phase(session.PhaseIdeas)
	item := f.post(people[0], 0, "Vahid portal 🚀")
	f.fac(session.Command{Type: session.CmdCloseTables, Count: 1})
	f.phase(session.PhaseRoadmap)
	f.place(item, "Now", "", 0)

	p := BuildProgramme("digital.leadership", []SessionRecord{{ID: "s-order", Title: "Masalar", State: f.s}}, Options{Generated: generated})
	out := renderProgramme(t, p, FormatJSON)
	if !bytes.Contains(out, []byte(`"by": "order"`)) {
		t.Fatalf("the programme's JSON does not say the item was promoted by order:\n%s", out)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileProgrammeSchema(t).Validate(inst); err != nil {
		t.Errorf("the programme's JSON does not match its schema: %v", err)
	}
}
