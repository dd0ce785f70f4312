package server

import (
	"encoding/binary"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// Timings of every connection.
const (
	writeWait    = 10 * time.Second // a write that takes longer fails the connection
	pingPeriod   = 25 * time.Second // how often the hub pings, by default
	helloWait    = 10 * time.Second // the first frame must arrive within this
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
)

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
// read loop); writes happen on a writer goroutine that runs only while
// there is something to write (frames, a ping, the close), so an idle
// connection costs no goroutine and no buffer for writing. Only one writer
// runs at a time: gorilla allows one concurrent writer.
type wsConn struct {
	ws   *websocket.Conn
	net  *flushConn // under ws; nil in tests that build a wsConn by hand
	addr string

	mu        sync.Mutex
	queue     []frame // waiting frames, at most sendQueueLen
	spare     []frame // the writer's previous batch, reused
	writing   bool    // a writer goroutine is running
	pingDue   bool
	kicked    bool
	kickCode  int
	kickWhy   string
	finished  bool        // the write side is over: the socket is closed
	ping      *time.Timer // sets pingDue every pingEvery
	pingEvery time.Duration
	done      chan struct{} // closed when the write side is over
}

func newWSConn(ws *websocket.Conn, addr string, pingEvery time.Duration) *wsConn {
	c := &wsConn{ws: ws, addr: addr, done: make(chan struct{}), pingEvery: pingEvery}
	c.net, _ = ws.UnderlyingConn().(*flushConn)
	c.mu.Lock()
	c.ping = time.AfterFunc(pingEvery, c.pingNow)
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
func (c *wsConn) Kick(code int, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return
	}
	c.kicked = true
	c.kickCode, c.kickWhy = code, closeReason(reason)
	if code == protocol.CloseTooSlow {
		// The writer may be blocked writing to a client that does not
		// read; closing the socket ends that write now rather than after
		// the write deadline.
		c.ws.UnderlyingConn().Close()
	}
	c.wake()
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
	c.ping.Reset(c.pingEvery)
	c.wake()
}

// wake starts the writer unless it is running. c.mu is held.
func (c *wsConn) wake() {
	if !c.writing && !c.finished {
		c.writing = true
		go c.writeLoop()
	}
}

// writeLoop writes until nothing is left, then ends; Send, Kick and the
// ping timer start it again.
func (c *wsConn) writeLoop() {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = c.spare[:0]
		c.spare = nil
		ping, kicked := c.pingDue, c.kicked
		code, why := c.kickCode, c.kickWhy
		c.pingDue = false
		if len(batch) == 0 && !ping && !kicked {
			// Idle: keep no buffers.
			c.queue = nil
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()

		var err error
		if kicked {
			if code != protocol.CloseTooSlow {
				// Frames queued before the kick (an error frame explaining
				// it) go out first, within the grace period.
				err = c.writeBatch(batch, false, time.Now().Add(closeGrace))
			}
			if err == nil {
				c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, why), time.Now().Add(closeGrace))
			}
			c.end()
			return
		}
		if err = c.writeBatch(batch, ping, time.Now().Add(writeWait)); err != nil {
			c.end()
			return
		}
		clear(batch)
		c.mu.Lock()
		c.spare = batch[:0]
		c.mu.Unlock()
	}
}

// writeBatch writes frames (and a ping) with one deadline, gathered into
// as few system calls as possible.
func (c *wsConn) writeBatch(batch []frame, ping bool, deadline time.Time) error {
	if c.net != nil {
		c.net.begin()
	}
	c.ws.SetWriteDeadline(deadline)
	err := func() error {
		// Frames are written beside the websocket library, straight to
		// the connection under it; each Write is one whole frame, so a
		// control frame the library writes (a pong) never lands inside one.
		out := c.ws.UnderlyingConn()
		for _, f := range batch {
			if _, err := out.Write(f.wire); err != nil {
				return err
			}
		}
		if ping {
			return c.ws.WriteControl(websocket.PingMessage, nil, deadline)
		}
		return nil
	}()
	if c.net != nil {
		if ferr := c.net.flush(); err == nil {
			err = ferr
		}
	}
	return err
}

// end closes the socket and marks the write side over.
func (c *wsConn) end() {
	c.ws.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished = true
	c.writing = false
	c.queue, c.spare = nil, nil
	c.ping.Stop()
	close(c.done)
}
