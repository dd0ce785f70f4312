package console

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// roadmapBuilder is the road map phase of the console: each horizon with
// its placed items in order, then the candidates not yet placed, most
// voted first, with how many institutions support each.
type roadmapBuilder struct {
	rows  components.Picker[rmRow] // the selection is kept across rebuilds
	place placement                // the dialog that places the selected item, when open
	// issue 16: the consent panel of the selected item (g; consent.go)
	consent consentPanel
}

// rmRow is a horizon heading or an item.
type rmRow struct {
	heading string
	id      string
	placed  *session.RoadmapItem
}

// RowKey finds an item's row again after a rebuild; headings have none.
func (r rmRow) RowKey() string { return r.id }

func (b *roadmapBuilder) rebuild(c *desk) {
	st := c.St
	rows := b.rows.Rows()[:0]
	for _, h := range st.Settings.Horizons {
		items := st.RoadmapIn(h)
		rows = append(rows, rmRow{heading: h + " (" + c.L.Number(len(items)) + ")"})
		for _, r := range items {
			rows = append(rows, rmRow{id: r.Item, placed: r})
		}
	}
	var rest []string
	for _, id := range st.Candidates() {
		if st.Roadmap[id] == nil {
			rest = append(rest, id)
		}
	}
	rows = append(rows, rmRow{heading: c.L.N("console.rm.unplaced", len(rest))})
	for _, id := range rest {
		rows = append(rows, rmRow{id: id})
	}
	b.rows.Set(rows, 0)
	if b.place.open && !st.IsItem(b.place.item) { // gone while the dialog was open
		b.place.open = false
	} else if b.place.open {
		b.place.relist(c)
	}
	if b.consent.open && !st.IsItem(b.consent.item) { // issue 16
		b.consent.open = false
	}
}

func (b *roadmapBuilder) selected() (rmRow, bool) {
	if r := b.rows.Selected(); r != nil && r.id != "" {
		return *r, true
	}
	return rmRow{}, false
}

func (b *roadmapBuilder) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	if b.rows.MoveKey(k, msg) {
		return nil
	}
	r, ok := b.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.OrderUp), key.Matches(msg, k.OrderDown):
		if r.placed == nil {
			c.fail(c.L.S("console.rm.place_first"))
			return nil
		}
		order := r.placed.Order - 1
		if key.Matches(msg, k.OrderDown) {
			order = r.placed.Order + 1
		}
		if order < 1 || order > len(c.St.RoadmapIn(r.placed.Horizon)) {
			return nil
		}
		c.send(session.Command{Type: session.CmdPlace, Item: r.id, Horizon: r.placed.Horizon, Lead: r.placed.Lead, Supporters: r.placed.Supporters, Order: order})
	case key.Matches(msg, k.Unplace):
		if r.placed == nil {
			c.fail(c.L.S("console.rm.not_placed"))
			return nil
		}
		c.send(session.Command{Type: session.CmdUnplace, Item: r.id})
		c.note(c.L.S("console.rm.taken_off"))
	case key.Matches(msg, k.Place), key.Matches(msg, k.EditIdea):
		b.startPlacing(c, r)
	case key.Matches(msg, k.Consent): // issue 16
		b.openConsent(c)
	}
	return nil
}

func (b *roadmapBuilder) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if w <= 0 || h <= 0 {
		return nil
	}
	if b.place.open {
		return b.placeView(c, w, h)
	}
	if b.consent.open { // issue 16
		return b.consent.view(c, w, h)
	}
	return b.rows.Render(tx, w, h, func(i int, sel bool, w int) []string {
		r := b.rows.Rows()[i]
		if r.heading != "" {
			return []string{st.Paint.Section(tx.Truncate(r.heading, w))}
		}
		cursor, paint := "  ", st.Paint.Item
		if sel {
			cursor, paint = "› ", st.Paint.Selected
		}
		facts := l.N("console.votes", c.St.Tally(r.id)) + " · " + l.N("console.inst_short", len(c.St.Supporters(r.id)))
		if mark := consentMark(c.St, r.id); mark != "" { // issue 16
			facts = mark + " " + facts
		}
		prefix := cursor + st.Paint.Group(itemIcon(c.St, r.id)+tui.MarkPrefix(l, c.St, r.id)) // issue 16: T3
		if r.placed != nil {
			prefix = cursor + st.Paint.Meta(l.Number(r.placed.Order)+". ") + st.Paint.Group(itemIcon(c.St, r.id)+tui.MarkPrefix(l, c.St, r.id))
		}
		line := tx.Line(prefix, tui.OneLine(c.St.ItemTitle(r.id)), paint, st.Paint.Meta(facts), w)
		if !sel || r.placed == nil {
			return []string{line}
		}
		out := []string{line}
		pad := strings.Repeat(" ", tx.Width(prefix))
		lead := r.placed.Lead
		if lead == "" {
			lead = "—"
		}
		out = append(out, tx.Truncate(pad+st.Paint.Meta(l.S("console.rm.lead")+" ")+lead, w))
		if len(r.placed.Supporters) > 0 {
			out = append(out, tx.Truncate(pad+st.Paint.Meta(l.S("console.rm.with")+" ")+strings.Join(r.placed.Supporters, ", "), w))
		}
		return out
	})
}

func (b *roadmapBuilder) help(c *desk) ([]key.Binding, []key.Binding) {
	k := c.Keys
	return []key.Binding{k.Move, k.Place, k.Consent, k.OrderUp, k.OrderDown, k.Unplace, k.Preview},
		[]key.Binding{k.Up, k.Down, k.Place, k.Consent, k.OrderUp, k.OrderDown, k.Unplace, k.Preview, k.Export}
}
