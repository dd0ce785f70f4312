package session_test

import (
	"reflect"
	"testing"

	"roundtable/session"
)

// Applying and redacting the events of breakout tables (issue 16).

// p7 sits at b12 of twoTables; p6 at b11.
var p7 = session.Actor{ID: "p7", Role: session.RoleParticipant}

// decideAll decides commands in turn on s, applying their events, and
// returns the events with their sequence numbers.
func decideAll(t *testing.T, s *session.State, steps ...struct {
	a session.Actor
	c session.Command
}) []session.Event {
	t.Helper()
	var out []session.Event
	for _, st := range steps {
		evs, err := session.Decide(s, st.a, st.c, now)
		if err != nil {
			t.Fatalf("%s by %s: %v", st.c.Type, st.a.ID, err)
		}
		for _, e := range evs {
			e.Seq = s.Seq + 1
			s.Apply(e)
			out = append(out, e)
		}
	}
	return out
}

type step = struct {
	a session.Actor
	c session.Command
}

func TestTablesOpenedSeatsEveryone(t *testing.T) {
	s := given(t, twoTables(session.PhaseIdeas)...)
	for pid, table := range spreadSeats {
		if got := s.Participants[pid].Table; got != table {
			t.Errorf("%s sits at %q, want %s", pid, got, table)
		}
	}
	if !s.TablesOpen || s.Counter != 12 || len(s.Tables["b11"].Members) != 3 {
		t.Errorf("open %v, counter %d, b11 members %v", s.TablesOpen, s.Counter, s.Tables["b11"].Members)
	}
}

// TestTableCountsFromEveryForm: a copy that never sees a table's items
// counts its ideas and votes from the redacted events, as the server's
// copy does from the whole ones.
func TestTableCountsFromEveryForm(t *testing.T) {
	s := given(t, atTables(session.PhaseVote)...)
	obs := given(t, atTables(session.PhaseVote)[:9]...) // up to tables_opened
	for _, e := range atTables(session.PhaseVote)[9:] {
		e.Seq = obs.Seq + 1
		e.At = epoch
		obs.Apply(session.Redact(e, observer, true, false))
	}
	evs := decideAll(t, s,
		step{p6, session.Command{Type: session.CmdVote, Item: "i13", Delta: 1}},
		step{p5, session.Command{Type: session.CmdVote, Item: "i13", Delta: 1}},
		step{p9, session.Command{Type: session.CmdVote, Item: "i14", Delta: 1}},
		step{fac, session.Command{Type: session.CmdHideIdea, Item: "i13"}},
	)
	for _, e := range evs {
		r := session.Redact(e, observer, true, false)
		if r.Type != session.EvRedacted || r.Table == "" || r.Of != e.Type || r.Text != "" || r.Item != "" {
			t.Fatalf("the observer got %s", jsonOf(t, r))
		}
		obs.Apply(r)
	}
	for _, id := range []string{"b11", "b12"} {
		want, got := s.Tables[id], obs.Tables[id]
		if got.Ideas != want.Ideas || got.Votes != want.Votes {
			t.Errorf("%s: the observer counts %d ideas, %d votes; the server %d, %d", id, got.Ideas, got.Votes, want.Ideas, want.Votes)
		}
	}
	if s.Tables["b11"].Ideas != 1 || s.Tables["b11"].Votes != 0 || s.Tables["b12"].Votes != 1 {
		t.Errorf("counts %+v %+v", *s.Tables["b11"], *s.Tables["b12"])
	}
	if len(obs.Ideas) != 0 {
		t.Errorf("the observer holds %v", obs.Ideas)
	}
}

// TestTableVotesAreLiveTotalsForMembers: a member sees a table's votes as
// they are cast, whose never, revealed or not; the plenary's hide leaves
// them.
func TestTableVotesAreLiveTotalsForMembers(t *testing.T) {
	s := given(t, atTables(session.PhaseVote)...)
	evs := decideAll(t, s, step{p6, session.Command{Type: session.CmdVote, Item: "i13", Delta: 1}})
	got := session.Redact(evs[0], s.TableViewer(p5, evs[0]), true, false)
	if got.Type != session.EvVoteCast || got.Actor != "" || got.Delta != 1 {
		t.Fatalf("p5, at the table, got %s", jsonOf(t, got))
	}
	if r := session.Redact(evs[0], s.TableViewer(p7, evs[0]), true, true); r.Type != session.EvRedacted || r.Delta != 1 {
		t.Fatalf("p7, at the other table, got %s", jsonOf(t, r))
	}
	decideAll(t, s, step{fac, session.Command{Type: session.CmdRevealVotes}}, step{fac, session.Command{Type: session.CmdHideVotes}})
	view := session.RedactState(s, p5)
	if !reflect.DeepEqual(view.Votes["i13"], map[string]int{"": 1}) {
		t.Errorf("p5 sees %v on i13", view.Votes["i13"])
	}
	if _, ok := session.RedactState(s, p7).Votes["i13"]; ok {
		t.Error("p7 sees votes on the other table's item")
	}
}

// TestSeatedParticipantGetsTheBoard: moved to a table, a participant's
// copy takes its board (authors withheld in an anonymous session) and its
// votes as totals, and equals what a snapshot would give them.
func TestSeatedParticipantGetsTheBoard(t *testing.T) {
	s := given(t, atTables(session.PhaseVote)...)
	decideAll(t, s, step{p9, session.Command{Type: session.CmdVote, Item: "i14", Delta: 1}})
	p5copy := session.RedactState(s, p5)
	evs := decideAll(t, s, step{fac, session.Command{Type: session.CmdSeat, Participant: "p5", Table: "b12"}})
	if !session.Concerns(evs[0], "p5") {
		t.Fatal("the seat does not concern p5")
	}
	mine := session.Redact(evs[0], s.TableViewer(p5, evs[0]), true, false)
	if mine.Board == nil || len(mine.Board.Ideas) != 1 || mine.Board.Ideas[0].Author != "" || mine.Board.Tallies["i14"] != 1 {
		t.Fatalf("p5 got %s", jsonOf(t, mine))
	}
	if other := session.Redact(evs[0], s.TableViewer(p6, evs[0]), true, false); other.Board != nil {
		t.Fatalf("p6 got the board: %s", jsonOf(t, other))
	}
	p5copy.Apply(mine)
	if got, want := jsonOf(t, p5copy), jsonOf(t, session.RedactState(s, p5)); got != want {
		t.Fatalf("p5's copy\n%s\nwant\n%s", got, want)
	}
	// p5 sat at b11: they keep seeing it
	if _, ok := p5copy.Ideas["i13"]; !ok {
		t.Error("p5 no longer sees their old table's idea")
	}
}

// TestCloseTables: the votes go back, each table's items keep their
// tally, the promoted items are plenary in every copy, everyone is
// unseated; the unpromoted stay with their table's members.
func TestCloseTables(t *testing.T) {
	base := append(atTables(session.PhaseIdeas), tableIdea("i15", "b11", "Single sign-on", "p6", "ASAN"), phase(session.PhaseVote),
		tableVote("p5", "i15", "b11", 1), tableVote("p6", "i15", "b11", 1), tableVote("p6", "i13", "b11", 1),
		session.Event{Type: session.EvMessageBroadcast, Actor: session.FacilitatorID, Text: "Two minutes"})
	s := given(t, base...)
	obs := given(t, base[:9]...)
	p7copy := session.RedactState(given(t, base...), p7)
	for _, e := range base[9:] {
		e.Seq, e.At = obs.Seq+1, epoch
		obs.Apply(session.Redact(e, observer, true, false))
	}
	evs := decideAll(t, s, step{fac, session.Command{Type: session.CmdCloseTables, Count: 1}})
	for _, c := range []*session.State{obs, p7copy} {
		c.Apply(session.Redact(evs[0], observer, true, false))
	}
	if s.TablesOpen || s.Broadcast != "" || s.Participants["p5"].Table != "" || !s.Tables["b11"].Closed {
		t.Fatalf("still open: %v %q %q", s.TablesOpen, s.Broadcast, s.Participants["p5"].Table)
	}
	if s.Participants["p6"].VotesSpent != 0 || len(s.Votes) != 0 {
		t.Errorf("votes not given back: %d, %v", s.Participants["p6"].VotesSpent, s.Votes)
	}
	if s.TableTally["i15"] != 2 || s.TableTally["i13"] != 1 {
		t.Errorf("table tallies %v", s.TableTally)
	}
	i15 := s.Ideas["i15"]
	if i15.Table != "" || i15.Promotion == nil || *i15.Promotion != (session.Promotion{Table: "b11", No: 1, Round: 1, Votes: 2, By: session.PromotedByVote, Rank: 1}) {
		t.Errorf("i15 %+v", i15)
	}
	if s.Ideas["i13"].Table != "b11" || !s.TableKept("b11") {
		t.Error("the unpromoted i13 left its table")
	}
	for _, c := range []*session.State{obs, p7copy} {
		if i := c.Ideas["i15"]; i == nil || i.Text != "Single sign-on" || i.Author != "" || i.Promotion == nil {
			t.Errorf("a copy holds i15 as %+v", i)
		}
		if _, ok := c.Ideas["i13"]; ok {
			t.Error("a copy of someone never at b11 holds i13")
		}
	}
	if got, want := jsonOf(t, obs), jsonOf(t, session.RedactState(s, observer)); got != want {
		t.Fatalf("the observer's copy\n%s\nwant\n%s", got, want)
	}
	if _, ok := session.RedactState(s, p5).Ideas["i13"]; !ok {
		t.Error("p5, who sat at b11, no longer sees i13")
	}
	for _, id := range s.Candidates() {
		if id == "i13" {
			t.Error("the unpromoted i13 is a plenary candidate")
		}
	}
}

// TestTableAnonymity: at a table, an anonymous author's institution is
// named only when k of it sit at the table.
func TestTableAnonymity(t *testing.T) {
	evs := []session.Event{created()}
	for k, inst := range []string{"IRIA", "IRIA", "IRIA", "ASAN", "ASAN", "ASAN"} {
		id := "p" + string(rune('5'+k))
		evs = append(evs, joined(id, "P", inst))
	}
	evs = append(evs, phase(session.PhaseIdeas), openedEvent(map[string]string{"p5": "b11", "p6": "b11", "p7": "b11", "p8": "b12", "p9": "b12", "p10": "b12"},
		session.Table{ID: "b11", No: 1, Round: 1}, session.Table{ID: "b12", No: 2, Round: 1}))
	s := given(t, evs...)
	got := decideAll(t, s, step{p5, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "x"}})
	if got[0].InstitutionMasked || got[0].Table != "b11" {
		t.Errorf("three of IRIA at b11: %s", jsonOf(t, got[0]))
	}
	decideAll(t, s, step{fac, session.Command{Type: session.CmdSeat, Participant: "p7", Table: "b12"}})
	got = decideAll(t, s, step{p5, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "y"}})
	if !got[0].InstitutionMasked {
		t.Errorf("two of IRIA at b11 (k 3): %s", jsonOf(t, got[0]))
	}
}

// TestTableRefusals: each refusal of the tables names its message.
func TestTableRefusals(t *testing.T) {
	withRapporteur := append(atTables(session.PhaseVote), session.Event{Type: session.EvRapporteurSet, Actor: session.FacilitatorID, Table: "b11", ID: "p6"})
	closed := append(atTables(session.PhaseVote), session.Event{Type: session.EvTablesClosed, Actor: session.FacilitatorID})
	many := make([]string, session.MaxPicks+1)
	for k := range many {
		many[k] = "i13"
	}
	tests := map[string]struct {
		given []session.Event
		actor session.Actor
		cmd   session.Command
		key   string
	}{
		"no tables":                   {sixRoom(session.PhaseIdeas), fac, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 51}, "errors.tables_count_range"},
		"too many tables":             {sixRoom(session.PhaseIdeas), fac, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 4}, "errors.tables_too_many"},
		"open twice":                  {twoTables(session.PhaseIdeas), fac, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByTopic}, "errors.tables_already_open"},
		"open in discuss":             {sixRoom(session.PhaseDiscuss), fac, session.Command{Type: session.CmdOpenTables, Mode: session.TablesByTopic}, "errors.tables_phase"},
		"clear a rapporteur of none":  {atTables(session.PhaseVote), fac, session.Command{Type: session.CmdSetRapporteur, Table: "b11"}, "errors.tables_no_rapporteur"},
		"the rapporteur again":        {withRapporteur, fac, session.Command{Type: session.CmdSetRapporteur, Table: "b11", Participant: "p6"}, "errors.tables_already_rapporteur"},
		"too many picks":              {withRapporteur, p6, session.Command{Type: session.CmdPickPromotion, Items: many}, "errors.tables_picks_max"},
		"a broadcast without tables":  {sixRoom(session.PhaseVote), fac, session.Command{Type: session.CmdBroadcast, Text: "hello"}, "errors.tables_not_open"},
		"a vote on a kept item":       {closed, p5, session.Command{Type: session.CmdVote, Item: "i13", Delta: 1}, "errors.tables_closed_item"},
		"a comment on a kept item":    {closed, fac, session.Command{Type: session.CmdComment, Item: "i13", Text: "x"}, "errors.tables_closed_item"},
		"placing a table's item":      {atTables(session.PhaseVote), fac, session.Command{Type: session.CmdPlace, Item: "i13", Horizon: "Now"}, "errors.tables_item_plenary_only"},
		"a move that leaves one":      {append(sixRoom(session.PhaseIdeas), openedEvent(map[string]string{"p5": "b11", "p6": "b11", "p7": "b12", "p8": "b12"}, session.Table{ID: "b11", No: 1, Round: 1}, session.Table{ID: "b12", No: 2, Round: 1})), fac, session.Command{Type: session.CmdSeat, Participant: "p5", Table: "b12"}, "errors.tables_leaves_one"},
		"voting elsewhere is nothing": {atTables(session.PhaseVote), p5, session.Command{Type: session.CmdVote, Item: "i14", Delta: 1}, "errors.no_item"},
		"a table's group of plenary":  {atTables(session.PhaseGroup), fac, session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i13", "i14"}}, "errors.tables_group_one_table"},
		"past the vote":               {atTables(session.PhaseVote), fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap}, "errors.tables_recall_first"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := session.Decide(given(t, tc.given...), tc.actor, tc.cmd, now)
			if e := session.AsError(err); e == nil || e.Key != tc.key {
				t.Fatalf("%v, want %s", err, tc.key)
			}
		})
	}
}

// TestUndoAtATable: a participant's undo of their post at a table deletes
// it on the table's board, and reaches the other tables redacted.
func TestUndoAtATable(t *testing.T) {
	s := given(t, twoTables(session.PhaseIdeas)...)
	posted := decideAll(t, s, step{p5, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Oops"}})
	undone := decideAll(t, s, step{p5, session.Command{Type: session.CmdUndo}})
	if len(undone) != 1 || undone[0].Type != session.EvIdeaDeleted || undone[0].Table != "b11" || undone[0].Item != posted[0].ID {
		t.Fatalf("the undo: %s", jsonOf(t, undone))
	}
	if r := session.Redact(undone[0], s.TableViewer(p7, undone[0]), true, false); r.Type != session.EvRedacted || r.Of != session.EvIdeaDeleted || r.Item != "" {
		t.Fatalf("p7, at the other table, got %s", jsonOf(t, r))
	}
	if s.Tables["b11"].Ideas != 0 {
		t.Errorf("b11 counts %d ideas", s.Tables["b11"].Ideas)
	}
}
