// Package memconn is a network in memory: a net.Listener whose connections
// are dialled from the same process, each carrying the address its dialler
// names. The SSH server's participant apps reach the hub this way, so that
// the hub sees every SSH participant at the SSH client's real address (its
// per-address limits then count people, not the loopback interface), and no
// other process can reach that door.
//
// Use:
//
//	l := memconn.Listen("hub")
//	go httpServer.Serve(l)                    // RemoteAddr() of each request: the dialler's address
//	c, err := l.Dial(ctx, sshClientAddr)      // a net.Conn to the server
//
// Each direction of a connection is a bounded buffer (BufferSize bytes), so
// it behaves like a socket with a small kernel buffer: writes return as soon
// as their bytes fit, a writer whose reader has stopped reading blocks once
// the buffer is full, and read and write deadlines work as on TCP
// (os.ErrDeadlineExceeded). Closing one end lets the other read what was
// already written and then io.EOF; its writes fail at once.
package memconn

import (
	"context"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// BufferSize bounds the bytes in flight in each direction of a connection.
const BufferSize = 256 << 10

// Addr is the address of a Listener.
type Addr string

// Network returns "memconn".
func (Addr) Network() string { return "memconn" }

// String returns the listener's name.
func (a Addr) String() string { return string(a) }

// Listener is an in-memory net.Listener. Its zero value is not usable;
// make one with Listen.
type Listener struct {
	addr   Addr
	accept chan net.Conn
	done   chan struct{}
	once   sync.Once
}

// Listen returns a listener named name.
func Listen(name string) *Listener {
	return &Listener{addr: Addr(name), accept: make(chan net.Conn), done: make(chan struct{})}
}

// Accept waits for the next connection dialled to the listener.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.accept:
		return c, nil
	case <-l.done:
		return nil, &net.OpError{Op: "accept", Net: "memconn", Addr: l.addr, Err: net.ErrClosed}
	}
}

// Close stops the listener: waiting and later Accepts and Dials fail.
// Connections already made are not affected.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr returns the listener's address.
func (l *Listener) Addr() net.Addr { return l.addr }

// Dial connects to the listener on behalf of remote: the accepted end
// reports remote as its RemoteAddr (and the dialled end as its LocalAddr).
// It waits until the connection is accepted, the listener closes or ctx
// ends.
func (l *Listener) Dial(ctx context.Context, remote net.Addr) (net.Conn, error) {
	if remote == nil {
		remote = Addr("memconn-client")
	}
	a, b := &pipe{}, &pipe{}
	a.init()
	b.init()
	client := &Conn{r: a, w: b, local: remote, remote: l.addr}
	server := &Conn{r: b, w: a, local: l.addr, remote: remote}
	select {
	case l.accept <- server:
		return client, nil
	case <-l.done:
		return nil, &net.OpError{Op: "dial", Net: "memconn", Addr: l.addr, Err: net.ErrClosed}
	case <-ctx.Done():
		return nil, &net.OpError{Op: "dial", Net: "memconn", Addr: l.addr, Err: ctx.Err()}
	}
}

// pipe is one direction of a connection: a bounded buffer with one end
// writing and the other reading.
type pipe struct {
	mu       sync.Mutex
	buf      []byte
	readable chan struct{} // a token when bytes arrive or the writer closes
	writable chan struct{} // a token when room frees up or the reader closes
	rclosed  chan struct{} // closed when the reading end closes
	wclosed  chan struct{} // closed when the writing end closes
}

func (p *pipe) init() {
	p.readable = make(chan struct{}, 1)
	p.writable = make(chan struct{}, 1)
	p.rclosed = make(chan struct{})
	p.wclosed = make(chan struct{})
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Conn is one end of an in-memory connection.
type Conn struct {
	r, w          *pipe // r: what this end reads; w: what it writes
	local, remote net.Addr
	rd, wd        deadline
	once          sync.Once
}

// Read reads what the other end wrote; io.EOF once it has closed and
// everything is read.
func (c *Conn) Read(b []byte) (int, error) {
	p := c.r
	if len(b) == 0 {
		return 0, nil
	}
	for {
		if isClosed(p.rclosed) {
			return 0, c.opErr("read", net.ErrClosed)
		}
		p.mu.Lock()
		if len(p.buf) > 0 {
			n := copy(b, p.buf)
			p.buf = p.buf[n:]
			if len(p.buf) == 0 {
				p.buf = nil // an idle connection holds no buffer
			} else {
				signal(p.readable) // for another reader
			}
			p.mu.Unlock()
			signal(p.writable)
			return n, nil
		}
		p.mu.Unlock()
		if isClosed(p.wclosed) {
			return 0, io.EOF
		}
		dl := c.rd.wait()
		if isClosed(dl) {
			return 0, c.opErr("read", os.ErrDeadlineExceeded)
		}
		select {
		case <-p.readable:
		case <-p.wclosed:
		case <-p.rclosed:
		case <-dl:
		}
	}
}

// Write writes b for the other end to read. It returns once all of b is in
// the buffer, or with fewer bytes when the deadline passes or either end
// closes.
func (c *Conn) Write(b []byte) (int, error) {
	p := c.w
	n := 0
	for {
		switch {
		case isClosed(p.wclosed):
			return n, c.opErr("write", net.ErrClosed)
		case isClosed(p.rclosed):
			return n, c.opErr("write", io.ErrClosedPipe)
		}
		dl := c.wd.wait()
		if isClosed(dl) {
			return n, c.opErr("write", os.ErrDeadlineExceeded)
		}
		if len(b) == 0 {
			return n, nil
		}
		p.mu.Lock()
		if room := BufferSize - len(p.buf); room > 0 {
			k := min(room, len(b))
			p.buf = append(p.buf, b[:k]...)
			b, n = b[k:], n+k
			if len(p.buf) < BufferSize {
				signal(p.writable) // for another writer
			}
			p.mu.Unlock()
			signal(p.readable)
			continue
		}
		p.mu.Unlock()
		select {
		case <-p.writable:
		case <-p.wclosed:
		case <-p.rclosed:
		case <-dl:
		}
	}
}

// Close closes this end: the other end reads what is left and then io.EOF,
// and its writes fail.
func (c *Conn) Close() error {
	c.once.Do(func() {
		close(c.r.rclosed)
		c.r.mu.Lock()
		c.r.buf = nil // nobody will read it
		c.r.mu.Unlock()
		close(c.w.wclosed)
		c.rd.stop()
		c.wd.stop()
	})
	return nil
}

// LocalAddr returns this end's address: the listener's for the accepted
// end, the address given to Dial for the dialled one.
func (c *Conn) LocalAddr() net.Addr { return c.local }

// RemoteAddr returns the other end's address: the address given to Dial,
// as the accepted end sees it.
func (c *Conn) RemoteAddr() net.Addr { return c.remote }

// SetDeadline sets the read and write deadlines.
func (c *Conn) SetDeadline(t time.Time) error {
	c.rd.set(t)
	c.wd.set(t)
	return nil
}

// SetReadDeadline sets the deadline of waiting and future reads.
func (c *Conn) SetReadDeadline(t time.Time) error {
	c.rd.set(t)
	return nil
}

// SetWriteDeadline sets the deadline of waiting and future writes.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	c.wd.set(t)
	return nil
}

func (c *Conn) opErr(op string, err error) error {
	return &net.OpError{Op: op, Net: "memconn", Source: c.local, Addr: c.remote, Err: err}
}

// deadline is a channel that is closed when the deadline passes. Its zero
// value has no deadline.
type deadline struct {
	mu     sync.Mutex
	gen    uint64 // counts set calls, so that a stale timer does nothing
	timer  *time.Timer
	passed chan struct{}
}

// wait returns the channel closed when the deadline passes.
func (d *deadline) wait() chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.passed == nil {
		d.passed = make(chan struct{})
	}
	return d.passed
}

// set moves the deadline to t; zero means none.
func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	if d.passed == nil || isClosed(d.passed) {
		d.passed = make(chan struct{})
	}
	if t.IsZero() {
		return
	}
	dur := time.Until(t)
	if dur <= 0 {
		close(d.passed)
		return
	}
	gen, passed := d.gen, d.passed
	d.timer = time.AfterFunc(dur, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.gen == gen {
			close(passed)
		}
	})
}

// stop drops the timer of a closed connection.
func (d *deadline) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}
