package server

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// flushAt is how many bytes a batch gathers before it is written anyway.
const flushAt = 64 << 10

// batchBuffers lends flushConn its batch buffers, so that an idle
// connection holds none.
var batchBuffers = sync.Pool{New: func() any { b := make([]byte, 0, flushAt+4096); return &b }}

// flushConn is the network connection under a hub websocket. Between
// begin and flush it gathers what the websocket writes and sends it in as
// few system calls as it can: a burst of frames to one client costs one
// write, not one per frame. Outside a batch it writes through. The write
// deadline is applied when bytes really go out.
type flushConn struct {
	net.Conn
	br *bufio.Reader // the websocket's read buffer

	// Bytes read by waitReadable and not yet handed to br; only the read
	// loop touches these.
	peek  [2]byte
	npeek int

	mu       sync.Mutex
	batching bool
	buf      *[]byte
	deadline time.Time
}

// begin starts gathering writes.
func (c *flushConn) begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.batching = true
	if c.buf == nil {
		c.buf = batchBuffers.Get().(*[]byte)
	}
}

// flush writes what was gathered and stops gathering.
func (c *flushConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.flushLocked()
	c.batching = false
	if c.buf != nil {
		*c.buf = (*c.buf)[:0]
		batchBuffers.Put(c.buf)
		c.buf = nil
	}
	return err
}

func (c *flushConn) flushLocked() error {
	if c.buf == nil || len(*c.buf) == 0 {
		return nil
	}
	c.Conn.SetWriteDeadline(c.deadline)
	_, err := c.Conn.Write(*c.buf)
	*c.buf = (*c.buf)[:0]
	return err
}

// Write gathers p during a batch, and writes it otherwise.
func (c *flushConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.batching {
		c.Conn.SetWriteDeadline(c.deadline)
		return c.Conn.Write(p)
	}
	*c.buf = append(*c.buf, p...)
	if len(*c.buf) >= flushAt {
		if err := c.flushLocked(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
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

// Websocket opcodes the hub answers itself while a connection is idle.
const (
	opPing = 0x9
	opPong = 0xA
)

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
func (c *flushConn) waitReadable(control func(op byte, payload []byte)) error {
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
func (c *flushConn) readControl(op byte, n int, control func(op byte, payload []byte)) error {
	var buf [4 + 125]byte
	if _, err := io.ReadFull(c.Conn, buf[:4+n]); err != nil {
		return err
	}
	payload := buf[4 : 4+n]
	for i := range payload {
		payload[i] ^= buf[i%4]
	}
	control(op, payload)
	return nil
}

// SetWriteDeadline records the deadline for the next bytes that go out.
func (c *flushConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	return nil
}

// SetDeadline sets the read deadline and records the write deadline.
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
