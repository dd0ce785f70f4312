package server

import (
	"roundtable/server/wsconn"
	"roundtable/session"
)

// The room's side of breakout tables (issue 16; session/redact_tables.go).
// An event about a table's item has two views besides the facilitator's
// and its actor's: as those who sit or sat at the table see it, and as
// everyone else does (redacted, with the table and the type). Each is
// encoded once and kept for welcomes that replay recent events. Who sees
// a table is read from the committed state at the moment of sending, so
// that a seat taken or changed is followed at once; a table's members
// only grow, so a resume replayed with today's seats gives a copy nothing
// its snapshot would not.

// tableMessage returns the message of committed event e, about a table's
// item, as a participant at that table (not its actor) sees it, prepared
// once.
func (r *Room) tableMessage(e session.Event) wsconn.Message {
	slot := &r.recentTable[e.Seq%recentMessages]
	if slot.seq == e.Seq {
		return slot.m
	}
	v := session.Viewer{Role: session.RoleParticipant, Table: e.Table}
	m := eventMessage(session.Redact(e, v, r.st.Settings.Anonymous, r.st.VotesRevealed))
	*slot = recentMessage{seq: e.Seq, m: m}
	return m
}

// atTables reports whether participant c sits or has sat at a table: its
// welcome's snapshot is then its own, with its tables' boards.
func (r *Room) atTables(c *peer) bool {
	for id := range r.cst.Tables {
		if r.cst.SatAt(c.actor.ID, id) {
			return true
		}
	}
	return false
}
