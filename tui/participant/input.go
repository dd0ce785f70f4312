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
			m.compose.Cancel()
			if kept {
				m.Note("Your draft is kept; it comes back when you open the text box again.")
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
	if key.Matches(msg, k.Quit) {
		if m.Waiting > 0 && !m.quitAsked && m.Status != client.Closed && m.Status != client.Ended {
			m.quitAsked = true
			m.Fail(tui.Plural(m.Waiting, "action is", "actions are") + " still waiting to be sent. Press q again to quit anyway.")
			return nil
		}
		return tea.Quit
	}
	m.Notice = ""
	m.quitAsked = false
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
	var what string
	switch t.kind {
	case composeIdea:
		if empty {
			m.Fail("Type your idea first, or press esc to close the box.")
			return nil
		}
		c = session.Command{Type: session.CmdPostIdea, Topic: t.topic, Text: text}
		what = "Your idea"
	case composeEdit:
		if empty {
			m.Fail("An idea cannot be empty. To remove it, press esc and then x.")
			return nil
		}
		if i := m.St.Ideas[t.item]; i != nil && i.Text == text {
			m.compose.Finish()
			m.Note("Nothing changed.")
			return nil
		}
		c = session.Command{Type: session.CmdEditIdea, Item: t.item, Text: text}
		what = "Your change"
	case composeComment:
		if empty {
			m.Fail("Type your comment first, or press esc to close the box.")
			return nil
		}
		c = session.Command{Type: session.CmdComment, Item: t.item, Text: text}
		what = "Your comment"
	case composeFeedback:
		c = session.Command{Type: session.CmdFeedback, Rating: t.rating, Text: text}
		what = "Your feedback"
	default:
		m.compose.Cancel()
		return nil
	}
	m.compose.Finish()
	m.send(c)
	if m.offline() {
		m.Note(what + " will be sent when the connection is back.")
	} else {
		m.Note(what + " was sent.")
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
		m.Note("Marked as still working on this phase.")
		return
	}
	m.send(session.Command{Type: session.CmdMarkDone})
	m.Note("Marked done with this phase. Press d again to undo.")
}
