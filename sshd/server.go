// Package sshd serves the participant app over SSH, so that people on
// locked-down laptops join with the ssh client they already have. Each SSH
// session runs its own participant app, joined to the hub as a participant
// client under the same protocol and rules as `roundtable join`; with
// Config.Dial it reaches the hub inside the process, where the hub sees it
// at its SSH client's address. Only the app is served: no shell, exec,
// subsystem, port or agent forwarding. What one client can take is
// bounded: sessions and connections in all and per address, the time to
// start the app, and the terminal's size (MaxColumns×MaxRows).
package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"roundtable/internal/limit"
	"roundtable/lang"
	"roundtable/protocol"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Config says where to listen and which session to serve.
type Config struct {
	Addr string // listen address, e.g. ":2222"; unused when Listener is set
	// Listener, when set, is where connections are accepted instead of
	// listening on Addr, so that a host can open every port before it
	// writes anything. Close closes it.
	Listener net.Listener

	// HubURL is the hub's websocket URL, e.g. "ws://127.0.0.1:7777/ws".
	HubURL string
	// HubFingerprint pins the hub's TLS certificate when HubURL is wss://.
	HubFingerprint string
	// Dial, when set, opens the participant apps' connections to the hub
	// instead of dialling HubURL's address, each on behalf of the SSH
	// client at remote: an in-process door (server.Host.ServeLocal on an
	// internal/memconn listener) where the hub sees that address, so that
	// its per-address limits count SSH participants where they really are.
	// The hop is plain ws:// (HubURL defaults to "ws://hub/ws" and must not
	// be wss://); HubFingerprint is not used.
	Dial func(ctx context.Context, remote net.Addr) (net.Conn, error)
	Code string // the session's join code
	// Lang is the language of a participant whose SSH client sends no
	// LC_ALL, LC_MESSAGES or LANG that Roundtable speaks (ssh -o SendEnv
	// or SetEnv): the session's, as roundtable host --lang says; English
	// when empty.
	Lang lang.Tag

	HostKeyPath string // the host's private key; made when missing
	StorePath   string // the participants file (resume tokens by key and by rejoin code)

	MaxSessions int // most SSH sessions at once (default 200)
	// MaxSessionsPerAddr is the most SSH sessions from one client address
	// (default a quarter of MaxSessions: 50), and MaxConnsPerAddr the most
	// open connections from one (default twice that).
	MaxSessionsPerAddr int
	MaxConnsPerAddr    int
	// LoginTimeout closes a connection that has not started the app this
	// long after it was accepted: the handshake, the host key check by a
	// person, authentication and opening the terminal (default 2 min,
	// OpenSSH's LoginGraceTime).
	LoginTimeout time.Duration
	IdleTimeout  time.Duration // a session without input this long is closed (default 30 min)
	MaxFailures  int           // wrong codes from one address before it is refused (default 10)
	FailWindow   time.Duration // the window MaxFailures counts in (default 1 min)

	Now    func() time.Time
	Logger *slog.Logger // the SSH server's log; nil discards it

	// Hooks for tests (export_test.go): how often a session looks for
	// idleness (default a tenth of IdleTimeout, within 50 ms and 30 s), and
	// the timer behind LoginTimeout.
	idleCheck time.Duration
	afterFunc func(time.Duration, func()) (stop func() bool)
}

func (c Config) withDefaults() Config {
	if c.MaxSessions <= 0 {
		c.MaxSessions = 200
	}
	if c.MaxSessionsPerAddr <= 0 {
		c.MaxSessionsPerAddr = max(1, c.MaxSessions/4)
	}
	if c.MaxConnsPerAddr <= 0 {
		c.MaxConnsPerAddr = 2 * c.MaxSessionsPerAddr
	}
	if c.LoginTimeout <= 0 {
		c.LoginTimeout = 2 * time.Minute
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
	if c.idleCheck <= 0 {
		c.idleCheck = min(max(c.IdleTimeout/10, 50*time.Millisecond), 30*time.Second)
	}
	if c.afterFunc == nil {
		c.afterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	if c.Dial != nil && c.HubURL == "" {
		c.HubURL = "ws://hub/ws"
	}
	c.Code = protocol.NormalizeCode(c.Code)
	return c
}

// Server is a running SSH server for one session.
type Server struct {
	cfg         Config
	ssh         *ssh.Server
	listener    net.Listener
	fingerprint string
	store       *participantStore
	limiter     *limit.Failures
	served      chan struct{}

	mu       sync.Mutex
	sessions int                       // running sessions
	conns    int                       // open connections
	addrs    map[string]*addrUse       // connections and sessions by client address
	quiet    logQuiet                  // refusals already logged
	apps     map[*tea.Program]struct{} // running participant apps, for Shutdown
	stopNote string                    // once shutting down: stopPaused or stopEnded
	appsGone chan struct{}             // once shutting down: closed when no app runs
}

// CheckFiles makes sure Start will find what it reads: the host key at
// hostKeyPath (made when missing) and the participants file at storePath.
// A host calls it before it writes anything, so that a bad file stops it
// before a session is created.
func CheckFiles(hostKeyPath, storePath string) error {
	if _, err := loadHostKey(hostKeyPath); err != nil {
		return err
	}
	_, err := openParticipantStore(storePath)
	return err
}

// Start listens on cfg.Addr (or serves cfg.Listener) and serves SSH in the
// background until Close or Shutdown.
func Start(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.HubURL == "" || cfg.Code == "" {
		return nil, errors.New("sshd: the hub URL and the join code are required")
	}
	if cfg.Dial != nil && !strings.HasPrefix(cfg.HubURL, "ws://") {
		return nil, errors.New("sshd: with Dial the hub is reached in this process, over plain ws://")
	}
	signer, err := loadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	st, err := openParticipantStore(cfg.StorePath)
	if err != nil {
		return nil, err
	}
	st.code = cfg.Code
	s := &Server{
		cfg:         cfg,
		fingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
		store:       st,
		limiter:     limit.NewFailures(cfg.MaxFailures, cfg.FailWindow),
		served:      make(chan struct{}),
		addrs:       map[string]*addrUse{},
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
		ChannelHandlers:            map[string]ssh.ChannelHandler{"session": s.sessionChannel},
		RequestHandlers:            map[string]ssh.RequestHandler{},
		SubsystemHandlers:          map[string]ssh.SubsystemHandler{},
		ConnCallback:               s.admit, // connections are counted out in clientConn.Close
		HandshakeTimeout:           cfg.LoginTimeout,
		IdleTimeout:                cfg.IdleTimeout,
	}
	l := cfg.Listener
	if l == nil {
		var err error
		if l, err = net.Listen("tcp", cfg.Addr); err != nil {
			return nil, fmt.Errorf("SSH: listening on %s: %w", cfg.Addr, err)
		}
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

// Port returns the port the server listens on (0 when its listener has
// none).
func (s *Server) Port() int {
	_, port, _ := net.SplitHostPort(s.listener.Addr().String())
	p, _ := strconv.Atoi(port)
	return p
}

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

// codeShaped reports whether an SSH user name is meant as a code: 3 to 32
// capital letters or digits (dashes allowed). Login names are lower case,
// so `ssh HOST` does not count as a wrong code.
func codeShaped(user string) bool {
	if user != strings.ToUpper(user) {
		return false
	}
	return protocol.ValidCode(protocol.NormalizeCode(user))
}

// sessionLang is the language of an SSH session: its client's locale
// (LC_ALL, LC_MESSAGES or LANG, sent with ssh -o SendEnv or SetEnv) when
// Roundtable speaks it, else fallback; and a line to show when the locale
// names a language Roundtable does not speak.
func sessionLang(environ []string, fallback lang.Tag) (lang.Tag, string) {
	return lang.Choose("", envLookup(environ), fallback)
}

// envLookup reads the variables an SSH client sent.
func envLookup(environ []string) func(string) string {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return func(k string) string { return env[k] }
}

// handle serves one SSH session: the app on its terminal, or a message
// saying why not, in the language of the participant's locale.
func (s *Server) handle(sess ssh.Session) {
	host := addrKey(sess.LocalAddr())
	tag, note := sessionLang(sess.Environ(), s.cfg.Lang)
	p := lang.New(tag)
	say := func(msg string) { fmt.Fprint(sess.Stderr(), strings.ReplaceAll(msg, "\n", "\r\n")+"\r\n") }
	refuse := func(msg string) {
		say(msg)
		sess.Exit(1)
	}
	if _, _, ok := sess.Pty(); !ok {
		refuse(p.S("sshd.no_terminal", "Command", s.Command(host)))
		return
	}
	addr := addrKey(sess.RemoteAddr())
	if msg := s.acquire(addr, p); msg != "" {
		refuse(msg)
		return
	}
	defer s.release(addr)
	if s.limiter.Blocked(addr, s.cfg.Now()) {
		s.cfg.Logger.Info("ssh: session refused", "addr", addr, "reason", "blocked after too many wrong codes")
		refuse(p.S("sshd.blocked"))
		return
	}
	if note != "" {
		say(note) // read once the app has ended and given the screen back
	}
	if c, ok := sess.Context().Value(clientConnKey{}).(*clientConn); ok {
		c.started()
	}
	fp := ""
	if k := sess.PublicKey(); k != nil {
		fp = gossh.FingerprintSHA256(k)
	}
	a := newApp(s, sess.Context(), sess.RemoteAddr(), host, fp, sess.User(), tag, envLookup(sess.Environ()))
	var prog *tea.Program
	run := bubbletea.MiddlewareWithProgramHandler(func(sess ssh.Session) *tea.Program {
		opts := append([]tea.ProgramOption{tea.WithoutSignalHandler()}, bubbletea.MakeOptions(sess)...)
		prog = tea.NewProgram(a, opts...)
		if !s.track(prog) {
			return nil // shutting down: no app starts now
		}
		return prog
	})
	run(func(ssh.Session) {})(sess)
	a.close()
	if note := a.exitNote(s.stopping()); note != "" {
		fmt.Fprint(sess, note)
	}
	// Only now, with its last lines written, may Shutdown close the
	// connection under it.
	s.untrack(prog)
}

// Why the apps of a stopping host end.
const (
	stopPaused = "paused"
	stopEnded  = "ended"
)

// hostStoppedMsg ends an app because the host is stopping.
type hostStoppedMsg struct{}

// track records a running app; false once the server is shutting down.
func (s *Server) track(p *tea.Program) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopNote != "" {
		return false
	}
	if s.apps == nil {
		s.apps = map[*tea.Program]struct{}{}
	}
	s.apps[p] = struct{}{}
	return true
}

// stopping returns why the apps end when the host is stopping (stopPaused
// or stopEnded), "" otherwise.
func (s *Server) stopping() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopNote
}

// untrack forgets an app that has ended and said its last lines.
func (s *Server) untrack(p *tea.Program) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps[p]; ok {
		delete(s.apps, p)
		if len(s.apps) == 0 && s.appsGone != nil {
			close(s.appsGone)
		}
	}
}

// Shutdown ends every SSH session gently: each participant's app closes
// and their terminal's last lines say why: the session has ended, or
// (ended false) the facilitator stopped the host and they can come back
// when it runs again. It waits for the sessions to end until ctx is done,
// then closes whatever is left, as Close does.
func (s *Server) Shutdown(ctx context.Context, ended bool) error {
	note := stopPaused
	if ended {
		note = stopEnded
	}
	s.mu.Lock()
	if s.stopNote != "" {
		s.mu.Unlock()
		return s.Close()
	}
	s.stopNote = note
	gone := make(chan struct{})
	s.appsGone = gone
	if len(s.apps) == 0 {
		close(gone)
	}
	for p := range s.apps {
		go p.Send(hostStoppedMsg{}) // returns once the app takes it or has ended
	}
	s.mu.Unlock()
	select {
	case <-gone: // every terminal has its last lines
	case <-ctx.Done():
	}
	return s.Close()
}
