package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

// Log is where a room makes its events durable: the store's group-commit
// writer. Done is called once per batch, after its transaction committed or
// failed, and must not block.
type Log interface {
	Append(b store.Batch)
}

// RoomConfig is what a room needs to serve one session.
type RoomConfig struct {
	Session         *session.State        // the session, replayed from the log
	Recent          []session.Event       // the last committed events, for resumes (may be empty)
	Ops             map[store.OpKey]int64 // operations already applied
	Code            string                // the join code, normalised
	FacilitatorHash string                // HashToken of the facilitator token
	Log             Log
	Now             func() time.Time
	Logf            func(format string, args ...any)
	RingSize        int // how many recent events are kept for resumes (default 8192)
	MaxJoinFails    int // failed joins per address per minute (default 10)
	// Committed, when set, is called on the room goroutine for every event
	// once it is committed, just before it is broadcast, with the time the
	// room learned of the commit. It is for measurements (the bench) and
	// must not block.
	Committed func(seq int64, at time.Time)
}

// Room owns one session: its state, its connections and the order of its
// events. One goroutine (Run) does all of that; connections talk to it
// through its inbox.
type Room struct {
	id       string
	code     string
	facHash  string
	st       *session.State
	log      Log
	now      func() time.Time
	logf     func(string, ...any)
	onCommit func(seq int64, at time.Time)

	inbox chan any

	mu        sync.Mutex
	completed []completion
	signal    chan struct{}

	pending     []*inflight
	nextSeq     int64
	committed   int64
	ring        []session.Event
	ringSize    int
	ops         map[store.OpKey]int64
	inflightOps map[store.OpKey]*inflight
	tokens      map[string]string // resume token hash -> participant id
	clients     map[Transport]*peer
	online      map[string]int
	limiter     *joinLimiter
	stopping    bool
	stopReply   chan struct{}
	failed      error

	// Read by other goroutines (health checks, tests).
	seqSeen   atomic.Int64
	connCount atomic.Int64
	done      chan struct{}
	errMu     sync.Mutex
	err       error
}

type inflight struct {
	events []session.Event
	after  []func()
}

type completion struct {
	in  *inflight
	err error
}

type msgHello struct {
	t Transport
	h protocol.Hello
}

type msgCommand struct {
	t   Transport
	op  string
	cmd session.Command
}

type msgLeave struct{ t Transport }

type msgStop struct{ reply chan struct{} }

type msgQuery struct{ fn func(*Room) }

type msgRaw struct {
	pm    *websocket.PreparedMessage
	reply chan rawResult
}

type rawResult struct {
	start time.Time
	sent  int
}

type msgDo struct {
	actor session.Actor
	cmd   session.Command
	reply chan error
}

// NewRoom makes a room for a session. Start it with Run.
func NewRoom(cfg RoomConfig) *Room {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.RingSize <= 0 {
		cfg.RingSize = 8192
	}
	if cfg.MaxJoinFails <= 0 {
		cfg.MaxJoinFails = 10
	}
	if cfg.Ops == nil {
		cfg.Ops = map[store.OpKey]int64{}
	}
	r := &Room{
		id:          cfg.Session.ID,
		code:        NormalizeCode(cfg.Code),
		facHash:     cfg.FacilitatorHash,
		st:          cfg.Session,
		log:         cfg.Log,
		now:         cfg.Now,
		logf:        cfg.Logf,
		onCommit:    cfg.Committed,
		inbox:       make(chan any, 4096),
		signal:      make(chan struct{}, 1),
		nextSeq:     cfg.Session.Seq,
		committed:   cfg.Session.Seq,
		ringSize:    cfg.RingSize,
		ops:         cfg.Ops,
		inflightOps: map[store.OpKey]*inflight{},
		tokens:      map[string]string{},
		clients:     map[Transport]*peer{},
		online:      map[string]int{},
		limiter:     newJoinLimiter(cfg.MaxJoinFails, time.Minute),
		done:        make(chan struct{}),
	}
	for _, e := range cfg.Recent {
		if e.Seq <= r.committed {
			r.remember(e)
		}
	}
	for _, p := range r.st.Participants {
		if p.TokenHash != "" {
			r.tokens[p.TokenHash] = p.ID
		}
	}
	r.seqSeen.Store(r.committed)
	return r
}

// ID returns the session id.
func (r *Room) ID() string { return r.id }

// Seq returns the last committed sequence number.
func (r *Room) Seq() int64 { return r.seqSeen.Load() }

// Connections returns the number of open connections.
func (r *Room) Connections() int64 { return r.connCount.Load() }

// Done is closed when Run returns.
func (r *Room) Done() <-chan struct{} { return r.done }

// Err returns why the room stopped, if it stopped because of a fault.
func (r *Room) Err() error {
	r.errMu.Lock()
	defer r.errMu.Unlock()
	return r.err
}

// Hello passes a client's hello to the room.
func (r *Room) Hello(t Transport, h protocol.Hello) { r.post(msgHello{t, h}) }

// Command passes a client's command to the room.
func (r *Room) Command(t Transport, op string, cmd session.Command) {
	r.post(msgCommand{t, op, cmd})
}

// Leave tells the room a connection ended.
func (r *Room) Leave(t Transport) { r.post(msgLeave{t}) }

// Query runs fn on the room goroutine and waits for it: a consistent read
// of the room for tests and the console.
func (r *Room) Query(fn func(st *session.State)) bool {
	done := make(chan struct{})
	if !r.post(msgQuery{func(r *Room) { fn(r.st); close(done) }}) {
		return false
	}
	select {
	case <-done:
		return true
	case <-r.done:
		return false
	}
}

// Do decides a command for an actor inside the host (no connection) and
// waits until its events are committed and broadcast. Tests and in-process
// tools use it; clients send commands over the protocol.
func (r *Room) Do(actor session.Actor, cmd session.Command) error {
	reply := make(chan error, 1)
	if !r.post(msgDo{actor, cmd, reply}) {
		return session.Errorf(session.EINTERNAL, "The room has stopped.")
	}
	select {
	case err := <-reply:
		return err
	case <-r.done:
		return session.Errorf(session.EINTERNAL, "The room has stopped.")
	}
}

// RawFanout sends one pre-encoded frame to every welcomed connection, on
// the room goroutine but with no domain, no store and no redaction: the
// baseline the bench compares the hub's fan-out with. It returns when the
// frame was queued to every connection, with the time queueing began and
// the number of connections. data should be a frame kind clients ignore
// (the bench uses "bench").
func (r *Room) RawFanout(data []byte) (start time.Time, sent int, ok bool) {
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, data)
	if err != nil {
		return time.Time{}, 0, false
	}
	reply := make(chan rawResult, 1)
	if !r.post(msgRaw{pm, reply}) {
		return time.Time{}, 0, false
	}
	select {
	case res := <-reply:
		return res.start, res.sent, true
	case <-r.done:
		return time.Time{}, 0, false
	}
}

// Stop finishes the commits in flight, closes every connection with 1001
// and ends Run. It waits for that.
func (r *Room) Stop() {
	reply := make(chan struct{})
	if r.post(msgStop{reply}) {
		select {
		case <-reply:
		case <-r.done:
		}
	}
	<-r.done
}

func (r *Room) post(m any) bool {
	select {
	case r.inbox <- m:
		return true
	case <-r.done:
		return false
	}
}

// Run is the room's goroutine. It returns after Stop, or when the log
// failed (see Err).
func (r *Room) Run() {
	defer close(r.done)
	for {
		select {
		case m := <-r.inbox:
			r.handle(m)
		case <-r.signal:
			r.mu.Lock()
			done := r.completed
			r.completed = nil
			r.mu.Unlock()
			for _, c := range done {
				r.finish(c)
			}
		}
		if r.failed != nil {
			r.shutdown(websocket.CloseInternalServerErr, "storage failed")
			r.errMu.Lock()
			r.err = r.failed
			r.errMu.Unlock()
			return
		}
		if r.stopping && len(r.pending) == 0 {
			r.shutdown(websocket.CloseGoingAway, "host is shutting down")
			close(r.stopReply)
			return
		}
	}
}

func (r *Room) handle(m any) {
	switch m := m.(type) {
	case msgHello:
		r.hello(m.t, m.h)
	case msgCommand:
		r.command(m.t, m.op, m.cmd)
	case msgLeave:
		r.leave(m.t)
	case msgStop:
		r.stopping = true
		r.stopReply = m.reply
	case msgQuery:
		m.fn(r)
	case msgRaw:
		start := time.Now()
		sent := 0
		for _, c := range r.clients {
			if c.ready && !c.closed {
				if c.t.Send(frame{prepared: m.pm}) {
					sent++
				} else {
					r.slow(c)
				}
			}
		}
		m.reply <- rawResult{start, sent}
	case msgDo:
		evs, err := session.Decide(r.st, m.actor, m.cmd, r.now())
		if err != nil {
			m.reply <- err
			return
		}
		r.commit(evs, store.OpKey{}, func() { m.reply <- nil })
	}
}

func (r *Room) shutdown(code int, why string) {
	for t, c := range r.clients {
		c.closed = true
		t.Kick(code, why)
	}
}

// --- sending -------------------------------------------------------------

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding a frame: %v", err)) // our own types always encode
	}
	return b
}

func (r *Room) sendTo(c *peer, v any) {
	if c.closed {
		return
	}
	if !c.t.Send(frame{data: encode(v)}) {
		r.slow(c)
	}
}

func (r *Room) sendError(c *peer, code, msg string) {
	r.sendTo(c, protocol.Error{T: protocol.KindError, Code: code, Message: msg})
}

// refuse sends an error frame and closes the connection.
func (r *Room) refuse(c *peer, code, msg string, closeCode int) {
	r.sendError(c, code, msg)
	c.closed = true
	c.t.Kick(closeCode, msg)
}

// slow disconnects a client whose queue is full. It resumes from its last
// sequence number when it reconnects; nothing is silently skipped.
func (r *Room) slow(c *peer) {
	if c.closed {
		return
	}
	c.closed = true
	r.logf("disconnecting slow client %s (%s)", c.actor.ID, c.t.Addr())
	c.t.Kick(protocol.CloseTooSlow, "too slow: resume from your last sequence number")
}

// broadcast sends one committed event to every ready client, encoded once
// for each different view of it.
func (r *Room) broadcast(e session.Event) {
	anon, rev := r.st.Settings.Anonymous, r.st.VotesRevealed
	var fac, others, self *websocket.PreparedMessage
	prep := func(ev session.Event) *websocket.PreparedMessage {
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, encode(protocol.EventFrame{T: protocol.KindEvent, Event: ev}))
		if err != nil {
			panic(err)
		}
		return pm
	}
	for _, c := range r.clients {
		if !c.ready || c.closed {
			continue
		}
		var pm *websocket.PreparedMessage
		switch {
		case c.actor.Role == session.RoleFacilitator:
			if fac == nil {
				fac = prep(session.Redact(e, c.actor, anon, rev))
			}
			pm = fac
		case c.actor.ID != "" && c.actor.ID == e.Actor:
			if self == nil {
				self = prep(session.Redact(e, c.actor, anon, rev))
			}
			pm = self
		default:
			if others == nil {
				others = prep(session.Redact(e, session.Viewer{Role: session.RoleParticipant}, anon, rev))
			}
			pm = others
		}
		if !c.t.Send(frame{prepared: pm}) {
			r.slow(c)
		}
	}
}

func (r *Room) presence(id string, online bool) {
	b := encode(protocol.Presence{T: protocol.KindPresence, ID: id, Online: online})
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, b)
	if err != nil {
		panic(err)
	}
	for _, c := range r.clients {
		if c.ready && !c.closed && !c.t.Send(frame{prepared: pm}) {
			r.slow(c)
		}
	}
}

func (r *Room) onlineList() []string {
	out := make([]string, 0, len(r.online))
	for id := range r.online {
		out = append(out, id)
	}
	session.ByID(out)
	return out
}

// --- the log -------------------------------------------------------------

// commit assigns sequence numbers, applies the events to the room's state
// at once (so the next command is decided against them) and hands them to
// the log. Acks and broadcasts wait for the commit (finish).
func (r *Room) commit(evs []session.Event, key store.OpKey, after func()) {
	for i := range evs {
		r.nextSeq++
		evs[i].Seq = r.nextSeq
		r.st.Apply(evs[i])
		if evs[i].Type == session.EvParticipantJoined && evs[i].TokenHash != "" {
			r.tokens[evs[i].TokenHash] = evs[i].ID
		}
	}
	in := &inflight{events: evs}
	if after != nil {
		in.after = append(in.after, after)
	}
	r.pending = append(r.pending, in)
	if key.Op != "" {
		r.inflightOps[key] = in
	}
	r.log.Append(store.Batch{
		Session: r.id,
		Events:  evs,
		Actor:   key.Actor,
		Op:      key.Op,
		Done: func(err error) {
			r.mu.Lock()
			r.completed = append(r.completed, completion{in, err})
			r.mu.Unlock()
			select {
			case r.signal <- struct{}{}:
			default:
			}
		},
	})
}

// finish runs when a batch committed: the events go to everyone, then the
// sender's ack, then the welcomes that waited for them.
func (r *Room) finish(c completion) {
	if len(r.pending) == 0 || r.pending[0] != c.in {
		r.failed = errors.New("commits completed out of order")
		return
	}
	r.pending = r.pending[1:]
	if c.err != nil {
		r.logf("storage failed: %v", c.err)
		r.failed = c.err
		return
	}
	var at time.Time
	if r.onCommit != nil {
		at = time.Now()
	}
	for _, e := range c.in.events {
		r.committed = e.Seq
		r.remember(e)
		if r.onCommit != nil {
			r.onCommit(e.Seq, at)
		}
		r.broadcast(e)
	}
	r.seqSeen.Store(r.committed)
	for k, in := range r.inflightOps {
		if in == c.in {
			r.ops[k] = c.in.events[len(c.in.events)-1].Seq
			delete(r.inflightOps, k)
		}
	}
	for _, fn := range c.in.after {
		fn()
	}
	for _, cl := range r.clients {
		if !cl.ready && cl.hello != nil && cl.waitTo <= r.committed {
			r.welcome(cl)
		}
	}
}

func (r *Room) remember(e session.Event) {
	if len(r.ring) >= r.ringSize {
		n := copy(r.ring, r.ring[len(r.ring)-r.ringSize/2:])
		r.ring = r.ring[:n]
	}
	r.ring = append(r.ring, e)
}

// --- hello ---------------------------------------------------------------

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
		r.sendError(c, session.EINVALID, "You have already joined on this connection.")
		return
	}
	if r.stopping {
		r.refuse(c, session.EINTERNAL, "The host is shutting down.", websocket.CloseGoingAway)
		return
	}
	if h.V != protocol.Version {
		r.refuse(c, session.EINVALID, fmt.Sprintf("This host speaks protocol version %d; please update your Roundtable.", protocol.Version), protocol.CloseBadFrame)
		return
	}
	now := r.now()
	if r.limiter.Blocked(t.Addr(), now) {
		r.refuse(c, session.ELIMIT, "Too many failed attempts to join. Wait a minute and try again.", protocol.CloseRateLimited)
		return
	}
	fail := func(msg string) {
		r.limiter.Fail(t.Addr(), now)
		r.refuse(c, session.EFORBIDDEN, msg, protocol.CloseUnauthorized)
	}
	switch {
	case h.Token != "":
		if r.facHash == "" || !sameSecret(HashToken(h.Token), r.facHash) {
			fail("Wrong facilitator token.")
			return
		}
		c.actor = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}
		r.resume(c, h.Since, "")
	case h.Code == "":
		r.refuse(c, session.EINVALID, "Hello needs a join code or a facilitator token.", protocol.CloseBadFrame)
	case !sameSecret(NormalizeCode(h.Code), r.code):
		fail("Wrong join code. Check the code on the facilitator's screen.")
	case h.Role == string(session.RoleObserver):
		c.actor = session.Actor{Role: session.RoleObserver}
		r.resume(c, h.Since, "")
	case h.Role != "" && h.Role != string(session.RoleParticipant):
		r.refuse(c, session.EINVALID, fmt.Sprintf("Unknown role %q.", h.Role), protocol.CloseBadFrame)
	case h.Resume != "":
		pid, ok := r.tokens[HashToken(h.Resume)]
		if !ok {
			fail("Unknown resume token: join again with your name.")
			return
		}
		c.actor = session.Actor{ID: pid, Role: session.RoleParticipant}
		r.resume(c, h.Since, "")
	default:
		token := NewToken()
		evs, err := session.Decide(r.st, session.Actor{Role: session.RoleParticipant}, session.Command{
			Type:        session.CmdJoin,
			Name:        h.Name,
			Institution: h.Institution,
			TokenHash:   HashToken(token),
		}, now)
		if err != nil {
			r.refuse(c, session.ErrorCode(err), session.ErrorMessage(err), protocol.CloseBadFrame)
			return
		}
		c.actor = session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
		r.commit(evs, store.OpKey{}, nil)
		r.snapshotWelcome(c, token)
	}
}

// resume welcomes a returning client: with the events it missed when they
// are still in memory, otherwise with a snapshot.
func (r *Room) resume(c *peer, since int64, token string) {
	first := r.committed + 1
	if len(r.ring) > 0 {
		first = r.ring[0].Seq
	}
	// A client further behind than half a send queue gets a snapshot: the
	// replay must fit in its queue with room to spare.
	if since <= 0 || since > r.committed || since+1 < first || r.committed-since > sendQueueLen/2 {
		r.snapshotWelcome(c, token)
		return
	}
	r.goOnline(c)
	r.sendTo(c, protocol.Welcome{
		T: protocol.KindWelcome, V: protocol.Version, Session: r.id,
		Role: c.actor.Role, You: c.actor.ID, Seq: r.committed, Online: r.onlineList(),
	})
	anon, rev := r.st.Settings.Anonymous, r.st.VotesRevealed
	for _, e := range r.ring {
		if e.Seq > since {
			r.sendTo(c, protocol.EventFrame{T: protocol.KindEvent, Event: session.Redact(e, c.actor, anon, rev)})
		}
	}
	c.ready = true
}

// snapshotWelcome prepares a welcome with the state as this client may see
// it. It is sent once every event in the snapshot has committed.
func (r *Room) snapshotWelcome(c *peer, token string) {
	snap := session.RedactState(r.st, c.actor)
	c.waitTo = r.nextSeq
	c.hello = &protocol.Welcome{
		T: protocol.KindWelcome, V: protocol.Version, Session: r.id,
		Role: c.actor.Role, You: c.actor.ID, Resume: token, Seq: snap.Seq, Snapshot: snap,
	}
	if c.waitTo <= r.committed {
		r.welcome(c)
	}
}

func (r *Room) welcome(c *peer) {
	r.goOnline(c)
	// The online list is filled in now, not when the snapshot was taken.
	c.hello.Online = r.onlineList()
	r.sendTo(c, c.hello)
	c.hello = nil
	c.ready = true
}

func (r *Room) goOnline(c *peer) {
	if c.actor.Role != session.RoleParticipant || c.closed || c.online {
		return
	}
	c.online = true
	r.online[c.actor.ID]++
	if r.online[c.actor.ID] == 1 {
		r.presence(c.actor.ID, true)
	}
}

func (r *Room) leave(t Transport) {
	c := r.clients[t]
	if c == nil {
		return
	}
	delete(r.clients, t)
	r.connCount.Add(-1)
	if c.online {
		r.online[c.actor.ID]--
		if r.online[c.actor.ID] <= 0 {
			delete(r.online, c.actor.ID)
			r.presence(c.actor.ID, false)
		}
	}
}

// --- commands ------------------------------------------------------------

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
	cmd.TokenHash = ""
	evs, err := session.Decide(r.st, c.actor, cmd, r.now())
	if err != nil {
		nack(session.ErrorCode(err), session.ErrorMessage(err))
		return
	}
	var in []session.Event = evs
	r.commit(in, key, func() { ack(in[len(in)-1].Seq, false) })
}
