package roadmap

import (
	"slices"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// refs lists the merged road map's items by ref, in road map order.
func refs(r *Programme) []string {
	var out []string
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			out = append(out, it.Ref)
		}
	}
	return out
}

// itemByRef returns the merged road map's item with the given ref.
func itemByRef(t *testing.T, r *Programme, ref string) ProgrammeItem {
	t.Helper()
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			if it.Ref == ref {
				return it
			}
		}
	}
	t.Fatalf("no item %s in %v", ref, refs(r))
	return ProgrammeItem{}
}

// TestProgrammeMergesCarriedItems: an item carried to a later session and
// placed there is shown once, at that session, with its history; one
// carried but not placed stays at its own session with the later step; one
// carried from a purged session keeps what the carrying session recorded.
func TestProgrammeMergesCarriedItems(t *testing.T) {
	pg := referenceProgramme(t)
	r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated})
	want := []string{"s-d2/" + pg.merged, "s-d1/" + pg.council, "s-d2/" + pg.quality, "s-d1/" + pg.portal, "s-d2/" + pg.regional}
	if got := refs(r); !slices.Equal(got, want) {
		t.Fatalf("items %v, want %v", got, want)
	}
	if slices.Contains(refs(r), "s-d1/"+pg.interop) {
		t.Error("day 1's interoperability item is shown twice: on its own and merged")
	}

	merged := itemByRef(t, r, "s-d2/"+pg.merged)
	if len(merged.History) != 1 || merged.History[0].Session.ID != "s-d1" || merged.History[0].Item != pg.interop {
		t.Fatalf("the merged item's history is %+v, want day 1's group", merged.History)
	}
	day1 := merged.History[0]
	// merging loses neither item's history: both texts, votes, consent, notes and decisions
	for what, ok := range map[string]bool{
		"day 1's group name":          day1.Title == "Qarşılıqlı fəaliyyət: platforma + API",
		"day 1's member ideas":        len(day1.Ideas) == 2 && day1.Ideas[1].Text == "Open API standard for all state bodies",
		"day 1's votes":               day1.Votes == 8,
		"day 1's two consent rounds":  day1.Consent != nil && len(day1.Consent.Rounds) == 2 && day1.Consent.Outcome == session.ConsentAgreed,
		"day 1's decision":            day1.Decision == "Pilot with 5 institutions in Q1.",
		"day 1's table":               day1.Table != nil && day1.Table.No == 1 && day1.Table.By == session.PromotedByVote,
		"day 1's idea's table":        day1.Ideas[1].Table != nil && day1.Ideas[1].Table.No == 3,
		"day 2's new idea":            len(merged.Ideas) == 2 && merged.Ideas[1].Text == "Single sign-on for all e-services",
		"the carried idea's origin":   merged.Ideas[0].From != nil && merged.Ideas[0].From.Item == pg.interop && merged.Ideas[0].From.Day == 1,
		"day 2's votes":               merged.Votes == 8,
		"day 2's consent":             merged.outcome() == session.ConsentReservations,
		"day 2's decision":            merged.Decision == "IRIA leads; ASAN pilots the sign-on.",
		"day 2's placement":           merged.Placement.Horizon == "Now" && merged.Placement.Lead == "Rəqəmsal inkişaf agentliyi",
		"carried":                     merged.Carried,
		"no later step":               len(merged.Later) == 0,
		"a named consent reason":      merged.Consent.Rounds[0].Reasons[0].Author != nil && merged.Consent.Rounds[0].Reasons[0].Author.Name == "Иван Петров",
		"day 1's reasons kept":        len(day1.Consent.Rounds[0].Reasons) == 2 && day1.Consent.Rounds[0].Outcome == session.ConsentNotAgreed,
		"day 1's anonymous reasons":   day1.Consent.Rounds[0].Reasons[0].Author == nil,
		"day 1's comments":            len(day1.Comments) == 2,
		"backing over the history":    merged.Institutions.Count == 5,
		"backing names no lone agent": !slices.Contains(merged.Institutions.Named, progLone),
	} {
		if !ok {
			t.Errorf("%s: wrong", what)
		}
	}

	council := itemByRef(t, r, "s-d1/"+pg.council)
	if len(council.History) != 0 || len(council.Later) != 1 || council.Later[0].Session.ID != "s-d2" || council.Later[0].Placement != nil {
		t.Errorf("the council carried but not placed on day 2: history %d, later %+v", len(council.History), council.Later)
	}
	if council.Consent.Rounds[0].Reasons[0].Author != nil {
		t.Error("an anonymous session's consent reason names its author")
	}

	regional := itemByRef(t, r, "s-d2/"+pg.regional)
	if len(regional.History) != 1 {
		t.Fatalf("the item carried from the purged session has history %+v", regional.History)
	}
	rec := regional.History[0]
	if !rec.Recorded || rec.Session.ID != "s-d1b" || rec.Votes != 7 || rec.Placement == nil || rec.Placement.Horizon != "Next" ||
		rec.outcome() != session.ConsentReservations || rec.Table == nil || rec.Table.Label != "Table 2" || rec.Title != "Regional digital service centres" {
		t.Errorf("the purged session's step is %+v", rec)
	}

	if r.Info.Status != ProgrammeDraft || !slices.Equal(r.Info.Pending, []string{"s-d1/" + pg.portal, "s-d2/" + pg.regional}) {
		t.Errorf("status %s, pending %v: want draft, kept so by the portal and the regional centres", r.Info.Status, r.Info.Pending)
	}
	if s := r.Sessions[1]; s.Purged == nil || s.Purged.Events != 412 || s.Participants != 31 || s.Purged.Ideas != 27 {
		t.Errorf("the purged session is listed as %+v", s)
	}
}

// TestProgrammeStatus: agreed only when every item's outcome is agreed or
// agreed with reservations; a road map without items is a draft.
func TestProgrammeStatus(t *testing.T) {
	pg := referenceProgramme(t)
	pg.agreeAll()
	r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated})
	if r.Info.Status != ProgrammeAgreed || len(r.Info.Pending) != 0 {
		t.Errorf("every item agreed: status %s, pending %v", r.Info.Status, r.Info.Pending)
	}
	pg.day2.s.Consent[pg.quality].Outcome = session.ConsentNotAgreed
	r = BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated})
	if r.Info.Status != ProgrammeDraft || !slices.Equal(r.Info.Pending, []string{"s-d2/" + pg.quality}) {
		t.Errorf("an item not agreed: status %s, pending %v", r.Info.Status, r.Info.Pending)
	}
	pg.day2.s.Consent[pg.quality].Outcome = ""
	pg.day2.s.Consent[pg.quality].Open = true
	r = BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated})
	if r.Info.Status != ProgrammeDraft {
		t.Errorf("a round open: status %s", r.Info.Status)
	}
	empty := BuildProgramme("empty", []SessionRecord{{ID: "s1", Title: "Nothing yet", Day: 1, State: newFixture(t, "s1", "Nothing yet", true, nil, nil).s}}, Options{Generated: generated})
	if empty.Info.Status != ProgrammeDraft || empty.Info.Items != 0 {
		t.Errorf("a programme without items: status %s, %d items", empty.Info.Status, empty.Info.Items)
	}
	only := BuildProgramme("gone", []SessionRecord{{ID: "s1", Title: "Purged", Day: 1, PurgedAt: generated, Events: 3}}, Options{Generated: generated})
	if len(only.Sessions) != 1 || only.Sessions[0].Purged == nil || only.Info.Items != 0 {
		t.Errorf("a programme of one purged session: %+v", only.Sessions)
	}
	for _, format := range Formats() {
		renderProgramme(t, empty, format)
		renderProgramme(t, only, format)
	}
}

// TestProgrammeCoverage: institutions are one across sessions however
// typed; an institution an anonymous session withheld is never named from
// that session, and what it posted there counts only as withheld.
func TestProgrammeCoverage(t *testing.T) {
	pg := referenceProgramme(t)
	r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated})
	c := r.Coverage
	byName := map[string]ProgrammeInstitution{}
	for _, in := range c.Named {
		byName[in.Name] = in
	}
	var names []string
	for _, in := range c.Named {
		names = append(names, in.Name)
	}
	if want := []string{progASAN, progStats, progSchool, progIRIA, progEcon}; !slices.Equal(names, want) {
		t.Fatalf("named institutions %q, want %q (each once, however typed)", names, want)
	}
	iria := byName[progIRIA]
	if iria.Sessions != 2 || iria.Ideas != 2 || iria.Comments != 1 || iria.Leads != 1 || iria.Supports != 1 || !iria.Voted {
		t.Errorf("IRIA, typed two ways over two days: %+v", iria)
	}
	asan := byName[progASAN]
	if asan.Sessions != 2 || asan.Ideas != 3 || asan.Leads != 1 || asan.Supports != 1 {
		t.Errorf("ASAN: %+v", asan)
	}
	// Statistics posted on day 1 where the session withheld it: that idea and
	// its vote are not its; on day 2, named, it posted and led.
	stats := byName[progStats]
	if stats.Sessions != 1 || stats.Ideas != 1 || stats.Leads != 1 {
		t.Errorf("the statistics committee: %+v", stats)
	}
	if school := byName[progSchool]; school.Contributed() || school.Backed() || school.Sessions != 1 {
		t.Errorf("the ministry that took part and posted nothing: %+v", school)
	}
	// backing counts the supporters the road maps name who took no part
	// too (the cabinet, the bank): the facilitator's text, public anyway
	if c.Institutions != 7 || c.Unnamed != 2 || c.Contributed != 4 || c.Quiet != 1 || c.Led != 3 || c.Backed != 6 {
		t.Errorf("counts %+v", c)
	}
	if c.Withheld != (ProgrammeWithheld{Ideas: 3, Comments: 1}) {
		t.Errorf("withheld %+v: want the lone agency's, statistics' and the bank's day-1 ideas and the lone agency's comment", c.Withheld)
	}
	if !slices.Equal(c.Others, []string{"Cabinet of Ministers", progBank}) {
		t.Errorf("others %q", c.Others)
	}
	for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
		r := BuildProgramme("digital.leadership", pg.records(), Options{Generated: generated, Printer: lang.New(tag)})
		for _, format := range Formats() {
			out := string(renderProgramme(t, r, format))
			if strings.Contains(out, progLone) {
				t.Errorf("%s %s: the lone agency, withheld on day 1, is named", tag, format)
			}
		}
	}
}

// TestProgrammeNamesNoMaskedInstitution (issue 15's rule across a
// programme): in a programme of anonymous sessions, an institution the
// room saw withheld is named nowhere in any format or language, even when
// it takes part on both days; one the rule names is.
func TestProgrammeNamesNoMaskedInstitution(t *testing.T) {
	day := func(id string, d int) SessionRecord {
		f := progSession(t, id, "Day", true, epoch.AddDate(0, 0, d-1), []string{"Development"}, nil)
		var iria []session.Actor
		for _, n := range []string{"Aysel", "Rashad", "Leyla"} {
			iria = append(iria, f.join(n, "IRIA"))
		}
		for _, n := range []string{"Nigar", "Orxan", "Samir"} {
			f.join(n, "ASAN")
		}
		lone := f.join("Tural", "Lone Agency")
		f.phase(session.PhaseIdeas)
		mine := f.post(lone, 0, "Open data portal "+id)
		theirs := f.post(iria[0], 0, "Shared registry "+id)
		f.comment(lone, theirs, "Start with two ministries")
		f.phase(session.PhaseVote)
		f.vote(lone, theirs, 2)
		f.vote(iria[1], mine, 1)
		f.phase(session.PhaseRoadmap)
		f.place(mine, "Now", "", 0)
		f.place(theirs, "Next", "", 0)
		f.consent(mine, session.ConsentResult{Round: 1, Distribution: [6]int{1, 0, 0, 0, 3, 3}, TookPart: 7,
			Reasons: []session.ConsentReason{{Level: 0, Text: "Not ours to run.", Author: lone.ID, Institution: "Lone Agency"}}})
		return SessionRecord{ID: id, Title: "Day", Day: d, Created: f.s.CreatedAt, LastChange: f.s.LastEventAt, State: f.s}
	}
	recs := []SessionRecord{day("a1", 1), day("a2", 2)}
	for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
		r := BuildProgramme("p", recs, Options{Generated: generated, Printer: lang.New(tag)})
		if r.Coverage.Unnamed != 2 || len(r.Coverage.Named) != 1 || r.Coverage.Named[0].Name != "IRIA" {
			t.Errorf("%s: coverage %+v: want IRIA named, ASAN and the lone agency counted only", tag, r.Coverage)
		}
		for _, format := range Formats() {
			out := string(renderProgramme(t, r, format))
			if strings.Contains(out, "Lone Agency") || strings.Contains(out, "ASAN") || !strings.Contains(out, "IRIA") {
				t.Errorf("%s %s: the lone agency or ASAN is named, or IRIA is not", tag, format)
			}
		}
	}
}

// renderProgramme renders r in format, failing the test on error.
func renderProgramme(tb testing.TB, r *Programme, format string) []byte {
	tb.Helper()
	var b strings.Builder
	if err := RenderProgramme(&b, r, format); err != nil {
		tb.Fatalf("%s: %v", format, err)
	}
	return []byte(b.String())
}
