package server

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"roundtable/internal/limit"
	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
	"roundtable/session/store"
)

// Log is the durable, ordered log a session lives in: SQLite
// (*store.Store) today; a replicated log could serve when one host is not
// enough. A running room only appends; its host loads the session from the
// log to start the room.
type Log interface {
	// Append queues a batch: a command's events, with its operation id so
	// that a retry takes effect once. The batch's Done is called once,
	// after the batch is durable or failed, in the order the batches were
	// appended, and must not block; nothing is acknowledged or broadcast
	// before it.
	Append(b store.Batch)
	// LoadSession reads a session back to serve it: its state, its last
	// recent events and the operation ids already applied.
	LoadSession(ctx context.Context, id string, recent int) (store.Loaded, error)
	// Events calls fn with the session's events after seq, in order.
	Events(ctx context.Context, id string, after int64, fn func(session.Event) error) error
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
	Logger          *slog.Logger // nil discards the log
	RingSize        int          // how many recent events are kept for resumes (default 8192)
	MaxJoinFails    int          // failed joins per address per minute (default 10)
	// RosterDelay is how long news of the roster (a participant joined,
	// came online, went offline) may wait for a client that gets nothing
	// else, so that a burst of joins reaches each client in a few writes
	// (default 100 ms).
	RosterDelay time.Duration
	// CrowdSize is how many participants the room may have before it is a
	// crowd, whose participants and observers get the roster as counts
	// (room_crowd.go; default 250).
	CrowdSize int
	// Identities (issue 16) are the participants of the other sessions of
	// the session's programme, by the hash of their resume token
	// (store.ProgrammeIdentities): a hello carrying one of those tokens
	// joins that person here (room_programme.go). Nil outside a programme.
	Identities map[string]store.Identity
	// Committed, when set, is called on the room goroutine for every event
	// once it is committed, just before it is broadcast, with the time the
	// store reported the commit. It is for measurements (the bench) and
	// must not block.
	Committed func(seq int64, at time.Time)

	// Issue 17, a cluster (room_cluster.go). Owner, when set, makes the
	// room a follower: it decides nothing and forwards its clients'
	// commands and joins there; its events come through External. Link
	// tells the other nodes who is online here. FailClose is the close
	// code clients get when the log fails (default 1011; a cluster's nodes
	// say 4503, so that clients come back, to this node or another).
	Owner     Owner
	Link      Link
	FailClose int
}

// Room owns one session: its state, its connections and the order of its
// events. One goroutine (Run) does all of that; connections talk to it
// through its inbox.
type Room struct {
	id       string
	code     string
	facHash  string
	st       *session.State // every event decided, committed or in flight
	cst      *session.State // committed events only: what snapshots show
	log      Log
	now      func() time.Time
	logger   *slog.Logger
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
	readyPeers  []*peer // the welcomed clients (peer.ready), to send to in a loop cheaper than the map's
	facs        []*peer // the welcomed facilitators
	views       eventViews
	dirty       []*peer // gathered messages this turn
	waiting     []*peer // awaiting a snapshot welcome
	recent      [recentMessages]recentMessage
	snap        *wsconn.Message // the shared snapshot, a welcome's piece (see sharedSnapshot)
	snapSeq     int64
	rosterDelay time.Duration   // RoomConfig.RosterDelay
	rosterDue   time.Time       // when roster news waiting for clients must go (zero: none waits)
	rosterTimer *time.Timer     // wakes Run at rosterDue
	onlineIDs   []string        // participants online, in creation order
	onlineMsg   *wsconn.Message // onlineIDs as a welcome's last piece; nil when it changed
	online      map[string]int

	// The roster as counts (room_crowd.go).
	crowdSize    int
	crowd        bool            // more than crowdSize participants: the roster goes as counts
	institutions map[string]int  // committed participants present (not removed) by institution
	skipped      int64           // the last join the counted clients did not get
	told         int64           // the last seq a roster frame told them
	toldAt       time.Time       // when
	countsOwed   bool            // the counts changed since the last roster frame
	limiter      *limit.Failures // failed joins per address
	stopping     bool
	stopReply    chan struct{}
	failed       error

	// identities are the programme's other sessions' participants by
	// token hash (issue 16: RoomConfig.Identities).
	identities map[string]store.Identity

	// Read by other goroutines (health checks, tests).
	seqSeen   atomic.Int64
	connCount atomic.Int64
	ended     atomic.Bool // stopped cleanly with the session closed
	done      chan struct{}
	errMu     sync.Mutex
	err       error
	// Issue 16: table events as their table sees them (room_tables.go).
	recentTable [recentMessages]recentMessage

	// Issue 17, a cluster (room_cluster.go).
	owner     Owner
	link      Link
	failClose int
	waiters   []waiter                   // answers waiting for their events
	mine      map[string]int             // this node's own connections per participant (with link)
	remote    map[string]map[string]bool // other nodes' participants online, by node
}

type inflight struct {
	events []session.Event
	key    store.OpKey // the operation, when a client's command
	after  []func()
}

type completion struct {
	in  *inflight
	err error
	at  time.Time // when the store reported the commit (set only for RoomConfig.Committed)
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
	m     wsconn.Message
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
	if cfg.Logger == nil {
		cfg.Logger = discardLogger
	}
	if cfg.RingSize <= 0 {
		cfg.RingSize = 8192
	}
	if cfg.RosterDelay <= 0 {
		cfg.RosterDelay = rosterDelay
	}
	if cfg.CrowdSize <= 0 {
		cfg.CrowdSize = crowdSize
	}
	if cfg.MaxJoinFails <= 0 {
		cfg.MaxJoinFails = 10
	}
	if cfg.Ops == nil {
		cfg.Ops = map[store.OpKey]int64{}
	}
	r := &Room{
		id:          cfg.Session.ID,
		code:        protocol.NormalizeCode(cfg.Code),
		facHash:     cfg.FacilitatorHash,
		st:          cfg.Session,
		cst:         cfg.Session.Clone(),
		log:         cfg.Log,
		now:         cfg.Now,
		logger:      cfg.Logger,
		onCommit:    cfg.Committed,
		inbox:       make(chan any, 4096),
		signal:      make(chan struct{}, 1),
		nextSeq:     cfg.Session.Seq,
		committed:   cfg.Session.Seq,
		ringSize:    cfg.RingSize,
		ops:         cfg.Ops,
		inflightOps: map[store.OpKey]*inflight{},
		tokens:      map[string]string{},
		identities:  cfg.Identities,
		clients:     map[Transport]*peer{},
		online:      map[string]int{},
		limiter:     limit.NewFailures(cfg.MaxJoinFails, time.Minute),
		done:        make(chan struct{}),
		rosterTimer: time.NewTimer(time.Hour),
		rosterDelay: cfg.RosterDelay,
		crowdSize:   cfg.CrowdSize,
		owner:       cfg.Owner,
		link:        cfg.Link,
		failClose:   cfg.FailClose,
		mine:        map[string]int{},
		remote:      map[string]map[string]bool{},
	}
	if r.failClose == 0 {
		r.failClose = wsconn.CloseInternalServerErr
	}
	r.rosterTimer.Stop()
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
	r.institutions = map[string]int{}
	for _, p := range r.cst.Participants {
		if session.Present(r.cst, p) { // issue 15: the removed are not counted
			r.institutions[p.Institution]++
		}
	}
	r.crowd = len(r.cst.Participants) > r.crowdSize
	r.seqSeen.Store(r.committed)
	return r
}

// ID returns the session id.
func (r *Room) ID() string { return r.id }

// Seq returns the last committed sequence number.
func (r *Room) Seq() int64 { return r.seqSeen.Load() }

// Connections returns the number of open connections.
func (r *Room) Connections() int64 { return r.connCount.Load() }

// Ended reports whether the room stopped cleanly with its session closed,
// so that its clients were told the session has ended (not that the host
// paused). It is false while the room runs.
func (r *Room) Ended() bool { return r.ended.Load() }

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
		return protocol.Refuse(session.EINTERNAL, "errors.hub.room_stopped")
	}
	select {
	case err := <-reply:
		return err
	case <-r.done:
		return protocol.Refuse(session.EINTERNAL, "errors.hub.room_stopped")
	}
}

// RawFanout sends one pre-encoded frame to every welcomed connection, on
// the room goroutine but with no domain, no store and no redaction: the
// baseline the bench compares the hub's fan-out with. It returns when the
// frame was queued to every connection, with the time queueing began and
// the number of connections. data should be a frame kind clients ignore
// (the bench uses "bench").
func (r *Room) RawFanout(data []byte) (start time.Time, sent int, ok bool) {
	reply := make(chan rawResult, 1)
	if !r.post(msgRaw{wsconn.Text(data), reply}) {
		return time.Time{}, 0, false
	}
	select {
	case res := <-reply:
		return res.start, res.sent, true
	case <-r.done:
		return time.Time{}, 0, false
	}
}

// Stop finishes the commits in flight, closes every connection and ends
// Run. It waits for that. The close tells clients whether to come back:
// 4410 (session ended) when the session is in its closed phase, 4503 (host
// paused) otherwise; see stopClose.
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
	defer r.rosterTimer.Stop()
	for {
		select {
		case m := <-r.inbox:
			r.handle(m)
		case <-r.signal:
			r.completeAll()
		case <-r.rosterTimer.C:
			// Roster news has waited long enough: flush sends it.
		}
		// A turn takes in what else is already waiting, up to a bound,
		// before the clients get what it produced: a burst (joins, votes)
		// then reaches each client in one write instead of one per event.
		// When nothing waits, the turn ends at once.
		r.drain(turnMessages)
		r.flush(r.stopping)
		if r.failed != nil {
			why := "storage failed"
			if r.failClose == protocol.CloseHostPaused {
				why = protocol.ReasonHostPaused
			}
			r.shutdown(r.failClose, why)
			r.errMu.Lock()
			r.err = r.failed
			r.errMu.Unlock()
			return
		}
		if r.stopping && len(r.pending) == 0 {
			code, why := r.stopClose()
			r.ended.Store(code == protocol.CloseSessionEnded)
			r.shutdown(code, why)
			close(r.stopReply)
			return
		}
	}
}

// turnMessages is how many waiting messages one turn takes in at most.
const turnMessages = 64

// drain handles up to n messages and commit reports that are already
// waiting, without waiting for more.
func (r *Room) drain(n int) {
	for ; n > 0 && r.failed == nil; n-- {
		select {
		case m := <-r.inbox:
			r.handle(m)
		case <-r.signal:
			r.completeAll()
		default:
			return
		}
	}
}

// completeAll finishes every batch the log has reported.
func (r *Room) completeAll() {
	r.mu.Lock()
	done := r.completed
	r.completed = nil
	r.mu.Unlock()
	for _, c := range done {
		r.finish(c)
	}
}

func (r *Room) handle(m any) {
	if r.handleCluster(m) { // issue 17: room_cluster.go
		return
	}
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
		// The query sees every commit the log reported before it was
		// asked (the signal may still wait behind it in Run's select),
		// and what was sent before it has reached the transports.
		r.completeAll()
		r.flush(true)
		m.fn(r)
	case msgRaw:
		start := time.Now()
		sent := 0
		for _, c := range r.readyPeers {
			if !c.closed && r.send(c, m.m) {
				sent++
			}
		}
		m.reply <- rawResult{start, sent}
	case msgDo:
		if r.follower() { // issue 17: the owner decides
			r.forward(Forwarded{Actor: m.actor, Op: "do:" + NewToken(), Cmd: m.cmd}, func(a Answer) {
				switch {
				case a.Err != nil:
					m.reply <- a.Err
				case a.Unavailable:
					m.reply <- protocol.Refuse(session.EINTERNAL, "errors.hub.room_stopped")
				default:
					r.afterSeq(a.Seq, func() { m.reply <- nil })
				}
			})
			return
		}
		evs, err := session.Decide(r.st, m.actor, m.cmd, r.now())
		if err != nil {
			m.reply <- err
			return
		}
		r.commit(evs, store.OpKey{}, func() { m.reply <- nil })
	}
}

// stopClose is the close code and reason for the clients of a room that
// stops cleanly, decided once every commit in flight is done, so that a
// last set_phase counts. A closed session has ended: its clients stop
// reconnecting and show the final road map. An open one is only paused:
// the facilitator can restart the host on the same database, and its
// clients keep their unsent commands and retry until then.
func (r *Room) stopClose() (int, string) {
	if r.st.Phase == session.PhaseClosed {
		return protocol.CloseSessionEnded, protocol.ReasonSessionEnded
	}
	return protocol.CloseHostPaused, protocol.ReasonHostPaused
}

func (r *Room) shutdown(code int, why string) {
	for _, c := range r.clients {
		if !c.closed {
			r.kick(c, code, why)
		}
	}
}
