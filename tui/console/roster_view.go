package console

import (
	"strings"

	"roundtable/session"
	"roundtable/tui"
)

// view draws the room w cells wide and exactly h lines high (fewer when
// there is nothing more): its counts, the filter and search, the column
// heads, the people on screen with "…N more" where the list is cut, and
// the removal question when one waits.
func (r *rosterView) view(c *desk, w, h int) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	st, tx, l := c.Styles, c.Cells, c.L
	present := 0
	for _, p := range c.St.Participants {
		if !p.Removed {
			present++
		}
	}
	insts := map[string]bool{}
	for _, p := range c.St.Participants {
		if !p.Removed && p.Institution != "" {
			insts[p.Institution] = true
		}
	}
	head := l.S("roster.title") + " · " + l.N("console.side.participants", present) + " · " +
		l.N("console.side.online", r.counts[showOnline]) + " · " + l.N("console.side.institutions", len(insts))
	out := []string{st.Paint.Section(tx.Truncate(head, w))}

	shown := 0
	for _, row := range r.rows {
		if row.p != nil {
			shown++
		}
	}
	filter := l.S("roster.showing", "Show", l.S(rosterShowIDs[r.show]), "Shown", l.Number(shown), "All", l.Number(len(c.St.Participants)))
	if r.byInst {
		filter += " · " + l.S("roster.by_institution")
	}
	out = append(out, st.Paint.Meta(tx.Truncate(filter, w)))
	if r.typing || r.query != "" {
		q := l.S("roster.search", "Text", r.query)
		if r.typing {
			q += "▌"
		}
		out = append(out, tx.Truncate(st.Paint.Instruction(q), w))
	}

	var ask []string
	if r.asking != "" {
		ask = r.question(c, w)
	}
	cols := newRosterCols(c, w)
	out = append(out, st.Paint.Meta(cols.head(c)))
	room := h - len(out) - len(ask)
	if room <= 0 {
		return tx.Clip(append(out, ask...), w, h)
	}
	if len(r.rows) == 0 {
		out = append(out, st.Paint.Empty(tx.Truncate(l.S("roster.nobody"), w)))
		return tx.Clip(append(out, ask...), w, h)
	}
	first, last := r.window(room)
	if first > 0 {
		out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("roster.above", r.peopleIn(0, first)), w)))
	}
	for i := first; i < last; i++ {
		out = append(out, cols.row(c, r.rows[i], i == r.cursor))
	}
	if last < len(r.rows) {
		out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("roster.more", r.peopleIn(last, len(r.rows))), w)))
	}
	return tx.Clip(append(out, ask...), w, h)
}

// window returns the rows to draw in room lines, rows[first:last], and
// remembers where the list starts: where it is cut, the line above the
// first row says "…N above" and the line below the last "…N more", and
// the selection stays on screen between them.
func (r *rosterView) window(room int) (first, last int) {
	r.height = room
	n := len(r.rows)
	if n <= room {
		r.offset = 0
		return 0, n
	}
	off := max(0, min(r.offset, n-room))
	for range 4 {
		first, last = off, off+room
		if off > 0 {
			first++
		}
		if last < n {
			last--
		}
		switch {
		case r.cursor >= 0 && r.cursor < first:
			off = max(0, off-(first-r.cursor))
		case r.cursor >= 0 && r.cursor >= last:
			off = min(n-room, off+r.cursor-last+1)
		default:
			r.offset = off
			return first, max(first, last)
		}
	}
	r.offset = off
	return first, max(first, last)
}

// peopleIn counts the people (not headings) among rows[from:to].
func (r *rosterView) peopleIn(from, to int) int {
	n := 0
	for _, row := range r.rows[from:to] {
		if row.p != nil {
			n++
		}
	}
	return n
}

// question is the removal question, framed.
func (r *rosterView) question(c *desk, w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	name := quoted(tx, c.room.labels[r.asking], 40)
	ideas := 0
	for _, i := range c.St.Ideas {
		if i.Author == r.asking {
			ideas++
		}
	}
	inner := max(1, w-tui.FrameWidth)
	var lines []string
	for _, line := range tx.Wrap(l.N("roster.remove.ask", ideas, "Name", name), inner) {
		lines = append(lines, st.Paint.Error(line))
	}
	for _, id := range []string{"roster.remove.keep_name", "roster.remove.hide_name", "roster.remove.cancel"} {
		for _, line := range tx.Wrap(l.S(id), inner) {
			lines = append(lines, st.Paint.Instruction(line))
		}
	}
	return tx.Frame(st.Paint.Frame, lines, w)
}

// rosterCols lays out a row: the cursor and online dot, the name, the
// institution, then ideas, votes and done, each as wide as its head.
type rosterCols struct {
	w, name, inst, ideas, votes, done int
}

func newRosterCols(c *desk, w int) rosterCols {
	tx, l := c.Cells, c.L
	k := rosterCols{w: w}
	k.ideas = max(3, tx.Width(l.S("roster.col.ideas")))
	k.votes = max(5, tx.Width(l.S("roster.col.votes")))
	k.done = max(1, tx.Width(l.S("roster.col.done")))
	rest := w - 4 - k.ideas - k.votes - k.done - 3 // cursor and dot, three gaps
	if rest < 20 {
		k.ideas, k.votes, k.done = 0, 0, 0 // too narrow: names and institutions only
		rest = w - 4
	}
	k.name = max(1, rest*11/20)
	k.inst = max(0, rest-k.name-1)
	return k
}

// head is the line of column heads.
func (k rosterCols) head(c *desk) string {
	tx, l := c.Cells, c.L
	s := "    " + tx.Pad(l.S("roster.col.name"), k.name)
	if k.inst > 0 {
		s += " " + tx.Pad(l.S("roster.col.institution"), k.inst)
	}
	if k.ideas > 0 {
		s += " " + padLeft(tx, l.S("roster.col.ideas"), k.ideas) + " " + padLeft(tx, l.S("roster.col.votes"), k.votes) + " " + padLeft(tx, l.S("roster.col.done"), k.done)
	}
	return tx.Truncate(s, k.w)
}

// row draws one heading or person.
func (k rosterCols) row(c *desk, row rosterRow, sel bool) string {
	st, tx, l := c.Styles, c.Cells, c.L
	if row.p == nil {
		return tx.Truncate(st.Paint.Section("  "+row.heading)+st.Paint.Meta(" · "+l.Number(row.count)), k.w)
	}
	p := row.p
	cursor := "  "
	if sel {
		cursor = "› "
	}
	dot := st.Paint.Offline("○ ")
	if row.online {
		dot = st.Paint.Online("● ")
	}
	paint := st.Paint.Item
	if sel {
		paint = st.Paint.Selected
	}
	name := row.label
	var tags []string
	if p.Removed {
		tags = append(tags, l.S("roster.tag.removed"))
		paint = st.Paint.Hidden
	}
	if p.ReadOnly {
		tags = append(tags, l.S("roster.tag.read_only"))
	}
	if t := tui.SeatOf(c.St, p.ID); t != nil { // issue 16: where they sit while the tables are open
		tags = append(tags, tui.TableName(l, t.No))
	}
	cell := tx.Truncate(name, k.name)
	if len(tags) > 0 {
		tag := " · " + strings.Join(tags, " · ")
		cell = tx.Truncate(name, max(1, k.name-tx.Width(tag))) + st.Paint.Meta(tag)
	}
	s := cursor + dot + tx.Pad(paint(cell), k.name)
	if k.inst > 0 {
		s += " " + st.Paint.Meta(tx.Pad(p.Institution, k.inst))
	}
	if k.ideas > 0 {
		votes := ""
		if p.VotesSpent > 0 || c.St.Phase == session.PhaseVote {
			votes = l.Number(p.VotesSpent) + "/" + l.Number(c.St.Settings.VoteBudget)
		}
		ideas := ""
		if row.ideas > 0 {
			ideas = l.Number(row.ideas)
		}
		done := ""
		if row.done {
			done = "✓"
		}
		s += " " + padLeft(tx, ideas, k.ideas) + " " + st.Paint.Vote(padLeft(tx, votes, k.votes)) + " " + st.Paint.Done(padLeft(tx, done, k.done))
	}
	return tx.Truncate(s, k.w)
}

// padLeft right-aligns s in w cells.
func padLeft(tx tui.Cells, s string, w int) string {
	s = tx.Truncate(s, w)
	return strings.Repeat(" ", max(0, w-tx.Width(s))) + s
}
