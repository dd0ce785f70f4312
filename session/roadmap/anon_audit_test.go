package roadmap

import (
	"bytes"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// TestAuditWithholdsAsTheRoomSaw (issue 15): the audit appendix of an
// anonymous session names the author of a moderated idea or comment as
// the rest of the export does: a withheld institution stays withheld,
// also once the idea or comment is gone; a named session names it.
func TestAuditWithholdsAsTheRoomSaw(t *testing.T) {
	build := func(anonymous bool, p *lang.Printer) *Roadmap {
		f := newFixture(t, "audit", "Audit", anonymous, []string{"Development"}, nil)
		var iria []session.Actor
		for _, name := range []string{"Aysel", "Rashad", "Leyla"} {
			iria = append(iria, f.join(name, "IRIA"))
		}
		lone := f.join("Tural", "Lone Agency")
		f.phase(session.PhaseIdeas)
		hidden := f.post(lone, 0, "Open data portal")
		deleted := f.post(lone, 0, "Shared registry")
		kept := f.post(iria[0], 0, "Common e-signature")
		f.comment(lone, kept, "Start with two ministries")
		f.fac(session.Command{Type: session.CmdHideIdea, Item: hidden})
		f.fac(session.Command{Type: session.CmdDeleteIdea, Item: deleted})
		for id, c := range f.s.Comments {
			if c.Item == kept {
				f.fac(session.Command{Type: session.CmdDeleteComment, Item: id})
			}
		}
		return Build(f.s, Options{Generated: generated, Printer: p})
	}
	for _, tag := range []lang.Tag{lang.EN, lang.AZ, lang.RU} {
		p := lang.New(tag)
		anon, named := build(true, p), build(false, p)
		if len(anon.Audit) != 3 {
			t.Fatalf("%s: the appendix lists %d acts, want 3", tag, len(anon.Audit))
		}
		for _, format := range Formats() {
			var a, n bytes.Buffer
			if err := Render(&a, anon, format); err != nil {
				t.Fatal(err)
			}
			if err := Render(&n, named, format); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(a.String(), "Lone Agency") {
				t.Errorf("%s %s, anonymous: the appendix names the lone institution", tag, format)
			}
			if !strings.Contains(n.String(), "Lone Agency") {
				t.Errorf("%s %s, named: the lone institution is not named", tag, format)
			}
		}
	}
}
