package roadmap

import (
	"testing"

	"roundtable/session"
)

// TestGroupedIdeasAreUnderTheGroupsTopic: ideas merged from two topics
// are, in the appendix and in the topics' counts, under the group's
// topic (its first idea's), where the road map lists the group; once
// taken out of the group, under their own again.
func TestGroupedIdeasAreUnderTheGroupsTopic(t *testing.T) {
	f := newFixture(t, "s1", "Merge", true, []string{"Development", "Integration"}, nil)
	aysel := f.join("Aysel", iria)
	f.phase(session.PhaseIdeas)
	a := f.post(aysel, 0, "Digital skills academy")
	b := f.post(aysel, 1, "One citizen data registry")
	f.phase(session.PhaseGroup)
	g := f.group("People and data", a, b)
	r := Build(f.s, Options{Generated: generated})
	if n := len(r.Appendix[0].Ideas); n != 2 || r.Appendix[0].Ideas[1].ID != b {
		t.Errorf("the appendix lists %d ideas under Development, want both merged ones: %+v", n, r.Appendix[0].Ideas)
	}
	if n := len(r.Appendix[1].Ideas); n != 0 {
		t.Errorf("the appendix lists %d ideas under Integration, want none", n)
	}
	if r.Topics[0].Ideas != 2 || r.Topics[1].Ideas != 0 {
		t.Errorf("the topics count %d and %d ideas, want 2 and 0", r.Topics[0].Ideas, r.Topics[1].Ideas)
	}
	if got := f.s.ItemTopic(g); got != f.s.Topics[0].ID {
		t.Errorf("the group's topic is %q, want Development's", got)
	}
	f.fac(session.Command{Type: session.CmdUngroupIdea, Item: b})
	r = Build(f.s, Options{Generated: generated})
	if r.Topics[0].Ideas != 1 || r.Topics[1].Ideas != 1 {
		t.Errorf("taken out, the topics count %d and %d ideas, want 1 and 1", r.Topics[0].Ideas, r.Topics[1].Ideas)
	}
}
