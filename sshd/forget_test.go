package sshd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestForgetSession (issue 15): roundtable purge removes a session's SSH
// keys and rejoin codes from the participants file, and a server running
// for another session, which read the file before, does not write them
// back.
func TestForgetSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rt.db.ssh-participants.json")
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	purged, _ := openParticipantStore(path)
	purged.code = "GONE1"
	if err := purged.saveKey("SHA256:purgedkey", "GONE1", "token-of-the-purged", now); err != nil {
		t.Fatal(err)
	}
	if _, err := purged.newRejoin("GONE1", "rejoin-token-of-the-purged", now); err != nil {
		t.Fatal(err)
	}
	running, err := openParticipantStore(path) // reads GONE1's entries too
	if err != nil {
		t.Fatal(err)
	}
	running.code = "LIVE1"
	if err := running.saveKey("SHA256:livekey", "LIVE1", "token-of-the-live", now); err != nil {
		t.Fatal(err)
	}

	n, err := ForgetSession(path, "GONE1")
	if err != nil || n != 2 {
		t.Fatalf("ForgetSession: %d entries, %v; want 2", n, err)
	}
	if n, err := ForgetSession(path, "GONE1"); err != nil || n != 0 {
		t.Fatalf("again: %d, %v; want nothing to forget", n, err)
	}
	if _, err := running.newRejoin("LIVE1", "another-live-token", now); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"purgedkey", "token-of-the-purged", "GONE1"} {
		if strings.Contains(string(b), gone) {
			t.Errorf("%q is back in the participants file:\n%s", gone, b)
		}
	}
	for _, kept := range []string{"livekey", "token-of-the-live", "another-live-token"} {
		if !strings.Contains(string(b), kept) {
			t.Errorf("%q is missing from the participants file:\n%s", kept, b)
		}
	}
	if n, err := ForgetSession(filepath.Join(t.TempDir(), "none.json"), "X"); err != nil || n != 0 {
		t.Errorf("a missing file: %d, %v", n, err)
	}
}
