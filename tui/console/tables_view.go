package console

import (
	"slices"
	"strings"

	"roundtable/session"
	"roundtable/tui"
)

// tableStats is one open table as the overview shows it.
type tableStats struct {
	t      *session.Table
	people []*session.Participant // present, the rapporteur first
	done   int                    // of them, done with the phase
}

// statsOf counts every open table of st.
func statsOf(st *session.State) []tableStats {
	var out []tableStats
	seating := tui.Seating(st)
	for _, t := range tui.OpenTables(st) {
		s := tableStats{t: t, people: seating[t.ID]}
		slices.SortStableFunc(s.people, func(a, b *session.Participant) int {
			switch {
			case a.ID == t.Rapporteur:
				return -1
			case b.ID == t.Rapporteur:
				return 1
			}
			return 0
		})
		for _, p := range s.people {
			if st.Done[st.Phase][p.ID] {
				s.done++
			}
		}
		out = append(out, s)
	}
	return out
}

// view draws the overlay w×h: the split dialog, one table looked into, or
// every table; the recall's question at the foot while it waits.
func (t *tablesOverlay) view(c *desk, w, h int) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	if !c.St.TablesOpen {
		return c.Cells.Clip(t.split.view(c, w, h), w, h)
	}
	var ask []string
	if t.recall > 0 {
		ask = t.question(c, w)
	}
	room := h - len(ask)
	var out []string
	if t.look != "" {
		out = t.lookView(c, w, room)
	} else {
		out = t.overview(c, w, room)
	}
	out = c.Cells.Clip(out, w, room)
	for len(out) < room && len(ask) > 0 {
		out = append(out, "")
	}
	return append(out, ask...)
}

// head is the overview's first lines: the round and its tables, and the
// message to every table.
func (t *tablesOverlay) head(c *desk, stats []tableStats, w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	seated, hands := 0, 0
	for _, s := range stats {
		seated += len(s.people)
		if s.t.Hand {
			hands++
		}
	}
	round := 1
	if len(stats) > 0 {
		round = stats[0].t.Round
	}
	line := l.S("tables_ui.overview.title", "Round", l.Number(round)) + " · " + l.N("tables_ui.tables", len(stats)) + " · " + l.N("tables_ui.seated", seated)
	out := []string{st.Paint.Section(tx.Truncate(line, w))}
	facts := []string{tui.PhaseName(l, c.St.Phase)}
	if away := c.room.participants - seated; away > 0 {
		facts = append(facts, l.N("tables_ui.unseated", away))
	}
	second := st.Paint.Meta(strings.Join(facts, " · "))
	if hands > 0 {
		second += st.Paint.Meta(" · ") + st.Paint.Waiting("✋ "+l.N("tables_ui.overview.hands", hands))
	}
	out = append(out, tx.Truncate(second, w))
	if c.St.Broadcast != "" {
		out = append(out, tx.Truncate(st.Paint.Waiting("📣 "+l.S("tables_ui.overview.message", "Text", tui.OneLine(c.St.Broadcast))), w))
	} else {
		out = append(out, tx.Truncate(st.Paint.Meta(l.S("tables_ui.overview.no_message")), w))
	}
	return out
}

// overview draws every table: cards in a grid where the console is wide,
// else a list of two lines a table; rows scroll with "…N more".
func (t *tablesOverlay) overview(c *desk, w, h int) []string {
	stats := statsOf(c.St)
	out := t.head(c, stats, w)
	if len(stats) == 0 {
		return out
	}
	cols := 1
	if w >= 100 {
		cols = min(4, w/38)
	}
	t.perRow = cols
	cardH := 2
	if cols > 1 {
		cardH = 8
	} else {
		out = append(out, c.Styles.Paint.Meta(listCols(c, w).headLine(c)))
	}
	rows := (len(stats) + cols - 1) / cols
	sel := max(0, slices.IndexFunc(stats, func(s tableStats) bool { return s.t.ID == t.cursor })) / cols
	avail := h - len(out)
	if avail/cardH <= 0 {
		return out
	}
	first, last := 0, rows
	if rows > avail/cardH {
		fit := max(1, (avail-2)/cardH) // a line each for "…N above" and "…N more"
		if sel < t.offset {
			t.offset = sel
		}
		if sel >= t.offset+fit {
			t.offset = sel - fit + 1
		}
		t.offset = max(0, min(t.offset, rows-fit))
		first, last = t.offset, t.offset+fit
	} else {
		t.offset = 0
	}
	t.rows = last - first
	above, below := first*cols, max(0, len(stats)-last*cols)
	if above > 0 {
		out = append(out, c.Styles.Paint.Meta(c.Cells.Truncate("  "+c.L.N("tables_ui.above_tables", above), w)))
	}
	for r := first; r < last; r++ {
		if cols == 1 {
			s := stats[r]
			out = append(out, listCols(c, w).row(c, s, s.t.ID == t.cursor)...)
			continue
		}
		out = append(out, t.cardRow(c, stats[r*cols:min(len(stats), (r+1)*cols)], cols, w)...)
	}
	if below > 0 {
		out = append(out, c.Styles.Paint.Meta(c.Cells.Truncate("  "+c.L.N("tables_ui.more_tables", below), w)))
	}
	return out
}

// cardRow draws a row of cards, side by side.
func (t *tablesOverlay) cardRow(c *desk, row []tableStats, cols, w int) []string {
	cw := (w - 2*(cols-1)) / cols
	cards := make([][]string, len(row))
	for i, s := range row {
		cards[i] = card(c, s, s.t.ID == t.cursor, cw)
	}
	out := make([]string, 8)
	for r := range out {
		parts := make([]string, len(cards))
		for i := range cards {
			cell := ""
			if r < len(cards[i]) {
				cell = cards[i][r]
			}
			parts[i] = c.Cells.Pad(cell, cw)
		}
		out[r] = strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	return out
}

// card draws one table in 7 lines w cells wide (the eighth is the gap).
func card(c *desk, s tableStats, sel bool, w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	cursor, paint := "  ", st.Paint.Section
	if sel {
		cursor, paint = "› ", st.Paint.Selected
	}
	hand := ""
	if s.t.Hand {
		hand = st.Paint.Waiting("✋ " + l.S("tables_ui.hand.short"))
	}
	title := tx.Truncate(tui.TableTitle(l, c.St, s.t), max(1, w-2-tx.Width(hand)-1))
	out := []string{tx.Spread(cursor+paint(title), hand, w)}
	n := len(s.people)
	out = append(out, "  "+tx.Truncate(st.Paint.Item(l.N("tables_ui.people", n))+st.Paint.Meta(" · ")+st.Paint.Done(l.S("tables_ui.done_of", "Done", l.Number(s.done), "All", l.Number(n))), w-2))
	out = append(out, "  "+tx.Truncate(st.Paint.Item(l.N("common.ideas", s.t.Ideas))+st.Paint.Meta(" · ")+st.Paint.Tally(l.N("console.votes", s.t.Votes)), w-2))
	if p := c.St.Participants[s.t.Rapporteur]; p != nil {
		out = append(out, "  "+tx.Truncate(st.Paint.Own("★ ")+c.room.labels[p.ID], w-2))
	} else {
		out = append(out, "  "+st.Paint.Empty(tx.Truncate(l.S("tables_ui.no_rapporteur"), w-2)))
	}
	if len(s.t.Picks) > 0 {
		out = append(out, "  "+st.Paint.Meta(tx.Truncate("↑ "+l.N("tables_ui.picks", len(s.t.Picks)), w-2)))
	} else {
		out = append(out, "")
	}
	names := memberNames(c, s)
	lines := tx.Wrap(names, w-2)
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = tx.Truncate(lines[1]+" …", w-2)
	}
	for _, line := range lines {
		out = append(out, "  "+st.Paint.Meta(line))
	}
	return out
}

// memberNames are a table's people, the rapporteur first, by the names
// the console tells apart.
func memberNames(c *desk, s tableStats) string {
	names := make([]string, 0, len(s.people))
	for _, p := range s.people {
		names = append(names, c.room.labels[p.ID])
	}
	return strings.Join(names, ", ")
}

// tableCols lays out the list of tables: the cursor, the table's name and
// hand, then people, ideas, votes, done and picks, each as wide as its
// head.
type tableCols struct {
	w, name, people, ideas, votes, done, picks int
}

func listCols(c *desk, w int) tableCols {
	tx, l := c.Cells, c.L
	k := tableCols{w: w}
	k.people = max(3, tx.Width(l.S("tables_ui.col.people")))
	k.ideas = max(3, tx.Width(l.S("tables_ui.col.ideas")))
	k.votes = max(3, tx.Width(l.S("tables_ui.col.votes")))
	k.done = max(5, tx.Width(l.S("tables_ui.col.done")))
	k.picks = max(2, tx.Width(l.S("tables_ui.col.picks")))
	k.name = w - 2 - k.people - k.ideas - k.votes - k.done - k.picks - 5
	if k.name < 12 { // too narrow: names and people only
		k.ideas, k.votes, k.done, k.picks = 0, 0, 0, 0
		k.name = w - 2 - k.people - 1
	}
	return k
}

// headLine is the line of column heads.
func (k tableCols) headLine(c *desk) string {
	tx, l := c.Cells, c.L
	s := "  " + tx.Pad(l.S("tables_ui.col.table"), k.name) + " " + padLeft(tx, l.S("tables_ui.col.people"), k.people)
	if k.ideas > 0 {
		s += " " + padLeft(tx, l.S("tables_ui.col.ideas"), k.ideas) + " " + padLeft(tx, l.S("tables_ui.col.votes"), k.votes) +
			" " + padLeft(tx, l.S("tables_ui.col.done"), k.done) + " " + padLeft(tx, l.S("tables_ui.col.picks"), k.picks)
	}
	return tx.Truncate(s, k.w)
}

// row draws one table in two lines: its figures, then its people.
func (k tableCols) row(c *desk, s tableStats, sel bool) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	cursor, paint := "  ", st.Paint.Group
	if sel {
		cursor, paint = "› ", st.Paint.Selected
	}
	hand := ""
	if s.t.Hand {
		hand = " ✋"
	}
	name := tx.Truncate(tui.TableTitle(l, c.St, s.t), max(1, k.name-tx.Width(hand)))
	line := cursor + tx.Pad(paint(name)+st.Paint.Waiting(hand), k.name) + " " + padLeft(tx, l.Number(len(s.people)), k.people)
	if k.ideas > 0 {
		picks := ""
		if len(s.t.Picks) > 0 {
			picks = "↑" + l.Number(len(s.t.Picks))
		}
		line += " " + padLeft(tx, l.Number(s.t.Ideas), k.ideas) + " " + st.Paint.Tally(padLeft(tx, l.Number(s.t.Votes), k.votes)) +
			" " + st.Paint.Done(padLeft(tx, l.Number(s.done)+"/"+l.Number(len(s.people)), k.done)) + " " + st.Paint.Meta(padLeft(tx, picks, k.picks))
	}
	var who string
	if p := c.St.Participants[s.t.Rapporteur]; p != nil {
		who = st.Paint.Own("★ ")
	}
	return []string{tx.Truncate(line, k.w), tx.Truncate("    "+who+st.Paint.Meta(memberNames(c, s)), k.w)}
}

// question is the recall's question, framed: what happens to each table's
// items, and how many each sends.
func (t *tablesOverlay) question(c *desk, w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	inner := max(1, w-tui.FrameWidth)
	var lines []string
	for _, line := range tx.Wrap(l.N("tables_ui.recall.ask", len(tui.OpenTables(c.St))), inner) {
		lines = append(lines, st.Paint.Error(line))
	}
	for _, line := range tx.Wrap(l.N("tables_ui.recall.items", t.recall), inner) {
		lines = append(lines, st.Paint.Instruction(line))
	}
	return tx.Frame(st.Paint.Frame, lines, w)
}
