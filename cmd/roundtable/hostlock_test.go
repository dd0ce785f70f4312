//go:build unix

package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestSessionLock (issue 15): a session's lock is held once; whoever asks
// next learns the holder's process id and the file; released, the file is
// gone; a file a killed host left is not held and can be taken.
func TestSessionLock(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	if held, err := sessionHeld(db, "s1"); held != nil || err != nil {
		t.Fatalf("no lock yet: %+v, %v", held, err)
	}
	l, err := lockSession(db, "s1")
	if err != nil {
		t.Fatal(err)
	}
	held, err := sessionHeld(db, "s1")
	if err != nil || held == nil || held.PID != os.Getpid() || held.Path != hostLockPath(db, "s1") {
		t.Fatalf("held: %+v, %v", held, err)
	}
	var again *heldError
	if _, err := lockSession(db, "s1"); !errors.As(err, &again) || again.PID != os.Getpid() {
		t.Fatalf("a second lock: %v", err)
	}
	other, err := lockSession(db, "s2")
	if err != nil {
		t.Fatalf("another session's lock: %v", err)
	}
	other.release()
	if err := l.release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(hostLockPath(db, "s1")); !os.IsNotExist(err) {
		t.Fatalf("the lock file stays after release: %v", err)
	}
	if held, err := sessionHeld(db, "s1"); held != nil || err != nil {
		t.Fatalf("after release: %+v, %v", held, err)
	}
	// A killed host's file: there, but nobody holds it.
	if err := os.WriteFile(hostLockPath(db, "s1"), []byte("99999\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if held, err := sessionHeld(db, "s1"); held != nil || err != nil {
		t.Fatalf("a stale file counts as held: %+v, %v", held, err)
	}
	l, err = lockSession(db, "s1")
	if err != nil {
		t.Fatalf("taking a stale lock: %v", err)
	}
	l.release()
}
