// Package sshd serves the participant app over SSH, so that people on
// locked-down laptops join with the ssh client they already have. Each SSH
// session runs its own participant app, joined to the hub over loopback
// as a participant client, under the same protocol and rules as
// `roundtable join`. Only the app is served: no shell, exec, subsystem,
// port or agent forwarding.
package sshd

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Config says where to listen and which session to serve.
type Config struct {
	Addr   string // listen address, e.g. ":2222"
	HubURL string // the hub's websocket URL, e.g. "ws://127.0.0.1:7777/ws"
	// HubFingerprint pins the hub's TLS certificate when HubURL is wss://.
	HubFingerprint string
	Code           string // the session's join code

	HostKeyPath string // the host's private key; made when missing
	StorePath   string // the participants file (resume tokens by key and by rejoin code)

	MaxSessions int           // most SSH sessions at once (default 200)
	IdleTimeout time.Duration // a session without input this long is closed (default 30 min)
	MaxFailures int           // wrong codes from one address before it is refused (default 10)
	FailWindow  time.Duration // the window MaxFailures counts in (default 1 min)

	Now    func() time.Time
	Logger *slog.Logger // the SSH server's log; nil discards it
}

func (c Config) withDefaults() Config {
	if c.MaxSessions <= 0 {
		c.MaxSessions = 200
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 10
	}
	if c.FailWindow <= 0 {
		c.FailWindow = time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	c.Code = normalizeCode(c.Code)
	return c
}

// Server is a running SSH server for one session.
type Server struct {
	cfg         Config
	ssh         *ssh.Server
	listener    net.Listener
	fingerprint string
	store       *participantStore
	limiter     *failLimiter
	served      chan struct{}

	mu       sync.Mutex
	sessions int // running sessions
	conns    int // open connections
}

// Start listens on cfg.Addr and serves SSH in the background until Close.
func Start(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.HubURL == "" || cfg.Code == "" {
		return nil, errors.New("sshd: the hub URL and the join code are required")
	}
	signer, err := loadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	st, err := openParticipantStore(cfg.StorePath)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:         cfg,
		fingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
		store:       st,
		limiter:     newFailLimiter(cfg.MaxFailures, cfg.FailWindow),
		served:      make(chan struct{}),
	}
	s.ssh = &ssh.Server{
		Handler:     s.handle,
		HostSigners: []ssh.Signer{signer},
		Version:     "Roundtable",
		// Every public key is welcome: it only names the participant, the
		// join code admits them. A client without a key gets in through
		// keyboard-interactive with no questions; "none" is refused so
		// that clients offer their keys first.
		PublicKeyHandler:           func(ssh.Context, ssh.PublicKey) bool { return true },
		KeyboardInteractiveHandler: func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true },
		PtyCallback:                func(ssh.Context, ssh.Pty) bool { return true },
		SessionRequestCallback:     func(_ ssh.Session, req string) bool { return req == "shell" },
		ChannelHandlers:            map[string]ssh.ChannelHandler{"session": sessionChannel},
		RequestHandlers:            map[string]ssh.RequestHandler{},
		SubsystemHandlers:          map[string]ssh.SubsystemHandler{},
		ConnCallback:               s.admit,
		ConnectionCloseCallback:    func(net.Conn) { s.count(&s.conns, -1) },
		HandshakeTimeout:           30 * time.Second,
		IdleTimeout:                cfg.IdleTimeout,
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("SSH: listening on %s: %w", cfg.Addr, err)
	}
	s.listener = l
	go func() {
		defer close(s.served)
		if err := s.ssh.Serve(l); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			cfg.Logger.Error("ssh server", "err", err)
		}
	}()
	return s, nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() net.Addr { return s.listener.Addr() }

// Port returns the port the server listens on.
func (s *Server) Port() int { return s.listener.Addr().(*net.TCPAddr).Port }

// Fingerprint returns the SHA-256 fingerprint of the host key as
// `ssh-keygen -l` prints it ("SHA256:…"), for participants to check.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Command returns what a participant types to join through host (an
// address or name of this machine, without a port).
func (s *Server) Command(host string) string {
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]" // IPv6 in a user@host argument
	}
	port := ""
	if p := s.Port(); p != 22 {
		port = "-p " + strconv.Itoa(p) + " "
	}
	return "ssh " + port + s.cfg.Code + "@" + host
}

// Sessions returns the number of SSH sessions running now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Close stops listening and ends every SSH session; their participants go
// offline at the hub.
func (s *Server) Close() error {
	err := s.ssh.Close()
	s.listener.Close() // Serve may not have registered it with the server yet
	<-s.served
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

// admit refuses connections beyond twice the session limit: sessions are
// refused with a message, but a flood of bare connections must not grow
// without bound either.
func (s *Server) admit(_ ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns >= 2*s.cfg.MaxSessions {
		return nil
	}
	s.conns++
	return c
}

func (s *Server) count(n *int, d int) {
	s.mu.Lock()
	*n += d
	s.mu.Unlock()
}

// acquire takes a session slot, reporting false when all are taken.
func (s *Server) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessions >= s.cfg.MaxSessions {
		return false
	}
	s.sessions++
	return true
}

// normalizeCode makes a typed code comparable, as the hub does: upper
// case, no spaces or dashes.
func normalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

// codeShaped reports whether an SSH user name is meant as a code: 3 to 32
// capital letters or digits (dashes allowed). Login names are lower case,
// so `ssh HOST` does not count as a wrong code.
func codeShaped(user string) bool {
	if user != strings.ToUpper(user) {
		return false
	}
	c := normalizeCode(user)
	if len(c) < 3 || len(c) > 32 {
		return false
	}
	for _, r := range c {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// handle serves one SSH session: the app on its terminal, or a message
// saying why not.
func (s *Server) handle(sess ssh.Session) {
	host := addrKey(sess.LocalAddr())
	refuse := func(msg string) {
		fmt.Fprint(sess.Stderr(), strings.ReplaceAll(msg, "\n", "\r\n")+"\r\n")
		sess.Exit(1)
	}
	if _, _, ok := sess.Pty(); !ok {
		refuse("Roundtable is an app for your terminal, and this connection has none.\nConnect with: " + s.Command(host))
		return
	}
	if !s.acquire() {
		refuse("The session has as many SSH participants as it can take. Ask the facilitator for another way to join.")
		return
	}
	defer s.count(&s.sessions, -1)
	addr := addrKey(sess.RemoteAddr())
	if s.limiter.blocked(addr, s.cfg.Now()) {
		refuse("Too many attempts to join from this computer. Wait a minute, then try again.")
		return
	}
	fp := ""
	if k := sess.PublicKey(); k != nil {
		fp = gossh.FingerprintSHA256(k)
	}
	a := newApp(s, sess.Context(), addr, host, fp, sess.User())
	run := bubbletea.MiddlewareWithProgramHandler(func(sess ssh.Session) *tea.Program {
		opts := append([]tea.ProgramOption{tea.WithoutSignalHandler()}, bubbletea.MakeOptions(sess)...)
		return tea.NewProgram(a, opts...)
	})
	run(func(ssh.Session) {})(sess)
	a.close()
	if note := a.exitNote(); note != "" {
		fmt.Fprint(sess, note)
	}
}
