package console

import (
	"charm.land/bubbles/v2/key"

	"roundtable/session"
	"roundtable/tui"
)

// Undo (issue 15): u and ctrl+z undo the facilitator's last action, in any
// phase and before any screen takes the key.

// facilitator is the actor the console speaks for (a co-facilitator too:
// they share one undo list).
var facilitator = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}

// undo sends an undo and says what it undoes. When the replica knows the
// action and already sees why it can no longer be undone, it says that
// instead and sends nothing.
func (c *Console) undo() {
	u := c.St.NextUndo(session.FacilitatorID)
	if u != nil {
		if _, err := session.Decide(c.St, facilitator, session.Command{Type: session.CmdUndo}, c.Now()); err != nil {
			if e := session.AsError(err); e != nil {
				c.Fail(tui.Refusal(c.L, e.Code, e.Key, e.Args, e.Message))
				return
			}
		}
	}
	c.send(session.Command{Type: session.CmdUndo})
	c.Note(tui.UndoNotice(c.L, u))
	if u != nil && u.Kind == session.EvPhaseChanged {
		c.phaseNote = c.Notice // the change of phase it brings must not clear it
	}
}

// undoKey is the undo binding, its help naming what u will undo.
func (c *Console) undoKey() key.Binding {
	return tui.UndoKey(c.Keys.Undo, c.L, c.St, session.FacilitatorID)
}
