package sshd_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"

	"roundtable/internal/vtscreen"

	"github.com/gorilla/websocket"
	gossh "golang.org/x/crypto/ssh"

	"roundtable/internal/memconn"
	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/sshd"
)

const (
	testCode  = "SSHTEST"
	testToken = "ssh-test-facilitator-token" // the test hub's facilitator token
	waitFor   = 15 * time.Second
)

// fixture is a hub in this process with an SSH server beside it.
type fixture struct {
	host  *server.Host
	local *memconn.Listener // the hub's in-process door
	ssh   *sshd.Server
	dir   string
}

// start starts a hub on loopback and an SSH server for it; cfg may set
// the limits, the rest is filled in.
func start(t testing.TB, cfg sshd.Config) *fixture {
	t.Helper()
	return startWithHub(t, server.HostConfig{}, cfg)
}

// startWithHub is start with some of the hub's settings (e.g. its clock).
func startWithHub(t testing.TB, hub server.HostConfig, cfg sshd.Config) *fixture {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "rt.db")
	hub.Addr, hub.DB, hub.Code, hub.Title = "127.0.0.1:0", db, testCode, "SSH test"
	hub.FacilitatorHash = server.HashToken(testToken)
	h, err := server.StartHost(context.Background(), hub)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	// as `roundtable host --ssh` does: the apps reach the hub in process,
	// as their SSH clients
	local := memconn.Listen("hub")
	h.ServeLocal(local)
	cfg.Addr, cfg.Dial, cfg.Code = "127.0.0.1:0", local.Dial, h.Code
	cfg.HostKeyPath, cfg.StorePath = db+".ssh_host_ed25519_key", db+".ssh-participants.json"
	s, err := sshd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &fixture{host: h, local: local, ssh: s, dir: dir}
}

// newKey makes a client key.
func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dial connects as user, with key when given and through
// keyboard-interactive without one.
func (f *fixture) dial(t testing.TB, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	return f.dialFrom(t, "127.0.0.1", user, key)
}

// dialFrom is dial from the loopback address ip (127.0.0.2 and 127.0.0.3
// stand for two machines).
func (f *fixture) dialFrom(t testing.TB, ip, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := f.tryDialFrom(ip, user, key)
	if err != nil {
		t.Fatalf("ssh dial as %q from %s: %v", user, ip, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (f *fixture) tryDialFrom(ip, user string, key gossh.Signer) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	nc, err := f.rawFrom(ip)
	if err != nil {
		return nil, err
	}
	addr := f.ssh.Addr().String()
	nc.SetDeadline(time.Now().Add(waitFor))
	cc, chans, reqs, err := gossh.NewClientConn(nc, addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		nc.Close()
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	return gossh.NewClient(cc, chans, reqs), nil
}

// rawFrom opens a bare TCP connection to the SSH server from the loopback
// address ip.
func (f *fixture) rawFrom(ip string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: waitFor}
	return d.Dial("tcp", f.ssh.Addr().String())
}

// logBuffer is a slog handler's output that tests read while the server
// writes.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// logger returns a logger writing text lines to l.
func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// waitLog waits until the log has a line containing every one of parts.
func (l *logBuffer) waitLog(t *testing.T, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		for _, line := range strings.Split(l.String(), "\n") {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(line, p)
			}
			if all {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line with %q; log:\n%s", parts, l.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// clock is a fake clock for Config.Now that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// timers stands in for the login timer: nothing fires until fire.
type timers struct {
	mu      sync.Mutex
	pending []*fakeTimer
}

type fakeTimer struct {
	f       func()
	stopped bool
}

func (ts *timers) after(_ time.Duration, f func()) func() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ft := &fakeTimer{f: f}
	ts.pending = append(ts.pending, ft)
	return func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		was := !ft.stopped
		ft.stopped = true
		return was
	}
}

// fire runs every timer not stopped yet and returns how many ran.
func (ts *timers) fire() int {
	ts.mu.Lock()
	var due []func()
	for _, ft := range ts.pending {
		if !ft.stopped {
			ft.stopped = true
			due = append(due, ft.f)
		}
	}
	ts.mu.Unlock()
	for _, f := range due {
		f()
	}
	return len(due)
}

// participants returns the participants the hub knows, as the facilitator
// sees them, once cond holds for them.
func (f *fixture) participants(t *testing.T, cond func([]*session.Participant) bool) []*session.Participant {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	// through the in-process door: a test may have blocked loopback at the
	// hub with wrong codes
	c, err := client.Dial(ctx, client.Config{URL: "ws://hub/ws", Token: testToken,
		Dialer: &websocket.Dialer{NetDialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return f.local.Dial(ctx, memconn.Addr("facilitator"))
		}}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var ps []*session.Participant
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		ps = c.State().ParticipantList()
		if cond(ps) {
			return ps
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the hub's participants never matched: %+v", ps)
	return nil
}

// term is an SSH session on a pseudo-terminal whose screen is read through
// a terminal emulator, which also answers the app's terminal queries.
type term struct {
	sess   *gossh.Session
	stdin  io.WriteCloser
	mu     sync.Mutex
	emu    *vt.Emulator
	done   chan struct{}
	stderr logBuffer // what the server wrote to the session's stderr
}

// open starts the app in a w×h terminal on the connection.
func open(t *testing.T, c *gossh.Client, w, h int) *term {
	t.Helper()
	return openAsking(t, c, w, h, w, h)
}

// openAsking starts the app on the connection asking for a terminal of
// askW×askH, while the screen read back is w×h.
func openAsking(t *testing.T, c *gossh.Client, askW, askH, w, h int) *term {
	t.Helper()
	return openEnv(t, c, askW, askH, w, h, nil)
}

// openEnv is openAsking with environment variables sent first, as
// ssh -o SendEnv or SetEnv sends them (env is name, value, name, value…).
func openEnv(t *testing.T, c *gossh.Client, askW, askH, w, h int, env []string) *term {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(env); i += 2 {
		if err := s.Setenv(env[i], env[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RequestPty("xterm-256color", askH, askW, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{sess: s, stdin: in, emu: vt.NewEmulator(w, h), done: make(chan struct{})}
	s.Stderr = &tm.stderr
	go func() {
		defer close(tm.done)
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.emu.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil {
				tm.emu.InputPipe().(io.Closer).Close()
				return
			}
		}
	}()
	go io.Copy(in, tm.emu) // the terminal's answers to queries
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last screen:\n%s", tm.screen())
		}
		s.Close()
	})
	return tm
}

func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return vtscreen.Text(tm.emu)
}

// wait waits until the screen satisfies cond.
func (tm *term) wait(t *testing.T, what string, cond func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		s := tm.screen()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// see waits until text is on the screen.
func (tm *term) see(t *testing.T, text string) string {
	t.Helper()
	return tm.wait(t, "\""+text+"\"", func(s string) bool { return strings.Contains(s, text) })
}

func (tm *term) typ(s string) { tm.stdin.Write([]byte(s)) }

// focused waits until the form's field titled title has the focus bar.
func (tm *term) focused(t *testing.T, title string) {
	t.Helper()
	tm.wait(t, "focus on "+title, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, title) && strings.Contains(l, "┃") {
				return true
			}
		}
		return false
	})
}

// join answers the name and institution form.
func (tm *term) join(t *testing.T, name, org string) {
	t.Helper()
	tm.focused(t, "Your name")
	tm.typ(name + "\r")
	tm.focused(t, "Your institution")
	tm.typ(org + "\r")
}

// inside waits for the rejoin code a participant without a key is shown,
// passes it, and waits for the app.
func (tm *term) inside(t *testing.T) {
	t.Helper()
	tm.see(t, "rejoin code")
	tm.typ("\r")
	tm.see(t, "You are in")
}
