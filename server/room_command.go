package server

import (
	"roundtable/protocol"
	"roundtable/session"
)

func (r *Room) command(t Transport, op string, cmd session.Command) {
	c := r.clients[t]
	if c == nil || c.actor.Role == "" {
		if c == nil {
			c = &peer{t: t}
			r.clients[t] = c
			r.connCount.Add(1)
		}
		r.refuse(c, protocol.Refuse(session.EINVALID, "errors.hub.hello_first"), protocol.CloseBadFrame)
		return
	}
	if c.closed {
		return
	}
	nack := func(e *session.Error) {
		r.sendTo(c, protocol.NackOf(op, e))
	}
	if op == "" || len(op) > protocol.OpIDMaxLen {
		nack(protocol.Refuse(session.EINVALID, "errors.hub.op_id", "Max", protocol.OpIDMaxLen))
		return
	}
	if r.stopping {
		// No answer: the client keeps the command and sends it again, under
		// the same op, after it reconnects.
		return
	}
	// The commands of every connection from one address share a budget; a
	// nack asks for this one again later, under the same op.
	gate := func() bool {
		if g, ok := c.t.(addrGated); ok && c.actor.Role != session.RoleFacilitator {
			if ok, wait := g.takeCommand(); !ok {
				n := protocol.NackOf(op, protocol.Refuse(session.ELIMIT, "errors.hub.commands_from_network"))
				n.RetryAfterMS = retryMS(wait)
				r.sendTo(c, n)
				return false
			}
		}
		return true
	}
	if r.follower() { // issue 17: the owner decides (room_cluster.go)
		if cmd.Type == session.CmdJoin || cmd.Type == session.CmdCreateSession {
			nack(protocol.Refuse(session.EINVALID, "errors.hub.not_a_client_command", "Type", session.Quoted(cmd.Type)))
			return
		}
		if gate() {
			r.forwardCommand(c, op, cmd)
		}
		return
	}
	r.decideOp(c.actor, op, cmd, gate,
		func(seq int64, dup bool) {
			r.sendTo(c, protocol.Ack{T: protocol.KindAck, Op: op, Seq: seq, Dup: dup})
		}, nack)
}

// onlineParticipants returns the participants connected now, never nil:
// a consent round's reveal counts only their answers (issue 16; a
// participant who left mid-round is absent, not a vote).
func (r *Room) onlineParticipants() []string {
	out := make([]string, 0, len(r.online))
	for id, n := range r.online {
		if n > 0 {
			out = append(out, id)
		}
	}
	session.ByID(out)
	return out
}
