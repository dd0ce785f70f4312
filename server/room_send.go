package server

import (
	"encoding/json"
	"fmt"
	"slices"

	"roundtable/protocol"
	"roundtable/session"
)

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding a frame: %v", err)) // our own types always encode
	}
	return b
}

// eventFrame encodes an event frame for many receivers.
func eventFrame(e session.Event) []byte {
	return wireFrame(encode(protocol.EventFrame{T: protocol.KindEvent, Event: e}))
}

// send gathers f for c; the room's turn ends by handing each client what it
// gathered (flush). A client with more than a queue's worth in one turn is
// too slow.
func (r *Room) send(c *peer, f frame) bool {
	if c.closed {
		return false
	}
	if len(c.out) >= sendQueueLen {
		r.slow(c)
		return false
	}
	if len(c.out) == 0 {
		r.dirty = append(r.dirty, c)
	}
	c.out = append(c.out, f)
	return true
}

// flush hands every client what it gathered in this turn.
func (r *Room) flush() {
	for i, c := range r.dirty {
		r.flushPeer(c)
		r.dirty[i] = nil
	}
	r.dirty = r.dirty[:0]
}

// flushPeer hands c what it gathered; a client whose queue cannot take it
// is too slow.
func (r *Room) flushPeer(c *peer) {
	if len(c.out) == 0 {
		return
	}
	ok := c.closed || c.t.Send(c.out...)
	if cap(c.out) > 8 {
		c.out = nil // an idle client keeps no buffer
	} else {
		clear(c.out)
		c.out = c.out[:0]
	}
	if !ok {
		r.slow(c)
	}
}

// kick closes c's connection after what it gathered so far.
func (r *Room) kick(c *peer, code int, why string) {
	r.flushPeer(c)
	c.closed = true
	c.t.Kick(code, why)
}

func (r *Room) sendTo(c *peer, v any) {
	if !c.closed {
		r.send(c, frame{wire: wireFrame(encode(v))})
	}
}

func (r *Room) sendError(c *peer, code, msg string) {
	r.sendTo(c, protocol.Error{T: protocol.KindError, Code: code, Message: msg})
}

// refuse sends an error frame and closes the connection.
func (r *Room) refuse(c *peer, code, msg string, closeCode int) {
	r.sendError(c, code, msg)
	r.kick(c, closeCode, msg)
}

// slow disconnects a client whose queue is full. It resumes from its last
// sequence number when it reconnects; nothing is silently skipped.
func (r *Room) slow(c *peer) {
	if c.closed {
		return
	}
	c.closed = true
	clear(c.out)
	c.out = nil
	r.logger.Warn("disconnecting slow client", "participant", c.actor.ID, "addr", c.t.Addr(), "code", protocol.CloseTooSlow)
	c.t.Kick(protocol.CloseTooSlow, "too slow: resume from your last sequence number")
}

// broadcast sends one committed event to every ready client, encoded once
// for each different view of it: the facilitator's, the actor's own, and
// everyone else's. Everyone else's is kept for welcomes that replay recent
// events.
func (r *Room) broadcast(e session.Event) {
	anon, rev := r.st.Settings.Anonymous, r.st.VotesRevealed
	var fac, self []byte
	others := r.othersFrame(e)
	for _, c := range r.clients {
		if !c.ready || c.closed {
			continue
		}
		var pm []byte
		switch {
		case c.actor.Role == session.RoleFacilitator:
			if fac == nil {
				fac = eventFrame(session.Redact(e, c.actor, anon, rev))
			}
			pm = fac
		case c.actor.ID != "" && c.actor.ID == e.Actor:
			if self == nil {
				self = eventFrame(session.Redact(e, c.actor, anon, rev))
			}
			pm = self
		default:
			pm = others
		}
		r.send(c, frame{wire: pm})
	}
}

// recentFrames is how many committed events keep their prepared frame as
// other participants see it, for welcomes that replay them.
const recentFrames = 256

// recentFrame is one committed event's frame as other participants see
// it.
type recentFrame struct {
	seq  int64
	wire []byte
}

// othersFrame returns the frame of committed event e as a participant
// other than its actor sees it, prepared once.
func (r *Room) othersFrame(e session.Event) []byte {
	slot := &r.recent[e.Seq%recentFrames]
	if slot.seq == e.Seq && slot.wire != nil {
		return slot.wire
	}
	wire := eventFrame(session.Redact(e, session.Viewer{Role: session.RoleParticipant}, r.st.Settings.Anonymous, r.st.VotesRevealed))
	*slot = recentFrame{seq: e.Seq, wire: wire}
	return wire
}

func (r *Room) presence(id string, online bool) {
	wire := wireFrame(encode(protocol.Presence{T: protocol.KindPresence, ID: id, Online: online}))
	for _, c := range r.clients {
		if c.ready && !c.closed {
			r.send(c, frame{wire: wire})
		}
	}
}

// setOnline adds or removes a participant from the sorted online list.
func (r *Room) setOnline(id string, online bool) {
	i, found := slices.BinarySearchFunc(r.onlineIDs, id, session.CompareIDs)
	switch {
	case online && !found:
		r.onlineIDs = slices.Insert(r.onlineIDs, i, id)
	case !online && found:
		r.onlineIDs = slices.Delete(r.onlineIDs, i, i+1)
	default:
		return
	}
	r.onlineWire = nil
}

// onlineFragment returns the welcome fragment listing the participants
// online now, encoded once for every welcome until the list changes.
func (r *Room) onlineFragment() []byte {
	if r.onlineWire == nil {
		ids := r.onlineIDs
		if ids == nil {
			ids = []string{}
		}
		r.onlineWire = wireFragment(opContinuation, false, append([]byte(`,"online":`), encode(ids)...))
	}
	return r.onlineWire
}
