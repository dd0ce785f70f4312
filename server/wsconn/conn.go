package wsconn

import (
	"encoding/binary"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Options are the timings and limits every connection of a server shares.
type Options struct {
	Ping  time.Duration // how often the hub pings
	Write time.Duration // a write the client does not take within this (up to a tenth more) closes it as too slow
	Grace time.Duration // how long a close frame may take to go out and be answered
	// QueueLen is how many messages wait for one client before Send
	// refuses more (the client is too slow).
	QueueLen int
	// SlowCode and SlowReason close a client that is too slow: what is
	// queued for it is dropped and a write in progress is cut short.
	SlowCode   int
	SlowReason string
	// Linger, when positive, is how long a writer waits for more messages
	// once it has nothing left to write, when messages come closer
	// together than this. A burst of events then reuses one goroutine per
	// connection, not one per message, while an idle connection, or one
	// whose messages come further apart, still holds none. It trades
	// memory for CPU: a second's linger cut the hub's CPU per message in a
	// fan-out by 15-20%, and left each idle connection 1-1.5 KiB more
	// after a burst of joins (docs/BENCHMARKS.md, "Writers that linger").
	// 0, the hub's setting: the writer ends at once.
	Linger time.Duration
	// OnSlow, when set, is told when a write the client did not take
	// within Write closes a connection (for the log). It must not block.
	OnSlow func(c *Conn, why string)
	// SendBuffer, when set, is the kernel send buffer of each connection in
	// bytes.
	SendBuffer int
	// CheckOrigin decides whether a browser page may open a websocket
	// (gorilla's Upgrader.CheckOrigin).
	CheckOrigin func(r *http.Request) bool
}

// Upgrader turns HTTP requests into Conns that share one Options.
type Upgrader struct {
	opts *Options
	up   websocket.Upgrader
}

// NewUpgrader makes an Upgrader.
func NewUpgrader(opts Options) *Upgrader {
	u := &Upgrader{opts: &opts}
	u.up = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// ReadBufferSize is left 0 so that the upgrader reads through the
		// buffer hijacker makes (readBufferSize).
		WriteBufferSize: 4096,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     opts.CheckOrigin,
	}
	return u
}

// Upgrade answers the websocket handshake and returns the connection,
// already pinging; on an error the upgrader has answered.
func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request) (*Conn, error) {
	ws, err := u.up.Upgrade(hijacker{ResponseWriter: w, sendBuffer: u.opts.SendBuffer}, r, nil)
	if err != nil {
		return nil, err
	}
	return newConn(ws, r.RemoteAddr, u.opts), nil
}

// Conn is one client's websocket. One goroutine reads (Read); writes
// happen on a writer goroutine that runs only while there is something to
// write (messages, a ping, a pong, the close) and, in a burst of messages,
// for Options.Linger more if set, so an idle connection costs no goroutine
// and no buffer for writing. After the upgrade the writer is
// the only one that writes to the socket: it frames its pings, pongs and
// close frames itself, every write has its own deadline, and a close frame
// the websocket library wants to write (after a protocol error) is handed
// to it (diverted) instead.
type Conn struct {
	ws   *websocket.Conn
	net  *flushConn // under ws
	addr string
	opts *Options

	readDone chan struct{} // closed when the reader has ended

	// The flags sit together, so that a Conn fits a smaller size class
	// of the allocator (240 bytes, not 256).
	mu        sync.Mutex
	closing   atomic.Bool // kicked: the reader passes nothing more on (not under mu)
	writing   bool        // under mu, as all that follows: a writer goroutine is running
	lingering bool        // it waits on resume for more to write
	pingDue   bool
	pongDue   bool
	kicked    bool
	delivered bool          // the close frame went out
	finished  bool          // the write side is over: the socket is closed
	starts    int32         // writer goroutines started, for tests
	queue     []Message     // waiting messages, at most QueueLen
	spare     []Message     // the writer's previous batch, reused
	resume    chan struct{} // wakes the lingering writer
	wrote     int64         // when the writer last wrote messages (Unix ns); only writers touch it
	pong      []byte        // the payload of the last ping to answer
	kickCode  int
	kickWhy   string
	closeBy   time.Time // once kicked: the close frame must be out by then
	name      string    // who the connection is, for the log
	ping      *time.Timer
	done      chan struct{} // closed when the write side is over
}

func newConn(ws *websocket.Conn, addr string, opts *Options) *Conn {
	c := &Conn{ws: ws, addr: addr, opts: opts, done: make(chan struct{}), readDone: make(chan struct{})}
	c.net = ws.UnderlyingConn().(*flushConn)
	c.net.setDivert(c.diverted)
	c.mu.Lock()
	c.ping = time.AfterFunc(opts.Ping, c.pingNow)
	c.mu.Unlock()
	return c
}

// Send queues messages without blocking and starts the writer. It reports
// false when they do not fit in the queue: the client is too slow.
func (c *Conn) Send(msgs ...Message) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return true // closing anyway; the messages are moot
	}
	if len(c.queue)+len(msgs) > c.opts.QueueLen {
		return false
	}
	c.queue = append(c.queue, msgs...)
	c.wake()
	return true
}

// Kick has the writer send what is queued, then a close frame with code
// and reason, and end the connection; for Options.SlowCode what is queued
// is dropped instead. It never blocks, and reports whether this call
// closed the connection (false when it was already closing).
func (c *Conn) Kick(code int, reason string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return false
	}
	c.kicked = true
	c.kickCode, c.kickWhy = code, closeReason(reason)
	slow := code == c.opts.SlowCode
	if slow {
		// What is queued is moot: the client resumes from its last
		// sequence number.
		clear(c.queue)
		c.queue = nil
	}
	c.closeBy = time.Now().Add(c.opts.Grace)
	c.closing.Store(true)
	if c.writing && !c.lingering {
		// The writer may be blocked writing to a client that does not
		// read. A slow client's write is cut short at once (the close
		// frame follows the rest of the frame it cut); any other write
		// may go on until the close is due.
		c.net.interrupt(c.closeBy, slow)
	}
	c.wake()
	return true
}

// Closing reports whether the connection is closing: kicked, or closed by
// the client.
func (c *Conn) Closing() bool { return c.closing.Load() }

// diverted takes a frame the websocket library wrote: a close frame (after
// a protocol error, or the answer to the client's close) becomes a kick; a
// pong is answered by the writer.
func (c *Conn) diverted(p []byte) {
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
		c.Pong(p[2:])
	}
}

// Addr is the remote address.
func (c *Conn) Addr() string { return c.addr }

// SetName names the connection in the log (Name, OnSlow).
func (c *Conn) SetName(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.name = name
}

// Name is what SetName set.
func (c *Conn) Name() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.name
}

func (c *Conn) pingNow() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.finished {
		return
	}
	c.pingDue = true
	c.ping.Reset(c.opts.Ping)
	c.wake()
}

// Pong has the writer answer a ping from the client. Only the last ping
// waiting is answered, as the websocket protocol allows.
func (c *Conn) Pong(payload []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kicked || c.finished {
		return
	}
	c.pongDue = true
	c.pong = append(c.pong[:0], payload...)
	c.wake()
}

// wake starts the writer unless it is running, or resumes it if it
// lingers. c.mu is held.
func (c *Conn) wake() {
	switch {
	case c.finished:
	case !c.writing:
		c.writing = true
		c.starts++
		go c.writeLoop()
	case c.lingering:
		c.lingering = false
		select {
		case c.resume <- struct{}{}:
		default: // a wake-up is already waiting
		}
	}
}

// writeLoop writes until nothing is left, and ends; Send, Kick, the ping
// timer and the client's pings start it again. With Options.Linger, in a
// burst (it wrote
// messages within the linger of the messages before them, which an earlier
// writer may have written) it waits for more first, until it has had none
// for the linger: a goroutine started for each message, whose new stack
// then grows in the write, cost the hub a fifth more CPU per message in a
// fan-out than waking a writer that waits (BenchmarkFanout,
// docs/BENCHMARKS.md).
// Messages further apart, and pings and pongs alone, do not make it wait,
// so that an idle connection's writer ends as soon as its ping is out and
// a lone message costs no timer.
func (c *Conn) writeLoop() {
	linger := max(c.opts.Linger, 0)
	var (
		last  time.Time   // when it last started writing messages in a burst
		timer *time.Timer // ends the wait; it runs from one linger to the next, not per batch
		armed bool
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		c.mu.Lock()
		c.lingering = false
		if len(c.queue) == 0 && !c.pingDue && !c.pongDue && !c.kicked {
			var idle time.Duration
			if !last.IsZero() {
				idle = time.Since(last)
			}
			if last.IsZero() || idle >= linger {
				// Idle: keep no goroutine and no buffers.
				c.queue, c.spare, c.resume = nil, nil, nil
				c.writing = false
				c.mu.Unlock()
				return
			}
			if c.resume == nil {
				c.resume = make(chan struct{}, 1)
			}
			if timer == nil {
				timer = time.NewTimer(linger - idle)
			} else if !armed {
				timer.Reset(linger - idle)
			}
			armed = true
			c.lingering = true
			resume := c.resume
			c.mu.Unlock()
			select {
			case <-resume:
			case <-timer.C:
				armed = false
			}
			continue
		}
		batch := c.queue
		c.queue = c.spare[:0]
		c.spare = nil
		ping, pongDue, pong := c.pingDue, c.pongDue, c.pong
		c.pingDue, c.pongDue, c.pong = false, false, nil
		kicked, code, why, by := c.kicked, c.kickCode, c.kickWhy, c.closeBy
		c.mu.Unlock()

		if kicked {
			if code == c.opts.SlowCode {
				batch = nil
			}
			c.closeWith(batch, code, why, by)
			return
		}
		now := time.Now()
		err := c.writeBatch(batch, ping, pongDue, pong, deadlineFor(now, c.opts.Write))
		if len(batch) > 0 && linger > 0 {
			t := now.UnixNano()
			if t-c.wrote < int64(linger) {
				last = now
			}
			c.wrote = t
		}
		clear(batch)
		if err != nil {
			var ne net.Error
			if errors.Is(err, errInterrupted) || errors.As(err, &ne) && ne.Timeout() {
				// Cut short by a kick, or the client did not take a
				// write within the write wait: it is too slow. Either way
				// the close frame is worth a try.
				if c.Kick(c.opts.SlowCode, c.opts.SlowReason) && c.opts.OnSlow != nil {
					c.opts.OnSlow(c, "a write was not taken within "+c.opts.Write.String())
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

// writeBatch writes a pong, a ping and messages, in that order, with one
// deadline, gathered into as few system calls as possible.
func (c *Conn) writeBatch(batch []Message, ping, pongDue bool, pong []byte, deadline time.Time) error {
	err := c.net.start(deadline)
	if err == nil && pongDue {
		err = c.net.add(frame(opPong, true, pong))
	}
	if err == nil && ping {
		err = c.net.add(pingFrame)
	}
	for _, m := range batch {
		if err != nil {
			break
		}
		err = c.net.add(m.wire)
	}
	if err != nil {
		c.net.drop()
		return err
	}
	return c.net.flush()
}

// closeWith writes messages queued before the kick, then the close frame,
// all by the deadline; waits, until then, for the client to answer with
// its own close (the reader then ends), so that the socket is not closed
// under frames still on their way; and ends the connection.
func (c *Conn) closeWith(batch []Message, code int, why string, by time.Time) {
	c.net.resume()
	err := c.net.start(by)
	for _, m := range batch {
		if err != nil {
			break
		}
		err = c.net.add(m.wire)
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
func (c *Conn) end() {
	c.ws.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished = true
	c.writing, c.lingering = false, false
	c.queue, c.spare, c.pong, c.resume = nil, nil, nil, nil
	c.ping.Stop()
	close(c.done)
}

// Done is closed when the write side is over and the socket closed.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Ended reports how the connection ended, for the log: the close code the
// hub sent, its reason, and whether it reached the socket. Call it after
// Done is closed.
func (c *Conn) Ended() (code int, why string, delivered bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kickCode, c.kickWhy, c.delivered
}

// Close closes the socket at once, without a close frame: for a server
// whose shutdown ran out of time.
func (c *Conn) Close() error { return c.ws.Close() }

// NetConn is the network connection under the websocket (tests cut it).
func (c *Conn) NetConn() net.Conn { return c.net }
