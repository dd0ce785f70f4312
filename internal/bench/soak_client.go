package bench

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// SoakClose is one connection that dropped during a soak.
type SoakClose struct {
	AtS    float64 `json:"at_s"`   // seconds since the joins ended
	Client string  `json:"client"` // "participant 7", "facilitator", "ping probe"
	During string  `json:"during"` // the spell under way: "quiet 2", "burst 3 (vote)"
	Reason string  `json:"reason"` // the close code or error, as the client saw it
}

// soakClientConfig is who a soak client is.
type soakClientConfig struct {
	URL, Code, Token, Name, Institution string
}

// soakClient is one of the soak's people on the real reconnecting client
// (server/client). It records every drop and reconnect the client reports,
// and every command it sent and how the hub answered.
type soakClient struct {
	name string
	c    *client.Client
	now  func() (string, float64)
	done chan struct{}

	mu         sync.Mutex
	waiting    map[string]chan error
	closes     []SoakClose // from the client's log: every connection lost
	reconnects int         // from the client's log
	offline    int         // status changes to offline seen by Drain
	online     int         // status changes back to online seen by Drain
	lastErr    string      // Update.Err when last offline
	sent       int64
	acked      int64
	nacks      map[string]int64
	pending    int // commands in the outbox when the soak closed the client
}

// dialSoakClient connects one person. src above 0 picks the source
// address 127.0.0.src (on Linux, with a host on loopback).
func dialSoakClient(ctx context.Context, name string, src int, sc soakClientConfig, now func() (string, float64)) (*soakClient, error) {
	c := &soakClient{name: name, now: now, done: make(chan struct{}), waiting: map[string]chan error{}, nacks: map[string]int64{}}
	cfg := client.Config{URL: sc.URL, Code: sc.Code, Token: sc.Token, Name: sc.Name, Institution: sc.Institution, Logf: c.logf}
	if src > 0 && spreadSources {
		d := *websocket.DefaultDialer
		nd := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, byte(src/250), byte(1+src%250))}, Timeout: 30 * time.Second}
		d.NetDialContext = nd.DialContext
		d.HandshakeTimeout = 30 * time.Second
		cfg.Dialer = &d
	}
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cl, err := client.Dial(dctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.c = cl
	go c.watch()
	return c, nil
}

// The client's log lines the soak counts: a connection lost (with its
// error), the host paused (close 4503) or the session ended (4410), both
// also unexpected in a soak, and a reconnect.
const (
	logLost        = "roundtable client: connection lost: "
	logPaused      = "roundtable client: the facilitator stopped the host"
	logEnded       = "roundtable client: the session has ended"
	logReconnected = "roundtable client: reconnected after "
)

// logf takes the client's log: each lost connection with its error (the
// close code, or the network error), and each reconnect.
func (c *soakClient) logf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	var reason string
	switch {
	case strings.HasPrefix(msg, logLost):
		reason = strings.TrimPrefix(msg, logLost)
	case strings.HasPrefix(msg, logPaused):
		reason = "host paused (4503)"
	case strings.HasPrefix(msg, logEnded):
		reason = "session ended (4410)"
	}
	switch {
	case reason != "":
		during, at := c.now()
		c.mu.Lock()
		if len(c.closes) < 1000 {
			c.closes = append(c.closes, SoakClose{AtS: at, Client: c.name, During: during, Reason: short(reason, 160)})
		}
		c.mu.Unlock()
	case strings.HasPrefix(msg, logReconnected):
		c.mu.Lock()
		c.reconnects++
		c.mu.Unlock()
	}
}

// watch drains the client: answers go to the commands waiting for them;
// status changes are counted as a second record of drops.
func (c *soakClient) watch() {
	defer close(c.done)
	for range c.c.Changes() {
		u := c.c.Drain()
		c.mu.Lock()
		if u.StatusChanged {
			switch u.Status {
			case client.Offline, client.Paused, client.Ended:
				c.offline++
				if u.Err != nil {
					c.lastErr = short(u.Err.Error(), 160)
				}
			case client.Online:
				if c.offline > c.online {
					c.online++ // back after a drop (the first Online is the join)
				}
			}
		}
		for _, op := range u.Acked {
			c.acked++
			if ch := c.waiting[op]; ch != nil {
				ch <- nil
				delete(c.waiting, op)
			}
		}
		for _, n := range u.Nacks {
			c.nacks[n.Code]++
			if ch := c.waiting[n.Op]; ch != nil {
				ch <- fmt.Errorf("%s refused: %s %s", n.Command.Type, n.Code, n.Message)
				delete(c.waiting, n.Op)
			}
		}
		c.mu.Unlock()
	}
}

// do sends a command and waits up to wait for its answer. A command not
// answered in time stays in the client's outbox: it is counted as lost
// only if it is still there at the end.
func (c *soakClient) do(cmd session.Command, wait time.Duration) error {
	ch := make(chan error, 1)
	c.mu.Lock()
	op := c.c.Send(cmd)
	c.sent++
	c.waiting[op] = ch
	c.mu.Unlock()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-ch:
		return err
	case <-t.C:
		c.mu.Lock()
		delete(c.waiting, op)
		c.mu.Unlock()
		return fmt.Errorf("%s: no answer within %v", cmd.Type, wait)
	}
}

// closeCount is the drops seen so far: the client's log and its status
// changes are two records of the same; the larger counts.
func (c *soakClient) closeCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return max(len(c.closes), c.offline)
}

// record returns this client's drops (one per status change to offline
// when the log missed some), reconnects, and commands.
func (c *soakClient) record() (closes []SoakClose, reconnects int, sent, acked int64, nacks map[string]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	closes = append(closes, c.closes...)
	for len(closes) < c.offline {
		closes = append(closes, SoakClose{Client: c.name, During: "?", Reason: "offline (" + c.lastErr + ")"})
	}
	return closes, max(c.reconnects, c.online), c.sent, c.acked, c.nacks
}

// close records what is still in the outbox and closes the client.
func (c *soakClient) close() {
	n := c.c.Pending()
	c.mu.Lock()
	c.pending = n
	c.mu.Unlock()
	c.c.Close()
	<-c.done
}

// pingProbe is an observer on a plain websocket that notes when the hub
// pings it, to show the timings the host runs with. It answers each ping
// as any client does, and redials if its connection drops (a drop it
// records like the clients' drops).
type pingProbe struct {
	url, code string
	now       func() (string, float64)
	cancel    context.CancelFunc
	done      chan struct{}

	mu      sync.Mutex
	ws      *websocket.Conn
	pings   []time.Duration // intervals between two pings on one connection
	closes  []SoakClose
	redials int // connections made again after a drop
}

func startPingProbe(ctx context.Context, url, code string, now func() (string, float64)) (*pingProbe, error) {
	p := &pingProbe{url: url, code: code, now: now, done: make(chan struct{})}
	ws, err := p.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("ping probe: %w", err)
	}
	ctx, p.cancel = context.WithCancel(ctx)
	go p.run(ctx, ws)
	return p, nil
}

func (p *pingProbe) dial(ctx context.Context) (*websocket.Conn, error) {
	d := *websocket.DefaultDialer
	d.HandshakeTimeout = 30 * time.Second
	ws, _, err := d.DialContext(ctx, p.url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(1 << 26)
	ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	hello := protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: p.code, Role: string(session.RoleObserver)}
	if err := ws.WriteJSON(hello); err != nil {
		ws.Close()
		return nil, err
	}
	var last time.Time
	ws.SetPingHandler(func(data string) error {
		now := time.Now()
		p.mu.Lock()
		if !last.IsZero() && len(p.pings) < 100000 {
			p.pings = append(p.pings, now.Sub(last))
		}
		p.mu.Unlock()
		last = now
		return ws.WriteControl(websocket.PongMessage, []byte(data), now.Add(10*time.Second))
	})
	p.mu.Lock()
	p.ws = ws
	p.mu.Unlock()
	return ws, nil
}

// run reads every frame, redialling after a drop, until ctx ends.
func (p *pingProbe) run(ctx context.Context, ws *websocket.Conn) {
	defer close(p.done)
	for {
		_, _, err := ws.NextReader()
		if err == nil {
			continue
		}
		ws.Close()
		if ctx.Err() != nil {
			return
		}
		during, at := p.now()
		p.mu.Lock()
		if len(p.closes) < 1000 {
			p.closes = append(p.closes, SoakClose{AtS: at, Client: "ping probe", During: during, Reason: short(err.Error(), 160)})
		}
		p.mu.Unlock()
		for ctx.Err() == nil {
			if !sleepCtx(ctx, time.Second) {
				return
			}
			if ws, err = p.dial(ctx); err == nil {
				p.mu.Lock()
				p.redials++
				p.mu.Unlock()
				break
			}
		}
		if ctx.Err() != nil {
			// close may have read the previous connection: end this one.
			if ws != nil {
				ws.Close()
			}
			return
		}
	}
}

func (p *pingProbe) closeCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.closes)
}

// close says goodbye (1000) and stops the probe.
func (p *pingProbe) close() {
	p.cancel()
	p.mu.Lock()
	ws := p.ws
	p.mu.Unlock()
	ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	ws.Close()
	<-p.done
}

// summary returns the ping intervals the probe saw.
func (p *pingProbe) summary() SoakPings {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := SoakPings{Intervals: len(p.pings)}
	if len(p.pings) == 0 {
		return out
	}
	sorted := slices.Sorted(slices.Values(p.pings))
	out.MinS, out.MaxS = secondsOf(sorted[0]), secondsOf(sorted[len(sorted)-1])
	out.MedianS = secondsOf(sorted[len(sorted)/2])
	return out
}
