package console

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// consoleDiscussScreen is the discuss phase: the candidates most-voted
// first, the focused one marked; below, the focused item (or the selected
// one) with its notes, decision and the comments as they arrive.
type consoleDiscussScreen struct{ c candidateList }

func (s *consoleDiscussScreen) rebuild(c *desk) { s.c.set(c.St.Candidates()) }

func (s *consoleDiscussScreen) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	if s.c.moveKey(k, msg) {
		return nil
	}
	id := s.c.selected()
	if id == "" {
		return nil
	}
	title := quoted(c.Cells, c.St.ItemTitle(id), 40)
	switch {
	case key.Matches(msg, k.FocusItem):
		if c.St.Focus == id {
			c.send(session.Command{Type: session.CmdFocus, Item: ""})
			c.note(c.L.S("console.focus.cleared"))
		} else {
			c.send(session.Command{Type: session.CmdFocus, Item: id})
			c.note(c.L.S("console.focus.set", "Title", title))
		}
	case key.Matches(msg, k.Notes), key.Matches(msg, k.Decision):
		decision := key.Matches(msg, k.Decision)
		var old session.Note
		if n := c.St.Notes[id]; n != nil {
			old = *n
		}
		spec := inputSpec{title: c.L.S("console.notes.title", "Title", title), initial: old.Notes, lines: 4, limit: session.MaxNotesLen}
		if decision {
			spec = inputSpec{title: c.L.S("console.decision.title", "Title", title), initial: old.Decision, lines: 2, limit: session.MaxNotesLen}
		}
		spec.submit = func(text string) tea.Cmd {
			n := old
			if decision {
				n.Decision = text
			} else {
				n.Notes = text
			}
			if n == old {
				c.note(c.L.S("console.nothing_changed"))
				return nil
			}
			c.send(session.Command{Type: session.CmdNote, Item: id, Notes: n.Notes, Decision: n.Decision})
			if decision {
				c.note(c.L.S("console.decision.recorded"))
			} else {
				c.note(c.L.S("console.notes.saved"))
			}
			return nil
		}
		return c.openInput(spec)
	}
	return nil
}

func (s *consoleDiscussScreen) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if w <= 0 || h <= 0 {
		return nil
	}
	if len(s.c.ids) == 0 {
		return []string{st.Paint.Empty(tx.Truncate(l.S("console.discuss.empty"), w))}
	}
	listH := min(len(s.c.ids), max(3, h/3))
	out := []string{st.Paint.Section(tx.Truncate(l.S("console.discuss.head"), w))}
	out = append(out, s.c.pick.Render(tx, w, listH, func(i int, sel bool, w int) []string {
		id := s.c.ids[i]
		cursor, paint := "  ", st.Paint.Item
		if sel {
			cursor, paint = "› ", st.Paint.Selected
		}
		mark := "  "
		if c.St.Focus == id {
			mark = st.Paint.Own("◉ ")
		}
		right := st.Paint.Tally(l.N("console.votes", c.St.Tally(id)))
		if n := c.St.Notes[id]; n != nil && n.Decision != "" {
			right = st.Paint.Decided("✓ ") + right
		} else if n != nil && n.Notes != "" {
			right = st.Paint.Meta("✎ ") + right
		}
		return []string{tx.Line(cursor+mark+st.Paint.Group(itemIcon(c.St, id)+tui.MarkPrefix(c.L, c.St, id)), tui.OneLine(c.St.ItemTitle(id)), paint, right, w)}
	})...)
	for len(out) < listH+1 {
		out = append(out, "")
	}
	id, label := c.St.Focus, l.S("console.discuss.focused")
	if id == "" || !c.St.IsItem(id) {
		id, label = s.c.selected(), l.S("console.discuss.selected")
	}
	out = append(out, st.Paint.Rule(repeatRule(w)))
	return append(out, c.itemDetail(id, label, w, h-len(out))...)
}

// itemDetail draws one item for discussion: its title, votes and backing,
// the notes and decision, and its latest comments, newest at the bottom.
func (c *desk) itemDetail(id, label string, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	if h <= 0 || id == "" {
		return nil
	}
	out := []string{tx.Truncate(st.Paint.Meta(label+" · ")+st.Paint.Tally(l.N("console.votes", c.St.Tally(id)))+st.Paint.Meta(" · "+l.N("console.detail.supporters", len(c.St.Supporters(id)))+tablesFrom(c, id)), w)}
	for _, l := range tx.Indent(c.St.ItemTitle(id), itemIcon(c.St, id), w) {
		out = append(out, st.Paint.Group(l))
	}
	if n := c.St.Notes[id]; n != nil {
		if n.Notes != "" {
			out = append(out, tx.Indent(tui.OneLine(n.Notes), st.Paint.Section(l.S("console.detail.notes")+" "), w)...)
		}
		if n.Decision != "" {
			for _, line := range tx.Indent(tui.OneLine(n.Decision), l.S("console.detail.decision")+" ", w) {
				out = append(out, st.Paint.Decided(line))
			}
		}
	} else {
		out = append(out, st.Paint.Empty(tx.Truncate(l.S("console.detail.no_notes"), w)))
	}
	comments := c.St.CommentsOn(id)
	out = append(out, st.Paint.Section(tx.Truncate(l.N("console.detail.comments", len(comments)), w)))
	room := h - len(out)
	if room <= 0 {
		return tx.Clip(out, w, h)
	}
	var lines []string
	for k := len(comments) - 1; k >= 0 && len(lines) < room; k-- { // newest first, only what fits
		cm := comments[k]
		who := cm.Institution
		if c.St.Unnamed(cm.Author) {
			who = l.S("roster.removed_participant")
		} else if p := c.St.Participants[cm.Author]; p != nil {
			who = c.room.labels[p.ID] + " · " + p.Institution
		} else if cm.Author == session.FacilitatorID {
			who = l.S("console.facilitator")
		}
		lines = append([]string{tx.Line("  ", tui.OneLine(cm.Text), st.Paint.Item, st.Paint.Meta(tx.Truncate(who, tui.MetaWidth(w)/2)), w)}, lines...)
	}
	return tx.Clip(append(out, lines...), w, h)
}

// repeatRule is a horizontal rule w cells wide.
func repeatRule(w int) string {
	if w <= 0 {
		return ""
	}
	b := make([]rune, w)
	for i := range b {
		b[i] = '─'
	}
	return string(b)
}

func (s *consoleDiscussScreen) help(c *desk) ([]key.Binding, []key.Binding) {
	k := c.Keys
	return []key.Binding{k.Move, k.FocusItem, k.Notes, k.Decision}, []key.Binding{k.Up, k.Down, k.FocusItem, k.Notes, k.Decision}
}
