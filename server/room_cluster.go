package server

import (
	"fmt"
	"sort"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

// A room in a cluster (issue 17; docs/ARCHITECTURE.md, "A cluster of
// hubs"). Every node of a cluster runs a room for the session. One of them
// owns it: it decides, appends to the replicated log and acknowledges, as a
// room on one machine does. The others are followers: their room holds no
// decision of its own. A command of one of their clients goes to the owner
// (RoomConfig.Owner), and its answer comes back to the client once the
// events it names have reached this room; every committed event arrives
// from the log (Room.External), and the room welcomes, redacts and fans
// out to its own connections exactly as an owner does. Presence is each
// node's own, and the nodes tell each other (RoomConfig.Link,
// Room.RemotePresence), so that everyone sees who is online anywhere.

// Owner is how a follower's room reaches the room that owns its session.
type Owner interface {
	// Forward sends a request to the owner and calls done exactly once,
	// from any goroutine, with its answer. Forward must not block; it
	// retries through a change of owner until it has an answer, and a
	// retried command takes effect once (its operation id). done may never
	// be called when the node stops.
	Forward(req Forwarded, done func(Answer))
}

// Forwarded is a command a follower sends to the owner: a client's, under
// its operation id, or a new participant's join (Cmd.Type join, with the
// token's hash), which is recognised by the hash when retried.
type Forwarded struct {
	Actor session.Actor   `json:"actor"`
	Op    string          `json:"op,omitempty"`
	Cmd   session.Command `json:"cmd"`
	// TokenHash is a join's (a command carries none on the wire).
	TokenHash string `json:"token_hash,omitempty"`
}

// Answer is the owner's answer to a Forwarded command.
type Answer struct {
	// Seq is the sequence number of the command's last event (of its
	// first run when Dup); the follower answers its client once it has
	// that event.
	Seq int64 `json:"seq,omitempty"`
	Dup bool  `json:"dup,omitempty"`
	// ID is a join's participant id.
	ID string `json:"id,omitempty"`
	// Err is a refusal, sent to the client as the single hub's would be.
	Err *session.Error `json:"err,omitempty"`
	// Unavailable says this node does not own the session (any more), or
	// is stopping: the follower tries again, at the owner it finds next.
	Unavailable bool `json:"unavailable,omitempty"`
}

// Link tells the cluster's other nodes who is online here: the room calls
// Announce when one of its own participants comes online (their first
// connection here) or goes offline (their last). It must not block.
type Link interface {
	Announce(id string, online bool)
}

type msgForwarded struct {
	req   Forwarded
	reply func(Answer)
}

type msgAnswered struct {
	a  Answer
	fn func(Answer)
}

type msgExternal struct{ events []session.Event }

type msgPresence struct {
	node   string
	id     string
	online bool
	full   []string // when set (even empty): the node's whole online set
	gone   bool     // the node is gone: none of its participants is online
}

// waiter runs fn once the room has committed event seq.
type waiter struct {
	seq int64
	fn  func()
}

// HandleForwarded passes a follower's request to this room, the owner's:
// reply is called once, from the room's goroutine, with the answer. A room
// that is not the owner answers Unavailable.
func (r *Room) HandleForwarded(req Forwarded, reply func(Answer)) {
	if !r.post(msgForwarded{req, reply}) {
		reply(Answer{Unavailable: true})
	}
}

// External hands a follower's room events the owner committed, in order.
// A gap stops the room (Err): the node loads the session again.
func (r *Room) External(evs []session.Event) { r.post(msgExternal{evs}) }

// RemotePresence tells the room that participant id is online (or not) at
// another node of the cluster.
func (r *Room) RemotePresence(node, id string, online bool) {
	r.post(msgPresence{node: node, id: id, online: online})
}

// RemoteOnline tells the room every participant online at another node
// now: what it does not name is offline there.
func (r *Room) RemoteOnline(node string, ids []string) {
	if ids == nil {
		ids = []string{}
	}
	r.post(msgPresence{node: node, full: ids})
}

// NodeGone tells the room another node is gone: its participants are
// offline there.
func (r *Room) NodeGone(node string) { r.post(msgPresence{node: node, gone: true}) }

// follower reports whether the room forwards its decisions to an owner.
func (r *Room) follower() bool { return r.owner != nil }

func (r *Room) handleCluster(m any) bool {
	switch m := m.(type) {
	case msgForwarded:
		r.forwarded(m.req, m.reply)
	case msgAnswered:
		m.fn(m.a)
	case msgExternal:
		r.external(m.events)
	case msgPresence:
		r.remotePresence(m)
	default:
		return false
	}
	return true
}

// forward sends a request to the owner; fn runs on the room's goroutine
// with the answer.
func (r *Room) forward(req Forwarded, fn func(Answer)) {
	r.owner.Forward(req, func(a Answer) { r.post(msgAnswered{a, fn}) })
}

// afterSeq runs fn once event seq has been committed here: at once, or
// when it arrives.
func (r *Room) afterSeq(seq int64, fn func()) {
	if seq <= r.committed {
		fn()
		return
	}
	r.waiters = append(r.waiters, waiter{seq, fn})
}

// runWaiters runs the waiters whose event has been committed.
func (r *Room) runWaiters() {
	if len(r.waiters) == 0 {
		return
	}
	keep := r.waiters[:0]
	var due []waiter
	for _, w := range r.waiters {
		if w.seq <= r.committed {
			due = append(due, w)
		} else {
			keep = append(keep, w)
		}
	}
	clear(r.waiters[len(keep):])
	r.waiters = keep
	sort.SliceStable(due, func(i, j int) bool { return due[i].seq < due[j].seq })
	for _, w := range due {
		w.fn()
	}
}

// external commits events the owner committed, in a follower's room.
func (r *Room) external(evs []session.Event) {
	var fresh []session.Event
	for _, e := range evs {
		if e.Seq <= r.committed {
			continue // seen already (a replay overlapping the load)
		}
		if e.Seq != r.committed+int64(len(fresh))+1 {
			r.failed = fmt.Errorf("the log skipped from event %d to %d", r.committed+int64(len(fresh)), e.Seq)
			return
		}
		fresh = append(fresh, e)
	}
	if len(fresh) == 0 {
		return
	}
	for _, e := range fresh {
		r.nextSeq = e.Seq
		r.st.Apply(e)
		if e.Type == session.EvParticipantJoined && e.TokenHash != "" {
			r.tokens[e.TokenHash] = e.ID
		}
	}
	in := &inflight{events: fresh}
	r.pending = append(r.pending, in)
	r.finish(completion{in: in})
	r.runWaiters()
}

// forwarded answers a follower's request in the owner's room: as its own
// client's command, with the answer going back instead of an ack.
func (r *Room) forwarded(req Forwarded, reply func(Answer)) {
	if r.follower() || r.stopping || r.failed != nil {
		reply(Answer{Unavailable: true})
		return
	}
	now := r.now()
	if req.Cmd.Type == session.CmdJoin {
		hash := req.TokenHash
		if hash == "" {
			reply(Answer{Err: protocol.Refuse(session.EINVALID, "errors.hub.not_a_client_command", "Type", session.Quoted(req.Cmd.Type))})
			return
		}
		if pid, ok := r.tokens[hash]; ok { // a retry: joined already (maybe in flight)
			reply(Answer{ID: pid, Seq: r.nextSeq, Dup: true})
			return
		}
		evs, err := session.Decide(r.st, session.Actor{Role: session.RoleParticipant}, session.Command{
			Type: session.CmdJoin, Name: req.Cmd.Name, Institution: req.Cmd.Institution, TokenHash: hash,
		}, now)
		if err != nil {
			reply(Answer{Err: session.AsError(err)})
			return
		}
		r.commit(evs, store.OpKey{}, func() { reply(Answer{ID: evs[0].ID, Seq: evs[len(evs)-1].Seq}) })
		return
	}
	r.decideOp(req.Actor, req.Op, req.Cmd, nil,
		func(seq int64, dup bool) { reply(Answer{Seq: seq, Dup: dup}) },
		func(e *session.Error) { reply(Answer{Err: e}) })
}

// decideOp is a command under its operation id, in the owner's room: a
// retry is acknowledged again, a new one decided and committed.
// gate, when set, may refuse the command (it answers the client itself)
// after the retries are answered and before it is decided.
func (r *Room) decideOp(actor session.Actor, op string, cmd session.Command, gate func() bool, ack func(seq int64, dup bool), nack func(*session.Error)) {
	key := store.OpKey{Actor: actor.ID, Op: op}
	if seq, ok := r.ops[key]; ok {
		ack(seq, true)
		return
	}
	if in, ok := r.inflightOps[key]; ok {
		in.after = append(in.after, func() { ack(in.events[len(in.events)-1].Seq, true) })
		return
	}
	if cmd.Type == session.CmdJoin || cmd.Type == session.CmdCreateSession {
		nack(protocol.Refuse(session.EINVALID, "errors.hub.not_a_client_command", "Type", session.Quoted(cmd.Type)))
		return
	}
	if gate != nil && !gate() {
		return
	}
	cmd.TokenHash = ""
	cmd.Online = nil
	if cmd.Type == session.CmdRevealConsent { // issue 16: an answer counts if its participant is here
		cmd.Online = r.onlineParticipants()
	}
	evs, err := session.Decide(r.st, actor, cmd, r.now())
	if err != nil {
		nack(session.AsError(err))
		return
	}
	r.commit(evs, key, func() { ack(evs[len(evs)-1].Seq, false) })
}

// forwardCommand sends a client's command to the owner, from a
// follower's room; the client's ack waits until the room has the events.
func (r *Room) forwardCommand(c *peer, op string, cmd session.Command) {
	cmd.TokenHash = ""
	cmd.Online = nil
	r.forward(Forwarded{Actor: c.actor, Op: op, Cmd: cmd}, func(a Answer) {
		switch {
		case a.Err != nil:
			r.sendTo(c, protocol.NackOf(op, a.Err))
		case a.Unavailable:
			// The node stops: no answer, the client sends it again after
			// it reconnects.
		default:
			r.afterSeq(a.Seq, func() {
				r.sendTo(c, protocol.Ack{T: protocol.KindAck, Op: op, Seq: a.Seq, Dup: a.Dup})
			})
		}
	})
}

// forwardJoin joins a new participant through the owner, from a
// follower's room, and welcomes them once their join has arrived here.
func (r *Room) forwardJoin(c *peer, h protocol.Hello, token string) {
	hash := HashToken(token)
	r.forward(Forwarded{Actor: session.Actor{Role: session.RoleParticipant}, Op: "join:" + hash, TokenHash: hash,
		Cmd: session.Command{Type: session.CmdJoin, Name: h.Name, Institution: h.Institution}}, func(a Answer) {
		if c.closed || r.clients[c.t] != c {
			return // gone before the answer: the participant exists, nobody holds their token
		}
		switch {
		case a.Err != nil:
			r.refuseHello(c, a.Err, protocol.CloseBadFrame)
		case a.Unavailable:
			code, why := r.stopClose()
			r.kick(c, code, why)
		default:
			c.actor = session.Actor{ID: a.ID, Role: session.RoleParticipant}
			if g, ok := c.t.(addrGated); ok {
				g.identify(c.actor)
			}
			r.await(c, a.Seq, token)
		}
	})
}

// announce tells the other nodes one of this node's participants came
// online or went offline here.
func (r *Room) announce(id string, delta int) {
	if r.link == nil {
		return
	}
	r.mine[id] += delta
	switch {
	case delta > 0 && r.mine[id] == 1:
		r.link.Announce(id, true)
	case delta < 0 && r.mine[id] <= 0:
		delete(r.mine, id)
		r.link.Announce(id, false)
	}
}

// remotePresence counts another node's participants in the room's
// online set, so that presence, the welcome's online list and a consent
// round's reveal cover the whole cluster.
func (r *Room) remotePresence(m msgPresence) {
	set := r.remote[m.node]
	if set == nil {
		set = map[string]bool{}
		r.remote[m.node] = set
	}
	switch {
	case m.gone:
		for id := range set {
			r.remoteMove(set, id, false)
		}
		delete(r.remote, m.node)
	case m.full != nil:
		now := make(map[string]bool, len(m.full))
		for _, id := range m.full {
			now[id] = true
			r.remoteMove(set, id, true)
		}
		for id := range set {
			if !now[id] {
				r.remoteMove(set, id, false)
			}
		}
	default:
		r.remoteMove(set, m.id, m.online)
	}
}

func (r *Room) remoteMove(set map[string]bool, id string, online bool) {
	if set[id] == online {
		return
	}
	// One not known yet (their join still on its way here) is counted;
	// their participant_joined says they are online.
	known := r.cst.Participants[id] != nil
	if online {
		set[id] = true
		r.online[id]++
		if r.online[id] == 1 && known {
			r.setOnline(id, true)
			r.presence(id, true)
		}
		return
	}
	delete(set, id)
	r.online[id]--
	if r.online[id] <= 0 {
		delete(r.online, id)
		r.setOnline(id, false)
		if known {
			r.presence(id, false)
		}
	}
}

// joinedOnline puts a participant whose join has just committed in the
// online list when another node already counted them online.
func (r *Room) joinedOnline(id string) {
	if r.online[id] > 0 {
		r.setOnline(id, true)
	}
}
