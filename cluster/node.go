package cluster

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"roundtable/protocol"
	"roundtable/server"
	"roundtable/session"
	"roundtable/session/store"
)

// NodeConfig is what a node of a cluster needs: how to reach the cluster,
// and the hub's settings (server.HostConfig: the address, the session to
// serve or make, the facilitator token's hash, TLS, limits; DB and
// Programme are not used).
type NodeConfig struct {
	Cluster Config
	Hub     server.HostConfig
}

// Node is a running hub node of a cluster, serving one session: as its
// owner or as a follower, which it changes as the lease moves.
type Node struct {
	Conn        *Conn
	Server      *server.Server
	SessionID   string
	Code        string
	Title       string
	Phase       session.Phase
	Fingerprint string
	// Created is true when this node made the session (false: it joined
	// one the cluster had, or another node made at the same time).
	Created bool

	cfg      NodeConfig
	logger   *slog.Logger
	rec      Record
	listener net.Listener
	http     *http.Server
	served   chan struct{}
	presence *presence

	ctx    context.Context
	cancel context.CancelFunc
	loop   chan struct{}
	ready  chan error
	owner  atomic.Bool
	room   atomic.Pointer[server.Room]
	roles  atomic.Int64 // how many rooms this node has run
	killed atomic.Bool
	mu     sync.Mutex
	err    error
}

// followCheck is how often a follower asks the log whether it missed its
// last message.
const followCheck = time.Second

// ringSize is how many recent events a room keeps for resumes (as a
// single host's).
const ringSize = 8192

// StartNode listens, joins the cluster, finds (or makes) the session and
// returns once the node serves it, as owner or follower.
func StartNode(ctx context.Context, cfg NodeConfig) (*Node, error) {
	hub := cfg.Hub
	if hub.Now == nil {
		hub.Now = time.Now
	}
	if hub.Logger == nil {
		hub.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Hub = hub
	if cfg.Cluster.Logger == nil {
		cfg.Cluster.Logger = hub.Logger
	}
	if hub.Code != "" {
		hub.Code = protocol.NormalizeCode(hub.Code)
		if !protocol.ValidCode(hub.Code) {
			return nil, fmt.Errorf("the join code %q must be 3 to 32 letters or digits", hub.Code)
		}
		cfg.Hub.Code = hub.Code
	}
	var tlsConfig *tls.Config
	n := &Node{cfg: cfg, logger: hub.Logger, served: make(chan struct{}), loop: make(chan struct{}), ready: make(chan error, 1)}
	if hub.TLSCert != "" || hub.TLSKey != "" {
		var err error
		if tlsConfig, n.Fingerprint, err = server.LoadTLS(hub.TLSCert, hub.TLSKey); err != nil {
			return nil, err
		}
	}
	l, err := net.Listen("tcp", hub.Addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", hub.Addr, err)
	}
	n.listener = l
	c, err := Connect(ctx, cfg.Cluster)
	if err != nil {
		l.Close()
		return nil, err
	}
	n.Conn = c
	if err := n.choose(ctx); err != nil {
		l.Close()
		c.Close()
		return nil, err
	}
	if n.presence, err = newPresence(c.NC, c.Node, n.SessionID); err != nil {
		l.Close()
		c.Close()
		return nil, err
	}
	if tlsConfig != nil {
		l = tls.NewListener(l, tlsConfig)
	}
	n.Server = server.New(nil, server.Options{AllowedOrigins: hub.AllowedOrigins, CommandRate: hub.CommandRate, CommandBurst: hub.CommandBurst,
		SendBuffer: hub.SendBuffer, PingPeriod: hub.PingPeriod, Timings: hub.Timings, AddrLimits: hub.AddrLimits, Logger: hub.Logger})
	n.http = &http.Server{Handler: n.Server.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(n.served)
		if err := n.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.logger.Error("http server", "err", err)
		}
	}()
	n.ctx, n.cancel = context.WithCancel(context.Background())
	go n.run()
	wait := cfg.Cluster.Wait
	if wait <= 0 {
		wait = 2 * time.Minute
	}
	select {
	case err = <-n.ready:
	case <-ctx.Done():
		err = ctx.Err()
	case <-time.After(wait):
		err = fmt.Errorf("the node could not serve session %s within %v: %v", n.SessionID, wait, n.lastErr())
	}
	if err != nil {
		n.Close()
		return nil, err
	}
	n.logger.Info("node started", "node", c.Node, "session", n.SessionID, "owner", n.owner.Load(), "addr", n.listener.Addr().String())
	return n, nil
}

// choose finds the session the node serves: by id, or by join code (made
// when the cluster has none with that code), or a new one.
func (n *Node) choose(ctx context.Context) error {
	hub := n.cfg.Hub
	var rec Record
	var err error
	switch {
	case hub.Session != "":
		rec, _, err = n.Conn.Session(ctx, hub.Session)
	case hub.Code != "" && !hub.New:
		rec, err = n.Conn.SessionByCode(ctx, hub.Code)
		if session.ErrorCode(err) == session.ENOTFOUND {
			rec, err = n.create(ctx)
		}
	default:
		rec, err = n.create(ctx)
	}
	if err != nil {
		return err
	}
	if rec.Purged() {
		return &store.PurgedError{Info: rec.SessionInfo}
	}
	if hub.FacilitatorHash != "" && rec.FacilitatorHash != "" && hub.FacilitatorHash != rec.FacilitatorHash {
		return fmt.Errorf("session %s has another facilitator token: start every node of the cluster with the same one (ROUNDTABLE_TOKEN)", rec.ID)
	}
	n.rec = rec
	n.SessionID, n.Code, n.Title, n.Phase = rec.ID, rec.Code, rec.Title, rec.Phase
	return nil
}

// create makes a new session's record with the events that create it;
// when another node took the code first, the session is theirs.
func (n *Node) create(ctx context.Context) (Record, error) {
	hub := n.cfg.Hub
	id := server.NewSessionID()
	state := session.NewState(id)
	now := hub.Now()
	evs, err := session.Decide(state, session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}, server.CreateCommand(hub), now)
	if err != nil {
		return Record{}, err
	}
	for i := range evs {
		evs[i].Seq = int64(i + 1)
	}
	code := hub.Code
	for tries := 0; ; tries++ {
		if code == "" {
			code = server.NewJoinCode()
		}
		rec := Record{SessionInfo: store.SessionInfo{ID: id, Code: code, Title: evs[0].Settings.Title, Phase: session.PhaseLobby,
			CreatedAt: now, UpdatedAt: now}, FacilitatorHash: hub.FacilitatorHash, Created: evs}
		got, taken, err := n.Conn.CreateSession(ctx, rec)
		if err != nil {
			return Record{}, err
		}
		if !taken {
			n.Created = true
			return got, nil
		}
		if hub.Code != "" || tries > 10 {
			if hub.New {
				return Record{}, protocol.Refuse(session.ECONFLICT, "errors.hub.code_taken", "Code", code, "Session", got.ID)
			}
			return got, nil
		}
		code = ""
	}
}

// run serves the session until the node closes: as owner while it holds
// the lease, else as a follower that takes the lease when it is free.
func (n *Node) run() {
	defer close(n.loop)
	first := true
	for n.ctx.Err() == nil {
		var err error
		if rev, ok := n.tryLease(); ok {
			err = n.serveOwner(rev, &first)
		} else {
			err = n.serveFollower(&first)
		}
		if err != nil && n.ctx.Err() == nil {
			n.logger.Warn("node serves the session again", "node", n.Conn.Node, "session", n.SessionID, "err", err)
			select {
			case <-n.ctx.Done():
			case <-time.After(250 * time.Millisecond):
			}
		}
	}
}

type leaseValue struct {
	Node string    `json:"node"`
	At   time.Time `json:"at"`
}

func (n *Node) leaseData() []byte {
	data, _ := json.Marshal(leaseValue{Node: n.Conn.Node, At: time.Now().UTC()})
	return data
}

// tryLease takes the session's lease if it is free.
func (n *Node) tryLease() (uint64, bool) {
	ctx, cancel := context.WithTimeout(n.ctx, time.Second)
	defer cancel()
	rev, err := n.Conn.Leases.Create(ctx, n.SessionID, n.leaseData())
	if err != nil {
		return 0, false
	}
	return rev, true
}

// Owner returns the node that owns a session now ("" when none does).
func (c *Conn) Owner(ctx context.Context, id string) (string, error) {
	e, err := c.Leases.Get(ctx, id)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var v leaseValue
	json.Unmarshal(e.Value(), &v)
	return v.Node, nil
}

// started reports the first room's start, once; an error before it is
// kept for StartNode's report, and the node tries again.
func (n *Node) started(first *bool, err error) {
	if err != nil {
		n.mu.Lock()
		n.err = err
		n.mu.Unlock()
		return
	}
	if *first {
		*first = false
		n.ready <- nil
	}
}

func (n *Node) lastErr() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.err
}

// serveOwner serves the session as its owner: fence, load, append, answer
// forwarded commands, renew the lease. It returns when the lease is lost,
// the log fails, or the node closes.
func (n *Node) serveOwner(rev uint64, first *bool) (err error) {
	id := n.SessionID
	defer func() {
		if err != nil {
			n.release(rev)
			n.started(first, err)
		}
	}()
	// A session purged since this node read its record (roundtable purge
	// writes the tombstone, then empties the log) is never served again.
	rctx0, rcancel0 := context.WithTimeout(n.ctx, appendTimeout)
	rec, _, err := n.Conn.Session(rctx0, id)
	rcancel0()
	if err != nil {
		return err
	}
	if rec.Purged() {
		return &store.PurgedError{Info: rec.SessionInfo}
	}
	fctx, fcancel := context.WithTimeout(n.ctx, appendTimeout)
	fence, err := n.Conn.Fence(fctx, id)
	fcancel()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(n.ctx, 30*time.Second)
	defer cancel()
	ld, err := n.Conn.Load(ctx, id, ringSize, fence)
	if err != nil {
		return err
	}
	log := n.Conn.openLog(id, fence)
	if ld.State.Seq == 0 { // the first owner appends the events that created it
		if err := appendSync(ctx, log, store.Batch{Session: id, Events: n.rec.Created}); err != nil {
			log.Close()
			return err
		}
		for _, e := range n.rec.Created {
			ld.State.Apply(e)
			ld.Recent = append(ld.Recent, e)
		}
	}
	// Still ours? A takeover slower than the lease's TTL has lost it (the
	// fence of whoever took it refuses this node's appends anyway).
	rctx, rcancel := context.WithTimeout(n.ctx, leaseRenew)
	rev, err = n.Conn.Leases.Update(rctx, id, n.leaseData(), rev)
	rcancel()
	if err != nil {
		log.Close()
		return fmt.Errorf("the lease was lost while loading the session: %w", err)
	}
	seq := ld.State.Seq // the room's from here on
	room := n.newRoom(ld.Loaded, log, nil)
	sub, err := serveCommands(n.Conn.NC, id, room)
	if err != nil {
		room.Stop()
		log.Close()
		return err
	}
	n.owner.Store(true)
	n.setRoom(room)
	n.logger.Info("owner of the session", "node", n.Conn.Node, "session", id, "seq", seq, "fence", fence)
	n.started(first, nil)

	renewed := time.Now()
	t := time.NewTicker(leaseRenew)
	defer t.Stop()
	var why error
	for why == nil {
		select {
		case <-n.ctx.Done():
			why = n.ctx.Err()
		case <-room.Done():
			why = fmt.Errorf("the room stopped: %w", room.Err())
		case <-t.C:
			rctx, rcancel := context.WithTimeout(n.ctx, leaseRenew)
			r2, err := n.Conn.Leases.Update(rctx, id, n.leaseData(), rev)
			rcancel()
			switch {
			case err == nil:
				rev, renewed = r2, time.Now()
			case errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyNotFound):
				why = fmt.Errorf("the lease was taken: %w", err)
			case time.Since(renewed) > LeaseTTL-leaseRenew:
				// Not renewed for nearly a TTL: another node may take the
				// session any moment, so this one stops answering now.
				why = fmt.Errorf("the lease could not be renewed: %w", err)
			}
		}
	}
	n.logger.Warn("stepping down as owner", "node", n.Conn.Node, "session", id, "why", why)
	n.owner.Store(false)
	n.setRoom(nil)
	sub.Unsubscribe()
	go log.Close() // what waits on the log fails, so the room stops at once
	room.Stop()
	log.Close()
	if n.ctx.Err() != nil {
		n.release(rev)
		return nil
	}
	return nil
}

// release gives the lease up (on a clean stop), so that another node takes
// the session at once instead of after the TTL.
func (n *Node) release(rev uint64) {
	if n.killed.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	n.Conn.Leases.Delete(ctx, n.SessionID, jetstream.LastRevision(rev))
}

// serveFollower serves the session as a follower: load, follow the log,
// forward commands; it returns when the lease is free (and this node took
// it), the room stopped, or the node closes.
func (n *Node) serveFollower(first *bool) (err error) {
	id := n.SessionID
	defer func() {
		if err != nil {
			n.started(first, err)
		}
	}()
	// What is stored from now on comes again on the stored subject: listen
	// first, then load, so nothing falls between.
	stored := make(chan *nats.Msg, 1<<16)
	sub, err := n.Conn.NC.ChanSubscribe(SubjectStored+id, stored)
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	ctx, cancel := context.WithTimeout(n.ctx, 30*time.Second)
	defer cancel()
	ld, err := n.Conn.Load(ctx, id, ringSize, 0)
	if err != nil {
		return err
	}
	if ld.State.Seq == 0 {
		return errors.New("the session's first events are not in the log yet")
	}
	fw, err := newForwarder(n.Conn.NC, id)
	if err != nil {
		return err
	}
	defer fw.Close()
	room := n.newRoom(ld.Loaded, refusingLog{}, fw)
	follow := make(chan struct{})
	followed := make(chan error, 1)
	go func() { followed <- n.follow(id, ld.Last, stored, room, follow) }()
	defer func() { close(follow); <-followed }()
	n.setRoom(room)
	n.started(first, nil)
	t := time.NewTicker(leaseTry)
	defer t.Stop()
	for {
		select {
		case <-n.ctx.Done():
		case <-room.Done():
			n.setRoom(nil)
			return fmt.Errorf("the room stopped: %w", room.Err())
		case <-t.C:
			if rev, ok := n.tryLease(); ok {
				// This node owns the session now: its clients come back to
				// the owner's room (4503), which loads the log behind the
				// fence.
				n.setRoom(nil)
				room.Stop()
				return n.serveOwner(rev, first)
			}
			continue
		}
		n.setRoom(nil)
		room.Stop()
		return nil
	}
}

// follow hands a follower's room every group stored after stream sequence
// last, as the stream publishes it again; a message whose subject's
// previous sequence is not the last one handed (a message lost on the
// way, or a slow room) has what is missing read from the log first.
func (n *Node) follow(id string, last uint64, stored <-chan *nats.Msg, room *server.Room, stop <-chan struct{}) error {
	hand := func(g groupRecord) {
		var evs []session.Event
		for _, b := range g.Batches {
			evs = append(evs, b.Events...)
		}
		if len(evs) > 0 {
			room.External(evs)
		}
	}
	// The stored messages come as core NATS messages, at most once: one
	// lost is noticed at the next, or, when none follows, by asking the
	// log for its last message every followCheck.
	check := time.NewTicker(followCheck)
	defer check.Stop()
	for {
		var m *nats.Msg
		select {
		case <-stop:
			return nil
		case <-room.Done():
			return nil
		case <-check.C:
			ctx, cancel := context.WithTimeout(n.ctx, 2*time.Second)
			ls, err := n.Conn.LastSeq(ctx, id)
			cancel()
			if err != nil || ls <= last {
				continue
			}
			m = &nats.Msg{Header: nats.Header{}}
			m.Header.Set(jetstream.SequenceHeader, strconv.FormatUint(ls, 10))
			m.Header.Set("Nats-Last-Sequence", "unknown") // read what is missing from the log
		case m = <-stored:
		}
		seq, err := strconv.ParseUint(m.Header.Get(jetstream.SequenceHeader), 10, 64)
		if err != nil || seq <= last {
			continue
		}
		prev, err := strconv.ParseUint(m.Header.Get("Nats-Last-Sequence"), 10, 64)
		if err != nil || prev != last {
			ctx, cancel := context.WithTimeout(n.ctx, 30*time.Second)
			err := n.Conn.events(ctx, id, last+1, seq, func(s uint64, g groupRecord) error {
				hand(g)
				last = s
				return nil
			})
			cancel()
			if err != nil {
				n.logger.Warn("follower could not read what it missed", "session", id, "err", err)
				room.Stop()
				return err
			}
			continue
		}
		g, err := decodeGroup(m.Header, m.Data)
		if err != nil {
			n.logger.Error("unreadable message in the log", "session", id, "seq", seq, "err", err)
			continue
		}
		hand(g)
		last = seq
	}
}

func (n *Node) newRoom(ld store.Loaded, log server.Log, owner server.Owner) *server.Room {
	hub := n.cfg.Hub
	room := server.NewRoom(server.RoomConfig{
		Session: ld.State, Recent: ld.Recent, Ops: ld.Ops, Code: n.Code, FacilitatorHash: n.rec.FacilitatorHash,
		Log: log, Now: hub.Now, Logger: hub.Logger, RingSize: ringSize, Committed: hub.Committed, CrowdSize: hub.CrowdSize,
		Owner: owner, Link: n.presence, FailClose: protocol.CloseHostPaused,
	})
	go room.Run()
	n.roles.Add(1)
	return room
}

func (n *Node) setRoom(room *server.Room) {
	n.room.Store(room)
	n.presence.setRoom(room)
	n.Server.SetRoom(room)
}

// refusingLog is a follower's log: it never decides, so nothing is
// appended; an append would be a fault.
type refusingLog struct{}

func (refusingLog) Append(b store.Batch) { b.Done(errors.New("a follower appends nothing")) }
func (refusingLog) LoadSession(context.Context, string, int) (store.Loaded, error) {
	return store.Loaded{}, errors.New("a follower loads nothing")
}
func (refusingLog) Events(context.Context, string, int64, func(session.Event) error) error {
	return errors.New("a follower reads nothing")
}

func appendSync(ctx context.Context, l *Log, b store.Batch) error {
	done := make(chan error, 1)
	b.Done = func(err error) { done <- err }
	l.Append(b)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Owner reports whether this node owns the session now.
func (n *Node) Owner() bool { return n.owner.Load() }

// Room returns the node's room now (nil between rooms).
func (n *Node) Room() *server.Room { return n.room.Load() }

// Rooms returns how many rooms the node has run (one more each time its
// role changed).
func (n *Node) Rooms() int64 { return n.roles.Load() }

// Addr returns the address the hub listens on.
func (n *Node) Addr() net.Addr { return n.listener.Addr() }

// URL is the hub's websocket URL for clients on this machine.
func (n *Node) URL() string {
	_, port, _ := net.SplitHostPort(n.listener.Addr().String())
	scheme := "ws"
	if n.Fingerprint != "" {
		scheme = "wss"
	}
	return scheme + "://127.0.0.1:" + port + "/ws"
}

// JoinAddrs returns the host:port addresses participants can type.
func (n *Node) JoinAddrs() []string { return server.Addrs(n.listener.Addr()) }

// Done is closed when the node has stopped serving.
func (n *Node) Done() <-chan struct{} { return n.loop }

// Close stops the node cleanly: an owner finishes its appends and gives
// the lease up, so another node takes the session at once; its clients
// are closed with 4503 and come back at another node.
func (n *Node) Close() error {
	if n.cancel != nil {
		n.cancel()
		<-n.loop
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if n.http != nil {
		n.http.Shutdown(ctx)
		<-n.served
		n.Server.Shutdown(ctx)
	}
	if n.presence != nil {
		n.presence.Close()
	}
	n.Conn.Close()
	return nil
}

// Kill stops the node as a crash would, for tests: no lease given up, no
// close frames, the NATS server gone at once.
func (n *Node) Kill() {
	n.killed.Store(true)
	n.http.Close()
	n.Server.Abort()
	n.Conn.Close()
	n.cancel()
	<-n.loop
	n.presence.Close()
}
