package session

// What each viewer sees of breakout tables (issue 16; docs/PROTOCOL.md,
// "Breakout tables"). A table's items (its ideas, groups, the comments and
// votes on them, its picks) are seen whole by the facilitator and by those
// who sit or have sat at the table: its members, including those who
// moved to another table or were recalled when the tables closed. Anyone
// else gets an event about them as
//
//	{"seq":…,"type":"redacted","at":…,"table":"b3","of":"idea_posted","id":"i41"}
//
// with "delta" when it changes the table's votes, and "id" when it made
// an idea, group or comment (the session's id counter), so that every copy
// counts each table's ideas and votes (Table.Ideas, Table.Votes) and never
// holds its content. Votes at a table are shown to its members as live
// totals, never whose; they are not part of the plenary's reveal.

// redactTable redacts an event of the tables for a participant or an
// observer (never the facilitator); ok is true when out is final, else
// Redact goes on with *e (a board or promoted items' authorship taken
// out). self: the viewer is the event's actor. v.Table is the table whose
// items v sees in this event (TableViewer).
func redactTable(e *Event, v Viewer, self, anonymous bool) (out Event, ok bool) {
	switch {
	case TableScoped(*e):
		if v.Table != e.Table {
			out = Event{Seq: e.Seq, Type: EvRedacted, At: e.At, Table: e.Table, Of: e.Type}
			if tableVotes[e.Type] {
				out.Delta = e.Delta
			}
			if e.Type == EvIdeaPosted || e.Type == EvGroupCreated || e.Type == EvCommentPosted {
				out.ID = e.ID // what was made, so that every copy's id counter keeps up; it names nothing v can see
			}
			return out, true
		}
		if (e.Type == EvVoteCast || e.Type == EvVotesRefunded) && !self {
			e.Actor = "" // a table's votes: live totals to its members, never whose
			return *e, true
		}
	case e.Type == EvParticipantSeated && e.Board != nil:
		if v.ID == "" || v.ID != e.ID {
			e.Board = nil
			break
		}
		b := *e.Board
		b.Ideas = redactIdeas(b.Ideas, v, anonymous)
		b.Comments = redactComments(b.Comments, v, anonymous)
		e.Board = &b
	case e.Type == EvTablesClosed:
		// One message for every participant and observer, as a reveal is:
		// the authors left out in an anonymous session (a copy keeps the
		// author it knows, its own).
		e.Promoted = redactIdeas(e.Promoted, Viewer{Role: v.Role}, anonymous)
		e.PromotedComments = redactComments(e.PromotedComments, Viewer{Role: v.Role}, anonymous)
	}
	return Event{}, false
}

// redactIdeas returns ideas with the authorship v may not see taken out,
// as an idea_posted's (anon.go).
func redactIdeas(in []Idea, v Viewer, anonymous bool) []Idea {
	if !anonymous || len(in) == 0 {
		return in
	}
	out := make([]Idea, len(in))
	for k, i := range in {
		if i.Author != FacilitatorID && (v.ID == "" || i.Author != v.ID) {
			i.Author = ""
			if i.InstitutionMasked {
				i.Institution = ""
			}
		}
		out[k] = i
	}
	return out
}

// redactComments is redactIdeas for comments.
func redactComments(in []Comment, v Viewer, anonymous bool) []Comment {
	if !anonymous || len(in) == 0 {
		return in
	}
	out := make([]Comment, len(in))
	for k, c := range in {
		if c.Author != FacilitatorID && (v.ID == "" || c.Author != v.ID) {
			c.Author = ""
			if c.InstitutionMasked {
				c.Institution = ""
			}
		}
		out[k] = c
	}
	return out
}

// TableViewer returns v as Redact needs it for event e of state s (the
// state with e applied): its Table is e's table when v sits or sat at it,
// else the table v sits at now. The hub encodes a table's event once for
// those who see it and once for everyone else.
func (s *State) TableViewer(v Viewer, e Event) Viewer {
	if v.Role == RoleParticipant && e.Table != "" && s.SatAt(v.ID, e.Table) {
		v.Table = e.Table
		return v
	}
	v.Table = ""
	if p := s.Participants[v.ID]; p != nil && v.ID != "" {
		v.Table = p.Table
	}
	return v
}

// redactTables is RedactState's part for issue 16, on out, the copy for
// viewer v (not the facilitator): the items of tables v never sat at are
// not there, nor their picks; a table's votes are totals for its members,
// whether or not the plenary's are revealed.
func redactTables(s, out *State, v Viewer) {
	if len(s.Tables) == 0 {
		return
	}
	for id, i := range out.Ideas {
		if !s.Sees(v, i.Table) {
			delete(out.Ideas, id)
		}
	}
	for id, g := range out.Groups {
		if !s.Sees(v, g.Table) {
			delete(out.Groups, id)
		}
	}
	for id, c := range out.Comments {
		if !s.Sees(v, s.ItemTable(c.Item)) {
			delete(out.Comments, id)
		}
	}
	for item, votes := range s.Votes {
		table := s.ItemTable(item)
		if table == "" {
			continue
		}
		delete(out.Votes, item)
		if !s.Sees(v, table) {
			continue
		}
		own := 0
		if v.ID != "" {
			own = votes[v.ID]
		}
		mine := map[string]int{}
		if own > 0 {
			mine[v.ID] = own
		}
		if others := s.Tally(item) - own; others > 0 {
			mine[""] = others
		}
		if len(mine) > 0 {
			out.Votes[item] = mine
		}
	}
	for item := range out.TableTally {
		if !s.Sees(v, s.ItemTable(item)) {
			delete(out.TableTally, item)
		}
	}
	if len(out.TableTally) == 0 {
		out.TableTally = nil
	}
	for _, t := range out.Tables {
		if !s.Sees(v, t.ID) {
			t.Picks = nil
		}
	}
}
