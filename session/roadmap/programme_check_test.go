package roadmap

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"roundtable/lang"
	"roundtable/session"
)

// reloaded returns a copy of a state made by encoding it and decoding it,
// as a store or another process would: every map is new, so its iteration
// order is new too.
func reloaded(tb testing.TB, s *session.State) *session.State {
	tb.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		tb.Fatal(err)
	}
	var out session.State
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	out.Normalize()
	return &out
}

// TestProgrammeDeterministic renders the reference programme repeatedly,
// from its live states and from states decoded afresh, and expects the
// same bytes every time: no map order leaks into any format.
func TestProgrammeDeterministic(t *testing.T) {
	pg := referenceProgramme(t)
	opts := Options{Generated: generated, Printer: lang.New(lang.AZ)}
	want := map[string][]byte{}
	r := BuildProgramme("digital.leadership", pg.records(), opts)
	for _, format := range Formats() {
		want[format] = renderProgramme(t, r, format)
	}
	for run := range 8 {
		recs := pg.records()
		if run%2 == 1 {
			for k := range recs {
				if recs[k].State != nil {
					recs[k].State = reloaded(t, recs[k].State)
				}
			}
		}
		r := BuildProgramme("digital.leadership", recs, opts)
		for _, format := range Formats() {
			if got := renderProgramme(t, r, format); !bytes.Equal(got, want[format]) {
				t.Fatalf("run %d, %s: the output differs", run, format)
			}
		}
	}
	// exporting leaves the states as they were
	before := renderProgramme(t, BuildProgramme("digital.leadership", []SessionRecord{{ID: "s-d2", Day: 2, State: reloaded(t, pg.day2.s)}}, opts), FormatJSON)
	after := renderProgramme(t, BuildProgramme("digital.leadership", []SessionRecord{{ID: "s-d2", Day: 2, State: pg.day2.s}}, opts), FormatJSON)
	if !bytes.Equal(before, after) {
		t.Fatal("building the programme changed a session's state")
	}
}

// hostileProgramme is the hostile session twice, the second day carrying
// the first's items under hostile origins, with hostile consent reasons and
// a hostile programme name.
func hostileProgramme(tb testing.TB, anonymous bool) []SessionRecord {
	tb.Helper()
	d1 := hostileSession(tb, anonymous)
	d2 := hostileSession(tb, !anonymous)
	d2.ID = "s-<i>2"
	long := strings.Repeat("Ş", 600) + " " + strings.Repeat("long ", 300)
	k := 0
	for _, id := range d1.Candidates() {
		if d1.Roadmap[id] == nil || k == 2 {
			continue
		}
		for _, c := range d2.Candidates() {
			if i := d2.Ideas[c]; i != nil && d2.Roadmap[c] != nil && i.Origin == nil {
				i.Origin = &session.Origin{Session: d1.ID, Title: hostileText[k%len(hostileText)], Day: 1, Item: id,
					Table: hostileText[(k+1)%len(hostileText)], Placed: hostileText[(k+2)%len(hostileText)], Outcome: "=evil()", Votes: 3}
				break
			}
		}
		k++
	}
	// one from a session nobody has, with hostile ids
	for _, c := range d2.Candidates() {
		if i := d2.Ideas[c]; i != nil && i.Origin == nil && d2.Roadmap[c] != nil {
			i.Origin = &session.Origin{Session: "<script>x</script>", Item: "=1+1", Title: long, Placed: "@now", Day: 1, Outcome: "=evil()", Table: "+table"}
			break
		}
	}
	for _, s := range []*session.State{d1, d2} {
		s.Consent = map[string]*session.Consent{}
		for id := range s.Roadmap {
			var reasons []session.ConsentReason
			for k, t := range hostileText {
				reasons = append(reasons, session.ConsentReason{Level: k % 2, Text: t + "\u202e\u2066bidi\x1b[31m", Institution: t})
			}
			reasons = append(reasons, session.ConsentReason{Level: 0, Text: long})
			r := session.ConsentResult{Round: 1, Distribution: [6]int{1, 2, 0, 0, 1, 1}, TookPart: 5, Reasons: reasons}
			s.Consent[id] = &session.Consent{Item: id, Round: 1, Result: &r, Outcome: session.ConsentNotAgreed}
		}
	}
	return []SessionRecord{
		{ID: d1.ID, Title: d1.Settings.Title, Day: 1, State: d1},
		{ID: "<b>gone</b>", Title: "=purged()", Day: 1, PurgedAt: generated, Events: 9},
		{ID: d2.ID, Title: d2.Settings.Title, Day: 2, State: d2},
	}
}

// TestProgrammeHostileTextIsNeutralised renders the hostile programme in
// every format and checks, as the session export's test does, that nothing
// participants wrote became markup, a formula, a link or an escape.
func TestProgrammeHostileTextIsNeutralised(t *testing.T) {
	for _, anonymous := range []bool{true, false} {
		r := BuildProgramme(`<script>alert("p")</script> =1+1 # [x](javascript:y)`, hostileProgramme(t, anonymous), Options{Generated: generated})
		checks := map[string]func(*testing.T, []byte){
			FormatHTML:     checkHTML,
			FormatMarkdown: checkMarkdown,
			FormatCSV:      checkProgrammeCSV,
			FormatJSON:     checkProgrammeJSON,
		}
		for format, check := range checks {
			t.Run(format, func(t *testing.T) {
				out := renderProgramme(t, r, format)
				if bytes.ContainsAny(out, "\x1b\x07\u009b\u202e\u2066") {
					t.Errorf("%s contains a terminal or bidi control character", format)
				}
				check(t, out)
			})
		}
	}
}

// checkProgrammeCSV parses the CSV and checks that no cell starts a
// formula and that hostile cells survive behind an apostrophe.
func checkProgrammeCSV(t *testing.T, out []byte) {
	t.Helper()
	checkCSVCells(t, out, len(ProgrammeCSVHeader()), `'=lead()`, `'=Next`, `'+table`, `'=1+1`, `'@now`)
}

// checkProgrammeJSON decodes the JSON: text is data, kept as written.
func checkProgrammeJSON(t *testing.T, out []byte) {
	t.Helper()
	if bytes.Contains(out, []byte("<script")) {
		t.Error("JSON has a raw <script")
	}
	var doc Programme
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sec := range doc.Sections {
		for _, it := range sec.Items {
			found = found || it.Placement.Lead == `=lead()`
		}
	}
	if !found || !strings.HasPrefix(doc.Info.Name, `<script>`) {
		t.Error("JSON does not keep the text as written")
	}
}

// compileProgrammeSchema compiles programme.schema.json, asserting formats.
func compileProgrammeSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	return compileSchemaDoc(tb, ProgrammeSchema(), ProgrammeSchemaID)
}

// TestProgrammeJSONMatchesSchema validates the JSON of every fixture
// programme against the schema, which forbids undocumented fields.
func TestProgrammeJSONMatchesSchema(t *testing.T) {
	sch := compileProgrammeSchema(t)
	programmes := map[string]func(testing.TB) *Programme{
		"reference": func(tb testing.TB) *Programme {
			return BuildProgramme("digital.leadership", referenceProgramme(tb).records(), Options{Generated: generated})
		},
		"agreed": func(tb testing.TB) *Programme {
			pg := referenceProgramme(tb)
			pg.agreeAll()
			return BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated})
		},
		"hostile": func(tb testing.TB) *Programme {
			return BuildProgramme("<p>", hostileProgramme(tb, true), Options{Generated: generated})
		},
		"empty": func(tb testing.TB) *Programme {
			return BuildProgramme("e", []SessionRecord{{ID: "s", Title: "E", State: newFixture(tb, "s", "E", true, nil, nil).s}}, Options{Generated: generated})
		},
	}
	for name, build := range programmes {
		t.Run(name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(renderProgramme(t, build(t), FormatJSON)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatalf("the export does not match the schema: %v", err)
			}
		})
	}
}

// TestProgrammeSchemaRejects: the schema is strict enough to catch a
// broken document, so that the validation above can fail.
func TestProgrammeSchemaRejects(t *testing.T) {
	sch := compileProgrammeSchema(t)
	valid := renderProgramme(t, BuildProgramme("digital.leadership", referenceProgramme(t).records(), Options{Generated: generated}), FormatJSON)
	first := func(doc map[string]any) map[string]any {
		return doc["roadmap"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)
	}
	tests := map[string]func(doc map[string]any){
		"an undocumented field":      func(doc map[string]any) { doc["extra"] = 1 },
		"a wrong version":            func(doc map[string]any) { doc["schema_version"] = 2 },
		"an unknown status":          func(doc map[string]any) { doc["programme"].(map[string]any)["status"] = "final" },
		"a missing coverage":         func(doc map[string]any) { delete(doc, "coverage") },
		"an item unplaced":           func(doc map[string]any) { delete(first(doc), "placement") },
		"an undocumented item field": func(doc map[string]any) { first(doc)["owner"] = "x" },
		"a short distribution": func(doc map[string]any) {
			first(doc)["consent"].(map[string]any)["rounds"].([]any)[0].(map[string]any)["distribution"] = []any{1, 2}
		},
		"a history step without its session": func(doc map[string]any) {
			delete(first(doc)["history"].([]any)[0].(map[string]any), "session")
		},
		"a bad date": func(doc map[string]any) { doc["sessions"].([]any)[0].(map[string]any)["created_at"] = "yesterday" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(valid, &doc); err != nil {
				t.Fatal(err)
			}
			mutate(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if sch.Validate(inst) == nil {
				t.Error("the schema accepts it")
			}
		})
	}
}
