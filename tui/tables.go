package tui

import (
	"cmp"
	"slices"

	"roundtable/lang"
	"roundtable/session"
)

// What the three apps share of breakout tables (issue 16): a table's name
// and an item's mark of provenance in the reader's language, the board a
// screen shows (the plenary's or one table's), and who sits where.

// TableName is a table as people read it: "Table 3", "Masa 3", "Стол 3".
func TableName(l *lang.Printer, no int) string {
	return l.S("tables_ui.table", "No", l.Number(no))
}

// TableTitle is a table's name with its topic for a topic table:
// "Table 2 · İnkişaf".
func TableTitle(l *lang.Printer, st *session.State, t *session.Table) string {
	s := TableName(l, t.No)
	if tp := st.Topic(t.Topic); tp != nil {
		s += " · " + tp.Name
	}
	return s
}

// TableMark is the short mark of an item promoted from a table ("T3"),
// or "" for an item that was not; screens put it before the item's text.
func TableMark(l *lang.Printer, st *session.State, id string) string {
	p := promotionOf(st, id)
	if p == nil {
		return ""
	}
	return l.S("tables_ui.mark", "No", l.Number(p.No))
}

// MarkPrefix is the item's marks of provenance followed by a space, or
// "": CarriedMark, then TableMark.
func MarkPrefix(l *lang.Printer, st *session.State, id string) string {
	out := ""
	if m := CarriedMark(l, st, id); m != "" {
		out += m + " "
	}
	if m := TableMark(l, st, id); m != "" {
		out += m + " "
	}
	return out
}

// CarriedMark is the short mark of an item carried from an earlier session
// of the programme ("D1": from day 1; "↩" when that session had no day),
// or "" for one that was not; a group is marked by its first carried idea.
func CarriedMark(l *lang.Printer, st *session.State, id string) string {
	o := originOf(st, id)
	if o == nil {
		return ""
	}
	if o.Day > 0 {
		return l.S("programme.mark", "Day", l.Number(o.Day))
	}
	return "↩"
}

// originOf is where an idea, or a group's first carried idea, came from.
func originOf(st *session.State, id string) *session.Origin {
	if i := st.Ideas[id]; i != nil {
		return i.Origin
	}
	if g := st.Groups[id]; g != nil {
		for _, m := range g.Ideas {
			if i := st.Ideas[m]; i != nil && i.Origin != nil {
				return i.Origin
			}
		}
	}
	return nil
}

// OpenTables returns the tables of the breakout round running, by number;
// none when no round runs.
func OpenTables(st *session.State) []*session.Table {
	if !st.TablesOpen {
		return nil
	}
	var out []*session.Table
	for _, t := range st.Tables {
		if !t.Closed {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *session.Table) int { return cmp.Compare(a.No, b.No) })
	return out
}

// SeatOf returns the open table participant id sits at, or nil.
func SeatOf(st *session.State, id string) *session.Table {
	p := st.Participants[id]
	if p == nil || p.Table == "" || !st.TablesOpen {
		return nil
	}
	if t := st.Tables[p.Table]; t != nil && !t.Closed {
		return t
	}
	return nil
}

// Sitting returns the present participants at table id, in joining order.
func Sitting(st *session.State, id string) []*session.Participant {
	var out []*session.Participant
	for _, p := range st.ParticipantList() {
		if p.Table == id && session.Present(st, p) {
			out = append(out, p)
		}
	}
	return out
}

// TopicTables reports whether the round running seats people by topic:
// each picks their table.
func TopicTables(st *session.State) bool {
	for _, t := range OpenTables(st) {
		if t.Topic != "" {
			return true
		}
	}
	return false
}

// Board returns st as the board of table id ("" the plenary) shows it: a
// shallow copy whose ideas and groups are only that board's, so that the
// screens of the phases list nothing else. A plenary item promoted from a
// table is on the plenary's board. It returns st itself when every item
// is on that board already. The copy shares everything else with st:
// read it, never change it.
func Board(st *session.State, id string) *session.State {
	all := true
	for _, i := range st.Ideas {
		if i.Table != id {
			all = false
			break
		}
	}
	if all {
		for _, g := range st.Groups {
			if g.Table != id {
				all = false
				break
			}
		}
	}
	if all {
		return st
	}
	b := *st
	b.Ideas = make(map[string]*session.Idea, len(st.Ideas))
	for k, i := range st.Ideas {
		if i.Table == id {
			b.Ideas[k] = i
		}
	}
	b.Groups = make(map[string]*session.Group, len(st.Groups))
	for k, g := range st.Groups {
		if g.Table == id {
			b.Groups[k] = g
		}
	}
	return &b
}

// FromTable says where a promoted item came from ("from Table 3"), or "".
func FromTable(l *lang.Printer, st *session.State, id string) string {
	p := promotionOf(st, id)
	if p == nil {
		return ""
	}
	return l.S("tables_ui.from_table", "No", l.Number(p.No))
}

// promotionOf is how idea or group id reached the plenary, or nil.
func promotionOf(st *session.State, id string) *session.Promotion {
	if i, ok := st.Ideas[id]; ok {
		return i.Promotion
	}
	if g, ok := st.Groups[id]; ok {
		return g.Promotion
	}
	return nil
}

// Seating returns the present participants at each table, by table id,
// in joining order: one pass over the room for every table at once.
func Seating(st *session.State) map[string][]*session.Participant {
	out := map[string][]*session.Participant{}
	for _, p := range st.ParticipantList() {
		if p.Table != "" && session.Present(st, p) {
			out[p.Table] = append(out[p.Table], p)
		}
	}
	return out
}
