package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
)

// consoleDiscussScreen is the discuss phase: the candidates most-voted
// first, the focused one marked; below, the focused item (or the selected
// one) with its notes, decision and the comments as they arrive.
type consoleDiscussScreen struct{ c candidateList }

func (s *consoleDiscussScreen) rebuild(c *Console) { s.c.set(c.st.Candidates()) }

func (s *consoleDiscussScreen) key(c *Console, msg tea.KeyPressMsg) tea.Cmd {
	k := &c.keys
	if s.c.moveKey(k, msg) {
		return nil
	}
	id := s.c.selected()
	if id == "" {
		return nil
	}
	title := quote(c.env(), c.st.ItemTitle(id), 40)
	switch {
	case key.Matches(msg, k.FocusItem):
		if c.st.Focus == id {
			c.send(session.Command{Type: session.CmdFocus, Item: ""})
			c.note("Focus cleared.")
		} else {
			c.send(session.Command{Type: session.CmdFocus, Item: id})
			c.note("Everyone now discusses " + title + ".")
		}
	case key.Matches(msg, k.Notes), key.Matches(msg, k.Decision):
		decision := key.Matches(msg, k.Decision)
		var old session.Note
		if n := c.st.Notes[id]; n != nil {
			old = *n
		}
		spec := inputSpec{title: "Notes on " + title, initial: old.Notes, lines: 4, limit: session.MaxNotesLen}
		if decision {
			spec = inputSpec{title: "Decision on " + title, initial: old.Decision, lines: 2, limit: session.MaxNotesLen}
		}
		spec.submit = func(text string) tea.Cmd {
			n := old
			if decision {
				n.Decision = text
			} else {
				n.Notes = text
			}
			if n == old {
				c.note("Nothing changed.")
				return nil
			}
			c.send(session.Command{Type: session.CmdNote, Item: id, Notes: n.Notes, Decision: n.Decision})
			if decision {
				c.note("Decision recorded.")
			} else {
				c.note("Notes saved.")
			}
			return nil
		}
		return c.input.start(spec, c.width)
	}
	return nil
}

func (s *consoleDiscussScreen) view(c *Console, w, h int) []string {
	st, tx := &c.styles, c.tx
	if w <= 0 || h <= 0 {
		return nil
	}
	if len(s.c.ids) == 0 {
		return []string{st.paint.Empty(tx.truncate("Nothing to discuss yet.", w))}
	}
	listH := min(len(s.c.ids), max(3, h/3))
	out := []string{st.paint.Section(tx.truncate("Most voted first · f focuses the selected item", w))}
	out = append(out, s.c.list.render(tx, w, listH, func(i int, sel bool, w int) []string {
		id := s.c.ids[i]
		cursor, paint := "  ", st.paint.Item
		if sel {
			cursor, paint = "› ", st.paint.Selected
		}
		mark := "  "
		if c.st.Focus == id {
			mark = st.paint.Own("◉ ")
		}
		right := st.paint.Tally(plural(c.st.Tally(id), "vote", "votes"))
		if n := c.st.Notes[id]; n != nil && n.Decision != "" {
			right = st.paint.Decided("✓ ") + right
		} else if n != nil && n.Notes != "" {
			right = st.paint.Meta("✎ ") + right
		}
		return []string{tx.line(cursor+mark+st.paint.Group(itemIcon(c.st, id)), oneLine(c.st.ItemTitle(id)), paint, right, w)}
	})...)
	for len(out) < listH+1 {
		out = append(out, "")
	}
	id, label := c.st.Focus, "Focused"
	if id == "" || !c.st.IsItem(id) {
		id, label = s.c.selected(), "Selected (not focused)"
	}
	out = append(out, st.paint.Rule(repeatRule(w)))
	return append(out, c.itemDetail(id, label, w, h-len(out))...)
}

// itemDetail draws one item for discussion: its title, votes and backing,
// the notes and decision, and its latest comments, newest at the bottom.
func (c *Console) itemDetail(id, label string, w, h int) []string {
	st, tx := &c.styles, c.tx
	if h <= 0 || id == "" {
		return nil
	}
	out := []string{tx.truncate(st.paint.Meta(label+" · ")+st.paint.Tally(plural(c.st.Tally(id), "vote", "votes"))+st.paint.Meta(" · "+plural(len(c.st.Supporters(id)), "institution supports it", "institutions support it")), w)}
	for _, l := range tx.indent(c.st.ItemTitle(id), itemIcon(c.st, id), w) {
		out = append(out, st.paint.Group(l))
	}
	if n := c.st.Notes[id]; n != nil {
		if n.Notes != "" {
			out = append(out, tx.indent(oneLine(n.Notes), st.paint.Section("Notes: "), w)...)
		}
		if n.Decision != "" {
			for _, l := range tx.indent(oneLine(n.Decision), "Decision: ", w) {
				out = append(out, st.paint.Decided(l))
			}
		}
	} else {
		out = append(out, st.paint.Empty(tx.truncate("No notes yet: n for notes, d for the decision.", w)))
	}
	comments := c.st.CommentsOn(id)
	out = append(out, st.paint.Section(tx.truncate(plural(len(comments), "comment", "comments"), w)))
	room := h - len(out)
	if room <= 0 {
		return tx.clip(out, w, h)
	}
	var lines []string
	for k := len(comments) - 1; k >= 0 && len(lines) < room; k-- { // newest first, only what fits
		cm := comments[k]
		who := cm.Institution
		if p := c.st.Participants[cm.Author]; p != nil {
			who = p.Name + " · " + p.Institution
		} else if cm.Author == session.FacilitatorID {
			who = "facilitator"
		}
		lines = append([]string{tx.line("  ", oneLine(cm.Text), st.paint.Item, st.paint.Meta(tx.truncate(who, metaWidth(w)/2)), w)}, lines...)
	}
	return tx.clip(append(out, lines...), w, h)
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

func (s *consoleDiscussScreen) help(c *Console) ([]key.Binding, []key.Binding) {
	k := &c.keys
	return []key.Binding{k.Move, k.FocusItem, k.Notes, k.Decision}, []key.Binding{k.Up, k.Down, k.FocusItem, k.Notes, k.Decision}
}
