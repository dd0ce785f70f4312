package wsconn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// flushAt is how many bytes a batch gathers before it is written anyway;
// a frame this large is written as it is.
const flushAt = 64 << 10

// batchBuffers lends flushConn its batch buffers, so that an idle
// connection holds none.
var batchBuffers = sync.Pool{New: func() any { b := make([]byte, 0, flushAt+4096); return &b }}

// errInterrupted is a write cut short by interrupt.
var errInterrupted = errors.New("write interrupted: the connection is closing")

// flushConn is the network connection under a hub websocket. The hub's
// writer sends batches through it (start, add, flush): a burst of frames
// to one client costs one write, not one per frame, and every batch has
// its own deadline. The websocket library's own writes are the upgrade's
// answer (written through, with the deadline the upgrader set) and, after
// the upgrade, close frames, which go to divert instead: the writer is the
// only one that writes.
type flushConn struct {
	net.Conn
	br *bufio.Reader // the websocket's read buffer

	// Bytes read by waitReadable and not yet handed to br; only the read
	// loop touches these.
	peek  [2]byte
	npeek int

	mu       sync.Mutex
	deadline time.Time      // for the upgrade's writes
	divert   func(p []byte) // takes the library's writes after the upgrade

	// The writer's batch; only the writer goroutine touches these.
	buf   *[]byte   // from batchBuffers, during a batch
	whole int       // buf[whole:] is whole frames; buf[:whole] ends a cut frame
	by    time.Time // the batch's deadline
	owed  []byte    // the rest of a frame a failed write cut: it goes first

	// Set by interrupt, from any goroutine.
	stopBy  atomic.Int64 // no write may go on past this (Unix ns; 0: none)
	aborted atomic.Bool  // no write may go on at all
	curBy   atomic.Int64 // the deadline of the writer's write in progress (Unix ns)
	// setBy is the deadline the writer last set on the socket (Unix ns; 0:
	// unknown, after an interrupt set its own). Batches share a deadline
	// (see deadlineFor), and setting it again costs a timer update under a
	// runtime lock all connections share: a tenth of the hub's CPU during
	// a burst of joins.
	setBy atomic.Int64
}

// setDivert hands the library's later writes to divert.
func (c *flushConn) setDivert(divert func(p []byte)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.divert = divert
}

// Write writes the upgrade's answer through; after the upgrade it hands
// the library's writes (whole control frames) to divert.
func (c *flushConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	divert, deadline := c.divert, c.deadline
	c.mu.Unlock()
	if divert != nil {
		divert(p)
		return len(p), nil
	}
	c.Conn.SetWriteDeadline(deadline)
	return c.Conn.Write(p)
}

// start begins a batch that must be written by deadline (or by the
// interrupt's deadline, if earlier). The rest of a frame an earlier write
// cut goes first.
func (c *flushConn) start(deadline time.Time) error {
	if s := c.stopBy.Load(); s != 0 && deadline.UnixNano() > s {
		deadline = time.Unix(0, s)
	}
	c.by = deadline
	c.buf = batchBuffers.Get().(*[]byte)
	*c.buf = (*c.buf)[:0]
	c.whole = 0
	owed := c.owed
	c.owed = nil
	if len(owed) >= flushAt {
		return c.out(owed, len(owed), false)
	}
	*c.buf = append(*c.buf, owed...)
	c.whole = len(owed)
	return nil
}

// add appends one whole frame to the batch; the batch is written out once
// it is large.
func (c *flushConn) add(f []byte) error {
	if len(f) >= flushAt {
		if err := c.flushBuf(); err != nil {
			return err
		}
		return c.out(f, 0, false)
	}
	*c.buf = append(*c.buf, f...)
	if len(*c.buf) >= flushAt {
		return c.flushBuf()
	}
	return nil
}

// flush writes the rest of the batch and ends it.
func (c *flushConn) flush() error {
	err := c.flushBuf()
	c.drop()
	return err
}

// drop ends the batch without writing the rest.
func (c *flushConn) drop() {
	if c.buf != nil {
		*c.buf = (*c.buf)[:0]
		batchBuffers.Put(c.buf)
		c.buf = nil
	}
}

func (c *flushConn) flushBuf() error {
	if len(*c.buf) == 0 {
		return nil
	}
	err := c.out(*c.buf, c.whole, true)
	*c.buf = (*c.buf)[:0]
	c.whole = 0
	return err
}

// out writes p, whose bytes from base on are whole frames (before base:
// the end of a frame cut earlier). A write that fails part way keeps the
// rest of the frame it cut in owed (copied when p is the batch buffer), so
// that a close frame can still follow a whole frame.
func (c *flushConn) out(p []byte, base int, copyOwed bool) error {
	n, err := c.write(p)
	if err == nil || n >= len(p) {
		return err
	}
	end := base
	if n >= base {
		end = frameEnd(p, base, n)
	}
	if end > n {
		if copyOwed {
			c.owed = append([]byte(nil), p[n:end]...)
		} else {
			c.owed = p[n:end]
		}
	}
	return err
}

// frameEnd returns where the frame holding byte n of p ends, p holding
// whole frames (as the hub encodes them: unmasked) from base on; n itself
// when a frame starts there.
func frameEnd(p []byte, base, n int) int {
	i := base
	for i < n && i+2 <= len(p) {
		size, hdr := int(p[i+1]&0x7f), 2
		switch size {
		case 126:
			size, hdr = int(binary.BigEndian.Uint16(p[i+2:])), 4
		case 127:
			size, hdr = int(binary.BigEndian.Uint64(p[i+2:])), 10
		}
		i += hdr + size
	}
	return min(i, len(p))
}

// write writes p to the network with the batch's deadline, unless an
// interrupt stops or shortens it. The deadline is set before the
// interrupt's state is read, and interrupt sets its deadline after
// storing that state, so that one of the two always sees the other.
func (c *flushConn) write(p []byte) (int, error) {
	by := c.by.UnixNano()
	c.curBy.Store(by)
	if c.setBy.Load() != by {
		c.Conn.SetWriteDeadline(c.by)
		c.setBy.Store(by)
	}
	if c.aborted.Load() {
		return 0, errInterrupted
	}
	if s := c.stopBy.Load(); s != 0 && c.by.UnixNano() > s {
		c.Conn.SetWriteDeadline(time.Unix(0, s))
	}
	n, err := c.Conn.Write(p)
	if err != nil && c.aborted.Load() {
		err = errInterrupted
	}
	return n, err
}

// interrupt limits the writer's writes, the one in progress too, to end
// by the given time; with abort, on a connection where a write can be cut
// and resumed (TCP), the write in progress ends at once and no other
// starts until resume. It never blocks.
func (c *flushConn) interrupt(by time.Time, abort bool) {
	c.stopBy.Store(by.UnixNano())
	defer c.setBy.Store(0)
	if abort && resumable(c.Conn) {
		c.aborted.Store(true)
		c.Conn.SetWriteDeadline(time.Unix(1, 0))
		return
	}
	if cur := c.curBy.Load(); cur == 0 || cur > by.UnixNano() {
		c.Conn.SetWriteDeadline(by)
	}
}

// resume lets writes go on after an abort (until the interrupt's
// deadline): the close frame.
func (c *flushConn) resume() {
	c.aborted.Store(false)
	c.setBy.Store(0)
}

// deadlineFor is the deadline of a batch that starts at now and may take
// wait: rounded up to a tenth of wait, so that the batches of a busy
// connection share one and the socket's deadline is set about once per
// tenth of wait instead of once per batch. A batch thus has between wait
// and 1.1×wait.
func deadlineFor(now time.Time, wait time.Duration) time.Time {
	grain := max(wait/10, time.Millisecond)
	return now.Add(wait).Truncate(grain).Add(grain)
}

// resumable reports whether a write to conn that timed out part way can be
// followed by more writes: true for plain sockets; not for TLS, whose
// state a timed-out write breaks.
func resumable(conn net.Conn) bool {
	switch conn.(type) {
	case *net.TCPConn, *net.UnixConn:
		return true
	}
	return false
}

// Read hands over the bytes waitReadable read, then reads the
// connection.
func (c *flushConn) Read(p []byte) (int, error) {
	if c.npeek > 0 && len(p) > 0 {
		n := copy(p, c.peek[:c.npeek])
		copy(c.peek[:], c.peek[n:c.npeek])
		c.npeek -= n
		return n, nil
	}
	return c.Conn.Read(p)
}

// waitReadable blocks until the client sends a frame, unless the read
// buffer already holds one. The read loop calls it between frames, so
// that an idle connection waits with a shallow stack: the websocket's
// frame reader, which needs a deep one, runs only once a frame arrives.
// Pings and pongs (the answer to the hub's pings, which is most of what an
// idle client sends) are read and handed to control here, so that they do
// not leave the goroutine waiting deep in the frame reader. Any other
// frame's first bytes are kept for the frame reader.
//
//go:noinline
func (c *flushConn) waitReadable(control func(ping bool, payload []byte)) error {
	for {
		if c.npeek > 0 || c.br.Buffered() > 0 {
			return nil
		}
		if _, err := io.ReadFull(c.Conn, c.peek[:2]); err != nil {
			return err
		}
		b0, b1 := c.peek[0], c.peek[1]
		op, n := b0&0x0f, int(b1&0x7f)
		// A final, unfragmented, masked ping or pong with a short payload
		// and no extension bits; anything else is the frame reader's.
		if b0 != 0x80|op || (op != opPing && op != opPong) || b1&0x80 == 0 || n > 125 {
			c.npeek = 2
			return nil
		}
		if err := c.readControl(op, n, control); err != nil {
			return err
		}
	}
}

// readControl reads the mask and payload of a ping or pong and hands it to
// control.
//
//go:noinline
func (c *flushConn) readControl(op byte, n int, control func(ping bool, payload []byte)) error {
	var buf [4 + 125]byte
	if _, err := io.ReadFull(c.Conn, buf[:4+n]); err != nil {
		return err
	}
	payload := buf[4 : 4+n]
	for i := range payload {
		payload[i] ^= buf[i%4]
	}
	control(op == opPing, payload)
	return nil
}

// SetWriteDeadline records the deadline of the upgrade's writes; the
// writer's batches carry their own.
func (c *flushConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	return nil
}

// SetDeadline sets the read deadline and records the upgrade's write
// deadline.
func (c *flushConn) SetDeadline(t time.Time) error {
	c.SetWriteDeadline(t)
	return c.Conn.SetReadDeadline(t)
}

// hijacker hands the websocket upgrader a flushConn instead of the bare
// connection.
type hijacker struct {
	http.ResponseWriter
	sendBuffer int
}

func (h hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if brw.Reader.Buffered() > 0 {
		conn.Close()
		return nil, nil, errors.New("the client sent data before the websocket handshake completed")
	}
	if h.sendBuffer > 0 {
		raw := conn
		if tc, ok := raw.(interface{ NetConn() net.Conn }); ok { // TLS
			raw = tc.NetConn()
		}
		if tc, ok := raw.(*net.TCPConn); ok {
			tc.SetWriteBuffer(h.sendBuffer)
		}
	}
	fc := &flushConn{Conn: conn}
	// The websocket reads through a small buffer of ours (the upgrader
	// takes a hijacked reader of more than 256 bytes as its own), so that
	// waitReadable can tell whether it holds a frame.
	fc.br = bufio.NewReaderSize(fc, readBufferSize)
	return fc, bufio.NewReadWriter(fc.br, brw.Writer), nil
}

// readBufferSize is each connection's read buffer: client frames are
// small, and a larger one is read straight into the message.
const readBufferSize = 512
