package server

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// Timings of every connection.
const (
	writeWait    = 10 * time.Second // a write that takes longer fails the connection
	pongWait     = 60 * time.Second // a client silent for longer is gone
	pingPeriod   = 25 * time.Second // how often the hub pings
	helloWait    = 10 * time.Second // the first frame must arrive within this
	closeGrace   = 2 * time.Second  // how long a close frame may take
	sendQueueLen = 512              // frames queued for one client before it counts as slow
)

// frame is one queued outgoing message: a frame shared by many receivers
// (prepared once), or bytes for this client alone.
type frame struct {
	prepared *websocket.PreparedMessage
	data     []byte
}

// Transport is what the room needs from a client connection: a
// non-blocking send and a way to end it. Tests use fakes.
type Transport interface {
	// Send queues a frame; it never blocks and reports false when the queue
	// is full (the client is too slow).
	Send(f frame) bool
	// Kick closes the connection with a code and reason, once, without
	// blocking.
	Kick(code int, reason string)
	// Addr is the remote address, for rate limits.
	Addr() string
}

// peer is the room's record of one connection.
type peer struct {
	t      Transport
	actor  session.Actor     // zero until the hello is accepted
	ready  bool              // welcome sent: events flow
	waitTo int64             // snapshot welcomes wait until this seq commits
	hello  *protocol.Welcome // the welcome to send once waitTo commits
	online bool              // counted in the room's online set
	closed bool
}

// wsConn is a Transport over a gorilla websocket: one read loop (in the
// HTTP handler goroutine) and one write loop, the only writer.
type wsConn struct {
	ws    *websocket.Conn
	addr  string
	queue chan frame

	mu       sync.Mutex
	kicked   bool
	kickCode int
	kickWhy  string
	kick     chan struct{} // closed by Kick
	done     chan struct{} // closed when the write loop ends
}

func newWSConn(ws *websocket.Conn, addr string) *wsConn {
	return &wsConn{
		ws:    ws,
		addr:  addr,
		queue: make(chan frame, sendQueueLen),
		kick:  make(chan struct{}),
		done:  make(chan struct{}),
	}
}

// Send queues a frame without blocking.
func (c *wsConn) Send(f frame) bool {
	select {
	case <-c.kick:
		return true // closing anyway; the frame is moot
	default:
	}
	select {
	case c.queue <- f:
		return true
	default:
		return false
	}
}

// Kick asks the write loop to send a close frame and end the connection.
func (c *wsConn) Kick(code int, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked {
		return
	}
	c.kicked = true
	c.kickCode, c.kickWhy = code, reason
	close(c.kick)
	if code == protocol.CloseTooSlow {
		// The write loop may be blocked writing to a client that does not
		// read; closing the socket ends that write now rather than after
		// the write deadline.
		c.ws.UnderlyingConn().Close()
	}
}

// Addr is the remote address.
func (c *wsConn) Addr() string { return c.addr }

// writeLoop is the only goroutine that writes to the websocket: frames,
// pings and the close frame.
func (c *wsConn) writeLoop() {
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		c.ws.Close()
		close(c.done)
	}()
	for {
		select {
		case f := <-c.queue:
			if err := c.write(f); err != nil {
				return
			}
			// Write what else is queued before checking the other cases,
			// so a burst goes out back to back.
			for n := len(c.queue); n > 0; n-- {
				if err := c.write(<-c.queue); err != nil {
					return
				}
			}
		case <-ping.C:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		case <-c.kick:
			c.mu.Lock()
			code, why := c.kickCode, c.kickWhy
			c.mu.Unlock()
			// Frames queued before the kick (an error frame explaining it)
			// go out first, within the grace period.
			deadline := time.Now().Add(closeGrace)
			if code != protocol.CloseTooSlow {
				for n := len(c.queue); n > 0; n-- {
					f := <-c.queue
					c.ws.SetWriteDeadline(deadline)
					if f.prepared != nil {
						if c.ws.WritePreparedMessage(f.prepared) != nil {
							return
						}
					} else if c.ws.WriteMessage(websocket.TextMessage, f.data) != nil {
						return
					}
				}
			}
			msg := websocket.FormatCloseMessage(code, why)
			c.ws.WriteControl(websocket.CloseMessage, msg, deadline)
			return
		}
	}
}

func (c *wsConn) write(f frame) error {
	c.ws.SetWriteDeadline(time.Now().Add(writeWait))
	if f.prepared != nil {
		return c.ws.WritePreparedMessage(f.prepared)
	}
	return c.ws.WriteMessage(websocket.TextMessage, f.data)
}
