package wsconn

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// loopback is a server on 127.0.0.1 whose connections are Conns, each
// read by a goroutine of its own as the hub reads them (WaitReadable, then
// ReadMessage; a pong for each ping; a close when the read side ends), and
// clients that dial it over real TCP with a bare handshake, so that what a
// client does with the bytes is up to the test.
type loopback struct {
	ln    net.Listener
	srv   *http.Server
	conns chan *Conn
	wg    sync.WaitGroup // the server's read loops
}

func newLoopback(tb testing.TB, opts Options) *loopback {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	l := &loopback{ln: ln, conns: make(chan *Conn, 1)}
	up := NewUpgrader(opts)
	l.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r)
		if err != nil {
			return
		}
		l.wg.Add(1)
		go l.serve(c)
		l.conns <- c
	})}
	go l.srv.Serve(ln)
	tb.Cleanup(func() {
		l.srv.Close()
		ended := make(chan struct{})
		go func() { l.wg.Wait(); close(ended) }()
		select {
		case <-ended:
		case <-time.After(time.Minute):
			tb.Error("connections still open a minute after the test")
		}
	})
	return l
}

// serve is a connection's read loop, as the hub's: it ends when the client
// closes or the socket fails, then closes the connection and waits for the
// write side.
func (l *loopback) serve(c *Conn) {
	defer l.wg.Done()
	control := func(ping bool, payload []byte) {
		if ping {
			c.Pong(payload)
		}
	}
	c.Handle(control, func(int, string) {})
	for {
		if err := c.WaitReadable(control); err != nil {
			break
		}
		if _, _, err := c.ReadMessage(); err != nil {
			break
		}
	}
	c.ReadEnded()
	c.Kick(CloseNormalClosure, "")
	<-c.Done()
}

// dial opens a client connection and returns it with the server's side.
// The client has read the handshake's answer and nothing more.
func (l *loopback) dial(tb testing.TB) (net.Conn, *Conn) {
	tb.Helper()
	nc, err := dialWS(l.ln.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	// A bound for a broken build, so that a test fails instead of hanging
	// (the cleanup, before the server's, ends the read loop).
	nc.SetDeadline(time.Now().Add(20 * time.Second))
	tb.Cleanup(func() { nc.Close() })
	select {
	case c := <-l.conns:
		return nc, c
	case <-time.After(10 * time.Second):
		tb.Fatal("the server did not take the connection")
		return nil, nil
	}
}

// readFrame reads one unmasked frame from the server: its first byte
// (FIN and opcode) and its payload.
func readFrame(r *bufio.Reader) (b0 byte, payload []byte, err error) {
	var hdr [10]byte
	if _, err := io.ReadFull(r, hdr[:2]); err != nil {
		return 0, nil, err
	}
	if hdr[1]&0x80 != 0 {
		return 0, nil, errors.New("the server masked a frame")
	}
	n := uint64(hdr[1] & 0x7f)
	switch n {
	case 126:
		if _, err := io.ReadFull(r, hdr[2:4]); err != nil {
			return 0, nil, err
		}
		n = uint64(hdr[2])<<8 | uint64(hdr[3])
	case 127:
		if _, err := io.ReadFull(r, hdr[2:10]); err != nil {
			return 0, nil, err
		}
		n = 0
		for _, b := range hdr[2:10] {
			n = n<<8 | uint64(b)
		}
	}
	payload = make([]byte, n)
	_, err = io.ReadFull(r, payload)
	return hdr[0], payload, err
}
