package server

import (
	"encoding/json"
	"fmt"
	"slices"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
)

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding a frame: %v", err)) // our own types always encode
	}
	return b
}

// eventMessage prepares an event frame for many receivers.
func eventMessage(e session.Event) wsconn.Message {
	return wsconn.Text(encode(protocol.EventFrame{T: protocol.KindEvent, Event: e}))
}

// send gathers m for c; the room's turn ends by handing each client what it
// gathered (flush). A client with more than a queue's worth in one turn is
// too slow.
func (r *Room) send(c *peer, m wsconn.Message) bool {
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
	c.out = append(c.out, m)
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
		r.send(c, wsconn.Text(encode(v)))
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
	var fac, self wsconn.Message
	var haveFac, haveSelf bool
	others := r.othersMessage(e)
	for _, c := range r.clients {
		if !c.ready || c.closed {
			continue
		}
		var m wsconn.Message
		switch {
		case c.actor.Role == session.RoleFacilitator:
			if !haveFac {
				fac, haveFac = eventMessage(session.Redact(e, c.actor, anon, rev)), true
			}
			m = fac
		case c.actor.ID != "" && c.actor.ID == e.Actor:
			if !haveSelf {
				self, haveSelf = eventMessage(session.Redact(e, c.actor, anon, rev)), true
			}
			m = self
		default:
			m = others
		}
		r.send(c, m)
	}
}

// recentMessages is how many committed events keep their prepared message
// as other participants see it, for welcomes that replay them.
const recentMessages = 256

// recentMessage is one committed event's message as other participants
// see it.
type recentMessage struct {
	seq int64
	m   wsconn.Message
}

// othersMessage returns the message of committed event e as a participant
// other than its actor sees it, prepared once.
func (r *Room) othersMessage(e session.Event) wsconn.Message {
	slot := &r.recent[e.Seq%recentMessages]
	if slot.seq == e.Seq { // seqs start at 1: an empty slot never matches
		return slot.m
	}
	m := eventMessage(session.Redact(e, session.Viewer{Role: session.RoleParticipant}, r.st.Settings.Anonymous, r.st.VotesRevealed))
	*slot = recentMessage{seq: e.Seq, m: m}
	return m
}

func (r *Room) presence(id string, online bool) {
	m := wsconn.Text(encode(protocol.Presence{T: protocol.KindPresence, ID: id, Online: online}))
	for _, c := range r.clients {
		if c.ready && !c.closed {
			r.send(c, m)
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
	r.onlineMsg = nil
}

// onlinePiece returns the last piece of a welcome, listing the
// participants online now, prepared once for every welcome until the list
// changes.
func (r *Room) onlinePiece() wsconn.Message {
	if r.onlineMsg == nil {
		m := welcomeOnline(r.onlineIDs)
		r.onlineMsg = &m
	}
	return *r.onlineMsg
}
