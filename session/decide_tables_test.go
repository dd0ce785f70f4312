package session_test

import (
	"strings"

	"roundtable/session"
)

// The fixture of breakout tables: six participants of three institutions
// (p5 and p7 of IRIA, p6 and p9 of ASAN, p8 and p10 of DTX).
func sixRoom(p session.Phase) []session.Event {
	evs := []session.Event{created(),
		joined("p5", "Aysel", "IRIA"), joined("p6", "Rashad", "ASAN"), joined("p7", "Leyla", "IRIA"),
		joined("p8", "Murad", "DTX"), joined("p9", "Nigar", "ASAN"), joined("p10", "Elvin", "DTX")}
	if p != session.PhaseLobby {
		evs = append(evs, phase(p))
	}
	return evs
}

// spreadSeats is how open_tables by count seats sixRoom at two tables:
// largest institutions first, ties by name, dealt in turn.
var spreadSeats = map[string]string{"p6": "b11", "p8": "b11", "p5": "b11", "p9": "b12", "p10": "b12", "p7": "b12"}

func openedEvent(seats map[string]string, tables ...session.Table) session.Event {
	return session.Event{Type: session.EvTablesOpened, Actor: session.FacilitatorID, Tables: tables, Seats: seats}
}

// twoTables is sixRoom(p) at two tables b11 and b12, seated as spreadSeats.
func twoTables(p session.Phase) []session.Event {
	return append(sixRoom(p), openedEvent(spreadSeats,
		session.Table{ID: "b11", No: 1, Round: 1}, session.Table{ID: "b12", No: 2, Round: 1}))
}

// tableIdea is an idea posted at a table.
func tableIdea(id, table, text, author, inst string) session.Event {
	e := posted(id, "t1", text, author, inst)
	e.Table = table
	e.InstitutionMasked = true
	return e
}

// tableVote is a vote at a table.
func tableVote(actor, item, table string, delta int) session.Event {
	e := voted(actor, item, delta)
	e.Table = table
	return e
}

// atTables is twoTables in the ideas phase with i13 by p5 at b11 and i14
// by p9 at b12, then the session in phase p.
func atTables(p session.Phase) []session.Event {
	evs := append(twoTables(session.PhaseIdeas),
		tableIdea("i13", "b11", "Open data at table one", "p5", "IRIA"),
		tableIdea("i14", "b12", "Shared registry at table two", "p9", "ASAN"))
	if p != session.PhaseIdeas {
		evs = append(evs, phase(p))
	}
	return evs
}

func seatedEvent(actor, pid, table string, board *session.Board) session.Event {
	return session.Event{Type: session.EvParticipantSeated, Actor: actor, ID: pid, Table: table, Board: board}
}

func tableEvent(typ, table string) session.Event {
	return session.Event{Type: typ, Actor: session.FacilitatorID, Table: table}
}

// p9 sits at the second table of twoTables.
var p9 = session.Actor{ID: "p9", Role: session.RoleParticipant}

func tableCases() map[string]decideCase {
	withRapporteur := append(atTables(session.PhaseGroup), session.Event{Type: session.EvRapporteurSet, Actor: session.FacilitatorID, Table: "b11", ID: "p6"})
	moreAtB11 := append(atTables(session.PhaseIdeas), tableIdea("i15", "b11", "Single sign-on", "p6", "ASAN"))
	byHand := append(sixRoom(session.PhaseIdeas), openedEvent(map[string]string{"p5": "b11", "p6": "b11", "p7": "b12", "p8": "b12", "p9": "b12"},
		session.Table{ID: "b11", No: 1, Round: 1}, session.Table{ID: "b12", No: 2, Round: 1}))
	byTopic := append(sixRoom(session.PhaseIdeas), openedEvent(nil,
		session.Table{ID: "b11", No: 1, Round: 1, Topic: "t1"}, session.Table{ID: "b12", No: 2, Round: 1, Topic: "t2"}))
	voting := append(atTables(session.PhaseVote), tableVote("p5", "i13", "b11", 1), tableVote("p6", "i13", "b11", 1))
	return map[string]decideCase{
		// open_tables
		"two tables by count, institutions spread": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd: session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 2},
			want: at("facilitator", openedEvent(spreadSeats,
				session.Table{ID: "b11", No: 1, Round: 1}, session.Table{ID: "b12", No: 2, Round: 1})),
		},
		"too many tables for the room": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 4},
			wantCode: session.ECONFLICT,
		},
		"tables for one participant": {
			given: concat(room(session.PhaseIdeas)[:2], []session.Event{phase(session.PhaseIdeas)}), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 1},
			wantCode: session.ECONFLICT,
		},
		"no tables": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount},
			wantCode: session.EINVALID,
		},
		"tables while tables are open": {
			given: twoTables(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 2},
			wantCode: session.ECONFLICT,
		},
		"tables in the discuss phase": {
			given: sixRoom(session.PhaseDiscuss), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: 2},
			wantCode: session.ECONFLICT,
		},
		"a table per topic, nobody seated": {
			given: sixRoom(session.PhaseLobby), actor: fac,
			cmd: session.Command{Type: session.CmdOpenTables, Mode: session.TablesByTopic},
			want: at("facilitator", openedEvent(nil,
				session.Table{ID: "b11", No: 1, Round: 1, Topic: "t1"}, session.Table{ID: "b12", No: 2, Round: 1, Topic: "t2"},
				session.Table{ID: "b13", No: 3, Round: 1, Topic: "t3"}, session.Table{ID: "b14", No: 4, Round: 1, Topic: "t4"})),
		},
		"tables by hand": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd: session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 3, Seats: map[string]string{"p5": "1", "p6": "1", "p7": "3", "p8": "3"}},
			want: at("facilitator", openedEvent(map[string]string{"p5": "b11", "p6": "b11", "p7": "b13", "p8": "b13"},
				session.Table{ID: "b11", No: 1, Round: 1}, session.Table{ID: "b12", No: 2, Round: 1}, session.Table{ID: "b13", No: 3, Round: 1})),
		},
		"by hand, a table of one": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 2, Seats: map[string]string{"p5": "1", "p6": "1", "p7": "2"}},
			wantCode: session.ECONFLICT,
		},
		"by hand, no such table": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 2, Seats: map[string]string{"p5": "3", "p6": "3"}},
			wantCode: session.EINVALID,
		},
		"by hand, no such participant": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: 2, Seats: map[string]string{"p5": "1", "p99": "1"}},
			wantCode: session.ENOTFOUND,
		},
		"an unknown way to seat": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdOpenTables, Mode: "lottery", Count: 2},
			wantCode: session.EINVALID,
		},

		// seat and pick_table
		"the facilitator moves a participant, who gets the board": {
			given: atTables(session.PhaseIdeas), actor: fac,
			cmd: session.Command{Type: session.CmdSeat, Participant: "p5", Table: "b12"},
			want: at("facilitator", seatedEvent("facilitator", "p5", "b12", &session.Board{Ideas: []session.Idea{{
				ID: "i14", Topic: "t1", Text: "Shared registry at table two", Author: "p9", Institution: "ASAN",
				CreatedAt: epoch.Add(10 * 1e9), Table: "b12", InstitutionMasked: true}}})),
		},
		"a move that leaves one person alone": {
			given: byHand, actor: fac,
			cmd:      session.Command{Type: session.CmdSeat, Participant: "p5", Table: "b12"},
			wantCode: session.ECONFLICT,
		},
		"seating at the table one sits at": {
			given: twoTables(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdSeat, Participant: "p5", Table: "b11"},
			wantCode: session.ECONFLICT,
		},
		"seating when no tables are open": {
			given: sixRoom(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdSeat, Participant: "p5", Table: "b11"},
			wantCode: session.ECONFLICT,
		},
		"a participant picks a topic table": {
			given: byTopic, actor: p5,
			cmd:  session.Command{Type: session.CmdPickTable, Table: "b12"},
			want: at("p5", seatedEvent("p5", "p5", "b12", nil)),
		},
		"picking a table when the tables are by count": {
			given: twoTables(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdPickTable, Table: "b12"},
			wantCode: session.EFORBIDDEN,
		},
		"picking a table that does not exist": {
			given: byTopic, actor: p5,
			cmd:      session.Command{Type: session.CmdPickTable, Table: "b99"},
			wantCode: session.ENOTFOUND,
		},

		// the work at a table
		"a seated participant posts on their table's board": {
			given: twoTables(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"},
			want: at("p5", tableIdea("i13", "b11", "Open data", "p5", "IRIA")),
		},
		"posting before picking a topic table": {
			given: byTopic, actor: p5,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"},
			wantCode: session.EFORBIDDEN,
		},
		"voting at one's table": {
			given: atTables(session.PhaseVote), actor: p6,
			cmd:  session.Command{Type: session.CmdVote, Item: "i13", Delta: 1},
			want: at("p6", tableVote("p6", "i13", "b11", 1)),
		},
		"voting on another table's item is as voting on nothing": {
			given: atTables(session.PhaseVote), actor: p5,
			cmd:      session.Command{Type: session.CmdVote, Item: "i14", Delta: 1},
			wantCode: session.ENOTFOUND,
		},
		"editing another table's idea is as editing nothing": {
			given: atTables(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdEditIdea, Item: "i14", Text: "mine now"},
			wantCode: session.ENOTFOUND,
		},
		"commenting on a plenary item during the breakout": {
			given: concat(room(session.PhaseIdeas)[:1], []session.Event{posted("i5", "t1", "plenary", session.FacilitatorID, "")},
				twoTables(session.PhaseIdeas)[1:]), actor: p6,
			cmd:      session.Command{Type: session.CmdComment, Item: "i5", Text: "yes"},
			wantCode: session.EFORBIDDEN,
		},
		"moving on past the vote while tables are open": {
			given: atTables(session.PhaseVote), actor: fac,
			cmd:      session.Command{Type: session.CmdSetPhase, Phase: session.PhaseDiscuss},
			wantCode: session.ECONFLICT,
		},
		"focusing a table's item": {
			given: atTables(session.PhaseVote), actor: fac,
			cmd:      session.Command{Type: session.CmdFocus, Item: "i13"},
			wantCode: session.ECONFLICT,
		},
		"hiding a voted table item takes its votes from the table's count": {
			given: voting, actor: fac,
			cmd:  session.Command{Type: session.CmdHideIdea, Item: "i13"},
			want: at("facilitator", session.Event{Type: session.EvIdeaHidden, Item: "i13", Table: "b11", Delta: -2}),
		},
		"the plenary's reveal leaves the tables' votes out": {
			given: voting, actor: fac,
			cmd:  session.Command{Type: session.CmdRevealVotes},
			want: at("facilitator", session.Event{Type: session.EvVotesRevealed, Tallies: map[string]int{}}),
		},
		"a late joiner is seated at once, at the smallest table": {
			given: byHand, actor: session.Actor{Role: session.RoleParticipant},
			cmd:  session.Command{Type: session.CmdJoin, Name: "Sara", Institution: "IRIA"},
			want: at("p13", joined("p13", "Sara", "IRIA"), seatedEvent("p13", "p13", "b11", nil)),
		},

		// the rapporteur groups at their table
		"a member becomes the rapporteur": {
			given: atTables(session.PhaseGroup), actor: p5,
			cmd:  session.Command{Type: session.CmdSetRapporteur},
			want: at("p5", session.Event{Type: session.EvRapporteurSet, Table: "b11", ID: "p5"}),
		},
		"a member makes another the rapporteur": {
			given: atTables(session.PhaseGroup), actor: p5,
			cmd:      session.Command{Type: session.CmdSetRapporteur, Participant: "p6"},
			wantCode: session.EFORBIDDEN,
		},
		"a member takes the rapporteur's place": {
			given: withRapporteur, actor: p5,
			cmd:      session.Command{Type: session.CmdSetRapporteur},
			wantCode: session.ECONFLICT,
		},
		"the facilitator names a rapporteur who sits elsewhere": {
			given: atTables(session.PhaseGroup), actor: fac,
			cmd:      session.Command{Type: session.CmdSetRapporteur, Table: "b11", Participant: "p9"},
			wantCode: session.ECONFLICT,
		},
		"the rapporteur merges their table's ideas": {
			given: concat(moreAtB11[:len(moreAtB11):len(moreAtB11)], []session.Event{phase(session.PhaseGroup),
				{Type: session.EvRapporteurSet, Actor: session.FacilitatorID, Table: "b11", ID: "p6"}}),
			actor: p6,
			cmd:   session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i13", "i15"}, Name: "Data"},
			want: at("p6", session.Event{Type: session.EvGroupCreated, ID: "g16", Name: "Data", Topic: "t1",
				Ideas: []string{"i13", "i15"}, Table: "b11"}),
		},
		"a member who is not the rapporteur merges": {
			given: withRapporteur, actor: p5,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i13"}, Name: "Data"},
			wantCode: session.EFORBIDDEN,
		},
		"merging ideas of two tables": {
			given: atTables(session.PhaseGroup), actor: fac,
			cmd:      session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i13", "i14"}, Name: "Data"},
			wantCode: session.ECONFLICT,
		},

		// the hand, the picks, a broadcast
		"a member raises the table's hand": {
			given: atTables(session.PhaseIdeas), actor: p9,
			cmd:  session.Command{Type: session.CmdRaiseHand},
			want: at("p9", session.Event{Type: session.EvHandRaised, Table: "b12"}),
		},
		"raising a hand already raised": {
			given: append(atTables(session.PhaseIdeas), tableEvent(session.EvHandRaised, "b12")), actor: p9,
			cmd:      session.Command{Type: session.CmdRaiseHand},
			wantCode: session.ECONFLICT,
		},
		"the facilitator lowers a table's hand": {
			given: append(atTables(session.PhaseIdeas), tableEvent(session.EvHandRaised, "b12")), actor: fac,
			cmd:  session.Command{Type: session.CmdLowerHand, Table: "b12"},
			want: at("facilitator", tableEvent(session.EvHandLowered, "b12")),
		},
		"lowering a hand not raised": {
			given: atTables(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdLowerHand},
			wantCode: session.ECONFLICT,
		},
		"the rapporteur picks what to promote": {
			given: withRapporteur, actor: p6,
			cmd:  session.Command{Type: session.CmdPickPromotion, Items: []string{"i13", "i13"}},
			want: at("p6", session.Event{Type: session.EvPromotionPicked, Table: "b11", Items: []string{"i13"}}),
		},
		"a member who is not the rapporteur picks": {
			given: withRapporteur, actor: p5,
			cmd:      session.Command{Type: session.CmdPickPromotion, Items: []string{"i13"}},
			wantCode: session.EFORBIDDEN,
		},
		"picking another table's item is as picking nothing": {
			given: withRapporteur, actor: p6,
			cmd:      session.Command{Type: session.CmdPickPromotion, Items: []string{"i14"}},
			wantCode: session.ENOTFOUND,
		},
		"the facilitator picks an item of another table": {
			given: withRapporteur, actor: fac,
			cmd:      session.Command{Type: session.CmdPickPromotion, Table: "b11", Items: []string{"i14"}},
			wantCode: session.ECONFLICT,
		},
		"a broadcast": {
			given: twoTables(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdBroadcast, Text: " Five \x1b[31mminutes left "},
			want: at("facilitator", session.Event{Type: session.EvMessageBroadcast, Text: "Five minutes left"}),
		},
		"a broadcast over 280 characters": {
			given: twoTables(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdBroadcast, Text: strings.Repeat("x", 281)},
			wantCode: session.EINVALID,
		},

		// close_tables
		"closing promotes each table's top items by its vote, or its first": {
			given: voting, actor: fac,
			cmd: session.Command{Type: session.CmdCloseTables, Count: 1},
			want: at("facilitator", session.Event{Type: session.EvTablesClosed, Promoted: []session.Idea{
				{ID: "i13", Topic: "t1", Text: "Open data at table one", Author: "p5", Institution: "IRIA", CreatedAt: epoch.Add(9 * 1e9),
					InstitutionMasked: true, Promotion: &session.Promotion{Table: "b11", No: 1, Round: 1, Votes: 2, By: session.PromotedByVote, Rank: 1}},
				{ID: "i14", Topic: "t1", Text: "Shared registry at table two", Author: "p9", Institution: "ASAN", CreatedAt: epoch.Add(10 * 1e9),
					InstitutionMasked: true, Promotion: &session.Promotion{Table: "b12", No: 2, Round: 1, By: session.PromotedByOrder, Rank: 1}},
			}}),
		},
		"closing promotes a rapporteur's picks": {
			given: append(moreAtB11, session.Event{Type: session.EvPromotionPicked, Actor: session.FacilitatorID, Table: "b11", Items: []string{"i15"}},
				session.Event{Type: session.EvPromotionPicked, Actor: session.FacilitatorID, Table: "b12", Items: []string{"i14"}}),
			actor: fac,
			cmd:   session.Command{Type: session.CmdCloseTables},
			want: at("facilitator", session.Event{Type: session.EvTablesClosed, Promoted: []session.Idea{
				{ID: "i15", Topic: "t1", Text: "Single sign-on", Author: "p6", Institution: "ASAN", CreatedAt: epoch.Add(11 * 1e9),
					InstitutionMasked: true, Promotion: &session.Promotion{Table: "b11", No: 1, Round: 1, By: session.PromotedByRapporteur, Rank: 1}},
				{ID: "i14", Topic: "t1", Text: "Shared registry at table two", Author: "p9", Institution: "ASAN", CreatedAt: epoch.Add(10 * 1e9),
					InstitutionMasked: true, Promotion: &session.Promotion{Table: "b12", No: 2, Round: 1, By: session.PromotedByRapporteur, Rank: 1}},
			}}),
		},
		"closing with 11 items a table": {
			given: voting, actor: fac,
			cmd:      session.Command{Type: session.CmdCloseTables, Count: 11},
			wantCode: session.EINVALID,
		},
		"closing when no tables are open": {
			given: sixRoom(session.PhaseVote), actor: fac,
			cmd:      session.Command{Type: session.CmdCloseTables},
			wantCode: session.ECONFLICT,
		},
	}
}
