package e2e

import (
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"roundtable/server/client"
	"roundtable/session"
)

// TestSSHParticipantsAreNotLoopback is issue 11's defect 4 on the real
// binary: ten wrong codes sent to the hub by a process on the host's own
// machine block 127.0.0.1 at the hub, and an SSH participant connecting
// from 127.0.0.2 (another machine, as far as the host can tell) still
// joins, because the hub sees the SSH client's address and not the
// loopback hop it used to take.
func TestSSHParticipantsAreNotLoopback(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("no ssh client (.ci/run installs openssh-client)")
	}
	sshAddr := freeAddr(t)
	h := startHost(t, "--ssh", sshAddr)
	_, port, _ := net.SplitHostPort(sshAddr)
	fac := h.facilitator(t) // before loopback is blocked

	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	for range 10 {
		if _, err := client.Dial(ctx, client.Config{URL: h.URL, Code: "WRONG1"}); session.ErrorCode(err) != session.EFORBIDDEN {
			t.Fatalf("a wrong code: %v", err)
		}
	}
	if _, err := client.Dial(ctx, client.Config{URL: h.URL, Code: h.Code, Name: "Local", Institution: "Loopback"}); session.ErrorCode(err) != session.ELIMIT {
		t.Fatalf("ten wrong codes did not block loopback at the hub (%v): this test proves nothing", err)
	}

	p := sshJoin(t, termSize{80, 24}, sshKey(t, t.TempDir(), "aysel"), port, "Aysel Məmmədova", "DOST", "-b", "127.0.0.2")
	p.waitFor(t, "You are in", stepTimeout)
	if !poll(stepTimeout, func() bool { return len(fac.Online()) == 1 }) {
		t.Fatalf("the SSH participant is not online at the hub: %v", fac.Online())
	}
	if err := p.close(); err != nil {
		t.Errorf("quitting: %v", err)
	}
}

// TestSSHHugeTerminal is issue 11's defect 2 on the real binary: a pty
// request of 10000×10000 and a window change to 100000×100000 leave the
// host up and small (its peak resident memory stays under 512 MiB, where
// one 10000×10000 screen would need about 22 GB), and the app works at
// 300×100.
func TestSSHHugeTerminal(t *testing.T) {
	sshAddr := freeAddr(t)
	h := startHost(t, "--ssh", sshAddr)
	fac := h.facilitator(t)
	c, err := gossh.Dial("tcp", sshAddr, &gossh.ClientConfig{
		User: h.Code, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: startTimeout,
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 10000, 10000, nil); err != nil {
		t.Fatal(err)
	}
	scr := newScreen(t, s, 300, 100)
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	waitScreen(t, scr, "Your name")
	if err := s.WindowChange(100000, 100000); err != nil {
		t.Fatal(err)
	}
	for _, answer := range []string{"Aysel\r", "DOST\r"} {
		scr.in.Write([]byte(answer))
	}
	waitScreen(t, scr, "rejoin code")
	scr.in.Write([]byte("\r"))
	waitScreen(t, scr, "You are in")
	if !poll(stepTimeout, func() bool { return len(fac.Online()) == 1 }) {
		t.Fatalf("the participant is not online at the hub: %v", fac.Online())
	}
	cmd, _ := h.running()
	if kb, ok := peakRSS(cmd.Process.Pid); ok && kb > 512<<10 {
		t.Errorf("the host's peak resident memory is %d MiB", kb>>10)
	} else if ok {
		t.Logf("the host's peak resident memory: %d MiB", kb>>10)
	}
}

// peakRSS returns a process's peak resident memory in KiB (VmHWM), on
// Linux.
func peakRSS(pid int) (int, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n, err == nil
		}
	}
	return 0, false
}

// screen is an SSH session's output read through a terminal emulator of a
// fixed size, which also answers the app's terminal queries.
type screen struct {
	mu  sync.Mutex
	emu *vt.Emulator
	in  io.Writer
}

func newScreen(t *testing.T, s *gossh.Session, w, h int) *screen {
	t.Helper()
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	scr := &screen{emu: vt.NewEmulator(w, h), in: in}
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				scr.mu.Lock()
				scr.emu.Write(buf[:n])
				scr.mu.Unlock()
			}
			if err != nil {
				scr.emu.InputPipe().(io.Closer).Close()
				return
			}
		}
	}()
	go io.Copy(in, scr.emu)
	return scr
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rows []string
	for y := range s.emu.Height() {
		var b strings.Builder
		for x := range s.emu.Width() {
			if c := s.emu.CellAt(x, y); c != nil && c.Content != "" {
				b.WriteString(c.Content)
			} else if c == nil || c.Width != 0 {
				b.WriteByte(' ')
			}
		}
		rows = append(rows, strings.TrimRight(b.String(), " "))
	}
	return strings.TrimRight(strings.Join(rows, "\n"), "\n")
}

func waitScreen(t *testing.T, s *screen, text string) {
	t.Helper()
	if !poll(stepTimeout, func() bool { return strings.Contains(s.text(), text) }) {
		t.Fatalf("waiting for %q; screen:\n%s", text, s.text())
	}
}
