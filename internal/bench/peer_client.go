package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The peer benchmark drives both servers with this one client: the same
// dialer, the same read loop, the same stamping of marked frames, the
// same pool of buffers. What differs is only what a peerDialect says: the
// frames that open a session and the frame that answers an application
// ping.

// peerDialect is what one server's protocol asks of a client.
type peerDialect struct {
	url   string
	steps []peerStep
	// pong returns the answer to an application-level ping frame
	// (Centrifugo's "{}"), or nil. Websocket pings are answered by the
	// websocket library for both.
	pong func(frame []byte) []byte
}

// peerStep is one frame sent while opening a session, and the test of the
// frame that completes it (a welcome, a connect or subscribe reply).
type peerStep struct {
	send func(i int) []byte
	done func(frame []byte) (bool, error)
}

// markTag starts the mark each measured publication carries ("pmk-17"):
// a reader finds it in whatever frame the server wraps it in.
var markTag = []byte("pmk-")

// peerMarks is one round's record of which client received which mark,
// on the loader's one monotonic clock.
type peerMarks struct {
	base  time.Time
	n     int32            // subscribers counted
	got   []atomic.Int32   // by mark: subscribers that have it
	full  []chan struct{}  // by mark: closed when all n have it
	stamp [][]atomic.Int64 // by client, by mark: ns since base, 0 none
}

func newPeerMarks(n, marks int) *peerMarks {
	m := &peerMarks{base: time.Now(), n: int32(n), got: make([]atomic.Int32, marks), full: make([]chan struct{}, marks),
		stamp: make([][]atomic.Int64, n)}
	for i := range m.full {
		m.full[i] = make(chan struct{})
	}
	for i := range m.stamp {
		m.stamp[i] = make([]atomic.Int64, marks)
	}
	return m
}

// now is the loader's clock: nanoseconds since the round's base, monotonic.
func (m *peerMarks) now() int64 { return int64(time.Since(m.base)) + 1 }

// record notes every mark in frame as received by client i at ns; i < 0
// (the facilitator) is not counted.
func (m *peerMarks) record(i int, frame []byte, ns int64) {
	if i < 0 {
		return
	}
	for {
		j := bytes.Index(frame, markTag)
		if j < 0 {
			return
		}
		frame = frame[j+len(markTag):]
		k, ok := leadingInt(frame)
		if !ok || k < 0 || k >= int64(len(m.got)) {
			continue
		}
		if m.stamp[i][k].CompareAndSwap(0, ns) && m.got[k].Add(1) == m.n {
			close(m.full[k])
		}
	}
}

// peerConn is one raw websocket client.
type peerConn struct {
	i     int
	ws    *websocket.Conn
	wmu   sync.Mutex
	ready chan error // one value: nil once the session is open
	done  chan struct{}
}

var peerBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// peerSource is the loopback address client i dials from: perAddr
// clients share one, from 127.0.0.2 up (Linux answers on all of
// 127.0.0.0/8), so that a server's limits per address see a room of
// small offices, not one address with thousands of people.
func peerSource(i, perAddr int) net.IP {
	k := i / max(1, perAddr)
	return net.IPv4(127, byte(k/250), 0, byte(2+k%250))
}

// dialPeer opens client i's websocket and starts its read loop, which
// sends the dialect's steps in turn; ready says when the last is done.
func dialPeer(ctx context.Context, d *peerDialect, i, perAddr int, m *peerMarks) (*peerConn, error) {
	wd := &websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 4 << 10, WriteBufferSize: 1024}
	if spreadSources && i >= 0 {
		nd := &net.Dialer{LocalAddr: &net.TCPAddr{IP: peerSource(i, perAddr)}, Timeout: 30 * time.Second}
		wd.NetDialContext = nd.DialContext
	}
	ws, _, err := wd.DialContext(ctx, d.url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(1 << 30) // a Roundtable welcome carries the session
	c := &peerConn{i: i, ws: ws, ready: make(chan error, 1), done: make(chan struct{})}
	if len(d.steps) == 0 {
		c.ready <- nil
	} else if err := c.write(d.steps[0].send(i)); err != nil {
		ws.Close()
		return nil, err
	}
	go c.readLoop(d, m)
	return c, nil
}

func (c *peerConn) write(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// readLoop reads every frame until the connection ends: it stamps marks,
// answers application pings and walks the dialect's steps.
func (c *peerConn) readLoop(d *peerDialect, m *peerMarks) {
	defer close(c.done)
	step := 0
	fail := func(err error) {
		if step < len(d.steps) {
			c.ready <- err
			step = len(d.steps)
		}
	}
	for {
		_, r, err := c.ws.NextReader()
		if err != nil {
			fail(err)
			return
		}
		b := peerBuffers.Get().(*bytes.Buffer)
		b.Reset()
		_, err = b.ReadFrom(r)
		now := m.now()
		if err != nil {
			peerBuffers.Put(b)
			fail(err)
			return
		}
		frame := b.Bytes()
		m.record(c.i, frame, now)
		if d.pong != nil {
			if p := d.pong(frame); p != nil {
				c.write(p)
			}
		}
		if step < len(d.steps) {
			ok, err := d.steps[step].done(frame)
			switch {
			case err != nil:
				fail(err)
			case ok:
				step++
				if step == len(d.steps) {
					c.ready <- nil
				} else if err := c.write(d.steps[step].send(c.i)); err != nil {
					fail(err)
				}
			}
		}
		if b.Cap() <= 64<<10 { // a welcome's buffer is not kept
			peerBuffers.Put(b)
		}
	}
}

func (c *peerConn) close() {
	c.ws.Close()
	<-c.done
}

// connectAll opens n sessions, parallel at a time, each retried up to
// three times; it returns the clients in order, how long until the last
// was ready, and the retries it took.
func connectAll(ctx context.Context, d *peerDialect, n, parallel, perAddr int, m *peerMarks) ([]*peerConn, time.Duration, int, error) {
	conns := make([]*peerConn, n)
	var retries atomic.Int64
	var firstErr error
	var mu sync.Mutex
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var err error
			for try := range 4 {
				if try > 0 {
					retries.Add(1)
					time.Sleep(time.Duration(try) * 500 * time.Millisecond)
				}
				var c *peerConn
				if c, err = dialPeer(ctx, d, i, perAddr, m); err != nil {
					continue
				}
				select {
				case err = <-c.ready:
				case <-time.After(2 * time.Minute):
					err = errors.New("not ready within 2 minutes")
				}
				if err == nil {
					conns[i] = c
					return
				}
				c.close()
			}
			mu.Lock()
			if firstErr == nil {
				firstErr = fmt.Errorf("client %d: %w", i, err)
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	took := time.Since(start)
	if firstErr != nil {
		closeAll(conns)
		return nil, took, int(retries.Load()), firstErr
	}
	return conns, took, int(retries.Load()), nil
}

// closeAll closes every client that is open.
func closeAll(conns []*peerConn) {
	var wg sync.WaitGroup
	for _, c := range conns {
		if c != nil {
			wg.Go(c.close)
		}
	}
	wg.Wait()
}
