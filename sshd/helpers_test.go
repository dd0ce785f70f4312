package sshd_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/sshd"
)

const (
	testCode = "SSHTEST"
	waitFor  = 15 * time.Second
)

// fixture is a hub in this process with an SSH server beside it.
type fixture struct {
	host *server.Host
	ssh  *sshd.Server
	dir  string
}

// start starts a hub on loopback and an SSH server for it; cfg may set
// the limits, the rest is filled in.
func start(t *testing.T, cfg sshd.Config) *fixture {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "rt.db")
	h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, Code: testCode, Title: "SSH test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	cfg.Addr, cfg.HubURL, cfg.Code = "127.0.0.1:0", h.URL(), h.Code
	cfg.HostKeyPath, cfg.StorePath = db+".ssh_host_ed25519_key", db+".ssh-participants.json"
	s, err := sshd.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &fixture{host: h, ssh: s, dir: dir}
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
func (f *fixture) dial(t *testing.T, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	c, err := gossh.Dial("tcp", f.ssh.Addr().String(), &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitFor,
	})
	if err != nil {
		t.Fatalf("ssh dial as %q: %v", user, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// participants returns the participants the hub knows, as the facilitator
// sees them, once cond holds for them.
func (f *fixture) participants(t *testing.T, cond func([]*session.Participant) bool) []*session.Participant {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	c, err := client.Dial(ctx, client.Config{URL: f.host.URL(), Token: f.host.FacilitatorToken})
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
	sess  *gossh.Session
	stdin io.WriteCloser
	mu    sync.Mutex
	emu   *vt.Emulator
	done  chan struct{}
}

// open starts the app in a w×h terminal on the connection.
func open(t *testing.T, c *gossh.Client, w, h int) *term {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
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
	var rows []string
	for y := 0; y < tm.emu.Height(); y++ {
		var b strings.Builder
		for x := 0; x < tm.emu.Width(); x++ {
			c := tm.emu.CellAt(x, y)
			switch {
			case c == nil || c.Content == "" && c.Width != 0:
				b.WriteByte(' ')
			case c.Content == "":
			default:
				b.WriteString(c.Content)
			}
		}
		rows = append(rows, strings.TrimRight(b.String(), " "))
	}
	return strings.Join(rows, "\n")
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
