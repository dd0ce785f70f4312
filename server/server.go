package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
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
	// Logger receives the hub's log: connections, closes with their
	// codes, refusals. Nil discards it.
	Logger *slog.Logger
}

// Server is the hub's HTTP side: /ws for clients and /healthz.
type Server struct {
	room     *Room
	opts     Options
	upgrader websocket.Upgrader

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
	s := &Server{room: room, opts: opts, conns: map[*wsConn]struct{}{}}
	s.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// ReadBufferSize is left 0 so that the upgrader reads through the
		// buffer hijacker makes (readBufferSize).
		WriteBufferSize: 4096,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     s.checkOrigin,
	}
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
	s.opts.Logger.Info("refused websocket", "origin", origin, "addr", r.RemoteAddr)
	return false
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	status := "ok"
	select {
	case <-s.room.Done():
		status = "stopped"
		w.WriteHeader(http.StatusServiceUnavailable)
	default:
	}
	json.NewEncoder(w).Encode(map[string]any{
		"status":      status,
		"session":     s.room.ID(),
		"seq":         s.room.Seq(),
		"connections": s.room.Connections(),
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

	ws, err := s.upgrader.Upgrade(hijacker{ResponseWriter: w, sendBuffer: s.opts.SendBuffer}, r, nil)
	if err != nil {
		s.wg.Done()
		return // the upgrader has answered
	}
	c := newWSConn(ws, r.RemoteAddr, s.opts.PingPeriod)
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	// The read loop runs in a goroutine of its own so that this handler
	// returns: the HTTP server then lets go of the request, its context and
	// its buffers, which an idle connection does not need.
	go s.serveConn(c)
}

// serveConn reads a connection until it ends, then tells the room and
// waits for the write side to finish.
func (s *Server) serveConn(c *wsConn) {
	defer s.wg.Done()
	s.readLoop(c)
	s.room.Leave(c)
	c.Kick(websocket.CloseNormalClosure, "")
	<-c.done
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (s *Server) sendError(c *wsConn, code, msg string) {
	c.Send(frame{wire: wireFrame(encode(protocol.Error{T: protocol.KindError, Code: code, Message: msg}))})
}

// readLoop reads frames until the connection ends. It never writes: errors
// go through the write side's queue. Its own frame is kept small (the work
// is in handle), so an idle connection's goroutine needs little stack.
func (s *Server) readLoop(c *wsConn) {
	ws := c.ws
	ws.SetReadLimit(hardFrameLimit)
	ws.SetReadDeadline(time.Now().Add(helloWait))
	silence := s.opts.PingPeriod * 12 / 5
	ws.SetPongHandler(func(string) error {
		ws.SetReadDeadline(time.Now().Add(silence))
		return nil
	})
	st := &readState{silence: silence, bucket: tokenBucket{rate: s.opts.CommandRate, burst: s.opts.CommandBurst, tokens: s.opts.CommandBurst, last: time.Now()}}
	control := func(op byte, payload []byte) {
		switch op {
		case opPong:
			c.net.Conn.SetReadDeadline(time.Now().Add(silence))
		case opPing:
			ws.WriteControl(websocket.PongMessage, payload, time.Now().Add(writeWait))
		}
	}
	for {
		if c.net != nil {
			if err := c.net.waitReadable(control); err != nil {
				return
			}
		}
		typ, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if !s.handle(c, st, typ, data) {
			return
		}
	}
}

// readState is what the read loop knows about its connection.
type readState struct {
	silence   time.Duration // how long the client may stay silent
	bucket    tokenBucket
	helloed   bool
	overflows int
}

// handle acts on one frame; false ends the connection.
//
//go:noinline
func (s *Server) handle(c *wsConn, st *readState, typ int, data []byte) bool {
	if st.helloed {
		c.ws.SetReadDeadline(time.Now().Add(st.silence))
	}
	in := parseFrame(typ, data, st.helloed)
	if in.limited && !st.bucket.take(time.Now()) {
		st.overflows++
		if st.overflows > int(s.opts.CommandBurst)*2 {
			s.sendError(c, session.ELIMIT, "Too many frames; the connection is closed.")
			c.Kick(protocol.CloseRateLimited, "flood")
			return false
		}
		if in.kind == protocol.KindCommand {
			wait := int64(1000/s.opts.CommandRate) + 1
			c.Send(frame{wire: wireFrame(encode(protocol.Nack{T: protocol.KindNack, Op: in.op, Code: session.ELIMIT, Message: "Too many commands at once; it will be sent again.", RetryAfterMS: wait}))})
		} else {
			s.sendError(c, session.ELIMIT, "Too many frames; slow down.")
		}
		return true
	}
	if in.limited {
		st.overflows = 0
	}
	if in.errCode != "" {
		s.sendError(c, in.errCode, in.errMsg)
		if in.close != 0 {
			c.Kick(in.close, in.errMsg)
			return false
		}
		return true
	}
	switch in.kind {
	case protocol.KindHello:
		st.helloed = true
		c.ws.SetReadDeadline(time.Now().Add(st.silence))
		s.room.Hello(c, in.hello)
	case protocol.KindCommand:
		s.room.Command(c, in.op, in.cmd)
	}
	return true
}

// Shutdown stops accepting connections, lets the room finish its commits,
// closes every connection with 1001 (going away) and waits for them, up to
// ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.room.Stop()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			c.ws.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

// tokenBucket limits the frames of one connection.
type tokenBucket struct {
	rate, burst, tokens float64
	last                time.Time
}

func (b *tokenBucket) take(now time.Time) bool {
	b.tokens += now.Sub(b.last).Seconds() * b.rate
	if b.tokens > b.burst {
		b.tokens = b.burst
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
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
		return []string{net.JoinHostPort(tcp.IP.String(), itoa(port))}
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
				out = append(out, net.JoinHostPort(ipn.IP.String(), itoa(port)))
			}
		}
	}
	return append(out, net.JoinHostPort("127.0.0.1", itoa(port)))
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
