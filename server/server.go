package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
	Logf       func(format string, args ...any)
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
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	s := &Server{room: room, opts: opts, conns: map[*wsConn]struct{}{}}
	s.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		ReadBufferSize:   1024,
		WriteBufferSize:  4096,
		WriteBufferPool:  &sync.Pool{},
		CheckOrigin:      s.checkOrigin,
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
	s.opts.Logf("refused websocket from origin %s", origin)
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
	defer s.wg.Done()

	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	if tc, ok := ws.UnderlyingConn().(*net.TCPConn); ok && s.opts.SendBuffer > 0 {
		tc.SetWriteBuffer(s.opts.SendBuffer)
	}
	c := newWSConn(ws, r.RemoteAddr)
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	go c.writeLoop()

	s.readLoop(c)

	s.room.Leave(c)
	c.Kick(websocket.CloseNormalClosure, "")
	<-c.done
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (s *Server) sendError(c *wsConn, code, msg string) {
	c.Send(frame{data: encode(protocol.Error{T: protocol.KindError, Code: code, Message: msg})})
}

// readLoop reads frames until the connection ends. It never writes: errors
// go through the write loop's queue.
func (s *Server) readLoop(c *wsConn) {
	ws := c.ws
	ws.SetReadLimit(hardFrameLimit)
	ws.SetReadDeadline(time.Now().Add(helloWait))
	ws.SetPongHandler(func(string) error {
		ws.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	bucket := tokenBucket{rate: s.opts.CommandRate, burst: s.opts.CommandBurst, tokens: s.opts.CommandBurst, last: time.Now()}
	helloed := false
	overflows := 0
	for {
		typ, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if helloed {
			ws.SetReadDeadline(time.Now().Add(pongWait))
		}
		if len(data) > protocol.MaxFrameBytes {
			s.sendError(c, session.EINVALID, "Frame too large: the limit is 16384 bytes.")
			c.Kick(protocol.CloseBadFrame, "frame too large")
			return
		}
		if typ != websocket.TextMessage {
			s.sendError(c, session.EINVALID, "Frames are JSON text; binary frames are not accepted.")
			continue
		}
		if !utf8.Valid(data) {
			s.sendError(c, session.EINVALID, "Frames must be valid UTF-8.")
			continue
		}
		if !bucket.take(time.Now()) {
			overflows++
			if overflows > int(s.opts.CommandBurst)*2 {
				s.sendError(c, session.ELIMIT, "Too many frames; the connection is closed.")
				c.Kick(protocol.CloseRateLimited, "flood")
				return
			}
			var cmd protocol.Command
			if json.Unmarshal(data, &cmd) == nil && cmd.T == protocol.KindCommand {
				wait := int64(1000/s.opts.CommandRate) + 1
				c.Send(frame{data: encode(protocol.Nack{T: protocol.KindNack, Op: cmd.Op, Code: session.ELIMIT, Message: "Too many commands at once; it will be sent again.", RetryAfterMS: wait})})
			} else {
				s.sendError(c, session.ELIMIT, "Too many frames; slow down.")
			}
			continue
		}
		overflows = 0
		kind, err := protocol.Kind(data)
		if err != nil {
			s.sendError(c, session.EINVALID, "Malformed frame: "+jsonProblem(err))
			continue
		}
		switch kind {
		case protocol.KindHello:
			var h protocol.Hello
			if err := json.Unmarshal(data, &h); err != nil {
				s.sendError(c, session.EINVALID, "Malformed hello: "+jsonProblem(err))
				c.Kick(protocol.CloseBadFrame, "malformed hello")
				return
			}
			helloed = true
			ws.SetReadDeadline(time.Now().Add(pongWait))
			s.room.Hello(c, h)
		case protocol.KindCommand:
			if !helloed {
				s.sendError(c, session.EINVALID, "Send hello before commands.")
				c.Kick(protocol.CloseBadFrame, "no hello")
				return
			}
			var cmd protocol.Command
			if err := json.Unmarshal(data, &cmd); err != nil {
				s.sendError(c, session.EINVALID, "Malformed command: "+jsonProblem(err))
				continue
			}
			s.room.Command(c, cmd.Op, cmd.Cmd)
		default:
			s.sendError(c, session.EINVALID, "Unknown frame kind "+quote(kind)+".")
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "not valid JSON."
	case errors.As(err, &te):
		return "field " + quote(te.Field) + " has the wrong type."
	}
	return "not a JSON object."
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
