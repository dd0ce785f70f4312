package participant

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// The participant's breakout tables (issue 16): while seated the header
// names their table and its people, and the screens show only its board;
// they are told when seated or moved, when the facilitator sends a message
// (shown above the screen until esc or the next one) and when everyone is
// recalled. h raises or lowers the table's hand, t chooses a topic table
// (tables_choose.go); the rapporteur picks items for the plenary with p
// and, in Grouping, marks ideas (space) and merges them (m,
// tables_group.go).

// tablesState is what the app keeps of breakout tables.
type tablesState struct {
	of, board *session.State // the board of the replica the screens show, cached per replica
	at        string         // the table the board is of
	told      string         // the table the participant was last told they sit at
	shown     string         // the facilitator's message shown above the screen
	dismissed bool           // esc hid it
	choose    chooseScreen   // t, and the screen of an unseated participant at topic tables
	group     tableGroupScreen
}

// boardOf returns the board the screens show: the table participant me
// sits at while tables are open, else the plenary's (tui.Board).
func (t *tablesState) boardOf(st *session.State, me string) *session.State {
	at := ""
	if tb := tui.SeatOf(st, me); tb != nil {
		at = tb.ID
	}
	if t.of != st || t.at != at {
		t.of, t.at, t.board = st, at, tui.Board(st, at)
	}
	return t.board
}

// seat returns the open table this participant sits at, or nil.
func (m *Participant) seat() *session.Table { return tui.SeatOf(m.St, m.me) }

// tablesScreen is the screen breakout tables put in place of the phase's,
// or nil: the choice of a table for an unseated participant at topic
// tables, the rapporteur's grouping.
func (m *Participant) tablesScreen() screen {
	if m.Status == client.Ended || !m.St.TablesOpen {
		return nil
	}
	t := m.seat()
	switch {
	case m.tables.choose.open:
		return &m.tables.choose
	case t == nil && m.St.TablesOpen && tui.TopicTables(m.St) && m.myself() != nil && !m.removed():
		return &m.tables.choose
	case t != nil && t.Rapporteur == m.me && m.St.Phase == session.PhaseGroup:
		return &m.tables.group
	}
	return nil
}

// headTitle is the header's title: the table while seated ("Table 3 · 6
// people · İnkişaf", ✋ while its hand is up), else the session's.
func (m *Participant) headTitle() string {
	t := m.seat()
	if t == nil {
		return m.St.Settings.Title
	}
	l := m.L
	s := tui.TableName(l, t.No) + " · " + l.N("tables_ui.people", m.seatedAt(t))
	if tp := m.St.Topic(t.Topic); tp != nil {
		s += " · " + tp.Name
	}
	if t.Hand {
		s += " · ✋"
	}
	return s
}

// seatedAt counts the people at table t: those the replica knows sit
// there, or in a crowd (which lists nobody else) everyone who sat there.
func (m *Participant) seatedAt(t *session.Table) int {
	if m.Crowd != nil {
		return len(t.Members)
	}
	return len(tui.Sitting(m.St, t.ID))
}

// tableStrip are the lines between the header and the screen: the
// facilitator's message, framed, until esc; while seated, who the
// rapporteur is, and for the rapporteur their picks.
func (m *Participant) tableStrip(e *env, w int) []string {
	if m.Status == client.Ended || w < 20 {
		return nil
	}
	st, tx, l := e.Styles, e.Cells, e.L
	var out []string
	if m.tables.shown != "" && !m.tables.dismissed {
		inner := max(1, w-tui.FrameWidth)
		lines := []string{tx.Spread(st.Paint.Waiting("📣 "+l.S("tables_ui.message.from")), st.Paint.Meta(l.S("tables_ui.message.esc")), inner)}
		text := tx.Wrap(m.tables.shown, inner)
		if len(text) > 3 {
			text = text[:3]
			text[2] = tx.Truncate(text[2]+" …", inner)
		}
		for _, s := range text {
			lines = append(lines, st.Paint.Title(s))
		}
		out = append(out, tx.Frame(st.Paint.Frame, lines, w)...)
	}
	t := m.seat()
	if t == nil {
		return out
	}
	var line string
	switch p := m.St.Participants[t.Rapporteur]; {
	case t.Rapporteur == m.me:
		line = st.Paint.Own("★ "+l.S("tables_ui.you.rapporteur")) + st.Paint.Meta(" · "+l.S("tables_ui.you.pick_hint"))
	case p != nil:
		line = st.Paint.Meta(l.S("tables_ui.rapporteur.is", "Name", m.labels[p.ID]))
	default:
		line = st.Paint.Meta(l.S("tables_ui.you.no_rapporteur"))
	}
	if t.Hand {
		line += st.Paint.Meta(" · ") + st.Paint.Waiting("✋ "+l.S("tables_ui.you.hand_up"))
	}
	out = append(out, tx.Truncate(line, w))
	if t.Rapporteur != m.me {
		return out
	}
	picks := m.picks(t)
	if len(picks) == 0 {
		return append(out, st.Paint.Empty(tx.Truncate("  "+l.S("tables_ui.you.no_picks"), w)))
	}
	most := 2
	if m.Height >= 30 {
		most = 3
	}
	out = append(out, st.Paint.Section(tx.Truncate(l.N("tables_ui.you.picks", len(picks)), w)))
	for k, id := range picks {
		if k == most && len(picks) > most {
			out = append(out, st.Paint.Meta(tx.Truncate("  "+l.N("participant.more", len(picks)-most), w)))
			break
		}
		out = append(out, tx.Line("  "+st.Paint.Own("↑"+l.Number(k+1)+" "), tui.OneLine(m.St.ItemTitle(id)), st.Paint.Item, "", w))
	}
	return out
}

// picks are the rapporteur's picks for the plenary, the last ones sent
// counted before the hub confirms them.
func (m *Participant) picks(t *session.Table) []string {
	picks := t.Picks
	for _, op := range m.order {
		if c := m.pending[op]; c.Type == session.CmdPickPromotion && c.Table == t.ID {
			picks = c.Items
		}
	}
	return picks
}

// pickMark is an item's place among the rapporteur's picks ("↑2 "), for
// the rows of the screens, or "".
func pickMark(e *env, id string) string {
	t := tui.SeatOf(e.st, e.me)
	if t == nil || t.Rapporteur != e.me {
		return ""
	}
	if k := slices.Index(t.Picks, id); k >= 0 {
		return "↑" + e.L.Number(k+1) + " "
	}
	return ""
}

// tablesNews tells the participant what the news did at the tables:
// seated or moved, made rapporteur, a message, the recall.
func (m *Participant) tablesNews(ch tui.News) {
	l := m.L
	for _, e := range ch.Events {
		switch e.Type {
		case session.EvTablesOpened:
			if e.Seats[m.me] == "" && tui.TopicTables(m.St) && m.myself() != nil {
				m.Note(l.S("tables_ui.you.choose"))
			}
		case session.EvRapporteurSet:
			if t := m.St.Tables[e.Table]; t != nil && e.ID == m.me && m.me != "" && t.Rapporteur == m.me {
				m.Note(l.S("tables_ui.you.made_rapporteur", "No", l.Number(t.No)))
			}
		case session.EvMessageBroadcast:
			m.tables.shown, m.tables.dismissed = e.Text, false
		case session.EvTablesClosed:
			m.Note(l.S("tables_ui.you.recalled"))
			m.tables.choose.open = false
		}
	}
	if m.St.Broadcast != m.tables.shown { // a snapshot, or the recall that took it down
		m.tables.shown, m.tables.dismissed = m.St.Broadcast, false
	}
	m.seatNews()
}

// seatNews tells the participant which table they sit at when it is news:
// seated when the tables open, on joining late, or moved by the
// facilitator; a snapshot that seats them (a late join's welcome) too.
func (m *Participant) seatNews() {
	t := m.seat()
	id := ""
	if t != nil {
		id = t.ID
	}
	if id == m.tables.told {
		return
	}
	m.tables.told = id
	if t != nil {
		m.Note(m.seatedNote(t))
	}
}

// tablesKey takes the keys of the tables: esc hides the facilitator's
// message, h, t and p, and every key while the choice of a table is open.
// It reports whether it took the key.
func (m *Participant) tablesKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.Keys
	l := m.L
	switch {
	case key.Matches(msg, k.Back) && m.tables.shown != "" && !m.tables.dismissed:
		m.tables.dismissed = true
		return nil, true
	case key.Matches(msg, k.Hand):
		m.hand()
		return nil, true
	case key.Matches(msg, k.PickTable):
		if !m.St.TablesOpen || !tui.TopicTables(m.St) {
			m.Fail(l.S("tables_ui.you.no_choice"))
			return nil, true
		}
		if m.screen() != &m.tables.choose {
			m.tables.choose.open = true
			m.tables.choose.rebuild(m.env())
		}
		return nil, true
	case m.screen() == &m.tables.choose:
		return nil, false // the choice takes its own keys
	case key.Matches(msg, k.Promote):
		m.promote()
		return nil, true
	}
	return nil, false
}

// hand raises the table's hand, or lowers it.
func (m *Participant) hand() {
	t := m.seat()
	l := m.L
	switch {
	case t == nil:
		m.Fail(l.S("tables_ui.you.not_seated"))
	case t.Hand:
		m.send(session.Command{Type: session.CmdLowerHand, Table: t.ID})
		m.Note(l.S("tables_ui.you.hand_lowered"))
	default:
		m.send(session.Command{Type: session.CmdRaiseHand, Table: t.ID})
		m.Note(l.S("tables_ui.you.hand_raised"))
	}
}

// promote is p: the rapporteur picks the selected item for the plenary,
// or takes it back; at a table without a rapporteur, a member is asked
// whether to become it.
func (m *Participant) promote() {
	t := m.seat()
	l := m.L
	switch {
	case t == nil:
		m.Fail(l.S("tables_ui.you.not_seated"))
		return
	case t.Rapporteur == "":
		m.Ask(l.S("tables_ui.you.become_rapporteur", "No", l.Number(t.No)), func() tea.Cmd {
			m.send(session.Command{Type: session.CmdSetRapporteur, Table: t.ID})
			return nil
		})
		return
	case t.Rapporteur != m.me:
		m.Fail(l.S("tables_ui.you.rapporteur_only"))
		return
	}
	id := m.selectedItem()
	if id == "" {
		m.Fail(l.S("tables_ui.you.pick_what"))
		return
	}
	picks := slices.Clone(m.picks(t))
	title := m.Cells.Truncate(tui.OneLine(m.St.ItemTitle(id)), 40)
	if k := slices.Index(picks, id); k >= 0 {
		picks = slices.Delete(picks, k, k+1)
		m.send(session.Command{Type: session.CmdPickPromotion, Table: t.ID, Items: picks})
		m.Note(l.S("tables_ui.you.unpicked", "Title", title))
		return
	}
	if len(picks) >= session.MaxPicks {
		m.Fail(l.N("tables_ui.you.picks_max", session.MaxPicks))
		return
	}
	picks = append(picks, id)
	m.send(session.Command{Type: session.CmdPickPromotion, Table: t.ID, Items: picks})
	m.Note(l.S("tables_ui.you.picked", "Title", title, "Rank", l.Number(len(picks))))
}

// selectedItem is the idea or group selected on the screen now, or "".
func (m *Participant) selectedItem() string {
	switch m.screen() {
	case &m.board:
		if r := m.board.selected(); r != nil && r.idea != nil {
			return r.idea.ID
		}
	case &m.vote:
		if r := m.vote.selected(); r != nil {
			return r.id
		}
	case &m.tables.group:
		return m.tables.group.selectedID()
	}
	return ""
}

// tablesHelp are the keys of the tables for the full help now: h while
// seated, t at topic tables, p while seated (the rapporteur's pick, or
// becoming the rapporteur).
func (m *Participant) tablesHelp() []key.Binding {
	k := m.Keys
	var out []key.Binding
	if m.seat() != nil {
		out = append(out, k.Hand)
	}
	if m.St.TablesOpen && tui.TopicTables(m.St) {
		out = append(out, k.PickTable)
	}
	if m.seat() != nil {
		out = append(out, k.Promote)
	}
	return out
}

// tableComposeTitle is the title of the text area where the rapporteur
// names a new group.
func (m *Participant) tableComposeTitle() string {
	return m.L.N("tables_ui.group.name", len(m.tables.group.naming))
}

// submitGroupName sends the rapporteur's merge with the name typed.
func (m *Participant) submitGroupName(text string) tea.Cmd {
	ideas := m.tables.group.naming
	m.tables.group.naming = nil
	m.compose.Finish()
	if len(ideas) == 0 {
		return nil
	}
	m.send(session.Command{Type: session.CmdGroupIdeas, Name: strings.TrimSpace(text), Ideas: ideas})
	m.Note(m.L.N("tables_ui.group.made", len(ideas)))
	clear(m.tables.group.marked)
	m.follow()
	return nil
}

// seatedNote tells the participant which table they are at, and its topic.
func (m *Participant) seatedNote(t *session.Table) string {
	l := m.L
	if tp := m.St.Topic(t.Topic); tp != nil {
		return l.S("tables_ui.you.seated_topic", "No", l.Number(t.No), "Topic", tp.Name)
	}
	return l.S("tables_ui.you.seated", "No", l.Number(t.No))
}

// tableInstruction is what the header says instead of the phase's
// instruction at a table, or "": in Grouping, the rapporteur groups.
func (m *Participant) tableInstruction() string {
	t := m.seat()
	if t == nil || m.St.Phase != session.PhaseGroup {
		return ""
	}
	if t.Rapporteur == m.me {
		return m.L.S("tables_ui.you.group_rapporteur")
	}
	return m.L.S("tables_ui.you.group_member")
}
