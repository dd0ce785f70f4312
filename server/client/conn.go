package client

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// conn is one welcomed websocket connection. Its reader is the client's
// background goroutine; its writer is a goroutine of its own, the only one
// that writes frames.
type conn struct {
	ws      *websocket.Conn
	wake    chan struct{}  // buffer 1: the writer has frames in queue
	readyAt int64          // the welcome's seq: once applied, the outbox is re-sent
	refused *session.Error // the last error frame; only the reader touches it

	// Guarded by Client.mu.
	ready bool
	queue [][]byte
}

// push queues a frame for the writer. Client.mu is held.
func (cn *conn) push(frame []byte) {
	cn.queue = append(cn.queue, frame)
	select {
	case cn.wake <- struct{}{}:
	default:
	}
}

// errStale means the hub's session or log does not match the replica; the
// next hello asks for a snapshot.
var errStale = errors.New("the host's session does not match ours; fetching it again")

// errBehind means the node welcomed the client at a seq below the last one
// it applied: it has not caught up with the other nodes yet. The next node
// is asked for the same seq.
var errBehind = errors.New("this node is behind the session; trying the next")

// accept takes in a welcome: the snapshot, who we are, who is online (or,
// in a crowd, how many).
func (c *Client) accept(ws *websocket.Conn, w *protocol.Welcome) (*conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cfg.URLs) > 1 && c.sessionID != "" && w.Session == c.sessionID && w.Seq < c.lastSeq {
		// A node that has not caught up with the others yet is left for
		// the next, which is asked for the same seq; only when every node
		// in a row is behind does the client take what it offers.
		if c.behind++; c.behind < len(c.cfg.URLs) {
			return nil, errBehind
		}
	}
	if w.Snapshot != nil {
		w.Snapshot.Normalize()
		if !c.cfg.NoReplica {
			c.replica = w.Snapshot
		}
		c.lastSeq = w.Snapshot.Seq
		c.upd.Snapshot = true
		c.upd.Events = nil
		c.fresh = false
	} else {
		if (c.sessionID != "" && w.Session != c.sessionID) || w.Seq < c.lastSeq {
			c.fresh = true
			return nil, errStale
		}
		if c.replica == nil && !c.cfg.NoReplica {
			c.replica = session.NewState(w.Session)
		}
	}
	c.behind = 0
	c.sessionID = w.Session
	c.me, c.role = w.You, w.Role
	if w.Resume != "" {
		c.resume = w.Resume
	}
	clear(c.online)
	for _, id := range w.Online {
		c.online[id] = true
	}
	c.crowd = nil
	if w.Crowd != nil {
		counts := *w.Crowd
		c.crowd = &counts
	}
	c.upd.Presence = true
	c.err = nil
	cn := &conn{ws: ws, wake: make(chan struct{}, 1), readyAt: w.Seq}
	c.cur = cn
	c.setStatus(Online)
	c.checkReady()
	c.notify()
	return cn, nil
}

// checkReady re-sends the outbox, in order and under the same op ids, once
// the welcome and the events it announced have been applied. c.mu is held.
func (c *Client) checkReady() {
	cn := c.cur
	if cn == nil || cn.ready || c.lastSeq < cn.readyAt {
		return
	}
	cn.ready = true
	for _, e := range c.outbox {
		cn.push(e.frame)
	}
}

// run is the client's background goroutine: it reads the live connection,
// and when it ends waits and reconnects, until Close or a final refusal.
// With several nodes the reconnect goes to the next node unless the node
// it was on closed the connection on purpose and goes on serving
// (stayAfter).
func (c *Client) run(cn *conn) {
	defer func() {
		if c.events != nil {
			close(c.events)
		}
		close(c.done)
	}()
	for {
		err := c.serve(cn)
		if c.ctx.Err() != nil {
			return
		}
		var ce *websocket.CloseError
		code := 0
		if errors.As(err, &ce) {
			code = ce.Code
		}
		switch code {
		case protocol.CloseSessionEnded:
			// The session is over: no reconnecting, ever. The replica and
			// the unanswered commands stay for the app to show.
			c.end()
			return
		case protocol.CloseHostPaused:
			c.pause()
		case protocol.CloseUnauthorized, protocol.CloseRemoved:
			c.lost(err)
			why := cn.refused
			if why == nil {
				why = closeReason(ce)
			}
			c.stop(why)
			return
		default:
			c.lost(err)
		}
		if !stayAfter(err) {
			c.nextNode()
		}
		cn = c.reconnect()
		if cn == nil {
			return
		}
	}
}

// reconnect tries again with backoff until a welcome, Close, or a final
// refusal; it returns nil in the last two cases. With several nodes every
// failed attempt moves on to the next node, and one round through them
// counts as one step of the backoff.
func (c *Client) reconnect() *conn {
	certs := 0 // certificates refused in a row
	for attempt := 1; ; attempt++ {
		d := backoff(c.round(attempt), c.cfg.MinBackoff, c.cfg.MaxBackoff)
		t := time.NewTimer(d)
		select {
		case <-c.ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		node := c.Node()
		cn, err := c.connect(c.ctx, c.nodeTimeout(attempt))
		if err == nil {
			c.cfg.Logf("roundtable client: reconnected to %s after %d attempt(s)", node, attempt)
			return cn
		}
		if c.ctx.Err() != nil {
			return nil
		}
		var u *unreachable
		if errors.As(err, &u) {
			c.cfg.Logf("roundtable client: reconnect attempt %d to %s: %v (%v)", attempt, node, err, u.cause)
		} else {
			c.cfg.Logf("roundtable client: reconnect attempt %d to %s: %v", attempt, node, err)
		}
		if errors.Is(err, ErrCertificate) {
			// The certificate will not change by itself; retrying could
			// only talk to an impostor again. With several nodes the
			// others are tried, until every one has refused in a row.
			if certs++; certs >= len(c.cfg.URLs) {
				c.stop(err)
				return nil
			}
		} else {
			certs = 0
		}
		c.nextNode()
		var r *refusal
		if errors.As(err, &r) {
			switch {
			case r.final():
				c.stop(r.err)
				return nil
			case r.close == protocol.CloseSessionEnded:
				c.end()
				return nil
			case r.close == protocol.CloseHostPaused:
				c.pause() // the host is stopping: wait for it, or another node, to come back
				continue
			case r.close == protocol.CloseRateLimited:
				attempt += 8 * len(c.cfg.URLs) // wait as long as the backoff allows
			}
		}
		c.mu.Lock()
		c.err = err
		c.notify()
		c.mu.Unlock()
	}
}

// lost records that the connection ended. The online set keeps its last
// known members until the next welcome replaces it.
func (c *Client) lost(err error) {
	c.cfg.Logf("roundtable client: connection lost: %v", err)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = nil
	c.err = describe(err)
	c.setStatus(Offline)
	c.notify()
}

// pause records that the facilitator stopped the host of an open session:
// the client keeps its outbox and goes on retrying, and the status says
// why it is away (Paused until the next welcome, not Offline).
func (c *Client) pause() {
	c.cfg.Logf("roundtable client: the facilitator stopped the host; waiting for it")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = nil
	c.err = ErrHostPaused
	c.setStatus(Paused)
	c.notify()
}

// end records that the session has ended: the client stops for good, and
// keeps its replica and outbox for the app to show.
func (c *Client) end() {
	c.cfg.Logf("roundtable client: the session has ended")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = nil
	c.err = ErrSessionEnded
	clear(c.online) // nobody is in an ended session
	if c.crowd != nil {
		c.crowd.Online = 0
	}
	c.upd.Presence = true
	c.setStatus(Ended)
	c.notify()
}

// stop ends retrying for good: the hub will not take us back.
func (c *Client) stop(err error) {
	c.cfg.Logf("roundtable client: giving up: %v", err)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = nil
	c.err = err
	c.setStatus(Closed)
	c.notify()
}

// describe turns a connection error into words for the status line.
func describe(err error) error {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return err
	}
	switch ce.Code {
	case websocket.CloseGoingAway:
		return errors.New("the host is shutting down")
	case protocol.CloseHostPaused:
		return ErrHostPaused
	case protocol.CloseSessionEnded:
		return ErrSessionEnded
	case protocol.CloseTooSlow:
		return errors.New("the connection was too slow; catching up")
	case protocol.CloseRateLimited:
		return errors.New("the host is limiting this connection")
	}
	if ce.Text != "" {
		return fmt.Errorf("the host closed the connection: %s", ce.Text)
	}
	return fmt.Errorf("the host closed the connection (%d)", ce.Code)
}

// serve runs one connection: the writer in its own goroutine, the reader
// here. It returns when the connection ends, with the reason.
func (c *Client) serve(cn *conn) error {
	readerDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.writeLoop(cn, readerDone)
	}()
	err := c.readLoop(cn)
	close(readerDone)
	cn.ws.Close()
	wg.Wait()
	return err
}

// writeLoop is the only goroutine that writes frames on cn: queued
// commands, and the close frame when the client is closed.
func (c *Client) writeLoop(cn *conn, readerDone <-chan struct{}) {
	for {
		select {
		case <-readerDone:
			return
		case <-c.ctx.Done():
			msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
			cn.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeWait))
			t := time.NewTimer(closeWait)
			select {
			case <-readerDone:
			case <-t.C:
				cn.ws.Close()
			}
			t.Stop()
			return
		case <-cn.wake:
			c.mu.Lock()
			q := cn.queue
			cn.queue = nil
			c.mu.Unlock()
			for _, f := range q {
				cn.ws.SetWriteDeadline(time.Now().Add(writeWait))
				if err := cn.ws.WriteMessage(websocket.TextMessage, f); err != nil {
					// The reader sees the closed socket and ends the
					// connection; the frames stay in the outbox.
					cn.ws.Close()
					return
				}
			}
		}
	}
}

// readLoop reads frames until the connection fails, the hub closes it, or
// a gap in the events calls for a resume.
func (c *Client) readLoop(cn *conn) error {
	ws := cn.ws
	ws.SetPingHandler(func(data string) error {
		ws.SetReadDeadline(time.Now().Add(readWait))
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
		var ne interface{ Timeout() bool }
		if errors.Is(err, websocket.ErrCloseSent) || (errors.As(err, &ne) && ne.Timeout()) {
			return nil
		}
		return err
	})
	for {
		ws.SetReadDeadline(time.Now().Add(readWait))
		_, data, err := ws.ReadMessage()
		if err != nil {
			return err
		}
		if err := c.frame(cn, data); err != nil {
			return err
		}
	}
}
