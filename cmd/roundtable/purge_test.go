package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/server"
)

// sshEntries writes a participants file beside db with a key and a rejoin
// code in the session with join code code, and one in another session.
func sshEntries(t *testing.T, db, code string) {
	t.Helper()
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	entry := func(c, token string) map[string]any { return map[string]any{"code": c, "token": token, "saved": at} }
	file := map[string]any{
		"keys":   map[string]any{"SHA256:purgedkey\x1f" + code: entry(code, "key-token-purged"), "SHA256:otherkey\x1fOTHER": entry("OTHER", "key-token-other")},
		"rejoin": map[string]any{"ABCDEFGH": entry(code, "rejoin-token-purged")},
	}
	b, _ := json.Marshal(file)
	if err := os.WriteFile(sshStorePath(db), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestPurgeCommand (issue 15): purge refuses what it must (no session, an
// unknown one, one not exported, one a host holds, an answer that is not
// the id or title), and otherwise deletes the session for good, SSH
// entries included, leaving a tombstone that sessions shows and export and
// host refuse; in English and Azerbaijani.
func TestPurgeCommand(t *testing.T) {
	db := hostedDB(t)
	id := listed(t, db)[0].ID
	sshEntries(t, db, "EXP1")
	tests := []struct {
		name     string
		stdin    string
		args     []string
		wantCode int
		wantOut  string // in stderr or stdout
	}{
		{"no session", "", []string{"purge", "--db", db}, 2, "--session ID"},
		{"latest", "", []string{"purge", "--db", db, "--session", "latest"}, 2, "by its id"},
		{"unknown", "", []string{"purge", "--db", db, "--session", "nope"}, 1, "There is no session nope in"},
		{"unknown, az", "", []string{"purge", "--db", db, "--session", "nope", "--lang", "az"}, 1, "nope sessiyası yoxdur"},
		{"missing database", "", []string{"purge", "--db", filepath.Join(t.TempDir(), "x.db"), "--session", id}, 1, "there is no database"},
		{"not exported", id + "\n", []string{"purge", "--db", db, "--session", id}, 1, "has not been exported since its last event"},
		{"not exported, az", "", []string{"purge", "--db", db, "--session", id, "--yes", "--lang", "az"}, 1, "sonra ixrac olunmayıb"},
		{"export", "", []string{"export", "--db", db, "--session", id, "-o", filepath.Join(t.TempDir(), "r.md")}, 0, "Wrote the draft road map"},
		{"wrong answer", "Rəqəmsal\n", []string{"purge", "--db", db, "--session", id}, 1, "Not confirmed: nothing was purged"},
		{"no answer", "", []string{"purge", "--db", db, "--session", id}, 1, "Not confirmed"},
		{"no answer, az", "", []string{"purge", "--db", db, "--session", id, "--lang", "az"}, 1, "Təsdiq edilmədi"},
	}
	for _, tc := range tests {
		stdout, stderr, code := runCLIIn(t, tc.stdin, tc.args...)
		if code != tc.wantCode || !strings.Contains(stdout+stderr, tc.wantOut) {
			t.Fatalf("%s: exit %d, %q %q; want %d and %q", tc.name, code, stdout, stderr, tc.wantCode, tc.wantOut)
		}
		if r := listed(t, db)[0]; r.Purged != nil {
			t.Fatalf("%s purged the session", tc.name)
		}
	}

	// A running host holds it: refused, in both languages.
	lock, err := lockSession(db, id)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "is served by a running host", "az": "işləyən server aparır"} {
		_, stderr, code := runCLIIn(t, "", "purge", "--db", db, "--session", id, "--yes", "--lang", lang)
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, hostLockPath(db, id)) {
			t.Errorf("held, %s: exit %d, %q", lang, code, stderr)
		}
	}
	if r := listed(t, db)[0]; !r.Hosted || r.HostPID != os.Getpid() {
		t.Errorf("sessions does not say the session is hosted: %+v", r)
	}
	lock.release()

	// The title, in any letter case, confirms.
	stdout, stderr, code := runCLIIn(t, "rƏqƏmsal LİDERLİK\n", "purge", "--db", db, "--session", id)
	if code != 0 || !strings.Contains(stdout, "Purged session "+id) || !strings.Contains(stdout, "Removed 2 SSH keys") ||
		!strings.Contains(stderr, "1 idea · 4 events") || !strings.Contains(stderr, "Type the session's id or title") {
		t.Fatalf("purge: exit %d\n%s\n%s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(sshStorePath(db))
	if bytes.Contains(b, []byte("purged")) || !bytes.Contains(b, []byte("key-token-other")) {
		t.Errorf("the participants file after the purge:\n%s", b)
	}
	r := listed(t, db)[0]
	if r.Purged == nil || r.Ideas != 1 || r.Events != 4 || r.Code != "" {
		t.Errorf("tombstone %+v", r)
	}
	out, _, _ := runCLI(t, "sessions", "--db", db)
	if !strings.Contains(out, "purged ") {
		t.Errorf("the table does not say purged:\n%s", out)
	}

	// What needs the events says it was purged.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--db", db, "--session", id}, "was purged on"},
		{[]string{"export", "--db", db}, "was purged on"},
		{[]string{"export", "--db", db, "--lang", "az"}, "yalnız silinmə qeydi qalıb"},
		{[]string{"host", "--headless", "--addr", "127.0.0.1:0", "--db", db, "--session", id}, "only its tombstone is left"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 1 and %q", tc.args, code, stderr, tc.want)
		}
	}
	// Purging again scrubs again.
	stdout, stderr, code = runCLI(t, "purge", "--db", db, "--session", id)
	if code != 0 || !strings.Contains(stdout, "already purged") {
		t.Errorf("again: exit %d, %q %q", code, stdout, stderr)
	}
}

// TestPurgeForce: --force purges a session never exported, --yes without
// asking.
func TestPurgeForce(t *testing.T) {
	db := hostedDB(t)
	id := listed(t, db)[0].ID
	stdout, stderr, code := runCLI(t, "purge", "--db", db, "--session", id, "--force", "--yes", "--lang", "ru")
	if code != 0 || !strings.Contains(stdout, "Сессия "+id+" «Rəqəmsal liderlik» удалена") || strings.Contains(stderr, "Для подтверждения") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if r := listed(t, db)[0]; r.Purged == nil {
		t.Fatalf("not purged: %+v", r)
	}
}

// TestPurgeWithoutParticipantsNeedsNoExport: a session nobody joined and
// with no ideas has nothing to lose.
func TestPurgeWithoutParticipantsNeedsNoExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	h, err := server.StartHost(context.Background(), server.HostConfig{Addr: "127.0.0.1:0", DB: db, Title: "Empty"})
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	if _, stderr, code := runCLI(t, "purge", "--db", db, "--session", h.SessionID, "--yes"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
