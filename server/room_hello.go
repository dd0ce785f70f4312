package server

import (
	"slices"
	"time"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
	"roundtable/session/store"
)

func (r *Room) hello(t Transport, h protocol.Hello) {
	c := r.clients[t]
	if c == nil {
		c = &peer{t: t}
		r.clients[t] = c
		r.connCount.Add(1)
	}
	if c.closed {
		return
	}
	if c.actor.Role != "" {
		r.sendError(c, protocol.Refuse(session.EINVALID, "errors.hub.already_joined"))
		return
	}
	if r.stopping {
		// Told as every client of the stopping room is: the session has
		// ended, or the host is only pausing and the client retries.
		code, _ := r.stopClose()
		r.refuse(c, protocol.Refuse(session.EINTERNAL, "errors.hub.shutting_down"), code)
		return
	}
	if h.V != protocol.Version {
		r.refuseHello(c, protocol.Refuse(session.EINVALID, "errors.hub.protocol_version", "Version", protocol.Version), protocol.CloseBadFrame)
		return
	}
	now := r.now()
	// An address that failed too often may not try codes for a while. A
	// hello that proves itself with a secret nobody can guess (the
	// facilitator token, or the join code with a participant's resume
	// token) still gets in: the facilitator's console and returning
	// participants share an address with whoever mistyped (loopback, a
	// venue's NAT), and must not be locked out by them. Anything else from
	// a blocked address gets the same refusal, so it learns nothing.
	if r.limiter.Blocked(t.Addr(), now) && !r.provenSecret(h) {
		if r.limiter.Tell(t.Addr()) {
			r.logger.Warn("join refused", "addr", t.Addr(), "why", "too many failed joins")
		}
		r.refuse(c, protocol.Refuse(session.ELIMIT, "errors.hub.failed_joins"), protocol.CloseRateLimited)
		return
	}
	fail := func(key, why string) {
		r.limiter.Fail(t.Addr(), now)
		r.logger.Warn("join refused", "addr", t.Addr(), "why", why)
		r.refuse(c, protocol.Refuse(session.EFORBIDDEN, key), protocol.CloseUnauthorized)
	}
	switch {
	case h.Token != "":
		if r.facHash == "" || !sameSecret(HashToken(h.Token), r.facHash) {
			fail("errors.hub.wrong_token", "wrong facilitator token")
			return
		}
		c.actor = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
		r.admit(c, false)
		r.resume(c, h.Since)
	case h.Code == "":
		r.refuseHello(c, protocol.Refuse(session.EINVALID, "errors.hub.hello_needs_code"), protocol.CloseBadFrame)
	case !sameSecret(protocol.NormalizeCode(h.Code), r.code):
		fail("errors.hub.wrong_code", "wrong join code")
	case h.Role == string(session.RoleObserver):
		c.actor = session.Actor{Role: session.RoleObserver}
		if r.admit(c, false) {
			r.resume(c, h.Since)
		}
	case h.Role != "" && h.Role != string(session.RoleParticipant):
		r.refuseHello(c, session.Refuse(session.EINVALID, "errors.unknown_role", "Role", session.Quoted(h.Role)), protocol.CloseBadFrame)
	case h.Resume != "":
		pid, ok := r.tokens[HashToken(h.Resume)]
		if !ok {
			fail("errors.hub.unknown_resume", "unknown resume token")
			return
		}
		if r.refuseRemoved(c, pid) {
			return
		}
		c.actor = session.Actor{ID: pid, Role: session.RoleParticipant}
		if r.admit(c, false) {
			r.resume(c, h.Since)
		}
	default:
		if r.joinEarlier(c, h, now) { // issue 16: one identity across a programme (room_programme.go)
			return
		}
		c.actor = session.Actor{Role: session.RoleParticipant}
		if !r.admit(c, true) {
			return
		}
		token := NewToken()
		if r.follower() { // issue 17: the owner decides (room_cluster.go)
			r.forwardJoin(c, h, token)
			return
		}
		evs, err := session.Decide(r.st, c.actor, session.Command{
			Type:        session.CmdJoin,
			Name:        h.Name,
			Institution: h.Institution,
			TokenHash:   HashToken(token),
		}, now)
		if err != nil {
			r.refuseHello(c, session.AsError(err), protocol.CloseBadFrame)
			return
		}
		c.actor = session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
		if g, ok := t.(addrGated); ok {
			g.identify(c.actor)
		}
		r.commit(evs, store.OpKey{}, nil)
		r.await(c, r.nextSeq, token)
	}
}

// refuseHello refuses a hello, and says so in the log.
func (r *Room) refuseHello(c *peer, e *session.Error, closeCode int) {
	r.logger.Warn("join refused", "addr", c.t.Addr(), "why", e.Message)
	r.refuse(c, e, closeCode)
}

// admit applies the limits c's address shares with its other connections
// (AddrLimits; the facilitator is exempt, and transports without them are
// not limited) to c, whose actor is set; join also takes one of the
// address's new participants. A limit reached refuses c (ELIMIT, 4429);
// the address book logs it.
func (r *Room) admit(c *peer, join bool) bool {
	g, ok := c.t.(addrGated)
	if !ok {
		return true
	}
	if !g.admit(c.actor) {
		r.refuse(c, protocol.Refuse(session.ELIMIT, "errors.hub.connections_from_network"), protocol.CloseRateLimited)
		return false
	}
	if join {
		if ok, wait := g.takeJoin(); !ok {
			r.refuse(c, protocol.Refuse(session.ELIMIT, "errors.hub.joins_from_network", "Seconds", int(wait/time.Second)+1), protocol.CloseRateLimited)
			return false
		}
	}
	return true
}

// resume welcomes a returning client: with the events it missed when they
// are still in memory, otherwise with a snapshot.
func (r *Room) resume(c *peer, since int64) {
	missed, ok := r.since(since)
	// A client further behind than half a send queue gets a snapshot: the
	// replay must fit in its queue with room to spare.
	if since <= 0 || since > r.committed || !ok || len(missed) > sendQueueLen/2 {
		r.await(c, r.committed, "")
		return
	}
	r.goOnline(c)
	r.sendWelcome(c, nil, "")
	r.replay(c, missed)
	r.setReady(c)
}

// await has c welcomed with a snapshot once event seq has committed: at
// once, or when the room's turn that commits it ends.
func (r *Room) await(c *peer, seq int64, token string) {
	c.waitTo, c.token, c.awaiting = seq, token, true
	r.waiting = append(r.waiting, c)
	if seq <= r.committed {
		r.welcomeWaiting()
	}
}

// welcomeWaiting welcomes every client whose snapshot can now be sent.
// They all go online first, so that they share one encoding of the online
// list.
func (r *Room) welcomeWaiting() {
	var due []*peer
	keep := r.waiting[:0]
	for _, c := range r.waiting {
		switch {
		case c.closed || r.clients[c.t] != c:
		case c.waitTo <= r.committed:
			due = append(due, c)
		default:
			keep = append(keep, c)
		}
	}
	clear(r.waiting[len(keep):])
	r.waiting = keep
	for _, c := range due {
		r.goOnline(c)
	}
	for _, c := range due {
		r.welcome(c)
	}
}

// snapshotReuse is how many events a shared snapshot may lag behind: a
// welcome with it replays them. Joins in a burst then share one encoding of
// the session instead of each paying for their own.
const snapshotReuse = 128

// welcome sends c its snapshot and the events after it, and from then on
// every event. A new participant or an observer has nothing of its own to
// see, so it gets the snapshot every other participant would get, shared
// and encoded at most once every snapshotReuse events; the facilitator,
// returning participants and a crowd's new participants get their own, at
// the last committed event.
func (r *Room) welcome(c *peer) {
	c.awaiting = false
	var snap wsconn.Message
	var missed []session.Event
	// In a crowd a new participant gets its own: the shared one lists
	// nobody, and its join may be older than the snapshot. Without the
	// roster, a snapshot is small.
	shared := c.actor.ID == "" || (c.token != "" && !r.crowd && !r.atTables(c)) // issue 16: one seated sees a table
	if c.actor.Role != session.RoleFacilitator && shared {
		var at int64
		snap, at = r.sharedSnapshot()
		missed, _ = r.since(at)
	} else {
		redact := session.RedactState
		if r.counted(c) {
			redact = session.RedactCrowd
		}
		snap = welcomeSnapshot(encode(redact(r.cst, c.actor)))
	}
	r.sendWelcome(c, &snap, c.token)
	c.token = ""
	r.replay(c, missed)
	r.setReady(c)
}

// sharedSnapshot returns the session as a participant without ideas, votes
// or feedback of its own sees it, as a welcome's piece, and the seq it is
// at.
func (r *Room) sharedSnapshot() (wsconn.Message, int64) {
	if r.snap != nil && r.committed-r.snapSeq <= snapshotReuse {
		if _, ok := r.since(r.snapSeq); ok {
			return *r.snap, r.snapSeq
		}
	}
	redact := session.RedactState
	if r.crowd {
		redact = session.RedactCrowd
	}
	m := welcomeSnapshot(encode(redact(r.cst, session.Viewer{Role: session.RoleParticipant})))
	r.snap, r.snapSeq = &m, r.committed
	return m, r.snapSeq
}

// replay sends c committed events as it may see them.
func (r *Room) replay(c *peer, evs []session.Event) {
	if r.counted(c) {
		r.replayCounted(c, evs)
		return
	}
	for _, e := range evs {
		if !r.send(c, r.eventFor(c, e)) {
			return
		}
	}
}

// sendWelcome sends c a welcome at the last committed event, as one
// message in pieces (welcome.go), so that the snapshot and the online
// list, which can be large, are encoded once and shared by every welcome
// that uses them. snapshot is a piece from welcomeSnapshot, or nil.
func (r *Room) sendWelcome(c *peer, snapshot *wsconn.Message, token string) {
	if token == "" { // issue 16: resumed with an earlier token (room_programme.go)
		token, c.earlier = c.earlier, ""
	}
	r.send(c, welcomeHead(protocol.Welcome{T: protocol.KindWelcome, V: protocol.Version, Session: r.id,
		Role: c.actor.Role, You: c.actor.ID, Resume: token, Seq: r.committed}))
	if snapshot != nil {
		r.send(c, *snapshot)
	}
	if r.counted(c) {
		r.send(c, welcomeCrowd(r.counts()))
		return
	}
	if c.actor.Role != session.RoleFacilitator && r.presenceWithheld() { // issue 15
		r.send(c, welcomeOnline(nil))
		return
	}
	r.send(c, r.onlinePiece())
}

func (r *Room) goOnline(c *peer) {
	if c.actor.Role != session.RoleParticipant || c.closed || c.online {
		return
	}
	c.online = true
	r.announce(c.actor.ID, 1) // issue 17: to the cluster's other nodes
	r.online[c.actor.ID]++
	if r.online[c.actor.ID] == 1 {
		r.setOnline(c.actor.ID, true)
		// A new participant goes online in the turn its participant_joined
		// is broadcast, and that event says so (PROTOCOL.md, presence): a
		// join costs every client one frame, not two.
		if c.token == "" {
			r.presence(c.actor.ID, true)
		}
	}
}

func (r *Room) leave(t Transport) {
	c := r.clients[t]
	if c == nil {
		return
	}
	delete(r.clients, t)
	r.unready(c)
	r.connCount.Add(-1)
	if c.online {
		r.announce(c.actor.ID, -1) // issue 17
		r.online[c.actor.ID]--
		if r.online[c.actor.ID] <= 0 {
			delete(r.online, c.actor.ID)
			r.setOnline(c.actor.ID, false)
			r.presence(c.actor.ID, false)
		}
	}
}

// provenSecret reports whether a hello carries a secret too long to guess
// that the room knows: the facilitator token, or the join code together
// with a known resume token.
func (r *Room) provenSecret(h protocol.Hello) bool {
	if h.Token != "" {
		return r.facHash != "" && sameSecret(HashToken(h.Token), r.facHash)
	}
	if h.Resume == "" && r.provesEarlier(h) { // issue 16: room_programme.go
		return true
	}
	if h.Resume == "" || !sameSecret(protocol.NormalizeCode(h.Code), r.code) {
		return false
	}
	_, ok := r.tokens[HashToken(h.Resume)]
	return ok
}

// setReady marks c welcomed: events flow to it from now on.
func (r *Room) setReady(c *peer) {
	if c.ready {
		return
	}
	c.ready = true
	c.at = len(r.readyPeers)
	r.readyPeers = append(r.readyPeers, c)
	if c.actor.Role == session.RoleFacilitator {
		r.facs = append(r.facs, c)
	}
}

// unready takes c, which has gone, off the welcomed list.
func (r *Room) unready(c *peer) {
	if !c.ready {
		return
	}
	last := len(r.readyPeers) - 1
	moved := r.readyPeers[last]
	r.readyPeers[c.at], moved.at = moved, c.at
	r.readyPeers[last] = nil
	r.readyPeers = r.readyPeers[:last]
	if i := slices.Index(r.facs, c); i >= 0 {
		r.facs = slices.Delete(r.facs, i, i+1)
	}
}
