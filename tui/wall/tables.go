package wall

import (
	"strconv"
	"strings"

	"roundtable/tui"
	"roundtable/tui/components"
)

// While breakout tables are open (issue 16) the wall shows their progress
// large, never their content (an observer gets only each table's counts):
// per table its number and topic, its raised hand, its people, ideas and
// votes; above them the facilitator's message to every table.

// wallTableMin is the narrowest a table's cell may be.
const wallTableMin = 24

// tablesBody draws the tables at work into w×h.
func (m *Wall) tablesBody(w, h int) []string {
	st, tx, l := m.Styles, m.Cells, m.L
	var out []string
	if msg := m.St.Broadcast; msg != "" {
		inner := max(1, w-tui.FrameWidth)
		box := []string{st.Paint.Waiting("📣 " + l.S("tables_ui.message.from"))}
		text := tx.Wrap(msg, inner)
		if len(text) > 3 {
			text = text[:3]
			text[2] = tx.Truncate(text[2]+" …", inner)
		}
		for _, s := range text {
			box = append(box, m.ws.focus(s))
		}
		out = append(out, tx.Frame(st.Paint.Frame, box, w)...)
	}
	tables := tui.OpenTables(m.St)
	topics := false
	for _, t := range tables {
		topics = topics || t.Topic != ""
	}
	cellH := 4 // name, people, ideas and votes, a gap
	if topics {
		cellH = 5
	}
	seating := tui.Seating(m.St)
	cols := max(1, min(len(tables), (w+2)/(wallTableMin+2)))
	colW := (w - 2*(cols-1)) / cols
	rows := (len(tables) + cols - 1) / cols
	fit := (h - len(out)) / cellH
	more := 0
	if rows > fit {
		fit = max(0, (h-len(out)-1)/cellH)
		more = len(tables) - fit*cols
		tables = tables[:fit*cols]
		rows = fit
	}
	for r := range rows {
		cells := make([][]string, 0, cols)
		for _, t := range tables[r*cols : min(len(tables), (r+1)*cols)] {
			name := m.ws.column(l.Upper(tui.TableName(l, t.No)))
			if t.Hand {
				name += st.Paint.Waiting("  ✋")
			}
			cell := []string{tx.Truncate(name, colW)}
			if topics {
				topic := ""
				if tp := m.St.Topic(t.Topic); tp != nil {
					topic = tp.Name
				}
				cell = append(cell, st.Paint.Item(tx.Truncate(topic, colW)))
			}
			people := len(seating[t.ID])
			if m.Crowd != nil {
				people = len(t.Members)
			}
			cell = append(cell,
				st.Paint.Item(tx.Truncate(l.N("tables_ui.people", people), colW)),
				tx.Truncate(st.Paint.Item(l.N("common.ideas", t.Ideas))+st.Paint.Meta(" · ")+st.Paint.Tally(l.N("wall.fact.votes", t.Votes)), colW))
			cells = append(cells, m.bigNumber(t.No, cell, colW))
		}
		for i := range cellH - 1 {
			parts := make([]string, len(cells))
			for c := range cells {
				s := ""
				if i < len(cells[c]) {
					s = cells[c][i]
				}
				if c < len(cells)-1 {
					s = tx.Pad(s, colW)
				}
				parts[c] = s
			}
			out = append(out, strings.TrimRight(strings.Join(parts, "  "), " "))
		}
		out = append(out, "")
	}
	if more > 0 {
		out = append(out, st.Paint.Meta(tx.Truncate(l.N("tables_ui.more_tables", more), w)))
	}
	return out
}

// tablesFact is the top's word on the tables at work, or "".
func (m *Wall) tablesFact() string {
	n := len(tui.OpenTables(m.St))
	if n == 0 {
		return ""
	}
	return m.L.N("tables_ui.banner.at_work", n)
}

// bigNumber puts a table's number in block digits before its lines where
// the cell is wide enough, the lines cut to what is left.
func (m *Wall) bigNumber(no int, lines []string, w int) []string {
	if w < 28 {
		return lines
	}
	tx := m.Cells
	digits := components.BigDigits(strconv.Itoa(no), false)
	dw := tx.Width(digits[0]) + 2
	out := make([]string, len(lines))
	for i, line := range lines {
		lead := strings.Repeat(" ", dw)
		if i < len(digits) {
			lead = tx.Pad(m.ws.column(digits[i]), dw)
		}
		out[i] = lead + tx.Truncate(line, w-dw)
	}
	return out
}
