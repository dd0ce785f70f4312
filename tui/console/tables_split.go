package console

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
)

// splitDialog splits the room into tables: by count, the institutions
// spread (a live preview of the tables' sizes and how well the
// institutions are spread); by topic, a table per topic that each person
// chooses; or by hand, each person seated by the facilitator (the seats
// start as the spread would make them).
type splitDialog struct {
	mode    string         // session.TablesByCount, TablesByTopic or TablesByHand
	count   int            // tables, by count and by hand
	typed   string         // digits typed for the count
	seating bool           // by hand: the seats are being chosen
	seats   map[string]int // by hand: participant -> table, from 1
	sel     int            // by hand: the person selected
	offset  int            // by hand: the first person on screen
	height  int            // by hand: the people's lines when last drawn

	people []*session.Participant // present, in joining order
	insts  int
	spread map[string]int // by count: participant -> table, from 0 (session.Spread)
}

// splitModes are the ways to split, in the dialog's order.
var splitModes = []string{session.TablesByCount, session.TablesByTopic, session.TablesByHand}

// reset starts the dialog afresh: by count, about seven people a table.
func (s *splitDialog) reset(c *desk) {
	*s = splitDialog{mode: session.TablesByCount}
	s.rebuild(c)
	s.count = s.clamp(defaultTables(len(s.people)))
	s.respread()
}

// defaultTables is how many tables a room of n makes at about seven a
// table.
func defaultTables(n int) int { return max(2, (n+3)/7) }

// maxTables is the most tables the room can make with two at each.
func (s *splitDialog) maxTables() int { return max(1, min(session.MaxTables, len(s.people)/2)) }

func (s *splitDialog) clamp(n int) int { return max(1, min(s.maxTables(), n)) }

// rebuild follows the replica: who is present now.
func (s *splitDialog) rebuild(c *desk) {
	s.people = s.people[:0]
	insts := map[string]bool{}
	for _, p := range c.St.ParticipantList() {
		if session.Present(c.St, p) {
			s.people = append(s.people, p)
			insts[p.Institution] = true
		}
	}
	s.insts = len(insts)
	if s.count > 0 {
		s.count = s.clamp(s.count)
		s.respread()
	}
}

// respread works the spread out again for the count.
func (s *splitDialog) respread() {
	s.spread = session.Spread(s.people, s.count)
	if s.seats == nil {
		return
	}
	for id, no := range s.seats { // by hand: a seat past the last table moves
		if no > s.count {
			s.seats[id] = s.count
		}
	}
	for _, p := range s.people {
		if _, ok := s.seats[p.ID]; !ok {
			s.seats[p.ID] = s.spread[p.ID] + 1
		}
	}
}

// sizes returns the people at each table (from 0) as the dialog would
// seat them now, and how many institutions have two or more people at one
// table.
func (s *splitDialog) sizes() (sizes []int, shared int) {
	n := s.count
	if s.mode == session.TablesByTopic || n <= 0 {
		return nil, 0
	}
	sizes = make([]int, n)
	byTable := make([]map[string]int, n)
	for i := range byTable {
		byTable[i] = map[string]int{}
	}
	for _, p := range s.people {
		k := s.tableOf(p.ID)
		if k < 0 || k >= n {
			continue
		}
		sizes[k]++
		byTable[k][p.Institution]++
	}
	for _, insts := range byTable {
		for _, m := range insts {
			if m > 1 {
				shared++
			}
		}
	}
	return sizes, shared
}

// tableOf is the table (from 0) a person would sit at, or -1.
func (s *splitDialog) tableOf(id string) int {
	if s.mode == session.TablesByHand && s.seats != nil {
		if no, ok := s.seats[id]; ok {
			return no - 1
		}
		return -1
	}
	if k, ok := s.spread[id]; ok {
		return k
	}
	return -1
}

// key handles a key of the dialog.
func (s *splitDialog) key(c *desk, t *tablesOverlay, msg tea.KeyPressMsg) tea.Cmd {
	if s.seating {
		return s.seatKey(c, msg)
	}
	str := msg.String()
	if len(str) == 1 && str[0] >= '0' && str[0] <= '9' && s.mode != session.TablesByTopic {
		if len(s.typed) < 2 {
			s.typed += str
		}
		if n, err := strconv.Atoi(s.typed); err == nil && n > 0 {
			s.count = s.clamp(n)
			s.respread()
		}
		return nil
	}
	if str != "backspace" {
		s.typed = ""
	}
	switch {
	case str == "backspace" && s.typed != "":
		s.typed = s.typed[:len(s.typed)-1]
	case key.Matches(msg, newTablesKeys(c.L).Close):
		t.open = false
	case key.Matches(msg, c.Keys.Up):
		s.stepMode(-1)
	case key.Matches(msg, c.Keys.Down):
		s.stepMode(1)
	case str == "left" || str == "-" || str == "h":
		s.count = s.clamp(s.count - 1)
		s.respread()
	case str == "right" || str == "+" || str == "=" || str == "l":
		s.count = s.clamp(s.count + 1)
		s.respread()
	case str == "enter":
		return s.submit(c)
	}
	return nil
}

// stepMode chooses the next or previous way to split.
func (s *splitDialog) stepMode(d int) {
	i := 0
	for k, m := range splitModes {
		if m == s.mode {
			i = k
		}
	}
	s.mode = splitModes[max(0, min(len(splitModes)-1, i+d))]
}

// openable says why tables cannot open now, or "".
func (s *splitDialog) openable(c *desk) string {
	l := c.L
	switch c.St.Phase {
	case session.PhaseLobby, session.PhaseIdeas, session.PhaseGroup, session.PhaseVote:
	default:
		return l.S("tables_ui.split.phase", "Phase", tui.PhaseName(l, c.St.Phase))
	}
	if s.mode == session.TablesByTopic {
		if len(c.St.Topics) == 0 {
			return l.S("tables_ui.split.no_topics")
		}
		return ""
	}
	if len(s.people) < 4 && s.mode == session.TablesByCount {
		return l.S("tables_ui.split.too_few")
	}
	sizes, _ := s.sizes()
	for k, n := range sizes {
		if n == 1 {
			return l.S("tables_ui.split.of_one", "No", l.Number(k+1))
		}
	}
	return ""
}

// submit opens the tables, or, by hand, goes on to the seats.
func (s *splitDialog) submit(c *desk) tea.Cmd {
	if why := s.openable(c); why != "" {
		c.fail(why)
		return nil
	}
	l := c.L
	switch s.mode {
	case session.TablesByTopic:
		c.send(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByTopic})
		c.note(l.N("tables_ui.split.opened_topic", len(c.St.Topics)))
	case session.TablesByCount:
		c.send(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByCount, Count: s.count})
		c.note(l.N("tables_ui.split.opened", s.count))
	case session.TablesByHand:
		if !s.seating {
			s.seating = true
			if s.seats == nil {
				s.seats = map[string]int{}
			}
			s.respread()
			return nil
		}
		seats := make(map[string]string, len(s.seats))
		for _, p := range s.people {
			seats[p.ID] = strconv.Itoa(s.seats[p.ID])
		}
		c.send(session.Command{Type: session.CmdOpenTables, Mode: session.TablesByHand, Count: s.count, Seats: seats})
		c.note(l.N("tables_ui.split.opened", s.count))
	}
	return nil
}

// seatKey handles a key while the seats are chosen by hand: ↑/↓ a
// person, ←/→ or a digit their table, enter opens, esc goes back.
func (s *splitDialog) seatKey(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	str := msg.String()
	n := len(s.people)
	var id string
	if s.sel >= 0 && s.sel < n {
		id = s.people[s.sel].ID
	}
	switch {
	case str == "esc":
		s.seating = false
	case key.Matches(msg, c.Keys.Up):
		s.sel = max(0, s.sel-1)
	case key.Matches(msg, c.Keys.Down):
		s.sel = min(n-1, s.sel+1)
	case str == "pgup":
		s.sel = max(0, s.sel-max(1, s.height-1))
	case str == "pgdown":
		s.sel = min(n-1, s.sel+max(1, s.height-1))
	case id != "" && (str == "left" || str == "-"):
		s.seats[id] = max(1, s.seats[id]-1)
	case id != "" && (str == "right" || str == "+" || str == "="):
		s.seats[id] = min(s.count, s.seats[id]+1)
	case id != "" && len(str) == 1 && str[0] >= '1' && str[0] <= '9':
		if no := int(str[0] - '0'); no <= s.count {
			s.seats[id] = no
		}
	case str == "enter":
		return s.submit(c)
	}
	return nil
}

// help returns the dialog's keys for the footer.
func (s *splitDialog) help(c *desk) ([]key.Binding, []key.Binding) {
	l := c.L
	b := func(keys []string, k, id string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, l.S(id)))
	}
	if s.seating {
		short := []key.Binding{
			b([]string{"left", "right"}, "←/→", "tables_ui.key.seat_table"),
			b([]string{"enter"}, "enter", "tables_ui.key.open"),
			b([]string{"esc"}, "esc", "tables_ui.key.back"),
		}
		return short, append([]key.Binding{c.Keys.Up, c.Keys.Down}, short...)
	}
	open := b([]string{"enter"}, "enter", "tables_ui.key.open")
	if s.mode == session.TablesByHand {
		open = b([]string{"enter"}, "enter", "tables_ui.key.seat_people")
	}
	how := b([]string{"up", "down"}, "↑/↓", "tables_ui.key.how")
	many := b([]string{"left", "right"}, "←/→", "tables_ui.key.how_many")
	closeKey := newTablesKeys(l).Close
	if s.mode == session.TablesByTopic {
		return []key.Binding{open, how, closeKey}, []key.Binding{open, how, closeKey}
	}
	return []key.Binding{open, how, many, closeKey}, []key.Binding{open, how, many, closeKey}
}

// view draws the dialog w×h.
func (s *splitDialog) view(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	head := l.S("tables_ui.split.title") + " · " + l.N("console.side.participants", len(s.people)) + " · " + l.N("console.side.institutions", s.insts)
	out := []string{st.Paint.Section(tx.Truncate(head, w)), ""}
	if s.seating {
		return append(out, s.seatView(c, w, h-len(out))...)
	}
	for _, m := range splitModes {
		mark, paint := "  ○ ", st.Paint.Item
		if m == s.mode {
			mark, paint = "› ◉ ", st.Paint.Selected
		}
		var text string
		switch m {
		case session.TablesByCount:
			text = l.S("tables_ui.split.by_count")
		case session.TablesByTopic:
			text = l.N("tables_ui.split.by_topic", len(c.St.Topics))
		case session.TablesByHand:
			text = l.S("tables_ui.split.by_hand")
		}
		out = append(out, tx.Truncate(mark+paint(text), w))
	}
	out = append(out, "")
	if why := s.openable(c); why != "" {
		for _, line := range tx.Wrap(why, w) {
			out = append(out, st.Paint.Error(line))
		}
		out = append(out, "")
	}
	if s.mode == session.TablesByTopic {
		for _, line := range tx.Wrap(l.S("tables_ui.split.topic_note"), w) {
			out = append(out, st.Paint.Meta(line))
		}
		out = append(out, "")
		for k, tp := range c.St.Topics {
			out = append(out, tx.Truncate("  "+st.Paint.Group(tui.TableName(l, k+1))+st.Paint.Meta(" · ")+tp.Name, w))
		}
		return tx.Clip(out, w, h)
	}
	count := st.Paint.Title("‹ " + l.Number(s.count) + " ›")
	out = append(out, tx.Truncate(st.Paint.Instruction(l.S("tables_ui.split.how_many")+" ")+count+st.Paint.Meta("  "+l.S("tables_ui.split.type_number", "Max", l.Number(s.maxTables()))), w))
	out = append(out, s.preview(c, w, h-len(out))...)
	return tx.Clip(out, w, h)
}

// preview is the tables' sizes and how the institutions are spread, then
// each table with its people where the screen has room.
func (s *splitDialog) preview(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	sizes, shared := s.sizes()
	if len(sizes) == 0 {
		return nil
	}
	lo, hi := sizes[0], sizes[0]
	for _, n := range sizes {
		lo, hi = min(lo, n), max(hi, n)
	}
	var out []string
	span := l.Number(lo)
	if hi != lo {
		span = l.S("tables_ui.split.range", "Low", l.Number(lo), "High", l.Number(hi))
	}
	out = append(out, tx.Truncate(st.Paint.Meta(l.S("tables_ui.split.sizes", "Sizes", span)), w))
	if shared == 0 {
		out = append(out, tx.Truncate(st.Paint.Done("✓ "+l.S("tables_ui.split.spread")), w))
	} else {
		out = append(out, tx.Truncate(st.Paint.Waiting(l.N("tables_ui.split.shared", shared)), w))
	}
	if s.mode == session.TablesByHand {
		return append(out, tx.Truncate(st.Paint.Meta(l.S("tables_ui.split.hand_next")), w))
	}
	room := h - len(out) - 1
	if room < 2 {
		return out
	}
	out = append(out, "")
	names := make([][]string, len(sizes))
	for _, p := range s.people {
		if k := s.tableOf(p.ID); k >= 0 && k < len(names) {
			names[k] = append(names[k], c.room.labels[p.ID])
		}
	}
	for k := range sizes {
		if k == room-1 && k < len(sizes)-1 {
			out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("tables_ui.more_tables", len(sizes)-k), w)))
			break
		}
		lead := "  " + st.Paint.Group(tui.TableName(l, k+1)) + st.Paint.Meta(" · "+l.N("tables_ui.people", sizes[k])+" · ")
		out = append(out, tx.Truncate(lead+strings.Join(names[k], ", "), w))
	}
	return out
}

// seatView lists the people with the table each is seated at, w×h.
func (s *splitDialog) seatView(c *desk, w, h int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	sizes, _ := s.sizes()
	var parts []string
	for _, n := range sizes {
		parts = append(parts, l.Number(n))
	}
	out := []string{tx.Truncate(st.Paint.Meta(l.S("tables_ui.split.sizes", "Sizes", strings.Join(parts, " · "))), w)}
	for k, n := range sizes {
		if n == 1 {
			out = append(out, st.Paint.Error(tx.Truncate(l.S("tables_ui.split.of_one", "No", l.Number(k+1)), w)))
			break
		}
	}
	room := h - len(out)
	if room <= 0 || len(s.people) == 0 {
		return out
	}
	s.height = room
	first, last := window(len(s.people), s.sel, &s.offset, room)
	if first > 0 {
		out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("roster.above", first), w)))
	}
	numW := tx.Width("‹ " + l.Number(s.count) + " ›")
	for i := first; i < last; i++ {
		p := s.people[i]
		no := l.Number(s.seats[p.ID])
		cursor, paint := "  ", st.Paint.Item
		if i == s.sel {
			cursor, paint = "› ", st.Paint.Selected
			no = "‹ " + no + " ›"
		}
		right := st.Paint.Title(padLeft(tx, no, numW))
		out = append(out, tx.Line(cursor, c.room.labels[p.ID]+" · "+p.Institution, paint, right, w))
	}
	if last < len(s.people) {
		out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("roster.more", len(s.people)-last), w)))
	}
	return out
}

// window returns the rows [first, last) of n to draw in room lines with
// row sel on screen, keeping *offset as the top: where the list is cut, a
// line says how many are above or below, and sel stays between them.
func window(n, sel int, offset *int, room int) (first, last int) {
	if n <= room {
		*offset = 0
		return 0, n
	}
	off := max(0, min(*offset, n-room))
	for range 4 {
		first, last = off, off+room
		if off > 0 {
			first++
		}
		if last < n {
			last--
		}
		switch {
		case sel < first:
			off = max(0, off-(first-sel))
		case sel >= last:
			off = min(n-room, off+sel-last+1)
		default:
			*offset = off
			return first, max(first, last)
		}
	}
	*offset = off
	return first, max(first, last)
}
