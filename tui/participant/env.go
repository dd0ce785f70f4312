package participant

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/tui"
)

// env is what the participant's screens get from the app: the shared
// Common, the replica, who is looking, what is on its way, and the app's
// actions. It never holds the app itself.
type env struct {
	tui.Common
	now     time.Time
	st      *session.State
	me      string
	online  map[string]bool
	crowd   *protocol.Counts  // the roster as counts in a crowd, else nil: then st.Participants holds only me
	pending []session.Command // sent, not yet acknowledged, in order
	labels  map[string]string // participants' names, told apart (session.State.Labels, beside the institution)
	actions
}

// actions are what a screen can ask of the app.
type actions struct {
	send func(session.Command)
	note func(string)
	fail func(string)
	// ask waits for "y" before sending the command.
	ask func(prompt string, c session.Command)
	// compose opens the text area for a target.
	compose func(t composeTarget, initial string, limit int) tea.Cmd
	// hasDraft reports whether a draft is kept for a target.
	hasDraft func(t composeTarget) bool
}

// newActions binds the app's actions once, for every env.
func (m *Participant) newActions() actions {
	return actions{
		send: m.send,
		note: m.Note,
		fail: m.Fail,
		ask: func(prompt string, c session.Command) {
			m.Ask(prompt, func() tea.Cmd {
				m.send(c)
				m.Note(m.L.S("participant.notice.done"))
				return nil
			})
		},
		compose: func(t composeTarget, initial string, limit int) tea.Cmd {
			if m.barred(composeCommand(t.kind)) { // read-only or removed (moderated.go)
				return nil
			}
			cmd := m.compose.start(t, m.composeTitle(t), initial, limit)
			m.compose.SetWidth(m.Width)
			return cmd
		},
		hasDraft: func(t composeTarget) bool {
			return m.compose.HasDraft(t.draftKey())
		},
	}
}

func (m *Participant) env() *env {
	// issue 16: the screens show the board of the participant's table, or
	// the plenary's (tables.go)
	e := &env{Common: m.Common, now: m.Now(), st: m.tables.boardOf(m.St, m.me), me: m.me, online: m.Online, crowd: m.Crowd, labels: m.labels, actions: m.acts}
	if len(m.order) > 0 {
		e.pending = make([]session.Command, 0, len(m.order))
		for _, op := range m.order {
			e.pending = append(e.pending, m.pending[op])
		}
	}
	return e
}
