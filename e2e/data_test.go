package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/session"
)

// runBin runs the roundtable binary with args and stdin, and returns its
// stdout, stderr and exit code.
func runBin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(roundtableBin, args...)
	cmd.Env = append(withoutToken(os.Environ()), "LANG=C")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatalf("roundtable %v: %v", args, err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("roundtable %v: %v", args, err)
		}
	case <-time.After(startTimeout):
		cmd.Process.Kill()
		t.Fatalf("roundtable %v did not end within %v", args, startTimeout)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// sessionRow is what the test reads of `roundtable sessions --json`.
type sessionRow struct {
	ID, Title, Code string
	Participants    int
	Ideas           int
	Hosted          bool
	Purged          *time.Time
	Exported        *time.Time
}

func sessionRows(t *testing.T, db string) []sessionRow {
	t.Helper()
	out, stderr, code := runBin(t, "", "sessions", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("sessions: exit %d: %s", code, stderr)
	}
	var rows []sessionRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("sessions --json: %v\n%s", err, out)
	}
	return rows
}

// TestPurgeEndToEnd (issue 15) runs the data's life on the real binary: a
// host serves a session with a participant, whose session purge refuses
// while the host holds it and until it is exported; once exported and
// confirmed by its id, it is purged: the participant's name and idea are
// in neither the database file nor its write-ahead log, sessions shows the
// tombstone, and export and host on it say it was purged.
func TestPurgeEndToEnd(t *testing.T) {
	const (
		name = "Zümrüd Purgeyeva-Qxzw"
		org  = "Məlumatların Silinməsi Agentliyi Qxzw"
		idea = "Bu ideya silindikdən sonra fayllarda qalmamalıdır Qxzw"
	)
	h := startHost(t, "--title", "Data day")
	command(t, h.facilitator(t), session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	p := dialMember(t, h.URL, h.Code, name, org)
	st := waitState(t, p, "the ideas phase", func(s *session.State) bool { return s.Phase == session.PhaseIdeas })
	command(t, p, session.Command{Type: session.CmdPostIdea, Topic: st.Topics[0].ID, Text: idea})

	rows := sessionRows(t, h.DB)
	if len(rows) != 1 || !rows[0].Hosted || rows[0].Participants != 1 || rows[0].Ideas != 1 {
		t.Fatalf("sessions while the host runs: %+v", rows)
	}
	id := rows[0].ID
	if _, stderr, code := runBin(t, "", "purge", "--db", h.DB, "--session", id, "--yes", "--force"); code != 1 || !strings.Contains(stderr, "is served by a running host") {
		t.Fatalf("purge while the host runs: exit %d, %q", code, stderr)
	}
	p.Close()
	h.stop()

	if _, stderr, code := runBin(t, "", "purge", "--db", h.DB, "--session", id, "--yes"); code != 1 || !strings.Contains(stderr, "has not been exported") {
		t.Fatalf("purge before an export: exit %d, %q", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "roadmap.md")
	if _, stderr, code := runBin(t, "", "export", "--db", h.DB, "--session", id, "-o", out); code != 0 {
		t.Fatalf("export: exit %d, %q", code, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), idea) {
		t.Fatalf("the export lacks the idea:\n%s", b)
	}
	db, _ := os.ReadFile(h.DB)
	if !bytes.Contains(db, []byte(name)) {
		t.Fatalf("the name is not in the database file before the purge: the test cannot see it")
	}
	stdout, stderr, code := runBin(t, id+"\n", "purge", "--db", h.DB, "--session", id)
	if code != 0 || !strings.Contains(stdout, "Purged session "+id) || !strings.Contains(stderr, "1 participant · 1 idea") {
		t.Fatalf("purge: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{h.DB, h.DB + "-wal"} {
		b, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		for _, secret := range []string{name, org, idea, "Qxzw"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s still holds %q", f, secret)
			}
		}
	}
	rows = sessionRows(t, h.DB)
	if len(rows) != 1 || rows[0].Purged == nil || rows[0].Exported == nil || rows[0].Participants != 1 || rows[0].Code != "" {
		t.Fatalf("sessions after the purge: %+v", rows)
	}
	if _, stderr, code := runBin(t, "", "export", "--db", h.DB, "--session", id); code != 1 || !strings.Contains(stderr, "only its tombstone is left") {
		t.Errorf("export of the purged session: exit %d, %q", code, stderr)
	}
	if _, stderr, code := runBin(t, "", "host", "--headless", "--addr", "127.0.0.1:0", "--db", h.DB, "--session", id, "--lang", "az"); code != 1 || !strings.Contains(stderr, "yalnız silinmə qeydi qalıb") {
		t.Errorf("host on the purged session: exit %d, %q", code, stderr)
	}
}
