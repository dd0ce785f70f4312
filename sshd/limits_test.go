package sshd_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"roundtable/server"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/sshd"
)

// banner reports whether the server greeted a bare connection with its SSH
// version line, that is, accepted it.
func banner(t *testing.T, c net.Conn) bool {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(waitFor))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("reading the server's greeting: %v", err)
	}
	return strings.HasPrefix(line, "SSH-")
}

// TestPerAddressLimits: one address hoarding connections or sessions up to
// its limit does not keep another address out (issue 11, defect 3).
func TestPerAddressLimits(t *testing.T) {
	var log logBuffer
	f := start(t, sshd.Config{MaxSessionsPerAddr: 2, MaxConnsPerAddr: 3, Logger: log.logger()})

	// 127.0.0.2 opens bare connections and sits on them
	for i := range 3 {
		c, err := f.rawFrom("127.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if !banner(t, c) {
			t.Fatalf("connection %d from 127.0.0.2 was refused; the limit is 3", i+1)
		}
	}
	c, err := f.rawFrom("127.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if banner(t, c) {
		t.Fatal("a fourth connection from 127.0.0.2 was accepted; the limit is 3")
	}
	log.waitLog(t, "connection refused", "127.0.0.2", "connections from this address")

	// another machine still gets the app
	open(t, f.dialFrom(t, "127.0.0.3", testCode, nil), 80, 24).focused(t, "Your name")

	// 127.0.0.4 runs two apps; a third is refused with a message saying why
	c4 := f.dialFrom(t, "127.0.0.4", testCode, nil)
	for range 2 {
		open(t, c4, 80, 24).focused(t, "Your name")
	}
	stderr := refusedShell(t, c4)
	if !strings.Contains(stderr, "from your network") {
		t.Errorf("a third session from one address got: %q", stderr)
	}
	log.waitLog(t, "session refused", "127.0.0.4")
	// and 127.0.0.3 opens another
	open(t, f.dialFrom(t, "127.0.0.3", testCode, nil), 80, 24).focused(t, "Your name")
	if n := f.ssh.Sessions(); n != 4 {
		t.Errorf("%d sessions running, want 4", n)
	}
}

// TestLoginTimeout: a connection that has not started the app when its
// login time is up is closed, whether it never finished the handshake or
// authenticated and then sat; one running the app is not touched. The
// timer is the test's, so nothing races a clock.
func TestLoginTimeout(t *testing.T) {
	var ts timers
	var log logBuffer
	f := start(t, sshd.WithLoginTimer(sshd.Config{Logger: log.logger()}, ts.after))

	app := open(t, f.dial(t, testCode, nil), 80, 24)
	app.focused(t, "Your name")
	sat := f.dial(t, testCode, nil) // authenticated, no session
	raw, err := f.rawFrom("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if !banner(t, raw) {
		t.Fatal("a bare connection was refused")
	}

	if n := ts.fire(); n != 2 {
		t.Errorf("%d login timers were still running, want 2 (the app's stopped when it started)", n)
	}
	satDone := make(chan error, 1)
	go func() { satDone <- sat.Wait() }()
	select {
	case <-satDone:
	case <-time.After(waitFor):
		t.Error("a connection without a session was not closed at its login timeout")
	}
	raw.SetReadDeadline(time.Now().Add(waitFor))
	if _, err := io.Copy(io.Discard, raw); err != nil {
		t.Errorf("a connection that never finished its handshake was not closed: %v", err)
	}
	log.waitLog(t, "did not start the app")

	app.join(t, "Aysel", "DOST")
	app.inside(t)
}

// allocated is the number of bytes allocated so far by the process, freed
// or not: a screen buffer of 10000×10000 cells shows here even once it is
// garbage.
func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// TestHugeTerminal: a pty request of 10000×10000 and a window change to
// 100000×100000 are cut down to MaxColumns×MaxRows before the app sees
// them; the process stays small, the app works, the log and the
// participant are told (issue 11, defect 2).
func TestHugeTerminal(t *testing.T) {
	var log logBuffer
	f := start(t, sshd.Config{Logger: log.logger()})
	before := allocated()
	tm := openAsking(t, f.dial(t, testCode, nil), 10000, 10000, sshd.MaxColumns, sshd.MaxRows)
	tm.focused(t, "Your name")
	log.waitLog(t, "terminal size clamped", "asked=10000x10000", "used=300x100")
	if err := tm.sess.WindowChange(100000, 100000); err != nil {
		t.Fatal(err)
	}
	log.waitLog(t, "terminal size clamped", "asked=100000x100000")
	tm.join(t, "Aysel Məmmədova", "DOST")
	tm.inside(t)
	f.participants(t, func(ps []*session.Participant) bool { return len(ps) == 1 })
	if n := allocated() - before; n > 1<<30 {
		t.Errorf("%d MiB allocated for one terminal", n>>20)
	} else {
		t.Logf("%d MiB allocated for one terminal of 300×100, from the SSH handshake to the app", n>>20)
	}
	tm.typ("\x03") // ctrl+c leaves
	select {
	case <-tm.done:
	case <-time.After(waitFor):
		t.Fatal("ctrl+c did not end the session")
	}
	if s := tm.screen(); !strings.Contains(s, "Roundtable draws at most 300×100") {
		t.Errorf("the participant was not told their terminal was cut down:\n%s", s)
	}
}

// TestHubSeesTheRealAddress: the hub's failed-join limit counts each SSH
// participant at the SSH client's address, not at loopback: ten wrong
// codes sent to the hub by a local process do not keep SSH participants
// out, and ten wrong codes over SSH from one address do not keep out
// another (issue 11, defect 4).
func TestHubSeesTheRealAddress(t *testing.T) {
	// the clocks stand still, so a minute of blocking cannot pass during
	// the test however slow the machine
	clk := newClock()
	f := startWithHub(t, server.HostConfig{Now: clk.Now}, sshd.Config{Now: clk.Now})
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	for range 10 {
		if _, err := client.Dial(ctx, client.Config{URL: f.host.URL(), Code: "WRONG1"}); session.ErrorCode(err) != session.EFORBIDDEN {
			t.Fatalf("a wrong code at the hub: %v", err)
		}
	}
	_, err := client.Dial(ctx, client.Config{URL: f.host.URL(), Code: testCode, Name: "Local", Institution: "Loopback"})
	if session.ErrorCode(err) != session.ELIMIT {
		t.Fatalf("after ten wrong codes the hub let loopback in (%v); the test proves nothing", err)
	}

	tm := open(t, f.dialFrom(t, "127.0.0.2", testCode, nil), 80, 24)
	tm.join(t, "Aysel", "DOST")
	tm.inside(t)

	// ten wrong codes over SSH from 127.0.0.3 block it, not 127.0.0.4
	for i := range 10 {
		c := f.dialFrom(t, "127.0.0.3", "WRONG1", nil)
		if i < 9 {
			open(t, c, 80, 24).see(t, "not accepted")
		} else {
			open(t, c, 80, 24).see(t, "Too many attempts")
		}
		c.Close()
	}
	stderr := refusedShell(t, f.dialFrom(t, "127.0.0.3", testCode, nil))
	if !strings.Contains(stderr, "Too many attempts") {
		t.Errorf("after ten wrong codes 127.0.0.3 got: %q", stderr)
	}
	tm = open(t, f.dialFrom(t, "127.0.0.4", testCode, nil), 80, 24)
	tm.join(t, "Dmitry", "MinDigital")
	tm.inside(t)
	f.participants(t, func(ps []*session.Participant) bool { return len(ps) == 2 })
}
