package participant

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// outcomeView is the outcome of the session so far, which o opens in
// every phase: the notes and decisions of the items discussed, then the
// draft road map horizon by horizon, each item with its lead and
// supporting institutions. It scrolls, and is drawn once per width.
// Participants receive notes, decisions and placements whole
// (docs/PROTOCOL.md, redaction), so their replica holds all of it.
type outcomeView struct {
	open bool
	pager
	cache drawn
}

func (o *outcomeView) rebuild(e *env) {
	o.cache = drawn{w: e.Width, tx: e.Cells, lines: outcomeLines(e, e.Width), ok: true}
}

// lines returns the outcome drawn w cells wide.
func (o *outcomeView) lines(e *env, w int) []string {
	if lines, ok := o.cache.get(e.Cells, w); ok {
		return lines
	}
	return outcomeLines(e, w)
}

// outcomeTop is the number of lines above the outcome: its heading and a
// blank line.
const outcomeTop = 2

func (o *outcomeView) key(e *env, msg tea.KeyPressMsg, h int) {
	n := len(o.lines(e, e.Width))
	switch {
	case key.Matches(msg, e.Keys.Up):
		o.scroll(-1, n, h-outcomeTop)
	case key.Matches(msg, e.Keys.Down):
		o.scroll(1, n, h-outcomeTop)
	case msg.String() == "pgup":
		o.scroll(-(h - outcomeTop - 1), n, h-outcomeTop)
	case msg.String() == "pgdown", msg.String() == "space":
		o.scroll(h-outcomeTop-1, n, h-outcomeTop)
	case msg.String() == "home":
		o.offset = 0
	case msg.String() == "end":
		o.scroll(n, n, h-outcomeTop)
	}
}

func (o *outcomeView) follow(e *env, h int) {
	o.offset = o.clamped(len(o.lines(e, e.Width)), h-outcomeTop)
}

func (o *outcomeView) view(e *env, w, h int) string {
	st := e.Styles
	decided, placed := outcomeCounts(e.st)
	facts := e.L.N("outcome.count.discussed", decided) + " · " + e.L.N("outcome.count.placed", placed)
	lines := []string{e.Cells.Spread(st.Paint.Section(e.L.S("outcome.title")), st.Paint.Meta(facts), w), ""}
	all := o.lines(e, w)
	room := h - outcomeTop
	if off := o.clamped(len(all), room); off > 0 && room > 1 {
		// say that there is more above
		lines[1] = st.Paint.Meta(e.Cells.Truncate("  ↑ "+e.L.N("outcome.above", off), w))
	}
	lines = append(lines, o.show(all, room)...)
	return e.Cells.Block(lines, w, h)
}

func (o *outcomeView) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	back := key.NewBinding(key.WithKeys("esc", "o"), key.WithHelp("esc/o", e.L.S("outcome.key.back")))
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp(k.Move.Help().Key, e.L.S("outcome.key.scroll")))
	return []key.Binding{scroll, back}, []key.Binding{k.Up, k.Down, back}
}

// outcomeCounts counts the items discussed (with notes or a decision) and
// the items placed on the road map.
func outcomeCounts(st *session.State) (discussed, placed int) {
	for id, n := range st.Notes {
		if st.IsItem(id) && (n.Notes != "" || n.Decision != "") {
			discussed++
		}
	}
	for id := range st.Roadmap {
		if st.IsItem(id) {
			placed++
		}
	}
	return discussed, placed
}

// discussedItems are the items with notes or a decision, most voted first.
func discussedItems(st *session.State) []string {
	var out []string
	for _, id := range st.Candidates() {
		if n := st.Notes[id]; n != nil && (n.Notes != "" || n.Decision != "") {
			out = append(out, id)
		}
	}
	return out
}

// outcomeLines draws the outcome w cells wide: the items discussed with
// their decision and notes, then the road map, draft or final.
func outcomeLines(e *env, w int) []string {
	st, tx, l := e.Styles, e.Cells, e.L
	if w <= 0 {
		return nil
	}
	var lines []string
	lines = append(lines, st.Paint.Section(tx.Truncate(l.S("outcome.decisions"), w)))
	discussed := discussedItems(e.st)
	if len(discussed) == 0 {
		lines = append(lines, st.Paint.Empty(tx.Truncate("  "+l.S("outcome.nothing_decided"), w)))
	}
	for _, id := range discussed {
		n := e.st.Notes[id]
		lines = append(lines, itemTitleLines(e, id, "  ", true, w)...)
		if n.Decision != "" {
			for _, line := range tx.Indent(n.Decision, "    "+l.S("outcome.decision"), w) {
				lines = append(lines, st.Paint.Decided(line))
			}
		}
		if n.Notes != "" {
			for _, line := range tx.Indent(n.Notes, "    "+l.S("outcome.notes"), w) {
				lines = append(lines, st.Paint.Meta(line))
			}
		}
	}
	lines = append(lines, "")
	heading := l.S("participant.roadmap.draft")
	if e.st.Phase == session.PhaseClosed {
		heading = l.S("participant.roadmap.final")
	}
	lines = append(lines, st.Paint.Section(tx.Truncate(heading, w)))
	for _, h := range e.st.Settings.Horizons {
		items := e.st.RoadmapIn(h)
		lines = append(lines, st.Paint.Title(tx.Truncate(h+" · "+l.N("participant.items", len(items)), w)))
		if len(items) == 0 {
			lines = append(lines, st.Paint.Empty(tx.Truncate("  "+l.S("participant.roadmap.nothing_here"), w)))
		}
		for _, it := range items {
			lines = append(lines, itemTitleLines(e, it.Item, "  "+strconv.Itoa(it.Order)+". ", false, w)...)
			if it.Lead != "" {
				lines = append(lines, tx.Indent(it.Lead, "     "+st.Paint.Meta(l.S("participant.roadmap.lead")), w)...)
			}
			if len(it.Supporters) > 0 {
				lines = append(lines, tx.Indent(strings.Join(it.Supporters, ", "), "     "+st.Paint.Meta(l.S("participant.roadmap.supporters")), w)...)
			}
		}
	}
	return lines
}

// itemTitleLines draws an item's title after prefix, wrapped to at most
// three lines, a group marked ▣ (and, with bullet, an idea •).
func itemTitleLines(e *env, id, prefix string, bullet bool, w int) []string {
	tx := e.Cells
	if _, ok := e.st.Groups[id]; ok {
		prefix += "▣ "
	} else if bullet {
		prefix += "• "
	}
	lines := tx.Indent(tui.MarkPrefix(e.L, e.st, id)+tui.OneLine(e.st.ItemTitle(id)), prefix, w) // issue 16: T3
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = tx.Truncate(lines[2]+" …", w)
	}
	for i := range lines {
		lines[i] = e.Styles.Paint.Item(lines[i])
	}
	return lines
}

// outcomeSide is the outcome beside the discussion where the screen is
// wide enough: the decisions so far, each item's title on one line, its
// decision on up to two, and how to see all of it.
func outcomeSide(e *env, w, h int) []string {
	st, tx, l := e.Styles, e.Cells, e.L
	lines := []string{st.Paint.Section(tx.Truncate(l.S("outcome.side.title"), w))}
	for _, id := range discussedItems(e.st) {
		n := e.st.Notes[id]
		if n.Decision == "" {
			continue
		}
		if len(lines) >= h-2 {
			break
		}
		lines = append(lines, st.Paint.Item(tx.Truncate(tui.OneLine(e.st.ItemTitle(id)), w)))
		dec := tx.Indent(tui.OneLine(n.Decision), "  ✓ ", w)
		if len(dec) > 2 {
			dec = dec[:2]
			dec[1] = tx.Truncate(dec[1]+" …", w)
		}
		for _, line := range dec {
			lines = append(lines, st.Paint.Decided(line))
		}
	}
	if len(lines) == 1 {
		lines = append(lines, st.Paint.Empty(tx.Truncate(l.S("outcome.nothing_decided"), w)))
	}
	lines = append(lines, "", st.Paint.Meta(tx.Truncate(l.S("outcome.side.more"), w)))
	return tx.Clip(lines, w, h)
}
