package participant

import (
	"charm.land/bubbles/v2/key"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// Undo (issue 15): u and ctrl+z undo the participant's own last post,
// edit, vote or comment.

// undo sends an undo and says what it undoes. While other commands of
// this participant are on their way, the hub undoes the newest of them,
// which this copy does not know yet: the notice then says only that the
// last action is undone. When the copy knows the action and already sees
// why it can no longer be undone, it says so and sends nothing.
func (m *Participant) undo() {
	if m.Status == client.Ended || m.me == "" {
		return
	}
	u := m.St.NextUndo(m.me)
	if len(m.pending) > 0 {
		u = nil
	}
	if u != nil {
		me := session.Actor{ID: m.me, Role: session.RoleParticipant}
		if _, err := session.Decide(m.St, me, session.Command{Type: session.CmdUndo}, m.Now()); err != nil {
			if e := session.AsError(err); e != nil {
				m.Fail(tui.Refusal(m.L, e.Code, e.Key, e.Args, e.Message))
				return
			}
		}
	}
	m.send(session.Command{Type: session.CmdUndo})
	if m.offline() {
		m.Note(m.L.S("undo.later"))
		return
	}
	m.Note(tui.UndoNotice(m.L, u))
}

// undoKey is the undo binding, its help naming what u will undo.
func (m *Participant) undoKey() key.Binding {
	return tui.UndoKey(m.Keys.Undo, m.L, m.St, m.me)
}
