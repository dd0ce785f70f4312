package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

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
	if !r.gather(c, m) {
		return false
	}
	c.urgent = true
	return true
}

// sendRoster gathers m, news of the roster (a participant joined, came or
// went), for c without hurrying it: it goes out with the next message c
// gets anyway, or rosterDelay after the first roster news waiting, or once
// rosterBatch messages wait for c. A burst of joins then costs each client
// a write every rosterDelay instead of one every turn.
func (r *Room) sendRoster(c *peer, m wsconn.Message) bool {
	if !r.gather(c, m) {
		return false
	}
	if len(c.out) >= rosterBatch {
		c.urgent = true
	}
	r.rosterSoon()
	return true
}

// rosterSoon has roster news go out when the roster delay is up (flush).
func (r *Room) rosterSoon() {
	if r.rosterDue.IsZero() {
		d := r.rosterWait()
		r.rosterDue = time.Now().Add(d)
		r.rosterTimer.Reset(d)
	}
}

// rosterWait is how long roster news may wait now: RoomConfig.RosterDelay,
// or longer in a large room, where one round of roster writes costs
// rosterPerClient a client (the write system calls of a burst of joins
// were half the hub's CPU at 5,000), up to rosterMaxDelay.
func (r *Room) rosterWait() time.Duration {
	d := time.Duration(len(r.clients)) * rosterPerClient
	return min(max(d, r.rosterDelay), max(r.rosterDelay, rosterMaxDelay))
}

// rosterDelay is how long roster news may wait for a client by default
// (RoomConfig.RosterDelay), and rosterBatch how many messages may wait for
// it at most (well inside its send queue).
const (
	rosterDelay     = 100 * time.Millisecond
	rosterPerClient = 50 * time.Microsecond // 250 ms at 5,000 clients
	rosterMaxDelay  = time.Second
	rosterBatch     = sendQueueLen / 4
)

func (r *Room) gather(c *peer, m wsconn.Message) bool {
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

// flush hands every client what it gathered in this turn, except roster
// news that may still wait (sendRoster); all when all is true.
func (r *Room) flush(all bool) {
	if !r.rosterDue.IsZero() && (all || !time.Now().Before(r.rosterDue)) {
		r.rosterDue = time.Time{}
		r.rosterTimer.Stop()
		if r.countsOwed {
			r.tellCountsSoon(all)
		}
		all = true
	}
	keep := r.dirty[:0]
	for _, c := range r.dirty {
		if all || c.urgent || c.closed {
			r.flushPeer(c)
		} else {
			keep = append(keep, c)
		}
	}
	clear(r.dirty[len(keep):])
	r.dirty = keep
	if len(keep) > 0 && r.rosterDue.IsZero() {
		// Cannot happen: only roster news waits, and it set a time.
		r.rosterDue = time.Now()
		r.rosterTimer.Reset(0)
	}
}

// flushPeer hands c what it gathered; a client whose queue cannot take it
// is too slow.
func (r *Room) flushPeer(c *peer) {
	if len(c.out) == 0 {
		return
	}
	c.urgent = false
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

func (r *Room) sendError(c *peer, e *session.Error) {
	r.sendTo(c, protocol.ErrorOf(e))
}

// refuse sends an error frame and closes the connection, with the English
// message as the close's reason.
func (r *Room) refuse(c *peer, e *session.Error, closeCode int) {
	r.sendError(c, e)
	r.kick(c, closeCode, e.Message)
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
// events. In a crowd, another participant's join goes to the facilitator
// only (room_crowd.go).
func (r *Room) broadcast(e session.Event) {
	if e.Type == session.EvParticipantJoined {
		peers := r.readyPeers
		if r.crowd {
			peers = r.facs
			r.skipRoster(e.Seq)
		}
		for _, c := range peers {
			if !c.closed {
				r.sendRoster(c, r.eventFor(c, e))
			}
		}
		return
	}
	if r.crowd {
		r.closeGap(e.Seq)
	}
	for _, c := range r.readyPeers {
		if !c.closed {
			r.send(c, r.eventFor(c, e))
		}
	}
}

// eventFor returns committed event e's message as c may see it: the
// facilitator's, its actor's own, or everyone else's, each encoded once
// (room.views).
func (r *Room) eventFor(c *peer, e session.Event) wsconn.Message {
	v := &r.views
	if v.seq != e.Seq {
		*v = eventViews{seq: e.Seq}
	}
	anon, rev := r.st.Settings.Anonymous, r.st.VotesRevealed
	switch {
	case c.actor.Role == session.RoleFacilitator:
		if !v.haveFac {
			v.fac, v.haveFac = eventMessage(session.Redact(e, c.actor, anon, rev)), true
		}
		return v.fac
	case concerns(c, e):
		// the participant a read-only event is about (room_moderation.go),
		// or seated with a table's board (room_tables.go): one receiver,
		// rarely more, so not kept
		return eventMessage(session.Redact(e, r.cst.TableViewer(c.actor, e), anon, rev))
	case c.actor.ID != "" && c.actor.ID == e.Actor:
		if !v.haveSelf {
			v.self, v.haveSelf = eventMessage(session.Redact(e, r.cst.TableViewer(c.actor, e), anon, rev)), true
		}
		return v.self
	case session.TableScoped(e) && r.cst.SatAt(c.actor.ID, e.Table):
		return r.tableMessage(e) // issue 16: those at the event's table (room_tables.go)
	default:
		return r.othersMessage(e)
	}
}

// eventViews are the messages of the event being sent, as the facilitator
// and as its actor see it, encoded when first needed.
type eventViews struct {
	seq               int64
	fac, self         wsconn.Message
	haveFac, haveSelf bool
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

// presence tells every welcomed client that a participant came online or
// went offline, as roster news (sendRoster).
func (r *Room) presence(id string, online bool) {
	m := wsconn.Text(encode(protocol.Presence{T: protocol.KindPresence, ID: id, Online: online}))
	peers := r.readyPeers
	if r.crowd {
		peers = r.facs
		r.skipRoster(0)
	} else if r.presenceWithheld() { // issue 15: see presenceWithheld
		peers = r.facs
	}
	for _, c := range peers {
		if !c.closed {
			r.sendRoster(c, m)
		}
	}
}

// presenceWithheld reports whether the participants and observers of the
// room are told nobody's presence: in an anonymous session, where an idea
// that follows someone's coming back online (an app sending what it kept
// while offline) would name its author (PROTOCOL.md, "What anonymity
// promises"). The facilitator is told everything.
func (r *Room) presenceWithheld() bool { return r.st.Settings.Anonymous }

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
