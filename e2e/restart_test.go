package e2e

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// TestSameCommandContinuesAfterCrash is issue 11's defect 8 on the real
// binary: a facilitator starts the host with the README's command (no
// --code, no token), a participant joins, the host is killed with SIGKILL,
// and the SAME command is run again. It continues the session and says so:
// the same code, the participant's app comes back online and sends the idea
// typed while the host was down with no keystroke, the facilitator's
// console (token kept beside the database) reconnects, and `roundtable
// export` exports that session. Every file beside the database is 0600.
func TestSameCommandContinuesAfterCrash(t *testing.T) {
	const (
		title = "Rəqəmsal Liderlik — bərpa"
		idea1 = "Vahid reyestr — единый реестр"
		idea2 = "Oflayn yazılmış fikir 🚀"
	)
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "roundtable.db")
	h := startHostExact(t, addr, db, nil, "host", "--headless", "--addr", addr, "--db", db, "--title", title)
	first := h.output()
	id := regexp.MustCompile(`\(session (\w+), new session\)`).FindStringSubmatch(first)
	if id == nil {
		t.Fatalf("the first start does not say it made a new session:\n%s", first)
	}
	for _, want := range []string{
		"roundtable host --db " + db + " --addr " + addr + " --headless --code " + h.Code, // the resume hint
		"Log: " + db + ".log",
		"Facilitator token: kept in " + db + ".facilitator-token",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the first start does not print %q:\n%s", want, first)
		}
	}
	code := h.Code

	fac := h.facilitator(t)
	command(t, fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	aysel := startTUI(t, termSize{Cols: 100, Rows: 30}, nil, "join", addr, "--code", code, "--name", "Aysel Məmmədova", "--org", "Rəqəmsal İnkişaf Nazirliyi")
	aysel.waitFor(t, "Post your ideas under each topic", startTimeout)
	postIdea(t, aysel, idea1)
	aysel.waitUntil(t, "the idea acknowledged", stepTimeout, func(s string) bool {
		return strings.Contains(s, "1 yours") && !strings.Contains(s, "⧗")
	})

	// The host dies; Aysel types an idea while it is down.
	h.kill()
	aysel.waitFor(t, "offline", stepTimeout)
	postIdea(t, aysel, idea2)
	aysel.waitFor(t, "1 action waiting", stepTimeout)

	// The same command again.
	h.restart()
	h.readJoin()
	again := h.output()[len(first):]
	if h.Code != code {
		t.Fatalf("the restarted host has the join code %s; want %s", h.Code, code)
	}
	for _, want := range []string{
		"(session " + id[1] + ", continued)",
		"Continuing session " + id[1] + " " + quote(title) + ", still open in the ideas phase: same join code " + code,
		"Ignored --title",
	} {
		if !strings.Contains(again, want) {
			t.Errorf("the restarted host does not say %q:\n%s", want, again)
		}
	}
	s := aysel.waitUntil(t, "Aysel back online with nothing waiting", stepTimeout, func(s string) bool {
		return strings.Contains(s, "● online") && !strings.Contains(s, "waiting") && !strings.Contains(s, "⧗")
	})
	for _, idea := range []string{idea1, idea2} {
		if n := strings.Count(s, idea); n != 1 {
			t.Errorf("Aysel's screen shows %q %d times; want once:\n%s", idea, n, s)
		}
	}
	// The facilitator's client, dialled before the crash, is back with its
	// token: it was kept.
	if !poll(stepTimeout, func() bool { return fac.Status() == client.Online }) {
		t.Fatalf("the facilitator did not reconnect after the restart (status %v)", fac.Status())
	}
	command(t, fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup})

	aysel.close()
	h.stop()
	out, err := exec.Command(roundtableBin, "export", "--db", db).CombinedOutput()
	if err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	for _, want := range []string{title, id[1], idea1, idea2} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the export (latest) does not show %q:\n%s", want, out)
		}
	}
	for _, f := range []string{db, db + ".log", db + ".facilitator-token"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %v; want -rw-------", filepath.Base(f), m)
		}
	}
}

// TestFailedStartWritesNothing is defect 9 on the real binary: a host that
// cannot serve (its port or its SSH port in use, a TLS file that is not
// one) exits with the reason and leaves no database behind.
func TestFailedStartWritesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	bad := filepath.Join(t.TempDir(), "bad.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	tests := map[string]struct {
		args    []string
		want    string
		prepare func(db string) // files beside the database, before the start
	}{
		"port in use":     {args: []string{"--addr", busy.Addr().String()}, want: "address already in use"},
		"SSH port in use": {args: []string{"--addr", "127.0.0.1:0", "--ssh", busy.Addr().String()}, want: "listening for SSH"},
		"bad TLS file":    {args: []string{"--addr", "127.0.0.1:0", "--tls-cert", bad, "--tls-key", bad}, want: "TLS"},
		"bad SSH host key": {args: []string{"--addr", "127.0.0.1:0", "--ssh", "127.0.0.1:0"}, want: "SSH",
			prepare: func(db string) { os.WriteFile(db+".ssh_host_ed25519_key", []byte("not a key"), 0o600) }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "roundtable.db")
			if tc.prepare != nil {
				tc.prepare(db)
			}
			cmd := exec.Command(roundtableBin, append([]string{"host", "--headless", "--db", db}, tc.args...)...)
			cmd.Env = withoutToken(os.Environ())
			done := make(chan struct{})
			var out []byte
			go func() { out, err = cmd.CombinedOutput(); close(done) }()
			select {
			case <-done:
			case <-time.After(startTimeout):
				cmd.Process.Kill()
				<-done
				t.Fatalf("the host did not stop:\n%s", out)
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || !strings.Contains(string(out), tc.want) {
				t.Fatalf("exit %v; want a failure saying %q:\n%s", err, tc.want, out)
			}
			if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the failed start left a database (%v)", err)
			}
		})
	}
}

// TestTokenFromEnvironmentAndFile is defect 11's second half on the real
// binary: the facilitator token can be given without --token (which any
// user sees in `ps`): the host takes $ROUNDTABLE_TOKEN, and a co-facilitator's
// console takes --token-file or $ROUNDTABLE_TOKEN.
func TestTokenFromEnvironmentAndFile(t *testing.T) {
	const secret = "e2e-secret-facilitator-token"
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	db := filepath.Join(dir, "roundtable.db")
	h := startHostExact(t, addr, db, []string{"ROUNDTABLE_TOKEN=" + secret}, "host", "--headless", "--addr", addr, "--db", db)
	if h.Token != secret {
		t.Fatalf("the host uses the token %q; want the one in $ROUNDTABLE_TOKEN", h.Token)
	}
	if out := h.output(); !strings.Contains(out, "with $ROUNDTABLE_TOKEN set as now") {
		t.Errorf("the resume hint does not say the token comes from $ROUNDTABLE_TOKEN:\n%s", out)
	}
	size := termSize{Cols: 120, Rows: 40}
	for name, c := range map[string]struct {
		env  []string
		args []string
	}{
		"--token-file":      {nil, []string{"console", addr, "--token-file", file, "--code", h.Code}},
		"$ROUNDTABLE_TOKEN": {[]string{"ROUNDTABLE_TOKEN=" + secret}, []string{"console", addr, "--code", h.Code}},
	} {
		p := startTUI(t, size, c.env, c.args...)
		p.waitFor(t, "Join this session", startTimeout)
		p.press("q")
		p.waitFor(t, "Quit the console?", stepTimeout)
		p.typeText("y")
		if err := p.wait(exitTimeout); err != nil {
			t.Errorf("console with the token from %s: %v", name, err)
		}
	}
}
