package sshd_test

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"roundtable/session"
	"roundtable/sshd"
)

// TestOnlyTheApp: everything but the app on a terminal is refused.
func TestOnlyTheApp(t *testing.T) {
	f := start(t, sshd.Config{})
	hub := f.host.Addr().String()
	tests := map[string]struct {
		try func(c *gossh.Client) error // nil error means it was allowed
	}{
		"local port forwarding": {func(c *gossh.Client) error {
			conn, err := c.Dial("tcp", hub)
			if err == nil {
				conn.Close()
			}
			return err
		}},
		"remote port forwarding": {func(c *gossh.Client) error {
			l, err := c.Listen("tcp", "127.0.0.1:0")
			if err == nil {
				l.Close()
			}
			return err
		}},
		"exec": {func(c *gossh.Client) error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Start("cat /etc/passwd")
		}},
		"subsystem": {func(c *gossh.Client) error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return s.RequestSubsystem("sftp")
		}},
		"agent forwarding": {func(c *gossh.Client) error {
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			return agent.RequestAgentForwarding(s)
		}},
		"direct-streamlocal": {func(c *gossh.Client) error {
			conn, err := c.Dial("unix", "/run/anything.sock")
			if err == nil {
				conn.Close()
			}
			return err
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := f.dial(t, testCode, nil)
			if err := tc.try(c); err == nil {
				t.Fatalf("%s was allowed", name)
			}
		})
	}
}

// TestNoPty: a shell without a terminal gets a clear message and exit 1.
func TestNoPty(t *testing.T) {
	f := start(t, sshd.Config{})
	s, err := f.dial(t, testCode, nil).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	s.Stderr = &stderr
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	err = s.Wait()
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if !strings.Contains(stderr.String(), "app for your terminal") || !strings.Contains(stderr.String(), testCode+"@") {
		t.Errorf("message without a terminal: %q", stderr.String())
	}
}

// TestWrongCodes: a wrong code as the user name or in the form is refused
// without reaching the hub, and too many from one address lock it out,
// even with the right code; login names do not count.
func TestWrongCodes(t *testing.T) {
	f := start(t, sshd.Config{MaxFailures: 3, FailWindow: time.Hour})
	// a login name is not a code: the form asks, nothing is counted
	for range 4 {
		tm := open(t, f.dial(t, "alice", nil), 80, 24)
		tm.focused(t, "Join code")
		if strings.Contains(tm.screen(), "not accepted") {
			t.Fatalf("a login name counted as a wrong code:\n%s", tm.screen())
		}
	}
	// two wrong codes as the user name, one in the form
	for range 2 {
		tm := open(t, f.dial(t, "NOTIT", nil), 80, 24)
		tm.see(t, `The join code "NOTIT" was not accepted`)
	}
	tm := open(t, f.dial(t, "alice", nil), 80, 24)
	tm.focused(t, "Join code")
	tm.typ("wrong-code\r")
	tm.see(t, "Too many attempts")

	// now even the right code is refused from this address
	stderr := refusedShell(t, f.dial(t, testCode, nil))
	if !strings.Contains(stderr, "Too many attempts") {
		t.Errorf("after too many wrong codes the right one got: %q", stderr)
	}
	f.participants(t, func(ps []*session.Participant) bool { return len(ps) == 0 })
}

// TestKeyHolderComesBack: a participant with a key who disconnects comes
// back as the same participant, without the form, whatever user name
// they give; another key is another person.
func TestKeyHolderComesBack(t *testing.T) {
	f := start(t, sshd.Config{})
	key := newKey(t)
	c := f.dial(t, testCode, key)
	tm := open(t, c, 80, 24)
	tm.join(t, "Aysel Məmmədova", "Rəqəmsal İnkişaf Nazirliyi")
	tm.see(t, "You are in")
	ps := f.participants(t, func(ps []*session.Participant) bool { return len(ps) == 1 })
	c.Close()

	tm = open(t, f.dial(t, "aysel", key), 120, 40)
	s := tm.see(t, "Welcome, Aysel Məmmədova")
	if strings.Contains(s, "Your name") {
		t.Errorf("the key holder was asked again:\n%s", s)
	}
	again := f.participants(t, func(ps []*session.Participant) bool { return len(ps) >= 1 })
	if len(again) != 1 || again[0].ID != ps[0].ID {
		t.Errorf("after reconnecting: %+v, want only %s", again, ps[0].ID)
	}
	info, err := os.Stat(f.dir + "/rt.db.ssh-participants.json")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("participants file: %v, mode %v; want 0600", err, info.Mode())
	}

	other := open(t, f.dial(t, testCode, newKey(t)), 80, 24)
	other.focused(t, "Your name")
}

// TestRejoinCode: a participant without a key is shown a rejoin code that
// brings them back as themself.
func TestRejoinCode(t *testing.T) {
	f := start(t, sshd.Config{})
	c := f.dial(t, "root", nil)
	tm := open(t, c, 80, 24)
	tm.focused(t, "Join code")
	tm.typ(strings.ToLower(testCode) + "\r")
	tm.join(t, "Дмитрий Иванов", "Министерство 🚀")
	s := tm.see(t, "rejoin code")
	m := regexp.MustCompile(`ssh -p \d+ ([A-Z0-9]{8})@127\.0\.0\.1`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no rejoin command on screen:\n%s", s)
	}
	tm.typ("\r")
	tm.see(t, "You are in")
	ps := f.participants(t, func(ps []*session.Participant) bool { return len(ps) == 1 })
	c.Close()

	tm = open(t, f.dial(t, m[1], nil), 80, 24)
	tm.see(t, "Welcome, Дмитрий Иванов")
	again := f.participants(t, func(ps []*session.Participant) bool { return len(ps) >= 1 })
	if len(again) != 1 || again[0].ID != ps[0].ID {
		t.Errorf("after the rejoin code: %+v, want only %s", again, ps[0].ID)
	}
}

// TestHostKeyKept: the host key is made once and kept.
func TestHostKeyKept(t *testing.T) {
	f := start(t, sshd.Config{})
	fp := f.ssh.Fingerprint()
	if !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("fingerprint %q", fp)
	}
	f.ssh.Close()
	s, err := sshd.Start(sshd.Config{Addr: "127.0.0.1:0", HubURL: f.host.URL(), Code: testCode,
		HostKeyPath: f.dir + "/rt.db.ssh_host_ed25519_key", StorePath: f.dir + "/rt.db.ssh-participants.json"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Fingerprint() != fp {
		t.Errorf("fingerprint changed across starts: %s then %s", fp, s.Fingerprint())
	}
}

// TestLimits: a session without input is closed with a note, and sessions
// beyond the maximum are refused with a message. The clock is fake, so the
// session is idle exactly when the test says so (issue 11, defect 16: a
// 300 ms real timeout raced the second dial under load).
func TestLimits(t *testing.T) {
	clk := newClock()
	f := start(t, sshd.WithIdleCheck(sshd.Config{MaxSessions: 1, IdleTimeout: time.Hour, Now: clk.Now}, 10*time.Millisecond))
	tm := open(t, f.dial(t, testCode, nil), 80, 24)
	tm.focused(t, "Your name")

	stderr := refusedShell(t, f.dial(t, testCode, nil))
	if !strings.Contains(stderr, "as many SSH participants as it can take") {
		t.Errorf("a session beyond the maximum got: %q", stderr)
	}
	select {
	case <-tm.done:
		t.Fatal("the session was closed before it was idle")
	default:
	}

	clk.Add(time.Hour)
	select {
	case <-tm.done:
	case <-time.After(waitFor):
		t.Fatal("an idle session was not closed")
	}
	if !strings.Contains(tm.screen(), "Closed after 60 minutes without input") {
		t.Errorf("no note on closing an idle session:\n%s", tm.screen())
	}
}

// refusedShell opens a terminal session that the server is expected to
// turn away, and returns what it wrote to stderr.
func refusedShell(t *testing.T, c *gossh.Client) string {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	s.Stderr = &stderr
	s.Shell()
	s.Wait()
	return stderr.String()
}
