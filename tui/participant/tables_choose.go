package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// chooseScreen is the choice of a table at topic tables: the screen of a
// participant not seated yet, and what t opens for one who is (esc goes
// back to their table). Each table shows its topic and how many sit there;
// enter sits at the selected one.
type chooseScreen struct {
	open bool // opened with t by a seated participant
	rows components.Picker[chooseRow]
}

// chooseRow is one open table.
type chooseRow struct {
	t      *session.Table
	people int
}

// RowKey finds the table again after a rebuild.
func (r chooseRow) RowKey() string { return r.t.ID }

func (s *chooseScreen) rebuild(e *env) {
	rows := s.rows.Rows()[:0]
	mine := tui.SeatOf(e.st, e.me)
	seating := tui.Seating(e.st)
	for _, t := range tui.OpenTables(e.st) {
		n := len(t.Members)
		if e.crowd == nil {
			n = len(seating[t.ID])
		}
		rows = append(rows, chooseRow{t: t, people: n})
	}
	if mine != nil && s.rows.Current() == "" {
		s.rows.Remember(mine.ID)
	}
	s.rows.Set(rows, 0)
}

func (s *chooseScreen) key(e *env, msg tea.KeyPressMsg) tea.Cmd {
	k := e.Keys
	mine := tui.SeatOf(e.st, e.me)
	switch {
	case s.rows.MoveKey(k, msg):
	case key.Matches(msg, k.Back) && mine != nil:
		s.open = false
	case key.Matches(msg, k.Open):
		r := s.rows.Selected()
		if r == nil {
			return nil
		}
		if mine != nil && mine.ID == r.t.ID {
			s.open = false
			return nil
		}
		e.send(session.Command{Type: session.CmdPickTable, Table: r.t.ID})
		e.note(e.L.S("tables_ui.choose.sent", "No", e.L.Number(r.t.No)))
		s.open = false
	}
	return nil
}

// chooseTop is the number of lines above the list.
const chooseTop = 3

func (s *chooseScreen) follow(e *env, h int) { s.rows.Follow(h - chooseTop) }

func (s *chooseScreen) view(e *env, w, h int) string {
	st, tx, l := e.Styles, e.Cells, e.L
	lines := []string{st.Paint.Section(tx.Truncate(l.S("tables_ui.choose.title"), w))}
	note := l.S("tables_ui.choose.note")
	if tui.SeatOf(e.st, e.me) != nil {
		note = l.S("tables_ui.choose.move_note")
	}
	wrapped := tx.Wrap(note, w)
	if len(wrapped) > chooseTop-2 {
		wrapped = wrapped[:chooseTop-2]
		wrapped[len(wrapped)-1] = tx.Truncate(wrapped[len(wrapped)-1]+" …", w)
	}
	for _, line := range wrapped {
		lines = append(lines, st.Paint.Meta(line))
	}
	for len(lines) < chooseTop {
		lines = append(lines, "")
	}
	if len(s.rows.Rows()) == 0 {
		lines = append(lines, st.Paint.Empty(tx.Truncate(l.S("tables_ui.choose.none"), w)))
		return tx.Block(lines, w, h)
	}
	mine := tui.SeatOf(e.st, e.me)
	lines = append(lines, s.rows.Render(tx, w, h-chooseTop, func(i int, sel bool, w int) []string {
		r := s.rows.Rows()[i]
		cursor, paint := "  ", st.Paint.Item
		if sel {
			cursor, paint = "› ", st.Paint.Selected
		}
		right := st.Paint.Meta(l.N("tables_ui.people", r.people))
		if mine != nil && mine.ID == r.t.ID {
			right = st.Paint.Own(l.S("tables_ui.choose.here")) + st.Paint.Meta(" · ") + right
		}
		return []string{tx.Line(cursor, tui.TableTitle(l, e.st, r.t), paint, right, w)}
	})...)
	return tx.Block(lines, w, h)
}

func (s *chooseScreen) help(e *env) ([]key.Binding, []key.Binding) {
	k := e.Keys
	sit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", e.L.S("tables_ui.key.sit")))
	short := []key.Binding{sit, k.Move}
	if tui.SeatOf(e.st, e.me) != nil {
		short = append(short, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", e.L.S("tables_ui.key.back"))))
	}
	return short, append([]key.Binding{k.Up, k.Down}, short...)
}
