package server

import (
	"fmt"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

func (r *Room) command(t Transport, op string, cmd session.Command) {
	c := r.clients[t]
	if c == nil || c.actor.Role == "" {
		if c == nil {
			c = &peer{t: t}
			r.clients[t] = c
			r.connCount.Add(1)
		}
		r.refuse(c, session.EINVALID, "Send hello before commands.", protocol.CloseBadFrame)
		return
	}
	if c.closed {
		return
	}
	nack := func(code, msg string) {
		r.sendTo(c, protocol.Nack{T: protocol.KindNack, Op: op, Code: code, Message: msg})
	}
	if op == "" || len(op) > protocol.OpIDMaxLen {
		nack(session.EINVALID, fmt.Sprintf("A command needs an op id of 1 to %d characters.", protocol.OpIDMaxLen))
		return
	}
	if r.stopping {
		// No answer: the client keeps the command and sends it again, under
		// the same op, after it reconnects.
		return
	}
	key := store.OpKey{Actor: c.actor.ID, Op: op}
	ack := func(seq int64, dup bool) {
		r.sendTo(c, protocol.Ack{T: protocol.KindAck, Op: op, Seq: seq, Dup: dup})
	}
	if seq, ok := r.ops[key]; ok {
		ack(seq, true)
		return
	}
	if in, ok := r.inflightOps[key]; ok {
		in.after = append(in.after, func() { ack(in.events[len(in.events)-1].Seq, true) })
		return
	}
	if cmd.Type == session.CmdJoin || cmd.Type == session.CmdCreateSession {
		nack(session.EINVALID, fmt.Sprintf("%q is not a command clients send.", cmd.Type))
		return
	}
	if g, ok := c.t.(addrGated); ok && c.actor.Role != session.RoleFacilitator {
		// The commands of every connection from one address share a
		// budget; a nack asks for this one again later, under the same op.
		if ok, wait := g.takeCommand(); !ok {
			r.sendTo(c, protocol.Nack{T: protocol.KindNack, Op: op, Code: session.ELIMIT,
				Message: "Many commands from your network at once; it will be sent again.", RetryAfterMS: retryMS(wait)})
			return
		}
	}
	cmd.TokenHash = ""
	evs, err := session.Decide(r.st, c.actor, cmd, r.now())
	if err != nil {
		nack(session.ErrorCode(err), session.ErrorMessage(err))
		return
	}
	var in []session.Event = evs
	r.commit(in, key, func() { ack(in[len(in)-1].Seq, false) })
}
