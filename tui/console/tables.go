package console

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// The breakout tables overlay (b, issue 16): before a breakout the dialog
// that splits the room (tables_split.go); while tables are open every
// table at a glance (tables_view.go), one table looked into
// (tables_look.go), a message to every table (m) and the recall of
// everyone (R). esc closes. While tables are open the phase screens show
// the plenary's board, under a banner that counts the tables at work.

// tablesOverlay is the console's breakout tables.
type tablesOverlay struct {
	open   bool
	split  splitDialog
	cursor string // the selected table's id
	offset int    // the first row (list) or row of cards (grid) on screen
	perRow int    // tables per row when last drawn: 1 in the list
	rows   int    // rows of tables that fit when last drawn
	look   string // the table looked into, or ""
	member string // the member selected in the table looked into
	recall int    // items per table while the recall waits for y; 0 when not asking

	// the plenary's board of the replica, cached per replica
	of, plenary *session.State
}

// tablesKeys are the overlay's own keys, shown in its footer.
type tablesKeys struct {
	Move, Look, Message, Recall, Lower, Close, Back, Rapporteur, Seat, Other key.Binding
}

func newTablesKeys(l *lang.Printer) tablesKeys {
	b := func(keys []string, k, id string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, l.S(id)))
	}
	return tablesKeys{
		Move:       b([]string{"up", "down", "left", "right", "k", "j"}, "↑/↓/←/→", "tables_ui.key.move"),
		Look:       b([]string{"enter"}, "enter", "tables_ui.key.look"),
		Message:    b([]string{"m"}, "m", "tables_ui.key.message"),
		Recall:     b([]string{"R"}, "R", "tables_ui.key.recall"),
		Lower:      b([]string{"l"}, "l", "tables_ui.key.lower"),
		Close:      b([]string{"esc", "b"}, "esc", "tables_ui.key.close"),
		Back:       b([]string{"esc"}, "esc", "tables_ui.key.back"),
		Rapporteur: b([]string{"r"}, "r", "tables_ui.key.rapporteur"),
		Seat:       b([]string{"s"}, "s", "tables_ui.key.seat"),
		Other:      b([]string{"left", "right"}, "←/→", "tables_ui.key.other_table"),
	}
}

// plenaryOf returns the plenary's board of st (tui.Board), worked out once
// per replica.
func (t *tablesOverlay) plenaryOf(st *session.State) *session.State {
	if t.of != st {
		t.of, t.plenary = st, tui.Board(st, "")
	}
	return t.plenary
}

// tablesDesk is the desk with the whole replica: the overlay sees every
// table's board.
func (c *Console) tablesDesk() *desk {
	d := c.desk()
	d.St = c.St
	return d
}

// tablesKey takes b, and every key but q and ? while the overlay is open
// (and, over every table, > < and t: the phase and the timer are every
// table's); it reports whether it took the key.
func (c *Console) tablesKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.Keys
	t := &c.tables
	if !t.open {
		if !key.Matches(msg, k.Tables) || c.help.ShowAll {
			return nil, false
		}
		c.closeOverlays()
		t.show(c.tablesDesk())
		return nil, true
	}
	if key.Matches(msg, k.Quit, k.Help) || c.help.ShowAll && key.Matches(msg, k.Back) {
		return nil, false // esc closes the full help first
	}
	if t.look == "" && t.recall == 0 && c.St.TablesOpen && key.Matches(msg, k.NextPhase, k.PrevPhase, k.Timer) {
		return nil, false // the phase and the timer of every table, from the overview
	}
	c.Notice = ""
	return t.key(c.tablesDesk(), msg), true
}

// closeOverlays closes what the tables overlay replaces.
func (c *Console) closeOverlays() {
	c.roster.open, c.comments.open, c.agenda.open, c.settings.open = false, false, false, false
	c.preview.open, c.showCoFac = false, false
}

// show opens the overlay: the split dialog before a breakout, every table
// while one runs.
func (t *tablesOverlay) show(c *desk) {
	t.open, t.look, t.recall = true, "", 0
	if !c.St.TablesOpen {
		t.split.reset(c)
	}
	t.rebuild(c)
}

// rebuild follows the replica: a breakout that began shows its tables, one
// that ended closes the overlay.
func (t *tablesOverlay) rebuild(c *desk) {
	if !t.open {
		return
	}
	tables := tui.OpenTables(c.St)
	if len(tables) == 0 {
		t.look, t.recall = "", 0
		if t.split.mode == "" {
			t.split.reset(c)
		}
		t.split.rebuild(c)
		return
	}
	if !slices.ContainsFunc(tables, func(x *session.Table) bool { return x.ID == t.cursor }) {
		t.cursor = tables[0].ID
	}
	if t.look != "" && c.St.Tables[t.look] == nil {
		t.look = ""
	}
}

// key handles a key while the overlay is open.
func (t *tablesOverlay) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	if !c.St.TablesOpen {
		return t.split.key(c, t, msg)
	}
	if t.recall > 0 {
		t.recallKey(c, msg)
		return nil
	}
	if t.look != "" {
		return t.lookKey(c, msg)
	}
	k := newTablesKeys(c.L)
	switch {
	case key.Matches(msg, k.Close):
		t.open = false
	case msg.String() == "up" || msg.String() == "k":
		t.move(c, -max(1, t.perRow))
	case msg.String() == "down" || msg.String() == "j":
		t.move(c, max(1, t.perRow))
	case msg.String() == "left":
		t.move(c, -1)
	case msg.String() == "right":
		t.move(c, 1)
	case msg.String() == "pgup":
		t.move(c, -max(1, t.perRow*max(1, t.rows-1)))
	case msg.String() == "pgdown":
		t.move(c, max(1, t.perRow*max(1, t.rows-1)))
	case key.Matches(msg, k.Look):
		t.look, t.member = t.cursor, ""
	case key.Matches(msg, k.Message):
		return t.message(c)
	case key.Matches(msg, k.Recall):
		t.recall = session.DefaultPromoted
	case key.Matches(msg, k.Lower):
		t.lowerHand(c, t.cursor)
	}
	return nil
}

// move steps the selected table by d, stopping at the ends.
func (t *tablesOverlay) move(c *desk, d int) {
	tables := tui.OpenTables(c.St)
	i := slices.IndexFunc(tables, func(x *session.Table) bool { return x.ID == t.cursor })
	if i < 0 || len(tables) == 0 {
		return
	}
	i = max(0, min(len(tables)-1, i+d))
	t.cursor = tables[i].ID
}

// message opens the field of the message to every table: one line, shown
// on every screen until replaced; empty takes it down.
func (t *tablesOverlay) message(c *desk) tea.Cmd {
	old := c.St.Broadcast
	return c.openInput(inputSpec{
		title: c.L.S("tables_ui.message.title"), hint: c.L.S("tables_ui.message.hint"),
		initial: old, lines: 1, limit: session.MaxBroadcastLen,
		submit: func(text string) tea.Cmd {
			text = strings.TrimSpace(text)
			switch {
			case text == old:
				c.note(c.L.S("console.nothing_changed"))
			case text == "":
				c.send(session.Command{Type: session.CmdBroadcast, Text: ""})
				c.note(c.L.S("tables_ui.message.cleared"))
			default:
				c.send(session.Command{Type: session.CmdBroadcast, Text: text})
				c.note(c.L.S("tables_ui.message.sent"))
			}
			return nil
		},
	})
}

// lowerHand lowers a table's raised hand.
func (t *tablesOverlay) lowerHand(c *desk, id string) {
	tb := c.St.Tables[id]
	if tb == nil {
		return
	}
	no := c.L.Number(tb.No)
	if !tb.Hand {
		c.fail(c.L.S("tables_ui.hand.not_raised", "No", no))
		return
	}
	c.send(session.Command{Type: session.CmdLowerHand, Table: id})
	c.note(c.L.S("tables_ui.hand.lowered", "No", no))
}

// recallKey answers the recall's question: y recalls everyone, + and -
// (or a digit) change how many items each table sends, any other key
// keeps the tables open.
func (t *tablesOverlay) recallKey(c *desk, msg tea.KeyPressMsg) {
	s := msg.String()
	switch {
	case key.Matches(msg, c.Keys.Confirm):
		n := t.recall
		t.recall = 0
		c.send(session.Command{Type: session.CmdCloseTables, Count: n})
		c.note(c.L.S("tables_ui.recall.sent"))
		t.open = false
	case s == "+" || s == "=" || s == "right" || s == "up":
		t.recall = min(session.MaxPicks, t.recall+1)
	case s == "-" || s == "_" || s == "left" || s == "down":
		t.recall = max(1, t.recall-1)
	case len(s) == 1 && s[0] >= '1' && s[0] <= '9':
		t.recall, _ = strconv.Atoi(s)
	default:
		t.recall = 0
		c.note(c.L.S("console.nothing_changed"))
	}
}

// help returns the overlay's keys for the footer.
func (t *tablesOverlay) help(c *desk) ([]key.Binding, []key.Binding) {
	k := newTablesKeys(c.L)
	if !c.St.TablesOpen {
		return t.split.help(c)
	}
	if t.recall > 0 {
		b := []key.Binding{
			key.NewBinding(key.WithKeys("y"), key.WithHelp("y", c.L.S("tables_ui.key.recall_yes"))),
			key.NewBinding(key.WithKeys("+", "-"), key.WithHelp("+/-", c.L.S("tables_ui.key.recall_count"))),
			c.Keys.Keep,
		}
		return b, b
	}
	if t.look != "" {
		short := []key.Binding{k.Rapporteur, k.Seat, k.Lower, k.Message, k.Back}
		return short, []key.Binding{c.Keys.Up, c.Keys.Down, k.Other, k.Rapporteur, k.Seat, k.Lower, k.Message, k.Recall, k.Back}
	}
	short := []key.Binding{k.Look, k.Message, k.Recall, k.Lower, k.Close}
	return short, []key.Binding{k.Move, k.Look, k.Message, k.Recall, k.Lower, k.Close}
}

// bannerLine is the line above the phase's screen while tables are open:
// how many are at work, which raise a hand, and the key that shows them.
func (c *Console) bannerLine(w int) string {
	tables := tui.OpenTables(c.St)
	if len(tables) == 0 {
		return ""
	}
	st, tx, l := c.Styles, c.Cells, c.L
	var hands []string
	for _, t := range tables {
		if t.Hand {
			hands = append(hands, l.Number(t.No))
		}
	}
	line := st.Paint.Section(l.N("tables_ui.banner.at_work", len(tables)))
	if len(hands) == 1 {
		line += st.Paint.Meta(" · ") + st.Paint.Waiting("✋ "+tui.TableName(l, tables[slices.IndexFunc(tables, func(t *session.Table) bool { return t.Hand })].No))
	} else if len(hands) > 1 {
		line += st.Paint.Meta(" · ") + st.Paint.Waiting("✋ "+l.S("tables_ui.banner.hands", "Tables", strings.Join(hands, ", ")))
	}
	if c.St.Broadcast != "" {
		line += st.Paint.Meta(" · 📣")
	}
	line += st.Paint.Meta(" · " + l.S("tables_ui.banner.key"))
	return tx.Truncate(line, w)
}

// fill clips lines to w×h and pads them to h lines.
func (c *Console) fill(lines []string, w, h int) []string {
	lines = c.Cells.Clip(lines, w, h)
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// tablesHelp is the footer while the overlay is open; ok is false when it
// is closed.
func (c *Console) tablesHelp() (components.HelpKeys, bool) {
	if !c.tables.open {
		return components.HelpKeys{}, false
	}
	k := c.Keys
	short, full := c.tables.help(c.tablesDesk())
	global := []key.Binding{k.Help, k.Quit}
	return components.HelpKeys{Short: short, Pinned: global, Full: [][]key.Binding{full, global}}, true
}

// tablesFrom is " · from Table 3" for an item promoted from a table, or "".
func tablesFrom(c *desk, id string) string {
	if s := tui.FromTable(c.L, c.St, id); s != "" {
		return " · " + s
	}
	return ""
}

// tablesNews tells the facilitator what the tables did: a hand raised,
// the items the recall brought to the plenary.
func (c *Console) tablesNews(ch tui.News) {
	l := c.L
	for _, e := range ch.Events {
		switch e.Type {
		case session.EvHandRaised:
			if t := c.St.Tables[e.Table]; t != nil && t.Hand {
				c.Note(l.S("tables_ui.news.hand", "No", l.Number(t.No)))
			}
		case session.EvTablesClosed:
			n := len(e.PromotedGroups)
			for _, i := range e.Promoted {
				if i.Promotion != nil && i.Promotion.Rank > 0 {
					n++
				}
			}
			c.Note(l.N("tables_ui.news.closed", n))
		}
	}
}
