package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// The participant's parts of issue 15: the agenda (a), the time-up signal
// (b, off until the participant turns it on), and what they are told when
// the facilitator reveals a private round or gives votes back.

// agendaView is the agenda in full: every phase with its time, the
// current and the next marked.
type agendaView struct {
	open bool
	pager
}

// agendaKey takes a and b, and every key while the agenda is open; it
// reports whether it took the key.
func (m *Participant) agendaKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.Keys
	switch {
	case m.agenda.open && (key.Matches(msg, k.Back) || key.Matches(msg, k.Agenda)):
		m.agenda.open = false
	case m.agenda.open && key.Matches(msg, k.Up):
		m.agenda.offset = max(0, m.agenda.offset-1)
	case m.agenda.open && key.Matches(msg, k.Down):
		m.agenda.offset++
	case key.Matches(msg, k.Agenda):
		m.agenda.open, m.agenda.offset = true, 0
	case key.Matches(msg, k.Signal):
		m.alarm.On = !m.alarm.On
		if m.alarm.On {
			m.Note(m.L.S("agenda.participant.signal_on"))
		} else {
			m.alarm.Quiet()
			m.Note(m.L.S("agenda.participant.signal_off"))
		}
	case m.agenda.open && !key.Matches(msg, k.Help) && !key.Matches(msg, k.Done):
		// the agenda is read, not acted on: other keys wait until it closes
	default:
		return nil, false
	}
	return nil, true
}

// bodyView draws the body: the agenda when open, else the phase's screen.
func (m *Participant) bodyView(e *env, w, h int) string {
	if !m.agenda.open {
		return m.screen().view(e, w, h)
	}
	lines := components.AgendaLines(e.Common, e.st, e.now, w, -1)
	if m.St.Settings.PrivateIdeas {
		lines = append(lines, "")
		for _, l := range e.Cells.Wrap(e.L.S("agenda.participant.private"), w) {
			lines = append(lines, e.Styles.Paint.Meta(l))
		}
	}
	lines = append(lines, "")
	lines = append(lines, components.AgendaNote(e.Common, w)...)
	m.agenda.offset = m.agenda.clamped(len(lines), h)
	return e.Cells.Block(m.agenda.show(lines, h), w, h)
}

// agendaHelp is the footer while the agenda is open; ok is false when it
// is closed.
func (m *Participant) agendaHelp() (components.HelpKeys, bool) {
	if !m.agenda.open {
		return components.HelpKeys{}, false
	}
	k := m.Keys
	closeKey := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", m.L.S("agenda.key.close")))
	b := []key.Binding{closeKey, k.Signal, k.Help, k.Quit, k.Lang}
	return components.HelpKeys{Short: b, Full: [][]key.Binding{{k.Up, k.Down, closeKey}, {k.Signal, k.Help, k.Quit, k.Lang}}}, true
}

// timeUp checks the timer at every change and tick: the bell and the flash
// when the participant turned the signal on.
func (m *Participant) timeUp() tea.Cmd {
	_, bell := m.alarm.Check(m.St.Timer, m.Now())
	return bell
}

// flashLine is the header's first line while time is up flashes.
func (m *Participant) flashLine(e *env, w int) string {
	return e.Styles.Paint.Selected(e.Cells.Pad(" ⏰ "+e.L.S("agenda.flash", "Phase", tui.PhaseName(e.L, m.St.Phase)), w))
}

// nextLine is the short agenda line of the header beside phase, w cells
// wide (the next phase and its time, shorter where room is short), shown
// when the session has an agenda; "" otherwise or when it does not fit.
func (m *Participant) nextLine(e *env, phase string, w int) string {
	if m.St.Settings.Agenda.IsZero() {
		return ""
	}
	room := w - e.Cells.Width(phase) - 1
	if s := components.NextLine(e.L, m.St); e.Cells.Width(s) <= room {
		return s
	}
	if s := components.NextShort(e.L, m.St); e.Cells.Width(s) <= room {
		return s
	}
	return ""
}

// afterNews tells the participant what the news did to them: ideas
// revealed, votes given back; a new phase quiets the flash.
func (m *Participant) afterNews(ch tui.News) {
	if m.St.Phase != ch.Phase {
		m.alarm.Quiet()
	}
	back, revealed := 0, -1
	for _, e := range ch.Events {
		switch {
		case e.Type == session.EvVotesRefunded && e.Actor == m.me && m.me != "":
			back -= e.Delta
		case e.Type == session.EvIdeasRevealed && len(e.Revealed) > 0: // an empty one only ends a round (an undo, an empty round)
			revealed = 0
			for _, i := range e.Revealed {
				if now := m.St.Ideas[i.ID]; now == nil || m.me == "" || now.Author != m.me {
					revealed++
				}
			}
		}
	}
	if back > 0 {
		m.Note(m.L.N("agenda.participant.refunded", back))
	}
	if revealed >= 0 && back == 0 {
		m.Note(m.L.N("agenda.participant.revealed", revealed))
	}
}

// privateCount is how many ideas under topic others posted privately: the
// participant sees that they exist, not what they say.
func privateCount(e *env, topic string) int {
	n := 0
	for _, i := range e.st.Ideas {
		if i.Private && i.Author != e.me && (topic == "" || i.Topic == topic) {
			n++
		}
	}
	return n
}

// privateLine is the board's line about others' private ideas under a
// topic, or "" when there are none.
func privateLine(e *env, topic string, w int) string {
	n := privateCount(e, topic)
	if n == 0 {
		return ""
	}
	return e.Styles.Paint.Meta(e.Cells.Truncate("🔒 "+e.L.N("agenda.participant.private_others", n), w))
}

// lobbyAgenda are the lobby's lines about the agenda: the time planned for
// each phase and what comes first, and private brainstorming; none when
// the session plans nothing.
func lobbyAgenda(e *env, w int) []string {
	var out []string
	s := e.st.Settings
	if plan := components.PlainAgenda(e.L, e.st); plan != "" {
		out = append(out, e.Cells.Indent(e.L.S("agenda.participant.lobby_plan", "Plan", plan), "  ", w)...)
	}
	if s.Agenda.Item > 0 {
		out = append(out, e.Cells.Indent(e.L.S("agenda.participant.lobby_item", "Time", components.Span(e.L, s.Agenda.Item)), "  ", w)...)
	}
	if s.PrivateIdeas {
		out = append(out, e.Cells.Indent(e.L.S("agenda.participant.private"), "  ", w)...)
	}
	if len(out) > 0 {
		out = append(out, e.Cells.Indent(e.Styles.Paint.Meta(e.L.S("agenda.participant.lobby_keys")), "  ", w)...)
	}
	return out
}
