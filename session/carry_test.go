package session_test

import (
	"reflect"
	"testing"

	"roundtable/session"
)

// Issue 16: carrying items forward in a programme (decide_carry.go,
// carry.go).

// day1 is where the carried items of these tests come from.
func fromDay1(item, placed string, votes int) *session.Origin {
	return &session.Origin{Session: "d1", Title: "Day 1", Day: 1, Item: item, Placed: placed, Votes: votes}
}

// carriedIdea is an item as a carry_items command carries it: Topic is
// its topic's name in the earlier session.
func carriedIdea(text, topic string, o *session.Origin) session.Idea {
	return session.Idea{Text: text, Topic: topic, Origin: o}
}

func carryCmd(items ...session.Idea) session.Command {
	return session.Command{Type: session.CmdCarryItems, Carried: items}
}

// carriedEvent is items_carried with the ideas Decide makes of them.
func carriedEvent(items ...session.Idea) session.Event {
	for i := range items {
		items[i].Author = session.FacilitatorID
		items[i].CreatedAt = now
	}
	return session.Event{Type: session.EvItemsCarried, Actor: session.FacilitatorID, At: now, Carried: items}
}

func programmeCases() map[string]decideCase {
	many := make([]session.Idea, session.MaxCarried+1)
	for i := range many {
		many[i] = carriedIdea("item", "Development", fromDay1("i"+itoa(i+1), "", 0))
	}
	return map[string]decideCase{
		"in the lobby, each under the topic of its name": {
			given: room(session.PhaseLobby), actor: fac,
			cmd: carryCmd(
				carriedIdea("Open data portal", "  INTEGRATION ", fromDay1("g12", "Now", 7)),
				carriedIdea("Shared registry", "coordination", fromDay1("i8", "", 3)),
				carriedIdea("Legal basis", "Law", fromDay1("i20", "", 1)),
			),
			want: []session.Event{carriedEvent(
				session.Idea{ID: "i7", Topic: "t3", Text: "Open data portal", Origin: fromDay1("g12", "Now", 7)},
				session.Idea{ID: "i8", Topic: "t2", Text: "Shared registry", Origin: fromDay1("i8", "", 3)},
				session.Idea{ID: "i9", Topic: "t1", Text: "Legal basis", Origin: fromDay1("i20", "", 1)},
			)},
		},
		"in the ideas phase, texts sanitised": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd: carryCmd(carriedIdea("Open\x1b[31m data\u200b", "Development",
				&session.Origin{Session: "d1", Item: "i3", Title: "Day\x07 1", Table: "Table 3", Outcome: session.ConsentReservations})),
			want: []session.Event{carriedEvent(session.Idea{ID: "i7", Topic: "t1", Text: "Open data",
				Origin: &session.Origin{Session: "d1", Item: "i3", Title: "Day 1", Table: "Table 3", Outcome: session.ConsentReservations}})},
		},
		"a participant carries": {
			given: room(session.PhaseLobby), actor: p5,
			cmd:      carryCmd(carriedIdea("Open data", "Development", fromDay1("i1", "", 0))),
			wantCode: session.EFORBIDDEN,
		},
		"in the vote phase": {
			given: room(session.PhaseVote), actor: fac,
			cmd:      carryCmd(carriedIdea("Open data", "Development", fromDay1("i1", "", 0))),
			wantCode: session.ECONFLICT,
		},
		"nothing": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(),
			wantCode: session.EINVALID,
		},
		"too many": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(many...),
			wantCode: session.ELIMIT,
		},
		"without an origin": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(carriedIdea("Open data", "Development", nil)),
			wantCode: session.EINVALID,
		},
		"an origin naming no item": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(carriedIdea("Open data", "Development", &session.Origin{Session: "d1", Item: " \u200b"})),
			wantCode: session.EINVALID,
		},
		"an unknown outcome": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(carriedIdea("Open data", "Development", &session.Origin{Session: "d1", Item: "i1", Outcome: "maybe"})),
			wantCode: session.EINVALID,
		},
		"a negative day": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(carriedIdea("Open data", "Development", &session.Origin{Session: "d1", Item: "i1", Day: -1})),
			wantCode: session.EINVALID,
		},
		"an empty text": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      carryCmd(carriedIdea(" \x1b[0m ", "Development", fromDay1("i1", "", 0))),
			wantCode: session.EINVALID,
		},
		"the same item twice": {
			given: room(session.PhaseLobby), actor: fac,
			cmd: carryCmd(carriedIdea("Open data", "Development", fromDay1("i1", "", 0)),
				carriedIdea("Open data again", "Development", fromDay1("i1", "", 0))),
			wantCode: session.ECONFLICT,
		},
		"an item carried before": {
			given: concat(room(session.PhaseLobby), []session.Event{
				carriedEvent(session.Idea{ID: "i7", Topic: "t1", Text: "Open data", Origin: fromDay1("i1", "", 0)}),
			}),
			actor:    fac,
			cmd:      carryCmd(carriedIdea("Open data", "Development", fromDay1("i1", "Now", 0))),
			wantCode: session.ECONFLICT,
		},
	}
}

// carriedRoom is a lobby with two items carried from day 1 (i7 placed
// there, i8 a candidate), then the ideas phase with p5's i9.
func carriedRoom() []session.Event {
	return concat(room(session.PhaseLobby), []session.Event{
		carriedEvent(
			session.Idea{ID: "i7", Topic: "t1", Text: "Open data portal", Origin: fromDay1("g12", "Now", 7)},
			session.Idea{ID: "i8", Topic: "t2", Text: "Shared registry", Origin: fromDay1("i8", "", 3)},
		),
		phase(session.PhaseIdeas),
		posted("i9", "t1", "One portal for open data", "p5", "IRIA"),
	})
}

func TestCarriedIdeasAreTheFacilitators(t *testing.T) {
	s := given(t, carriedRoom()...)
	i := s.Ideas["i7"]
	if i == nil || i.Author != session.FacilitatorID || i.Institution != "" || i.Topic != "t1" || !reflect.DeepEqual(i.Origin, fromDay1("g12", "Now", 7)) {
		t.Fatalf("carried idea i7: %+v", i)
	}
	if s.Counter < 9 {
		t.Errorf("counter %d: the carried ids must count", s.Counter)
	}
	if got := s.Carried(); got != (session.CarriedSummary{N: 2, Title: "Day 1", Day: 1}) {
		t.Errorf("Carried() = %+v", got)
	}
	// a new idea after them gets a fresh id
	evs, err := session.Decide(s, p6, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "x"}, now)
	if err != nil || evs[0].ID != "i10" {
		t.Fatalf("next idea: %+v %v", evs, err)
	}
}

// TestMergingAcrossSessionsKeepsOrigin: a carried idea merged with a new
// one (the facilitator's merge of equal items across sessions) keeps its
// Origin through the merge, a vote, a placement, taking it out, undoing,
// and dissolving.
func TestMergingAcrossSessionsKeepsOrigin(t *testing.T) {
	log := carriedRoom()
	s := given(t, log...)
	log = nil
	do := func(a session.Actor, c session.Command) {
		t.Helper()
		evs, err := session.Decide(s, a, c, now)
		if err != nil {
			t.Fatalf("%s: %v", c.Type, err)
		}
		for _, e := range evs {
			e.Seq = s.Seq + 1
			s.Apply(e)
			log = append(log, e)
		}
	}
	keeps := func(when string) {
		t.Helper()
		if o := s.Ideas["i7"].Origin; !reflect.DeepEqual(o, fromDay1("g12", "Now", 7)) {
			t.Fatalf("%s: i7's origin is %+v", when, o)
		}
		if o := s.Ideas["i8"].Origin; !reflect.DeepEqual(o, fromDay1("i8", "", 3)) {
			t.Fatalf("%s: i8's origin is %+v", when, o)
		}
	}
	do(fac, session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i9"}, Name: "Open data"})
	keeps("merged")
	g := s.Ideas["i7"].Group
	do(fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	do(p5, session.Command{Type: session.CmdVote, Item: g, Delta: 1})
	do(p5, session.Command{Type: session.CmdVote, Item: "i8", Delta: 1})
	do(fac, session.Command{Type: session.CmdPlace, Item: g, Horizon: "Now"})
	keeps("voted and placed")
	do(fac, session.Command{Type: session.CmdUngroupIdea, Item: "i7"})
	keeps("taken out")
	do(fac, session.Command{Type: session.CmdUndo})
	keeps("taken out, undone")
	if s.Ideas["i7"].Group != g {
		t.Fatalf("undo did not put i7 back into %s", g)
	}
	do(fac, session.Command{Type: session.CmdDissolveGroup, Item: g})
	keeps("dissolved")
	do(fac, session.Command{Type: session.CmdUndo})
	keeps("dissolved, undone")
	do(fac, session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i8"}, Group: g})
	keeps("both carried in one group")
	// the log replays to the same state
	replayed := given(t, carriedRoom()...)
	for _, e := range log {
		replayed.Apply(e)
	}
	if a, b := jsonOf(t, replayed), jsonOf(t, s); a != b {
		t.Fatalf("replayed:\n%s\nlive:\n%s", a, b)
	}
}

// TestCarriedIsNotSecret: every viewer gets items_carried whole, Origin
// included (it names a session and an item, never a person), in an
// anonymous session too; and a snapshot keeps it.
func TestCarriedIsNotSecret(t *testing.T) {
	e := carriedEvent(session.Idea{ID: "i7", Topic: "t1", Text: "Open data portal", Origin: fromDay1("g12", "Now", 7)})
	e.Seq = 5
	for _, v := range []session.Viewer{p5, observer, fac} {
		got := session.Redact(e, v, true, false)
		if !reflect.DeepEqual(got, e) {
			t.Errorf("%+v gets %s, want %s", v, jsonOf(t, got), jsonOf(t, e))
		}
		snap := session.RedactState(given(t, carriedRoom()...), v)
		if i := snap.Ideas["i7"]; i == nil || i.Author != session.FacilitatorID || i.Origin == nil {
			t.Errorf("%+v's snapshot: %+v", v, i)
		}
	}
}

func TestCarryFrom(t *testing.T) {
	prev := given(t, concat(ideas(session.PhaseIdeas), []session.Event{
		posted("i10", "t3", "Training for CIOs", "p6", "ASAN"),
		posted("i11", "t4", "Nobody voted", "p6", "ASAN"),
		posted("i12", "t2", "Hidden one", "p6", "ASAN"),
		grouped("g13", "Open data", "t1", "i7", "i8"),
		facEvent(session.EvIdeaHidden, "i12"),
		phase(session.PhaseVote),
		voted("p5", "g13", 3), voted("p6", "g13", 1),
		voted("p5", "i9", 1),
		voted("p6", "i10", 2),
		phase(session.PhaseRoadmap),
		placed("i9", "Later", 0),
		placed("g13", "Now", 0),
	})...)
	prev.ID = "d1"
	prev.Settings.Title = "Day 1"
	prev.Consent = map[string]*session.Consent{"g13": {Item: "g13", Round: 1, Outcome: session.ConsentAgreed}}
	prev.Ideas["i9"].Promotion = &session.Promotion{Table: "b3", No: 3, Round: 1, Votes: 2, By: session.PromotedByVote}
	label := func(p session.Promotion) string { return "Table " + string(rune('0'+p.No)) }

	got := session.CarryFrom(prev, 1, label)
	want := session.CarryChoice{
		Items: []session.Idea{
			{Text: "Open data", Topic: "Development", Origin: &session.Origin{Session: "d1", Title: "Day 1", Day: 1, Item: "g13", Placed: "Now", Outcome: session.ConsentAgreed, Votes: 4}},
			{Text: "Common e-signature", Topic: "Coordination", Origin: &session.Origin{Session: "d1", Title: "Day 1", Day: 1, Item: "i9", Placed: "Later", Table: "Table 3", Votes: 1}},
			{Text: "Training for CIOs", Topic: "Integration", Origin: &session.Origin{Session: "d1", Title: "Day 1", Day: 1, Item: "i10", Votes: 2}},
		},
		Placed: 2, Candidates: 1,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("CarryFrom:\n got  %s\n want %s", jsonOf(t, got), jsonOf(t, want))
	}

	// what it chose is what day 2 takes: carry_items accepts it whole
	day2 := given(t, room(session.PhaseLobby)...)
	evs, err := session.Decide(day2, fac, carryCmd(got.Items...), now)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(evs[0].Carried); n != 3 || evs[0].Carried[2].Topic != "t3" {
		t.Fatalf("carried %s", jsonOf(t, evs))
	}
}

func TestCarryFromAtMostMaxCarried(t *testing.T) {
	evs := room(session.PhaseIdeas)
	for i := range session.MaxCarried + 5 {
		id := "i" + itoa(7+i)
		evs = append(evs, posted(id, "t1", "idea "+id, "p5", "IRIA"))
	}
	evs = append(evs, phase(session.PhaseVote))
	for i := range session.MaxCarried + 5 {
		evs = append(evs, voted("p6", "i"+itoa(7+i), 1))
	}
	prev := given(t, evs...)
	got := session.CarryFrom(prev, 0, nil)
	if len(got.Items) != session.MaxCarried || got.Candidates != session.MaxCarried || got.Left != 5 {
		t.Fatalf("carried %d (%d candidates), left %d", len(got.Items), got.Candidates, got.Left)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestUndoTakingOutAFocusedIdea: undoing taking a focused idea out of its
// group puts it back and leaves the focus on the idea (regrouping alone
// would move it to the group). Found by the undo property test once
// carry_items changed what its seeds draw.
func TestUndoTakingOutAFocusedIdea(t *testing.T) {
	s := given(t, concat(ideas(session.PhaseGroup), []session.Event{
		grouped("g10", "Data", "t1", "i7", "i8"),
		facEvent(session.EvItemFocused, "i7"),
	})...)
	for _, c := range []session.Command{{Type: session.CmdUngroupIdea, Item: "i7"}, {Type: session.CmdUndo}} {
		evs, err := session.Decide(s, fac, c, now)
		if err != nil {
			t.Fatalf("%s: %v", c.Type, err)
		}
		for _, e := range evs {
			e.Seq = s.Seq + 1
			s.Apply(e)
		}
	}
	if s.Ideas["i7"].Group != "g10" || s.Focus != "i7" {
		t.Fatalf("after the undo: i7 in %q, focus %q; want g10 and i7", s.Ideas["i7"].Group, s.Focus)
	}
}
