package console

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// commentsView is the comments on one item (c), in every phase whose
// screen selects an item: the facilitator reads them whole, with who
// wrote them, and deletes one with x (asking y). esc closes.
type commentsView struct {
	open bool
	item string
	rows components.Picker[commentRow]
}

// commentRow is one comment.
type commentRow struct{ c *session.Comment }

// RowKey finds the comment again after a rebuild.
func (r commentRow) RowKey() string { return r.c.ID }

// selectedItem is the item whose comments c opens: in discussion the one
// the detail shows (the focused item, else the selected one), elsewhere the
// selected row's idea or group; "" when none.
func (c *Console) selectedItem() string {
	switch c.St.Phase {
	case session.PhaseIdeas, session.PhaseGroup:
		if r, ok := c.moderate.selected(); ok {
			return r.id
		}
	case session.PhaseVote:
		return c.vote.c.selected()
	case session.PhaseDiscuss:
		if c.St.IsItem(c.St.Focus) {
			return c.St.Focus
		}
		return c.discuss.c.selected()
	case session.PhaseRoadmap:
		if r, ok := c.roadmap.selected(); ok {
			return r.id
		}
	}
	return ""
}

// openComments opens the comments of the selected item.
func (c *Console) openComments() {
	id := c.selectedItem()
	if id == "" {
		c.Fail(c.L.S("roster.comments.no_item"))
		return
	}
	c.comments = commentsView{open: true, item: id}
	c.comments.rebuild(c.desk())
}

func (v *commentsView) rebuild(c *desk) {
	if !c.St.IsItem(v.item) {
		v.open = false // the item is gone, and its comments with it
		return
	}
	list := c.St.CommentsOn(v.item)
	rows := make([]commentRow, len(list))
	for i, cm := range list {
		rows[i] = commentRow{cm}
	}
	v.rows.Set(rows, len(rows)-1) // the newest first under the cursor
}

func (v *commentsView) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	switch {
	case v.rows.MoveKey(k, msg):
	case key.Matches(msg, k.Back), key.Matches(msg, k.Comments):
		v.open = false
	case key.Matches(msg, k.Delete):
		r := v.rows.Selected()
		if r == nil {
			return nil
		}
		id, text := r.c.ID, r.c.Text
		c.ask(c.L.S("roster.comments.delete_ask", "Text", quoted(c.Cells, text, 40)), func() tea.Cmd {
			c.send(session.Command{Type: session.CmdDeleteComment, Item: id})
			c.note(c.L.S("roster.comments.deleted"))
			return nil
		})
	}
	return nil
}

// view draws the item's title and its comments, w×h.
func (v *commentsView) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if w <= 0 || h <= 0 {
		return nil
	}
	list := v.rows.Rows()
	out := []string{st.Paint.Section(tx.Truncate(l.N("roster.comments.title", len(list), "Title", quoted(tx, c.St.ItemTitle(v.item), 60)), w))}
	if len(list) == 0 {
		return append(out, st.Paint.Empty(tx.Truncate(l.S("roster.comments.none"), w)))
	}
	labels := c.room.labels
	return append(out, v.rows.Render(tx, w, h-len(out), func(i int, sel bool, w int) []string {
		cm := list[i].c
		who := cm.Institution
		switch {
		case cm.Author == session.FacilitatorID:
			who = l.S("console.facilitator")
		case c.St.Unnamed(cm.Author):
			who = l.S("roster.removed_participant")
		case c.St.Participants[cm.Author] != nil:
			who = labels[cm.Author] + " · " + c.St.Participants[cm.Author].Institution
		}
		if !sel {
			return []string{tx.Line("  • ", tui.OneLine(cm.Text), st.Paint.Item, st.Paint.Meta(tx.Truncate(who, tui.MetaWidth(w))), w)}
		}
		lines := tx.Indent(cm.Text, "› • ", w)
		for k := range lines {
			lines[k] = st.Paint.Selected(lines[k])
		}
		return append(lines, "    "+st.Paint.Meta(tx.Truncate(who+" · "+cm.At.In(c.Now().Location()).Format("15:04"), max(0, w-4))))
	})...)
}

func (v *commentsView) help(c *desk) ([]key.Binding, []key.Binding) {
	k := c.Keys
	del := key.NewBinding(key.WithKeys("x"), key.WithHelp("x", c.L.S("roster.key.delete_comment")))
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.L.S("roster.key.close")))
	return []key.Binding{k.Move, del, back}, []key.Binding{k.Up, k.Down, del, back}
}
