package wall

import (
	"strconv"
	"strings"

	"roundtable/tui"
)

// wallColumnMin is the narrowest a topic or horizon column may be.
const wallColumnMin = 22

// wallEntryLines is how many lines an idea's text may take on the wall.
const wallEntryLines = 3

// lobby shows how to join and who is here, by institution.
func (m *Wall) lobby(w, h int) []string {
	st, tx, l := m.Styles, m.Cells, m.L
	var out []string
	if m.join != "" {
		out = append(out, tx.Frame(st.Paint.Frame, []string{
			st.Paint.Meta(l.S("wall.lobby.join")),
			m.ws.focus(m.join),
		}, min(w, max(tx.Width(m.join), tx.Width(l.S("wall.lobby.join"))+1)+tui.FrameWidth))...)
	}
	b := &m.board
	here := l.S("wall.lobby.here", "People", l.N("wall.fact.participants", b.people), "Institutions", l.N("wall.lobby.from_institutions", b.insts))
	out = append(out, "", m.ws.column(tx.Truncate(here, w)))
	if b.online >= 0 {
		// A crowd: the hub sends the counts only, so there is no list
		// by institution to draw.
		return append(out, st.Paint.Item(tx.Truncate(l.N("wall.lobby.online", b.online), w)),
			st.Paint.Meta(tx.Truncate(l.S("wall.lobby.crowd"), w)))
	}
	if len(b.institutions) == 0 {
		return append(out, st.Paint.Empty(tx.Truncate(l.S("wall.lobby.nobody"), w)))
	}
	ncol := max(1, (w+2)/(wallColumnMin+16))
	colW := (w - 2*(ncol-1)) / ncol
	rows := h - len(out)
	if rows <= 0 {
		return out
	}
	cellsOf := func(c wallCount) string {
		n := st.Paint.Meta(" ×" + l.Number(c.n))
		return tx.Pad(st.Paint.Item(tx.Truncate(c.name, colW-tx.Width(n)))+n, colW)
	}
	show := b.institutions
	more := 0
	if len(show) > rows*ncol {
		more = len(show) - (rows*ncol - 1)
		show = show[:rows*ncol-1]
	}
	per := (len(show) + ncol - 1) / ncol
	if more > 0 {
		per = rows
	}
	for r := 0; r < per; r++ {
		var line []string
		for c := 0; c < ncol; c++ {
			k := c*per + r
			switch {
			case k < len(show):
				line = append(line, cellsOf(show[k]))
			case k == len(show) && more > 0:
				line = append(line, st.Paint.Meta(tx.Truncate(l.N("wall.lobby.more_institutions", more), colW)))
			}
		}
		out = append(out, strings.Join(line, "  "))
	}
	return out
}

// columns draws topics or horizons side by side, each entry wrapped, as
// many as fit from the top.
func (m *Wall) columns(cols []wallColumn, empty string, w, h int) []string {
	if len(cols) == 0 || h <= 0 {
		return nil
	}
	fit := max(1, (w+2)/(wallColumnMin+2))
	hidden := 0
	if len(cols) > fit {
		hidden = len(cols) - fit
		cols = cols[:fit]
	}
	n := len(cols)
	colW := (w - 2*(n-1)) / n
	drawn := make([][]string, n)
	for i, c := range cols {
		title := c.title
		if hidden > 0 && i == n-1 {
			// the topic's name gives way, never "+N more" (nor the count)
			more := m.L.N("wall.columns.more", hidden)
			room := colW - m.Cells.Width(more) - 1 - m.Cells.Width(m.L.Number(len(c.entries))) - 1
			title = m.Cells.Truncate(title, max(4, room)) + " " + more
		}
		drawn[i] = m.column(c, title, empty, colW, h)
	}
	out := make([]string, h)
	for r := range out {
		parts := make([]string, n)
		for i := range drawn {
			cell := ""
			if r < len(drawn[i]) {
				cell = drawn[i][r]
			}
			if i < n-1 {
				cell = m.Cells.Pad(cell, colW)
			}
			parts[i] = cell
		}
		out[r] = strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	return out
}

// column draws one topic or horizon into w×h.
func (m *Wall) column(c wallColumn, title, empty string, w, h int) []string {
	st, tx := m.Styles, m.Cells
	count := st.Paint.Meta(m.L.Number(len(c.entries) + c.extra))
	out := []string{
		tx.Spread(m.ws.column(tx.Truncate(title, w)), count, w),
		st.Paint.Rule(strings.Repeat("─", w)),
	}
	if len(c.entries) == 0 {
		return append(out, st.Paint.Empty(tx.Truncate(empty, w)))
	}
	for k, e := range c.entries {
		lines := m.entry(e, w)
		room := h - len(out)
		if k < len(c.entries)-1 {
			room-- // keep a line for "+N more"
		}
		if len(lines) > room {
			if left := len(c.entries) - k; left > 0 && h-len(out) > 0 {
				out = append(out, st.Paint.Meta(tx.Truncate(m.L.N("wall.column.more", left), w)))
			}
			break
		}
		out = append(out, lines...)
	}
	return out
}

// entry draws one idea, group or road map item: its text wrapped to a few
// lines, then its institution or lead.
func (m *Wall) entry(e wallEntry, w int) []string {
	st, tx := m.Styles, m.Cells
	paint := st.Paint.Item
	if e.mark == "▣" {
		paint = st.Paint.Group
	}
	text := tx.Indent(e.text, e.mark+" ", w)
	if len(text) > wallEntryLines {
		text = text[:wallEntryLines]
		last := text[wallEntryLines-1]
		if tx.Width(last)+2 > w {
			last = tx.Truncate(last, w-1)
		}
		text[wallEntryLines-1] = strings.TrimSuffix(last, "…") + "…"
	}
	for i := range text {
		text[i] = paint(text[i])
	}
	if e.meta != "" {
		pad := strings.Repeat(" ", tx.Width(e.mark)+1)
		text = append(text, pad+st.Paint.Meta(tx.Truncate(e.meta, w-len(pad))))
	}
	return text
}

// votes shows the results as bars once revealed, and otherwise the
// ballot with a notice that the votes are hidden.
func (m *Wall) votes(w, h int) []string {
	st, tx, l := m.Styles, m.Cells, m.L
	if !m.St.VotesRevealed {
		head := []string{
			m.ws.focus(tx.Truncate(l.S("wall.vote.hidden"), w)),
			st.Paint.Meta(tx.Truncate(l.N("wall.vote.done", m.board.people, "Done", l.Number(m.board.done)), w)),
			"",
		}
		return append(head, m.columns(m.board.topics, l.S("wall.vote.nothing"), w, h-len(head))...)
	}
	return m.bars(w, h)
}

// bars draws one horizontal bar per item, most votes first.
func (m *Wall) bars(w, h int) []string {
	st, tx := m.Styles, m.Cells
	b := &m.board
	if len(b.candidates) == 0 {
		return []string{st.Paint.Empty(tx.Truncate(m.L.S("wall.vote.nothing"), w))}
	}
	numW := tx.Width(m.L.Number(b.maxTally))
	labelW := min(max(20, w*2/5), 70)
	barW := w - labelW - numW - 2
	if barW < 5 {
		labelW, barW = w-numW-7, 5
	}
	out := []string{m.ws.column(tx.Truncate(m.L.S("wall.vote.results"), w)), ""}
	rows := h - len(out)
	show := b.candidates
	more := 0
	if len(show) > rows {
		more = len(show) - (rows - 1)
		show = show[:max(0, rows-1)]
	}
	for _, id := range show {
		mark := "• "
		if _, ok := m.St.Groups[id]; ok {
			mark = "▣ "
		}
		t := m.St.Tally(id)
		fill := 0
		if b.maxTally > 0 {
			fill = (t*barW + b.maxTally/2) / b.maxTally
		}
		if t > 0 && fill == 0 {
			fill = 1
		}
		label := tx.Pad(mark+tui.MarkPrefix(m.L, m.St, id)+tui.OneLine(m.St.ItemTitle(id)), labelW) // issue 16: T3
		num := m.L.Number(t)
		num = strings.Repeat(" ", max(0, numW-tx.Width(num))) + num
		out = append(out, st.Paint.Item(label)+" "+m.ws.bar(strings.Repeat("█", fill))+m.ws.track(strings.Repeat("░", barW-fill))+" "+st.Paint.Tally(num))
	}
	if more > 0 {
		out = append(out, st.Paint.Meta(tx.Truncate(m.L.N("wall.vote.more", more), w)))
	}
	return out
}

// focused shows the item under discussion, the facilitator's notes and
// decision, and the comments, newest first.
func (m *Wall) focused(w, h int) []string {
	st, tx, l := m.Styles, m.Cells, m.L
	id := m.St.Focus
	if id == "" || !m.St.IsItem(id) {
		out := []string{m.ws.focus(tx.Truncate(l.S("wall.discuss.no_focus"), w)), "", m.ws.column(tx.Truncate(l.S("wall.discuss.up_next"), w))}
		for k, c := range m.board.candidates {
			if len(out) >= h {
				break
			}
			out = append(out, st.Paint.Item(tx.Truncate(strconv.Itoa(k+1)+". "+tui.OneLine(m.St.ItemTitle(c)), w)))
		}
		return out
	}
	inner := w - tui.FrameWidth
	var box []string
	for _, l := range tx.Wrap(tui.OneLine(m.St.ItemTitle(id)), inner) {
		box = append(box, m.ws.focus(l))
	}
	if len(box) > 6 {
		box = box[:6]
	}
	var facts []string
	if g, ok := m.St.Groups[id]; ok {
		facts = append(facts, l.N("wall.discuss.group_of", len(g.Ideas)))
	} else if i, ok := m.St.Ideas[id]; ok && tui.InstitutionOf(l, i.Institution, i.InstitutionMasked) != "" {
		facts = append(facts, tui.InstitutionOf(l, i.Institution, i.InstitutionMasked))
	}
	if t := m.St.Topic(m.St.ItemTopic(id)); t != nil {
		facts = append(facts, t.Name)
	}
	if from := tui.FromTable(l, m.St, id); from != "" { // issue 16
		facts = append(facts, from)
	}
	if m.St.VotesRevealed {
		facts = append(facts, l.N("wall.fact.votes", m.St.Tally(id)))
	}
	box = append(box, st.Paint.Meta(tx.Truncate(strings.Join(facts, " · "), inner)))
	if n := m.St.Notes[id]; n != nil {
		if n.Decision != "" {
			for _, line := range tx.Indent(tui.OneLine(n.Decision), l.S("wall.discuss.decision")+" ", inner) {
				box = append(box, st.Paint.Decided(line))
			}
		}
		if n.Notes != "" {
			notes := tx.Indent(tui.OneLine(n.Notes), l.S("wall.discuss.notes")+" ", inner)
			if len(notes) > 3 {
				notes = notes[:3]
			}
			for _, line := range notes {
				box = append(box, st.Paint.Meta(line))
			}
		}
	}
	out := tx.Frame(st.Paint.Frame, box, w)
	cs := m.St.CommentsOn(id)
	out = append(out, m.ws.column(tx.Truncate(l.S("wall.discuss.comments", "Count", l.Number(len(cs))), w)))
	if len(cs) == 0 {
		return append(out, st.Paint.Empty(tx.Truncate(l.S("wall.discuss.no_comments"), w)))
	}
	for k := len(cs) - 1; k >= 0; k-- {
		e := wallEntry{mark: "›", text: tui.OneLine(cs[k].Text), meta: tui.InstitutionOf(l, cs[k].Institution, cs[k].InstitutionMasked)}
		lines := m.entry(e, w)
		if len(out)+len(lines) > h {
			if h-len(out) > 0 {
				out = append(out, st.Paint.Meta(tx.Truncate(l.N("wall.discuss.earlier", k+1), w)))
			}
			break
		}
		out = append(out, lines...)
	}
	return out
}
