package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
)

// hardFrameLimit is where gorilla itself stops reading (close 1009). Frames
// between protocol.MaxFrameBytes and this get a clear error frame first.
const hardFrameLimit = 64 << 10

// Options tune the HTTP side of the hub.
type Options struct {
	// AllowedOrigins lists browser origins (scheme://host[:port]) allowed to
	// open a websocket. Native clients send no Origin and are always
	// allowed; a browser page from another origin is refused.
	AllowedOrigins []string
	// CommandRate and CommandBurst bound the frames one connection may send
	// per second (defaults 20 and 60).
	CommandRate, CommandBurst float64
	// SendBuffer, when set, is the kernel send buffer of each connection in
	// bytes; smaller buffers find slow clients sooner.
	SendBuffer int
	// PingPeriod is how often the hub pings each client (default 25 s); a
	// client silent for 2.4 periods (60 s by default) is dropped.
	PingPeriod time.Duration
	// Timings are the other timers of each connection (defaults as
	// documented on Timings).
	Timings Timings
	// AddrLimits bound what one address may do across its connections.
	AddrLimits AddrLimits
	// Logger receives the hub's log: connections, closes with their
	// codes, refusals. Nil discards it.
	Logger *slog.Logger
}

// Server is the hub's HTTP side: /ws for clients and /healthz.
type Server struct {
	room     atomic.Pointer[Room] // the room new connections join (issue 17: a cluster's node changes it, SetRoom)
	opts     Options
	tm       *connTimings
	addrs    *addrBook
	upgrader *wsconn.Upgrader

	mu     sync.Mutex
	conns  map[*wsConn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// New makes a server for a room.
func New(room *Room, opts Options) *Server {
	if opts.CommandRate <= 0 {
		opts.CommandRate = 20
	}
	if opts.CommandBurst <= 0 {
		opts.CommandBurst = 60
	}
	if opts.Logger == nil {
		opts.Logger = discardLogger
	}
	if opts.PingPeriod <= 0 {
		opts.PingPeriod = pingPeriod
	}
	s := &Server{opts: opts, conns: map[*wsConn]struct{}{}, tm: newTimings(opts.PingPeriod, opts.Timings, opts.Logger),
		addrs: newAddrBook(opts.AddrLimits, opts.Logger)}
	s.room.Store(room)
	wo := s.tm.connOptions(opts.SendBuffer)
	wo.CheckOrigin = s.checkOrigin
	s.upgrader = wsconn.NewUpgrader(wo)
	return s
}

// Handler returns the hub's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.serveWS)
	mux.HandleFunc("/healthz", s.serveHealth)
	return mux
}

func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, o := range s.opts.AllowedOrigins {
		if strings.EqualFold(strings.TrimRight(o, "/"), origin) {
			return true
		}
	}
	s.opts.Logger.Warn("refused websocket", "why", "origin not allowed", "origin", origin, "addr", r.RemoteAddr)
	return false
}

// SetRoom makes room the one new connections join, in a cluster's node
// whose role changed (issue 17); nil refuses them (503) until a room is
// set. Connections already open stay with their room, which closes them
// when it stops.
func (s *Server) SetRoom(room *Room) { s.room.Store(room) }

// Room returns the room new connections join (nil: none now).
func (s *Server) Room() *Room { return s.room.Load() }

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	room := s.room.Load()
	if room == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]any{"status": "starting"})
		return
	}
	status := "ok"
	select {
	case <-room.Done():
		status = "stopped"
		w.WriteHeader(http.StatusServiceUnavailable)
	default:
	}
	json.NewEncoder(w).Encode(map[string]any{
		"status":      status,
		"session":     room.ID(),
		"seq":         room.Seq(),
		"connections": room.Connections(),
	})
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "the host is shutting down", http.StatusServiceUnavailable)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()

	room := s.room.Load()
	if room == nil || isDone(room) {
		s.wg.Done()
		w.Header().Set("Retry-After", "1")
		http.Error(w, "The session is moving to another node; try again shortly.", http.StatusServiceUnavailable)
		return
	}
	lim, wait, ok := s.addrs.reserve(r.RemoteAddr)
	if !ok {
		s.wg.Done()
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		http.Error(w, "Too many connections from your address; try again shortly.", http.StatusTooManyRequests)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r)
	if err != nil {
		s.addrs.unreserve(lim)
		s.wg.Done()
		return // the upgrader has answered
	}
	c := &wsConn{Conn: ws, room: room}
	s.addrs.attach(c, lim)
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	s.opts.Logger.Info("connection opened", "addr", r.RemoteAddr)
	// The read loop runs in a goroutine of its own so that this handler
	// returns: the HTTP server then lets go of the request, its context and
	// its buffers, which an idle connection does not need.
	go s.serveConn(c)
}

// serveConn reads a connection until it ends, then tells the room, closes
// it and waits for the write side to finish. An idle connection's
// goroutine waits in here, so what it needs only at the start or the end
// is in functions of their own: its stack stays small.
func (s *Server) serveConn(c *wsConn) {
	defer s.wg.Done()
	st := s.newReadState()
	err := s.readLoop(c, st)
	s.endConn(c, st, err)
}

//go:noinline
func (s *Server) newReadState() *readState {
	now := time.Now()
	return &readState{
		frames:  newBucket(s.opts.CommandRate, s.opts.CommandBurst, now),
		strikes: newBucket(s.opts.CommandRate, 2*s.opts.CommandBurst, now),
	}
}

// endConn ends a connection whose read side has ended with err.
//
//go:noinline
func (s *Server) endConn(c *wsConn, st *readState, err error) {
	c.ReadEnded()
	c.room.Leave(c)
	code, why := wsconn.CloseNormalClosure, ""
	var ne net.Error
	timeout := errors.As(err, &ne) && ne.Timeout()
	if timeout {
		if st.helloed {
			why = "silent for " + s.tm.silence.String()
		} else {
			why = "no hello within " + s.tm.hello.String()
		}
	}
	// Lost: the socket ended under the read loop, not by a close from
	// either side nor by a timeout.
	lost := !c.Closing() && st.peerClose == 0 && !timeout
	c.Kick(code, why)
	<-c.Done()
	s.addrs.release(c)
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.logClose(c, st, err, lost)
}

// logClose logs how a connection ended: who closed it ("client", "hub",
// or "network" when the socket was lost without a close), the close code
// (1006 when lost) and reason; Info for an ordinary end, Warn when the hub
// refused or cut it.
//
//go:noinline
func (s *Server) logClose(c *wsConn, st *readState, err error, lost bool) {
	code, why, delivered := c.Ended()
	attrs := []any{"addr", c.Addr(), "participant", c.Name()}
	level := slog.LevelInfo
	switch {
	case st.peerClose != 0:
		attrs = append(attrs, "code", st.peerClose, "reason", st.peerWhy, "by", "client")
	case lost:
		attrs = append(attrs, "code", wsconn.CloseAbnormalClosure, "reason", fmt.Sprint(err), "by", "network")
	default:
		attrs = append(attrs, "code", code, "reason", why, "by", "hub")
		if !delivered {
			attrs = append(attrs, "delivered", false)
		}
		switch code {
		case wsconn.CloseNormalClosure, wsconn.CloseGoingAway, protocol.CloseSessionEnded, protocol.CloseHostPaused:
			// the ordinary end of a connection, or of the host
		default:
			level = slog.LevelWarn
		}
	}
	s.opts.Logger.Log(context.Background(), level, "connection closed", attrs...)
}

func (s *Server) sendError(c *wsConn, e *session.Error) {
	c.Send(wsconn.Text(encode(protocol.ErrorOf(e))))
}

// readLoop reads frames until the connection ends and returns why it
// ended. It never writes: errors and pongs go through the write side's
// queue. Its own frame is kept small (the work is in handle and control),
// so an idle connection's goroutine needs little stack.
func (s *Server) readLoop(c *wsConn, st *readState) error {
	c.SetReadLimit(hardFrameLimit)
	c.SetReadDeadline(time.Now().Add(s.tm.hello))
	control := func(ping bool, payload []byte) { s.control(c, st, ping, payload) }
	c.Handle(control, func(code int, text string) { st.peerClose, st.peerWhy = code, text })
	for {
		if err := c.WaitReadable(control); err != nil {
			return err
		}
		typ, data, err := c.ReadMessage()
		if err != nil {
			return err
		}
		s.handle(c, st, typ, data)
	}
}

// readState is what the read loop knows about its connection.
type readState struct {
	helloed bool
	frames  tokenBucket // every frame the client sends, control frames too
	strikes tokenBucket // refused frames it may send before it is a flood
	limited bool        // the last frame was refused
	// The close the client sent first, if it did.
	peerClose int
	peerWhy   string
}

// take counts one frame against the connection's rate limit: ok, or
// refused (with how long until one would pass), or a flood: then the
// connection is closed with 4429. After a close the read loop goes on
// reading, and dropping, what the client sends until it answers the close
// or the close grace is over, so that the socket is not closed under
// unread frames (which would reset it and could lose the close frame).
func (s *Server) take(c *wsConn, st *readState, now time.Time) (bool, time.Duration) {
	ok, wait := st.frames.take(now)
	if ok {
		st.limited = false
		return true, 0
	}
	if more, _ := st.strikes.take(now); !more {
		s.sendError(c, protocol.Refuse(session.ELIMIT, "errors.hub.flood"))
		c.Kick(protocol.CloseRateLimited, "flood")
	}
	return false, wait
}

// control acts on a ping or pong from the client: it counts against the
// limit like any frame; after the hello it shows the client is alive; a
// ping is answered by the writer. Before the hello nothing extends the
// hello's deadline.
//
//go:noinline
func (s *Server) control(c *wsConn, st *readState, ping bool, payload []byte) {
	if c.Closing() {
		return
	}
	ok, _ := s.take(c, st, time.Now())
	if c.Closing() {
		return
	}
	if !ok {
		if !st.limited {
			st.limited = true
			s.sendError(c, protocol.Refuse(session.ELIMIT, "errors.hub.slow_down"))
		}
		return
	}
	if st.helloed {
		c.SetReadDeadline(time.Now().Add(s.tm.silence))
	}
	if ping {
		c.Pong(payload)
	}
}

// handle acts on one frame.
//
//go:noinline
func (s *Server) handle(c *wsConn, st *readState, typ int, data []byte) {
	if c.Closing() {
		return // closing: nothing more is passed on
	}
	now := time.Now()
	in := parseFrame(typ, data, st.helloed)
	ok, wait := s.take(c, st, now)
	if c.Closing() {
		return
	}
	if !ok {
		if in.kind == protocol.KindCommand {
			n := protocol.NackOf(in.op, protocol.Refuse(session.ELIMIT, "errors.hub.commands_at_once"))
			n.RetryAfterMS = retryMS(wait)
			c.Send(wsconn.Text(encode(n)))
		} else if !st.limited {
			s.sendError(c, protocol.Refuse(session.ELIMIT, "errors.hub.slow_down"))
		}
		st.limited = true
		return
	}
	if st.helloed {
		c.SetReadDeadline(now.Add(s.tm.silence))
	}
	if in.refused != nil {
		s.sendError(c, in.refused)
		if in.close != 0 {
			c.Kick(in.close, in.refused.Message)
		}
		return
	}
	switch in.kind {
	case protocol.KindHello:
		if !st.helloed {
			st.helloed = true
			s.addrs.helloRead(c)
			c.SetReadDeadline(now.Add(s.tm.silence))
		}
		c.room.Hello(c, in.hello)
	case protocol.KindCommand:
		c.room.Command(c, in.op, in.cmd)
	}
}

// retryMS is a wait in whole milliseconds, rounded up.
func retryMS(d time.Duration) int64 {
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

// Shutdown stops accepting connections, lets the room finish its commits,
// closes every connection with 4410 (session ended) or 4503 (host paused)
// and waits for them, up to ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	if room := s.room.Load(); room != nil {
		room.Stop()
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

func isDone(r *Room) bool {
	select {
	case <-r.Done():
		return true
	default:
		return false
	}
}

// Abort closes every connection at once, with no close frame: what a
// crash looks like to clients (a cluster's fault tests).
func (s *Server) Abort() {
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
}

// Addrs returns the addresses participants can use to reach a listener:
// for a wildcard address, every up, non-loopback IPv4 address of this
// machine, then loopback.
func Addrs(l net.Addr) []string {
	tcp, ok := l.(*net.TCPAddr)
	if !ok {
		return []string{l.String()}
	}
	port := tcp.Port
	if !tcp.IP.IsUnspecified() {
		return []string{net.JoinHostPort(tcp.IP.String(), strconv.Itoa(port))}
	}
	var out []string
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLinkLocalUnicast() {
				out = append(out, net.JoinHostPort(ipn.IP.String(), strconv.Itoa(port)))
			}
		}
	}
	return append(out, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
}
