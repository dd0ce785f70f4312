package session_test

import (
	"reflect"
	"slices"
	"strconv"

	"roundtable/session"
)

// The simulator's breakout tables (issue 16): the fields of the tables'
// commands, and the isolation checks: no participant or observer ever
// receives, in an event or a snapshot, the content of a table they never
// sat at (its ideas' texts, groups' names, comments, per-item votes).

// tableTypes are the commands of the tables.
var tableTypes = []string{session.CmdOpenTables, session.CmdSeat, session.CmdPickTable, session.CmdSetRapporteur,
	session.CmdRaiseHand, session.CmdLowerHand, session.CmdPickPromotion, session.CmdBroadcast, session.CmdCloseTables}

// openTableIDs returns the ids of the tables open now.
func openTableIDs(s *session.State) []string {
	var out []string
	for _, t := range s.OpenTables() {
		out = append(out, t.ID)
	}
	return out
}

// seatOf returns the table participant a sits at.
func seatOf(s *session.State, a session.Actor) string {
	if p := s.Participants[a.ID]; p != nil {
		return p.Table
	}
	return ""
}

// tableFields fills in the fields of a table command.
func (m *sim) tableFields(a session.Actor, cmd *session.Command) {
	c, s := m.c, m.s
	tables := openTableIDs(s)
	cmd.Table = pick(c, tables, "b999")
	if a.Role == session.RoleParticipant && c.IntN(3) != 0 {
		cmd.Table = ""
	}
	cmd.Participant = pick(c, keys(s.Participants), "p990")
	switch cmd.Type {
	case session.CmdOpenTables:
		cmd.Mode = []string{session.TablesByCount, session.TablesByCount, session.TablesByTopic, session.TablesByHand, "lottery"}[c.IntN(5)]
		cmd.Count = c.IntN(4)
		if cmd.Mode == session.TablesByHand {
			cmd.Count = 1 + c.IntN(3)
			cmd.Seats = map[string]string{}
			for _, pid := range keys(s.Participants) {
				if c.IntN(4) != 0 {
					cmd.Seats[pid] = strconv.Itoa(1 + c.IntN(cmd.Count+1))
				}
			}
		}
	case session.CmdSetRapporteur:
		if a.Role == session.RoleParticipant && c.IntN(2) == 0 {
			cmd.Participant = ""
		} else if t := s.Tables[cmd.Table]; t != nil && c.IntN(2) == 0 {
			var at []string
			for _, p := range s.ParticipantList() {
				if p.Table == t.ID {
					at = append(at, p.ID)
				}
			}
			cmd.Participant = pick(c, at, "p989")
		}
	case session.CmdPickPromotion:
		table := cmd.Table
		if table == "" {
			table = seatOf(s, a)
		}
		for _, id := range s.BoardItems(table) {
			if c.IntN(2) == 0 {
				cmd.Items = append(cmd.Items, id)
			}
		}
		if c.IntN(8) == 0 {
			cmd.Items = append(cmd.Items, pick(c, keys(s.Ideas), "i988"))
		}
	case session.CmdBroadcast:
		cmd.Text = simText(m.c)
	case session.CmdCloseTables:
		cmd.Count = []int{0, 0, 1, 2, 3, 11}[c.IntN(6)]
	}
}

// tableWork points a seated participant's vote or comment at their own
// table's board, most of the time, so that tables vote and talk.
func (m *sim) tableWork(a session.Actor, cmd *session.Command) {
	seat := seatOf(m.s, a)
	if a.Role != session.RoleParticipant || seat == "" || !m.s.TablesOpen || m.c.IntN(5) == 0 {
		return
	}
	switch cmd.Type {
	case session.CmdVote, session.CmdComment:
		cmd.Item = pick(m.c, m.s.BoardItems(seat), cmd.Item)
	case session.CmdGroupIdeas:
		var mine []string
		for _, id := range m.s.BoardItems(seat) {
			if _, ok := m.s.Ideas[id]; ok {
				mine = append(mine, id)
			}
		}
		cmd.Ideas = mine[:min(len(mine), 1+m.c.IntN(3))]
		cmd.Group = ""
	}
}

// checkTableEvent checks what viewer v received of event e: an event
// about the items of a table v never sat at arrives as the redacted form
// alone (its table, its type, the change of the table's votes); a board
// reaches only the participant seated; the facilitator gets e whole.
func (m *sim) checkTableEvent(e, got session.Event, v session.Viewer) {
	m.tb.Helper()
	if v.Role == session.RoleFacilitator {
		return
	}
	if session.TableScoped(e) && !m.s.Sees(v, e.Table) {
		want := session.Event{Seq: e.Seq, Type: session.EvRedacted, At: e.At, Table: e.Table, Of: e.Type}
		if e.Type == session.EvVoteCast || e.Type == session.EvVotesRefunded || e.Delta != 0 {
			want.Delta = e.Delta
		}
		if e.Type == session.EvIdeaPosted || e.Type == session.EvGroupCreated || e.Type == session.EvCommentPosted {
			want.ID = e.ID
		}
		if !reflect.DeepEqual(got, want) {
			m.tb.Fatalf("%q, who never sat at %s, received %s of %s", v.ID, e.Table, jsonOf(m.tb, got), jsonOf(m.tb, e))
		}
	}
	if got.Board != nil && (v.ID == "" || got.ID != v.ID) {
		m.tb.Fatalf("%q received %s's board", v.ID, got.ID)
	}
	if got.Type == session.EvVoteCast && got.Table != "" && got.Actor != "" && got.Actor != v.ID {
		m.tb.Fatalf("%q was told who voted at %s: %s", v.ID, got.Table, jsonOf(m.tb, got))
	}
}

// checkTableLeaks checks that a participant's or observer's copy holds
// nothing of a table they never sat at, and a table's votes only as
// totals (theirs, and others' under "").
func (m *sim) checkTableLeaks(v session.Viewer, s *session.State) {
	m.tb.Helper()
	sees := func(table string) bool { return m.s.Sees(v, table) }
	for id, i := range s.Ideas {
		if real := m.s.Ideas[id]; real != nil && !sees(real.Table) {
			m.tb.Fatalf("%q holds idea %s (%q) of %s", v.ID, id, i.Text, real.Table)
		}
	}
	for id, g := range s.Groups {
		if real := m.s.Groups[id]; real != nil && !sees(real.Table) {
			m.tb.Fatalf("%q holds group %s (%q) of %s", v.ID, id, g.Name, real.Table)
		}
	}
	for id, c := range s.Comments {
		if t := m.s.ItemTable(id); !sees(t) {
			m.tb.Fatalf("%q holds comment %s (%q) of %s", v.ID, id, c.Text, t)
		}
	}
	for item := range s.Votes {
		if t := m.s.ItemTable(item); !sees(t) {
			m.tb.Fatalf("%q holds votes on %s of %s", v.ID, item, t)
		}
	}
	for item := range s.TableTally {
		if t := m.s.ItemTable(item); !sees(t) {
			m.tb.Fatalf("%q holds the table tally of %s of %s", v.ID, item, t)
		}
	}
	for id, t := range s.Tables {
		if len(t.Picks) > 0 && !sees(id) {
			m.tb.Fatalf("%q holds the picks of %s", v.ID, id)
		}
	}
}

// checkTables checks the tables in the server state: everyone present
// seated at most once, at an open table, while tables are open; nobody
// seated otherwise; each table's counts equal to its board.
func (m *sim) checkTables() {
	m.tb.Helper()
	s := m.s
	for _, p := range s.Participants {
		if p.Table == "" {
			continue
		}
		t := s.Tables[p.Table]
		if !s.TablesOpen || t == nil || t.Closed {
			m.tb.Fatalf("%s sits at %s, which is not open", p.ID, p.Table)
		}
		if !slices.Contains(t.Members, p.ID) {
			m.tb.Fatalf("%s sits at %s but is not among its members %v", p.ID, p.Table, t.Members)
		}
	}
	for id, t := range s.Tables {
		if t.Closed {
			continue
		}
		ideas, votes := 0, 0
		for _, i := range s.Ideas {
			if i.Table == id {
				ideas++
			}
		}
		for item := range s.Votes {
			if s.ItemTable(item) == id {
				votes += s.Tally(item)
			}
		}
		if t.Ideas != ideas || t.Votes != votes {
			m.tb.Fatalf("table %s counts %d ideas and %d votes; its board has %d and %d", id, t.Ideas, t.Votes, ideas, votes)
		}
	}
}
