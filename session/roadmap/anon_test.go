package roadmap

import (
	"bytes"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// TestExportWithholdsAsTheRoomSaw (issue 15): in an anonymous session an
// institution the room saw withheld (fewer than k of it were present) is
// "another institution" in every format and language of the export too;
// a named institution stays named; a named session names everyone.
func TestExportWithholdsAsTheRoomSaw(t *testing.T) {
	build := func(anonymous bool, p *lang.Printer) *Roadmap {
		f := newFixture(t, "anon", "Anonymity", anonymous, []string{"Development"}, nil)
		var iria []session.Actor
		for _, name := range []string{"Aysel", "Rashad", "Leyla"} {
			iria = append(iria, f.join(name, "IRIA"))
		}
		for _, name := range []string{"Nigar", "Orxan", "Samir"} {
			f.join(name, "ASAN")
		}
		// IRIA and ASAN have 3 each, the lone agency 1: a pool of 1 would
		// single it out, so ASAN (first by name) joins the pool and IRIA
		// alone is named.
		lone := f.join("Tural", "Lone Agency")
		f.phase(session.PhaseIdeas)
		mine := f.post(lone, 0, "Open data portal")
		theirs := f.post(iria[0], 0, "Shared registry")
		f.comment(lone, theirs, "Start with two ministries")
		f.phase(session.PhaseVote)
		f.vote(iria[1], mine, 1)
		f.phase(session.PhaseRoadmap)
		f.place(mine, "Now", "", 0)
		f.place(theirs, "Next", "", 0)
		return Build(f.s, Options{Generated: generated, Printer: p})
	}
	for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
		p := lang.New(tag)
		for _, format := range Formats() {
			var anon, named bytes.Buffer
			if err := Render(&anon, build(true, p), format); err != nil {
				t.Fatal(err)
			}
			if err := Render(&named, build(false, p), format); err != nil {
				t.Fatal(err)
			}
			label := p.S("anon.another_institution")
			if out := anon.String(); strings.Contains(out, "Lone Agency") || strings.Contains(out, "ASAN") || !strings.Contains(out, "IRIA") || !strings.Contains(out, label) {
				t.Errorf("%s %s, anonymous: the lone institution is named (%v), IRIA is not (%v), or %q is missing (%v)",
					tag, format, strings.Contains(out, "Lone Agency"), !strings.Contains(out, "IRIA"), label, !strings.Contains(out, label))
			}
			if out := named.String(); !strings.Contains(out, "Lone Agency") || strings.Contains(out, label) {
				t.Errorf("%s %s, named: the lone institution is not named, or is withheld", tag, format)
			}
		}
	}
}
