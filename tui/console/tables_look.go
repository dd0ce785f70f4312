package console

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// Looking into one table (enter on a table): its board (groups with their
// ideas, ideas, their votes at the table, the rapporteur's picks) beside
// its members. On a member: r makes them the rapporteur (or, on the
// rapporteur, leaves the table without one), s seats them at another
// table; l lowers the table's hand; ←/→ look at the table before or after.

// lookKey handles a key while a table is looked into.
func (t *tablesOverlay) lookKey(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := newTablesKeys(c.L)
	tb := c.St.Tables[t.look]
	if tb == nil || tb.Closed {
		t.look = ""
		return nil
	}
	people := lookPeople(c.St, tb)
	sel := slices.IndexFunc(people, func(p *session.Participant) bool { return p.ID == t.member })
	if sel < 0 && len(people) > 0 {
		sel = 0
	}
	var p *session.Participant
	if sel >= 0 && sel < len(people) {
		p = people[sel]
	}
	switch {
	case key.Matches(msg, k.Back):
		t.look = ""
	case key.Matches(msg, c.Keys.Up):
		if sel > 0 {
			t.member = people[sel-1].ID
		}
	case key.Matches(msg, c.Keys.Down):
		if sel >= 0 && sel < len(people)-1 {
			t.member = people[sel+1].ID
		}
	case msg.String() == "left", msg.String() == "right":
		d := 1
		if msg.String() == "left" {
			d = -1
		}
		t.cursor = t.look
		t.move(c, d)
		t.look, t.member = t.cursor, ""
	case key.Matches(msg, k.Rapporteur):
		t.rapporteur(c, tb, p)
	case key.Matches(msg, k.Seat):
		return t.seat(c, tb, p)
	case key.Matches(msg, k.Lower):
		t.lowerHand(c, tb.ID)
	case key.Matches(msg, k.Message):
		return t.message(c)
	case key.Matches(msg, k.Recall):
		t.recall = session.DefaultPromoted
	}
	return nil
}

// lookPeople are the present members of table tb, the rapporteur first.
func lookPeople(st *session.State, tb *session.Table) []*session.Participant {
	people := tui.Sitting(st, tb.ID)
	slices.SortStableFunc(people, func(a, b *session.Participant) int {
		switch {
		case a.ID == tb.Rapporteur:
			return -1
		case b.ID == tb.Rapporteur:
			return 1
		}
		return 0
	})
	return people
}

// rapporteur makes member p the table's rapporteur, or, when p is the
// rapporteur, leaves the table without one.
func (t *tablesOverlay) rapporteur(c *desk, tb *session.Table, p *session.Participant) {
	if p == nil {
		return
	}
	l := c.L
	name := quoted(c.Cells, c.room.labels[p.ID], 40)
	no := l.Number(tb.No)
	if tb.Rapporteur == p.ID {
		c.send(session.Command{Type: session.CmdSetRapporteur, Table: tb.ID})
		c.note(l.S("tables_ui.rapporteur.cleared", "No", no))
		return
	}
	c.send(session.Command{Type: session.CmdSetRapporteur, Table: tb.ID, Participant: p.ID})
	c.note(l.S("tables_ui.rapporteur.set", "Name", name, "No", no))
}

// seat opens the field that moves member p to another table, by number.
func (t *tablesOverlay) seat(c *desk, tb *session.Table, p *session.Participant) tea.Cmd {
	if p == nil {
		return nil
	}
	l := c.L
	tables := tui.OpenTables(c.St)
	var choices []string
	for _, x := range tables {
		if x.ID != tb.ID {
			choices = append(choices, l.Number(x.No))
		}
	}
	name := quoted(c.Cells, c.room.labels[p.ID], 40)
	id := p.ID
	return c.openInput(inputSpec{
		title: l.S("tables_ui.seat.title", "Name", name), hint: l.S("tables_ui.seat.hint", "Last", l.Number(len(tables))),
		lines: 1, limit: 3, choices: choices,
		submit: func(text string) tea.Cmd {
			c := c.fresh()
			no, err := strconv.Atoi(strings.TrimSpace(text))
			var to *session.Table
			for _, x := range tui.OpenTables(c.St) {
				if err == nil && x.No == no {
					to = x
				}
			}
			switch {
			case to == nil:
				c.fail(l.S("tables_ui.seat.no_table", "Text", quoted(c.Cells, text, 10)))
			case to.ID == tb.ID:
				c.note(l.S("console.nothing_changed"))
			default:
				c.send(session.Command{Type: session.CmdSeat, Participant: id, Table: to.ID})
				c.note(l.S("tables_ui.seat.done", "Name", name, "No", l.Number(to.No)))
			}
			return nil
		},
	})
}

// lookItem is an item of a table's board as the console shows it.
type lookItem struct {
	id     string
	group  *session.Group
	idea   *session.Idea
	member bool // an idea inside a group
}

// boardOf lists table id's board: the items that take votes, most votes
// first (ties by creation), a group followed by its ideas.
func boardOf(st *session.State, id string) []lookItem {
	var items []string
	for gid, g := range st.Groups {
		if g.Table == id {
			items = append(items, gid)
		}
	}
	for iid, i := range st.Ideas {
		if i.Table == id && !i.Hidden && i.Group == "" {
			items = append(items, iid)
		}
	}
	session.ByID(items)
	slices.SortStableFunc(items, func(a, b string) int { return cmp.Compare(st.Tally(b), st.Tally(a)) })
	var out []lookItem
	for _, iid := range items {
		if g := st.Groups[iid]; g != nil {
			out = append(out, lookItem{id: iid, group: g})
			for _, m := range g.Ideas {
				if i := st.Ideas[m]; i != nil {
					out = append(out, lookItem{id: m, idea: i, member: true})
				}
			}
			continue
		}
		out = append(out, lookItem{id: iid, idea: st.Ideas[iid]})
	}
	return out
}

// lookView draws the table looked into, w×h: its figures, the
// rapporteur and the hand; the board beside the members (below them where
// the console is narrow).
func (t *tablesOverlay) lookView(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	tb := c.St.Tables[t.look]
	if tb == nil {
		return nil
	}
	people := lookPeople(c.St, tb)
	done := 0
	for _, p := range people {
		if c.St.Done[c.St.Phase][p.ID] {
			done++
		}
	}
	title := st.Paint.Section(tui.TableTitle(l, c.St, tb)) + st.Paint.Meta(" · "+l.N("tables_ui.people", len(people))+" · "+
		l.N("common.ideas", tb.Ideas)+" · "+l.N("console.votes", tb.Votes)+" · "+l.S("tables_ui.done_of", "Done", l.Number(done), "All", l.Number(len(people))))
	out := []string{tx.Truncate(title, w)}
	var second []string
	if p := c.St.Participants[tb.Rapporteur]; p != nil {
		second = append(second, st.Paint.Own("★ ")+st.Paint.Item(l.S("tables_ui.rapporteur.is", "Name", c.room.labels[p.ID])))
	} else {
		second = append(second, st.Paint.Empty(l.S("tables_ui.no_rapporteur")))
	}
	if tb.Hand {
		second = append(second, st.Paint.Waiting("✋ "+l.S("tables_ui.hand.raised")))
	}
	out = append(out, tx.Truncate(strings.Join(second, st.Paint.Meta(" · ")), w))
	rest := h - len(out)
	if rest <= 0 {
		return out
	}
	sideW := min(40, max(24, w*3/10))
	if w-sideW-3 < 30 { // narrow: the members above the board
		members := t.memberLines(c, tb, people, w, min(len(people)+1, rest/2))
		out = append(out, members...)
		return append(out, boardLines(c, tb, w, h-len(out))...)
	}
	left := boardLines(c, tb, w-sideW-3, rest)
	right := t.memberLines(c, tb, people, sideW, rest)
	bar := st.Paint.Rule(" │ ")
	for i := range rest {
		a, b := "", ""
		if i < len(left) {
			a = left[i]
		}
		if i < len(right) {
			b = right[i]
		}
		out = append(out, tx.Pad(a, w-sideW-3)+bar+b)
	}
	return out
}

// boardLines draws a table's board w×h, with "…N more" where it is cut.
func boardLines(c *desk, tb *session.Table, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	items := boardOf(c.St, tb.ID)
	groups := 0
	for _, it := range items {
		if it.group != nil {
			groups++
		}
	}
	head := l.S("tables_ui.look.board")
	if groups > 0 {
		head += st.Paint.Meta(" · " + l.N("tables_ui.look.groups", groups))
	}
	out := []string{st.Paint.Section(tx.Truncate(head, w))}
	if len(items) == 0 {
		return append(out, st.Paint.Empty(tx.Truncate(l.S("tables_ui.look.empty"), w)))
	}
	for k, it := range items {
		if len(out) == h-1 && k < len(items)-1 {
			out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("tables_ui.look.more", len(items)-k), w)))
			break
		}
		pick := "  "
		if n := slices.Index(tb.Picks, it.id); n >= 0 {
			pick = st.Paint.Own("↑" + l.Number(n+1))
			pick = tx.Pad(pick, 3)
		} else {
			pick = "   "
		}
		votes := ""
		if n := c.St.Tally(it.id); n > 0 && !it.member {
			votes = st.Paint.Tally(l.N("console.votes", n))
		}
		switch {
		case it.group != nil:
			text := it.group.Name + " (" + l.Number(len(it.group.Ideas)) + ")"
			out = append(out, tx.Line(pick+st.Paint.Group("▣ "), text, st.Paint.Group, votes, w))
		case it.member:
			out = append(out, tx.Line(pick+"  "+st.Paint.Meta("└ "), tui.OneLine(it.idea.Text), st.Paint.Meta, "", w))
		default:
			out = append(out, tx.Line(pick+"• ", tui.OneLine(it.idea.Text), st.Paint.Item, votes, w))
		}
	}
	return out
}

// memberLines draws a table's members w×h, the selected one marked.
func (t *tablesOverlay) memberLines(c *desk, tb *session.Table, people []*session.Participant, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	out := []string{st.Paint.Section(tx.Truncate(l.S("tables_ui.look.members", "N", l.Number(len(people))), w))}
	if h <= 1 {
		return out
	}
	sel := slices.IndexFunc(people, func(p *session.Participant) bool { return p.ID == t.member })
	if sel < 0 {
		sel = 0
	}
	off := 0
	first, last := window(len(people), sel, &off, h-1)
	if first > 0 {
		out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("roster.above", first), w)))
	}
	for i := first; i < last; i++ {
		p := people[i]
		cursor, paint := "  ", st.Paint.Item
		if i == sel {
			cursor, paint = "› ", st.Paint.Selected
		}
		lead := cursor
		if p.ID == tb.Rapporteur {
			lead += st.Paint.Own("★ ")
		} else {
			lead += "  "
		}
		right := ""
		if c.St.Done[c.St.Phase][p.ID] {
			right = st.Paint.Done("✓")
		}
		out = append(out, tx.Line(lead, c.room.labels[p.ID]+" · "+p.Institution, paint, right, w))
	}
	if last < len(people) {
		out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("roster.more", len(people)-last), w)))
	}
	return out
}
