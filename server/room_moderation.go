package server

import (
	"roundtable/protocol"
	"roundtable/session"
)

// The room's side of the facilitator's moderation of participants
// (session/decide_moderation.go): a removed participant's connections close
// at once, and their resume token is refused until they are re-admitted.

// removedRefusal is what a removed participant's connections are told.
func removedRefusal() *session.Error {
	return protocol.Refuse(session.EFORBIDDEN, "errors.hub.removed")
}

// refuseRemoved refuses a hello that resumes participant pid when the
// facilitator removed them, and reports whether it did. It is not a failed
// join: the token is real, and counting a client that keeps trying would
// lock everyone else at its address (a venue's NAT) out.
func (r *Room) refuseRemoved(c *peer, pid string) bool {
	p := r.st.Participants[pid]
	if p == nil || !p.Removed {
		return false
	}
	r.logger.Info("resume refused", "addr", c.t.Addr(), "participant", pid, "why", "removed by the facilitator")
	r.refuse(c, removedRefusal(), protocol.CloseRemoved)
	return true
}

// dropRemoved closes every connection of participant pid, whom the
// facilitator has just removed, after what was sent to it so far (the
// participant_removed event among it).
func (r *Room) dropRemoved(pid string) {
	for _, c := range r.clients {
		if !c.closed && c.actor.Role == session.RoleParticipant && c.actor.ID == pid {
			r.refuse(c, removedRefusal(), protocol.CloseRemoved)
		}
	}
}

// concerns reports whether committed event e is about participant c (not
// as its actor), so that c gets its own view (session.Concerns).
func concerns(c *peer, e session.Event) bool { return session.Concerns(e, c.actor.ID) }
