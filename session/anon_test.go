package session_test

import (
	"maps"
	"slices"
	"strconv"
	"testing"

	"roundtable/session"
)

// roomOf is a session with k and participants of the given institutions,
// in order, then the ideas phase.
func roomOf(k int, insts ...string) []session.Event {
	st := session.DefaultSettings()
	st.AnonK = k
	evs := []session.Event{createdWith(st, "Development")}
	for n, inst := range insts {
		id := "p" + strconv.Itoa(n+2)
		evs = append(evs, joined(id, "P"+id, inst))
	}
	return append(evs, phase(session.PhaseIdeas))
}

func TestNamedInstitutions(t *testing.T) {
	for name, tc := range map[string]struct {
		k     int
		insts []string
		want  []string
	}{
		"three of one, two alone: the two alone would be singled out, so none is named": {3, []string{"A", "A", "A", "B", "C"}, nil},
		"the smallest named goes to the pool, the larger stays":                         {3, []string{"A", "A", "A", "B", "B", "B", "B", "C", "D"}, []string{"B"}},
		"everyone of a named institution: no pool":                                      {3, []string{"A", "A", "A", "B", "B", "B"}, []string{"A", "B"}},
		"a pool of k people is enough":                                                  {3, []string{"A", "A", "A", "B", "C", "D"}, []string{"A"}},
		"a room smaller than k names nothing":                                           {3, []string{"A", "A"}, nil},
		"k of 1 names everyone":                                                         {1, []string{"A", "B", "C"}, []string{"A", "B", "C"}},
		"the reference workshop: singles pooled, the ministries named":                  {3, []string{"M", "M", "M", "M", "N", "N", "N", "O", "P", "Q", "R"}, []string{"M", "N"}},
		"ties go by name": {3, []string{"A", "A", "A", "B", "B", "B", "C"}, []string{"B"}},
	} {
		t.Run(name, func(t *testing.T) {
			s := given(t, roomOf(tc.k, tc.insts...)...)
			got := slices.Sorted(maps.Keys(session.NamedInstitutions(s)))
			if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Fatalf("named %v, want %v", got, tc.want)
			}
		})
	}
}

func anonCases() map[string]decideCase {
	four := roomOf(3, "IRIA", "IRIA", "IRIA", "ASAN")
	three := roomOf(3, "IRIA", "IRIA", "IRIA")
	open := session.DefaultSettings()
	open.Anonymous = false
	named := []session.Event{createdWith(open, "Development"), joined("p2", "Aysel", "IRIA"), phase(session.PhaseIdeas)}
	k5 := session.DefaultSettings()
	k5.AnonK = 5
	return map[string]decideCase{
		"an idea of a named institution carries it": {
			given: three, actor: session.Actor{ID: "p2", Role: session.RoleParticipant},
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"},
			want: at("p2", posted("i5", "t1", "Open data", "p2", "IRIA")),
		},
		"an idea of a lone institution is withheld, and so is the smallest named one": {
			given: four, actor: session.Actor{ID: "p5", Role: session.RoleParticipant},
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"},
			want: at("p5", masked(posted("i6", "t1", "Open data", "p5", "ASAN"))),
		},
		"in a named session nothing is withheld": {
			given: named, actor: session.Actor{ID: "p2", Role: session.RoleParticipant},
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"},
			want: at("p2", posted("i3", "t1", "Open data", "p2", "IRIA")),
		},
		"set k": {
			given: three, actor: fac,
			cmd:  session.Command{Type: session.CmdUpdateSettings, AnonK: ptr(5)},
			want: at("facilitator", session.Event{Type: session.EvSettingsUpdated, Settings: &k5}),
		},
		"k of 0": {
			given: three, actor: fac, cmd: session.Command{Type: session.CmdUpdateSettings, AnonK: ptr(0)}, wantCode: session.EINVALID,
		},
		"k over the limit": {
			given: three, actor: fac, cmd: session.Command{Type: session.CmdUpdateSettings, AnonK: ptr(51)}, wantCode: session.EINVALID,
		},
	}
}

func TestDecideAnonymity(t *testing.T) {
	for name, tc := range anonCases() {
		t.Run(name, func(t *testing.T) { runDecide(t, tc) })
	}
	t.Run("create with k over the limit", func(t *testing.T) {
		runDecide(t, decideCase{actor: fac, cmd: session.Command{Type: session.CmdCreateSession, AnonK: ptr(51)}, wantCode: session.EINVALID})
	})
}

// TestRedactAnonymity: a withheld institution reaches only its author and
// the facilitator; done marks reach others as counts, in the events and in
// the snapshot alike.
func TestRedactAnonymity(t *testing.T) {
	s := given(t, concat(roomOf(3, "IRIA", "ASAN"), []session.Event{
		masked(posted("i5", "t1", "Open data", "p2", "IRIA")),
		masked(commented("c6", "i5", "Yes", "p3", "ASAN")),
		{Type: session.EvDoneMarked, Actor: "p2", ID: "p2", Phase: session.PhaseIdeas},
		{Type: session.EvDoneMarked, Actor: "p3", ID: "p3", Phase: session.PhaseIdeas},
	})...)
	p2 := session.Actor{ID: "p2", Role: session.RoleParticipant}
	p3 := session.Actor{ID: "p3", Role: session.RoleParticipant}
	idea := masked(posted("i5", "t1", "Open data", "p2", "IRIA"))
	if e := session.Redact(idea, p3, true, false); e.Institution != "" || !e.InstitutionMasked || e.Actor != "" {
		t.Fatalf("p3 gets %+v", e)
	}
	if e := session.Redact(idea, p2, true, false); e.Institution != "IRIA" {
		t.Fatalf("the author gets %+v", e)
	}
	if e := session.Redact(idea, fac, true, false); e.Institution != "IRIA" {
		t.Fatalf("the facilitator gets %+v", e)
	}
	done := session.Event{Type: session.EvDoneMarked, Actor: "p2", ID: "p2", Phase: session.PhaseIdeas}
	for _, anon := range []bool{true, false} {
		if e := session.Redact(done, p3, anon, false); e.ID != "" || e.Actor != "" {
			t.Fatalf("anonymous %v: p3 gets %+v", anon, e)
		}
	}
	v := session.RedactState(s, p3)
	if got := v.Ideas["i5"].Institution; got != "" {
		t.Fatalf("p3's snapshot names i5's institution %q", got)
	}
	if got := v.Comments["c6"].Institution; got != "ASAN" {
		t.Fatalf("p3's snapshot withholds their own comment's institution: %q", got)
	}
	if !v.Done[session.PhaseIdeas]["p3"] || len(v.Done[session.PhaseIdeas]) != 1 || v.DoneOthers[session.PhaseIdeas] != 1 || v.DoneCount(session.PhaseIdeas) != 2 {
		t.Fatalf("p3's snapshot: done %v, others %v", v.Done, v.DoneOthers)
	}
	o := session.RedactState(s, observer)
	if len(o.Done) != 0 || o.DoneCount(session.PhaseIdeas) != 2 {
		t.Fatalf("the observer's snapshot: done %v, others %v", o.Done, o.DoneOthers)
	}
	// A replica built from the counts agrees.
	r := session.NewState("s1")
	cleared := session.Event{Type: session.EvDoneCleared, Actor: "p2", ID: "p2", Phase: session.PhaseIdeas}
	for k, e := range []session.Event{done, done, cleared} {
		e.Seq = int64(k + 1)
		r.Apply(session.Redact(e, p3, true, false))
	}
	if r.DoneCount(session.PhaseIdeas) != 1 {
		t.Fatalf("a copy counting others' marks has %d done", r.DoneCount(session.PhaseIdeas))
	}
}
