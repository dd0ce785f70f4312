package server

import (
	"log/slog"
	"time"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
)

// Default timings of every connection (Options and Timings change them).
const (
	writeWait    = 10 * time.Second // a write that takes longer fails the connection
	pingPeriod   = 25 * time.Second // how often the hub pings
	helloWait    = 10 * time.Second // the hello must arrive within this
	closeGrace   = 2 * time.Second  // how long a close frame may take
	sendQueueLen = 512              // messages queued for one client before it counts as slow
)

// slowReason is the close reason of a client too slow to read.
const slowReason = "too slow: resume from your last sequence number"

// Transport is what the room needs from a client connection: a
// non-blocking send of ready messages and a way to end it. Tests use
// fakes.
type Transport interface {
	// Send queues messages, in order, and starts writing them; it never
	// blocks and reports false when they do not fit in the queue (the
	// client is too slow). The room gathers what a client gets in one turn
	// (every event of a group commit) and sends it in one call, so that it
	// goes out in one write.
	Send(msgs ...wsconn.Message) bool
	// Kick closes the connection with a code and reason, once, without
	// blocking.
	Kick(code int, reason string)
	// Addr is the remote address, for rate limits.
	Addr() string
}

// addrGated is a Transport whose address shares limits with the address's
// other connections (AddrLimits). The room consults them when it accepts a
// hello and before it decides a command; transports without them (test
// fakes) are not limited.
type addrGated interface {
	// admit counts a welcomed connection as a's; false when its address
	// has too many. It also names the connection in the log.
	admit(a session.Actor) bool
	// identify names the connection in the log once a new participant
	// has its id.
	identify(a session.Actor)
	// takeJoin takes one of the address's new participants; when there
	// is none it reports how long until there is.
	takeJoin() (bool, time.Duration)
	// takeCommand takes one of the address's commands, likewise.
	takeCommand() (bool, time.Duration)
}

// peer is the room's record of one connection.
type peer struct {
	t        Transport
	actor    session.Actor // zero until the hello is accepted
	ready    bool          // welcome sent: events flow
	at       int           // its place in Room.readyPeers, while ready
	awaiting bool          // a snapshot welcome waits for waitTo to commit
	waitTo   int64
	token    string // a new participant's resume token, for its welcome
	earlier  string // issue 16: the earlier session's token it resumed with, for its welcome (room_programme.go)
	online   bool   // counted in the room's online set
	closed   bool
	urgent   bool             // out holds more than roster news: it goes this turn
	out      []wsconn.Message // gathered this turn, for Send at the end of it
}

// wsConn is a Transport over a websocket (wsconn.Conn), with the limits
// its address shares with the address's other connections.
type wsConn struct {
	*wsconn.Conn
	room *Room // the room it joined (issue 17: a node's room may change; Server.SetRoom)

	// Per-address limits; book's mutex guards lim, pending and admitted.
	book     *addrBook
	lim      *addrState // nil when the limits are off
	pending  bool       // counted as waiting for its hello
	admitted bool       // counted as a welcomed connection
}

// Kick closes the connection with a code and reason.
func (c *wsConn) Kick(code int, reason string) { c.Conn.Kick(code, reason) }

// connTimings are the timers of a server's connections, and its log,
// shared by all of them.
type connTimings struct {
	ping, write, hello, grace time.Duration
	silence                   time.Duration // how long a client may stay silent
	logger                    *slog.Logger
}

func newTimings(ping time.Duration, t Timings, logger *slog.Logger) *connTimings {
	tm := &connTimings{
		ping:   orDefault(ping, pingPeriod),
		write:  orDefault(t.WriteWait, writeWait),
		hello:  orDefault(t.HelloWait, helloWait),
		grace:  orDefault(t.CloseGrace, closeGrace),
		logger: logger,
	}
	tm.silence = tm.ping * 12 / 5
	return tm
}

// connOptions are the options of every websocket of a server.
func (tm *connTimings) connOptions(sendBuffer int) wsconn.Options {
	return wsconn.Options{
		Ping: tm.ping, Write: tm.write, Grace: tm.grace,
		QueueLen: sendQueueLen,
		SlowCode: protocol.CloseTooSlow, SlowReason: slowReason,
		OnSlow: func(c *wsconn.Conn, why string) {
			tm.logger.Warn("disconnecting slow client", "participant", c.Name(), "addr", c.Addr(), "code", protocol.CloseTooSlow, "why", why)
		},
		SendBuffer: sendBuffer,
		// A writer waits a second for the next message of a burst instead
		// of ending: a fan-out then wakes one goroutine per client instead
		// of starting one, 0.80-0.83x the hub's CPU per client and event
		// (BenchmarkFanout). It costs an idle connection 1-1.5 KiB more
		// after a burst of joins, still under a third of Centrifugo's
		// (docs/BENCHMARKS.md, "Writers that linger" and the peer run).
		Linger: writerLinger,
	}
}

// writerLinger is how long a connection's writer waits for more of a burst.
const writerLinger = time.Second
