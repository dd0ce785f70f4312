package session

import "slices"

// What every command may do at a breakout table (issue 16), decided in one
// place after the command's own decider (Decide calls tableRules):
//
//   - a participant who arrives (joins, or is re-admitted unseated) while
//     tables are open is seated at once (latecomerTable);
//   - every event about a table's item is stamped with the table (Table),
//     and with the change of the table's votes (Delta) when it takes votes
//     away without saying so (hiding, deleting, dissolving), so that every
//     copy counts a table's ideas and votes (apply_tables.go) and the hub
//     redacts it per table (redact_tables.go); no decider can forget;
//   - an idea or comment at a table names its author's institution only
//     when k of that institution sit at the table (anon.go);
//   - the events are checked against the rules of the tables: a seated
//     participant works at their own table only, a rapporteur groups their
//     table's ideas, a group stays on one table, nothing of a table is
//     focused, noted or placed, and the session does not move past the
//     vote while the tables are open.
//
// A table's items are not there for a participant who never sat at it:
// looking them up fails as for an item that does not exist (decider.idea,
// group, item and comment), so a refusal never tells them it exists.

// tableRules seats, stamps and checks the events of a decided command.
func (d *decider) tableRules(evs []Event) ([]Event, error) {
	if len(d.s.Tables) == 0 && !d.s.TablesOpen {
		return evs, nil // no table has ever opened: nothing to do
	}
	evs = d.seatArrivals(evs)
	d.stamp(evs)
	if err := d.checkTables(evs); err != nil {
		return nil, err
	}
	return evs, nil
}

// seatArrivals seats a participant who joins, or is re-admitted without a
// seat, while tables are open.
func (d *decider) seatArrivals(evs []Event) []Event {
	if !d.s.TablesOpen {
		return evs
	}
	var out []Event
	for _, e := range evs {
		out = append(out, e)
		var p *Participant
		switch e.Type {
		case EvParticipantJoined:
			p = &Participant{ID: e.ID, Institution: e.Institution}
		case EvParticipantReadmitted:
			if q := d.s.Participants[e.ID]; q != nil && q.Table == "" {
				p = q
			}
		}
		if p == nil {
			continue
		}
		if t := d.s.latecomerTable(p.Institution); t != nil {
			s := d.seatEvent(p, t)
			s.Actor = e.Actor
			if e.Type == EvParticipantJoined {
				s.Board = d.s.board(t.ID) // new: has sat nowhere
			}
			out = append(out, s)
		}
	}
	return out
}

// publicTableEvents are the events of the tables themselves, told to
// everyone: seating is known (PROTOCOL.md), and so is a table's hand.
var publicTableEvents = map[string]bool{
	EvTablesOpened:      true,
	EvParticipantSeated: true,
	EvRapporteurSet:     true,
	EvHandRaised:        true,
	EvHandLowered:       true,
	EvMessageBroadcast:  true,
	EvTablesClosed:      true,
}

// TableScoped reports whether e is about a table's item (or its picks):
// only those who sit or sat at e.Table, and the facilitator, see it whole.
func TableScoped(e Event) bool {
	return e.Table != "" && !publicTableEvents[e.Type]
}

// board tracks, within one command's events, what the stamps need of the
// items: the table of items made by earlier events of the command, and
// votes and group sizes as the events change them.
type tableTrack struct {
	s      *State
	table  map[string]string // id -> table, for items made in this command
	tally  map[string]int
	size   map[string]int    // group -> ideas
	member map[string]string // idea -> group
}

func (t *tableTrack) tableOf(id string) string {
	if tb, ok := t.table[id]; ok {
		return tb
	}
	return t.s.ItemTable(id)
}

func (t *tableTrack) votes(item string) int {
	if n, ok := t.tally[item]; ok {
		return n
	}
	return t.s.Tally(item)
}

func (t *tableTrack) groupOf(idea string) string {
	if g, ok := t.member[idea]; ok {
		return g
	}
	if i := t.s.Ideas[idea]; i != nil {
		return i.Group
	}
	return ""
}

func (t *tableTrack) groupSize(g string) int {
	if n, ok := t.size[g]; ok {
		return n
	}
	if gr := t.s.Groups[g]; gr != nil {
		return len(gr.Ideas)
	}
	return 0
}

// take sets item's votes to 0 and returns how many it had.
func (t *tableTrack) take(item string) int {
	n := t.votes(item)
	t.tally[item] = 0
	return n
}

// leave takes idea out of its group and returns the votes the group had
// if it is left empty (they go back to the voters).
func (t *tableTrack) leave(idea string) int {
	g := t.groupOf(idea)
	if g == "" {
		return 0
	}
	t.member[idea] = ""
	t.size[g] = t.groupSize(g) - 1
	if t.size[g] <= 0 {
		return t.take(g)
	}
	return 0
}

// join puts ideas into group g: their votes move to it.
func (t *tableTrack) join(g string, ideas []string) {
	for _, id := range ideas {
		if t.groupOf(id) == g {
			continue
		}
		t.tally[g] = t.votes(g) + t.take(id)
		t.member[id] = g
		t.size[g] = t.groupSize(g) + 1
	}
}

// stamp sets Table on every event about a table's item, and Delta where
// the event changes the table's votes without saying so.
func (d *decider) stamp(evs []Event) {
	tr := &tableTrack{s: d.s, table: map[string]string{}, tally: map[string]int{}, size: map[string]int{}, member: map[string]string{}}
	for k := range evs {
		e := &evs[k]
		if publicTableEvents[e.Type] {
			continue
		}
		switch e.Type {
		case EvIdeaPosted:
			e.Table = d.postTable()
			tr.table[e.ID] = e.Table
		case EvGroupCreated:
			if len(e.Ideas) > 0 {
				e.Table = tr.tableOf(e.Ideas[0])
			}
			tr.table[e.ID] = e.Table
		case EvCommentPosted:
			e.Table = tr.tableOf(e.Item)
			tr.table[e.ID] = e.Table
		default:
			for _, id := range []string{e.Item, e.ID} {
				if id != "" && e.Table == "" {
					e.Table = tr.tableOf(id)
				}
			}
		}
		if e.Table == "" {
			continue
		}
		switch e.Type {
		case EvIdeaPosted, EvCommentPosted:
			e.Private = false // a table's board has no private round: the table reads along
			if e.Actor != FacilitatorID && d.s.Settings.Anonymous {
				e.InstitutionMasked = !TableNamed(d.s, e.Table)[e.Institution]
			}
		case EvVoteCast, EvVotesRefunded:
			tr.tally[e.Item] = tr.votes(e.Item) + e.Delta
		case EvIdeaHidden:
			e.Delta = -tr.take(e.Item)
		case EvIdeaDeleted:
			e.Delta = -tr.take(e.Item) - tr.leave(e.Item)
		case EvIdeaUngrouped:
			e.Delta = -tr.leave(e.Item)
		case EvGroupDissolved:
			e.Delta = -tr.take(e.Item)
			tr.size[e.Item] = 0
			for id, i := range d.s.Ideas {
				if i.Group == e.Item {
					tr.member[id] = ""
				}
			}
		case EvGroupCreated:
			tr.join(e.ID, e.Ideas)
		case EvIdeasGrouped:
			tr.join(e.Item, e.Ideas)
		}
	}
}

// postTable is the board a post_idea goes on: a seated participant's
// table while tables are open; the facilitator's choice (Command.Table);
// else the plenary's.
func (d *decider) postTable() string {
	if d.c.Type != CmdPostIdea {
		return ""
	}
	if d.a.Role == RoleFacilitator {
		return d.c.Table
	}
	if p := d.s.Participants[d.a.ID]; p != nil && d.s.TablesOpen {
		return p.Table
	}
	return ""
}

// workAt are the events by which a participant works on an item: only at
// the table they sit at, while the tables are open; on a plenary item only
// outside a breakout.
var workAt = map[string]bool{
	EvIdeaPosted:    true,
	EvIdeaEdited:    true,
	EvVoteCast:      true,
	EvCommentPosted: true,
}

// groupEvents are the events of grouping.
var groupEvents = map[string]bool{
	EvGroupCreated:   true,
	EvIdeasGrouped:   true,
	EvIdeaUngrouped:  true,
	EvGroupRenamed:   true,
	EvGroupDissolved: true,
}

// checkTables refuses events that break the rules of the tables.
func (d *decider) checkTables(evs []Event) error {
	seat := ""
	if p := d.s.Participants[d.a.ID]; p != nil && d.a.Role == RoleParticipant {
		seat = p.Table
	}
	for _, e := range evs {
		closed := e.Table != "" && (!d.s.TablesOpen || d.s.Tables[e.Table] == nil || d.s.Tables[e.Table].Closed)
		if e.Type == EvIdeaPosted && d.a.Role == RoleFacilitator && e.Table != "" && closed {
			return Refuse(ENOTFOUND, "errors.tables_no_table", "ID", Quoted(e.Table))
		}
		switch {
		case e.Type == EvPhaseChanged && d.s.TablesOpen && e.Phase.Index() > PhaseVote.Index():
			return Refuse(ECONFLICT, "errors.tables_recall_first")
		case (e.Type == EvItemFocused || e.Type == EvNoteRecorded || e.Type == EvRoadmapPlaced) && e.Table != "":
			return Refuse(ECONFLICT, "errors.tables_item_plenary_only")
		case groupEvents[e.Type] && closed, workAt[e.Type] && closed:
			return Refuse(ECONFLICT, "errors.tables_closed_item")
		}
		if groupEvents[e.Type] {
			if err := d.oneTable(e); err != nil {
				return err
			}
		}
		if d.a.Role != RoleParticipant || e.Actor != d.a.ID {
			continue // the facilitator's, and votes given back to others
		}
		if workAt[e.Type] && d.s.TablesOpen && (seat == "" || e.Table != seat) {
			if seat == "" {
				return Refuse(EFORBIDDEN, "errors.tables_pick_first")
			}
			return Refuse(EFORBIDDEN, "errors.tables_your_table")
		}
		if groupEvents[e.Type] && (e.Table == "" || e.Table != seat || d.s.Tables[seat].Rapporteur != d.a.ID) {
			return Refuse(EFORBIDDEN, "errors.facilitator_only")
		}
	}
	return nil
}

// oneTable refuses a merge of ideas from different boards: a group stays
// on one table (or on the plenary's board).
func (d *decider) oneTable(e Event) error {
	if e.Type != EvGroupCreated && e.Type != EvIdeasGrouped {
		return nil
	}
	for _, id := range e.Ideas {
		if d.s.ItemTable(id) != e.Table {
			return Refuse(ECONFLICT, "errors.tables_group_one_table")
		}
	}
	return nil
}

// grouper lets the facilitator group, and the rapporteur of a table that
// is open (on their table's ideas: checkTables).
func (d *decider) grouper() error {
	if d.a.Role == RoleParticipant && d.s.TablesOpen {
		if p := d.s.Participants[d.a.ID]; p != nil && p.Table != "" && d.s.Tables[p.Table].Rapporteur == d.a.ID {
			return nil
		}
	}
	return d.facilitator()
}

// hidden reports whether id is an item (or a comment on one) of a table
// the actor never sat at: for them it does not exist.
func (d *decider) hidden(id string) bool {
	if d.a.Role == RoleFacilitator || len(d.s.Tables) == 0 {
		return false
	}
	return !d.s.Sees(d.a, d.s.ItemTable(id))
}

// TableNamed returns the institutions an anonymous author's idea or
// comment at table may name if posted now: as NamedInstitutions, among
// the present participants who sit at the table (anon.go).
func TableNamed(s *State, table string) map[string]bool {
	count := map[string]int{}
	for _, p := range s.Participants {
		if p.Table == table && Present(s, p) {
			count[p.Institution]++
		}
	}
	return namedAmong(count, s.Settings.K())
}

// sitting returns the present participants at table id, in joining order.
func (s *State) sitting(id string) []string {
	var out []string
	for _, p := range s.Participants {
		if p.Table == id && Present(s, p) {
			out = append(out, p.ID)
		}
	}
	slices.SortFunc(out, CompareIDs)
	return out
}
