package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"roundtable/session"
)

// TestJoinOverSSH is issue 7's end-to-end test: a host serving SSH, two
// participants joining with the real OpenSSH client (80×24 and 120×40) and
// one with `roundtable join`. An idea posted over SSH appears on the
// others' screens, and a participant whose SSH connection drops comes back
// with the same key as the same participant, their idea still theirs.
func TestJoinOverSSH(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("no ssh client (.ci/run installs openssh-client)")
	}
	const (
		title = "Rəqəmsal Liderlik"
		idea  = "Vahid reyestr — единый реестр 🚀"
	)
	sshAddr := freeAddr(t)
	h := startHost(t, "--title", title, "--ssh", sshAddr)
	_, port, _ := net.SplitHostPort(sshAddr)

	// The host prints the command and the fingerprint ssh-keygen shows.
	out := h.output()
	if !strings.Contains(out, "ssh -p "+port+" "+h.Code+"@127.0.0.1") {
		t.Errorf("the host does not print the ssh command:\n%s", out)
	}
	fp, err := exec.Command("ssh-keygen", "-lf", h.DB+".ssh_host_ed25519_key").Output()
	if err != nil {
		t.Fatalf("ssh-keygen -l on the host key: %v", err)
	}
	if f := strings.Fields(string(fp)); len(f) < 2 || !strings.Contains(out, "fingerprint: "+f[1]) {
		t.Errorf("the host does not print the host key fingerprint %q:\n%s", fp, out)
	}

	keys := t.TempDir()
	aysel := sshJoin(t, termSize{80, 24}, sshKey(t, keys, "aysel"), port, "Aysel Məmmədova", "Rəqəmsal İnkişaf Nazirliyi")
	dmitry := sshJoin(t, termSize{120, 40}, sshKey(t, keys, "dmitry"), port, "Дмитрий Иванов", "Министерство цифрового развития")
	leyla := startTUI(t, termSize{100, 30}, nil, "join", h.Addr, "--code", h.Code, "--name", "Leyla", "--org", "DOST")
	for _, p := range []*termProc{aysel, dmitry, leyla} {
		p.waitFor(t, "3 people from 3 institutions", startTimeout)
		checkFrame(t, p, title, "● online")
	}
	if !aysel.colored() {
		t.Errorf("the SSH participant's screen has no colour")
	}

	fac := h.facilitator(t)
	online := func(n int) {
		t.Helper()
		if !poll(stepTimeout, func() bool { return len(fac.Online()) == n }) {
			t.Fatalf("%d participants online, want %d", len(fac.Online()), n)
		}
	}
	command(t, fac, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	for _, p := range []*termProc{aysel, dmitry, leyla} {
		p.waitFor(t, "Post your ideas under each topic", stepTimeout)
	}
	postIdea(t, aysel, idea)
	aysel.waitUntil(t, "the idea acknowledged", stepTimeout, func(s string) bool {
		return strings.Contains(s, "1 yours") && !strings.Contains(s, "⧗")
	})
	for _, p := range []*termProc{dmitry, leyla} {
		p.waitFor(t, idea, stepTimeout)
		checkFrame(t, p, title, "● online")
		checkIntact(t, p, idea)
	}

	// Aysel's connection drops; she connects again with the same key and
	// no code, and is the same participant: her idea is still hers.
	online(3)
	aysel.kill()
	online(2)
	back := startSSH(t, termSize{80, 24}, sshKey(t, keys, "aysel"), port, "aysel")
	s := back.waitFor(t, idea, startTimeout)
	if strings.Contains(s, "Your name") {
		t.Errorf("the returning key holder was asked who she is:\n%s", s)
	}
	back.waitFor(t, "1 yours", stepTimeout)
	checkFrame(t, back, title, "● online")
	online(3)
	if n := len(fac.State().Participants); n != 3 {
		t.Errorf("the hub has %d participants, want 3 (the returning one joined afresh?)", n)
	}
	for _, p := range []*termProc{back, dmitry, leyla} {
		if err := p.close(); err != nil {
			t.Errorf("quitting: %v", err)
		}
	}
}

// sshKey makes (once) an Ed25519 client key named name in dir and returns
// its path.
func sshKey(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// sshJoin connects with the join code as the user name and answers the
// name and institution form.
func sshJoin(t *testing.T, size termSize, key, port, name, org string, opts ...string) *termProc {
	t.Helper()
	p := startSSH(t, size, key, port, "E2ETEST", opts...)
	for _, step := range []struct{ field, answer string }{{"Your name", name}, {"Your institution", org}} {
		p.waitUntil(t, "focus on "+step.field, startTimeout, func(s string) bool {
			return regexp.MustCompile(`┃ ` + step.field).MatchString(s)
		})
		p.typeText(step.answer)
		p.waitFor(t, step.answer, stepTimeout)
		p.press("enter")
	}
	return p
}

// startSSH runs the OpenSSH client in a pseudo-terminal, as termProc does
// for roundtable, connecting to the host's SSH port as user with key; opts
// are more ssh options (e.g. "-b", "127.0.0.2" to connect from there).
func startSSH(t *testing.T, size termSize, key, port, user string, opts ...string) *termProc {
	t.Helper()
	home := t.TempDir()
	args := append([]string{"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
		"-i", key, "-p", port}, opts...)
	cmd := exec.Command("ssh", append(args, user+"@127.0.0.1")...)
	cmd.Dir = home
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TERM=xterm-256color", "LANG=C.UTF-8"}
	return startInPty(t, size, home, cmd)
}
