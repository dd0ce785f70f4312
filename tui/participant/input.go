package participant

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// handleKey routes a key: to a question waiting for "y", to the open text
// area, to the keys of every screen, or to the screen of the phase.
func (m *Participant) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.Keys
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if cmd, ok := m.Answer(msg); ok {
		return cmd
	}
	if m.compose.Open {
		switch {
		case key.Matches(msg, k.Back):
			kept := strings.TrimSpace(m.compose.Value()) != ""
			consent := m.compose.target.kind == composeConsent
			m.compose.Cancel()
			if consent { // issue 16: nothing is sent; the answer before stays
				m.Note(m.L.S("consent.participant.cancelled"))
			} else if kept {
				m.Note(m.L.S("participant.notice.draft_kept"))
			} else {
				m.Notice = ""
			}
			m.follow()
			return nil
		case key.Matches(msg, k.Submit):
			return m.submit()
		}
		return m.compose.Update(msg)
	}
	// Shortcuts as on a US layout: т is n on a Russian one. The text
	// area, above, takes the keys as typed.
	msg = tui.LatinKey(msg)
	if key.Matches(msg, k.Quit) {
		if m.Waiting > 0 && !m.quitAsked && m.Status != client.Closed && m.Status != client.Ended {
			m.quitAsked = true
			m.Fail(m.L.N("participant.notice.quit_waiting", m.Waiting))
			return nil
		}
		return tea.Quit
	}
	m.Notice = ""
	m.quitAsked = false
	// issue 15: the agenda (a) and the time-up signal (b) (agenda.go)
	if cmd, ok := m.agendaKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.follow()
		return nil
	case key.Matches(msg, k.Done):
		if m.Status != client.Ended {
			m.toggleDone()
		}
		return nil
	case m.help.ShowAll && key.Matches(msg, k.Back):
		m.help.ShowAll = false
		m.follow()
		return nil
	case key.Matches(msg, k.Outcome) || m.outcome.open && key.Matches(msg, k.Back):
		m.outcome.open = !m.outcome.open
		if m.outcome.open {
			m.outcome.offset = 0
			m.outcome.rebuild(m.env())
		}
		m.follow()
		return nil
	case m.outcome.open:
		m.outcome.key(m.env(), msg, m.layout().body)
		return nil
	case key.Matches(msg, k.Undo): // issue 15
		m.undo()
		m.follow()
		return nil
	}
	if cmd, ok := m.tablesKey(msg); ok { // issue 16: h, t, p, esc on a message
		m.follow()
		return cmd
	}
	e := m.env()
	cmd := m.screen().key(e, msg)
	m.follow()
	return cmd
}

// submit sends what the composer holds.
func (m *Participant) submit() tea.Cmd {
	text := m.compose.Value()
	t := m.compose.target
	empty := strings.TrimSpace(text) == ""
	var c session.Command
	if t.kind == composeGroupName { // issue 16: a rapporteur's new group (tables.go)
		return m.submitGroupName(text)
	}
	var sent, later string // what to say once it is sent, or queued
	switch t.kind {
	case composeIdea:
		if empty {
			m.Fail(m.L.S("participant.notice.idea_empty"))
			return nil
		}
		c = session.Command{Type: session.CmdPostIdea, Topic: t.topic, Text: text}
		sent, later = m.L.S("participant.sent.idea"), m.L.S("participant.later.idea")
	case composeEdit:
		if empty {
			m.Fail(m.L.S("participant.notice.edit_empty"))
			return nil
		}
		if i := m.St.Ideas[t.item]; i != nil && i.Text == text {
			m.compose.Finish()
			m.Note(m.L.S("tui.notice.nothing_changed"))
			return nil
		}
		c = session.Command{Type: session.CmdEditIdea, Item: t.item, Text: text}
		sent, later = m.L.S("participant.sent.change"), m.L.S("participant.later.change")
	case composeComment:
		if empty {
			m.Fail(m.L.S("participant.notice.comment_empty"))
			return nil
		}
		c = session.Command{Type: session.CmdComment, Item: t.item, Text: text}
		sent, later = m.L.S("participant.sent.comment"), m.L.S("participant.later.comment")
	case composeFeedback:
		c = session.Command{Type: session.CmdFeedback, Rating: t.rating, Text: text}
		sent, later = m.L.S("participant.sent.feedback"), m.L.S("participant.later.feedback")
	case composeConsent: // issue 16
		if empty {
			m.Fail(m.L.S("consent.participant.reason_empty", "Level", m.L.Number(t.level)))
			return nil
		}
		level := t.level
		c = session.Command{Type: session.CmdConsent, Item: t.item, Level: &level, Text: text}
		sent = m.L.S("consent.participant.answered", "Level", m.L.Number(level))
		later = sent
	default:
		m.compose.Cancel()
		return nil
	}
	m.compose.Finish()
	m.send(c)
	if m.offline() {
		m.Note(later)
	} else {
		m.Note(sent)
	}
	m.follow()
	return nil
}

// done reports whether the participant is done with the current phase,
// counting a mark or unmark that is still on its way.
func (m *Participant) done() bool {
	d := m.St.Done[m.St.Phase][m.me]
	for _, op := range m.order {
		switch m.pending[op].Type {
		case session.CmdMarkDone:
			d = true
		case session.CmdClearDone:
			d = false
		}
	}
	return d
}

func (m *Participant) toggleDone() {
	if m.done() {
		m.send(session.Command{Type: session.CmdClearDone})
		m.Note(m.L.S("participant.notice.still_working"))
		return
	}
	m.send(session.Command{Type: session.CmdMarkDone})
	m.Note(m.L.S("participant.notice.marked_done"))
}
