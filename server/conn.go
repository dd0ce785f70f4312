package server

import (
	"encoding/binary"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// Default timings of every connection (Options and Timings change them).
const (
	writeWait    = 10 * time.Second // a write that takes longer fails the connection
	pingPeriod   = 25 * time.Second // how often the hub pings
	helloWait    = 10 * time.Second // the hello must arrive within this
	closeGrace   = 2 * time.Second  // how long a close frame may take
	sendQueueLen = 512              // frames queued for one client before it counts as slow
)

// frame is one queued outgoing websocket frame, encoded and ready to
// write as is (what a server sends: unmasked). A frame shared by many
// receivers is encoded once and written to each with no per-connection
// work and no lock shared between connections. A long message (a
// welcome) is several frames: its fragments, some of them shared.
type frame struct {
	wire []byte
}

// Websocket opcodes of the frames the hub writes itself.
const (
	opContinuation = 0x0
	opText         = 0x1
	opClose        = 0x8
)

// pingFrame is the hub's ping: no payload.
var pingFrame = wireFragment(opPing, true, nil)

// closeFrame encodes a close frame with a code and a reason (already cut
// to fit); 1005 (no code) has an empty payload.
func closeFrame(code int, reason string) []byte {
	if code == websocket.CloseNoStatusReceived {
		return wireFragment(opClose, true, nil)
	}
	payload := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(reason)), uint16(code))
	return wireFragment(opClose, true, append(payload, reason...))
}

// wireFrame encodes a text message as one complete frame.
func wireFrame(payload []byte) []byte { return wireFragment(opText, true, payload) }

// wireFragment encodes one frame: a text message's first fragment (opText)
// or a later one (opContinuation), final or not.
func wireFragment(op byte, final bool, payload []byte) []byte {
	n := len(payload)
	var out []byte
	switch {
	case n < 126:
		out = make([]byte, 2, 2+n)
		out[1] = byte(n)
	case n <= 0xFFFF:
		out = make([]byte, 4, 4+n)
		out[1] = 126
		binary.BigEndian.PutUint16(out[2:], uint16(n))
	default:
		out = make([]byte, 10, 10+n)
		out[1] = 127
		binary.BigEndian.PutUint64(out[2:], uint64(n))
	}
	out[0] = op
	if final {
		out[0] |= 0x80
	}
	return append(out, payload...)
}

// wirePayload returns the payload of a frame made by wireFragment.
func wirePayload(wire []byte) []byte {
	switch wire[1] {
	case 126:
		return wire[4:]
	case 127:
		return wire[10:]
	}
	return wire[2:]
}

// Transport is what the room needs from a client connection: a
// non-blocking send and a way to end it. Tests use fakes.
type Transport interface {
	// Send queues frames, in order, and starts writing them; it never
	// blocks and reports false when they do not fit in the queue (the
	// client is too slow). The room gathers what a client gets in one turn
	// (every event of a group commit) and sends it in one call, so that it
	// goes out in one write.
	Send(frames ...frame) bool
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
	awaiting bool          // a snapshot welcome waits for waitTo to commit
	waitTo   int64
	token    string // a new participant's resume token, for its welcome
	online   bool   // counted in the room's online set
	closed   bool
	out      []frame // gathered this turn, for Send at the end of it
}

// wsConn is a Transport over a gorilla websocket. One goroutine reads (the
// read loop, server.go); writes happen on a writer goroutine that runs only
// while there is something to write (frames, a ping, a pong, the close), so
// an idle connection costs no goroutine and no buffer for writing. After
// the upgrade the writer is the only one that writes to the socket: it
// encodes its pings, pongs and close frames itself, every write has its own
// deadline, and a close frame the websocket library wants to write (after a
// protocol error) is handed to it (diverted) instead.
type wsConn struct {
	ws   *websocket.Conn
	net  *flushConn // under ws
	addr string
	tm   *connTimings

	// Per-address limits; book's mutex guards lim, pending and admitted.
	book     *addrBook
	lim      *addrState // nil when the limits are off
	pending  bool       // counted as waiting for its hello
	admitted bool       // counted as a welcomed connection

	closing  atomic.Bool   // kicked: the read loop passes nothing more on
	readDone chan struct{} // closed when the read loop has ended

	mu        sync.Mutex
	queue     []frame // waiting frames, at most sendQueueLen
	spare     []frame // the writer's previous batch, reused
	writing   bool    // a writer goroutine is running
	pingDue   bool
	pongDue   bool
	pong      []byte // the payload of the last ping to answer
	kicked    bool
	kickCode  int
	kickWhy   string
	closeBy   time.Time // once kicked: the close frame must be out by then
	delivered bool      // the close frame went out
	who       string    // who the connection is, for the log
	finished  bool      // the write side is over: the socket is closed
	ping      *time.Timer
	done      chan struct{} // closed when the write side is over
}

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

func newWSConn(ws *websocket.Conn, addr string, tm *connTimings) *wsConn {
	c := &wsConn{ws: ws, addr: addr, tm: tm, done: make(chan struct{}), readDone: make(chan struct{})}
	c.net = ws.UnderlyingConn().(*flushConn)
	c.net.setDivert(c.diverted)
	c.mu.Lock()
	c.ping = time.AfterFunc(tm.ping, c.pingNow)
	c.mu.Unlock()
	return c
}

// Send queues frames without blocking and starts the writer.
func (c *wsConn) Send(frames ...frame) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return true // closing anyway; the frames are moot
	}
	if len(c.queue)+len(frames) > sendQueueLen {
		return false
	}
	c.queue = append(c.queue, frames...)
	c.wake()
	return true
}

// Kick asks the writer to send a close frame and end the connection.
func (c *wsConn) Kick(code int, reason string) { c.kick(code, reason) }

// kick is Kick; it reports whether this call closed the connection (false
// when it was already closing).
func (c *wsConn) kick(code int, reason string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return false
	}
	c.kicked = true
	c.kickCode, c.kickWhy = code, closeReason(reason)
	slow := code == protocol.CloseTooSlow
	if slow {
		// What is queued is moot: the client resumes from its last
		// sequence number.
		clear(c.queue)
		c.queue = nil
	}
	c.closeBy = time.Now().Add(c.tm.grace)
	c.closing.Store(true)
	if c.writing {
		// The writer may be blocked writing to a client that does not
		// read. A slow client's write is cut short at once (the close
		// frame follows the rest of the frame it cut); any other write
		// may go on until the close is due.
		c.net.interrupt(c.closeBy, slow)
	}
	c.wake()
	return true
}

// diverted takes a frame the websocket library wrote: a close frame (after
// a protocol error, or the answer to the client's close) becomes a kick; a
// pong is answered by the writer.
func (c *wsConn) diverted(p []byte) {
	if len(p) < 2 {
		return
	}
	switch p[0] & 0x0f {
	case opClose:
		code, why := websocket.CloseNoStatusReceived, ""
		if len(p) >= 4 {
			code, why = int(binary.BigEndian.Uint16(p[2:4])), string(p[4:])
		}
		c.Kick(code, why)
	case opPong:
		c.pongTo(p[2:])
	}
}

// Addr is the remote address.
func (c *wsConn) Addr() string { return c.addr }

// closeReason cuts a reason to what a close frame can carry (123 bytes),
// at a character boundary.
func closeReason(s string) string {
	const most = 123
	if len(s) <= most {
		return s
	}
	s = s[:most]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

func (c *wsConn) pingNow() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.finished {
		return
	}
	c.pingDue = true
	c.ping.Reset(c.tm.ping)
	c.wake()
}

// pongTo has the writer answer a ping from the client. Only the last ping
// waiting is answered, as the websocket protocol allows.
func (c *wsConn) pongTo(payload []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return
	}
	c.pongDue = true
	c.pong = append(c.pong[:0], payload...)
	c.wake()
}

// wake starts the writer unless it is running. c.mu is held.
func (c *wsConn) wake() {
	if !c.writing && !c.finished {
		c.writing = true
		go c.writeLoop()
	}
}

// writeLoop writes until nothing is left, then ends; Send, Kick, the ping
// timer and the client's pings start it again.
func (c *wsConn) writeLoop() {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = c.spare[:0]
		c.spare = nil
		ping, pongDue, pong := c.pingDue, c.pongDue, c.pong
		c.pingDue, c.pongDue, c.pong = false, false, nil
		kicked, code, why, by := c.kicked, c.kickCode, c.kickWhy, c.closeBy
		if len(batch) == 0 && !ping && !pongDue && !kicked {
			// Idle: keep no buffers.
			c.queue = nil
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()

		if kicked {
			if code == protocol.CloseTooSlow {
				batch = nil
			}
			c.closeWith(batch, code, why, by)
			return
		}
		err := c.writeBatch(batch, ping, pongDue, pong, time.Now().Add(c.tm.write))
		clear(batch)
		if err != nil {
			var ne net.Error
			if errors.Is(err, errInterrupted) || errors.As(err, &ne) && ne.Timeout() {
				// Cut short by a kick, or the client did not take a
				// write within the write wait: it is too slow. Either way
				// the close frame is worth a try.
				if c.kick(protocol.CloseTooSlow, "too slow: resume from your last sequence number") {
					c.mu.Lock()
					who := c.who
					c.mu.Unlock()
					c.tm.logger.Warn("disconnecting slow client", "participant", who, "addr", c.addr, "code", protocol.CloseTooSlow,
						"why", "a write was not taken within "+c.tm.write.String())
				}
				continue
			}
			c.end()
			return
		}
		c.mu.Lock()
		c.spare = batch[:0]
		c.mu.Unlock()
	}
}

// writeBatch writes a pong, a ping and frames, in that order, with one
// deadline, gathered into as few system calls as possible.
func (c *wsConn) writeBatch(batch []frame, ping, pongDue bool, pong []byte, deadline time.Time) error {
	err := c.net.start(deadline)
	if err == nil && pongDue {
		err = c.net.add(wireFragment(opPong, true, pong))
	}
	if err == nil && ping {
		err = c.net.add(pingFrame)
	}
	for _, f := range batch {
		if err != nil {
			break
		}
		err = c.net.add(f.wire)
	}
	if err != nil {
		c.net.drop()
		return err
	}
	return c.net.flush()
}

// closeWith writes frames queued before the kick, then the close frame,
// all by the deadline; waits, until then, for the client to answer with
// its own close (the read loop then ends), so that the socket is not
// closed under frames still on their way; and ends the connection.
func (c *wsConn) closeWith(batch []frame, code int, why string, by time.Time) {
	c.net.resume()
	err := c.net.start(by)
	for _, f := range batch {
		if err != nil {
			break
		}
		err = c.net.add(f.wire)
	}
	if err == nil {
		err = c.net.add(closeFrame(code, why))
	}
	if err != nil {
		c.net.drop()
	} else {
		err = c.net.flush()
	}
	if err == nil {
		c.mu.Lock()
		c.delivered = true
		c.mu.Unlock()
		t := time.NewTimer(time.Until(by))
		select {
		case <-c.readDone:
		case <-t.C:
		}
		t.Stop()
	}
	c.end()
}

// end closes the socket and marks the write side over.
func (c *wsConn) end() {
	c.ws.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished = true
	c.writing = false
	c.queue, c.spare, c.pong = nil, nil, nil
	c.ping.Stop()
	close(c.done)
}

// ended reports how the connection ended, for the log: the close code
// the hub sent, its reason, whether it reached the socket, and who the
// connection was. Call it after done is closed.
func (c *wsConn) ended() (code int, why string, delivered bool, who string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kickCode, c.kickWhy, c.delivered, c.who
}
